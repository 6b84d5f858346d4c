"""The dashboard reads while another process writes, and never serves what the store no
longer holds."""

from __future__ import annotations

import threading

from fastapi.testclient import TestClient

from emigre.store import open_store, repo
from emigre.web import WebConfig, create_app
from tests.web.conftest import auth


def test_a_write_elsewhere_shows_on_the_next_read(fresh_url: str) -> None:
    with TestClient(create_app(WebConfig(db_url=fresh_url))) as c:
        assert c.get("/api/claims/fin-x").json()["claim"]["state"] == "extracted"
        first = c.get("/api/claims?state=accepted")
        again = c.get("/api/claims?state=accepted")
        assert first.content == again.content
        assert (
            c.get(
                "/api/claims?state=accepted", headers={"If-None-Match": first.headers["etag"]}
            ).status_code
            == 304
        )
        other = open_store(fresh_url)  # as `emigre ingest` would, from another process
        with other.session() as s:
            repo.set_claim_state(s, "web-case", "fin-x", "accepted")
        other.dispose()
        assert c.get("/api/claims/fin-x").json()["claim"]["state"] == "accepted"
        after = c.get("/api/claims?state=accepted")
        assert after.json()["total"] == first.json()["total"] + 1


def test_reads_go_on_while_a_writer_holds_its_transaction(fresh_url: str) -> None:
    other = open_store(fresh_url)
    holding = threading.Event()
    release = threading.Event()

    def write() -> None:
        with other.session() as s:
            repo.set_claim_state(s, "web-case", "fin-x", "rejected")
            holding.set()
            release.wait(10)

    t = threading.Thread(target=write)
    t.start()
    try:
        assert holding.wait(10)
        with TestClient(create_app(WebConfig(db_url=fresh_url, cache=False))) as c:
            r = c.get("/api/claims?case=web-case")  # WAL: readers do not wait for writers
            assert r.status_code == 200
            assert c.get("/api/claims/fin-x").json()["claim"]["state"] == "extracted"
    finally:
        release.set()
        t.join()
        other.dispose()


def test_many_threads_read_a_read_only_store_at_once(shared_url: str) -> None:
    """The web process reads from a thread pool; connections must not be shared or closed
    under another thread's feet."""
    from concurrent.futures import ThreadPoolExecutor

    store = open_store(shared_url, readonly=True)
    barrier = threading.Barrier(24)

    def read(_: int) -> int:
        barrier.wait(10)
        total = 0
        for _ in range(5):
            with store.session() as s:
                total += len(repo.list_claims(s, case="web-case"))
        return total

    try:
        with ThreadPoolExecutor(24) as pool:
            results = list(pool.map(read, range(24)))
    finally:
        store.dispose()
    assert results == [5 * 15] * 24


def _response_cache(app):
    from emigre.web.cache import ResponseCache

    layer = app.middleware_stack
    while layer is not None and not isinstance(layer, ResponseCache):
        layer = getattr(layer, "app", None)
    assert layer is not None
    return layer


def test_a_review_invalidates_what_depends_on_the_claim_only(fresh_url: str) -> None:
    """Each write emptied the whole cache: reads fell from 818/s to 50/s while a reviewer worked."""
    from tests.web.conftest import TOKEN, auth

    with TestClient(create_app(WebConfig(db_url=fresh_url, token=TOKEN))) as c:
        ids = [i["id"] for i in c.get("/api/claims", params={"limit": 3}).json()["items"]]
        other = next(i for i in ids if i != "fin-x")
        urls = ["/api/events", "/cases/web-case/sources", f"/api/claims/{other}", "/method"]
        claims_url = "/api/claims?state=accepted"
        first = {u: c.get(u).content for u in [*urls, claims_url]}
        cache = _response_cache(c.app)
        r = c.patch("/api/claims/fin-x", json={"state": "accepted"}, headers=auth())
        assert r.status_code == 200
        hits = cache.hits
        for u in urls:
            assert c.get(u).content == first[u]
        assert cache.hits == hits + len(urls)  # all answered from the cache
        misses = cache.misses
        after = c.get(claims_url).json()
        assert cache.misses == misses + 1  # the claims list is read again, with fin-x in it
        assert "fin-x" in {x["id"] for x in after["items"]}
        assert c.get("/api/claims/fin-x").json()["claim"]["state"] == "accepted"
        # an edit of what the claim says reaches the sources page (it lists claims' figures)
        r = c.patch("/api/claims/fin-x", json={"value": 123}, headers=auth())
        assert r.status_code == 200
        misses = cache.misses
        c.get("/cases/web-case/sources")
        assert cache.misses == misses + 1


def test_a_note_edit_keeps_the_estimate_a_value_edit_redoes_it(writer: TestClient) -> None:
    """The estimate is keyed by what it reads: a note typed in the dashboard costs no
    re-estimate, a changed number does."""
    from emigre import estimate as est_pkg

    store = writer.app.state.store  # type: ignore[attr-defined]

    def key() -> str:
        with store.session() as s:
            return est_pkg.case_request(repo.read_bundle(s, "web-case")).key()

    before = key()
    note = writer.patch(
        "/api/claims/kaz-stock", json={"note": "entries, not people"}, headers=auth()
    )
    assert note.status_code == 200, note.text
    assert key() == before
    value = writer.patch("/api/claims/kaz-stock", json={"value": 100_001}, headers=auth())
    assert value.status_code == 200, value.text
    assert key() != before
