"""When an undated text was written: no earlier than the latest day it names.

A text without a publication date still says "since January" or "over the past week"; read
against nothing those give no end. The latest day or month the text names (its year written
or taken from the text's latest year) is a lower bound of when it was written: close enough
for "since January" to end somewhere. A year after "by" ("by 2030") is a horizon, not a day
the text has seen, and does not count. One cheap pattern (days, months and years only) reads
the whole text once (its month names a trie of characters).
"""

from __future__ import annotations

import calendar
import contextlib
import datetime as dt
import re
from functools import cache

from emigre.extract import lang
from emigre.extract.lowered import lower_pattern
from emigre.extract.timewords import DAY, MONTHS, YEAR, alts, lookup, needs_capital


def _langs(language: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(("en", *lang.read_together(language))))


@cache
def _pattern(language: str) -> re.Pattern[str]:
    """Days, months and years of a language (and English), for lower-cased text."""
    mon = rf"(?:{alts([k.rstrip('.') for k in lang.mapping('dates.months', _langs(language))])})\.?"
    of = lang.alternation("dates.day_of", _langs(language))
    year = rf"(?:,?\s+(?:(?:{of})\s+)?(?P<yN>{YEAR}))?"
    return lower_pattern(
        rf"(?<![\w-])(?=\d|{mon})"
        rf"(?:(?P<d1>{DAY})\s+(?:(?:{of})\s+)?(?P<m1>{mon}){year.replace('N', '1')}"
        rf"|(?P<m2>{mon})(?:\s+(?P<d2>{DAY})(?![\d,]\d))?{year.replace('N', '2')}"
        rf"|(?P<iso>(?P<iy>{YEAR})-(?P<im>[01]\d)-(?P<id>[0-3]\d))|(?P<y3>{YEAR}))(?![\w])"
    )


@cache
def _by_words(language: str) -> re.Pattern[str]:
    """Prepositions that make the year after them a horizon ("by", "к", "bis")."""
    keys = [k for k, v in lang.mapping("dates.prepositions", _langs(language)).items() if v == "by"]
    return re.compile(rf"(?<!\w)(?:{alts(keys)})\s+(?:\w+\s+){{0,2}}$", re.IGNORECASE)


def _day(d: str | None, m: str, y: int) -> dt.date | None:
    mon = int(lookup(MONTHS, m) or 0)
    if not mon:
        return None
    last = calendar.monthrange(y, mon)[1]
    day = int(d.rstrip(".").rstrip("stndrh")) if d else last
    return dt.date(y, mon, day) if 1 <= day <= last else None


def latest_named_day(
    text: str, start: int, end: int, language: str, lowered: str | None = None
) -> dt.date | None:
    """The latest day (or the end of the latest month) text[start:end] names, its year
    written or the text's latest; a later year named on its own gives its last day.

    lowered is the text lower-cased, if the caller has it."""
    low = lowered if lowered is not None and len(lowered) == len(text) else text.lower()
    if len(low) != len(text):
        return None  # lower-casing moved the offsets: no day is worth a slow search
    found = list(_pattern(language).finditer(low, start, end))
    by = _by_words(language)
    years = [int(y) for m in found if (y := m.group("y1") or m.group("y2") or m.group("iy"))]
    bare = [
        int(m.group("y3")) for m in found
        if m.group("y3") and not by.search(text, max(start, m.start() - 30), m.start())
    ]  # fmt: skip
    if not years and not bare:
        return None
    top = max(years or bare)
    days: list[dt.date] = []
    for m in found:
        if m.group("iso"):
            with contextlib.suppress(ValueError):  # "2022-02-30"
                days.append(dt.date(int(m.group("iy")), int(m.group("im")), int(m.group("id"))))
            continue
        month = m.group("m1") or m.group("m2")
        if not month:
            continue
        if not (m.group("d1") or m.group("d2") or m.group("y2")) and (
            needs_capital(month) and not text[m.start()].isupper()
        ):
            continue  # "may", "march": a verb
        y = int(m.group("y1") or m.group("y2") or top)
        day = _day(m.group("d1") or m.group("d2"), month, y)
        if day is not None:
            days.append(day)
    latest = max(days) if days else None
    if bare and (latest is None or max(bare) > latest.year):
        return dt.date(max(bare), 12, 31)
    return latest
