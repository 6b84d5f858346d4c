"""Reference lines -> Sources: publisher, title, date, address and language read from the way
wiki reference lists and citation templates write them, with broken references flagged."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

from dateutil import parser as dateparser

from emigre.extract.claims import source_id_for
from emigre.model import Source

_URL = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;)]")
_TITLE = re.compile(
    r"[\"“](?P<title>.+?)[\"”](?=\s*\(in\s|\s*[.,?!]\s|\s*[.,?!]?\s*$|\s+https?://)"
)
_LANG = re.compile(r"\(in\s+(?P<lang>[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\)")
_MISSING_TITLE = re.compile(r"Error:\s*no\s*\|\s*title=\s*specified", re.IGNORECASE)
_DATE_TEXT = (
    r"\d{4}-\d{2}-\d{2}|\d{1,2}\s+[A-Z][a-z]+\.?\s+\d{4}|[A-Z][a-z]+\.?\s+\d{1,2},\s+\d{4}"
    r"|[A-Z][a-z]+\s+\d{4}|\d{4}"
)
_PAREN_DATE = re.compile(rf"\((?P<d>{_DATE_TEXT})\)")
_SEG_DATE = re.compile(rf"^(?:{_DATE_TEXT})$")
_RETRIEVED = re.compile(
    r"(?:Retrieved|Archived from the original on|Accessed)\s+[^.]*\.?", re.IGNORECASE
)
_BACKLINKS = re.compile(r"^\s*(?:\^\s*)?(?:[a-z]\s+)*(?:\d+\.\d+\s+)+")

_OFFICIAL_HOSTS = re.compile(
    r"(?:\.gov(?:\.\w\w)?$|\.gv\.at$|\.gouv\.fr$|\.admin\.ch$|\.mil$|europa\.eu$|un\.org$|unhcr\.org$|iom\.int$)"
)


def parse_date(text: str) -> dt.date | None:
    """A date as references write it ('2022-10-04', '20 August 2022', 'March 17, 2022')."""
    t = text.strip().strip("().")
    if re.fullmatch(r"\d{4}", t):
        return None  # a year alone is not a publication date
    try:
        d = dateparser.parse(t, default=dt.datetime(1900, 1, 1), dayfirst=False)
    except (ValueError, OverflowError):
        return None
    if d is None or d.year < 1900 or d.year > 2100:
        return None
    if not re.search(r"(?<!\d)\d{1,2}(?!\d)|\d{4}-\d{2}-\d{2}", t):
        return None  # month and year only: no day to give
    return d.date()


def host_name(url: str) -> str | None:
    host = urlsplit(url).hostname or ""
    host = re.sub(r"^(?:www\d?|m|amp|edition|eu|p|jp)\.", "", host)
    return host or None


def _title_matches(title: str, url: str) -> bool | None:
    try:
        from emigre.extract.urltitle import title_matches_url
    except ImportError:  # the slug check lands separately; without it, no verdict
        return None
    return title_matches_url(title, url)


def parse_reference(line: str, key: str = "") -> tuple[Source, bool]:
    """One reference line as a Source and whether it is broken."""
    raw = _BACKLINKS.sub("", line.strip())
    flags: set[str] = set()
    urls = _URL.findall(raw)
    url = urls[0] if urls else None
    body = _RETRIEVED.sub("", raw)
    if url:
        body = body.replace(url, " ")
    title: str | None = None
    title_end = 0
    lead = ""
    if _MISSING_TITLE.search(body):
        flags.add("missing_title")
        m = _MISSING_TITLE.search(body)
        assert m is not None
        title_end = m.end()
        q = body.find('"', title_end)
        title_end = q + 1 if 0 <= q < title_end + 30 else title_end
        lead = body[: m.start()]
    else:
        m2 = _TITLE.search(body)
        if m2:
            title = m2.group("title").strip()
            title_end = m2.end()
            lead = body[: m2.start()]
    lang_m = _LANG.search(body, title_end)
    language = lang_m.group("lang") if lang_m else None
    published = None
    pd = _PAREN_DATE.search(lead)
    if pd:
        published = parse_date(pd.group("d"))
    authors = []
    if lead.strip():
        who = _PAREN_DATE.sub("", lead).strip().rstrip(".").strip()
        if who and len(who) < 200:
            authors = [a.strip() for a in re.split(r";\s*", who) if a.strip()]
    rest = body[title_end:]
    if lang_m and lang_m.start() >= title_end:
        rest = body[lang_m.end() :]
    publisher = None
    for seg in re.split(r"\.\s+|\.$", rest):
        seg = seg.strip().strip(".").strip()
        if not seg or seg.startswith(("ISSN", "In ", "(in", "doi", "ISBN", "p.", "pp.")):
            continue
        if _SEG_DATE.match(seg):
            if published is None:
                published = parse_date(seg)
            continue
        if publisher is None and not re.search(r"^[\d\s,]+$", seg) and len(seg) <= 80:
            if (
                re.fullmatch(r"[A-Z][\w .'-]+,\s*[A-Z][\w .'-]+", seg)
                and publisher is None
                and _looks_place(seg)
            ):
                continue
            publisher = seg
    if publisher is None and url:
        publisher = host_name(url)
        if publisher:
            flags.add("publisher_from_url")
    if published is None:
        flags.add("undated")
    if title and url and _title_matches(title, url) is False:
        flags.add("title_mismatch")
    host = (urlsplit(url).hostname or "") if url else ""
    kind = "official" if _OFFICIAL_HOSTS.search(host) else "wiki" if "wiki" in host else "news"
    sid = source_id_for(url or f"{key}:{raw[:120]}")
    source = Source(
        id=sid, publisher=publisher or None, title=title or None, url=url, published=published,
        language=language, kind=kind, authors=authors[:6], flags=sorted(flags),  # type: ignore[arg-type]
    )  # fmt: skip
    return source, source.broken


def _looks_place(seg: str) -> bool:
    """'Tbilisi, Georgia' in a reference is where it was filed, not who published it."""
    from emigre.extract.places import country_of

    tail = seg.rsplit(",", 1)[-1].strip()
    return country_of(tail) is not None
