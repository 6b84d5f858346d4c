"""Readers turn what a user has (bytes of a file, a text with its date) into a Document.

The kind is told from the content: rendered wiki text, MediaWiki source, HTML or plain text.
"""

from __future__ import annotations

import datetime as dt
import re

from emigre.errors import InputError
from emigre.extract.document import Document
from emigre.extract.readers.metadata import url_date
from emigre.extract.readers.plain import read_plain
from emigre.extract.readers.wiki import looks_rendered_wiki, read_rendered_wiki
from emigre.safe_read import size_words

MAX_BYTES = 200 * 1024 * 1024
_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_-]+)", re.IGNORECASE)

_HTML = re.compile(
    r"^\s*(?:<!DOCTYPE\s+html|<html\b|<\?xml[^>]*>\s*<html)|<(?:body|p|div|article)\b[^>]*>",
    re.IGNORECASE,
)
_WIKITEXT = re.compile(
    r"\{\{\s*(?:cite|citation|infobox|reflist)|<ref[\s>]|\[\[[^\]]+\]\]|^==+[^=\n]+==+\s*$",
    re.IGNORECASE | re.MULTILINE,
)


def detect_kind(text: str) -> str:
    """html, wikitext, wiki (rendered) or plain, from the content itself."""
    head = text[:20000]
    if _HTML.search(head) and head.count("<") > 3:
        return "html"
    if len(_WIKITEXT.findall(head)) >= 2:
        return "wikitext"
    if looks_rendered_wiki(text):
        return "wiki"
    return "plain"


def decode(data: bytes, name: str) -> str:
    """Bytes to text: UTF-8 (with or without BOM), or the charset an HTML page declares;
    anything else is a clear error naming the byte and line. Binary is refused."""
    if not data.strip():
        raise InputError("the file is empty", file=name)
    if b"\x00" in data[:8192]:
        raise InputError("looks like a binary file (it holds NUL bytes), not text", file=name)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        m = _CHARSET.search(data[:4096])
        if m:
            try:
                return data.decode(m.group(1).decode("ascii"))
            except (LookupError, UnicodeDecodeError):
                pass
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); convert it "
            "first, e.g. iconv -f latin1 -t utf-8",
            file=name,
            line=line,
        ) from exc


def read_document(
    data: bytes | str,
    name: str,
    *,
    published: dt.date | None = None,
    url: str | None = None,
    kind: str | None = None,
) -> Document:
    """Read one document of any supported kind."""
    if isinstance(data, bytes):
        if len(data) > MAX_BYTES:
            raise InputError(
                f"too large to read: {size_words(len(data))} read; the limit is "
                f"{size_words(MAX_BYTES)}",
                file=name,
            )
        text = decode(data, name)
    else:
        text = data
        if not text.strip():
            raise InputError("the document is empty", file=name)
    kind = kind or detect_kind(text)
    if kind == "html":
        from emigre.extract.readers.html import read_html

        doc = read_html(text, name)
    elif kind == "wikitext":
        from emigre.extract.readers.wikitext import read_wikitext

        doc = read_wikitext(text, name)
    elif kind == "wiki":
        doc = read_rendered_wiki(text, name)
    else:
        doc = read_plain(text, name)
    if published is not None:
        doc.published, doc.date_from = published, "given"
    if url is not None:
        doc.url = url
    if doc.published is None and doc.kind in ("plain", "html"):
        # the day in the address, when neither the caller nor the document states one
        doc.published = url_date(doc.url)
        doc.date_from = "url" if doc.published else None
    return doc


__all__ = ["MAX_BYTES", "decode", "detect_kind", "read_document"]
