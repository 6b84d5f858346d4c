"""Bounded work per request: the queue of expensive work de-duplicates, holds a bounded number
of jobs and a bounded number per client, and cheap reads do not wait behind it."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from emigre.web import WebConfig, create_app, runs
from emigre.web.errors import WebError
from emigre.web.work import HEAVY, HeavyWork
from tests.web.conftest import TOKEN, auth


def _blocker(gate: threading.Event, started: threading.Event | None = None):
    def job() -> str:
        if started is not None:
            started.set()
        gate.wait()
        return "done"

    return job


def test_identical_jobs_are_one_and_limits_answer_429() -> None:
    work = HeavyWork(max_queued=3, per_client=2)
    gate, started = threading.Event(), threading.Event()
    calls: list[int] = []

    def counted() -> int:
        calls.append(1)
        return 7

    first = work.submit("a", _blocker(gate, started), "10.0.0.1")
    assert work.submit("a", counted, "10.0.0.2") is first  # the same question: one job
    started.wait()
    second = work.submit("b", counted, "10.0.0.1")
    assert work.position("a") == 0 and work.position("b") == 1 and work.position("z") is None
    with pytest.raises(WebError) as err:
        work.submit("c", counted, "10.0.0.1")  # a third for the same client
    assert err.value.status == 429 and err.value.headers["Retry-After"]
    work.submit("d", counted, None)  # the token's holder: no per-client limit
    with pytest.raises(WebError, match="computing 3"):
        work.submit("e", counted, "10.0.0.3")  # the queue is full
    gate.set()
    assert first.future.result() == "done" and second.future.result() == 7
    assert calls == [1, 1]  # b and d; 'a' asked twice ran once
    assert work.submit("f", counted, "10.0.0.1").future.result() == 7  # room again


@pytest.fixture
def sim_client(builtin_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(WebConfig(db_url=builtin_url, token=TOKEN))) as c:
        yield c


@pytest.mark.skipif(not runs.has_scenario("russia-2022"), reason="needs emigre.simulate")
def test_runs_beyond_a_clients_share_are_refused_and_reads_go_on(sim_client: TestClient) -> None:
    """45 runs with distinct seeds held every thread: an unrelated read waited 17.9 s."""
    gate = threading.Event()
    held = [HEAVY.submit(("held", i), _blocker(gate), "testclient") for i in range(2)]
    try:
        r = sim_client.get("/api/runs", params={"case": "russia-2022", "runs": 1, "seed": 999})
        assert r.status_code == 429 and "Retry-After" in r.headers
        assert r.json()["error"] == "too_many_requests"
        # reads are answered while the worker is held (they would hang if they queued)
        assert sim_client.get("/api/claims", params={"limit": 1}).status_code == 200
        assert sim_client.get("/cases/russia-2022/map").status_code == 200
    finally:
        gate.set()
        for job in held:
            job.future.result()
    r = sim_client.get(
        "/api/runs", params={"case": "russia-2022", "runs": 1, "seed": 999}, headers=auth()
    )
    assert r.status_code == 200


def test_waiting_for_one_job_is_bounded_too() -> None:
    """45 identical requests were one job, but 45 threads waiting for it."""
    from emigre.web.work import MAX_WAITING

    work = HeavyWork(max_queued=2, per_client=MAX_WAITING + 5)
    gate = threading.Event()
    waiters = [
        threading.Thread(target=work.run, args=("same", _blocker(gate), "c"))
        for _ in range(MAX_WAITING)
    ]
    for t in waiters:
        t.start()
    while work.waiting < MAX_WAITING:
        threading.Event().wait(0.01)
    with pytest.raises(WebError) as err:
        work.run("same", _blocker(gate), "c")
    assert err.value.status == 429
    gate.set()
    for t in waiters:
        t.join()
    assert work.run("same", lambda: 1, "c") == 1


def test_expensive_routes_admit_a_bounded_number_before_any_work() -> None:
    """45 runs at once each held a store connection while waiting: the pool ran dry (500s)."""
    from contextlib import ExitStack

    from emigre.web.work import MAX_ADMITTED

    work = HeavyWork(per_client=2)
    with ExitStack() as inside:
        inside.enter_context(work.admit("a"))
        inside.enter_context(work.admit("a"))
        with pytest.raises(WebError, match="under way") as err:
            inside.enter_context(work.admit("a"))
        assert err.value.status == 429
        for _ in range(MAX_ADMITTED - 2):
            inside.enter_context(work.admit(None))
        with pytest.raises(WebError, match="under way"):
            inside.enter_context(work.admit("b"))
    with work.admit("a"):  # all left: room again
        pass
