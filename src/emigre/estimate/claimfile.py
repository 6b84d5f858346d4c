"""Read a file of claims in the shared evaluation format (one JSON object a line).

Each line holds the claim fields of ../shared/eval/README.md (value, low, high, qualifier,
measure, origin, destination, start, end, group) and a `source` string naming where it was
read. Optional: `published` (the document's date, used when the claim gives no end date),
`flags`, `state`, `id`, `note`; `span`, `optional` and `doc_id` from gold files are accepted
and ignored. Every problem is reported with the file, line and field.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from emigre.errors import InputError, describe_validation
from emigre.estimate.evidence import Item
from emigre.model import EVAL_FIELDS, Claim

OPTIONAL = {"published", "flags", "state", "id", "note", "counting"}
IGNORED = {"span", "optional", "doc_id"}


def _date(value: Any, path: str, line: int, field: str) -> dt.date | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(f"expected a date YYYY-MM-DD, got {value!r}", path, line, field)
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise InputError(f"not a date YYYY-MM-DD: {value!r}", path, line, field) from exc


def read_document_dates(path: Path) -> dict[str, dt.date]:
    """doc_id -> published date, from a documents file (*-docs.jsonl)."""
    out: dict[str, dt.date] = {}
    for n, raw in json_lines(path):
        if not isinstance(raw, dict) or "doc_id" not in raw:
            raise InputError("expected an object with a 'doc_id'", str(path), n)
        day = _date(raw.get("published"), str(path), n, "published")
        if day is not None:
            out[str(raw["doc_id"])] = day
    return out


def json_lines(path: Path) -> list[tuple[int, Any]]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise InputError("no such file", str(path)) from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start})", str(path)) from exc
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", str(path)) from exc
    out = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            out.append((n, json.loads(line)))
        except json.JSONDecodeError as exc:
            raise InputError(
                f"not valid JSON: {exc.msg} (column {exc.colno})", str(path), n
            ) from exc
    return out


def read_claims(path: Path, document_dates: dict[str, dt.date] | None = None) -> list[Item]:
    """Claims of a JSONL file as estimation items, in file order."""
    path = Path(path)
    where = str(path)
    items: list[Item] = []
    sources: dict[str, str] = {}
    for n, raw in json_lines(path):
        if not isinstance(raw, dict):
            raise InputError(f"expected a JSON object, got {type(raw).__name__}", where, n)
        check_fields(raw, where, n)
        source = raw.get("source")
        if not isinstance(source, str) or not source.strip():
            raise InputError("every claim needs a 'source' string", where, n, "source")
        sid = sources.setdefault(source, f"src-{len(sources) + 1}")
        claim = parse_claim(raw, sid, where, n)
        published = _date(raw.get("published"), where, n, "published")
        if published is None and document_dates:
            published = document_dates.get(source)
        items.append(Item(len(items), claim, line=n, document_date=published, label=source))
    if not items:
        raise InputError("no claims in the file: expected one JSON object a line", where)
    _check_id(items, where)
    return items


def check_fields(raw: dict[str, Any], where: str, n: int) -> None:
    unknown = sorted(set(raw) - set(EVAL_FIELDS) - OPTIONAL - IGNORED - {"source"})
    if unknown:
        raise InputError(
            "unknown field (check its spelling; the claim fields are those of the shared "
            "evaluation format plus 'source')",
            where,
            n,
            unknown[0],
        )


def parse_claim(raw: dict[str, Any], sid: str, where: str, n: int) -> Claim:
    """One claim object of a JSONL file, every problem named by file, line and field."""
    check_fields(raw, where, n)
    for k in ("value", "low", "high"):
        if isinstance(raw.get(k), bool):  # pydantic would read true as 1 person
            raise InputError(f"expected a number of people, got {json.dumps(raw[k])}", where, n, k)
    data = {k: raw[k] for k in EVAL_FIELDS if k in raw}
    for k in ("flags", "state", "note", "counting"):
        if k in raw:
            data[k] = raw[k]
    if raw.get("id") is not None:
        data["id"] = raw["id"]
    data["source_ids"] = [sid]
    try:
        return Claim.model_validate(data)
    except ValidationError as exc:
        field, message = describe_validation(exc)
        raise InputError(message, where, n, field) from exc


def _check_id(items: list[Item], where: str) -> None:
    seen: dict[str, int] = {}
    for it in items:
        cid = it.claim.id
        if cid is None:
            continue
        if cid in seen:
            raise InputError(
                f"duplicate id '{cid}' (first on line {seen[cid]})", where, it.line, "id"
            )
        seen[cid] = it.line or 0
