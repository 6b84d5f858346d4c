"""Hostile queries: long searches are a 400 naming q, wildcards match themselves, a 500 logs
one short line with a request id and never the query's parameters."""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from emigre.web import WebConfig, create_app
from tests.web.conftest import auth
from tests.web.test_api_evidence import N_CLAIMS


def _total(r) -> int:
    assert r.status_code == 200, r.text
    return r.json()["total"]


@pytest.mark.parametrize(
    "q",
    [" ".join(["word"] * 1_000), "x" * 65_000, " ".join(["ab"] * 9)],
    ids=["1000-words", "65k", "9-words"],
)
def test_a_long_search_is_a_400_naming_q(client: TestClient, q: str) -> None:
    for url in ("/api/claims", "/api/sources"):
        r = client.get(url, params={"q": q})
        assert r.status_code == 400, (url, r.text)
        assert r.json()["field"] == "q"


def test_like_wildcards_match_themselves(writer: TestClient) -> None:
    r = writer.patch("/api/claims/fin-x", json={"note": "a share of 5_% noted"}, headers=auth())
    assert r.status_code == 200, r.text
    found = writer.get("/api/claims", params={"q": "5_%"}).json()["items"]
    assert [c["id"] for c in found] == ["fin-x"]
    assert _total(writer.get("/api/claims", params={"q": "%"})) < N_CLAIMS
    assert _total(writer.get("/api/claims", params={"q": "\x00"})) == 0
    assert _total(writer.get("/api/claims", params={"q": "%%%"})) == 0


def test_a_500_logs_one_short_line_without_parameters(shared_url: str, caplog) -> None:
    app = create_app(WebConfig(db_url=shared_url))
    secret = "PARAMETER-" + "y" * 5_000

    @app.get("/api/broken")
    def broken() -> None:
        with app.state.store.session() as s:
            s.execute(text("SELECT no_such_column FROM claims WHERE note = :p"), {"p": secret})

    caplog.set_level(logging.INFO, logger="emigre.web")
    with TestClient(app) as c:  # raises if the error escaped to the server
        r = c.get("/api/broken")
    assert r.status_code == 500
    rid = r.headers["x-request-id"]
    assert rid in r.json()["message"]
    lines = [rec for rec in caplog.records if rec.name == "emigre.web" and rid in rec.getMessage()]
    assert len(lines) == 1
    message = lines[0].getMessage()
    assert "PARAMETER" not in message and len(message) < 400 and "\n" not in message
    assert lines[0].exc_info is None


def test_a_write_body_over_the_limit_is_a_413(writer: TestClient) -> None:
    """A 50 MB note was stored, and the claims list then answered 52 MB."""
    from emigre.web.limits import MAX_BODY_BYTES

    note = "n" * (MAX_BODY_BYTES + 1)
    r = writer.patch("/api/claims/fin-x", json={"note": note}, headers=auth())
    assert r.status_code == 413
    assert "limit is 1 MB (1,048,576 bytes)" in r.json()["message"]

    def chunks():
        for _ in range(3):
            yield b"x" * (MAX_BODY_BYTES // 2)

    r = writer.patch(
        "/api/claims/fin-x",
        content=chunks(),
        headers=auth() | {"content-type": "application/json"},
    )
    assert r.status_code == 413
    assert writer.get("/api/claims/fin-x").json()["claim"]["note"] != note
    r = writer.patch("/api/claims/fin-x", json={"note": "short"}, headers=auth())
    assert r.status_code == 200


@pytest.mark.parametrize(
    ("url", "field"), [("/api/claims?group=a%00b", "group"), ("/api/claims/x%00y", "path")]
)
def test_a_nul_outside_a_search_is_a_400(client: TestClient, url: str, field: str) -> None:
    """Schemathesis found it: PostgreSQL cannot hold a NUL, and answered 500."""
    r = client.get(url)
    assert r.status_code == 400 and r.json()["field"] == field
