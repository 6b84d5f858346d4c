"""A document as the extractor sees it: text, where its body ends, its citation marks and
references, and the sentences and paragraphs of the body."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from emigre.extract.lang import key_matcher
from emigre.model import Source


@dataclass
class Reference:
    """One entry of a reference list, as written, and the Source read from it."""

    key: str
    text: str
    source: Source | None = None
    broken: bool = False


@dataclass
class Document:
    text: str
    kind: str  # wiki (rendered), wikitext, html, plain
    name: str  # file name or doc_id, for messages
    title: str | None = None
    published: dt.date | None = None
    url: str | None = None
    publisher: str | None = None  # the outlet the document names itself (og:site_name)
    # where the publication date was read: given (by the caller), metadata, dateline, url
    date_from: str | None = None
    language: str | None = None
    body_end: int | None = None  # claims are read before it (the reference list follows)
    citations: list[tuple[int, int, list[str]]] = field(default_factory=list)
    markers: list[tuple[int, int, str]] = field(default_factory=list)  # claim flags in the text
    references: dict[str, Reference] = field(default_factory=dict)
    headings: list[tuple[int, str]] = field(default_factory=list)

    def citation_starts(self) -> list[int]:
        """Start offsets of the citation marks, sorted (for bisection)."""
        cached = getattr(self, "_starts", None)
        if cached is None or len(cached) != len(self.citations):
            self.citations.sort(key=lambda c: c[0])
            cached = [c[0] for c in self.citations]
            object.__setattr__(self, "_starts", cached)
        return cached

    @property
    def body(self) -> tuple[int, int]:
        return 0, len(self.text) if self.body_end is None else self.body_end

    def heading_at(self, pos: int) -> str | None:
        found = None
        for start, title in self.headings:
            if start > pos:
                break
            found = title
        return found


_ABBREV = {
    "mr", "mrs", "ms", "dr", "st", "prof", "gen", "sen", "rep", "gov", "lt", "col", "jr", "sr",
    "inc", "ltd", "co", "corp", "no", "nos", "vs", "etc", "e.g", "i.e", "u.s", "u.k", "approx",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "km",
    "mi", "ca", "cf", "al", "fig", "vol", "pp", "op", "ed", "eds", "mt", "ft", "z.b", "bzw",
    "d.h", "u.a", "mio", "mrd", "nr", "str",
}  # fmt: skip

_END = re.compile(
    # one leading character class lets the engine skip ahead to the next stop (four times
    # faster than an alternation of two whole patterns)
    r"[.!?][.!?]*[\"”’')\]]*(?:\[[^\]\n]{1,40}\])*(?=\s+[\"“‘(\[•]?[A-Z0-9А-ЯÄÖÜ]|\s*$)"
)
_WORD_BEFORE = re.compile(r"([\w.]+)\.*$")
_NEXT_WORD = re.compile(r"\s+(\w+)")


def _month_next(text: str, pos: int) -> bool:
    """Is the word after pos the name of a month in some language ("Juli", "März")?"""
    m = _NEXT_WORD.match(text, pos)
    return m is not None and m.group(1).lower() in key_matcher("dates.months")


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences of one paragraph text[start:end] as (start, end) offsets; never crosses a line."""
    out: list[tuple[int, int]] = []
    s = start
    while s < end and text[s].isspace():
        s += 1
    pos = s
    while pos < end:
        m = _END.search(text, pos, end)
        if m is None:
            break
        cut = m.end()
        dot = m.start()
        w = _WORD_BEFORE.search(text, max(s, dot - 12), dot + 1)
        word = w.group(1).lower().rstrip(".") if w else ""
        # an abbreviation or an initial ("J. Smith") does not end a sentence
        if text[dot] == "." and (word in _ABBREV or (len(word) == 1 and word.isalpha())):
            pos = m.end()
            continue
        if text[dot] == "." and word.isdigit() and len(word) <= 2 and _month_next(text, cut):
            pos = m.end()  # "am 19. Juli": a German ordinal day, not a sentence's end
            continue
        if cut > s:
            out.append((s, cut))
        s = cut
        while s < end and text[s].isspace():
            s += 1
        pos = s
    e = end
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        out.append((s, e))
    return out


def paragraphs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Lines with text: paragraphs of rendered articles and news excerpts are one line each."""
    out = []
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        if text[pos:stop].strip():
            out.append((pos, stop))
        pos = stop + 1
    return out
