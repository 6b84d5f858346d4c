"""Rows to models and back: the only place that knows both shapes."""

from __future__ import annotations

from typing import Any

from emigre.model import Case, Claim, Counting, Event, FoundIn, Policy, Source, Wave
from emigre.store.schema import CaseRow, ClaimRow, EventRow, PolicyRow, SourceRow


def _pick(obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    return {f: getattr(obj, f) for f in fields}


def _cited(row: ClaimRow | EventRow | PolicyRow) -> dict[str, Any]:
    """What a claim, event or policy row holds beyond its own fields: its key, case and sources."""
    return {
        "id": row.key,
        "case": row.case_id,
        "source_ids": [link.source.key for link in row.links],
    }


def case_from_row(row: CaseRow) -> Case:
    return Case(
        id=row.id,
        title=row.title,
        origin=row.origin,
        start=row.start,
        description=row.description,
        document=row.document,
        waves=[Wave.model_validate(w) for w in row.waves or []],
    )


def case_fields(case: Case) -> dict[str, Any]:
    data = case.model_dump(mode="python", exclude={"waves"})
    data["waves"] = [w.model_dump(mode="json") for w in case.waves]
    return data


SOURCE_FIELDS = (
    "publisher", "title", "url", "published", "retrieved", "language", "kind", "authors",
    "flags", "note",
)  # fmt: skip


def source_from_row(row: SourceRow) -> Source:
    return Source(id=row.key, **_pick(row, SOURCE_FIELDS))


def source_fields(source: Source) -> dict[str, Any]:
    return _pick(source, SOURCE_FIELDS)


CLAIM_FIELDS = (
    "value", "low", "high", "qualifier", "measure", "origin", "destination", "start", "end",
    "group", "state", "flags", "note",
)  # fmt: skip


def claim_from_row(row: ClaimRow) -> Claim:
    found = None
    has_found = row.found_document or row.found_section or row.span_start is not None
    if has_found or row.sentence or row.cues:
        span = (row.span_start, row.span_end) if row.span_start is not None else None
        found = FoundIn(
            document=row.found_document,
            section=row.found_section,
            span=span,
            sentence=row.sentence,
            cues=row.cues or None,
        )
    counting = Counting.model_validate(row.counting) if row.counting else None
    return Claim(**_cited(row), found_in=found, counting=counting, **_pick(row, CLAIM_FIELDS))


def claim_fields(claim: Claim) -> dict[str, Any]:
    data = _pick(claim, CLAIM_FIELDS)
    f = claim.found_in
    data.update(
        found_document=f.document if f else None,
        found_section=f.section if f else None,
        span_start=f.span[0] if f and f.span else None,
        span_end=f.span[1] if f and f.span else None,
        sentence=f.sentence if f else None,
        cues=dict(f.cues) if f and f.cues else None,
        counting=claim.counting.model_dump(mode="json") if claim.counting else None,
    )
    return data


EVENT_FIELDS = ("date", "end", "country", "kind", "title", "description")


def event_from_row(row: EventRow) -> Event:
    return Event(**_cited(row), **_pick(row, EVENT_FIELDS))


def event_fields(event: Event) -> dict[str, Any]:
    return _pick(event, EVENT_FIELDS)


POLICY_FIELDS = (
    "country", "nationality", "measure", "days", "effective_from", "effective_to", "description",
)  # fmt: skip


def policy_from_row(row: PolicyRow) -> Policy:
    return Policy(**_cited(row), **_pick(row, POLICY_FIELDS))


def policy_fields(policy: Policy) -> dict[str, Any]:
    return _pick(policy, POLICY_FIELDS)
