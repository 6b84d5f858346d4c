"""Which claims speak about which quantity: the rules the overview, timeline and map share."""

from __future__ import annotations

import datetime as dt

from emigre.model import Case, Claim

SINCE_START_SLACK = dt.timedelta(days=14)


def is_total(c: Claim) -> bool:
    """About everyone who left, to anywhere (not one country, not one group)."""
    return c.destination is None and c.group == "all"


def since_start(c: Claim, case: Case) -> bool:
    """A period that runs from the start of the case: its figure is a running total."""
    return c.start is None or c.start <= case.start + SINCE_START_SLACK


def cumulative_departures(c: Claim, case: Case) -> bool:
    return is_total(c) and c.measure == "flow" and since_start(c, case) and c.end is not None


def remaining_abroad(c: Claim) -> bool:
    return is_total(c) and c.measure == "stock" and c.end is not None


def in_period(c: Claim, start: dt.date, end: dt.date | None) -> bool:
    """A claim whose period ends inside [start, end]."""
    return c.end is not None and start <= c.end and (end is None or c.end <= end)


def spread(claims: list[Claim]) -> tuple[float, float] | None:
    """The lowest and highest figure the claims give (ranges count by both ends)."""
    lows = [c.low if c.qualifier == "range" else c.value for c in claims]
    highs = [c.high if c.qualifier == "range" else c.value for c in claims]
    lo = [v for v in lows if v is not None]
    hi = [v for v in highs if v is not None]
    if not lo or not hi:
        return None
    return float(min(lo)), float(max(hi))


def within(c: Claim, start: dt.date, end: dt.date | None) -> bool:
    """A claim about a period inside [start, end] (a week's slack at the start)."""
    return (
        c.start is not None and c.start >= start - dt.timedelta(days=7) and in_period(c, start, end)
    )


OVER_COUNTS = {
    "repeat_entries": "the same person at each crossing",
    "renewals": "the same person at each renewal",
    "short_visits": "visitors and trips too",
    "other_nationals": "people of other nationalities too",
    "earlier_residents": "people who were there before the case began too",
}
"""What a count takes in besides the movers the charts' lines count."""


def counted_otherwise(c: Claim) -> str | None:
    """Why a claim that counts something other than movers cannot stand on their line (the
    estimate reads it with an allowance for what it counts), or None."""
    counting = c.counting
    if counting is None:
        return None
    if counting.survey_share:
        return "a share from a survey, not a count"
    extra = [OVER_COUNTS[i] for i in counting.includes if i in OVER_COUNTS]
    if counting.unit != "people":
        extra.insert(0, f"counts {counting.unit}, not people")
    if extra:
        return "; ".join(extra) + " (the estimate allows for it; the chart's lines count movers)"
    return None
