"""The dashboard over each store the project supports: SQLite and (where it starts) PostgreSQL."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.exc import DBAPIError

from emigre.store import open_store, repo
from emigre.web import WebConfig, create_app
from tests.web.bundle import web_bundle
from tests.web.conftest import TOKEN, auth


def test_read_only_and_review_on_each_backend(store_url: str) -> None:
    store = open_store(store_url)
    with store.session() as s:
        repo.load_bundle(s, web_bundle())
    store.dispose()
    with TestClient(create_app(WebConfig(db_url=store_url))) as c:
        assert c.get("/api/claims?destination=GEO").json()["total"] == 2
        assert c.get("/cases/web-case/timeline").status_code == 200
        assert c.patch("/api/claims/fin-x", json={"state": "accepted"}).status_code == 401
        # The read-only store refuses writes itself, whatever the routes do.
        ro = c.app.state.store  # type: ignore[attr-defined]
        with pytest.raises(DBAPIError, match=r"(?i)read-?only"), ro.session() as s:
            repo.set_claim_state(s, "web-case", "fin-x", "accepted")
    with TestClient(create_app(WebConfig(db_url=store_url, token=TOKEN))) as c:
        r = c.patch("/api/claims/fin-x", json={"state": "accepted"}, headers=auth())
        assert r.status_code == 200
        assert c.get("/api/claims/fin-x").json()["claim"]["state"] == "accepted"
