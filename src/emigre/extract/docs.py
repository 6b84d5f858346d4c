"""The documents format of the shared evaluation (one JSON object a line) in and out."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from emigre.errors import InputError
from emigre.extract.claims import Options, extract_document
from emigre.extract.readers import read_document
from emigre.model import Claim


@dataclass
class DocRecord:
    doc_id: str
    text: str
    published: dt.date | None
    url: str | None
    line: int


def read_docs(path: Path) -> Iterator[DocRecord | InputError]:
    """Each line as a record, or as the error that names its line and field."""
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", file=str(path)) from exc
    with fh:
        for n, raw in enumerate(fh, 1):
            # Decoded a line at a time so a stray byte spoils its own line, not the whole run.
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield InputError(
                    f"not UTF-8 text (byte {exc.start} of the line)", file=str(path), line=n
                )
                continue
            if not line.strip():
                continue
            try:
                obj: Any = json.loads(line)
            except json.JSONDecodeError as exc:
                yield InputError(f"not valid JSON: {exc.msg}", file=str(path), line=n)
                continue
            if not isinstance(obj, dict):
                yield InputError("expected a JSON object", file=str(path), line=n)
                continue
            problem = _text_field(obj, "doc_id") or _text_field(obj, "text")
            if problem is not None:
                yield InputError(problem[1], file=str(path), line=n, field=problem[0])
                continue
            doc_id, text = obj["doc_id"], obj["text"]
            pub = obj.get("published")
            published = None
            if pub:
                try:
                    published = dt.date.fromisoformat(str(pub))
                except ValueError:
                    yield InputError(
                        f"expected YYYY-MM-DD, got {pub!r}",
                        file=str(path),
                        line=n,
                        field="published",
                    )
                    continue
            url = obj.get("url") if isinstance(obj.get("url"), str) else None
            yield DocRecord(doc_id, text, published, url, n)


def extract_record(rec: DocRecord, options: Options | None = None) -> list[Claim]:
    url = rec.url if rec.url and rec.url.startswith(("http://", "https://")) else None
    doc = read_document(rec.text, rec.doc_id, published=rec.published, url=url)
    doc.url = url
    return extract_document(doc, options)


def eval_line(doc_id: str, claims: list[Claim]) -> str:
    return json.dumps(
        {"doc_id": doc_id, "claims": [c.to_eval() for c in claims]}, ensure_ascii=False
    )


def _text_field(obj: dict[str, Any], name: str) -> tuple[str, str] | None:
    """(field, problem) when a required text field is absent, not text, or empty."""
    if name not in obj or obj[name] is None:
        return name, "required field is missing"
    if not isinstance(obj[name], str):
        return name, f"expected text, got {type(obj[name]).__name__} ({obj[name]!r:.40})"
    if name == "doc_id" and not obj[name]:
        return name, "must not be empty"
    return None
