"""Plain text: news excerpts, notes. Bracketed numbers still count as citation marks."""

from __future__ import annotations

import re

from emigre.extract.document import Document
from emigre.extract.readers.metadata import dateline_date, is_dateline

_MARK = re.compile(r"\[(\d{1,4})\]")


def citation_marks(text: str, start: int, end: int) -> list[tuple[int, int, list[str]]]:
    """Inline marks like [12] in text[start:end]."""
    return [(m.start(), m.end(), [m.group(1)]) for m in _MARK.finditer(text, start, end)]


def plain_title(text: str) -> str | None:
    """The first line with words that is not the dateline."""
    lines = [line.strip() for line in text[:8000].splitlines() if line.strip()]
    title = next((line for line in lines[:3] if not is_dateline(line)), lines[0] if lines else None)
    if title and len(title) > 200:
        title = title[:200].rsplit(" ", 1)[0]
    return title


def read_plain(text: str, name: str) -> Document:
    published = dateline_date(text)
    doc = Document(
        text=text, kind="plain", name=name, title=plain_title(text), published=published,
        date_from="dateline" if published else None,
    )  # fmt: skip
    doc.citations = citation_marks(text, 0, len(text))
    return doc
