"""What-ifs on a Flee folder, with the folder's own names for places, routes and countries."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from emigre.cli.main import app
from emigre.errors import InputError
from emigre.simulate.engine import Simulation
from emigre.simulate.flee_format import read_flee_scenario
from emigre.simulate.flee_whatif import apply_flee_whatif, parse_flee_whatif
from tests.simulate.flee_folder import FAST, write_scenario

DAYS = 12


def fork(tmp_path: Path, closures: list[str] | None = None) -> Path:
    """A war zone with two ways out: a camp in Chad and a camp in Cameroon, alike."""
    return write_scenario(
        tmp_path / "fork",
        locations=[
            "War Town,R,CAR,0,0,conflict_zone,0,1000",
            "Goré,R,Chad,0,1,camp,,0",
            "Garoua,R,Cameroon,1,0,camp,,0",
        ],
        routes=["War Town,Goré,100,0", "War Town,Garoua,100,0"],
        days=DAYS,
        conflicts={"War Town": [1] * DAYS},
        totals=[("2020-01-01", 0), ("2020-01-02", 400), ("2020-01-08", 800)],
        camps={"Goré": [("2020-01-01", 0)], "Garoua": [("2020-01-01", 0)]},
        closures=closures,
        settings=FAST,
    )


def ends(scenario, seed: int = 1) -> tuple[int, int]:
    res = Simulation(scenario, seed=seed, backend="numpy").run()
    return int(res.place("Goré")[-1]), int(res.place("Garoua")[-1])


def test_parse_names_routes_and_quotes() -> None:
    w = parse_flee_whatif('close "War Town"--Goré from 2020-01-05 to 2020-01-09')
    assert w.country == '"War Town"--Goré' and w.start == dt.date(2020, 1, 5)
    assert parse_flee_whatif("cap South_Sudan 5,000/day").cap == 5000
    for bad in ("close", "cap Chad", "close Chad 5/day", "close Chad from 2020-13-01"):
        with pytest.raises(InputError):
            parse_flee_whatif(bad)


def test_close_a_country_sends_everyone_the_other_way(tmp_path: Path) -> None:
    sc = read_flee_scenario(fork(tmp_path))
    chad, cam = ends(sc)
    assert chad > 200 and cam > 200
    chad, cam = ends(apply_flee_whatif(sc, parse_flee_whatif("close chad")))
    assert chad == 0 and cam > 700


def test_close_a_route_from_a_date_against_the_folders_start(tmp_path: Path) -> None:
    sc = read_flee_scenario(fork(tmp_path))
    closed = apply_flee_whatif(sc, parse_flee_whatif('close "War Town"--Goré from 2020-01-05'))
    res = Simulation(closed, seed=2, backend="numpy").run()
    gore = res.place("Goré")
    assert gore[3] > 0  # before the closure people still got there
    assert gore[-1] == gore[4]  # nobody after it (those under way on day 4 arrived that day)


def test_open_ends_the_folders_own_closure(tmp_path: Path) -> None:
    sc = read_flee_scenario(fork(tmp_path, closures=["country,CAR,Chad,0,-1"]))
    assert ends(sc)[0] == 0
    opened = apply_flee_whatif(sc, parse_flee_whatif("open Goré"))
    assert ends(opened)[0] > 200


def test_cap_and_visa_required_cut_arrivals(tmp_path: Path) -> None:
    sc = read_flee_scenario(fork(tmp_path))
    capped = apply_flee_whatif(sc, parse_flee_whatif("cap Chad 10/day"))
    res = Simulation(capped, seed=3, backend="numpy").run()
    assert np.diff(res.place("Goré")).max() <= 10
    chad, _ = ends(apply_flee_whatif(sc, parse_flee_whatif("visa-required Chad")), seed=3)
    assert chad < ends(sc, seed=3)[0] / 3


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("close Atlantis", "neither a place nor a country"),
        ("close Goré--Garoua", "no route between"),
        ("close Chad from 2019-01-01", "outside the scenario"),
        ('visa-required "War Town"--Goré', "country or a place"),
    ],
)
def test_names_and_dates_are_checked_against_the_folder(
    tmp_path: Path, text: str, words: str
) -> None:
    sc = read_flee_scenario(fork(tmp_path))
    with pytest.raises(InputError, match=words):
        apply_flee_whatif(sc, parse_flee_whatif(text))


def test_cli_runs_the_variant_beside_the_baseline(tmp_path: Path) -> None:
    root = fork(tmp_path)
    args = ["simulate", "run", str(root), "--seed", "1", "--backend", "numpy"]
    out = CliRunner().invoke(app, [*args, "--what-if", "close Chad"])
    assert out.exit_code == 0, out.output
    assert "what-if: close Chad" in out.output and "Garoua" in out.output
    bad = CliRunner().invoke(app, [*args, "--what-if", "close Atlantis"])
    assert bad.exit_code != 0 and isinstance(bad.exception, InputError)
    assert "Atlantis" in str(bad.exception)  # the CLI's entry point prints it as one line
