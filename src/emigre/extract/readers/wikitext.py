"""MediaWiki source: `<ref>` tags (named and reused), `{{cite web}}` / `{{cite news}}` templates
become Sources; the rest is reduced to the text a reader would see, with `[n]` marks where the
references were."""

from __future__ import annotations

import re

import mwparserfromhell
from mwparserfromhell.nodes import Comment, ExternalLink, Heading, Tag, Template, Text, Wikilink

from emigre.extract.citations import host_name, parse_date, parse_reference
from emigre.extract.claims import source_id_for
from emigre.extract.document import Document, Reference
from emigre.extract.readers.plain import citation_marks
from emigre.model import Source

_PUBLISHER_PARAMS = (
    "work",
    "website",
    "newspaper",
    "publisher",
    "agency",
    "magazine",
    "journal",
    "via",
)
_SKIP_LINKS = re.compile(r"^(?:File|Image|Category|Datei|Kategorie):", re.IGNORECASE)


def _param(t: Template, *names: str) -> str | None:
    for n in names:
        if t.has(n):
            v = t.get(n).value.strip_code().strip()
            if v:
                return v
    return None


def _source_from_template(t: Template, key: str) -> tuple[Source, bool]:
    title = _param(t, "title", "trans-title")
    url = _param(t, "url")
    if url and not url.startswith(("http://", "https://")):
        url = None
    publisher = _param(t, *_PUBLISHER_PARAMS)
    flags: set[str] = set()
    if not title:
        flags.add("missing_title")
    if publisher is None and url:
        publisher = host_name(url)
        flags.add("publisher_from_url")
    date_text = _param(t, "date", "publication-date")
    published = parse_date(date_text) if date_text else None
    if published is None:
        flags.add("undated")
    if title and url:
        from emigre.extract.citations import _title_matches

        if _title_matches(title, url) is False:
            flags.add("title_mismatch")
    authors = [a for a in (_param(t, "author", "author1"), _param(t, "last", "last1")) if a]
    source = Source(
        id=source_id_for(url or f"{key}:{t}"[:200]), publisher=publisher, title=title, url=url,
        published=published, language=_param(t, "language"), authors=authors, flags=sorted(flags),  # type: ignore[arg-type]
    )  # fmt: skip
    return source, source.broken


def read_wikitext(text: str, name: str) -> Document:
    code = mwparserfromhell.parse(text)
    out: list[str] = []
    length = 0
    headings: list[tuple[int, str]] = []
    names: dict[str, str] = {}
    refs: dict[str, Reference] = {}

    def emit(s: str) -> None:
        nonlocal length
        out.append(s)
        length += len(s)

    def ref_key(tag: Tag) -> str | None:
        nm = tag.get("name").value.strip_code().strip() if tag.has("name") else None
        if nm and nm in names:
            return names[nm]
        if tag.contents is None or not str(tag.contents).strip():
            return None
        key = str(len(refs) + 1)
        if nm:
            names[nm] = key
        templates = [t for t in tag.contents.filter_templates(recursive=False)
                     if str(t.name).strip().lower().startswith(("cite", "citation"))]  # fmt: skip
        if templates:
            source, broken = _source_from_template(templates[0], key)
        else:
            source, broken = parse_reference(tag.contents.strip_code(), key)
        refs[key] = Reference(
            key=key, text=str(tag.contents).strip()[:2000], source=source, broken=broken
        )
        return key

    for node in code.nodes:
        if isinstance(node, Tag) and str(node.tag).lower() == "ref":
            key = ref_key(node)
            if key:
                emit(f"[{key}]")
        elif isinstance(node, Heading):
            title = node.title.strip_code().strip()
            emit("\n")
            headings.append((length, title))
            emit(title + "\n")
        elif isinstance(node, Template | Comment):
            continue
        elif isinstance(node, Wikilink):
            if not _SKIP_LINKS.match(str(node.title)):
                emit((node.text or node.title).strip_code())
        elif isinstance(node, ExternalLink):
            emit(node.title.strip_code() if node.title else "")
        elif isinstance(node, Tag):
            if str(node.tag).lower() in ("references", "gallery", "math", "table", "score"):
                continue
            emit(node.contents.strip_code() if node.contents is not None else "")
        elif isinstance(node, Text):
            emit(str(node))
        else:
            emit(node.__strip__(normalize=True, collapse=True) or "")
    plain = "".join(out)
    plain = re.sub(r"\n{3,}", "\n\n", plain)
    headings = [(plain.find(t), t) for _, t in headings if plain.find(t) >= 0]
    body_end = None
    for pos, t in headings:
        if re.match(
            r"^(?:references|notes|see also|external links|further reading|sources)$", t, re.I
        ):
            body_end = pos
            break
    title = next((line.strip() for line in plain.splitlines() if line.strip()), None)
    doc = Document(
        text=plain,
        kind="wikitext",
        name=name,
        title=title,
        body_end=body_end,
        headings=headings,
        references=refs,
    )
    doc.citations = citation_marks(plain, *doc.body)
    return doc
