"""Where a country's claims go on its chart: only where they measure what the axis shows.

The chart's axis counts people: arrivals since the start (a running total) and people present
(the stock). A running total sits on the arrivals line, a stock on the stock line; a flow over
part of the period is a segment from the running total at its start to that plus its figure
(placed with the estimate), and anything else is listed with the reason it is not drawn.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from emigre.model import Case, Claim
from emigre.web.estimates import EstimateView, PlaceEstimate
from emigre.web.views import select
from emigre.web.views.evidence import Evidence
from emigre.web.views.links import Links
from emigre.web.views.text import number_text
from emigre.web.views.timeline import marker

POINT_MEASURES = ("stock", "registration", "application")
"""Counts as of a date: registrations and applications pile up like a stock does."""


@dataclass
class Placed:
    points: list[dict[str, Any]] = field(default_factory=list)
    """Claims drawn as a mark at their end date."""
    periods: list[dict[str, Any]] = field(default_factory=list)
    """Flows over part of the period, drawn as a segment over it."""
    off: list[tuple[Claim, str]] = field(default_factory=list)
    """Claims not drawn, with the reason."""


def why_not_drawn(c: Claim, case: Case) -> str | None:
    """The reason a claim cannot stand on a count-of-people axis, or None if it can."""
    if c.end is None:
        return "no date"
    if c.state == "rejected":
        return "rejected in review"
    if c.measure == "forecast":
        return "a forecast, not a count"
    if c.measure == "return":
        return "counts people who came back, which this chart does not show"
    if c.measure == "flow" and not select.since_start(c, case) and c.start == c.end:
        return "a figure for one day (a daily rate), not a running total"
    if c.end < case.start:
        return "about the time before the case began (a level to compare with)"
    return select.counted_otherwise(c)


def place_country(
    ev: Evidence,
    est: EstimateView | None,
    links: Links,
    claims: list[Claim],
    place: PlaceEstimate | None,
) -> Placed:
    out = Placed()
    case = ev.case
    values = [float(c.high or c.value or 0) for c in claims if c.end is not None]
    span = max(values, default=1.0) or 1.0
    for c in claims:
        why = why_not_drawn(c, case)
        if why is not None:
            out.off.append((c, why))
            continue
        if c.measure in POINT_MEASURES or select.since_start(c, case):
            out.points.append(marker(ev, c, c.central, links, est, span))
            continue
        # A flow over part of the period: from the running total at its start, upwards.
        base = place.at("arrivals", c.start) if place and c.start else None
        if base is None:
            out.off.append(
                (c, "covers part of the period only; the estimate is needed to place it")
            )
            continue
        row = marker(ev, c, base.median + c.central, links, est, span, implied=True)
        assert c.start is not None
        row |= {"date0": c.start.isoformat(), "y0": base.median}
        out.periods.append(row)
    return out


def mostly_prior(claims: list[Claim]) -> str | None:
    """When only bounds speak about a country, what they say ('at least 3,000 (pregnant
    women)'): its band then comes mostly from the model's priors. None otherwise."""
    used = [c for c in claims if c.state == "accepted" and c.measure in ("flow", "stock")]
    if not used or any(c.qualifier not in ("at_least", "at_most") for c in used):
        return None
    said = [
        number_text(c) + (f" ({c.group.replace('_', ' ')})" if c.group != "all" else "")
        for c in used
    ]
    return ("a bound, " if len(said) == 1 else "bounds, ") + "; ".join(said) + ","


def domain(rows: list[dict[str, Any]], series: list[dict[str, Any]]) -> tuple[str, str]:
    """The chart's dates, at least three months wide so its axis always reads as months."""
    dates = [dt.date.fromisoformat(d) for r in rows for d in (r.get("date0"), r["date"]) if d]
    dates += [dt.date.fromisoformat(r["date"]) for r in series]
    first, last = min(dates), max(dates)
    pad = dt.timedelta(days=max(15, -(-(92 - (last - first).days) // 2)))
    return (first - pad).isoformat(), (last + pad).isoformat()
