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


def test_the_store_version_moves_only_with_writes_on_each_backend(store_url: str) -> None:
    """PostgreSQL could not tell its state, so nothing was kept: identical estimates were not
    shared and every estimate-backed request read the estimate from disk again."""
    from emigre.web.cache import StoreVersion

    store = open_store(store_url)
    with store.session() as s:
        repo.load_bundle(s, web_bundle())
    version = StoreVersion(store_url)
    try:
        assert version.trackable
        before = version.current()
        with store.session() as s:
            repo.list_claims(s, case="web-case")
        assert version.current() == before  # a read is not a change
        with TestClient(create_app(WebConfig(db_url=store_url))) as c:
            first = c.get("/api/claims/fin-x")
            assert c.get("/api/claims/fin-x").headers["etag"] == first.headers["etag"]
            with store.session() as s:  # another program writes
                repo.set_claim_state(s, "web-case", "fin-x", "rejected")
            assert version.current() != before
            assert c.get("/api/claims/fin-x").json()["claim"]["state"] == "rejected"
    finally:
        version.close()
        store.dispose()
