"""Waves the claims imply where no wave date is given: weeks where departures may jump.

A wave no one dated shows in the evidence as a short period whose departures, by what the
claims say, run at several times the rate of the period before or after it: 500,000 gone by
31 August and 900,000 by 5 October is 400,000 in five weeks, against 80,000 in the four
months before. A smooth process would spread such a jump over months and miss both figures.
So the weeks of such a period (and two after it, for the wave to end) get the wide
innovation of a dated wave's first week; every other week keeps the ordinary one.
"""

from __future__ import annotations

import itertools
import math

from emigre.estimate.evidence import Observation

RATIO = 3.0
"""Rates this many times apart between neighbouring periods mark a jump."""
SHORT_WEEKS = 8
"""Only a period this short or shorter can hold an undated wave (a long one is a level)."""


def _periods(obs: list[Observation]) -> list[tuple[float, float, float]]:
    """(start, end, people a day) of the periods the total-departure figures describe: each
    figure's own period, and between two figures from the same start, the difference."""
    plain = [
        o
        for o in obs
        if o.series == "departures"
        and o.place is None
        and o.t0 is not None
        and o.kind in ("point", "range")
        and not o.forecast
        and o.factor is None
        and o.baseline is None
        and o.cohort_t0 is None
        and o.share is None
    ]
    value = {id(o): math.exp(0.5 * (o.log_low + o.log_high)) for o in plain}
    out = [(o.t0, o.t1, value[id(o)] / (o.t1 - o.t0)) for o in plain if o.t1 > o.t0]
    starts: dict[float, list[Observation]] = {}
    for o in plain:
        starts.setdefault(round(o.t0 or 0.0), []).append(o)
    for same in starts.values():
        same.sort(key=lambda o: o.t1)
        for a, b in itertools.pairwise(same):
            gain = value[id(b)] - value[id(a)]
            if b.t1 - a.t1 >= 7 and gain > 0:
                out.append((a.t1, b.t1, gain / (b.t1 - a.t1)))
    return [p for p in out if p[2] > 0]  # type: ignore[misc]


def jump_weeks(obs: list[Observation], T: int) -> set[int]:
    """Weeks (1..T-1) in which the weekly deviation may jump, from the claims alone."""
    periods = _periods(obs)
    weeks: set[int] = set()
    for a0, a1, ra in periods:
        if a1 - a0 > 7 * SHORT_WEEKS:
            continue
        for b0, b1, rb in periods:
            touching = abs(b1 - a0) <= 7 or abs(a1 - b0) <= 7
            if touching and b1 - b0 > a1 - a0 and ra > RATIO * rb:
                first, last = int(a0 // 7), int(a1 // 7) + 2
                weeks.update(n for n in range(first, last + 1) if 1 <= n < T)
                break
    return weeks
