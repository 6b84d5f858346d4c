"""HTML articles: trafilatura finds the main text, the title, the date and the site's name; a
page it cannot read (truncated, no article) falls back to the plain text of its body, its
metadata to htmldate and the meta tags, and then to a dateline at the top of its text."""

from __future__ import annotations

import datetime as dt
import re

from emigre.errors import InputError
from emigre.extract.document import Document
from emigre.extract.readers.metadata import dateline_date, html_date, html_publisher
from emigre.extract.readers.plain import citation_marks

_TAGS = re.compile(r"<(script|style|noscript)\b.*?</\1\s*>|<[^>]+>", re.IGNORECASE | re.DOTALL)


def _fallback_text(html: str) -> str:
    import html as htmllib

    text = _TAGS.sub("\n", html)
    text = htmllib.unescape(text)
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


def read_html(html: str, name: str) -> Document:
    import trafilatura

    text = title = url = publisher = None
    published: dt.date | None = None
    try:
        result = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=False,
            favor_precision=False, deduplicate=False, fast=True,
        )  # fmt: skip
    except Exception:
        result = None
    if result is not None:
        data = result.as_dict() if hasattr(result, "as_dict") else dict(result)
        text = data.get("text") or None
        title = data.get("title") or None
        url = data.get("url") or None
        publisher = data.get("sitename") or None
        date_text = data.get("date")
        if date_text:
            try:
                published = dt.date.fromisoformat(str(date_text)[:10])
            except ValueError:
                published = None
    if not text:
        text = _fallback_text(html)
        m = re.search(r"<title[^>]*>(.*?)</title>", html, re.IGNORECASE | re.DOTALL)
        title = title or (m.group(1).strip() if m else None)
    if not text or not text.strip():
        raise InputError("no readable text in this HTML page", file=name)
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}"
    date_from = "metadata" if published else None
    if published is None:
        published = html_date(html)
        date_from = "metadata" if published else None
    if published is None:
        published = dateline_date(text)
        date_from = "dateline" if published else None
    doc = Document(
        text=text, kind="html", name=name, title=title, published=published,
        publisher=publisher or html_publisher(html), date_from=date_from,
    )  # fmt: skip
    if url and url.startswith(("http://", "https://")):
        doc.url = url
    doc.citations = citation_marks(text, 0, len(text))
    return doc
