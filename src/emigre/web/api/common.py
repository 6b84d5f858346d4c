"""Answers in JSON or CSV, pages of lists, and the envelope every list comes in."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any, Generic, Literal, TypeVar

from fastapi import Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from emigre.web.views.figure import people_cell

T = TypeVar("T")

Format = Literal["json", "csv"]

JSON_TYPE = "application/json"
CSV_TYPE = "text/csv; charset=utf-8"


class Page(BaseModel, Generic[T]):
    """A page of a list: `items` from `offset`, `total` in all, and links to its neighbours."""

    total: int
    limit: int
    offset: int
    next: str | None = Field(None, description="URL of the next page, if any")
    prev: str | None = Field(None, description="URL of the previous page, if any")
    items: list[T]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ";".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    text = str(value)
    # A spreadsheet would run a cell starting with these as a formula; documents are untrusted.
    if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(text):
        text = "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def csv_text(rows: Iterable[dict[str, Any]], columns: Sequence[str]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    for r in rows:
        w.writerow([_cell(people_cell(c, r.get(c))) for c in columns])
    return buf.getvalue()


def csv_response(rows: Iterable[dict[str, Any]], columns: Sequence[str], name: str) -> Response:
    return Response(
        csv_text(rows, columns),
        media_type=CSV_TYPE,
        headers={"Content-Disposition": f'inline; filename="{name}.csv"'},
    )


def json_response(payload: bytes | Any, status: int = 200) -> Response:
    body = payload if isinstance(payload, bytes) else json.dumps(payload, default=str).encode()
    return Response(body, media_type=JSON_TYPE, status_code=status)


def page_links(request: Request, total: int, limit: int, offset: int) -> tuple[str | None, ...]:
    def at(off: int) -> str:
        return str(request.url.include_query_params(offset=off, limit=limit))

    nxt = at(offset + limit) if offset + limit < total else None
    prev = at(max(0, offset - limit)) if offset > 0 else None
    return nxt, prev


def page_bytes(request: Request, items_json: bytes, total: int, limit: int, offset: int) -> bytes:
    """The page envelope around already-serialised items (pydantic dumps them fast)."""
    nxt, prev = page_links(request, total, limit, offset)
    head = json.dumps({"total": total, "limit": limit, "offset": offset, "next": nxt, "prev": prev})
    return head[:-1].encode() + b', "items": ' + items_json + b"}"
