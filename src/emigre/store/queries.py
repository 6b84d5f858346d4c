"""Reading the evidence base: cases, claims (filtered), sources, events, policies."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, exists, false, func, or_, select
from sqlalchemy.orm import Session

from emigre.errors import NotFoundError
from emigre.model import Case, CaseBundle, Claim, ClaimQuery, Event, Policy, Source
from emigre.store.convert import (
    case_from_row,
    claim_from_row,
    event_from_row,
    policy_from_row,
    source_from_row,
)
from emigre.store.schema import (
    CaseRow,
    ClaimRow,
    ClaimSourceRow,
    EventRow,
    PolicyRow,
    SourceRow,
)
from emigre.store.types import flag_pattern


def list_cases(s: Session) -> list[Case]:
    return [case_from_row(r) for r in s.scalars(select(CaseRow).order_by(CaseRow.id))]


def get_case(s: Session, case_id: str) -> Case:
    row = s.get(CaseRow, case_id)
    if row is None:
        known = ", ".join(c.id for c in list_cases(s)) or "none loaded yet"
        raise NotFoundError(f"no case '{case_id}' in the store (cases: {known})")
    return case_from_row(row)


def as_query(query: ClaimQuery | None = None, **filters: Any) -> ClaimQuery:
    """Build a query from keyword filters; a single value stands for a one-item list."""
    listy = {"id", "state", "destination", "measure", "qualifier", "group", "flag", "source_kind"}
    clean = {
        k: ([v] if k in listy and isinstance(v, str) else v)
        for k, v in filters.items()
        if v is not None
    }
    if query is not None:
        return query.model_copy(update=ClaimQuery(**clean).model_dump(exclude_unset=True))
    return ClaimQuery(**clean)


def _claims_select(q: ClaimQuery) -> Select[tuple[ClaimRow]]:
    stmt = select(ClaimRow)
    if q.case:
        stmt = stmt.where(ClaimRow.case_id == q.case)
    if q.id:
        stmt = stmt.where(ClaimRow.key.in_(q.id))
    if q.state:
        stmt = stmt.where(ClaimRow.state.in_(q.state))
    if q.destination:
        stmt = stmt.where(ClaimRow.destination.in_(q.destination))
    if q.total_only:
        stmt = stmt.where(ClaimRow.destination.is_(None))
    if q.measure:
        stmt = stmt.where(ClaimRow.measure.in_(q.measure))
    if q.qualifier:
        stmt = stmt.where(ClaimRow.qualifier.in_(q.qualifier))
    if q.group:
        stmt = stmt.where(ClaimRow.group.in_(q.group))
    if q.flag:  # any of the flags, like every other list filter
        stmt = stmt.where(or_(*(ClaimRow.flags.like(flag_pattern(f)) for f in q.flag)))
    if q.since:
        stmt = stmt.where(ClaimRow.end >= q.since)
    if q.until:
        stmt = stmt.where(ClaimRow.end <= q.until)
    if q.source or q.source_kind:
        cond = [ClaimSourceRow.claim_pk == ClaimRow.pk, SourceRow.pk == ClaimSourceRow.source_pk]
        if q.source:
            cond.append(SourceRow.key == q.source)
        if q.source_kind:
            cond.append(SourceRow.kind.in_(q.source_kind))
        stmt = stmt.where(exists(select(ClaimSourceRow.claim_pk).where(*cond)))
    if q.q:
        for word in q.q.split():
            if "\x00" in word:  # no stored text holds a NUL (PostgreSQL cannot store one)
                stmt = stmt.where(false())
                continue
            pat = f"%{like_literal(word)}%"
            titled = exists(
                select(ClaimSourceRow.claim_pk).where(
                    ClaimSourceRow.claim_pk == ClaimRow.pk,
                    SourceRow.pk == ClaimSourceRow.source_pk,
                    or_(
                        SourceRow.title.ilike(pat, escape="\\"),
                        SourceRow.publisher.ilike(pat, escape="\\"),
                    ),
                )
            )
            stmt = stmt.where(
                or_(
                    ClaimRow.note.ilike(pat, escape="\\"),
                    ClaimRow.sentence.ilike(pat, escape="\\"),
                    ClaimRow.group.ilike(pat, escape="\\"),
                    ClaimRow.key.ilike(pat, escape="\\"),
                    ClaimRow.destination.ilike(pat, escape="\\"),
                    titled,
                )
            )
    return stmt


def like_literal(word: str) -> str:
    """The word as a LIKE pattern that matches it literally: % and _ are not wildcards here."""
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


_SORTS = {
    "id": (ClaimRow.case_id, ClaimRow.key),
    "value": (func.coalesce(ClaimRow.value, ClaimRow.low), ClaimRow.key),
    "-value": (func.coalesce(ClaimRow.value, ClaimRow.high).desc(), ClaimRow.key),
    "end": (ClaimRow.end, ClaimRow.key),
    "-end": (ClaimRow.end.desc(), ClaimRow.key),
    "destination": (ClaimRow.destination, ClaimRow.key),
    "measure": (ClaimRow.measure, ClaimRow.key),
    "state": (ClaimRow.state, ClaimRow.key),
}


def list_claims(s: Session, query: ClaimQuery | None = None, **filters: Any) -> list[Claim]:
    """Claims matching the filters, e.g. list_claims(s, case='russia-2022', state='accepted')."""
    q = as_query(query, **filters)
    stmt = _claims_select(q).order_by(*_SORTS[q.sort]).offset(q.offset)
    if q.limit is not None:
        stmt = stmt.limit(q.limit)
    return [claim_from_row(r) for r in s.scalars(stmt)]


def count_claims(s: Session, query: ClaimQuery | None = None, **filters: Any) -> int:
    q = as_query(query, **filters)
    sub = _claims_select(q).with_only_columns(ClaimRow.pk).subquery()
    return int(s.scalar(select(func.count()).select_from(sub)) or 0)


def claim_row(s: Session, case_id: str, claim_id: str) -> ClaimRow:
    row = s.scalar(select(ClaimRow).where(ClaimRow.case_id == case_id, ClaimRow.key == claim_id))
    if row is None:
        raise NotFoundError(f"no claim '{claim_id}' in case '{case_id}'")
    return row


def get_claim(s: Session, case_id: str, claim_id: str) -> Claim:
    return claim_from_row(claim_row(s, case_id, claim_id))


def list_sources(s: Session, case: str) -> list[Source]:
    rows = s.scalars(select(SourceRow).where(SourceRow.case_id == case).order_by(SourceRow.pk))
    return [source_from_row(r) for r in rows]


def source_claim_counts(s: Session, case: str) -> dict[str, int]:
    """How many claims cite each source of a case."""
    stmt = (
        select(SourceRow.key, func.count(ClaimSourceRow.claim_pk))
        .join(ClaimSourceRow, ClaimSourceRow.source_pk == SourceRow.pk, isouter=True)
        .where(SourceRow.case_id == case)
        .group_by(SourceRow.key)
    )
    return {key: int(n) for key, n in s.execute(stmt)}


def list_events(s: Session, case: str) -> list[Event]:
    rows = s.scalars(
        select(EventRow).where(EventRow.case_id == case).order_by(EventRow.date, EventRow.key)
    )
    return [event_from_row(r) for r in rows]


def list_policies(s: Session, case: str) -> list[Policy]:
    rows = s.scalars(
        select(PolicyRow)
        .where(PolicyRow.case_id == case)
        .order_by(PolicyRow.country, PolicyRow.effective_from, PolicyRow.key)
    )
    return [policy_from_row(r) for r in rows]


def read_bundle(s: Session, case_id: str) -> CaseBundle:
    """Everything the store holds for one case."""
    return CaseBundle(
        case=get_case(s, case_id),
        sources=list_sources(s, case_id),
        claims=list_claims(s, case=case_id),
        events=list_events(s, case_id),
        policies=list_policies(s, case_id),
    )
