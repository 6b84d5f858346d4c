"""What a document says about itself: the day it was published (a dateline at its top, a date
in its address) and who published it (an HTML page's site name).

Month names come from Babel's locale data for the languages listed in metadata.yaml, so a
dateline in another language is a line in that file, not a pattern here.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from importlib import resources

import yaml

_LINES = 4  # a dateline sits in the first lines: above or below the title, or opens the body
_LEFTOVER = 30  # letters besides the date a dateline may hold ("Published", a byline, a city)


@dataclass(frozen=True)
class _Vocabulary:
    months: dict[str, int]
    joiners: tuple[str, ...]
    not_before: frozenset[str]


@functools.cache
def _vocabulary() -> _Vocabulary:
    from babel.dates import get_month_names

    data = yaml.safe_load(resources.files(__package__).joinpath("metadata.yaml").read_text("utf-8"))
    months: dict[str, int] = {}
    for locale in data["locales"]:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for n, name in get_month_names(width, context, locale).items():
                    word = name.lower().rstrip(".")
                    if len(word) >= 3:
                        months.setdefault(word, n)
    return _Vocabulary(
        months, tuple(data.get("joiners") or ()), frozenset(data.get("not_dateline_before") or ())
    )


@functools.cache
def _date_patterns() -> tuple[re.Pattern[str], ...]:
    vocab = _vocabulary()
    month = "|".join(sorted((re.escape(m) for m in vocab.months), key=len, reverse=True))
    words = "|".join(re.escape(j) for j in vocab.joiners)
    join = rf"(?:(?:{words})\s+)?" if words else ""
    return (
        # 14 March 2023, 14. März 2023, 14 de marzo de 2023, 14 марта 2023
        re.compile(
            rf"\b(?P<d>\d{{1,2}})\.?\s+{join}(?P<m>{month})\.?,?\s+{join}(?P<y>(?:19|20)\d\d)\b",
            re.IGNORECASE,
        ),
        # March 14, 2023
        re.compile(
            rf"\b(?P<m>{month})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)\b",
            re.IGNORECASE,
        ),
        # 2023-03-14
        re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<mn>\d\d)-(?P<d>\d\d)\b"),
        # 14.03.2023
        re.compile(r"\b(?P<d>\d{1,2})\.(?P<mn>\d{1,2})\.(?P<y>(?:19|20)\d\d)\b"),
    )


def _as_date(m: re.Match[str]) -> dt.date | None:
    parts = m.groupdict()
    month = int(parts["mn"]) if parts.get("mn") else _vocabulary().months.get(parts["m"].lower(), 0)
    try:
        return dt.date(int(parts["y"]), month, int(parts["d"]))
    except ValueError:
        return None


_TIME = re.compile(r"\b\d{1,2}:\d\d(?::\d\d)?\b")
_WORD_BEFORE = re.compile(r"(\w+)\W*$")
_OPENS = re.compile(r"\s*(?:\([^)\n]{1,30}\)\s*)?[—–-]")


def _dateline_in(line: str) -> dt.date | None:
    """The date of a line that is mostly a date (a 'Published 14 March 2023, 10:15' line, a
    byline with its day, 'MOSCOW, 14 March 2023 —'), not of a title that names a period."""
    for pattern in _date_patterns():
        for m in pattern.finditer(line):
            before = _WORD_BEFORE.search(line, 0, m.start())
            if before and before.group(1).lower() in _vocabulary().not_before:
                continue
            rest = _TIME.sub(" ", line[: m.start()] + " " + line[m.end() :])
            letters = sum(ch.isalpha() for ch in rest)
            # a dateline opening the body: the date, then a dash, then the story
            opens = _OPENS.match(line, m.end()) and len(line[: m.start()]) <= 40
            if letters <= _LEFTOVER or opens:
                found = _as_date(m)
                if found is not None and found <= dt.date.today() + dt.timedelta(days=1):
                    return found
    return None


def dateline_date(text: str) -> dt.date | None:
    """The publication date a plain text states at its top, if it states one."""
    seen = 0
    for line in text[:4000].splitlines():
        if not line.strip():
            continue
        found = _dateline_in(line.strip()[:300])
        if found is not None:
            return found
        seen += 1
        if seen >= _LINES:
            break
    return None


def is_dateline(line: str) -> bool:
    return bool(line.strip()) and _dateline_in(line.strip()[:300]) is not None


_URL_DATES = (
    # /2022/10/04/, /2022-10-04-, /2022_10_04
    re.compile(r"[/_-](?P<y>(?:19|20)\d\d)[/_-](?P<mn>[01]?\d)[/_-](?P<d>[0-3]?\d)(?=[/_.-]|$)"),
    # /20220927/
    re.compile(r"/(?P<y>(?:19|20)\d\d)(?P<mn>[01]\d)(?P<d>[0-3]\d)(?=[/_.-]|$)"),
    # /23/03/2023/
    re.compile(r"/(?P<d>[0-3]?\d)/(?P<mn>[01]?\d)/(?P<y>(?:19|20)\d\d)(?=/|$)"),
)


def url_date(url: str | None) -> dt.date | None:
    """A day written in a web address (news sites put the publication day in the path)."""
    if not url:
        return None
    path = re.sub(r"^[a-z]+://[^/]+", "", url, flags=re.IGNORECASE).split("?", 1)[0]
    for pattern in _URL_DATES:
        m = pattern.search(path)
        if m:
            try:
                found = dt.date(int(m["y"]), int(m["mn"]), int(m["d"]))
            except ValueError:
                continue
            if found <= dt.date.today() + dt.timedelta(days=1):
                return found
    return None


_META = re.compile(r"<meta\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_PUBLISHER_KEYS = ("og:site_name", "application-name", "publisher", "twitter:site", "copyright")


def html_publisher(html: str) -> str | None:
    """The outlet an HTML page names in its metadata (og:site_name first)."""
    import html as htmllib

    found: dict[str, str] = {}
    for tag in _META.finditer(html[:200_000]):
        attrs = {a.lower(): (v1 or v2) for a, v1, v2 in _ATTR.findall(tag.group(0))}
        key = (attrs.get("property") or attrs.get("name") or "").lower()
        value = " ".join(htmllib.unescape(attrs.get("content") or "").split())
        if key in _PUBLISHER_KEYS and value and key not in found:
            found[key] = value.lstrip("@")
    return next((found[k][:200] for k in _PUBLISHER_KEYS if k in found), None)


def html_date(html: str) -> dt.date | None:
    """The publication date of a page's metadata (htmldate, without searching the text)."""
    try:
        import htmldate

        found = htmldate.find_date(html, extensive_search=False, original_date=True)
    except Exception:  # htmldate refuses odd markup in many ways; no date is the answer then
        return None
    try:
        return dt.date.fromisoformat(found) if found else None
    except ValueError:
        return None
