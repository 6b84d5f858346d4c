"""The JSON API under /api: read by anyone, written only with the server's token."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from emigre import __version__
from emigre.web.api import claims, estimates, evidence, views
from emigre.web.api.common import json_response

router = APIRouter(prefix="/api")


@router.get("", tags=["index"], summary="What the API offers")
def index(request: Request) -> Response:
    return json_response(
        {
            "name": "emigre",
            "version": __version__,
            "writable": request.app.state.config.writable,
            "docs": "/docs",
            "openapi": "/openapi.json",
            "endpoints": sorted(p for p in request.app.openapi()["paths"] if p.startswith("/api/")),
        }
    )


for module in (views, claims, evidence, estimates):
    router.include_router(module.router)
