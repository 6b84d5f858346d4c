"""The dashboard's views with the estimation package switched on (the other web tests show the
claims alone): figures come with intervals, and CSV exports carry them."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from emigre.web import WebConfig, create_app


@pytest.fixture(scope="module")
def client(shared_url: str) -> Iterator[TestClient]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("EMIGRE_ESTIMATES", "on")
        with TestClient(create_app(WebConfig(db_url=shared_url))) as c:
            yield c


def test_overview_cards_carry_intervals(client: TestClient) -> None:
    body = client.get("/api/cases/web-case/overview").json()
    assert not body.get("estimate_note")
    band = body["cards"][0]["band"]  # an object with full precision, not a Python repr
    assert isinstance(band, dict) and band["low95"] <= band["median"] <= band["high95"]
    assert any(not float(band[k]).is_integer() for k in band)
    text = client.get("/api/cases/web-case/overview?format=csv").text
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(text))}
    left = rows["left"]
    assert int(left["low95"]) <= int(left["median"]) <= int(left["high95"])  # whole people


def test_timeline_draws_the_estimate(client: TestClient) -> None:
    spec = client.get("/api/cases/web-case/timeline").json()["vega_lite"]
    series = spec["datasets"]["series"]
    assert {s["series"] for s in series} >= {"left"}
    assert all(s["low95"] <= s["median"] <= s["high95"] for s in series)
    assert any(not float(s["median"]).is_integer() for s in series)  # JSON keeps every digit
    html = client.get("/cases/web-case/timeline").text
    tables = html[html.index('<details class="table"') :]
    assert not re.search(r"<td>[\d,]+\.\d{3,}</td>", tables)  # the page: whole people


def test_country_chart_draws_entries_and_stock_over_time(client: TestClient) -> None:
    text = client.get("/api/cases/web-case/countries/GEO?format=csv&table=estimate").text
    series = list(csv.DictReader(io.StringIO(text)))
    kinds = {k: [r for r in series if r["kind"] == k] for k in ("arrivals", "stock")}
    assert len(kinds["arrivals"]) > 10 and len(kinds["stock"]) > 10
    medians = [int(r["median"]) for r in kinds["arrivals"]]  # whole people in a CSV
    assert medians == sorted(medians)  # entries since the start only grow


def test_map_shows_estimated_stocks(client: TestClient) -> None:
    body = client.get("/api/cases/web-case/map?date=2023-06-30").json()
    places = {r["destination"] for r in body["tables"]["destinations"]}
    assert {"GEO", "KAZ"} <= places


def test_map_names_the_sources_behind_its_estimate(client: TestClient) -> None:
    body = client.get("/api/cases/web-case/map?date=2023-06-30").json()
    rows = body["tables"]["destinations"]
    assert rows and {r["basis"] for r in rows} == {"estimate"}
    # Not "none yet": the claims about those countries that the estimate fitted.
    assert {s["id"] for s in body["sources"]} >= {"s1"}
    assert body["method"].startswith("Estimate")
    html = client.get("/cases/web-case/map").text
    assert not re.search(r"none yet\s*·", html)


@pytest.mark.slow  # estimates the built-in case (about half a minute, once per suite)
def test_scenarios_show_the_estimate_beside_the_runs(client: TestClient) -> None:
    from emigre.cases import load_builtin
    from emigre.store import open_store, repo
    from emigre.web import runs

    if not runs.has_scenario("russia-2022"):
        pytest.skip("needs emigre.simulate and the case's scenario")
    store = open_store(client.app.state.config.db_url)  # type: ignore[attr-defined]
    with store.session() as s:
        repo.load_bundle(s, load_builtin("russia-2022"))
    store.dispose()
    html = client.get("/cases/russia-2022/scenarios?runs=1").text
    assert "Wide purple bands with a black tick: the estimate of arrivals" in html
    assert '"estimate_low80"' in html
    # the estimate drives the baseline and is what it is set against
    assert "Departures: from the case&#39;s estimate" in html
    assert "every run follows the estimate&#39;s middle path" in html
    assert "emigre.estimate" not in html and "posterior" not in html
    # its charts name the sources of the claims behind that estimate
    assert not re.search(r"none yet", html) and "Re:Russia" in html
    # a wave no claim measures alone says so, and links to the figures it is read from
    overview = client.get("/cases/russia-2022").text
    card = overview[overview.index('id="card-wave-second"') :]
    card = card[: card.index("</li>")]
    assert "No claim measures this period alone" in card and "The 0 claims" not in card
    body = client.get("/api/runs?case=russia-2022&runs=2").json()
    assert body["calibrated_to"] == "estimate"
    assert "each run takes its own plausible path" in body["departures"]
    entries = {t["destination"]: t for t in body["targets"] if t["measure"].startswith("entries")}
    georgia = entries["Georgia"]
    assert georgia["observed_low80"] <= georgia["observed"] <= georgia["observed_high80"]
    assert body["fit"]["entries_inside80"] >= body["fit"]["destinations"] - 2


def test_overview_shows_both_readings_where_the_evidence_admits_two(
    template_store, tmp_path
) -> None:
    """Two incompatible totals for the same period: the API and the page give each reading
    with the claim behind it instead of one headline number."""
    from emigre.model import Case, CaseBundle, Claim, Source
    from emigre.store import open_store, repo
    from tests.web.conftest import copy_store

    url = copy_store(template_store, tmp_path / "two.sqlite")
    sources = [
        Source(id=f"t{i}", publisher=f"Paper {i}", title=f"Count {i}", kind="news",
               url=f"https://t{i}.example.org/a", published="2023-01-10")
        for i in (1, 2)
    ]  # fmt: skip
    claims = [
        Claim(id=f"total-{v}", value=v, qualifier="exact", measure="flow", origin="RUS",
              start="2022-02-24", end="2022-12-31", source_ids=[s.id], state="accepted")
        for v, s in ((500_000, sources[0]), (1_500_000, sources[1]))
    ]  # fmt: skip
    case = Case(id="two-case", title="Two counts", origin="RUS", start="2022-02-24",
                description="Two papers disagree.")  # fmt: skip
    store = open_store(url)
    with store.session() as s:
        repo.load_bundle(s, CaseBundle(case=case, sources=sources, claims=claims))
    store.dispose()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("EMIGRE_ESTIMATES", "on")
        with TestClient(create_app(WebConfig(db_url=url))) as c:
            body = c.get("/api/cases/two-case/overview").json()
            html = c.get("/cases/two-case").text
    readings = body["readings"]
    assert len(readings) == 2
    behind = {r["claims"][0]["claim_id"]: r["departures"]["median"] for r in readings}
    assert behind["total-500000"] < 800_000 < behind["total-1500000"]
    assert "The evidence admits 2 readings" in html
    assert "/claims/total-500000" in html and "/claims/total-1500000" in html


def test_a_country_on_one_lower_bound_says_its_estimate_is_mostly_prior(
    client: TestClient,
) -> None:
    kaz = client.get("/cases/web-case/countries/KAZ").text
    assert 'id="mostly-prior-KAZ"' in kaz and "at least 100,000" in kaz
    assert "mostly-prior" not in client.get("/cases/web-case/countries/GEO").text


def test_every_claims_table_says_how_each_claim_sits_with_the_estimate(
    client: TestClient,
) -> None:
    for url in ("/cases/web-case/countries/GEO", "/cases/web-case/evidence"):
        html = client.get(url).text
        assert "Against the estimate" in html, url
        assert re.search(r'class="fit"[^>]*>(in line with|(far )?(lower|higher) than) ', html), url
    rows = client.get("/api/cases/web-case/countries/GEO").json()["claims"]
    assert rows and all({"fit", "fit_text", "contradicted", "not_drawn"} <= set(r) for r in rows)
