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

from dateutil.relativedelta import relativedelta

from emigre.extract import lang
from emigre.extract.timewords import (
    EVENTS,
    FUZZ,
    MONTHS,
    ORDINALS,
    PARTS,
    PREPOSITIONS,
    RELATIVE,
    SMALL,
    UNITS,
    WEEKDAYS,
    WHOLE_EVENTS,
    YEAR_WORDS,
    key_rx,
    lookup,
    needs_capital,
    reported_at,
    time_patterns,
)

_lookup = lookup
_key_rx = key_rx
_PREPOSITIONS = PREPOSITIONS


_ANCHOR_NEAR = re.compile(
    rf"(?<!\w)({'|'.join(key_rx(k) for k in sorted(EVENTS, key=len, reverse=True))})(?!\w)",
    re.IGNORECASE,
)
"""Words of an event near a date ("the invasion ... 24 February 2022"): the date is the event's."""
_EVENT_BEFORE = re.compile(
    rf"(?<!\w)(?:{'|'.join(key_rx(k) for k in sorted(EVENTS, key=len, reverse=True))})(?!\w)\D*$",
    re.IGNORECASE,
)
"""An event word, and no number, just before a day: the day dates the event."""


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
    assumed: dt.date | None = None  # an undated text's latest day: it was written after
    last_named: Period | None = None  # the period the last sentence with a time named

    @property
    def now(self) -> dt.date | None:
        """The day relative expressions count from: the publication, else the assumed day."""
        return self.published or self.assumed


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
    plain_role: str | None = None  # a yardstick's role were it not one ("than between ...")


def _month_end(y: int, m: int) -> dt.date:
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def _month_num(text: str) -> int:
    return int(_lookup(MONTHS, text) or 0)


_YEAR_WINDOWS = {
    "": (1, 12), "early": (1, 4), "beginning": (1, 1), "mid": (7, 6), "middle": (7, 6),
    "late": (9, 12), "end": (12, 12), "first_half": (1, 6), "second_half": (7, 12),
}  # fmt: skip
_MONTH_WINDOWS = {
    "": (1, 31), "early": (1, 10), "beginning": (1, 5), "mid": (11, 20), "middle": (11, 20),
    "late": (21, 31), "end": (31, 31), "first_half": (1, 15), "second_half": (16, 31),
}  # fmt: skip


def _fuzz_window(fuzz: str | None, y: int, m: int | None) -> Period:
    """The days "early", "в конце", "a finales de" (a data file's `dates.fuzz`) leave of a year
    or a month."""
    kind = str(lookup(FUZZ, fuzz) or "") if fuzz else ""
    if m is None:
        a, b = _YEAR_WINDOWS.get(kind, (1, 12))
        if kind == "end":
            return Period(dt.date(y, 12, 31), dt.date(y, 12, 31))
        return Period(dt.date(y, a, 1), _month_end(y, b))
    last = calendar.monthrange(y, m)[1]
    a, b = _MONTH_WINDOWS.get(kind, (1, 31))
    return Period(dt.date(y, m, min(a, last)), dt.date(y, m, min(b, last)))


def _latest_year(m: int, d: int, ctx: TimeContext, before: dt.date | None = None) -> int | None:
    """The year of a day or month given without one: the context's, else the last one not after
    the publication date."""
    now = before or ctx.now
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


def _event(word: str) -> str | None:
    """The event a word names (a data file's `dates.events.names`): war or announcement."""
    key = lookup(EVENTS, word) or lookup(WHOLE_EVENTS, word)
    if key is None and word.lower().endswith("s"):
        key = lookup(EVENTS, word[:-1])
    return str(key) if key else None


def _anchor(word: str, ctx: TimeContext) -> dt.date | None:
    key = _event(word)
    return ctx.anchors.get(key) if key else None


def _resolve_range(
    g: dict[str, str | None], ctx: TimeContext, next_year: int | None
) -> tuple[Period, bool] | None:
    """Days of one month ("21-29 September") or months of one year ("January-March 2022")."""
    if g["mr"]:
        a, b = _month_num(g["mr1"] or ""), _month_num(g["mr2"] or "")
        if not a or not b or b < a:
            return None
        y = int(g["mry"]) if g["mry"] else next_year or _latest_year(b, 1, ctx)  # type: ignore[assignment]
        if y is None:
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
    now = ctx.now
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
        y = _year_of(year_t, g["yw1"], mon, day, ctx, next_year)
        if y is None:
            return None
        try:
            d = dt.date(y, mon, day)
        except ValueError:
            return None
        return Period(d, d), bool(year_t)
    if g["my"]:
        mon = _month_num(g["m3"])
        y = _year_of(g["y3"], g["yw3"], mon, 1, ctx, next_year)
        if y is None:
            return None
        return _fuzz_window(g["fuzz"], y, mon), bool(g["y3"])
    if g["qa"]:  # "Q2 2022", "H1 2023"
        y, n = int(g["qay"]), int(g["qak"][1])
        if g["qak"][0].lower() == "q":
            a = 3 * (n - 1) + 1
            return Period(dt.date(y, a, 1), _month_end(y, a + 2)), True
        a = 1 if n == 1 else 7
        return Period(dt.date(y, a, 1), _month_end(y, a + 5)), True
    if g["ny"]:  # "за 9 месяцев 2022 года": the first months of that year
        n_t = g["nyn"].lower()
        n = int(_lookup(SMALL, n_t) or (int(n_t) if n_t.isdigit() else 0))
        if not n or (_lookup(UNITS, g["nyu"]) or "") not in ("month", "week", "day"):
            return None
        start = dt.date(int(g["nyy"]), 1, 1)
        return Period(start, start + _unit_delta(n, g["nyu"]) - dt.timedelta(days=1)), True
    if g["q"]:
        n = int(_lookup(ORDINALS, g["qn"]) or 1)
        if g["qy"]:
            y = int(g["qy"])
        else:
            shift = _year_shift(g["qw"] or "")
            base = now.year if now and shift is not None else ctx.year or (now and now.year)
            y = base + (shift or 0) if base else None  # type: ignore[assignment]
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
        kind = str(lookup(RELATIVE, g["relw"]) or "")
        return _relative(kind, ctx, int(g["rely"]) if g["rely"] else None)
    if g["first"]:
        return _first(g, ctx)
    if g["poss"]:
        base = _anchor(g["pa"], ctx)
        if base is None:
            return None
        return Period(base, base + _unit_delta(1, g["pu"])), False
    if g["dur"]:
        if now is None:
            return None
        if not (g["dn"] or g["dlast"] or g["dlast2"] or g["dnext"] or g["dnext2"]) and (
            " ".join(g["du"].lower().split()) not in _SINGLE_UNITS
        ):
            return None  # "for years": no length ("за неделю" is one)
        n_t = (g["dn"] or "1").lower()
        n = int(_lookup(SMALL, n_t) or (int(n_t) if n_t.isdigit() else 1))
        if g["dnext"] or g["dnext2"]:
            return Period(now, now + _unit_delta(n, g["du"])), False  # "over the next 5 years"
        return Period(now - _unit_delta(n, g["du"]), now), False
    if g["anc"]:
        key = _event(g["ancn"] or g["ancw"] or "")
        base = ctx.anchors.get(key) if key else None
        if base is None and not key:
            words = g["anc"].lower().split()
            for w in reversed(words):
                base = _anchor(w, ctx)
                if base:
                    break
            if base is None:
                base = ctx.anchors.get("announcement")
        if base is None:
            # an event the text does not date: "since the start of the war" still runs to now
            return Period(None, None), False
        return Period(base, base), False
    return None


def _year_shift(words: str) -> int | None:
    """-1 for words of the year before ("last year", "прошлого года"), 0 for this year's, None
    for others."""
    kind = lookup(YEAR_WORDS, words) if words else None
    if kind is None and words:
        kind = {"last_year": "last", "this_year": "this"}.get(str(lookup(RELATIVE, words)))
    return {"last": -1, "this": 0}.get(str(kind)) if kind else None


def _year_of(
    year_t: str | None, words: str | None, mon: int, day: int, ctx: TimeContext,
    next_year: int | None,
) -> int | None:  # fmt: skip
    """The year of a day or month: written, named ("last year", "прошлого года"), given later
    in the sentence, or the latest one."""
    if year_t:
        return int(year_t)
    shift = _year_shift(words or "")
    if shift is not None and ctx.now is not None:
        return ctx.now.year + shift
    if words:  # "mayo pasado", "octobre dernier": the last one before the text
        return _latest_year(mon, day, TimeContext(published=ctx.now, reference=ctx.reference))
    if next_year is not None:
        return next_year
    return _latest_year(mon, day, ctx)


def _relative(kind: str, ctx: TimeContext, year: int | None) -> tuple[Period, bool] | None:
    """The period of a relative phrase of some kind (a data file's `dates.relative`)."""
    now = ctx.now
    if kind == "same_period":
        if ctx.last_period is None:
            return None
        if year is not None and ctx.last_period.end is not None:
            # "the same period of 2023": the last figure's months in that year
            return ctx.last_period.shifted(years=year - ctx.last_period.end.year), True
        return ctx.last_period, False
    if kind == "that_period":  # "during that period": the one the text named last
        return (ctx.last_named, False) if ctx.last_named else None
    if kind == "year_earlier":
        return (ctx.last_period.shifted(years=-1), False) if ctx.last_period else None
    if kind == "the_year":
        y2 = ctx.year or (now.year if now else None)
        if ctx.last_period and ctx.last_period.end:
            y2 = ctx.last_period.end.year
        return (Period(dt.date(y2, 1, 1), dt.date(y2, 12, 31)), False) if y2 else None
    if kind in ("next_day", "previous_day", "same_day"):
        if ctx.last_day is None:
            return None
        d = ctx.last_day + dt.timedelta(days={"next_day": 1, "previous_day": -1}.get(kind, 0))
        return Period(d, d), False
    if now is None:
        return None
    if kind in ("today", "daily"):
        return Period(now, now), False
    if kind == "yesterday":
        d = now - dt.timedelta(days=1)
        return Period(d, d), False
    if kind in ("recent_days", "recent_weeks", "recent_months"):
        span = {"recent_days": 7, "recent_weeks": 21, "recent_months": 90}[kind]
        return Period(now - dt.timedelta(days=span), now), False
    if kind == "this_year":  # the whole year: a count is cut at the publication, a forecast not
        return Period(dt.date(now.year, 1, 1), dt.date(now.year, 12, 31)), False
    if kind == "year_end":  # "by the end of the year", "к концу года"
        return Period(dt.date(now.year, 12, 31), dt.date(now.year, 12, 31)), False
    if kind == "year_start":
        return Period(dt.date(now.year, 1, 1), dt.date(now.year, 1, 1)), False
    if kind == "last_year":
        return Period(dt.date(now.year - 1, 1, 1), dt.date(now.year - 1, 12, 31)), False
    if kind == "past_year":
        return Period(now - relativedelta(years=1), now), False
    if kind == "this_month":
        return Period(now.replace(day=1), _month_end(now.year, now.month)), False
    if kind == "last_month":
        first = now.replace(day=1) - dt.timedelta(days=1)
        return Period(first.replace(day=1), first), False
    if kind == "this_week":
        return Period(now - dt.timedelta(days=now.weekday()), now), False
    if kind == "last_week":
        return Period(now - dt.timedelta(days=7), now), False
    return None


def _first(g: dict[str, str | None], ctx: TimeContext) -> tuple[Period, bool] | None:
    """ "The first seven months of 2022", "за первые 100 дней войны": a span from a start."""
    now = ctx.now
    n_t = (g["fn"] or g["fn2"] or "one").strip().lower()
    n = int(_lookup(SMALL, n_t) or (int(n_t) if n_t.isdigit() else 1))
    fa = g["fa"] or g["fevn"] or ""  # "after the start of the war": the event's word
    if re.fullmatch(r"(?:19|20)\d\d", fa):
        # "the first nine months of 2022": a calendar span, its last day included
        start = dt.date(int(fa), 1, 1)
        return Period(start, start + _unit_delta(n, g["fu"] or "") - dt.timedelta(days=1)), False
    base = _anchor(fa, ctx)
    if base is None and _lookup(UNITS, fa) == "year":
        # "the first six months of this year", "... of last year"
        y = (now.year if now else ctx.year) or None
        if y is not None and _year_shift(f"{g['fdet'] or ''} {fa}".strip()) == -1:
            y -= 1
        if y is None:
            return None
        start = dt.date(y, 1, 1)
        return Period(start, start + _unit_delta(n, g["fu"] or "") - dt.timedelta(days=1)), False
    if base is None:
        return None
    return Period(base, base + _unit_delta(n, g["fu"] or "")), False


_ROLE = {" ".join(k.lower().split()): v for k, v in _PREPOSITIONS.items() if v != "in"}
_SINGLE_UNITS = frozenset(w.lower() for w in lang.entries("dates.single_units"))
"""Words of one unit of time that need no number ("за неделю": over one week)."""
_IN_FOR_PARTS = frozenset(w.lower() for w in lang.entries("dates.in_for_parts"))
"""Prepositions that mean "in" before a part of a year ("au premier semestre")."""
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


def _in_aside(text: str, start: int, pos: int) -> bool:
    """A date inside brackets that open after the last figure of its clause is an aside: who
    reported and when ("(PBS, 27 September 2022)"), not the period of a figure."""
    opened = text.rfind("(", start, pos)
    if opened < 0 or text.rfind(")", opened, pos) >= 0:
        return False
    return not _DIGIT.search(text, opened + 1, pos) and text.find(")", pos) >= 0


_DIGIT = re.compile(r"\d")


def find_times(text: str, start: int, end: int, ctx: TimeContext) -> list[TimeExpr]:
    """Time expressions in text[start:end], resolved; updates nothing in ctx."""
    low = ctx.lowered
    time_re, lower_re = time_patterns(ctx.language)
    if low is not None and len(low) == len(text):
        found = lower_re.finditer(low, start, end)
    else:
        found = time_re.finditer(text, start, end)
    matches = [
        m for m in found
        # "may" and "march" are verbs too: such a month without a year needs its capital
        if not (
            m.group("my") and not m.group("y3") and not text[m.start("m3")].isupper()
            and needs_capital(m.group("m3"))
        )
    ]  # fmt: skip
    out: list[TimeExpr] = []
    # a year given later in the sentence completes earlier bare dates: "1 November and 21 January, 2023"  # noqa: E501
    years: list[int | None] = []
    for m in matches:
        y = (
            m.group("y1") or m.group("y2") or m.group("y3") or m.group("iy") or m.group("y4")
            or m.group("dry") or m.group("mry") or m.group("qy") or m.group("qay") or m.group("nyy")
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
        if m.group("q") and prep in _IN_FOR_PARTS:
            role = "in"  # "au premier semestre 2023": in it, not up to it
        if m.group("dur"):
            role = "in"
        elif role == "in" and not m.group("rel") and not m.group("first"):
            # "since Moscow launched the invasion in 2022": the clause's "since" governs the date
            leads = list(_SINCE_WORD.finditer(_clause_before(text, start, m.start(), 80)))
            if leads:
                role = _LEADS.get(" ".join(leads[-1].group(1).lower().split()), "in")
        plain_role = role
        if _COMPARE_WORD.search(_clause_before(text, start, m.start(), 40)):
            role = "compare"  # "than in the entire year of 2020": a yardstick, not the period
        elif role == "in" and reported_at(text, start, m.start(), ctx.language):
            role = "report"  # "the agency said on Friday": when it was said, not the period
        elif role == "in" and _in_aside(text, start, m.start()):
            role = "report"  # "(Reuters, 27 September 2022)": when it was reported, an aside
        elif (
            role == "in"
            and m.group("dmy")
            and _EVENT_BEFORE.search(text, max(start, m.start() - 30), m.start())
        ):
            role = "event"  # "ce conflit, enclenché le 24 février": the event's day, not the period
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
                    # "the outbreak of the war in February 2022 led to 6 million leaving": what
                    # follows an event is counted from it
                    ev_role = "since" if role == "in" else role
                    out.append(
                        TimeExpr(
                            m.start(),
                            nxt.end(),
                            text[m.start() : nxt.end()],
                            resolved[0],
                            ev_role,
                            resolved[1],
                            plain_role=ev_role,
                        )
                    )
                    continue
        contextual = bool(m.group("rel")) and lookup(RELATIVE, m.group("relw")) in (
            "same_period", "year_earlier", "same_day", "that_period",
        )  # fmt: skip
        if resolved is None and contextual:
            # "the same period in 2023" before the figure it refers to is read: kept, so that
            # the figure after it reads it again once the one before is known
            resolved = (Period(None, None), False)
        if resolved is None:
            continue
        period, explicit = resolved
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
                plain_role,
            )
        )
    # "from August through January": the first end is not after the second's start
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        if a.role in ("from",) and b.role in ("to", "by") and not a.explicit_year:  # noqa: SIM102
            if a.period.start and b.period.start and a.period.start > b.period.start:
                out[i] = TimeExpr(a.start, a.end, a.text, a.period.shifted(years=-1), a.role, False)
    return out


def period_of(times: list[TimeExpr], ctx: TimeContext, forecast: bool = False) -> Period | None:
    """The period a figure covers, from the time expressions of its clause. A count ends at
    the latest on the day it is read; a forecast's horizon may lie beyond ("by the end of
    2025")."""
    times = [t for t in times if t.role not in ("compare", "event")]
    # when something was said dates a figure only when nothing else does ("said in March
    # that 1.3 million were staying")
    times = [t for t in times if t.role != "report"] or [
        TimeExpr(t.start, t.end, t.text, t.period, "in", t.explicit_year) for t in times
    ]
    if not times:
        return None
    now = ctx.now
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
        if p.start is None and p.end is None and t.role == "in":
            continue  # a phrase not dated (yet): "the same period", an event the text not dates
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
            if have_end and end is not None and p.end and start is None and t is not first:
                # "by the end of 2022 ... since the invasion on 24 February": the earlier date
                # opens the period the "by" closes
                start = p.start
                continue
            if start is not None and t is not first and not have_end:
                # "since X ... in the first week": the more precise one wins
                end = p.end
                have_end = True
                continue
            start, end = p.start, p.end
            have_end = True
    published = ctx.published  # not a day assumed for an undated text: it was written after
    if (
        not forecast and end is not None and published is not None and end > published
        and (start is None or start <= published)
    ):  # fmt: skip
        end = published  # "in 2022" read in November 2022 runs to the publication date
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
            key = _event(m.group(1))
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
