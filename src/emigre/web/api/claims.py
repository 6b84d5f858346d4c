"""Claims: list with the CLI's filters, read one, and review one (with the write token)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Query, Request
from fastapi.responses import Response
from pydantic import Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from emigre.errors import NotFoundError
from emigre.model import Claim, ClaimQuery, Source
from emigre.model.base import Model
from emigre.model.country import CountryCode
from emigre.model.vocab import ClaimFlag, Measure, Qualifier, ReviewState
from emigre.store import repo
from emigre.store.schema import ClaimRow
from emigre.web.api.common import Format, Page, csv_response, json_response, page_bytes
from emigre.web.deps import EstimatesDep, SessionDep
from emigre.web.errors import bad_request
from emigre.web.estimates import ClaimFit
from emigre.web.params import DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET, claim_filters
from emigre.web.views.text import number_text, period_text

router = APIRouter(tags=["claims"])

CSV_COLUMNS = [
    "id",
    "case",
    "number",
    "value",
    "low",
    "high",
    "qualifier",
    "measure",
    "origin",
    "destination",
    "start",
    "end",
    "group",
    "state",
    "flags",
    "source_ids",
    "note",
]


class ClaimOut(Claim):
    number: str = Field(..., description="The number as the source put it: 'at least 500,000'")
    period: str = Field(..., description="The period in words")


class ClaimDetail(Model):
    claim: ClaimOut
    sources: list[Source]
    fit: ClaimFit | None = Field(None, description="How the estimate fits it, if estimated")


class ClaimPatch(Model):
    """What a reviewer may change; fields left out stay as they are."""

    state: ReviewState | None = None
    value: int | None = Field(None, ge=0)
    low: int | None = Field(None, ge=0)
    high: int | None = Field(None, ge=0)
    qualifier: Qualifier | None = None
    measure: Measure | None = None
    destination: CountryCode | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    group: str | None = None
    flags: list[ClaimFlag] | None = None
    note: str | None = None


def claim_dict(c: Claim) -> dict[str, Any]:
    return c.model_dump(mode="json") | {"number": number_text(c), "period": period_text(c)}


def find_case_of(s: Session, claim_id: str, case: str | None) -> str:
    """The case of a claim id: the one named, or the only case holding that id."""
    if case:
        return repo.get_case(s, case).id
    cases = list(s.scalars(select(ClaimRow.case_id).where(ClaimRow.key == claim_id)))
    if not cases:
        raise NotFoundError(f"no claim '{claim_id}' in the store")
    if len(cases) > 1:
        raise bad_request(
            f"claim id '{claim_id}' is in several cases ({', '.join(cases)}): add ?case=ID",
            "case",
        )
    return cases[0]


@router.get(
    "/claims",
    response_model=Page[ClaimOut],
    summary="List claims",
    description="Claims with the filters of `emigre claims`, a page at a time; "
    "`format=csv` gives the same rows as CSV (all pages unless `limit` is given).",
)
def list_claims(
    request: Request,
    s: SessionDep,
    query: Annotated[ClaimQuery, Depends(claim_filters)],
    limit: Annotated[int | None, Query(ge=1, le=MAX_LIMIT)] = None,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    format: Format = "json",
) -> Response:
    if query.case:
        repo.get_case(s, query.case)
    if format == "csv":
        q = query.model_copy(update={"limit": limit, "offset": offset})
        rows = [claim_dict(c) for c in repo.list_claims(s, q)]
        return csv_response(rows, CSV_COLUMNS, "claims")
    lim = limit or DEFAULT_LIMIT
    total = repo.count_claims(s, query)
    items = repo.list_claims(s, query.model_copy(update={"limit": lim, "offset": offset}))
    body = json.dumps([claim_dict(c) for c in items]).encode()
    return json_response(page_bytes(request, body, total, lim, offset))


@router.get("/claims/{claim_id}", response_model=ClaimDetail, summary="One claim")
def get_claim(
    claim_id: str,
    s: SessionDep,
    est_of: EstimatesDep,
    case: Annotated[str | None, Query(description="Case id, if the claim id is ambiguous")] = None,
) -> Response:
    case_id = find_case_of(s, claim_id, case)
    c = repo.get_claim(s, case_id, claim_id)
    sources = {src.id: src for src in repo.list_sources(s, case_id)}
    est = est_of(case_id)
    fit = est.fits.get(claim_id) if est else None
    out = {
        "claim": claim_dict(c),
        "sources": [sources[k].model_dump(mode="json") for k in c.source_ids if k in sources],
        "fit": fit.model_dump(mode="json") if fit else None,
    }
    return json_response(out)


@router.patch(
    "/claims/{claim_id}",
    response_model=ClaimOut,
    summary="Review or edit a claim (needs the write token)",
    description='Send only what changes, e.g. `{"state": "accepted"}`. '
    "Needs `Authorization: Bearer TOKEN`: without it 401, with a wrong one 403.",
)
def patch_claim(
    claim_id: str,
    s: SessionDep,
    patch: Annotated[ClaimPatch, Body(examples=[{"state": "accepted"}])],
    case: Annotated[str | None, Query(description="Case id, if the claim id is ambiguous")] = None,
) -> Response:
    fields = patch.model_dump(exclude_unset=True)
    if not fields:
        raise bad_request('nothing to change: send at least one field, e.g. {"state": ...}')
    if fields.get("state", "") is None:
        raise bad_request("state cannot be empty", "state")
    case_id = find_case_of(s, claim_id, case)
    c = repo.update_claim(s, case_id, claim_id, **fields)
    return json_response(claim_dict(c))
