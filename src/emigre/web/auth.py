"""The write rule: GET is open to all; POST, PUT, PATCH and DELETE under /api need the token."""

from __future__ import annotations

import hmac

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from emigre.web.security import remote_plain_http

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
READ_POSTS = frozenset({"/api/estimates/predict"})
"""POSTs that change nothing: they compute from what is there, with a body too large for a
query string (claims to test against the estimate)."""


def presented_token(headers: list[tuple[bytes, bytes]]) -> str | None:
    """The token a request carries: 'Authorization: Bearer T' (or 'X-Emigre-Token: T')."""
    for name, value in headers:
        if name == b"authorization":
            scheme, _, rest = value.decode("latin-1").partition(" ")
            if scheme.lower() == "bearer" and rest.strip():
                return rest.strip()
        elif name == b"x-emigre-token" and value.strip():
            return value.decode("latin-1").strip()
    return None


def check(server_token: str | None, given: str | None) -> tuple[int, str] | None:
    """None when a write may go ahead, else (status, message): 401 without a token, 403 wrong."""
    if given is None:
        if server_token:
            return 401, (
                "reviewing and editing need the write token of whoever runs this server: "
                "ask them for it and enter it under 'Write token' on the evidence page "
                "(a script sends it as an Authorization: Bearer header)"
            )
        return 401, (
            "this server is read-only (started without --token or EMIGRE_TOKEN), "
            "so calls that change data are refused"
        )
    if not server_token:
        return 403, "this server is read-only: no token opens it (start it with --token)"
    if not hmac.compare_digest(given.encode(), server_token.encode()):
        return 403, "wrong write token"
    return None


def client_of(scope: Scope, server_token: str | None) -> str | None:
    """Who a request is for the per-client limits of expensive work: its address, or None when
    it carries the server's write token (the server's own people are not limited per client)."""
    if server_token and check(server_token, presented_token(scope.get("headers", []))) is None:
        return None
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


class WriteGuard:
    """ASGI middleware: refuses unauthorised writes under /api before any route runs."""

    def __init__(self, app: ASGIApp, token: str | None, plain_http_writes: bool = False) -> None:
        self.app = app
        self.token = token
        self.plain_http_writes = plain_http_writes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope["method"] in WRITE_METHODS
            and (scope["path"] == "/api" or scope["path"].startswith("/api/"))
            and scope["path"] not in READ_POSTS
        ):
            refused = check(self.token, presented_token(scope["headers"]))
            if refused is None and not self.plain_http_writes and remote_plain_http(scope):
                refused = (
                    403,
                    (
                        "writes from another machine over plain HTTP are refused (the token would "
                        "cross the network in clear): serve behind HTTPS, or start the server "
                        "with --allow-plain-http-writes"
                    ),
                )
            if refused is not None:
                status, message = refused
                error = "unauthorized" if status == 401 else "forbidden"
                headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
                response = JSONResponse(
                    {"error": error, "message": message}, status_code=status, headers=headers
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
