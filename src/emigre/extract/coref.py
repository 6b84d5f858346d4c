"""What "the country", "here", "в стране", "там" stand for when the sentence names no country:
the last country named as a place people are in, else the country the text is about (the one
it names most often as a place, not as people's nationality)."""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from emigre.extract.document import Document
from emigre.extract.places import find_places


@lru_cache(maxsize=64)
def _counts(text: str) -> tuple[tuple[str, int], ...]:
    names = Counter(p.code for p in find_places(text) if not p.demonym)
    return tuple(names.most_common())


def topic_country(doc: Document, exclude: set[str]) -> str | None:
    """The country the document is about: named most often, ties to the one named first."""
    b0, b1 = doc.body
    for code, _n in _counts(doc.text[b0:b1]):
        if code not in exclude:
            return code
    return None
