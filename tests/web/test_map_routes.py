"""The map draws a case's scenario: its routes between located places, its crossings and
origin regions, closures by date; straight lines where the scenario has no coordinates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from emigre.simulate.own_format import read_own_scenario
from emigre.web import network, runs
from emigre.web.views import geo
from emigre.web.views.evidence import Evidence
from emigre.web.views.links import ServerLinks
from tests.web.bundle import web_bundle

SCENARIO = """
name: small
start: 2022-02-24
end: 2023-06-30
places:
  - {name: Home, kind: origin, country: RUS, population: 1000, lat: 55.76, lon: 37.62,
     assumption: "test"}
  - {name: Gate, kind: crossing, country: RUS, lat: 42.74, lon: 44.63, source: s5}
  - {name: Port, kind: airport, country: RUS, lat: 55.97, lon: 37.41, assumption: "test"}
  - {name: Georgia, kind: destination, country: GEO, lat: 41.72, lon: 44.83, assumption: "test"}
  - {name: Turkey, kind: destination, country: TUR, lat: 41.01, lon: 28.98, assumption: "test"}
routes:
  - {from: Home, to: Gate, km: 1800, assumption: "test"}
  - {from: Gate, to: Georgia, km: 200, per_day: 10500, claim: geo-stock}
  - {from: Home, to: Port, km: 40, assumption: "test"}
  - {from: Port, to: Turkey, km: 2000, mode: air, assumption: "test"}
departures:
  points:
    - {date: 2022-02-24, people: 0, assumption: "test"}
    - {date: 2022-12-31, people: 1000, assumption: "test"}
policies:
  - {policy: p-geo, action: close, route: [Gate, Georgia], from: 2022-09-25}
"""

LINKS = ServerLinks()


def evidence() -> Evidence:
    b = web_bundle()
    return Evidence(
        case=b.case,
        sources={s.id: s for s in b.sources},
        claims=b.claims,
        events=b.events,
        policies=b.policies,
    )


def read(tmp_path: Path, text: str = SCENARIO) -> network.Network | None:
    path = tmp_path / "scenario.yaml"
    path.write_text(text)
    ids = {s.id for s in web_bundle().sources} | {str(c.id) for c in web_bundle().claims}
    return network.from_scenario(read_own_scenario(path, {"p-geo"}, ids))


def test_the_scenario_as_a_network(tmp_path: Path) -> None:
    net = read(tmp_path)
    assert net is not None
    by_end = {(r["from"], r["to"]): r for r in net.routes}
    assert set(by_end) == {
        ("Home", "Gate"),
        ("Gate", "Georgia"),
        ("Home", "Port"),
        ("Port", "Turkey"),
    }
    gate = by_end[("Gate", "Georgia")]
    assert (gate["lat"], gate["lon"], gate["lat2"], gate["lon2"]) == (42.74, 44.63, 41.72, 44.83)
    assert gate["closed_from"] == "2022-09-25" and gate["policy"] == "p-geo"
    assert gate["per_day"] == 10500 and "at most 10,500 a day" in gate["text"]
    assert by_end[("Port", "Turkey")]["route"] == "flight"
    assert by_end[("Home", "Gate")]["route"] == "by road"
    assert by_end[("Home", "Gate")]["source"] == "assumption: test"
    assert net.countries == {"GEO", "TUR"}
    assert net.cited == ("s5", "geo-stock")
    kinds = {p["name"]: p["kind"] for p in net.places}
    assert kinds == {
        "Home": "origin region",
        "Gate": "land crossing",
        "Port": "airport",
        "Georgia": "destination",
        "Turkey": "destination",
    }


def test_no_coordinates_no_network(tmp_path: Path) -> None:
    bare = "\n".join(
        line.replace(line[line.index(", lat:") : line.index(",", line.index("lon:"))], "")
        if "lat:" in line
        else line
        for line in SCENARIO.splitlines()
    )
    assert "lat:" not in bare
    assert read(tmp_path, bare) is None


def test_map_draws_routes_and_keeps_straight_lines_for_the_rest(tmp_path: Path) -> None:
    net = read(tmp_path)
    ev = evidence()
    plain = geo.build_map(ev, None, LINKS, dt.date(2023, 6, 30))
    drawn = geo.build_map(ev, None, LINKS, dt.date(2023, 6, 30), network=net)
    assert not plain.routes and drawn.routes
    assert "routes" not in plain.figure.spec["datasets"]
    assert [t.name for t in plain.figure.tables] == ["destinations", "frames"]
    spec = drawn.figure.spec
    assert len(spec["datasets"]["routes"]) == 4 and len(spec["datasets"]["places"]) == 5
    frames = {f["destination"]: f for f in spec["datasets"]["frames"] if f["date"] == "2023-06-30"}
    assert frames["GEO"]["routed"] and frames["TUR"]["routed"]
    assert not frames["KAZ"]["routed"]  # no route in the scenario: a straight line
    names = [layer.get("name") for layer in spec["layer"]]
    assert {"routes", "places", "crossing_labels_beside"} <= set(names)
    # A route shut on the chosen date is drawn faint; both styles are in the legend.
    routes = spec["layer"][names.index("routes")]["encoding"]
    assert "datum.closed_from <= date" in routes["opacity"]["condition"]["test"]
    assert routes["stroke"]["scale"]["domain"] == [
        "by road",
        "flight",
        "straight line (no route)",
    ]
    assert routes["strokeDash"]["scale"]["domain"] == routes["stroke"]["scale"]["domain"]
    # The routes and places come as tables (and so as CSV).
    tables = {t.name: t for t in drawn.figure.tables}
    assert len(tables["routes"].rows) == 4 and len(tables["places"].rows) == 5
    # The sources name those behind the scenario's routes and crossings too.
    assert "s5" not in {s.id for s in plain.figure.sources}
    assert "s5" in {s.id for s in drawn.figure.sources}
    assert "simulation scenario" in drawn.figure.method


# The built-in case, served: its scenario's places all have coordinates.

needs_scenario = pytest.mark.skipif(
    not runs.has_scenario("russia-2022"), reason="needs emigre.simulate and the case's scenario"
)


@pytest.fixture(scope="module")
def builtin(builtin_url: str) -> Iterator[TestClient]:
    from emigre.web import WebConfig, create_app

    with TestClient(create_app(WebConfig(db_url=builtin_url, estimates=False))) as c:
        yield c


@needs_scenario
def test_builtin_map_has_its_routes(builtin: TestClient) -> None:
    body = builtin.get("/api/cases/russia-2022/map?date=2022-10-31").json()
    routes = body["tables"]["routes"]
    assert {r["route"] for r in routes} == {"by road", "flight"}
    lars = next(r for r in routes if (r["from"], r["to"]) == ("Verkhny Lars", "Georgia"))
    assert lars["per_day"] == 10500
    fin = next(r for r in routes if r["to"] == "Finland")
    assert (fin["closed_from"], fin["policy"]) == ("2022-09-30", "fin-entry-banned")
    kinds = {p["kind"] for p in body["tables"]["places"]}
    assert kinds == {"origin region", "land crossing", "airport", "destination"}
    assert "rosstat-census-2020" in {s["id"] for s in body["sources"]}
    csv = builtin.get("/api/cases/russia-2022/map?format=csv&table=routes").text
    assert csv.splitlines()[0].startswith("from,to,route,km,per_day")
    html = builtin.get("/cases/russia-2022/map").text
    assert "routes of the case" in html and "CSV: routes" in html
