"""Every failure answers with a message a person can act on: JSON under /api, a page elsewhere."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from emigre.errors import InputError, NotFoundError, describe_validation

log = logging.getLogger("emigre.web")


class WebError(Exception):
    """An error with its HTTP status, raised anywhere below a route."""

    def __init__(
        self,
        status: int,
        message: str,
        field: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.field = field
        self.headers = headers or {}


def bad_request(message: str, field: str | None = None) -> WebError:
    return WebError(400, message, field)


def not_found(message: str) -> WebError:
    return WebError(404, message)


_TITLES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    429: "too_many_requests",
    500: "internal_error",
    503: "unavailable",
}


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api") or "application/json" in request.headers.get(
        "accept", ""
    )


def error_response(
    request: Request, status: int, message: str, field: str | None = None
) -> Response:
    if _wants_json(request):
        body: dict[str, Any] = {"error": _TITLES.get(status, "error"), "message": message}
        if field:
            body["field"] = field
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        return JSONResponse(body, status_code=status, headers=headers)
    from emigre.web.pages import render_error

    return render_error(request, status, message)


def _validation_message(exc: RequestValidationError | ValidationError) -> tuple[str | None, str]:
    errors = exc.errors()
    if not errors:
        return None, "invalid request"
    first = errors[0]
    if first.get("type") == "json_invalid":
        # The location is a character offset, not a field: say what it is.
        where = [p for p in first.get("loc", ()) if isinstance(p, int)]
        at = f" (at character {where[0]})" if where else ""
        return None, f"the request body is not valid JSON{at}"
    loc = [str(p) for p in first.get("loc", ()) if p not in ("query", "path", "body")]
    field = ".".join(loc) or None
    _, message = describe_validation(exc)
    return field, message


def install(app: FastAPI) -> None:
    @app.exception_handler(WebError)
    async def _web(request: Request, exc: WebError) -> Response:
        response = error_response(request, exc.status, exc.message, exc.field)
        response.headers.update(exc.headers)
        return response

    @app.exception_handler(InputError)
    async def _input(request: Request, exc: InputError) -> Response:
        return error_response(request, 400, exc.message, exc.field)

    @app.exception_handler(NotFoundError)
    async def _missing(request: Request, exc: NotFoundError) -> Response:
        return error_response(request, 404, str(exc))

    @app.exception_handler(RequestValidationError)
    async def _request(request: Request, exc: RequestValidationError) -> Response:
        field, message = _validation_message(exc)
        where = f"'{field}': " if field else ""
        return error_response(request, 400, where + message, field)

    @app.exception_handler(ValidationError)
    async def _model(request: Request, exc: ValidationError) -> Response:
        field, message = _validation_message(exc)
        where = f"'{field}': " if field else ""
        return error_response(request, 400, where + message, field)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        if exc.status_code == 404 and message == "Not Found":
            message = f"nothing at {request.url.path}"
        if exc.status_code == 405:
            message = f"{request.method} is not allowed on {request.url.path}"
        return error_response(request, exc.status_code, message)


class ContainErrors:
    """ASGI middleware: an unhandled error answers 500 with a request id and logs one short
    line. It is caught here, not by an exception handler, because Starlette re-raises after
    its handler so that the server logs the whole traceback, SQL parameters included."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception as exc:
            rid = uuid.uuid4().hex[:12]
            request = Request(scope)
            log.error(
                "request %s: %s %s failed: %s", rid, scope["method"], scope["path"], short(exc)
            )
            if started:  # the answer is under way: all that is left is to end it
                return
            response = error_response(
                request, 500, f"internal error (request {rid}): the server log has a line on it"
            )
            response.headers["X-Request-Id"] = rid
            await response(scope, receive, send)


def short(exc: BaseException, width: int = 200) -> str:
    """One line on an error, without what a query was given: a database error's own message
    carries the SQL with its parameters (a whole 65 KB search, a note), so only the driver's
    reason is kept, cut to `width` characters."""
    from sqlalchemy.exc import StatementError

    if isinstance(exc, StatementError):
        reason = str(exc.orig).splitlines()[0] if exc.orig is not None else ""
        text = f"{type(exc.orig or exc).__name__}: {reason}"
    else:
        first = str(exc).splitlines()[0] if str(exc) else ""
        text = f"{type(exc).__name__}: {first}"
    return text if len(text) <= width else text[: width - 1] + "…"
