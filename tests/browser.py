"""Browser-test helpers: Debian's chromium driven by Playwright, one browser per session.

Never `playwright install`: the test set-up installs chromium from Debian's packages.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

needs_chromium = pytest.mark.skipif(
    not Path(CHROMIUM).exists(),
    reason=f"browser tests need Debian's chromium at {CHROMIUM} (make test installs it)",
)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="needs the playwright package")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Watched:
    """A page whose console errors and requests leaving 127.0.0.1 are recorded."""

    def __init__(self, page: Any, base: str) -> None:
        self.page = page
        self.base = base
        self.errors: list[str] = []
        self.outside: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        page.on("request", self._request)

    def _console(self, msg: Any) -> None:
        if msg.type == "error":
            self.errors.append(f"console: {msg.text}")

    def _request(self, req: Any) -> None:
        parts = urlsplit(req.url)
        if parts.scheme in ("data", "blob", "about"):
            return
        if parts.scheme == "file" and self.base.startswith("file:"):
            return
        if parts.hostname != "127.0.0.1":
            self.outside.append(req.url)

    def open(self, path: str, charts: bool = True, timeout: float = 30_000) -> Any:
        """Load a page (within `timeout` ms: a first simulation run takes longer) and wait
        for its charts."""
        self.page.goto(self.base + path, timeout=timeout)
        if charts and self.page.locator("figure.chart").count():
            self.page.wait_for_selector("body[data-charts-ready]", timeout=15000)
            assert self.page.get_attribute("body", "data-charts-ready") == "1"
        return self.page
