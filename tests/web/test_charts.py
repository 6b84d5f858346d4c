"""The charts cannot mislead: years on every time axis, a legend that promises only what is
drawn, events that stay apart, and one count of sources above and below a chart."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from typing import Any

from fastapi.testclient import TestClient

from emigre.model import Event
from emigre.web.charts.timeline import CONTRADICTED
from emigre.web.views.timeline import cluster_events

SPEC = re.compile(r'<script type="application/json" class="spec">(.*?)</script>', re.S)


def encodings(spec: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for layer in [spec, *spec.get("layer", [])]:
        yield layer.get("encoding", {})


def specs(client: TestClient) -> dict[str, dict[str, Any]]:
    out = {"timeline": client.get("/api/cases/web-case/timeline").json()["vega_lite"]}
    for code in ("GEO", "FIN"):
        html = client.get(f"/cases/web-case/countries/{code}").text
        for i, raw in enumerate(SPEC.findall(html)):
            out[f"{code}-{i}"] = json.loads(raw)
    return out


def test_every_time_axis_names_the_year(client: TestClient) -> None:
    found = 0
    for name, spec in specs(client).items():
        for enc in encodings(spec):
            x = enc.get("x", {})
            if x.get("type") == "temporal" and "axis" in x:
                found += 1
                assert "%Y" in x["axis"]["format"], name
                assert x["axis"]["tickCount"] == {"interval": "month"}, name
    assert found >= 4


def test_the_legend_shows_only_the_qualifiers_drawn_and_no_cross_without_a_contradiction(
    client: TestClient,
) -> None:
    spec = client.get("/api/cases/web-case/timeline").json()["vega_lite"]
    drawn = {m["qualifier"] for m in spec["datasets"]["markers"]}
    shapes = [e["shape"] for e in encodings(spec) if "field" in e.get("shape", {})]
    assert shapes and all(set(s["scale"]["domain"]) == drawn for s in shapes)
    domain = shapes[0]["scale"]["domain"]
    rng = dict(zip(domain, shapes[0]["scale"]["range"], strict=True))
    if {"exact", "about"} <= drawn:
        assert rng["exact"] != rng["about"]
    contradicted = any(m["contradicted"] for m in spec["datasets"]["markers"])
    crosses = [e for e in encodings(spec) if e.get("color", {}).get("datum") == CONTRADICTED]
    assert bool(crosses) == contradicted  # no estimate here: nothing is contradicted
    assert "None of the claims drawn is contradicted" in client.get("/cases/web-case/timeline").text


def test_events_close_in_time_share_one_line() -> None:
    day = dt.date(2022, 9, 21)
    events = [
        Event(
            id=f"e{i}",
            date=day + dt.timedelta(days=i),
            title=f"Event {i}",
            kind="other",
            country="RUS",
            description="Made up.",
            source_ids=["s1"],
        )
        for i in (0, 1, 3, 40)
    ]
    window = (dt.date(2022, 2, 1), dt.date(2024, 8, 1))
    marks = cluster_events(events, window, {"e0", "e40"})
    assert [m["n"] for m in marks] == [3, 1]
    assert marks[0]["short"] == "3 events from 21 Sep"
    assert "Event 3" in marks[0]["description"]


def test_header_and_footer_count_the_sources_alike(client: TestClient) -> None:
    body = client.get("/api/cases/web-case/timeline").json()
    subtitle = body["vega_lite"]["title"]["subtitle"]
    assert subtitle.startswith(f"Sources ({len(body['sources'])}):")
    html = client.get("/cases/web-case/timeline").text
    assert f"<strong>Sources ({len(body['sources'])}):</strong>" in html


def test_a_contradicted_claim_gets_its_red_cross_and_legend() -> None:
    from emigre.web.charts import timeline_spec

    mark = {"date": "2022-06-01", "y": 5.0, "y_low": None, "y_high": None}
    mark |= {"qualifier": "about", "measure": "flow", "contradicted": True, "reviewed": True}
    spec = timeline_spec("t", "s", [], [mark], [], [], None, 10.0)
    crosses = [e for e in encodings(spec) if e.get("color", {}).get("datum") == CONTRADICTED]
    assert len(crosses) == 1 and crosses[0]["color"]["legend"]["symbolType"] == "cross"


def test_names_at_the_edges_of_the_map_run_inwards() -> None:
    from emigre.web.charts.map import label_align

    west, east = -100.0, 130.0  # the United States and South Korea
    assert label_align(-100, west, east) == "left"
    assert label_align(127, west, east) == "right"
    assert label_align(44, west, east) == "center"


def test_the_map_places_each_name_by_its_side(client: TestClient) -> None:
    spec = json.loads(SPEC.findall(client.get("/cases/web-case/map").text)[0])
    frames = spec["datasets"]["frames"]
    assert {f["label_align"] for f in frames} >= {"left", "right"}
    westmost = min(frames, key=lambda f: f["lon"])
    assert westmost["label_align"] == "left"


def test_on_a_narrow_screen_the_timeline_drops_its_wave_and_event_names(
    client: TestClient,
) -> None:
    spec = client.get("/api/cases/web-case/timeline").json()["vega_lite"]
    assert {"name": "narrow", "value": False} in spec["params"]
    texts = [layer for layer in spec["layer"] if layer["mark"]["type"] == "text"]
    assert len(texts) == 2
    assert all({"filter": "!narrow"} in layer["transform"] for layer in texts)
