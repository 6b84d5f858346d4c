"""Undated waves found from the claims: the weeks where departures may jump."""

from __future__ import annotations

import datetime as dt

from emigre.estimate.changes import jump_weeks
from emigre.estimate.evidence import interpret
from emigre.estimate.priors import Priors
from tests.estimate.helpers import START, claim, request

TOTALS = [(dt.date(2022, 8, 31), 500_000), (dt.date(2022, 10, 5), 900_000)]


def _weeks(figures: list[tuple[dt.date, int]]) -> list[dt.date]:
    req = request([claim(v, end=end) for end, v in figures])
    ev = interpret(req.items, start=START, as_of=req.as_of, origin="RUS", priors=Priors())
    return [START + dt.timedelta(days=7 * n) for n in sorted(jump_weeks(ev.observations, 45))]


def test_a_short_period_far_above_the_one_before_holds_a_wave():
    weeks = _weeks(TOTALS)
    assert weeks[0] <= dt.date(2022, 9, 1) and weeks[-1] >= dt.date(2022, 10, 6)
    assert all(dt.date(2022, 8, 20) <= w <= dt.date(2022, 10, 25) for w in weeks)


def test_figures_at_a_steady_rate_hold_none():
    assert _weeks([(dt.date(2022, 8, 31), 500_000), (dt.date(2022, 10, 5), 540_000)]) == []
