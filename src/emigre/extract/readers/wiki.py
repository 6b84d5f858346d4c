"""Rendered wiki text, as a browser or a mirror shows an article: headings marked `Title[]`,
inline marks `[12]`, and a numbered reference list whose entries start with back-links
(`8. 8.0 8.1 8.2 Author (date). "Title". Publisher. URL.`)."""

from __future__ import annotations

import re

from emigre.extract.citations import parse_reference
from emigre.extract.document import Document, Reference
from emigre.extract.readers.plain import citation_marks

_HEADING = re.compile(r"^(?P<title>[^\n\[\]]{1,100})\[\]\s*$", re.MULTILINE)
_REF_HEADINGS = re.compile(
    r"^(?:references|notes|citations|sources|footnotes|see also|external links|further reading"
    r"|bibliography|notes and references)$",
    re.IGNORECASE,
)
_REF_LINE = re.compile(r"^\s*(?:\^\s*)?(?P<key>\d{1,4})\.\s+(?P<body>\S.*)$", re.MULTILINE)
_MARKERS = re.compile(r"\[(?P<m>[a-z][a-z ?]{2,40})\]")


def looks_rendered_wiki(text: str) -> bool:
    head = text[:200000]
    marks = len(re.findall(r"\[\d{1,4}\]", head))
    return (bool(_HEADING.search(head)) and marks >= 2) or (
        marks >= 3 and bool(_REF_LINE.search(text))
    )


def read_rendered_wiki(text: str, name: str) -> Document:
    headings = [(m.start(), m.group("title").strip()) for m in _HEADING.finditer(text)]
    body_end = None
    for start, title in headings:
        if _REF_HEADINGS.match(title):
            body_end = start
            break
    title = next((line.strip() for line in text.splitlines() if line.strip()), None)
    doc = Document(
        text=text, kind="wiki", name=name, title=title, body_end=body_end, headings=headings
    )
    b0, b1 = doc.body
    doc.citations = citation_marks(text, b0, b1)
    doc.markers = [(m.start(), m.end(), m.group("m")) for m in _MARKERS.finditer(text, b0, b1)]
    if body_end is not None:
        for m in _REF_LINE.finditer(text, body_end):
            key = m.group("key")
            if key in doc.references:
                continue
            source, broken = parse_reference(m.group("body"), key)
            doc.references[key] = Reference(
                key=key, text=m.group("body").strip(), source=source, broken=broken
            )
    return doc
