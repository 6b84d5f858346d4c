"""What a source counts (Claim.counting): each rule read into the measurement model."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from emigre.estimate.evidence import interpret
from emigre.estimate.posterior import Posterior
from emigre.estimate.priors import Priors
from emigre.estimate.run import run
from emigre.model import Counting
from tests.estimate.helpers import START, by_date, claim, request

CALL_UP = dt.date(2022, 9, 21)
END = dt.date(2022, 12, 31)


def counted(value, counting: dict, **fields):  # type: ignore[no-untyped-def]
    return claim(value, counting=Counting(**counting), **fields)


def evidence(claims):  # type: ignore[no-untyped-def]
    req = request(claims, waves=[CALL_UP])
    return interpret(req.items, start=START, as_of=req.as_of, origin="RUS", priors=Priors())


COUNTED = [
    claim(300_000, end=dt.date(2022, 3, 31)),
    claim(100_000, qualifier="about", destination="GEO", end=dt.date(2022, 4, 5)),
    claim(60_000, measure="stock", destination="GEO", end=dt.date(2022, 12, 1)),
    counted(400_000, {"cohort_start": CALL_UP}, measure="stock", start=None, end=END, id="cohort"),
    counted(
        650_000,
        {"includes": ["other_nationals"], "baseline_per_year": 400_000},
        start=dt.date(2022, 1, 1),
        end=END,
    ),
    counted(
        50_000,
        {"includes": ["earlier_residents"], "baseline_per_year": 20_000, "unit": "documents"},
        measure="registration",
        destination="ARM",
        start=None,
        end=dt.date(2022, 11, 1),
    ),
    counted(30_000, {"min_stay_days": 90}, destination="ARM", end=dt.date(2022, 10, 31)),
    counted(20_000, {"min_stay_days": 183}, measure="stock", destination="GEO", start=None),
    counted(10, {"survey_share": "returned"}, measure="return", destination=None, end=END),
    counted(5, {"survey_share": "moved_onward"}, measure="flow", end=END),
]


@pytest.fixture(scope="module")
def post() -> Posterior:
    ev = evidence(COUNTED)
    assert all(s.used for s in ev.statuses), [s.reason for s in ev.statuses]
    return Posterior(ev, Priors(), [CALL_UP])


def test_gradient_matches_finite_differences(post):
    """Every counting rule's term (cohort survival, stay shares, baselines, shares) has the
    gradient the sampler relies on."""
    rng = np.random.default_rng(0)
    theta = post.initial()[None, :] + 0.4 * rng.standard_normal((2, post.layout.P))
    _, g = post.logp_grad(theta)
    h = 1e-6
    for j in range(post.layout.P):
        e = np.zeros(post.layout.P)
        e[j] = h
        fd = (post.logp_grad(theta + e)[0] - post.logp_grad(theta - e)[0]) / (2 * h)
        assert np.allclose(g[:, j], fd, rtol=1e-4, atol=1e-5), j


def _at(series: np.ndarray, day: float) -> float:
    weeks, rest = divmod(day, 7.0)
    n = int(weeks)
    return float(series[n] + (series[n + 1] - series[n]) * rest / 7.0)


def test_each_figure_is_what_its_source_counts(post):
    rng = np.random.default_rng(1)
    theta = post.initial() + 0.3 * rng.standard_normal(post.layout.P)
    st, m, u = post.predict(theta[None, :])
    lay, obs, s = post.layout, post.ev.observations, post.layout.slices
    X = st.X[0]
    stocks = X[[lay.row("stock", k) for k in range(lay.K1)]]
    lam = 1 / (1 + np.exp(-theta[s["rho"]]))
    lam_t = 1 / (1 + np.exp(-theta[s["rho_t"]][0]))
    phi = 1 / (1 + np.exp(-theta[s["psi"]]))

    i = next(k for k, o in enumerate(obs) if o.cohort_t0 is not None and o.share is None)
    o = obs[i]
    w = (o.t1 - o.cohort_t0) / 7
    expected = sum(
        _at(stocks[k], o.t1) - _at(stocks[k], o.cohort_t0) * (1 - lam[k]) ** w
        for k in range(lay.K1)
    )
    assert m[0, i] == pytest.approx(expected, rel=1e-9)

    i = next(k for k, o in enumerate(obs) if o.baseline and o.t0 is not None)
    o = obs[i]
    base = o.baseline * np.exp(theta[s["baseline"]][post.add_index[o.baseline_key]])
    assert o.baseline == pytest.approx(400_000 * 365 / 365.25)  # the whole of 2022
    assert m[0, i] == pytest.approx(_at(X[0], o.t1) + base, rel=1e-9)

    i = next(k for k, o in enumerate(obs) if o.min_stay_weeks and o.t0 is not None)
    o = obs[i]
    k = post.place_index["ARM"]
    w = 90 / 7
    share = phi[k] * (1 - lam_t) ** w + (1 - phi[k]) * (1 - lam[k]) ** w
    arr = X[lay.row("arrivals", k)]
    assert m[0, i] == pytest.approx(share * (_at(arr, o.t1) - _at(arr, o.t0)), rel=1e-9)

    i = next(k for k, o in enumerate(obs) if o.share == "returned")
    o = obs[i]
    # of the arrivals still abroad after 90 days (whom a survey of emigrants reaches), those
    # no longer abroad at its end
    stayed = sum(
        (phi[k] * (1 - lam_t) ** w + (1 - phi[k]) * (1 - lam[k]) ** w)
        * _at(X[lay.row("arrivals", k)], o.t1)
        for k in range(lay.K1)
    )
    gone = stayed - sum(_at(stocks[k], o.t1) for k in range(lay.K1))
    assert o.min_stay_weeks == pytest.approx(w)
    assert m[0, i] == pytest.approx(gone / stayed, rel=1e-9)
    assert u[0, i] == pytest.approx(np.log(gone / stayed), rel=1e-9)
    assert o.log_low == pytest.approx(np.log(0.10))


def test_documents_over_count_and_registrations_under_count(post):
    o = next(o for o in post.ev.observations if o.overcount)
    assert o.factor[:2] == ("coverage", "registration")
    assert o.overcount == ("bias", "ARM", "documents")
    i = post.ev.observations.index(o)
    assert post.bias_of[i] >= 0 and post.cover_of[i] >= 0
    j = post.layout.slices["bias"].start + post.bias_of[i]
    assert post.prior_mean[j] == pytest.approx(np.log(0.15))


def test_a_figure_that_includes_others_with_no_baseline_is_an_upper_bound():
    ev = evidence(
        [
            counted(650_000, {"includes": ["other_nationals"]}, end=END),
            counted(650_000, {"includes": ["other_nationals"]}, qualifier="at_least", end=END),
        ]
    )
    first, second = sorted(ev.statuses, key=lambda s: s.index)
    assert first.role == "upper_bound" and "upper bound" in first.reason
    assert not second.used and "says nothing" in second.reason


def test_a_total_and_its_parts_are_not_independent():
    day = dt.date(2022, 12, 1)
    total = claim(300_000, measure="stock", start=None, end=day, id="total")
    parts = [
        counted(100_000, {"part_of": "total"}, measure="stock", destination=d, start=None, end=day)
        for d in ("GEO", "ARM")
    ]
    ev = evidence([total, *parts])
    rest = ev.observations[ev.statuses[0].observation]
    assert rest.without == ("ARM", "GEO")
    assert np.exp(rest.log_low) == pytest.approx(100_000)
    assert rest.sigma == pytest.approx(0.2 * 3)  # the total's error, carried onto the rest
    assert "the rest" in ev.statuses[0].reason
    post = Posterior(ev, Priors(), [])
    lay = post.layout
    cols = {int(c) // (lay.T + 1) for c in post.indices[post.indptr[0] : post.indptr[1]]}
    assert cols == {lay.row("stock", k) for k in range(lay.K1)} - {
        lay.row("stock", post.place_index[p]) for p in ("ARM", "GEO")
    }
    exhausted = evidence(
        [
            total,
            *parts,
            counted(
                100_000,
                {"part_of": "total"},
                measure="stock",
                destination="KAZ",
                start=None,
                end=day,
            ),
        ]
    )
    status = min(exhausted.statuses, key=lambda s: s.index)
    assert not status.used and "account for it" in status.reason
    assert all(s.observation is not None for s in exhausted.statuses if s.used)
    assert len(exhausted.observations) == 3


def _fit(claims, as_of=END):  # type: ignore[no-untyped-def]
    return run(request(claims, as_of=as_of, waves=[CALL_UP])).estimate


DEPARTED = [
    claim(600_000, end=dt.date(2022, 9, 20)),
    claim(400_000, start=CALL_UP, end=END),
]


def test_a_cohort_stock_does_not_cap_everyone_abroad():
    """350,000 of the call-up's leavers still abroad says nothing against the 600,000 who
    left before it; read as everyone abroad it caps the total."""
    stock = {"value": 350_000, "measure": "stock", "start": None, "end": END}
    as_cohort = _fit([*DEPARTED, counted(counting={"cohort_start": CALL_UP}, **stock)])
    as_everyone = _fit([*DEPARTED, claim(**stock)])
    assert as_everyone.remaining_abroad.median < 450_000
    assert as_cohort.remaining_abroad.median > 650_000


def test_a_register_with_a_prewar_baseline_is_not_read_as_departures():
    """A register counting 650,000 departures in 2022 on a pre-war level of 400,000 a year
    speaks of about 250,000 emigrants, not 650,000."""
    register = {"value": 650_000, "start": dt.date(2022, 1, 1), "end": END}
    base = {"includes": ["other_nationals"], "baseline_per_year": 400_000}
    fit = _fit(
        [
            claim(100_000, qualifier="at_least", end=dt.date(2022, 3, 31)),
            counted(counting=base, **register),
        ]
    )
    left = by_date(fit.departures, END).median
    assert 150_000 < left < 450_000


def test_a_survey_share_of_returns_informs_the_return_parameters():
    as_of = dt.date(2023, 12, 31)
    departed = claim(900_000, end=as_of)
    survey = counted(10, {"survey_share": "returned"}, measure="return", end=as_of)
    prior_only = _fit([departed], as_of)
    told = _fit([departed, survey], as_of)
    fit = next(c for c in told.claims if c.index == 1)
    assert 0.05 < fit.predicted.median < 0.2  # of those who stayed three months or more
    assert prior_only.returned.median > 1.2 * told.returned.median


def test_a_baseline_covers_the_period_the_figure_counts():
    base = {"includes": ["other_nationals"], "baseline_per_year": 365_250}
    inside = counted(500_000, base, start=dt.date(2022, 7, 1), end=END)  # 184 days
    before = counted(500_000, base, start=dt.date(2022, 1, 1), end=END)  # 365 days
    ev = evidence([inside, before])
    got = [
        ev.observations[s.observation].baseline for s in sorted(ev.statuses, key=lambda s: s.index)
    ]
    assert got == [pytest.approx(184_000), pytest.approx(365_000)]


def test_a_restatement_is_counted_once_and_monthly_parts_leave_the_rest_of_the_year():
    year = claim(12_000, destination="USA", start=dt.date(2022, 3, 1), end=END, id="year")
    again = counted(12_000, {"part_of": "year"}, qualifier="about", destination="USA",
                    start=dt.date(2022, 3, 1), end=END)  # fmt: skip
    ev = evidence([year, again])
    assert [s.used for s in sorted(ev.statuses, key=lambda s: s.index)] == [True, False]
    assert "restates claim year" in ev.statuses[1].reason and len(ev.observations) == 1
    months = [
        counted(1_000, {"part_of": "year"}, destination="USA",
                start=dt.date(2022, m, 1), end=dt.date(2022, m + 1, 1) - dt.timedelta(days=1))
        for m in (3, 4, 5)
    ]  # fmt: skip
    ev = evidence([year, *months])
    rest = ev.observations[ev.statuses[0].observation]
    assert np.exp(rest.log_low) == pytest.approx(9_000)
    assert len(rest.minus) == 3 and "the rest of its period" in ev.statuses[0].reason
    post = Posterior(ev, Priors(), [])
    _, m, _ = post.predict(post.initial()[None, :])
    arrivals = post.process.forward(post.initial()[None, :]).X[0, post.layout.row("arrivals", 0)]
    june_on = _at(arrivals, rest.t1) - _at(
        arrivals, months[-1].end.toordinal() - START.toordinal() + 1
    )
    assert m[0, ev.statuses[0].observation] == pytest.approx(june_on, rel=1e-9)
