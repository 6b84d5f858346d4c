"""The prior beliefs of the measurement model, with defaults that docs/method.md justifies.

Every number here is a modelling choice a reader may disagree with, so all of them can be
overridden: per case (``src/emigre/cases/<case>/priors.yaml``) or per run (``--priors FILE``).
Overrides are partial YAML mappings merged over the defaults.
"""

from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from emigre.errors import InputError, describe_validation


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class LogNormal(_Strict):
    """A positive quantity: its median, and the spread of its logarithm."""

    median: float = Field(..., gt=0)
    log_sd: float = Field(..., gt=0)

    @property
    def loc(self) -> float:
        return math.log(self.median)

    @property
    def scale(self) -> float:
        return self.log_sd


class LogitNormal(_Strict):
    """A fraction between 0 and 1: its median, and the spread of its logit."""

    median: float = Field(..., gt=0, lt=1)
    logit_sd: float = Field(..., gt=0)

    @property
    def loc(self) -> float:
        return math.log(self.median / (1 - self.median))

    @property
    def scale(self) -> float:
        return self.logit_sd


PERSISTENCE_LOGIT_SD = 1.0


class Departures(_Strict):
    """Log weekly departures = a slowly drifting baseline + wave deviations that fade."""

    baseline_weekly: LogNormal = Field(
        LogNormal(median=5000, log_sd=2.0),
        description="People leaving per week, apart from waves, at the case start",
    )
    baseline_step_sd: float = Field(0.05, gt=0, description="Weekly drift of the log baseline")
    initial_excess: float = Field(
        2.0, gt=0, description="Spread of the first week's log departures around the baseline"
    )
    persistence: LogitNormal = Field(
        LogitNormal(median=0.8, logit_sd=PERSISTENCE_LOGIT_SD),
        description="Share of a wave's log deviation carried into the next week (0.8: halves "
        "in about three weeks), learnt for each wave; a bare number sets its median",
    )
    step_sd: float = Field(
        0.25, gt=0, description="Spread of the weekly innovation of the wave deviation"
    )
    wave_step_sd: float = Field(
        2.0, gt=0, description="Spread of that innovation in a week a case wave starts"
    )
    innovation_df: float = Field(
        0.0,
        ge=0,
        description="Degrees of freedom of the weekly innovation (Student-t), outside the "
        "weeks a case wave starts: small values let the claims start a wave in any week; 0 "
        "makes it Gaussian",
    )

    @field_validator("persistence", mode="before")
    @classmethod
    def _bare_persistence(cls, value: Any) -> Any:
        """`persistence: 0.9` (the form before it was learnt) sets the prior median."""
        if isinstance(value, int | float) and not isinstance(value, bool):
            if not 0 < value < 1:
                raise ValueError("persistence must lie between 0 and 1")
            return {"median": value, "logit_sd": PERSISTENCE_LOGIT_SD}
        return value


class Shares(_Strict):
    ratio_to_other: LogNormal = Field(
        LogNormal(median=0.35, log_sd=2.0),
        description="A named destination's arrivals relative to all unnamed ones together",
    )
    knot_weeks: int = Field(13, ge=2, description="Weeks between knots of the shares over time")
    ratio_to_other_by_destination: dict[str, LogNormal] = Field(
        default_factory=dict, description="Per-destination overrides (alpha-3 code -> prior)"
    )
    knot_step_sd: float = Field(
        0.5, gt=0, description="Change of a log ratio over knot_weeks (a random walk)"
    )
    wave_knot_step_sd: float = Field(
        1.0, gt=0, description="Change of a log ratio in the week a case wave starts"
    )


class Stay(_Strict):
    transient_fraction: LogitNormal = Field(
        LogitNormal(median=0.3, logit_sd=1.2),
        description="Share of a destination's first arrivals who only pass through or stay briefly",
    )
    transient_weekly_rate: LogitNormal = Field(
        LogitNormal(median=0.2, logit_sd=0.7),
        description="Weekly chance that a transient arrival leaves (0.2: five weeks on average)",
    )
    settled_weekly_rate: LogitNormal = Field(
        LogitNormal(median=0.005, logit_sd=1.0),
        description="Weekly chance that a settled arrival leaves (0.005: four years on average)",
    )
    transient_fraction_by_destination: dict[str, LogitNormal] = Field(
        default_factory=dict, description="Per-destination overrides (alpha-3 code -> prior)"
    )
    settled_weekly_rate_by_destination: dict[str, LogitNormal] = Field(
        default_factory=dict, description="Per-destination overrides (alpha-3 code -> prior)"
    )
    onward_fraction: LogitNormal = Field(
        LogitNormal(median=0.4, logit_sd=1.0),
        description="Share of leaving transients who move on to another country, not home",
    )


class Measurement(_Strict):
    noise: dict[str, float] = Field(
        default_factory=lambda: {
            "flow": 0.1,
            "stock": 0.2,
            "registration": 0.2,
            "application": 0.3,
            "return": 0.25,
            "forecast": 0.5,
        },
        description="Log-scale noise of an exact figure of each measure",
    )
    about_factor: float = Field(2.0, ge=1, description="'about' multiplies the noise by this")
    bound_sd: float = Field(
        0.1,
        gt=0,
        description="Slack of a bound (at least, at most, range ends), logistic scale of the "
        "log: a bound from prose is soft ('more than 100,000' is itself rounded), not a wall",
    )
    downweight: dict[str, float] = Field(
        default_factory=lambda: {
            "unverified": 2.0,
            "dated": 1.5,
            "broken_citation": 1.5,
            "derived": 2.0,
            "uncited": 1.5,
            "vague": 2.0,
            "disputed": 2.0,
            "origin_unstated": 1.5,
        },
        description="Noise multipliers for flags and review states that make a figure weaker",
    )
    entry_excess: LogNormal = Field(
        LogNormal(median=1.0, log_sd=1.5),
        description="Border entries over-count arrivals by the factor 1 + this",
    )
    entry_excess_per: Literal["claim", "destination"] = Field(
        "destination",
        description="Whether each entry count has its own over-count, or one per destination",
    )
    entry_excess_by_destination: dict[str, LogNormal] = Field(
        default_factory=dict, description="Per-destination overrides (alpha-3 code -> prior)"
    )
    document_excess: LogNormal = Field(
        LogNormal(median=0.15, log_sd=1.0),
        description="Documents (permits with their renewals, several per person) over-count "
        "the people holding them by the factor 1 + this",
    )
    baseline_factor: LogNormal = Field(
        LogNormal(median=1.0, log_sd=0.3),
        description="The stated pre-war level of a series, times this, is what it counts "
        "besides the emigrants",
    )
    coverage: dict[str, LogitNormal] = Field(
        default_factory=lambda: {
            "registration": LogitNormal(median=0.5, logit_sd=1.2),
            "application": LogitNormal(median=0.3, logit_sd=1.5),
        },
        description="Share of arrivals (or of those present) an administrative count covers",
    )
    outlier_probability: float = Field(
        0.001, gt=0, lt=0.5, description="Prior chance that a figure is simply wrong"
    )
    outlier_log_sd: float = Field(1.5, gt=0)
    missing_end_factor: float = Field(
        3.0, ge=1, description="Noise multiplier for a stock with no date at all"
    )

    def overcount_prior(self, place: str, unit: str) -> LogNormal:
        """The excess prior of an over-count: documents or border entries (crossings)."""
        if unit == "documents":
            return self.document_excess
        return self.entry_excess_by_destination.get(place, self.entry_excess)


class Priors(_Strict):
    departures: Departures = Departures()
    shares: Shares = Shares()
    stay: Stay = Stay()
    measurement: Measurement = Measurement()

    def digest(self) -> str:
        """A stable hash, so cached estimates are redone when a prior changes."""
        blob = json.dumps(self.model_dump(mode="json"), sort_keys=True)
        return hashlib.sha256(blob.encode()).hexdigest()[:16]


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def load_priors(*paths: Path | None) -> Priors:
    """The defaults, with each existing override file merged over them in order."""
    from emigre.cases.files import _LINES, _strip_lines, read_yaml

    data: dict[str, Any] = Priors().model_dump(mode="json")
    for path in paths:
        if path is None:
            continue
        path = Path(path)
        doc = read_yaml(path)  # names the line of a syntax error or of a key given twice
        lines: dict[str, int] = doc.get(_LINES, {}) if isinstance(doc, dict) else {}
        raw = _strip_lines(doc)
        if raw is None:
            continue
        if not isinstance(raw, dict):
            raise InputError("expected a mapping of prior settings", file=str(path), line=1)
        try:
            Priors.model_validate(_merge(data, raw))
        except ValidationError as exc:
            field, message = describe_validation(exc)
            line = lines.get((field or "").split(".")[0])
            raise InputError(message, file=str(path), line=line, field=field) from exc
        data = _merge(data, raw)
    return Priors.model_validate(data)
