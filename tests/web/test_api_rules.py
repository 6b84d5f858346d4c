"""The API's rules: bad parameters get 400 with a message, writes need the token."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from emigre.web import WebConfig, create_app
from tests.web.conftest import TOKEN, auth


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/claims?destination=XYZ", "destination"),
        ("/api/claims?destination=Georgia", "destination"),
        ("/api/claims?measure=people", "measure"),
        ("/api/claims?state=approved", "state"),
        ("/api/claims?flag=odd", "flag"),
        ("/api/claims?qualifier=roughly", "qualifier"),
        ("/api/claims?source_kind=blog", "source_kind"),
        ("/api/claims?sort=bad", "sort"),
        ("/api/claims?since=2022-13-01", "since"),
        ("/api/claims?since=2023-01-01&until=2022-01-01", "until"),  # was an empty 200
        ("/api/claims?until=yesterday", "until"),
        ("/api/claims?limit=0", "limit"),
        ("/api/claims?limit=100000", "limit"),
        ("/api/claims?offset=-1", "offset"),
        ("/api/claims?offset=99999999999999999999", "offset"),  # was a 500 from SQLite
        ("/api/claims?limit=ten", "limit"),
        ("/api/claims?format=xml", "format"),
        ("/api/claims?total=maybe", "total"),
        ("/api/sources?kind=blog", "kind"),
        ("/api/sources?flag=odd", "flag"),
        # events and policies answered a typo with an empty list (200)
        ("/api/events?country=XX", "country"),
        ("/api/events?country=Georgia", "country"),
        ("/api/events?kind=protst", "kind"),
        ("/api/policies?country=ZZZ", "country"),
        ("/api/policies?measure=visa-free", "measure"),
        ("/api/cases/web-case/map?date=2022-02-30", "date"),
        ("/api/cases/web-case/map?date=2021-01-01", "date"),
        ("/api/cases/web-case/map?measure=people", "measure"),
        ("/api/estimates?as_of=soon", "as_of"),
        ("/api/estimates?as_of=2021-01-01", "as_of"),
        (
            "/api/estimates?as_of=2999-01-01",
            "as_of",
        ),  # past the model's weekly grid  # before the case starts: was all zeros
    ],
)
def test_bad_parameters_get_400_with_a_message(client: TestClient, url: str, field: str) -> None:
    r = client.get(url)
    assert r.status_code == 400, r.text
    body = r.json()
    assert body["error"] == "bad_request"
    assert body["message"]
    assert field in (body.get("field") or "") or field in body["message"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/cases/nope",
        "/api/claims?case=nope",
        "/api/sources?case=nope",
        "/api/nothing-here",
        "/api/cases/nope/timeline",
    ],
)
def test_unknown_things_get_404_as_json(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 404
    assert r.json()["message"]


def test_wrong_method_is_json(client: TestClient) -> None:
    r = client.put("/api/claims", headers=auth())
    assert r.status_code in (403, 405)
    assert r.json()["message"]


def test_read_only_server_refuses_writes(client: TestClient) -> None:
    assert client.app.state.store.readonly  # type: ignore[attr-defined]
    r = client.patch("/api/claims/fin-x", json={"state": "accepted"})
    assert r.status_code == 401
    assert "read-only" in r.json()["message"]
    r = client.patch("/api/claims/fin-x", json={"state": "accepted"}, headers=auth())
    assert r.status_code == 403
    assert client.get("/api/claims/fin-x").json()["claim"]["state"] == "extracted"


@pytest.mark.parametrize("method", ["post", "patch", "delete", "put"])
def test_every_write_call_needs_the_token(writer: TestClient, method: str) -> None:
    for url in ("/api/claims/fin-x", "/api/runs", "/api/anything"):
        r = writer.request(method.upper(), url, json={"state": "accepted"})
        assert r.status_code == 401, (method, url)
        assert r.headers["www-authenticate"] == "Bearer"
        r = writer.request(method.upper(), url, json={"state": "accepted"}, headers=auth("no"))
        assert r.status_code == 403, (method, url)
        assert r.json()["message"] == "wrong write token"


def test_review_with_the_token(writer: TestClient) -> None:
    assert not writer.app.state.store.readonly  # type: ignore[attr-defined]
    before = writer.get("/api/claims/fin-x").json()["claim"]
    assert before["state"] == "extracted"
    r = writer.patch("/api/claims/fin-x", json={"state": "accepted"}, headers=auth())
    assert r.status_code == 200, r.text
    assert r.json()["state"] == "accepted"
    # The next read sees it (the response cache follows the store).
    assert writer.get("/api/claims/fin-x").json()["claim"]["state"] == "accepted"
    assert "fin-x" in {c["id"] for c in writer.get("/api/claims?state=accepted").json()["items"]}
    r = writer.patch(
        "/api/claims/fin-x",
        json={"value": 70000, "note": "Corrected by a reviewer."},
        headers={"X-Emigre-Token": TOKEN},
    )
    assert r.status_code == 200
    assert r.json()["number"] == "70,000"


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"state": "approved"},
        {"state": None},
        {"value": -5},
        {"qualifier": "range"},  # a range needs low and high
        {"low": 900, "high": 100, "qualifier": "range"},
        {"low": 900, "high": 100},  # bounds the wrong way round on an 'about' claim
        {"destination": "Atlantis"},
        {"end": "2022-01-01"},  # before the period's start
        {"id": "other"},
        {"colour": "red"},
    ],
)
def test_bad_edits_get_400_and_change_nothing(writer: TestClient, body: dict) -> None:
    r = writer.patch("/api/claims/fin-x", json=body, headers=auth())
    assert r.status_code == 400, r.text
    assert r.json()["message"]
    after = writer.get("/api/claims/fin-x").json()["claim"]
    assert after["state"] == "extracted"
    assert after["value"] == 66000


def test_not_json_body(writer: TestClient) -> None:
    r = writer.patch(
        "/api/claims/fin-x",
        content=b"state=accepted",
        headers={**auth(), "Content-Type": "application/json"},
    )
    assert r.status_code == 400
    assert r.json()["message"]
    r = writer.patch(
        "/api/claims/fin-x",
        content=b'{"state": ',  # cut short: was "'10': JSON decode error" with field '10'
        headers={**auth(), "Content-Type": "application/json"},
    )
    assert r.status_code == 400 and r.json().get("field") is None
    assert r.json()["message"] == "the request body is not valid JSON (at character 10)"


def test_review_of_a_missing_claim(writer: TestClient) -> None:
    r = writer.patch("/api/claims/nope", json={"state": "accepted"}, headers=auth())
    assert r.status_code == 404


def test_token_from_the_environment(fresh_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EMIGRE_TOKEN", "from-env")
    config = WebConfig.from_env(fresh_url)
    assert config.token == "from-env"
    with TestClient(create_app(config)) as c:
        ok = c.patch("/api/claims/fin-x", json={"state": "disputed"}, headers=auth("from-env"))
        assert ok.status_code == 200


def test_openapi_and_local_docs(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path in (
        "/api/claims",
        "/api/claims/{claim_id}",
        "/api/sources",
        "/api/events",
        "/api/policies",
        "/api/estimates",
        "/api/runs",
        "/api/cases",
    ):
        assert path in spec["paths"]
    assert "patch" in spec["paths"]["/api/claims/{claim_id}"]
    page = client.get("/docs").text
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()
    assert client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200
