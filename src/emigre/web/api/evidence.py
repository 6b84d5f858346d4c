"""Sources, events and policies of a case, each list in JSON or CSV."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Request
from fastapi.responses import Response

from emigre.errors import NotFoundError
from emigre.model import EVENT_COLUMNS, POLICY_COLUMNS, Event, Policy, Source, members
from emigre.model.base import Model, Text
from emigre.model.jurisdiction import BLOCS
from emigre.model.query import MAX_Q_CHARS, MAX_Q_WORDS
from emigre.model.vocab import (
    EVENT_KINDS,
    POLICY_MEASURES,
    SOURCE_FLAGS,
    SOURCE_KINDS,
    SourceFlag,
    SourceKind,
)
from emigre.store import repo
from emigre.web.api.claims import ClaimOut, claim_dict
from emigre.web.api.common import Format, Page, csv_response, json_response, page_bytes
from emigre.web.deps import SessionDep, resolve_case
from emigre.web.errors import bad_request
from emigre.web.params import DEFAULT_LIMIT, MAX_LIMIT, split
from emigre.web.views.sources import problems

router = APIRouter(tags=["evidence"])

CaseQ = Annotated[str | None, Query(description="Case id (optional when one case is loaded)")]


class SourceOut(Source):
    claims: int
    problems: list[str]


class SourceDetail(Model):
    source: SourceOut
    claims: list[ClaimOut]


SOURCE_COLUMNS = [
    "id",
    "publisher",
    "title",
    "url",
    "published",
    "language",
    "kind",
    "flags",
    "claims",
    "problems",
]


def _check_choices(values: list[str], allowed: tuple[str, ...], field: str) -> list[str]:
    for v in values:
        if v not in allowed:
            raise bad_request(f"unknown {field} '{v}': expected one of {', '.join(allowed)}", field)
    return values


@router.get("/sources", response_model=Page[SourceOut], summary="List sources")
def list_sources(
    request: Request,
    s: SessionDep,
    case: CaseQ = None,
    kind: Annotated[list[str] | None, Query(description="official, news, ngo, ...")] = None,
    flag: Annotated[
        list[str] | None, Query(description="missing_title, title_mismatch, ...")
    ] = None,
    broken: Annotated[bool, Query(description="Only broken or mismatched citations")] = False,
    q: Annotated[
        str | None,
        Query(max_length=MAX_Q_CHARS, description="Words in the title, publisher or URL"),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    offset: Annotated[int, Query(ge=0)] = 0,
    format: Format = "json",
) -> Response:
    case_id = resolve_case(s, case)
    kinds = _check_choices(split(kind), SOURCE_KINDS, "kind")
    flags = _check_choices(split(flag), SOURCE_FLAGS, "flag")
    counts = repo.source_claim_counts(s, case_id)
    rows: list[dict[str, Any]] = []
    words = (q or "").lower().split()
    if len(words) > MAX_Q_WORDS:
        raise bad_request(f"at most {MAX_Q_WORDS} words (this search has {len(words)})", "q")
    for src in repo.list_sources(s, case_id):
        if kinds and src.kind not in kinds:
            continue
        if flags and not set(flags) <= set(src.flags):
            continue
        if broken and not (src.broken or src.url is None):
            continue
        hay = " ".join(filter(None, [src.id, src.title, src.publisher, src.url])).lower()
        if any(w not in hay for w in words):
            continue
        rows.append(
            src.model_dump(mode="json")
            | {"claims": counts.get(src.id, 0), "problems": problems(src)}
        )
    return _listing(request, rows, SOURCE_COLUMNS, "sources", format, limit, offset)


def _listing(
    request: Request,
    rows: list[dict[str, Any]],
    columns: list[str],
    name: str,
    format: Format,
    limit: int,
    offset: int,
) -> Response:
    """A list's answer: all of it as CSV (a download wants every row), or one page as JSON."""
    if format == "csv":
        return csv_response(rows, columns, name)
    part = json.dumps(rows[offset : offset + limit]).encode()
    return json_response(page_bytes(request, part, len(rows), limit, offset))


RESOLVED_BY = {"title": ("missing_title", "title_mismatch"), "published": ("undated",)}
"""Source flags that a correction of the field makes untrue."""


class SourcePatch(Model):
    """What may be corrected in a source's record; fields left out stay as they are."""

    publisher: Text | None = None
    title: Text | None = None
    url: Text | None = None
    published: dt.date | None = None
    language: str | None = None
    kind: SourceKind | None = None
    flags: list[SourceFlag] | None = None
    note: str | None = None


@router.patch(
    "/sources/{source_id}",
    response_model=SourceOut,
    summary="Correct a source (needs the write token)",
    description='Send only what changes, e.g. `{"title": "…", "published": "2022-10-04"}`. '
    "Needs the write token, like a claim's review: without it 401, with a wrong one 403.",
)
def patch_source(
    source_id: str,
    s: SessionDep,
    patch: Annotated[SourcePatch, Body(examples=[{"published": "2022-10-04"}])],
    case: CaseQ = None,
) -> Response:
    fields = patch.model_dump(exclude_unset=True)
    if not fields:
        raise bad_request('nothing to change: send at least one field, e.g. {"title": ...}')
    case_id = resolve_case(s, case)
    if "flags" not in fields:  # a corrected field clears the flag that reported it missing
        current = next((x for x in repo.list_sources(s, case_id) if x.id == source_id), None)
        if current is not None:
            cleared = {f for k, fs in RESOLVED_BY.items() if fields.get(k) for f in fs}
            fields["flags"] = [f for f in current.flags if f not in cleared]
    src = repo.update_source(s, case_id, source_id, **fields)
    cited = len(repo.list_claims(s, case=case_id, source=source_id))
    return json_response(src.model_dump(mode="json") | {"claims": cited, "problems": problems(src)})


@router.get("/sources/{source_id}", response_model=SourceDetail, summary="One source")
def get_source(source_id: str, s: SessionDep, case: CaseQ = None) -> Response:
    case_id = resolve_case(s, case)
    src = next((x for x in repo.list_sources(s, case_id) if x.id == source_id), None)
    if src is None:
        raise NotFoundError(f"no source '{source_id}' in case '{case_id}'")
    claims = repo.list_claims(s, case=case_id, source=source_id)
    out = {
        "source": src.model_dump(mode="json") | {"claims": len(claims), "problems": problems(src)},
        "claims": [claim_dict(c) for c in claims],
    }
    return json_response(out)


def _touches(jurisdiction: str, countries: set[str]) -> bool:
    return (
        not countries or jurisdiction in countries or bool(set(members(jurisdiction)) & countries)
    )


def _touching(
    items: Sequence[Event | Policy],
    country: list[str] | None,
    field: str,
    values: list[str] | None,
) -> list[dict[str, Any]]:
    """Events or policies of the countries asked for (a bloc's count for each member) whose
    `field` is one of `values`; no countries or no values means no filter on them."""
    from emigre.model.country import is_alpha3, lookup_country

    countries = {c.upper() for c in split(country)}
    for c in sorted(countries):
        if c not in BLOCS and not is_alpha3(c):
            near = lookup_country(c)
            hint = f"; did you mean {near}?" if near else ""
            raise bad_request(
                f"unknown country '{c}': expected an ISO 3166-1 alpha-3 code, "
                f"{' or '.join(BLOCS)}{hint}",
                "country",
            )
    wanted = set(split(values))
    return [
        x.model_dump(mode="json")
        for x in items
        if _touches(x.country, countries) and (not wanted or getattr(x, field) in wanted)
    ]


@router.get("/events", response_model=Page[Event], summary="List events")
def list_events(
    request: Request,
    s: SessionDep,
    case: CaseQ = None,
    country: Annotated[
        list[str] | None, Query(description="Who acted: alpha-3 code, EU or SCHENGEN")
    ] = None,
    kind: Annotated[list[str] | None, Query(description="law, mobilization, ...")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    offset: Annotated[int, Query(ge=0)] = 0,
    format: Format = "json",
) -> Response:
    _check_choices(split(kind), EVENT_KINDS, "kind")
    rows = _touching(repo.list_events(s, resolve_case(s, case)), country, "kind", kind)
    return _listing(request, rows, EVENT_COLUMNS, "events", format, limit, offset)


@router.get("/policies", response_model=Page[Policy], summary="List policies")
def list_policies(
    request: Request,
    s: SessionDep,
    case: CaseQ = None,
    country: Annotated[
        list[str] | None,
        Query(description="Country whose rules to list (bloc rules that apply there count)"),
    ] = None,
    measure: Annotated[list[str] | None, Query(description="visa_free, entry_banned, ...")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    offset: Annotated[int, Query(ge=0)] = 0,
    format: Format = "json",
) -> Response:
    _check_choices(split(measure), POLICY_MEASURES, "measure")
    rows = _touching(repo.list_policies(s, resolve_case(s, case)), country, "measure", measure)
    return _listing(request, rows, POLICY_COLUMNS, "policies", format, limit, offset)
