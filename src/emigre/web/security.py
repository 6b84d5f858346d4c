"""What every answer carries against being framed, sniffed or leaking its address, and how the
write token is kept out of URLs.

The token travels in the Authorization header only: the pages take it once in a form (kept in
the tab's sessionStorage) and send it with their fetch calls. A URL that carries one anyway
(`?token=`) is not an address to keep: a page is redirected to the same address without it,
and an API call has it dropped before any link is built from its URL.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import parse_qsl, urlencode

from starlette.datastructures import MutableHeaders
from starlette.responses import RedirectResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# The pages load only their own files. Scripts: no inline code anywhere (figure data sits in
# <script type="application/json"> blocks, which do not run), but Vega compiles the
# expressions of a chart with Function(), hence 'unsafe-eval'. Styles: vega-embed adds its
# own stylesheet and the tooltips set style attributes, hence 'unsafe-inline' for styles only.
PAGE_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
# FastAPI's Swagger UI page starts itself with an inline script.
DOCS_CSP = PAGE_CSP.replace("script-src 'self' 'unsafe-eval'", "script-src 'self' 'unsafe-inline'")
HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


class SecurityHeaders:
    """ASGI middleware: the headers above, and the Content-Security-Policy, on every answer."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = DOCS_CSP if scope["path"] == "/docs" else PAGE_CSP

        async def add(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    headers[name] = value
                headers["Content-Security-Policy"] = csp
            await send(message)

        await self.app(scope, receive, add)


class TokenOutOfUrls:
    """ASGI middleware: `?token=` never stays in an address (see the module's docstring)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        query = scope.get("query_string", b"") if scope["type"] == "http" else b""
        if b"token" not in query:
            await self.app(scope, receive, send)
            return
        pairs = parse_qsl(query.decode("latin-1"), keep_blank_values=True)
        kept = [(k, v) for k, v in pairs if k != "token"]
        if len(kept) == len(pairs):
            await self.app(scope, receive, send)
            return
        rest = urlencode(kept)
        is_api = scope["path"] == "/api" or scope["path"].startswith("/api/")
        if scope["method"] in ("GET", "HEAD") and not is_api:
            target = scope["path"] + (f"?{rest}" if rest else "")
            await RedirectResponse(target, status_code=303)(scope, receive, send)
            return
        await self.app(dict(scope, query_string=rest.encode("latin-1")), receive, send)


def is_loopback(host: str) -> bool:
    """Whether an address (a name or an IP) stays on this machine."""
    if host in ("localhost", "ip6-localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def remote_plain_http(scope: Scope) -> bool:
    """A request from another machine over plain HTTP: a token it carries crossed the network
    in clear. (A proxy that ends TLS in front of the server sets the scheme to https.)"""
    client = scope.get("client")
    if scope.get("scheme") != "http" or not client:
        return False
    try:
        return not ipaddress.ip_address(str(client[0])).is_loopback
    except ValueError:
        return False  # not an IP address (a test client, a Unix socket): not from the network
