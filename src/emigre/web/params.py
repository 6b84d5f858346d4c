"""Query-string filters, shared by the API and the pages: the CLI's claim filters by name."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import Query

from emigre.model import ClaimQuery
from emigre.model.query import MAX_Q_CHARS, MAX_Q_WORDS, ClaimSort
from emigre.web.errors import bad_request

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
# Past any real store, and inside the 64-bit integers SQL's OFFSET takes (a larger one was a 500).
MAX_OFFSET = 10**9


def split(values: list[str] | None) -> list[str]:
    """Repeated parameters and comma-separated lists both work: ?d=GEO&d=KAZ or ?d=GEO,KAZ."""
    out: list[str] = []
    for v in values or []:
        out.extend(p.strip() for p in v.split(",") if p.strip())
    return out


def parse_date(value: str | None, field: str) -> dt.date | None:
    if value is None or value == "":
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise bad_request(f"{field} '{value}' is not a date: expected YYYY-MM-DD", field) from None


def claim_filters(
    case: Annotated[str | None, Query(description="Case id, e.g. russia-2022")] = None,
    destination: Annotated[
        list[str] | None,
        Query(description="ISO alpha-3 code; repeat or comma-separate for several"),
    ] = None,
    id: Annotated[
        list[str] | None,
        Query(description="Only these claims, by id; repeat or comma-separate for several"),
    ] = None,
    total: Annotated[
        bool, Query(description="Only figures about all destinations together")
    ] = False,
    measure: Annotated[
        list[str] | None,
        Query(description="flow, stock, registration, application, forecast, return"),
    ] = None,
    qualifier: Annotated[
        list[str] | None, Query(description="exact, about, at_least, at_most, range")
    ] = None,
    group: Annotated[list[str] | None, Query(description="e.g. all, it_workers")] = None,
    state: Annotated[
        list[str] | None, Query(description="extracted, accepted, rejected, disputed")
    ] = None,
    flag: Annotated[
        list[str] | None, Query(description="Claims carrying every flag given, e.g. unverified")
    ] = None,
    source_kind: Annotated[
        list[str] | None, Query(description="official, news, ngo, academic, wiki")
    ] = None,
    source: Annotated[str | None, Query(description="Only claims citing this source id")] = None,
    since: Annotated[
        str | None, Query(description="Period ends on or after this date (YYYY-MM-DD)")
    ] = None,
    until: Annotated[
        str | None, Query(description="Period ends on or before this date (YYYY-MM-DD)")
    ] = None,
    q: Annotated[
        str | None,
        Query(
            max_length=MAX_Q_CHARS,
            description=f"Words to find in notes, groups or source titles (at most "
            f"{MAX_Q_WORDS} words; % and _ match themselves)",
        ),
    ] = None,
    sort: Annotated[ClaimSort, Query(description="Order of the claims")] = "id",
) -> ClaimQuery:
    """The claim filters of a request as the ClaimQuery the store understands."""
    fields: dict[str, Any] = {
        "case": case or None,
        "id": split(id),
        "destination": [d.upper() for d in split(destination)],
        "total_only": total,
        "measure": split(measure),
        "qualifier": split(qualifier),
        "group": split(group),
        "state": split(state),
        "flag": split(flag),
        "source_kind": split(source_kind),
        "source": source or None,
        "since": parse_date(since, "since"),
        "until": parse_date(until, "until"),
        "q": (q or "").strip() or None,
        "sort": sort or "id",
    }
    return ClaimQuery(**fields)


def page(
    limit: Annotated[
        int, Query(ge=1, le=MAX_LIMIT, description=f"Items per page (at most {MAX_LIMIT})")
    ] = DEFAULT_LIMIT,
    offset: Annotated[int, Query(ge=0, description="Items to skip")] = 0,
) -> tuple[int, int]:
    return limit, offset
