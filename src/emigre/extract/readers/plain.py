"""Plain text: news excerpts, notes. Bracketed numbers still count as citation marks."""

from __future__ import annotations

import re

from emigre.extract.document import Document

_MARK = re.compile(r"\[(\d{1,4})\]")


def citation_marks(text: str, start: int, end: int) -> list[tuple[int, int, list[str]]]:
    """Inline marks like [12] in text[start:end]."""
    return [(m.start(), m.end(), [m.group(1)]) for m in _MARK.finditer(text, start, end)]


def read_plain(text: str, name: str) -> Document:
    title = next((line.strip() for line in text.splitlines() if line.strip()), None)
    if title and len(title) > 200:
        title = title[:200].rsplit(" ", 1)[0]
    doc = Document(text=text, kind="plain", name=name, title=title)
    doc.citations = citation_marks(text, 0, len(text))
    return doc
