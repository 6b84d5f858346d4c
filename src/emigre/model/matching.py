"""When two claims report the same thing, and when they cannot both be true.

Used at ingest time, before any estimate exists; the estimator's contradiction check is the
statistical one (docs/method.md).
"""

from __future__ import annotations

import datetime as dt
import math

from emigre.model.claim import Claim

# Reports of one figure drift by a few days (a publication date, "late February").
DATE_SLACK = dt.timedelta(days=7)
# How far apart two figures for the same thing may be before we call it a conflict.
CONFLICT_FACTOR = 1.5


def _dates_agree(a: dt.date | None, b: dt.date | None) -> bool:
    return a is None or b is None or abs(a - b) <= DATE_SLACK


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 0.01 * max(abs(a), abs(b), 1.0)


def same_report(a: Claim, b: Claim) -> bool:
    """The same figure read twice: number, qualifier, measure, place, group and period agree
    (dates within a week; an unknown date or origin agrees with any), and they share a source
    or a document."""
    if (a.qualifier, a.measure, a.destination, a.group) != (
        b.qualifier,
        b.measure,
        b.destination,
        b.group,
    ):
        return False
    if a.origin and b.origin and a.origin != b.origin:  # an unread origin agrees with any
        return False
    if not (_close(a.value, b.value) and _close(a.low, b.low) and _close(a.high, b.high)):
        return False
    if not (_dates_agree(a.start, b.start) and _dates_agree(a.end, b.end)):
        return False
    doc_a = a.found_in.document if a.found_in else None
    doc_b = b.found_in.document if b.found_in else None
    return bool(set(a.source_ids) & set(b.source_ids)) or (doc_a is not None and doc_a == doc_b)


def bounds(c: Claim) -> tuple[float, float]:
    """The interval a claim allows for the true figure, read from its qualifier."""
    if c.qualifier == "range":
        return float(c.low or 0), float(c.high or 0)
    v = float(c.value or 0)
    return {
        "exact": (v, v),
        "about": (v, v),
        "at_least": (v, math.inf),
        "at_most": (0.0, v),
    }[c.qualifier]


def _period_slack(a: Claim, b: Claim) -> dt.timedelta:
    """How far the ends of two periods may drift and still be one period: a few days, but no
    more than a quarter of the longer one (one day is not the week that starts on it)."""
    spans = [
        (c.end - c.start).days + 1 for c in (a, b) if c.start is not None and c.end is not None
    ]
    if not spans:
        return DATE_SLACK
    return min(DATE_SLACK, dt.timedelta(days=max(spans) // 4))


def conflict_reason(new: Claim, old: Claim) -> str | None:
    """Why two claims about the same measure, place, group and period disagree, or None.

    Both periods must be known and match within a week, or a quarter of the longer period if
    that is less (an unknown start is not the same period as a known one); the figures
    conflict when the intervals their qualifiers allow are more than CONFLICT_FACTOR apart.
    """
    if (new.measure, new.origin, new.destination, new.group) != (
        old.measure,
        old.origin,
        old.destination,
        old.group,
    ):
        return None
    slack = _period_slack(new, old)
    for a, b in ((new.start, old.start), (new.end, old.end)):
        if (a is None) != (b is None) or (a is not None and b is not None and abs(a - b) > slack):
            return None
    if new.end is None:
        return None
    lo_n, hi_n = bounds(new)
    lo_o, hi_o = bounds(old)
    if lo_n > CONFLICT_FACTOR * hi_o or lo_o > CONFLICT_FACTOR * hi_n:
        return f"{new.central:,.0f} vs {old.central:,.0f} for the same measure, place and period"
    return None
