"""A scenario driven by a real (tiny) estimate: departures, ensembles, the fit and what counts
as an arrival on both sides, the what-if, calibration, and the table used without an estimate.

The estimate is emigre.estimate itself, run on four claims with a short sampler (about two
seconds, once per module); nothing about it is mocked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from emigre.errors import InputError
from emigre.estimate import Settings, figure_samples
from emigre.model.estimate import Interval
from emigre.simulate.engine import Simulation
from emigre.simulate.estimated import (
    DestinationTarget,
    EstimateDriver,
    Targets,
    Totals,
    departure_jobs,
    driver_for_request,
    fit_runs,
    prepare,
    return_places,
)
from emigre.simulate.fit import calibrate_to_estimate
from emigre.simulate.own_format import read_own_scenario
from emigre.simulate.scenario_run import compare
from tests.estimate.helpers import claim, request

START, END = dt.date(2022, 2, 24), dt.date(2022, 6, 30)

SCENARIO = """
name: small
start: 2022-02-24
end: 2022-06-30
directed: true
rules: {camp_movechance: 0.01, conflict_weight: 0.01, insert_day0: false}
places:
  - {name: Home, kind: origin, country: RUS, population: 1000, assumption: "test"}
  - {name: Gate, kind: crossing, country: RUS, assumption: "test"}
  - {name: Air, kind: airport, country: RUS, assumption: "test"}
  - {name: Georgia, kind: destination, country: GEO, movechance: 0.05, assumption: "test"}
  - {name: Armenia, kind: destination, country: ARM, assumption: "test"}
  - {name: Elsewhere, kind: destination, country: other, assumption: "test"}
  - {name: Back, kind: return, country: RUS, assumption: "test"}
routes:
  - {from: Home, to: Gate, km: 100, assumption: "test"}
  - {from: Gate, to: Georgia, km: 50, assumption: "test"}
  - {from: Home, to: Air, km: 20, assumption: "test"}
  - {from: Air, to: Armenia, km: 1800, mode: air, assumption: "test"}
  - {from: Air, to: Elsewhere, km: 3000, mode: air, assumption: "test"}
  - {from: Georgia, to: Armenia, km: 280, assumption: "test"}
  - {from: Georgia, to: Back, km: 2000, mode: air, assumption: "test"}
  - {from: Armenia, to: Back, km: 2000, mode: air, assumption: "test"}
  - {from: Elsewhere, to: Back, km: 2000, mode: air, assumption: "test"}
departures:
  driver: estimate
  points:
    - {date: 2022-02-24, people: 0, assumption: "test"}
    - {date: 2022-03-10, people: 1000, assumption: "test"}
"""


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("EMIGRE_CACHE_DIR", str(tmp_path_factory.mktemp("estimates")))
        yield


@pytest.fixture(scope="module")
def driver(cache: None) -> EstimateDriver:
    claims = [
        claim(400_000, end=END),
        claim(150_000, destination="GEO", end=END),
        claim(100_000, destination="ARM", end=END),
        claim(60_000, measure="stock", destination="GEO", end=END),
    ]
    fast = Settings(chains=2, warmup=100, draws=100, seed=3)
    req = request(claims, as_of=END, settings=fast)
    return driver_for_request(req, draws=True, periods=[START, dt.date(2022, 4, 15)])


@pytest.fixture
def own(tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "scenario.yaml"
    path.write_text(SCENARIO)
    return read_own_scenario(path)


def test_departures_are_the_estimates_series(own, driver: EstimateDriver) -> None:  # type: ignore[no-untyped-def]
    driven = prepare(own, "auto", driver)
    assert driven.driver is driver and driven.notes[0].startswith("departures: the estimate's")
    res = Simulation(driven.own.scenario, seed=1).run()
    gone = np.cumsum(res.spawned)
    for point in driver.estimate.departures:
        day = (point.date - START).days
        assert abs(gone[day] - point.median) <= 1.0  # whole people, nothing else
    # everyone who left arrived somewhere first, once
    assert res.first_arrivals()[:, res.places.index("Georgia")].sum() > 0
    dests = [res.places.index(p) for p in ("Georgia", "Armenia", "Elsewhere")]
    assert res.first_arrivals()[:, dests].sum() == gone[-1]


def test_an_ensemble_draws_departures_from_the_posterior(own, driver: EstimateDriver) -> None:  # type: ignore[no-untyped-def]
    driven = prepare(own, "auto", driver)
    series = departure_jobs(driven.own, driver, 3, seed=5)
    last = driver.estimate.departures[-1].date.isoformat()
    draws = figure_samples(driver.result, [f"departures@{last}"], driver.draw_indices(3, 5))  # type: ignore[arg-type]
    assert [s[1][-1] for s in series] == pytest.approx(draws[:, 0].tolist())
    c = compare(driven.own, runs=3, seed=5, vary=True, driver=driver)
    assert "a posterior draw per run" in c.departures
    dests = [c.places.index(p) for p in ("Georgia", "Armenia", "Elsewhere")]
    assert c.base_onward is not None
    first = (c.base - c.base_onward)[:, :, dests].sum(axis=(1, 2))
    assert np.abs(first - draws[:, 0]).max() <= 1.0  # each run: its own draw of departures
    assert len(set(first.tolist())) == 3


def test_entries_count_onward_moves_and_first_arrivals_once(tmp_path: Path) -> None:
    """Everyone enters Georgia, and all go on to Armenia the next day: 100 people make 200
    entries, 100 first arrivals (all in Georgia) and 100 onward arrivals (all in Armenia)."""
    text = (
        SCENARIO.replace("driver: estimate", "driver: table")
        .replace("movechance: 0.05", "movechance: 1.0")
        .replace("people: 1000", "people: 100")
        .replace('  - {from: Home, to: Air, km: 20, assumption: "test"}\n', "")
        .replace('  - {from: Georgia, to: Back, km: 2000, mode: air, assumption: "test"}\n', "")
        .replace("camp_movechance: 0.01", "camp_movechance: 0.0")
    )
    path = tmp_path / "onward.yaml"
    path.write_text(text)
    own = read_own_scenario(path)
    res = Simulation(own.scenario, seed=2).run()
    reference = Simulation(own.scenario, seed=2, backend="numpy").run()
    assert reference.onward is not None and res.onward is not None
    assert np.array_equal(reference.onward.sum(axis=0), res.onward.sum(axis=0))
    geo, arm = res.places.index("Georgia"), res.places.index("Armenia")
    assert res.arrivals[:, geo].sum() == 100 and res.arrivals[:, arm].sum() == 100
    assert res.onward is not None
    assert res.onward[:, geo].sum() == 0 and res.onward[:, arm].sum() == 100
    iv = Interval(median=100, low80=90, high80=110, low95=80, high95=120)
    zero = Interval(median=0, low80=0, high80=1, low95=0, high95=2)
    targets = Targets(
        [
            DestinationTarget("GEO", "Georgia", ["Georgia"], END, iv, zero),
            DestinationTarget("ARM", "Armenia", ["Armenia"], END, iv, iv),
        ],
        Totals(END, iv, iv),
    )
    f = fit_runs(
        res.places, START, res.arrivals, res.onward, res.occupancy, targets, return_places(own)
    )
    g, a = f.rows
    assert (g.entries.median, g.first.median, g.onward.median, g.stock.median) == (100, 100, 0, 0)
    assert (a.entries.median, a.first.median, a.onward.median, a.stock.median) == (100, 0, 100, 100)
    assert f.departures.median == 100  # first arrivals: each person once
    assert g.entries_inside and a.entries_inside and a.stock_inside


def test_what_if_reports_differences(own, driver: EstimateDriver) -> None:  # type: ignore[no-untyped-def]
    driven = prepare(own, "auto", driver)
    c = compare(driven.own, ["close GEO from 2022-03-01"], runs=2, seed=1, driver=driver)
    rows = {r["destination"]: r for r in c.totals()}
    assert rows["Georgia"]["difference"] < 0
    assert rows["Armenia"]["difference"] + rows["Elsewhere"]["difference"] > 0


def test_calibration_fits_entries_and_stocks(own, driver: EstimateDriver) -> None:  # type: ignore[no-untyped-def]
    driven = prepare(own, "auto", driver)
    assert driven.targets is not None and len(driven.targets.periods) == 2
    before = Simulation(driven.own.scenario, seed=1).run()
    f0 = fit_runs(
        before.places,
        START,
        before.arrivals,
        before.onward,
        before.occupancy,
        driven.targets,
        return_places(driven.own),
    )
    cal = calibrate_to_estimate(
        driven.own.scenario, driven.targets, seed=1, return_places=return_places(driven.own)
    )
    f = cal.fit
    assert f.entries_misfit < f0.entries_misfit and f.stock_misfit < f0.stock_misfit
    # calibration stops once every destination is inside the estimate's 80 % intervals (its
    # tolerance is their spread), so the misfit left depends on how wide those are; it must
    # still be cut at least tenfold
    assert f.entries_misfit < f0.entries_misfit / 10 and f.stock_misfit < f0.stock_misfit / 10
    assert all(r.entries_inside and r.stock_inside for r in f.rows)
    assert all(len(v) == 2 for k, v in cal.attractiveness.items() if k != "Back")


def test_without_an_estimate_the_table_drives_and_says_why(own) -> None:  # type: ignore[no-untyped-def]
    driven = prepare(own, "auto", None, "the case has no accepted claims")
    assert driven.driver is None and driven.targets is None
    assert "table of claims" in driven.own.departures_used
    assert "no accepted claims" in driven.notes[0]
    res = Simulation(driven.own.scenario, seed=1).run()
    assert res.spawned.sum() == 1000
    with pytest.raises(InputError):
        prepare(own, "estimate", None, "none")
    assert prepare(own, "table", None).own.departures_used.startswith("the scenario's table")
