"""Ensembles and calibration on a real Dask cluster (in-process workers, for speed)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from emigre.cli.main import app
from emigre.simulate.ensemble import (
    Job,
    ensemble_jobs,
    latin_hypercube,
    run_many,
    summarize,
)
from emigre.simulate.own_format import read_own_scenario
from tests.simulate.flee_folder import FAST, write_scenario
from tests.simulate.test_own_format import TINY, write


@pytest.fixture(scope="module")
def cluster():
    from dask.distributed import LocalCluster

    c = LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0")
    yield c
    c.close()


@pytest.fixture(scope="module")
def client(cluster):
    from dask.distributed import Client

    c = Client(cluster)
    yield c
    c.close()


def test_runs_on_an_existing_scheduler_by_address(tmp_path: Path, cluster) -> None:
    sc = read_own_scenario(write(tmp_path, TINY)).scenario
    jobs = ensemble_jobs(sc, 2, seed=5)
    remote = run_many(sc, jobs, scheduler=cluster.scheduler_address)
    local = run_many(sc, jobs)
    assert [o.arrivals.sum() for o in remote] == [o.arrivals.sum() for o in local]


def test_a_scheduler_address_that_is_not_one_is_an_input_error(tmp_path: Path) -> None:
    from emigre.errors import InputError

    sc = read_own_scenario(write(tmp_path, TINY)).scenario
    with pytest.raises(InputError) as err:
        run_many(sc, ensemble_jobs(sc, 2, seed=5), scheduler="nonsense")  # no port
    assert err.value.field == "--scheduler"


def test_dask_runs_equal_serial_runs(tmp_path: Path, client) -> None:
    sc = read_own_scenario(write(tmp_path, TINY)).scenario
    jobs = ensemble_jobs(sc, 4, seed=3)
    seen: list[int] = []
    on_dask = run_many(sc, jobs, client=client, progress=seen.append)
    serial = run_many(sc, jobs)
    assert seen == [1, 2, 3, 4]
    for a, b in zip(on_dask, serial, strict=True):
        assert a.seed == b.seed and np.array_equal(a.arrivals, b.arrivals)
    # parameter draws differ between runs, so the runs differ
    assert len({o.arrivals.tobytes() for o in serial}) > 1


def test_summary_median_inside_interval(tmp_path: Path) -> None:
    sc = read_own_scenario(write(tmp_path, TINY)).scenario
    outs = run_many(sc, ensemble_jobs(sc, 5, seed=1))
    s = summarize(outs, [p.name for p in sc.places])
    assert s.runs == 5 and s.median.shape == (sc.days, len(sc.places))
    assert (s.low <= s.median).all() and (s.median <= s.high).all()


def test_latin_hypercube_fills_every_stratum() -> None:
    pts = latin_hypercube({"a": (0.0, 1.0), "b": (10.0, 20.0)}, 8, seed=4)
    for key, lo in (("a", 0.0), ("b", 10.0)):
        width = (1.0 if key == "a" else 10.0) / 8
        strata = sorted(int((p[key] - lo) / width) for p in pts)
        assert strata == list(range(8))


def test_calibration_scores_by_ard_on_the_same_path(tmp_path: Path, client) -> None:
    root = write_scenario(
        tmp_path / "flee",
        locations=[
            "A,R,Home,0,0,conflict_zone,0,10",
            "B,R,Home,0,1,town,,10",
            "C,R,Away,0,2,camp,,0",
        ],
        routes=["A,B,100,0", "B,C,100,0"],
        days=20,
        conflicts={"A": [1] * 20},
        totals=[("2020-01-01", 0), ("2020-01-11", 1000)],
        camps={"C": [("2020-01-01", 0), ("2020-01-13", 1000)]},
        settings=FAST.replace("default_movechance: 1.0", "default_movechance: 0.3"),
    )
    from emigre.simulate.flee_format import read_flee_scenario

    sc = read_flee_scenario(root)
    jobs = [Job(1, {"default_movechance": v}) for v in (0.05, 0.9)]
    outs = run_many(sc, jobs, client=client, validate=True)
    # leaving towns readily gets people to the camp when the data say they arrived
    assert outs[1].ard < outs[0].ard
    result = CliRunner().invoke(app, ["simulate", "calibrate", str(root), "--samples", "3"])
    assert result.exit_code == 0, result.output
    assert "ARD" in result.output and "default_movechance" in result.output
