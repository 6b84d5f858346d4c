"""Writing the evidence base: loading a case, ingesting claims, reviewing them.

Each function works inside the caller's transaction (Store.session()), so a failure anywhere
leaves the store as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from emigre.errors import InputError
from emigre.model import CaseBundle, Claim, Source
from emigre.model.matching import conflict_reason, same_report
from emigre.model.vocab import ReviewState
from emigre.store.convert import (
    case_fields,
    claim_fields,
    event_fields,
    policy_fields,
    source_fields,
)
from emigre.store.queries import claim_row
from emigre.store.schema import (
    CaseRow,
    ClaimRow,
    ClaimSourceRow,
    EventRow,
    EventSourceRow,
    PolicyRow,
    PolicySourceRow,
    SourceRow,
)


class KindReport(BaseModel):
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    kept: int = Field(0, description="Left as a reviewer set them")


class LoadReport(BaseModel):
    case: str
    sources: KindReport = Field(default_factory=KindReport)
    claims: KindReport = Field(default_factory=KindReport)
    events: KindReport = Field(default_factory=KindReport)
    policies: KindReport = Field(default_factory=KindReport)

    @property
    def changed(self) -> bool:
        parts = (self.sources, self.claims, self.events, self.policies)
        return any(k.added or k.updated or k.removed for k in parts)


class Conflict(BaseModel):
    claim: str
    accepted: str
    reason: str


class IngestReport(BaseModel):
    case: str
    added: list[str] = Field(default_factory=list)
    known: list[str] = Field(default_factory=list)
    conflicts: list[Conflict] = Field(default_factory=list)
    sources_added: list[str] = Field(default_factory=list)


def _source_pks(s: Session, case_id: str) -> dict[str, int]:
    rows = s.execute(select(SourceRow.key, SourceRow.pk).where(SourceRow.case_id == case_id))
    return {key: pk for key, pk in rows}


def _sync(
    s: Session,
    case_id: str,
    row_cls: Any,
    link_cls: Any,
    items: Sequence[Any],
    fields: Callable[[Any], dict[str, Any]],
    source_pks: dict[str, int],
    provenance: str,
    report: KindReport,
) -> None:
    """Upsert items by id; rows of the same provenance that the items no longer hold go."""
    existing = {r.key: r for r in s.scalars(select(row_cls).where(row_cls.case_id == case_id))}
    for item in items:
        values = fields(item)
        keys = list(item.source_ids)
        row = existing.pop(item.id, None)
        if row is None:
            row = row_cls(case_id=case_id, key=item.id, provenance=provenance, **values)
            s.add(row)
            report.added += 1
        elif getattr(row, "reviewed_at", None) is not None:
            report.kept += 1
            continue
        elif (
            all(getattr(row, k) == v for k, v in values.items())
            and [link.source.key for link in row.links] == keys
        ):
            report.unchanged += 1
            continue
        else:
            for k, v in values.items():
                setattr(row, k, v)
            report.updated += 1
        row.links = [link_cls(source_pk=source_pks[k], position=i) for i, k in enumerate(keys)]
    for row in existing.values():
        if row.provenance == provenance and getattr(row, "reviewed_at", None) is None:
            s.delete(row)
            report.removed += 1


def load_bundle(s: Session, bundle: CaseBundle, *, provenance: str = "case") -> LoadReport:
    """Make the store hold this case as the bundle describes it; loading twice changes nothing.

    Claims a reviewer has changed since are kept as they are; rows other commands added
    (ingested claims and their sources) are left alone.
    """
    case_id = bundle.case.id
    report = LoadReport(case=case_id)
    row = s.get(CaseRow, case_id)
    values = case_fields(bundle.case)
    if row is None:
        s.add(CaseRow(**values))
    else:
        for k, v in values.items():
            setattr(row, k, v)
    s.flush()

    existing = {r.key: r for r in s.scalars(select(SourceRow).where(SourceRow.case_id == case_id))}
    for src in bundle.sources:
        srow = existing.pop(src.id, None)
        vals = source_fields(src)
        if srow is None:
            s.add(SourceRow(case_id=case_id, key=src.id, provenance=provenance, **vals))
            report.sources.added += 1
        elif all(getattr(srow, k) == v for k, v in vals.items()):
            report.sources.unchanged += 1
        else:
            for k, v in vals.items():
                setattr(srow, k, v)
            report.sources.updated += 1
    s.flush()
    pks = _source_pks(s, case_id)
    _sync(s, case_id, ClaimRow, ClaimSourceRow, bundle.claims, claim_fields, pks, provenance,
          report.claims)  # fmt: skip
    _sync(s, case_id, EventRow, EventSourceRow, bundle.events, event_fields, pks, provenance,
          report.events)  # fmt: skip
    _sync(s, case_id, PolicyRow, PolicySourceRow, bundle.policies, policy_fields, pks,
          provenance, report.policies)  # fmt: skip
    s.flush()
    for srow in existing.values():  # sources the bundle dropped, if nothing cites them now
        if srow.provenance == provenance and not _cited(s, srow.pk):
            s.delete(srow)
            report.sources.removed += 1
    s.flush()
    return report


def _cited(s: Session, source_pk: int) -> bool:
    for link_cls in (ClaimSourceRow, EventSourceRow, PolicySourceRow):
        if s.scalar(select(link_cls.source_pk).where(link_cls.source_pk == source_pk).limit(1)):
            return True
    return False


def claim_key(case_id: str, claim: Claim) -> str:
    """A stable id for a claim without one: the same report always gets the same id."""
    payload = json.dumps(
        [case_id, sorted(claim.source_ids), [str(v) for v in claim.key()]], sort_keys=True
    )
    return "x-" + hashlib.sha1(payload.encode()).hexdigest()[:12]


def add_claims(
    s: Session,
    case_id: str,
    claims: Iterable[Claim],
    sources: Iterable[Source] = (),
    *,
    provenance: str = "ingest",
) -> IngestReport:
    """Add extracted claims and their sources; known ones are reported, never overwritten."""
    from emigre.store.convert import claim_from_row

    if s.get(CaseRow, case_id) is None:
        raise InputError(f"no case '{case_id}' in the store: load it first (emigre load CASE)")
    report = IngestReport(case=case_id)
    pks = _source_pks(s, case_id)
    for src in sources:
        if src.id not in pks:
            row = SourceRow(
                case_id=case_id, key=src.id, provenance=provenance, **source_fields(src)
            )
            s.add(row)
            s.flush()
            pks[src.id] = row.pk
            report.sources_added.append(src.id)
    rows = list(s.scalars(select(ClaimRow).where(ClaimRow.case_id == case_id)))
    stored = [claim_from_row(r) for r in rows]
    by_key = {c.id for c in stored}
    accepted = [c for c in stored if c.state == "accepted"]
    for claim in claims:
        missing = [k for k in claim.source_ids if k not in pks]
        if missing:
            raise InputError(f"claim cites unknown source '{missing[0]}'", field="source_ids")
        key = claim.id or claim_key(case_id, claim)
        if key in by_key or any(same_report(claim, c) for c in stored):
            report.known.append(key)
            continue
        new = claim.model_copy(update={"id": key, "case": case_id, "state": "extracted"})
        row = ClaimRow(case_id=case_id, key=key, provenance=provenance, **claim_fields(new))
        row.state = "extracted"
        row.links = [
            ClaimSourceRow(source_pk=pks[k], position=i) for i, k in enumerate(new.source_ids)
        ]
        s.add(row)
        by_key.add(key)
        stored.append(new)
        report.added.append(key)
        for old in accepted:
            why = conflict_reason(new, old)
            if why:
                report.conflicts.append(Conflict(claim=key, accepted=str(old.id), reason=why))
    s.flush()
    return report


def set_claim_state(s: Session, case_id: str, claim_id: str, state: ReviewState) -> Claim:
    return update_claim(s, case_id, claim_id, state=state)


def update_claim(s: Session, case_id: str, claim_id: str, **fields: Any) -> Claim:
    """Change a claim as a reviewer would; the result is validated like any claim."""
    from emigre.store.convert import claim_from_row

    row = claim_row(s, case_id, claim_id)
    current = claim_from_row(row)
    forbidden = {"id", "case"} & set(fields)
    if forbidden:
        raise InputError(f"cannot change '{sorted(forbidden)[0]}' of a claim", field="id")
    data = current.model_dump()
    data.update(fields)
    claim = Claim.model_validate(data)
    if claim.low is not None and claim.high is not None and claim.low > claim.high:
        # Checked on edits only: the model lets any qualifier carry bounds, and refusing such
        # rows on reading would lock people out of a store that already holds one.
        raise InputError(f"low ({claim.low}) is above high ({claim.high})", field="low")
    for k, v in claim_fields(claim).items():
        setattr(row, k, v)
    if claim.source_ids != current.source_ids:
        pks = _source_pks(s, case_id)
        unknown = [k for k in claim.source_ids if k not in pks]
        if unknown:
            raise InputError(f"unknown source '{unknown[0]}'", field="source_ids")
        row.links = [
            ClaimSourceRow(source_pk=pks[k], position=i) for i, k in enumerate(claim.source_ids)
        ]
    row.reviewed_at = dt.datetime.now(dt.UTC)
    s.flush()
    return claim


def delete_case(s: Session, case_id: str) -> bool:
    row = s.get(CaseRow, case_id)
    if row is None:
        return False
    for cls in (ClaimRow, EventRow, PolicyRow, SourceRow):
        for r in s.scalars(select(cls).where(cls.case_id == case_id)):
            s.delete(r)
    s.flush()
    s.delete(row)
    s.flush()
    return True


def update_source(s: Session, case_id: str, source_id: str, **fields: Any) -> Source:
    """Correct a source's record (a title, a date, its publisher); validated like any source."""
    from emigre.errors import NotFoundError
    from emigre.store.convert import source_from_row

    row = s.scalars(
        select(SourceRow).where(SourceRow.case_id == case_id, SourceRow.key == source_id)
    ).one_or_none()
    if row is None:
        raise NotFoundError(f"no source '{source_id}' in case '{case_id}'")
    if "id" in fields:
        raise InputError("cannot change the id of a source", field="id")
    data = source_from_row(row).model_dump()
    data.update(fields)
    source = Source.model_validate(data)
    for k, v in source_fields(source).items():
        setattr(row, k, v)
    s.flush()
    return source
