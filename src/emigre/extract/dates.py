"""Time expressions in a sentence and the period they give a figure.

Absolute dates ("24 September 2022", "mid-March", "the second quarter of 2022") and relative ones
("on Tuesday", "last year", "in the first week after the announcement", "the following day")
resolve against the document's publication date and the dates already read in the document
(`TimeContext`). One compiled pattern finds the candidates; dateutil does the calendar work.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache

from dateutil.relativedelta import relativedelta

from emigre.extract import lang
from emigre.extract.lowered import lower_pattern

MONTHS: dict[str, int] = lang.mapping("dates.months")
"""Month names and abbreviations of every language; a key ending in * is a stem (январ*)."""
WEEKDAYS: dict[str, int] = lang.mapping("dates.weekdays")
ORDINALS: dict[str, int] = lang.mapping("dates.ordinals")
PARTS: dict[str, str] = lang.mapping("dates.parts")
"""Parts of a year ("quarter", "полугодие") -> quarter or half."""
SMALL: dict[str, int] = lang.mapping("dates.small")
UNITS: dict[str, str] = lang.mapping("dates.units")
"""Words of a length of time ("weeks", "недели") -> day, week, month or year."""
_PREPOSITIONS: dict[str, str] = lang.mapping("dates.prepositions")


def _key_rx(key: str) -> str:
    return r"\s+".join(
        re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w) for w in key.split()
    )


def _alts(keys: list[str]) -> str:
    return "|".join(_key_rx(k) for k in sorted(set(keys), key=len, reverse=True)) or "(?!x)x"


def _lookup(table: dict[str, object], word: str) -> object | None:
    """A word's entry in a table whose keys may be stems."""
    w = " ".join(word.lower().split()).rstrip(".")
    if w in table:
        return table[w]
    if w + "." in table:
        return table[w + "."]
    best = None
    for k, v in table.items():
        if k.endswith("*") and w.startswith(k[:-1].lower()) and (best is None or len(k) > best[0]):
            best = (len(k), v)
    return best[1] if best else None


_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th|\.)?"
_YEAR = r"(?:19[5-9]\d|20\d\d)"


def _expression(langs: tuple[str, ...]) -> tuple[str, str]:
    """The gate and the time expression pattern of some languages (the prepositions, month
    names and time words of their data files): (gate, expression)."""

    def m(path: str) -> dict[str, object]:
        return lang.mapping(path, langs)

    months = m("dates.months")
    preps = m("dates.prepositions")
    _MON = rf"(?:{_alts([k.rstrip('.') for k in months])})\.?"
    _FUZZ = (
        r"(?:(?P<FZ>early|mid|late|the\s+end\s+of|end\s+of|the\s+beginning\s+of|beginning\s+of"
        r"|the\s+start\s+of|start\s+of|the\s+middle\s+of|middle\s+of|the\s+first\s+half\s+of"
        r"|the\s+second\s+half\s+of|anfang|mitte|ende)[-\s]+)"
    )
    _WD = rf"(?:{_alts(list(m('dates.weekdays')))})"
    _NUMW = rf"(?:\d+|{_alts(list(m('dates.small')))})"
    _UNIT = rf"(?:{_alts(list(m('dates.units')))})"
    _ORD = rf"(?:{_alts(list(m('dates.ordinals')))})"
    _PART = rf"(?:{_alts(list(m('dates.parts')))})"
    _PART_OF = lang.alternation("dates.part_of", langs)
    _PART_YEARS = lang.alternation("dates.part_years", langs)
    _JOIN = rf"(?:\s*[-–—]\s*|\s+(?:{lang.alternation('dates.range_join', langs)})\s+)"
    _DURATION = lang.alternation("dates.duration", langs)
    _OF = lang.alternation("dates.day_of", langs)
    _RECENT = lang.alternation("dates.recent", langs)

    _ATOMS = [
        rf"(?P<iso>(?P<iy>{_YEAR})-(?P<im>[01]\d)-(?P<id>[0-3]\d))",
        # "21-29 September", "с 21 по 29 сентября": the days of one month
        rf"(?P<dr>(?P<dr1>{_DAY}){_JOIN}(?P<dr2>{_DAY})\s+(?P<drm>{_MON})(?:,?\s+(?P<dry>{_YEAR}))?)",
        # "January-March 2022", "январь–март 2022 года": months of one year
        rf"(?P<mr>(?P<mr1>{_MON}){_JOIN}(?P<mr2>{_MON}),?\s+(?P<mry>{_YEAR}))",
        rf"(?P<dmy>(?P<d1>{_DAY})\s+(?:(?:{_OF})\s+)?(?P<m1>{_MON})(?:,?\s+(?:(?:{_OF})\s+)?(?P<y1>{_YEAR}))?)",
        rf"(?P<mdy>(?P<m2>{_MON})\s+(?P<d2>{_DAY})(?![\d,]\d)(?:,?\s+(?P<y2>{_YEAR}))?)",
        rf"(?P<my>{_FUZZ.replace('FZ', 'fuzz')}?(?P<m3>{_MON})(?:,?\s+(?P<y3>{_YEAR}))?)",
        rf"(?P<q>(?:the\s+)?(?P<qn>{_ORD})\s+(?P<qk>{_PART})\s+(?:(?:{_PART_OF})\s+)?"
        rf"(?:(?P<qy>{_YEAR})|(?P<qw>{_PART_YEARS})))",
        rf"(?P<y>{_FUZZ.replace('FZ', 'fuzzy')}?(?P<y4>{_YEAR})(?!\s*(?:people|persons|Russians|[-–]\d)))",  # noqa: E501
        rf"(?P<wd>(?:(?P<wdrel>the\s+previous|the\s+following|last|next|this)\s+)?(?P<wdn>{_WD}))",
        r"(?P<rel>today|yesterday|tonight|heute|gestern"
        r"|(?:this|last|the\s+past|the\s+previous)\s+(?:year|month|week)"
        r"|(?:the\s+)?(?:same|following|next|previous)\s+(?:day|week|month|year|period)"
        r"|(?:in\s+)?recent\s+(?:days|weeks|months)|(?:every|each|per|a)\s+day|daily"
        r"|(?:during|in|over)\s+the\s+year|the\s+beginning\s+of\s+the\s+year"
        r"|the\s+start\s+of\s+the\s+year|a\s+year\s+(?:earlier|ago|before|prior)"
        r"|vor\s+einer\s+Woche|letzte\s+Woche)",
        rf"(?P<first>(?:(?:in|during|within)\s+)?the\s+(?:first|initial)\s+(?P<fn>{_NUMW}\s+)?(?P<fu>{_UNIT})"
        r"\s+(?:after|since|following|of)\s+(?:the|its|his|her|their|this)?\s*(?P<fa>\w+(?:[-\s]up)?))",
        rf"(?P<poss>(?:the\s+)?(?P<pa>\w+)['’]s\s+(?P<pn>first|initial)\s+(?P<pu>{_UNIT}))",
        rf"(?P<dur>(?:{_DURATION})\s+(?:just\s+|only\s+)?(?:(?:over|under|about|around|less\s+than|more\s+than)\s+)?"
        rf"(?:(?P<dlast>{_RECENT})\s+)?(?:(?P<dn>{_NUMW})[-\s]+)?(?P<du>{_UNIT})(?![-\w]))",
        r"(?P<anc>(?:the\s+)?(?:start|beginning|outbreak|onset)\s+of\s+(?:the\s+)?(?:\w+\s+){0,3}?"
        r"(?:war|invasion|conflict|military\s+operation|mobili[sz]ation|crisis)"
        r"|it\s+was\s+(?:announced|declared|launched)|the\s+(?:announcement|call-up|invasion))",
    ]
    _PREP = rf"(?P<prep>{_alts(list(preps))})\s+"
    FIRST_WORDS = lang.entries("dates.first_words", langs)
    gate = (
        r"(?=\d|(?:"
        + _alts(
            [
                *FIRST_WORDS,
                *(k.split()[0] for k in preps),
                *(k.rstrip(".") for k in months),
                *m("dates.weekdays"),
                *m("dates.ordinals"),
                *(k.split()[0] for k in m("dates.small")),
                *(k.split()[0] for k in lang.entries("dates.words", langs)),
            ]
        )
        + rf")(?!\w)|{_DURATION}|\w+['’]s)"
    )
    expression = rf"(?:{_PREP})?(?:" + "|".join(_ATOMS) + ")"
    return gate, expression


_GATE, _EXPRESSION = _expression(lang.LANGUAGES)
"""Every language's: the gate lets through every word a time expression can start with (the
prepositions, each atom's first word, a digit or a possessive, "the war's first week"), so the
search skips most words at once instead of trying forty alternatives on each (1.6x faster)."""
TIME_PATTERN = rf"(?<![\w-]){_GATE}{_EXPRESSION}(?![\w])"


@cache
def time_patterns(language: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The time pattern of one language (with English, which quotes and datelines mix in),
    case-blind and for lower-cased text (several times faster)."""
    langs = tuple(dict.fromkeys(("en", *lang.read_together(language))))
    gate, expression = _expression(langs)
    pattern = rf"(?<![\w-]){gate}{expression}(?![\w])"
    return re.compile(pattern, re.IGNORECASE), lower_pattern(pattern)


ANCHOR_WORDS = {
    "war": "war", "invasion": "war", "invaded": "war", "conflict": "war", "operation": "war",
    "outbreak": "war", "announcement": "announcement", "announced": "announcement",
    "mobilization": "announcement", "mobilisation": "announcement", "call-up": "announcement",
    "callup": "announcement", "conscription": "announcement", "draft": "announcement",
    "decree": "announcement",
}  # fmt: skip
_ANCHOR_NEAR = re.compile(
    r"\b(invasion|invaded|war|outbreak|announcement|announced|mobili[sz]ation|call-up|decree)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Period:
    start: dt.date | None
    end: dt.date | None

    def shifted(self, **kw: int) -> Period:
        d = relativedelta(**kw)  # type: ignore[arg-type]
        return Period(self.start + d if self.start else None, self.end + d if self.end else None)


@dataclass
class TimeContext:
    """What a reader knows of time at a point in the document."""

    published: dt.date | None = None
    reference: dt.date | None = None  # fallback when a document has no date at all
    lowered: str | None = None  # the document lower-cased (same length), for the fast pattern
    year: int | None = None  # last explicit year read
    last_day: dt.date | None = None  # last explicit day read
    anchors: dict[str, dt.date] = field(default_factory=dict)
    last_period: Period | None = None  # period of the last figure (for "the same period")
    language: str = "en"  # of the paragraph being read: its time words are looked for

    @property
    def now(self) -> dt.date | None:
        return self.published


@dataclass(frozen=True)
class TimeExpr:
    start: int
    end: int
    text: str
    period: Period
    role: str  # in, since, by, before, between, on, after, same
    explicit_year: bool = False
    duration: bool = False  # "in just one month": a length, placed at the publication date
    contextual: bool = False  # "the same period", "a year earlier": depends on earlier figures


def _month_end(y: int, m: int) -> dt.date:
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def _month_num(text: str) -> int:
    return int(_lookup(MONTHS, text) or 0)


def _fuzz_window(fuzz: str | None, y: int, m: int | None) -> Period:
    f = re.sub(r"\s+", " ", (fuzz or "").lower()).removeprefix("the ")
    if m is None:
        windows = {
            "": (1, 12), "early": (1, 4), "beginning of": (1, 1), "start of": (1, 1),
            "anfang": (1, 3), "mid": (7, 6), "middle of": (7, 6), "mitte": (7, 6),
            "late": (9, 12), "end of": (12, 12), "ende": (12, 12),
            "first half of": (1, 6), "second half of": (7, 12),
        }  # fmt: skip
        a, b = windows.get(f, (1, 12))
        if f in ("end of", "ende"):
            return Period(dt.date(y, 12, 31), dt.date(y, 12, 31))
        return Period(dt.date(y, a, 1), _month_end(y, b))
    last = calendar.monthrange(y, m)[1]
    windows_m = {
        "": (1, last), "early": (1, 10), "beginning of": (1, 5), "start of": (1, 5),
        "anfang": (1, 10), "mid": (11, 20), "middle of": (11, 20), "mitte": (11, 20),
        "late": (21, last), "end of": (last, last), "ende": (21, last),
        "first half of": (1, 15), "second half of": (16, last),
    }  # fmt: skip
    a, b = windows_m.get(f, (1, last))
    return Period(dt.date(y, m, a), dt.date(y, m, b))


def _latest_year(m: int, d: int, ctx: TimeContext, before: dt.date | None = None) -> int | None:
    """The year of a day or month given without one: the context's, else the last one not after
    the publication date."""
    now = before or ctx.published
    if ctx.year is not None and before is None:  # noqa: SIM102
        if now is None or dt.date(ctx.year, m, min(d, 28)) <= now:
            return ctx.year
    if now is not None:
        return now.year if (m, d) <= (now.month, now.day) else now.year - 1
    if ctx.reference is not None:
        return ctx.reference.year
    return None


def _unit_delta(n: int, unit: str) -> relativedelta:
    kind = _lookup(UNITS, unit) or "year"
    if kind == "day":
        return relativedelta(days=n)
    if kind == "week":
        return relativedelta(weeks=n)
    if kind == "month":
        return relativedelta(months=n)
    return relativedelta(years=n)


def _anchor(word: str, ctx: TimeContext) -> dt.date | None:
    key = ANCHOR_WORDS.get(word.lower().rstrip("s"))
    if key is None:
        key = ANCHOR_WORDS.get(word.lower())
    if key and key in ctx.anchors:
        return ctx.anchors[key]
    if key == "announcement" and "war" in ctx.anchors and not ctx.anchors.get("announcement"):
        return None
    return None


def _resolve_range(
    g: dict[str, str | None], ctx: TimeContext, next_year: int | None
) -> tuple[Period, bool] | None:
    """Days of one month ("21-29 September") or months of one year ("January-March 2022")."""
    if g["mr"]:
        y = int(g["mry"])  # type: ignore[arg-type]
        a, b = _month_num(g["mr1"] or ""), _month_num(g["mr2"] or "")
        if not a or not b or b < a:
            return None
        return Period(dt.date(y, a, 1), _month_end(y, b)), True
    mon = _month_num(g["drm"] or "")
    d1 = int((g["dr1"] or "").rstrip(".").rstrip("stndrh"))
    d2 = int((g["dr2"] or "").rstrip(".").rstrip("stndrh"))
    year = int(g["dry"]) if g["dry"] else next_year or _latest_year(mon, d2, ctx)
    if not mon or year is None or d2 < d1:
        return None
    try:
        return Period(dt.date(year, mon, d1), dt.date(year, mon, d2)), bool(g["dry"])
    except ValueError:
        return None


def _resolve(
    m: re.Match[str], ctx: TimeContext, next_year: int | None
) -> tuple[Period, bool] | None:
    g = m.groupdict()
    now = ctx.published
    if g["iso"]:
        try:
            d = dt.date(int(g["iy"]), int(g["im"]), int(g["id"]))
        except ValueError:
            return None
        return Period(d, d), True
    if g["dr"] or g["mr"]:
        return _resolve_range(g, ctx, next_year)
    if g["dmy"] or g["mdy"]:
        day_t = (g["d1"] or g["d2"]).rstrip(".").rstrip("stndrh")
        mon = _month_num(g["m1"] or g["m2"])
        year_t = g["y1"] or g["y2"]
        day = int(day_t)
        if year_t:
            y: int | None = int(year_t)
        elif next_year is not None:
            y = next_year
        else:
            y = _latest_year(mon, day, ctx)
        if y is None:
            return None
        try:
            d = dt.date(y, mon, day)
        except ValueError:
            return None
        return Period(d, d), bool(year_t)
    if g["my"]:
        mon_t = g["m3"]
        # "may" and "march" are verbs too: a month name needs a capital or a year
        if mon_t.rstrip(".").lower() in ("mar", "jun", "jul", "aug", "oct", "dec") and not g["y3"]:
            pass
        mon = _month_num(mon_t)
        if g["y3"]:
            y = int(g["y3"])
        elif next_year is not None:
            y = next_year
        else:
            y = _latest_year(mon, 1, ctx)
        if y is None:
            return None
        return _fuzz_window(g["fuzz"], y, mon), bool(g["y3"])
    if g["q"]:
        n = int(_lookup(ORDINALS, g["qn"]) or 1)
        words_of_year = (g["qw"] or "").lower()
        if g["qy"]:
            y = int(g["qy"])
        elif "last" in words_of_year:
            base = ctx.published.year if ctx.published else ctx.year
            y = base - 1 if base else None  # type: ignore[assignment]
        else:
            y = ctx.year or (ctx.published.year if ctx.published else None)
        if y is None:
            return None
        if _lookup(PARTS, g["qk"]) == "quarter":
            a = 3 * (min(n, 4) - 1) + 1
            return Period(dt.date(y, a, 1), _month_end(y, a + 2)), bool(g["qy"])
        a = 1 if n == 1 else 7
        return Period(dt.date(y, a, 1), _month_end(y, a + 5)), bool(g["qy"])
    if g["y"]:
        y = int(g["y4"])
        return _fuzz_window(g["fuzzy"], y, None), True
    if g["wd"]:
        wd = int(_lookup(WEEKDAYS, g["wdn"]) or 0)
        rel = (g["wdrel"] or "").lower()
        base = now or ctx.last_day
        if base is None:
            return None
        if "following" in rel or rel == "next":
            base = ctx.last_day or base
            delta = (wd - base.weekday()) % 7 or 7
            d = base + dt.timedelta(days=delta)
        else:
            if "previous" in rel or rel == "last":
                base = (ctx.last_day or base) - dt.timedelta(days=1)
            delta = (base.weekday() - wd) % 7
            d = base - dt.timedelta(days=delta)
        return Period(d, d), False
    if g["rel"]:
        r = re.sub(r"\s+", " ", g["rel"].lower())
        year_now = now.year if now else ctx.year
        if (
            r in ("today", "tonight", "heute")
            or (
                r.endswith(" day")
                and r.split()[0]
                in (
                    "every",
                    "each",
                    "per",
                    "a",
                )
            )
            or r == "daily"
        ):
            return (Period(now, now), False) if now else None
        if r in ("yesterday", "gestern"):
            return (
                (Period(now - dt.timedelta(days=1), now - dt.timedelta(days=1)), False)
                if now
                else None
            )
        if "recent" in r:
            if not now:
                return None
            span = {"days": 7, "weeks": 21, "months": 90}[r.split()[-1]]
            return Period(now - dt.timedelta(days=span), now), False
        if r in ("this year",):
            return (Period(dt.date(now.year, 1, 1), now), False) if now else None
        if r in ("last year", "the past year", "the previous year"):
            if r == "last year" and year_now:
                return Period(dt.date(year_now - 1, 1, 1), dt.date(year_now - 1, 12, 31)), False
            return (Period(now - relativedelta(years=1), now), False) if now else None
        if r in ("this month",):
            return (Period(now.replace(day=1), now), False) if now else None
        if r in ("last month", "the past month", "the previous month"):
            if not now:
                return None
            first = now.replace(day=1) - dt.timedelta(days=1)
            return Period(first.replace(day=1), first), False
        if r in ("this week",):
            return (Period(now - dt.timedelta(days=now.weekday()), now), False) if now else None
        if r in (
            "last week",
            "the past week",
            "the previous week",
            "letzte woche",
            "vor einer woche",
        ):
            return (Period(now - dt.timedelta(days=7), now), False) if now else None
        if "following day" in r or "next day" in r:
            if ctx.last_day is None:
                return None
            d = ctx.last_day + dt.timedelta(days=1)
            return Period(d, d), False
        if "previous day" in r:
            if ctx.last_day is None:
                return None
            d = ctx.last_day - dt.timedelta(days=1)
            return Period(d, d), False
        if "same day" in r:
            return (Period(ctx.last_day, ctx.last_day), False) if ctx.last_day else None
        if "same period" in r or "same week" in r or "same month" in r:
            return (ctx.last_period, False) if ctx.last_period else None
        if "the year" in r:
            if "beginning" in r or "start" in r:
                y2 = now.year if now else ctx.year
                return (Period(dt.date(y2, 1, 1), dt.date(y2, 1, 1)), False) if y2 else None
            y2 = ctx.year or (now.year if now else None)
            if ctx.last_period and ctx.last_period.end:
                y2 = ctx.last_period.end.year
            return (Period(dt.date(y2, 1, 1), dt.date(y2, 12, 31)), False) if y2 else None
        if r.startswith("a year"):
            if ctx.last_period is not None:
                return ctx.last_period.shifted(years=-1), False
            return None
        return None
    if g["first"]:
        if re.fullmatch(r"(?:19|20)\d\d", g["fa"]):
            # "the first nine months of 2022": a calendar span, its last day included
            n_t = (g["fn"] or "one").strip().lower()
            n = int(_lookup(SMALL, n_t) or (int(n_t) if n_t.isdigit() else 1))
            start = dt.date(int(g["fa"]), 1, 1)
            return Period(start, start + _unit_delta(n, g["fu"]) - dt.timedelta(days=1)), False
        base = _anchor(g["fa"], ctx)
        if base is None and _lookup(UNITS, g["fa"]) == "year":
            # "the first six months of this year", "... of last year"
            y = (now.year if now else ctx.year) or None
            if y is not None and "last" in g["first"].lower():
                y -= 1
            base = dt.date(y, 1, 1) if y else None
        if base is None:
            return None
        n_t = (g["fn"] or "one").strip().lower()
        n = int(_lookup(SMALL, n_t) or (int(n_t) if n_t.isdigit() else 1))
        return Period(base, base + _unit_delta(n, g["fu"])), False
    if g["poss"]:
        base = _anchor(g["pa"], ctx)
        if base is None:
            return None
        return Period(base, base + _unit_delta(1, g["pu"])), False
    if g["dur"]:
        if now is None:
            return None
        if not g["dn"] and not g["dlast"]:
            return None  # "for years": no length
        n_t = (g["dn"] or "1").lower()
        n = int(_lookup(SMALL, n_t) or (int(n_t) if n_t.isdigit() else 1))
        return Period(now - _unit_delta(n, g["du"]), now), False
    if g["anc"]:
        words = g["anc"].lower().split()
        base = None
        for w in reversed(words):
            base = _anchor(w, ctx)
            if base:
                break
        if (base is None and "announced" in g["anc"].lower()) or "declared" in g["anc"].lower():
            base = ctx.anchors.get("announcement")
        if base is None:
            return None
        return Period(base, base), False
    return None


_ROLE = {" ".join(k.lower().split()): v for k, v in _PREPOSITIONS.items() if v != "in"}
"""What a preposition makes of the date after it (since, from, by, before, to, after, on)."""


_COMPARE_WORD = re.compile(rf"\b(?:{lang.alternation('dates.compare')})", re.IGNORECASE)
"""Words that make the date after them a yardstick ("more than in 2021"), not the period."""
_LEADS = {" ".join(k.lower().split()): v for k, v in lang.mapping("dates.leads").items()}
_SINCE_WORD = re.compile(
    r"(?<!\w)(" + "|".join(_key_rx(k) for k in sorted(_LEADS, key=len, reverse=True)) + r")(?!\w)",
    re.IGNORECASE,
)
"""Words that govern a later date of their clause: "since Moscow launched the war in 2022"."""
_PUNCT = re.compile(r"[,;.!?]")


def _clause_before(text: str, start: int, pos: int, width: int) -> str:
    """The words of the same clause just before pos (up to width characters)."""
    window = text[max(start, pos - width) : pos]
    cut = max(
        window.rfind(","),
        window.rfind(";"),
        window.rfind("."),
        window.rfind("!"),
        window.rfind("?"),
    )
    return window[cut + 1 :] if cut >= 0 else window


def find_times(text: str, start: int, end: int, ctx: TimeContext) -> list[TimeExpr]:
    """Time expressions in text[start:end], resolved; updates nothing in ctx."""
    low = ctx.lowered
    time_re, lower_re = time_patterns(ctx.language)
    if low is not None and len(low) == len(text):
        matches = [
            m for m in lower_re.finditer(low, start, end)
            # "may" and "march" are verbs too: a month without a year needs its capital
            if not (m.group("my") and not m.group("y3") and not text[m.start("m3")].isupper())
        ]  # fmt: skip
    else:
        matches = [
            m for m in time_re.finditer(text, start, end)
            if not (m.group("my") and not m.group("y3") and not text[m.start("m3")].isupper())
        ]  # fmt: skip
    out: list[TimeExpr] = []
    # a year given later in the sentence completes earlier bare dates: "1 November and 21 January, 2023"  # noqa: E501
    years: list[int | None] = []
    for m in matches:
        y = (
            m.group("y1") or m.group("y2") or m.group("y3") or m.group("iy") or m.group("y4")
            or m.group("dry") or m.group("mry") or m.group("qy")
        )  # fmt: skip
        years.append(int(y) if y else None)
    skip: set[int] = set()
    for i, m in enumerate(matches):
        if i in skip:
            continue
        next_year = None
        prep = re.sub(r"\s+", " ", (m.group("prep") or "").lower())
        if years[i] is None:
            later = next((y for y in years[i + 1 : i + 2] if y), None)
            earlier = next((y for y in reversed(years[:i]) if y), None)
            if later is not None and prep in ("from", "between", "since"):
                next_year = later
            elif earlier is not None:
                next_year = earlier
        role = _ROLE.get(prep, "in")
        if (m.group("dr") or m.group("mr")) and role in ("from", "since"):
            role = "in"  # "from 21 to 29 September": the range is the period
        if m.group("dur"):
            role = "in"
        elif role == "in" and not m.group("rel") and not m.group("first"):
            # "since Moscow launched the invasion in 2022": the clause's "since" governs the date
            leads = list(_SINCE_WORD.finditer(_clause_before(text, start, m.start(), 80)))
            if leads:
                role = _LEADS.get(" ".join(leads[-1].group(1).lower().split()), "in")
        if _COMPARE_WORD.search(_clause_before(text, start, m.start(), 40)):
            role = "compare"  # "than in the entire year of 2020": a yardstick, not the period
        resolved = _resolve(m, ctx, next_year)
        if m.group("anc") and i + 1 < len(matches):
            # "the start of the invasion on 24 February": the date says when the event was
            nxt = matches[i + 1]
            gap = text[m.end() : nxt.start()]
            if len(gap) <= 30 and not re.search(r"[,;.]", gap) and not nxt.group("anc"):
                own = _resolve(nxt, ctx, years[i + 1] or next_year)
                if own is not None:
                    resolved = (Period(own[0].start, own[0].start), own[1])
                    skip.add(i + 1)
                    out.append(
                        TimeExpr(
                            m.start(),
                            nxt.end(),
                            text[m.start() : nxt.end()],
                            resolved[0],
                            role,
                            resolved[1],
                        )
                    )
                    continue
        if resolved is None:
            continue
        period, explicit = resolved
        rel = (m.group("rel") or "").lower()
        contextual = any(
            w in rel for w in ("same", "year earlier", "year before", "year prior", "year ago")
        )
        out.append(
            TimeExpr(
                m.start(),
                m.end(),
                text[m.start() : m.end()],
                period,
                role,
                explicit,
                bool(m.group("dur")),
                contextual,
            )
        )
    # "from August through January": the first end is not after the second's start
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        if a.role in ("from",) and b.role in ("to", "by") and not a.explicit_year:  # noqa: SIM102
            if a.period.start and b.period.start and a.period.start > b.period.start:
                out[i] = TimeExpr(a.start, a.end, a.text, a.period.shifted(years=-1), a.role, False)
    return out


def period_of(times: list[TimeExpr], ctx: TimeContext) -> Period | None:
    """The period a figure covers, from the time expressions of its clause."""
    times = [t for t in times if t.role != "compare"]
    if not times:
        return None
    now = ctx.published
    first = times[0]
    # ranges: from/between A to/and B
    for i, t in enumerate(times[:-1]):
        nxt = times[i + 1]
        if t.role == "from" and nxt.role in ("to", "by"):
            return Period(t.period.start, nxt.period.end)
    start: dt.date | None = None
    end: dt.date | None = None
    have_end = False
    for t in times:
        p = t.period
        if t.role == "since":
            start = p.start
            if not have_end:
                end = now
        elif t.role == "after":
            start = start or p.start
            if not have_end:
                end = now  # "after the call-up, 300,000 left": up to the publication
        elif t.role in ("by", "to"):
            end = _point(t)
            have_end = True
        elif t.role == "before":
            end = p.start - dt.timedelta(days=1) if p.start else None
            have_end = True
        elif t.role == "from":
            start = p.start
            if not have_end:
                end = now
        else:  # in / on / bare
            if have_end and end is not None and p.end and p.end > end:
                continue
            if start is not None and t is not first and not have_end:
                # "since X ... in the first week": the more precise one wins
                end = p.end
                have_end = True
                continue
            start, end = p.start, p.end
            have_end = True
    if end is not None and now is not None and end > now and (start is None or start <= now):
        end = now  # "in 2022" read in November 2022 runs to the publication date
    if start is not None and end is not None and end < start:
        start = None
    return Period(start, end)


def _point(t: TimeExpr) -> dt.date | None:
    """The day a 'by'/'as of' expression names: a fuzzy window's middle, a month's end."""
    p = t.period
    if p.start is None or p.end is None:
        return p.end
    span = (p.end - p.start).days
    if 5 <= span <= 12:  # early / mid / late a month
        return p.start + dt.timedelta(days=span // 2)
    return p.end


def note_anchors(
    text: str, times: list[TimeExpr], ctx: TimeContext, bounds: tuple[int, int] | None = None
) -> None:
    """Remember dated events ("the invasion ... 24 February 2022") for later references."""
    lo, hi = bounds or (0, len(text))
    for t in times:
        if t.period.start is None or (t.period.end and (t.period.end - t.period.start).days > 31):
            continue
        window = text[max(lo, t.start - 80) : min(hi, t.end + 40)]
        for m in _ANCHOR_NEAR.finditer(window):
            key = ANCHOR_WORDS[m.group(1).lower()] if m.group(1).lower() in ANCHOR_WORDS else None  # noqa: SIM401
            if key is None:
                key = "announcement" if "mobili" in m.group(1).lower() else None
            if key is None:
                continue
            prev = ctx.anchors.get(key)
            span = (t.period.end - t.period.start).days if t.period.end else 99
            if prev is None:
                # a window ("late February") anchors at its middle; a day at itself
                ctx.anchors[key] = t.period.start + dt.timedelta(days=span // 2)


def advance(ctx: TimeContext, times: list[TimeExpr]) -> None:
    """Carry what a sentence said about time into the context for the next ones."""
    for t in times:
        if t.explicit_year and t.period.start:
            ctx.year = (t.period.end or t.period.start).year
        if t.period.start and t.period.end and t.period.start == t.period.end:
            ctx.last_day = t.period.start
