"""An estimate at a date of the asker's choosing is queued (202 with its place in the queue),
computed once however often it is asked for, and does not become the estimate `emigre explain`
explains."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from emigre.estimate import cache
from emigre.web import WebConfig, create_app, estimates
from emigre.web.work import HEAVY


@pytest.fixture(scope="module")
def client(shared_url: str) -> Iterator[TestClient]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("EMIGRE_ESTIMATES", "on")
        with TestClient(create_app(WebConfig(db_url=shared_url))) as c:
            yield c


@pytest.mark.slow  # one estimate of the small test case at a new date
def test_a_new_date_is_queued_then_answered_once(client: TestClient) -> None:
    client.get("/api/estimates", params={"case": "web-case"})  # the published one, computed
    cache.mark_last("explained-before")
    asked = {"case": "web-case", "as_of": "2023-01-15"}
    r = client.get("/api/estimates", params=asked)
    assert r.status_code == 202, r.text
    body = r.json()
    assert body["status"] == "queued" and body["position"] >= 0 and r.headers["Retry-After"]
    key = estimates.estimate_key("web-case", dt.date(2023, 1, 15), client.app.state.version)  # type: ignore[attr-defined]
    again = client.get("/api/estimates", params=asked)  # identical: the same job
    assert again.status_code in (200, 202)
    if HEAVY.pending(key):
        HEAVY.submit(key, lambda: None, None).future.result()
    r = client.get("/api/estimates", params=asked)
    assert r.status_code == 200 and r.json()["as_of"] == "2023-01-15"
    assert cache.last_key() == "explained-before"  # the dashboard's estimates are not 'last'


def _wait(key) -> None:
    if HEAVY.pending(key):  # wait for it (an empty job if it ended just now)
        HEAVY.submit(key, lambda: None, None).future.result()


def test_a_review_does_not_make_pages_wait_for_the_new_estimate(fresh_url: str) -> None:
    """After a claim's edit the estimate is recomputed in the queue once the claims settle;
    the pages meanwhile show the one from before (they waited half a minute for it), and an
    estimate made obsolete by the next edit is never computed."""
    from tests.web.conftest import TOKEN, auth

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("EMIGRE_ESTIMATES", "on")
        with TestClient(create_app(WebConfig(db_url=fresh_url, token=TOKEN))) as c:
            version = c.app.state.version  # type: ignore[attr-defined]
            first = c.get("/api/estimates", params={"case": "web-case"}).json()
            assert first["available"] is True  # from the estimation cache: computed above
            before = c.get("/api/claims/fin-x").json()["claim"]
            state, value = before["state"], before["value"]
            # a figure no earlier run can have estimated (the estimation cache outlives a
            # run: an edit seen before would be answered from it, rightly, at once)
            unique = 60_000 + secrets.randbelow(10_000_000)
            r = c.patch(
                "/api/claims/fin-x", json={"state": "accepted", "value": unique}, headers=auth()
            )
            assert r.status_code == 200
            edited = estimates.estimate_key("web-case", None, version)
            page = c.get("/api/cases/web-case/overview").json()  # answered at once
            assert page["estimate_note"] is None  # the previous estimate is shown meanwhile
            # had the page waited for the new estimate, it would be in memory by now
            assert not estimates.remembered(edited)[0]
            # the reviewer changes it back within the settling time: that edit's estimate
            # is obsolete, and the one of the claims as they are now comes from the cache
            r = c.patch("/api/claims/fin-x", json={"state": state, "value": value}, headers=auth())
            assert r.status_code == 200
            back = estimates.estimate_key("web-case", None, version)
            c.get("/api/cases/web-case/overview")
            _wait(edited)
            _wait(back)
            assert not estimates.remembered(edited)[0]  # obsolete before it settled: skipped
