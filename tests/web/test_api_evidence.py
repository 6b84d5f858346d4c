"""The evidence endpoints: cases, claims (filters, pages, CSV), sources, events, policies."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient

from tests.web.bundle import HOSTILE_TITLE, web_bundle
from tests.web.conftest import auth

N_CLAIMS = len(web_bundle().claims)


def ids(resp) -> set[str]:
    assert resp.status_code == 200, resp.text
    return {c["id"] for c in resp.json()["items"]}


def test_index_lists_the_endpoints(client: TestClient) -> None:
    body = client.get("/api").json()
    assert body["writable"] is False
    for path in (
        "/api/claims",
        "/api/sources",
        "/api/events",
        "/api/policies",
        "/api/estimates",
        "/api/runs",
        "/api/cases",
    ):
        assert path in body["endpoints"]


def test_cases(client: TestClient) -> None:
    cases = client.get("/api/cases").json()
    assert [c["id"] for c in cases] == ["web-case"]
    one = client.get("/api/cases/web-case").json()
    assert one["claims"] == N_CLAIMS
    assert one["sources"] == 6
    assert one["newest_claim_end"] == "2023-06-30"
    assert [w["id"] for w in one["waves"]] == ["early", "late"]


def test_claims_page_through_all(client: TestClient) -> None:
    seen: list[str] = []
    url: str | None = "/api/claims?case=web-case&limit=4"
    pages = 0
    while url:
        body = client.get(url).json()
        assert body["total"] == N_CLAIMS
        assert len(body["items"]) <= 4
        seen += [c["id"] for c in body["items"]]
        url = body["next"]
        pages += 1
    assert pages == 4
    assert len(seen) == len(set(seen)) == N_CLAIMS
    last = client.get("/api/claims?limit=4&offset=12").json()
    assert last["next"] is None
    assert "offset=8" in last["prev"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("destination=GEO", {"geo-entries", "geo-stock"}),
        ("destination=GEO,KAZ", {"geo-entries", "geo-stock", "kaz-stock"}),
        ("destination=geo&destination=kaz", {"geo-entries", "geo-stock", "kaz-stock"}),
        ("measure=stock&total=1", {"t-stock"}),
        ("qualifier=range", {"t-oct"}),
        ("state=extracted", {"fin-x"}),
        ("flag=unverified", {"t-max"}),
        ("flag=broken_citation", {"srb-reg"}),
        ("source_kind=official", {"t-aug", "geo-entries", "geo-stock"}),
        ("source=s5", {"t-oct", "t-stock", "isr-arr"}),
        ("since=2023-01-01", {"t-stock", "tur-stock"}),
        ("until=2022-04-01&total=1", {"t-mar"}),
        ("group=millionaires", {"mil-fc"}),
        ("q=Examples", {"t-aug", "geo-entries", "geo-stock"}),
    ],
)
def test_claim_filters_match_the_cli(client: TestClient, query: str, expected: set[str]) -> None:
    assert ids(client.get(f"/api/claims?case=web-case&{query}")) == expected


def test_claims_sort(client: TestClient) -> None:
    items = client.get("/api/claims?sort=-value&total=1&measure=flow").json()["items"]
    values = [c["value"] if c["value"] is not None else c["high"] for c in items]
    assert values == sorted(values, reverse=True)
    assert items[0]["number"] == "at most 2,000,000"


def test_claims_csv(client: TestClient) -> None:
    r = client.get("/api/claims?case=web-case&format=csv&destination=GEO")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert {row["id"] for row in rows} == {"geo-entries", "geo-stock"}
    stock = next(row for row in rows if row["id"] == "geo-stock")
    assert stock["number"] == "about 60,000"
    assert stock["source_ids"] == "s2"


def test_one_claim_with_its_sources(client: TestClient) -> None:
    body = client.get("/api/claims/srb-reg").json()
    assert body["claim"]["value"] == 104000
    assert body["claim"]["period"] == "as of 2022-12-31"
    assert [s["id"] for s in body["sources"]] == ["s4"]
    assert body["sources"][0]["flags"] == ["missing_title", "undated"]
    assert client.get("/api/claims/srb-reg?case=web-case").status_code == 200
    missing = client.get("/api/claims/no-such-claim")
    assert missing.status_code == 404
    assert "no-such-claim" in missing.json()["message"]


def test_sources(client: TestClient) -> None:
    body = client.get("/api/sources?case=web-case").json()
    assert body["total"] == 6
    by_id = {s["id"]: s for s in body["items"]}
    assert by_id["s5"]["claims"] == 3
    assert by_id["s3"]["title"] == HOSTILE_TITLE  # JSON carries the text as it is
    broken = client.get("/api/sources?broken=1").json()["items"]
    assert [s["id"] for s in broken] == ["s4"]
    assert "the reference gives no title" in broken[0]["problems"]
    assert [s["id"] for s in client.get("/api/sources?kind=academic").json()["items"]] == ["s5"]
    csv_text = client.get("/api/sources?format=csv").text
    assert csv_text.splitlines()[0].startswith("id,publisher,title,url")


def test_one_source_with_its_claims(client: TestClient) -> None:
    body = client.get("/api/sources/s5").json()
    assert body["source"]["kind"] == "academic"
    assert {c["id"] for c in body["claims"]} == {"t-oct", "t-stock", "isr-arr"}
    assert client.get("/api/sources/nope").status_code == 404


def test_events_and_policies(client: TestClient) -> None:
    events = client.get("/api/events").json()
    assert events["total"] == 3
    assert [e["id"] for e in events["items"]] == ["e-start", "e-call", "e-fin"]
    assert ids(client.get("/api/events?kind=mobilization")) == {"e-call"}
    second = client.get("/api/events?limit=1&offset=1").json()
    assert [e["id"] for e in second["items"]] == ["e-call"]
    assert second["next"] and second["prev"]
    # Finland's rules include the ones Schengen sets for all its members.
    assert ids(client.get("/api/policies?country=FIN")) == {"p-sch", "p-fin"}
    assert ids(client.get("/api/policies?country=GEO")) == {"p-geo"}
    assert client.get("/api/events?format=csv").text.startswith("id,date,end,country")


def test_a_source_is_corrected_through_the_api_with_the_token(writer: TestClient) -> None:
    body = {"title": "Exits by land, autumn 2022", "published": "2022-10-04"}
    assert writer.patch("/api/sources/s4?case=web-case", json=body).status_code == 401
    wrong = writer.patch(
        "/api/sources/s4?case=web-case", json=body, headers={"Authorization": "Bearer nope"}
    )
    assert wrong.status_code == 403
    r = writer.patch("/api/sources/s4?case=web-case", json=body, headers=auth())
    assert r.status_code == 200, r.text
    assert r.json()["title"] == body["title"] and r.json()["published"] == "2022-10-04"
    again = writer.get("/api/sources/s4?case=web-case").json()["source"]
    assert again["title"] == body["title"] and "no publication date" not in again["problems"]


def test_a_bad_source_edit_names_its_field_and_changes_nothing(writer: TestClient) -> None:
    before = writer.get("/api/sources/s2?case=web-case").json()["source"]
    for body, field in (({"kind": "blog"}, "kind"), ({"published": "soon"}, "published")):
        r = writer.patch("/api/sources/s2?case=web-case", json=body, headers=auth())
        assert r.status_code == 400 and field in r.text, r.text
    assert writer.patch("/api/sources/s2?case=web-case", json={}, headers=auth()).status_code == 400
    missing = writer.patch("/api/sources/nope?case=web-case", json={"title": "x"}, headers=auth())
    assert missing.status_code == 404
    assert writer.get("/api/sources/s2?case=web-case").json()["source"] == before
