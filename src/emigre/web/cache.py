"""Rendered responses kept until the store changes, so a busy dashboard reads the store rarely.

SQLite tells a connection when another one has committed (PRAGMA data_version); that number,
with a counter this process bumps on its own writes, is the version a cached response belongs
to; PostgreSQL's snapshot tells the same (see StoreVersion). In-memory SQLite is not cached.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_ENTRIES = 1024
MAX_BODY = 4 * 1024 * 1024


class StoreVersion:
    """A number that changes whenever the store's content may have changed.

    SQLite: PRAGMA data_version on a connection of its own. PostgreSQL: the xmax of a fresh
    snapshot, the next transaction id to complete, which moves only when a transaction that
    wrote something ends (a read takes no id), here or in any other program. In-memory
    SQLite cannot be watched, and is not cached."""

    def __init__(self, db_url: str) -> None:
        self._lock = threading.Lock()
        self._writes = 0
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

    def current(self) -> tuple[int, int] | None:
        with self._lock:
            if self._conn is not None:
                (version,) = self._conn.execute("PRAGMA data_version").fetchone()
                return int(version), self._writes
            if self._pg is not None:
                from sqlalchemy import text

                with self._pg.connect() as c:
                    snapshot = c.execute(text("SELECT txid_current_snapshot()::text")).scalar()
                # 'xmin:xmax:xip,...': xmax is one past the last id to have ended
                return int(str(snapshot).split(":")[1]), self._writes
            return None

    def bump(self) -> None:
        with self._lock:
            self._writes += 1

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        if self._pg is not None:
            self._pg.dispose()
            self._pg = None


@dataclass
class _Entry:
    version: tuple[int, int]
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
            try:
                await self.app(scope, receive, send)
            finally:
                self.version.bump()
            return
        path: str = scope["path"]
        if not self.enabled or path.startswith(("/static/", "/docs")):
            await self.app(scope, receive, send)
            return
        key = path + "?" + scope.get("query_string", b"").decode("latin-1")
        version = self.version.current()
        assert version is not None
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
        self, key: str, version: tuple[int, int], scope: Scope, receive: Receive, send: Send
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
