"""The token stays in the Authorization header; every answer carries security headers; writes
from another machine over plain HTTP are refused unless the server was told otherwise."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from emigre.cli.web import startup_notes
from emigre.web import WebConfig, create_app
from tests.web.conftest import TOKEN, auth


def test_a_token_in_a_page_url_is_redirected_away(writer: TestClient) -> None:
    """Sort, API and CSV links carried ?token= once a page had been opened with it."""
    r = writer.get("/cases/web-case/evidence?sort=-value&token=" + TOKEN, follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/cases/web-case/evidence?sort=-value"
    page = writer.get("/cases/web-case/evidence?sort=-value&token=" + TOKEN).text
    assert TOKEN not in page and "token=" not in page
    body = writer.get("/api/claims", params={"limit": 1, "token": TOKEN}).json()
    assert body["next"] and "token" not in body["next"]


def test_the_token_is_not_accepted_from_the_url(writer: TestClient) -> None:
    r = writer.patch(f"/api/claims/fin-x?token={TOKEN}", json={"state": "accepted"})
    assert r.status_code == 401


@pytest.mark.parametrize("url", ["/", "/cases/web-case", "/api/claims", "/docs", "/nothing"])
def test_every_answer_has_security_headers(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "no-referrer"
    csp = r.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    if url != "/docs":
        assert not re.search(r"script-src[^;]*'unsafe-inline'", csp)


def test_pages_have_no_inline_script_to_need_unsafe_inline(client: TestClient) -> None:
    html = client.get("/cases/web-case/timeline").text
    scripts = re.findall(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", html, re.S)
    for attrs, _body in scripts:
        assert "src=" in attrs or 'type="application/json"' in attrs, attrs
    assert not re.search(r"\son[a-z]+=", html)  # no inline event handlers


def test_remote_plain_http_writes_are_refused_unless_allowed(fresh_url: str) -> None:
    remote = ("192.0.2.10", 50000)
    with TestClient(create_app(WebConfig(db_url=fresh_url, token=TOKEN)), client=remote) as c:
        r = c.patch("/api/claims/fin-x", json={"state": "accepted"}, headers=auth())
        assert r.status_code == 403 and "plain HTTP" in r.json()["message"]
        assert c.get("/api/claims/fin-x").status_code == 200  # reading stays open
    allowed = WebConfig(db_url=fresh_url, token=TOKEN, plain_http_writes=True)
    with TestClient(create_app(allowed), client=remote) as c:
        r = c.patch("/api/claims/fin-x", json={"state": "accepted"}, headers=auth())
        assert r.status_code == 200
    with TestClient(
        create_app(WebConfig(db_url=fresh_url, token=TOKEN)), client=("127.0.0.1", 5)
    ) as c:
        r = c.patch("/api/claims/fin-x", json={"state": "rejected"}, headers=auth())
        assert r.status_code == 200


def test_the_startup_message_never_shows_a_token_url() -> None:
    lines, warnings = startup_notes("127.0.0.1", 8000, WebConfig(db_url="x", token=TOKEN))
    assert not warnings
    assert all("token=" not in line for line in lines)
    assert any("form on a case's Evidence page" in line for line in lines)
    lines, warnings = startup_notes("0.0.0.0", 8000, WebConfig(db_url="x", token=TOKEN))
    assert len(warnings) == 1 and "other machines can reach" in warnings[0]
    assert "refused" in warnings[0]
