"""Limits on what one request may send: the body of a write is read to a byte limit first."""

from __future__ import annotations

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from emigre.safe_read import size_words

MAX_BODY_BYTES = 1024 * 1024
"""A write is a claim's review or edit: a few hundred bytes; a megabyte is far past any note."""

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _too_large(limit: int, what: str) -> JSONResponse:
    return JSONResponse(
        {
            "error": "payload_too_large",
            "message": f"the request body is too large ({what}; the limit is {size_words(limit)})",
        },
        status_code=413,
    )


class BodyLimit:
    """ASGI middleware: a write whose body is over the limit is answered 413 before any route
    runs, whether it says its length (Content-Length) or streams it in chunks."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in WRITE_METHODS:
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await _too_large(self.limit, f"{size_words(int(declared))} declared")(
                scope, receive, send
            )
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                await _too_large(self.limit, f"more than {size_words(self.limit)} sent")(
                    scope, receive, send
                )
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


NUL_LITERAL = frozenset({"q"})
"""Parameters where a NUL is searched for like any character (and so matches nothing)."""


class RefuseNul:
    """ASGI middleware: a NUL character in the path or a query parameter is a 400 naming it,
    not a 500 from a database that cannot hold one (PostgreSQL's text cannot)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            bad = _nul_field(scope)
            if bad is not None:
                body = {
                    "error": "bad_request",
                    "message": f"'{bad}' holds a NUL character",
                    "field": bad,
                }
                await JSONResponse(body, status_code=400)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _nul_field(scope: Scope) -> str | None:
    from urllib.parse import parse_qsl

    if "\x00" in scope["path"]:
        return "path"
    query = scope.get("query_string", b"")
    if b"%00" not in query and b"\x00" not in query:
        return None
    for key, value in parse_qsl(query.decode("latin-1"), keep_blank_values=True):
        if "\x00" in key or ("\x00" in value and key not in NUL_LITERAL):
            return key.replace("\x00", "")
    return None
