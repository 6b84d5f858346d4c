"""The ASGI app: the API under /api, the pages, local static files and local API docs."""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from emigre import __version__
from emigre.store import Store, open_store, repo
from emigre.web import errors, estimates, openapi
from emigre.web.api import router as api_router
from emigre.web.auth import WriteGuard
from emigre.web.cache import ResponseCache, StoreVersion
from emigre.web.config import WebConfig
from emigre.web.limits import BodyLimit, RefuseNul
from emigre.web.pages import router as pages_router
from emigre.web.pages import with_site_nav
from emigre.web.security import SecurityHeaders, TokenOutOfUrls

log = logging.getLogger("emigre.web")
STATIC = Path(__file__).resolve().parent / "static"

DESCRIPTION = """\
The evidence base (cases, claims, sources, events, policies), the estimates and the
simulation runs of emigre, in JSON; lists also as CSV with `format=csv`.

Reading is open. The calls that change data (PATCH of a claim or of a source) need the token
the server was started with, as `Authorization: Bearer TOKEN` (never in the URL): without one
the answer is 401, with a wrong one 403. Errors come as `{"error": ..., "message": ...}`.
"""


def _warm(store: Store, version: StoreVersion, choice: bool | None) -> None:
    """Compute (or read from the estimation package's cache) every case's estimate."""
    try:
        with store.session() as s:
            cases = [c.id for c in repo.list_cases(s)]
        for case_id in cases:
            estimates.estimate_for(store, case_id, None, version, choice)
    except Exception:  # a page will try again and report the error where it is seen
        log.exception("could not prepare the estimates")


def create_app(config: WebConfig) -> FastAPI:
    """Open the store (read-only unless the server has a write token) and build the app."""
    store = open_store(config.db_url, readonly=not config.writable)
    version = StoreVersion(config.db_url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if config.warm and estimates.available(config.estimates):
            threading.Thread(
                target=_warm, args=(store, version, config.estimates), daemon=True
            ).start()
        yield
        version.close()
        store.dispose()

    app = FastAPI(
        lifespan=lifespan,
        title="emigre",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
    )
    app.state.config = config
    app.state.store = store
    app.state.version = version
    errors.install(app)
    openapi.install(app)
    app.include_router(api_router)
    app.include_router(pages_router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        # FastAPI's default page loads Swagger UI from a CDN; these files are served from here.
        return with_site_nav(
            get_swagger_ui_html(
                openapi_url="/openapi.json",
                title="emigre API",
                swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
                swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
                swagger_favicon_url="/static/favicon.svg",
            )
        )

    app.add_middleware(ResponseCache, version=version, enabled=config.cache)
    app.add_middleware(BodyLimit)
    app.add_middleware(RefuseNul)
    app.add_middleware(WriteGuard, token=config.token, plain_http_writes=config.plain_http_writes)
    app.add_middleware(TokenOutOfUrls)
    app.add_middleware(errors.ContainErrors)  # a failure anywhere is one log line
    app.add_middleware(SecurityHeaders)  # on every answer, error pages included
    return app
