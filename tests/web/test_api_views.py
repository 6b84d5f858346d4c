"""The page data endpoints (overview, timeline, map, country), estimates and runs."""

from __future__ import annotations

import csv
import io
import re

import pytest
from fastapi.testclient import TestClient

from emigre.web import WebConfig, create_app, estimates


def test_overview_cards(client: TestClient) -> None:
    body = client.get("/api/cases/web-case/overview").json()
    cards = {c["id"]: c for c in body["cards"]}
    assert set(cards) == {"left", "remaining", "wave-early", "wave-late"}
    assert "not border crossings" in cards["left"]["definition"]
    assert cards["left"]["claims_url"].startswith("/cases/web-case/evidence?")
    if not estimates.available():
        assert body["estimate_note"]
        # Without an estimate, the card shows a plain figure in preference to a bound.
        assert cards["left"]["headline"] == "700,000–900,000"
        assert cards["remaining"]["headline"] == "about 650,000"
        assert cards["wave-late"]["headline"] == "about 400,000"
    rows = list(
        csv.DictReader(io.StringIO(client.get("/api/cases/web-case/overview?format=csv").text))
    )
    assert [r["id"] for r in rows] == ["left", "remaining", "wave-early", "wave-late"]


def test_timeline_places_running_totals(client: TestClient) -> None:
    body = client.get("/api/cases/web-case/timeline").json()
    on_chart = {m["id"] for m in body["tables"]["claims"]}
    assert {"t-mar", "t-aug", "t-oct", "t-max", "t-stock"} <= on_chart
    assert "geo-entries" not in on_chart  # one country is not the total
    events = [e["title"] for e in body["tables"]["events"]]
    assert events == ["The war begins", "Call-up announced", "Finland closes to tourists"]
    spec = body["vega_lite"]
    assert spec["datasets"]["markers"]
    if not estimates.available():
        off = {c["id"]: c["reason"] for c in body["off_chart"]}
        assert "t-part" in off  # a part-period flow needs the estimate to be placed


def test_timeline_zoom_to_a_wave(client: TestClient) -> None:
    body = client.get("/api/cases/web-case/timeline?wave=early").json()
    on_chart = {m["id"] for m in body["tables"]["claims"]}
    assert on_chart == {"t-mar"}
    assert body["vega_lite"]["layer"][0]["encoding"]["x"]["scale"]["domain"][0] < "2022-02-24"
    bad = client.get("/api/cases/web-case/timeline?wave=nope")
    assert bad.status_code == 400
    assert "early, late" in bad.json()["message"]


def test_timeline_csv_tables(client: TestClient) -> None:
    text = client.get("/api/cases/web-case/timeline?format=csv&table=events").text
    assert text.splitlines()[0] == "date,title,kind,country"
    assert client.get("/api/cases/web-case/timeline?format=csv&table=nope").status_code == 400


def test_map_follows_the_date(client: TestClient) -> None:
    early = client.get("/api/cases/web-case/map?date=2022-11-01").json()
    late = client.get("/api/cases/web-case/map?date=2023-06-30").json()
    early_places = {r["destination"] for r in early["tables"]["destinations"]}
    late_places = {r["destination"] for r in late["tables"]["destinations"]}
    assert "ARM" in early_places and "KAZ" not in early_places  # KAZ's claim ends 2022-11-30
    assert {"GEO", "KAZ", "ARM", "SRB", "TUR"} <= late_places
    assert late["date"] == "2023-06-30"
    assert "2022-11-01" in early["dates"]
    arrivals = client.get("/api/cases/web-case/map?measure=arrivals").json()
    assert {r["destination"] for r in arrivals["tables"]["destinations"]} >= {"GEO", "ISR"}
    rows = list(
        csv.DictReader(
            io.StringIO(client.get("/api/cases/web-case/map?format=csv&date=2022-12-31").text)
        )
    )
    geo = next(r for r in rows if r["destination"] == "GEO")
    assert float(geo["value"]) == 60000


def test_country(client: TestClient) -> None:
    body = client.get("/api/cases/web-case/countries/FIN").json()
    assert body["name"] == "Finland"
    assert [c["id"] for c in body["claims"]] == ["fin-x"]
    assert {p["id"] for p in body["policies"]} == {"p-sch", "p-fin"}
    assert [e["id"] for e in body["events"]] == ["e-fin"]
    assert client.get("/api/cases/web-case/countries/fin").json()["code"] == "FIN"
    text = client.get("/api/cases/web-case/countries/GEO?format=csv&table=policies").text
    assert "p-geo" in text
    assert client.get("/api/cases/web-case/countries/XXX").status_code == 404


def test_estimates(client: TestClient) -> None:
    body = client.get("/api/estimates?case=web-case").json()
    if estimates.available():
        assert body["available"] is True
        assert body["departures"]
    else:
        assert body == {"case": "web-case", "available": False, "note": estimates.status()}
        assert client.get("/api/estimates?format=csv").status_code == 503


def test_runs_need_a_scenario(client: TestClient) -> None:
    body = client.get("/api/runs?case=web-case").json()
    assert body["case"] == "web-case"
    assert body["available"] is False
    assert body["note"]
    assert client.get("/api/runs?case=web-case&format=csv").status_code == 503
    assert client.post("/api/runs", json={}).status_code == 401


@pytest.mark.parametrize("estimated", [False, True])
def test_each_card_links_to_exactly_the_claims_behind_it(
    shared_url: str, estimated: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """'The 6 claims behind it' opens a list of 6, with or without an estimate."""
    monkeypatch.setenv("EMIGRE_ESTIMATES", "on" if estimated else "off")
    with TestClient(create_app(WebConfig(db_url=shared_url))) as c:
        cards = c.get("/api/cases/web-case/overview").json()["cards"]
        assert any(card["n_claims"] for card in cards)
        for card in cards:
            if not card["n_claims"]:
                continue
            page = c.get(card["claims_url"]).text
            shown = re.search(r'id="claim-count">(\d+)<', page)
            assert shown and int(shown.group(1)) == card["n_claims"], card["id"]
            assert page.count('<tr id="claim-') == card["n_claims"], card["id"]
