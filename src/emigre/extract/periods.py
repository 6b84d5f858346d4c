"""Which period a figure takes: the time phrase that governs it, else what the text said before.

A figure's own clause names its time first ("in 2023, 29,815; in the first half of 2024,
31,924"); a figure inside a comparison takes the comparison's time ("more than the year before,
when 89,200 left"); a forecast keeps its horizon beyond the publication. A figure whose sentence
names no time leans on the figures before it, except a count of people present or of records
held (a stock; a registration the paragraph names no time for): that is "as of" the day it
is reported, unless the text is still on the same figures (the same measure in the same
paragraph, or a part of the figure before: "of these", "из них", "de estos").
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from emigre.extract import dates as D
from emigre.extract import lang
from emigre.extract.lang import rule
from emigre.extract.quantities import Quantity

_ADDITIONAL = rule("additional", re.IGNORECASE)
_TOTAL = rule("total", re.IGNORECASE)
_PART_OF = rule("part_of", re.IGNORECASE)
_COMPARE = re.compile(rf"\b(?:{lang.alternation('dates.compare')})(?!\w)", re.IGNORECASE)
_AS_OF = ("stock", "registration")
"""Measures counted at a day (people present, records held), not over a period."""


@dataclass
class Before:
    """What the reader knows of earlier figures when a figure names no time of its own."""

    prev: D.Period | None = None  # the figure before, in the same sentence
    para: D.Period | None = None  # the last period the paragraph named
    para_claim: D.Period | None = None  # the last figure's, if it was in this paragraph
    last: D.Period | None = None  # the last figure's in this section
    last_measure: str | None = None  # and its measure


def _between(times: list[D.TimeExpr], a: int, b: int) -> list[D.TimeExpr]:
    return [t for t in times if a <= t.start and t.end <= b + 1]


def _length(p: D.Period | None) -> int | None:
    if p is None or p.start is None or p.end is None:
        return None
    return (p.end - p.start).days


def _inside_comparison(text: str, s: int, q: Quantity, times: list[D.TimeExpr]) -> list[D.TimeExpr]:
    """A figure after "than" is the yardstick's: the times after "than" are its own."""
    if not any(t.role == "compare" for t in times):
        return times
    marks = list(_COMPARE.finditer(text, s, q.start))
    if not marks:
        return times
    mark = marks[-1].start()
    return [
        dataclasses.replace(t, role=t.plain_role or "in")
        if t.role == "compare" and t.start > mark
        else t
        for t in times
    ]


def period_for(
    text: str, q: Quantity, scope: tuple[int, int, int], clause_end: int,
    times: list[D.TimeExpr], ctx: D.TimeContext, before: Before, measure: str,
) -> D.Period | None:  # fmt: skip
    """The period of one figure: its clause's time, else the sentence's, else the context's.

    scope is (end of the figure before, start of the next, start of the sentence)."""
    lo, hi, s = scope
    forecast = measure == "forecast"
    # when it was said counts only when the sentence says nothing else ("..., she said on Monday")
    dated = [t for t in times if t.role not in ("report", "event")] or times
    own = (
        _between(dated, q.end, clause_end)
        or _between(dated, lo, q.start)
        or _between(dated, q.end, hi)
    )  # the figure's clause first: "in 2023, 29,815; in the first half of 2024, 31,924"
    if any(t.contextual for t in own):
        # "the same period a year earlier": read again now that earlier figures are known
        own = D.find_times(text, lo, hi, ctx)
    own = _inside_comparison(text, s, q, own)
    context = before.prev or before.para or before.last
    if own:
        period = D.period_of(own, ctx, forecast=forecast)
        if own[0].duration and len(own) == 1 and context is not None and not forecast:
            # "in just one month", "in a six-month period": the month the text is about
            want, have = _length(period), _length(context)
            if want and have and abs(have - want) <= 0.25 * want + 3:
                return context
        if period is not None and (period.start or period.end):
            return period
    if before.prev is not None:
        return before.prev
    if times:
        period = D.period_of(_inside_comparison(text, s, q, times), ctx, forecast=forecast)
        if period is not None and (period.start or period.end):
            return period
    if (
        measure in _AS_OF and ctx.now is not None
        and (measure == "stock" or before.para is None)  # "were registered last year. 3,224 ..."
        and not _same_figures(text, s, q, before, measure)
    ):  # fmt: skip
        return D.Period(None, ctx.now)  # "60,000 are still there": as of the report
    if context is not None:
        return context
    if ctx.now is not None:
        return D.Period(None, ctx.now)
    return None


def _same_figures(text: str, s: int, q: Quantity, before: Before, measure: str) -> bool:
    """Is the text still on the figures before ("of these, 6 million are in ...", the same
    measure in the same paragraph, or as of the same day)?"""
    if before.last is None:
        return False
    if _PART_OF.search(text, s, q.start) or _PART_OF.match(text, q.end + 1, q.end + 16):
        return True  # "of these, 6 million ...", "20,000 of them stayed"
    if before.last_measure != measure:
        return False
    return before.para_claim is not None or before.last.start is None


def complete_start(
    text: str, q: Quantity, lo: int, times: list[D.TimeExpr], period: D.Period | None,
    prev: D.Period | None, earlier_starts: list[D.Period | None],
) -> D.Period | None:  # fmt: skip
    """Fill a period's start the sentence gives elsewhere: "following the invasion ... by March",
    "an additional 400,000" (after the figure before), "for a total of" (from the first)."""
    if period is None or period.start is not None or period.end is None:
        return period
    start = None
    left = text[max(lo, q.start - 30) : q.start]
    if prev is not None and _ADDITIONAL.search(left):
        start = prev.end
    elif _TOTAL.search(text, lo, q.start) and earlier_starts:
        starts = [p.start for p in earlier_starts if p and p.start]
        start = min(starts) if starts else None
    if start is None:
        opening = [t for t in times if t.start < q.start and t.role in ("since", "after", "from")]
        if opening and opening[0].period.start:
            start = opening[0].period.start
    if start is None or start > period.end:
        return period
    return D.Period(start, period.end)
