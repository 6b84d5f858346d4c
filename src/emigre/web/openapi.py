"""The OpenAPI document as the API behaves: FastAPI's own says every call answers 200 or 422,
while this API never answers 422 (a bad parameter is a 400 naming it) and answers 401, 403,
404, 413, 429 and 503 where they apply, lists as CSV too, and writes need a bearer token."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["error", "message"],
    "properties": {
        "error": {
            "type": "string",
            "description": "bad_request, unauthorized, forbidden, not_found, "
            "payload_too_large, too_many_requests, unavailable, internal_error",
        },
        "message": {"type": "string", "description": "What went wrong, for a person"},
        "field": {"type": "string", "description": "The parameter or field at fault"},
    },
}
WHY = {
    "400": "A parameter or the body is not valid; `field` names it",
    "401": "No write token (`Authorization: Bearer TOKEN`), or the server is read-only",
    "403": "A wrong write token, or a write from another machine over plain HTTP",
    "404": "No such case, claim, source or page",
    "413": "The request body is larger than the limit (1 MB)",
    "429": "Too much expensive work queued (estimates, runs): retry after Retry-After seconds",
    "503": "The estimation or simulation package is not installed, or no estimate yet (CSV)",
}
EXPENSIVE = ("/api/estimates", "/api/runs")


def _error(code: str) -> dict[str, Any]:
    return {
        "description": WHY[code],
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def _has(op: dict[str, Any], name: str) -> bool:
    return any(p.get("name") == name for p in op.get("parameters", []))


def _mend(path: str, method: str, op: dict[str, Any]) -> None:
    responses = op.setdefault("responses", {})
    responses.pop("422", None)
    codes = []
    if op.get("parameters") or "requestBody" in op:
        codes.append("400")
    if "{" in path or _has(op, "case"):
        codes.append("404")
    if method != "get":
        codes += ["401", "403", "413"]
        op["security"] = [{"bearer": []}]
    if path in EXPENSIVE:
        codes += ["429", "503"]
    for code in codes:
        responses.setdefault(code, _error(code))
    if _has(op, "format") and "200" in responses:
        content = responses["200"].setdefault("content", {})
        content["text/csv"] = {"schema": {"type": "string"}}
    if path == "/api/estimates":
        responses["202"] = {
            "description": "An estimate at a new as_of date is queued: `position` says how "
            "many jobs are ahead of it; ask again after Retry-After seconds",
            "content": {"application/json": {"schema": {"type": "object"}}},
        }
    for p in op.get("parameters", []):  # a date parameter is a date
        if p.get("name") in ("as_of", "date", "since", "until"):
            p["schema"] = {"anyOf": [{"type": "string", "format": "date"}, {"type": "null"}]}


def install(app: FastAPI) -> None:
    """Replace app.openapi with the mended document (built once)."""

    def document() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        doc = get_openapi(
            title=app.title,
            version=app.version,
            description=app.description,
            routes=app.routes,
        )
        components = doc.setdefault("components", {})
        schemas = components.setdefault("schemas", {})
        schemas.pop("HTTPValidationError", None)
        schemas.pop("ValidationError", None)
        schemas["Error"] = ERROR_SCHEMA
        components["securitySchemes"] = {
            "bearer": {
                "type": "http",
                "scheme": "bearer",
                "description": "The token the server was started with (--token or "
                "EMIGRE_TOKEN); only calls that change data need it",
            }
        }
        for path, ops in doc.get("paths", {}).items():
            for method, op in ops.items():
                _mend(path, method, op)
        app.openapi_schema = doc
        return doc

    app.openapi = document  # type: ignore[method-assign]
