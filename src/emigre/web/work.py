"""The expensive work a request can ask for (an estimate at a new date, a simulation run), done
one job at a time on a thread of its own, so that cheap reads never wait behind it.

Jobs are named by what they compute: the same question asked twice while it is queued or
running is one job that both wait on. The queue is bounded, and so is what one client may have
in it (a client is its address; a request carrying the write token is not limited per client,
only by the queue). Over either limit the answer is 429 with Retry-After, at once.
"""

from __future__ import annotations

import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Hashable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from emigre.web.errors import WebError

MAX_QUEUED = 8
"""Jobs queued or running at once, all clients together."""
PER_CLIENT = 2
"""Jobs one client (without the token) may have queued or running."""
MAX_WAITING = 16
"""Requests that may wait for a job at once: each holds one of the threads that answer
requests, so they are bounded well below that pool (40) however many ask the same thing."""
MAX_ADMITTED = 8
"""Requests inside an expensive route at once (see HeavyWork.admit): each may hold a
connection to the store, and the store's pool (15) must keep room for the reads."""
RETRY_AFTER = 10


@dataclass
class Job:
    key: Hashable
    client: str | None
    future: Future[Any]


class HeavyWork:
    """A bounded, de-duplicating queue in front of one worker thread."""

    def __init__(
        self, workers: int = 1, max_queued: int = MAX_QUEUED, per_client: int = PER_CLIENT
    ) -> None:
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="emigre-heavy")
        self._lock = threading.Lock()
        self._jobs: OrderedDict[Hashable, Job] = OrderedDict()
        self._clients: Counter[str] = Counter()
        self.max_queued = max_queued
        self.per_client = per_client
        self.refused = 0
        self._waiting = 0
        self._admitted: Counter[str | None] = Counter()

    def submit(self, key: Hashable, fn: Callable[[], Any], client: str | None) -> Job:
        """The job computing `key`: the one already queued, else a new one (or a 429)."""
        with self._lock:
            job = self._jobs.get(key)
            if job is not None:
                return job
            if client is not None and self._clients[client] >= self.per_client:
                self.refused += 1
                raise busy(
                    f"you already have {self.per_client} estimates or runs being computed; "
                    "ask again when they are done"
                )
            if len(self._jobs) >= self.max_queued:
                self.refused += 1
                raise busy(f"the server is computing {len(self._jobs)} estimates or runs already")
            future: Future[Any] = Future()
            job = Job(key, client, future)
            self._jobs[key] = job
            if client is not None:
                self._clients[client] += 1
        self._pool.submit(self._run, job, fn)
        return job

    @contextmanager
    def admit(self, client: str | None) -> Iterator[None]:
        """Let a request into an expensive route, or answer 429 at once: at most MAX_ADMITTED
        requests in all and `per_client` per client are inside (before they touch the store,
        so that a burst cannot take the store's connections either)."""
        with self._lock:
            total = sum(self._admitted.values())
            mine = self._admitted[client] if client is not None else 0
            if total >= MAX_ADMITTED or mine >= self.per_client:
                self.refused += 1
                raise busy(
                    "you already have requests for estimates or runs under way"
                    if mine >= self.per_client
                    else f"{total} requests for estimates or runs are under way already"
                )
            self._admitted[client] += 1
        try:
            yield
        finally:
            with self._lock:
                self._admitted[client] -= 1
                if self._admitted[client] <= 0:
                    del self._admitted[client]

    def run(self, key: Hashable, fn: Callable[[], Any], client: str | None) -> Any:
        """Compute `key` in the queue and wait for it (the caller's thread waits, not works);
        at most MAX_WAITING callers wait at once."""
        with self._lock:
            if self._waiting >= MAX_WAITING:
                self.refused += 1
                raise busy(f"{self._waiting} requests are waiting for estimates or runs already")
            self._waiting += 1
        try:
            return self.submit(key, fn, client).future.result()
        finally:
            with self._lock:
                self._waiting -= 1

    def position(self, key: Hashable) -> int | None:
        """0 while the job runs, n when n jobs are ahead of it, None when it is not queued."""
        with self._lock:
            for i, k in enumerate(self._jobs):
                if k == key:
                    return i
        return None

    @property
    def waiting(self) -> int:
        """Requests waiting for a job now."""
        return self._waiting

    def pending(self, key: Hashable) -> bool:
        with self._lock:
            return key in self._jobs

    def _run(self, job: Job, fn: Callable[[], Any]) -> None:
        try:
            result = fn()
        except BaseException as exc:
            job.future.set_exception(exc)
        else:
            job.future.set_result(result)
        finally:
            with self._lock:
                self._jobs.pop(job.key, None)
                if job.client is not None:
                    self._clients[job.client] -= 1
                    if self._clients[job.client] <= 0:
                        del self._clients[job.client]


def busy(message: str) -> WebError:
    return WebError(429, message, headers={"Retry-After": str(RETRY_AFTER)})


HEAVY = HeavyWork()
"""The server's one queue (estimates and runs are module-level memos too: one process, one
machine's cores)."""
