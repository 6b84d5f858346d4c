"""emigre's own scenario format: reading, provenance, errors, queues and policies."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from emigre.errors import InputError
from emigre.simulate.engine import Simulation
from emigre.simulate.own_format import read_own_scenario
from emigre.simulate.scenario_run import load_case

TINY = """
name: tiny
start: 2022-01-01
end: 2022-01-20
modes: {road: 500, air: 10000}
rules: {camp_movechance: 0.0, conflict_weight: 0.01}
places:
  - {name: Home, kind: origin, country: RUS, population: 1000, assumption: "test"}
  - {name: Gate, kind: crossing, country: RUS, assumption: "test"}
  - {name: Haven, kind: destination, country: GEO, assumption: "test"}
  - {name: Far, kind: destination, country: TUR, attractiveness: 0.01, assumption: "test"}
routes:
  - {from: Home, to: Gate, km: 100, assumption: "test"}
  - {from: Gate, to: Haven, km: 50, per_day: 100, assumption: "test"}
  - {from: Home, to: Far, km: 3000, mode: air, assumption: "test"}
departures:
  points:
    - {date: 2022-01-01, people: 0, assumption: "test"}
    - {date: 2022-01-02, people: 1000, assumption: "test"}
policies: []
targets:
  - {place: Haven, from: 2022-01-01, to: 2022-01-20, people: 900, assumption: "test"}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "scenario.yaml"
    path.write_text(text)
    return path


def test_daily_capacity_makes_a_queue(tmp_path: Path) -> None:
    own = read_own_scenario(write(tmp_path, TINY))
    res = Simulation(own.scenario, seed=1).run()
    haven = res.arrivals[:, res.places.index("Haven")]
    gate = res.occupancy[:, res.places.index("Gate")]
    assert haven.max() <= 100  # never more than the crossing lets through
    assert gate[1] > 500  # most wait in line at the gate on the first day
    assert haven.sum() + res.arrivals[:, res.places.index("Far")].sum() == 1000


def test_policy_closes_a_route_from_a_date(tmp_path: Path) -> None:
    text = TINY.replace(
        "policies: []",
        "policies:\n  - {policy: p1, action: close, route: [Gate, Haven], from: 2022-01-05}",
    )
    own = read_own_scenario(write(tmp_path, text), known_policies={"p1"})
    res = Simulation(own.scenario, seed=1).run()
    haven = res.arrivals[:, res.places.index("Haven")]
    assert haven[1:4].sum() > 0 and haven[4:].sum() == 0


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        (
            '{from: Home, to: Gate, km: 100, assumption: "test"}',
            "{from: Home, to: Gate, km: 100}",
            "source",
        ),
        ("{from: Home, to: Gate, km: 100,", "{from: Home, to: Nowhere, km: 100,", "to"),
        ("{from: Home, to: Gate, km: 100,", "{from: Home, to: Gate, km: -5,", "km"),
        ("people: 1000,", "people: -1,", "departures.points"),
        ("kind: crossing", "kind: castle", "kind"),
        ("per_day: 100,", "per_day: 100, lanes: 2,", "lanes"),
        ("end: 2022-01-20", "end: 2022-31-01", "end"),
        ("country: GEO, assumption", "country: GEO, lat: 41.7, assumption", "lon"),
        ("country: GEO, assumption", "country: GEO, lat: 95, lon: 44, assumption", "lat"),
        ("country: GEO, assumption", "country: GEO, lat: 41.7, lon: east, assumption", "lon"),
        ("modes: {road: 500,", "modes: {road: fast,", "modes.road"),  # was a ValueError
        ("air: 10000}", "air: 0}", "modes.air"),
        ("per_day: 100,", "per_day: lots,", "per_day"),  # was reported without file or line
        ("population: 1000,", "population: many,", "population"),
    ],
)
def test_errors_name_the_field(tmp_path: Path, old: str, new: str, field: str) -> None:
    assert old in TINY
    with pytest.raises(InputError) as info:
        read_own_scenario(write(tmp_path, TINY.replace(old, new, 1)))
    assert info.value.field == field
    assert info.value.file.endswith("scenario.yaml")


def test_unknown_policy_id(tmp_path: Path) -> None:
    text = TINY.replace(
        "policies: []",
        "policies:\n  - {policy: nope, action: close, route: [Gate, Haven], from: 2022-01-05}",
    )
    with pytest.raises(InputError) as info:
        read_own_scenario(write(tmp_path, text), known_policies={"p1"})
    line = 1 + next(i for i, t in enumerate(text.splitlines()) if "policy: nope" in t)
    assert info.value.field == "policy" and info.value.line == line


def test_places_may_have_coordinates(tmp_path: Path) -> None:
    text = TINY.replace(
        "country: GEO, assumption", "country: GEO, lat: 41.72, lon: 44.83, assumption"
    )
    own = read_own_scenario(write(tmp_path, text))
    haven = next(p for p in own.scenario.places if p.name == "Haven")
    home = next(p for p in own.scenario.places if p.name == "Home")
    assert (haven.lat, haven.lon) == (41.72, 44.83)
    assert (home.lat, home.lon) == (None, None)  # optional
    assert haven.attributes["kind"] == "destination"
    assert haven.attributes["source"] == "assumption: test"


def test_a_place_may_cite_a_source_of_the_case(tmp_path: Path) -> None:
    text = TINY.replace(
        '{name: Home, kind: origin, country: RUS, population: 1000, assumption: "test"}',
        "{name: Home, kind: origin, country: RUS, population: 1000, source: census}",
    )
    own = read_own_scenario(write(tmp_path, text), refs={"census"})
    assert own.scenario.places[0].population == 1000
    with pytest.raises(InputError) as info:
        read_own_scenario(write(tmp_path, text), refs={"other"})
    line = 1 + next(i for i, t in enumerate(text.splitlines()) if "source: census" in t)
    assert info.value.field == "source" and info.value.line == line


def test_builtin_russia_scenario_reads_and_runs() -> None:
    own = load_case("russia-2022")
    sc = own.scenario
    names = {p.name for p in sc.places}
    assert {"Verkhny Lars", "Kazakh checkpoints", "Finnish crossings", "Kyakhta"} <= names
    assert {"Georgia", "Turkey", "Armenia", "Serbia", "United Arab Emirates"} <= names
    # maps draw them: every place that is one place (not the pool of other destinations,
    # nor where people go back to)
    single = [p for p in sc.places if p.country != "other" and p.attributes["kind"] != "return"]
    assert all(p.lat is not None and p.lon is not None for p in single)
    assert len(single) == len(sc.places) - 2
    kinds = {c.kind for c in sc.closures}
    assert kinds and {i.kind.value for i in sc.interventions} == {"movechance", "attractiveness"}
    # the estimate drives it; the table and claim targets are kept for runs without one
    assert own.driver == "estimate" and own.targets
    assert own.calibration["command"].startswith("emigre simulate calibrate russia-2022")
    # pulls by period are changes from each period's start, so they compose with what-ifs
    assert all(i.factor for i in sc.interventions if i.note == "calibration")
    assert all(r.one_way for r in sc.routes)
    res = Simulation(sc, seed=1, days=240).run()  # to late October 2022
    j = res.places.index("Verkhny Lars")
    assert res.occupancy[:, j].max() > 0  # the mobilisation peak makes a queue
    fin = res.arrivals[:, res.places.index("Finland")]
    assert fin[sc.day_of(__import__("datetime").date(2022, 10, 1)) :].sum() == 0
    assert np.isfinite(res.arrivals).all()


def test_departures_from_a_table_drive_the_run(tmp_path: Path) -> None:
    import datetime as dt

    from emigre.simulate.own_format import read_departures_csv, with_departures

    own = read_own_scenario(write(tmp_path, TINY))
    csv = tmp_path / "departures.csv"
    csv.write_text("date,people\n2021-12-01,0\n2022-01-01,0\n2022-01-05,300\n2022-01-10,300\n")
    own2 = with_departures(own, *read_departures_csv(csv))
    res = Simulation(own2.scenario, seed=1).run()
    assert res.spawned.sum() == 300
    assert res.spawned[: (dt.date(2022, 1, 2) - dt.date(2022, 1, 1)).days].sum() == 0
    csv.write_text("2022-01-01,10\n2022-01-05,5\n")
    with pytest.raises(InputError):
        with_departures(own, *read_departures_csv(csv))
    csv.write_text("2022-01-01,10\n2022-01-xx,5\n")
    with pytest.raises(InputError) as info:
        read_departures_csv(csv)
    assert info.value.line == 2


def test_directed_routes_and_a_place_people_go_back_to(tmp_path: Path) -> None:
    text = (
        TINY.replace("name: tiny\n", "name: tiny\ndirected: true\n")
        .replace("camp_movechance: 0.0", "camp_movechance: 0.2")
        .replace(
            "places:\n",
            'places:\n  - {name: Back, kind: return, country: RUS, assumption: "test"}\n',
        )
        .replace(
            '  - {from: Home, to: Far, km: 3000, mode: air, assumption: "test"}',
            '  - {from: Home, to: Far, km: 3000, mode: air, assumption: "test"}\n'
            '  - {from: Haven, to: Back, km: 100, assumption: "test"}',
        )
    )
    own = read_own_scenario(write(tmp_path, text))
    assert all(r.one_way for r in own.scenario.routes)
    back = next(p for p in own.scenario.places if p.name == "Back")
    assert back.movechance == 0.0 and back.attributes["kind"] == "return"
    res = Simulation(own.scenario, seed=1).run()
    col = {name: j for j, name in enumerate(res.places)}
    # leaving Haven, people can only go back (not to the gate, nor home to leave again)
    assert (
        res.arrivals[:, col["Gate"]].sum() == res.spawned.sum() - res.arrivals[:, col["Far"]].sum()
    )
    assert res.arrivals[:, col["Home"]].sum() == 0
    assert res.arrivals[:, col["Back"]].sum() > 0
    assert res.occupancy[-1, col["Back"]] == res.arrivals[:, col["Back"]].sum()  # nobody leaves
    from emigre.simulate.whatif import destinations

    assert "Back" not in destinations(own.scenario)
    bad = text.replace("{name: Back, kind: return,", "{name: Back, kind: return, movechance: 0.1,")
    with pytest.raises(InputError) as info:
        read_own_scenario(write(tmp_path, bad))
    assert info.value.field == "movechance"


def test_calibrated_pulls_by_period_and_factors_that_compose(tmp_path: Path) -> None:
    """A pull per period becomes changes by date; a what-if's factor on top of them is
    undone on its own, whatever the order the changes end in."""
    from emigre.simulate.whatif import apply_whatif, parse_whatif

    text = TINY + (
        "calibration:\n"
        "  command: test\n"
        "  periods: [2022-01-01, 2022-01-05, 2022-01-10]\n"
        "  places:\n"
        "    - {place: Haven, attractiveness: [2.0, 4.0, 1.0], movechance: 0.01}\n"
    )
    own = read_own_scenario(write(tmp_path, text))
    haven = next(p for p in own.scenario.places if p.name == "Haven")
    assert (haven.attractiveness, haven.movechance) == (2.0, 0.01)
    sc = apply_whatif(own.scenario, parse_whatif("visa-required GEO from 2022-01-03 to 2022-01-07"))
    sim = Simulation(sc, seed=1)
    j = sim.g.index["Haven"]
    seen = []
    for _ in range(12):
        sim.step()
        seen.append(round(float(sim.attract[j]), 6))
    # days 0-1: 2; 2-3: 2 x 0.1; 4-5: 4 x 0.1; 6-8: 4; 9-: 1
    assert seen == [2.0, 2.0, 0.2, 0.2, 0.4, 0.4, 4.0, 4.0, 4.0, 1.0, 1.0, 1.0]
    bad = text.replace("[2.0, 4.0, 1.0]", "[2.0, 4.0]")
    with pytest.raises(InputError) as info:
        read_own_scenario(write(tmp_path, bad))
    assert info.value.field == "attractiveness"


def test_a_policy_may_scale_a_move_chance(tmp_path: Path) -> None:
    text = TINY.replace(
        "policies: []",
        "policies:\n  - {policy: p1, action: movechance, place: Haven, factor: 3,"
        " from: 2022-01-05}",
    ).replace("camp_movechance: 0.0", "camp_movechance: 0.1")
    own = read_own_scenario(write(tmp_path, text), known_policies={"p1"})
    (iv,) = own.scenario.interventions
    assert iv.factor and iv.value == 3.0
    sim = Simulation(own.scenario, seed=1)
    for _ in range(6):
        sim.step()
    assert sim.movechance[sim.g.index["Haven"]] == pytest.approx(0.3)
    both = text.replace("factor: 3,", "factor: 3, value: 0.5,")
    with pytest.raises(InputError):
        read_own_scenario(write(tmp_path, both), known_policies={"p1"})
