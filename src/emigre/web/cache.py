"""Rendered responses kept until the store changes, so a busy dashboard reads the store rarely.

SQLite tells a connection when another one has committed (PRAGMA data_version); that number,
with a counter this process bumps on its own writes, is the version a cached response belongs
to; PostgreSQL's snapshot tells the same (see StoreVersion). In-memory SQLite is not cached.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
import uuid
from collections import Counter, OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_ENTRIES = 1024
MAX_BODY = 4 * 1024 * 1024


ALL = "*"
"""The topic of a response that may depend on anything in the store."""


def read_topics(path: str) -> frozenset[str]:
    """What a GET's answer depends on, from its path: lists of events or policies on those
    alone, the sources page on sources and what claims say (not their review state), one
    claim's JSON on that claim and the sources, the method pages on nothing the API writes;
    anything else (claim lists, figures, estimates) on everything."""
    parts = [p for p in path.split("/") if p]
    if parts[:2] in (["api", "events"], ["api", "policies"]):
        return frozenset({parts[1]})
    if parts == ["api", "sources"] or (
        len(parts) == 3 and parts[0] == "cases" and parts[2] == "sources"
    ):
        return frozenset({"sources", "claim-content"})
    if len(parts) == 3 and parts[:2] == ["api", "claims"]:
        return frozenset({f"claim:{parts[2]}", "sources"})
    if parts[:1] == ["method"]:
        return frozenset({"method"})
    return frozenset({ALL})


REVIEW_FIELDS = frozenset({"state", "note"})
"""Fields whose edit changes a claim's review, not what it says (the sources page shows what
claims say: number, measure, place, period, flags)."""


def write_topics(path: str, fields: frozenset[str] | None) -> frozenset[str]:
    """What a write changes: a claim's edit changes that claim, the claims and the estimate;
    and what the claim says unless only review fields were sent. Other writes: everything."""
    parts = [p for p in path.split("/") if p]
    if len(parts) == 3 and parts[:2] == ["api", "claims"] and fields is not None:
        topics = {f"claim:{parts[2]}", "claims", ALL}
        if not fields <= REVIEW_FIELDS:
            topics.add("claim-content")
        return frozenset(topics)
    return frozenset({"events", "policies", "sources", "claim-content", "claims", "method", ALL})


class StoreVersion:
    """Which state of the store a cached answer belongs to, by topic.

    Another program's commit is seen from the store itself, SQLite's PRAGMA data_version on a
    connection of its own or, on PostgreSQL, the xmax of a fresh snapshot (the next
    transaction id to end, which moves only when a transaction that wrote ends; a read takes
    no id); it makes every answer stale. This server's own writes say what they change
    (write_topics), so that a reviewer's edit leaves the answers that do not depend on it in
    the cache. In-memory SQLite cannot be watched, and is not cached."""

    def __init__(self, db_url: str) -> None:
        self._lock = threading.Lock()
        # the estimates and runs kept in memory are shared by every app of the process: this
        # store's states must never be taken for another store's (both count from 0)
        self._token = uuid.uuid4().hex
        self._external = 0
        self._seen: int | None = None
        self._writing = 0
        self._busy: Counter[str] = Counter()  # topics of the writes under way
        self._gen: Counter[str] = Counter()
        self._conn: sqlite3.Connection | None = None
        self._pg: Any = None
        url = make_url(db_url)
        if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
            path = Path(url.database).expanduser()
            self._conn = sqlite3.connect(
                f"file:{path}?mode=ro", uri=True, check_same_thread=False, isolation_level=None
            )
        elif url.get_backend_name() == "postgresql":
            from sqlalchemy import create_engine
            from sqlalchemy.pool import StaticPool

            self._pg = create_engine(url, poolclass=StaticPool, isolation_level="AUTOCOMMIT")

    @property
    def trackable(self) -> bool:
        return self._conn is not None or self._pg is not None

    def _raw(self) -> int:
        if self._conn is not None:
            (version,) = self._conn.execute("PRAGMA data_version").fetchone()
            return int(version)
        from sqlalchemy import text

        with self._pg.connect() as c:
            snapshot = c.execute(text("SELECT txid_current_snapshot()::text")).scalar()
        return int(str(snapshot).split(":")[1])  # 'xmin:xmax:xip,...'

    def _observe(self) -> None:
        raw = self._raw()
        if raw != self._seen:
            if self._seen is not None and self._writing == 0:
                self._external += 1  # not ours: anything may have changed
            if self._writing == 0:
                self._seen = raw

    def state(self, topics: frozenset[str] = frozenset({ALL})) -> tuple[int, ...] | None:
        """The generation of each topic (after another program's commits), or None while this
        server is writing one of them (an answer read now may be older or newer than its
        write) or for a store that cannot be watched."""
        if not self.trackable:
            return None
        with self._lock:
            self._observe()
            if self._writing and (ALL in topics or any(self._busy[t] for t in topics)):
                return None
            return (self._external, *(self._gen[t] for t in sorted(topics)))

    def current(self) -> tuple[str, int, int] | None:
        """The state of the claims (what estimates depend on), of this store alone."""
        if not self.trackable:
            return None
        with self._lock:
            self._observe()
            return self._token, self._external, self._gen["claims"]

    def begin_write(self, topics: frozenset[str]) -> None:
        with self._lock:
            if self.trackable:
                self._observe()
            self._writing += 1
            for t in topics:
                self._busy[t] += 1

    def end_write(self, topics: frozenset[str]) -> None:
        with self._lock:
            for t in topics:
                self._gen[t] += 1
                self._busy[t] -= 1
            self._writing -= 1
            if self._writing == 0 and self.trackable:
                self._seen = self._raw()  # the commits since begin_write were ours

    def bump(self, topics: frozenset[str] = frozenset({ALL})) -> None:
        """Something this server holds changed (an estimate became ready): answers that
        depend on it are stale."""
        with self._lock:
            for t in topics:
                self._gen[t] += 1

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        if self._pg is not None:
            self._pg.dispose()
            self._pg = None


def _fields(body: bytes) -> frozenset[str] | None:
    """The top-level keys of a JSON object body, or None."""
    import json

    try:
        data = json.loads(body) if body else None
    except ValueError:
        return None
    return frozenset(data) if isinstance(data, dict) else None


@dataclass
class _Entry:
    version: tuple[int, ...]
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    etag: bytes


class ResponseCache:
    """ASGI middleware: answers repeated GETs from memory while the store version holds."""

    def __init__(self, app: ASGIApp, version: StoreVersion, enabled: bool = True) -> None:
        self.app = app
        self.version = version
        self.enabled = enabled and version.trackable
        self._entries: OrderedDict[str, _Entry] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        if method not in ("GET", "HEAD"):
            await self._write(scope, receive, send)
            return
        path: str = scope["path"]
        if not self.enabled or path.startswith(("/static/", "/docs")):
            await self.app(scope, receive, send)
            return
        key = path + "?" + scope.get("query_string", b"").decode("latin-1")
        version = self.version.state(read_topics(path))
        if version is None:  # a write is under way: answer from the store, keep nothing
            await self.app(scope, receive, send)
            return
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry.version == version:
                self._entries.move_to_end(key)
            else:
                entry = None
        if entry is not None:
            self.hits += 1
            await self._replay(entry, scope, send)
            return
        self.misses += 1
        await self._record(key, version, scope, receive, send)

    async def _write(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass a write on, knowing from its JSON body (read first: BodyLimit bounds it) which
        topics it changes, so that answers on other topics are still served meanwhile."""
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            body.extend(message.get("body", b""))
            if not message.get("more_body", False):
                break
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}
            return await receive()

        topics = write_topics(scope["path"], _fields(bytes(body)))
        self.version.begin_write(topics)
        try:
            await self.app(scope, replay, send)
        finally:
            self.version.end_write(topics)

    async def _replay(self, entry: _Entry, scope: Scope, send: Send) -> None:
        headers = dict(scope["headers"])
        if headers.get(b"if-none-match") == entry.etag:
            await send(
                {
                    "type": "http.response.start",
                    "status": 304,
                    "headers": [(b"etag", entry.etag), (b"cache-control", b"no-cache")],
                }
            )
            await send({"type": "http.response.body", "body": b""})
            return
        await send(
            {"type": "http.response.start", "status": entry.status, "headers": entry.headers}
        )
        body = b"" if scope["method"] == "HEAD" else entry.body
        await send({"type": "http.response.body", "body": body})

    async def _record(
        self, key: str, version: tuple[int, ...], scope: Scope, receive: Receive, send: Send
    ) -> None:
        start: Message | None = None
        chunks: list[bytes] = []
        passthrough = False

        async def capture(message: Message) -> None:
            nonlocal start, passthrough
            if passthrough:
                await send(message)
                return
            if message["type"] == "http.response.start":
                start = message
                if message["status"] != 200:
                    passthrough = True
                    await send(message)
                return
            if message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                body = b"".join(chunks)
                assert start is not None
                etag = b'"' + hashlib.blake2b(body, digest_size=12).hexdigest().encode() + b'"'
                headers = [
                    (k, v) for k, v in start["headers"] if k not in (b"etag", b"cache-control")
                ]
                headers += [(b"etag", etag), (b"cache-control", b"no-cache")]
                entry = _Entry(version, 200, headers, body, etag)
                if len(body) <= MAX_BODY and scope["method"] == "GET":
                    with self._lock:
                        self._entries[key] = entry
                        while len(self._entries) > MAX_ENTRIES:
                            self._entries.popitem(last=False)
                await self._replay(entry, scope, send)

        await self.app(scope, receive, capture)
