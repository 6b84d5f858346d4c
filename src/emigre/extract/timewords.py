"""The words of time of every language and the one pattern built from them.

Month names, prepositions, relative phrases ("last week", "в прошлом году", "l'an dernier"),
the words before a month that narrow it ("early", "в начале", "a finales de"), the words after
a day that name its year ("31 October last year", "24 февраля прошлого года", "mayo pasado"),
events ("the start of the war", "с начала вторжения", "seit Kriegsbeginn") and the verbs of
saying ("said on Friday") all come from the data files (`dates.*`); this module turns them into
the time pattern and answers what a matched phrase means.
"""

from __future__ import annotations

import re
from functools import cache

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
PREPOSITIONS: dict[str, str] = lang.mapping("dates.prepositions")
RELATIVE: dict[str, str] = lang.mapping("dates.relative")
"""Phrases of a time relative to the publication or to the last figure -> their kind."""
FUZZ: dict[str, str] = lang.mapping("dates.fuzz")
"""Words before a month or a year that narrow it ("early", "в начале") -> their window."""
YEAR_WORDS: dict[str, str] = lang.mapping("dates.year_words")
"""Words after a day or month that name its year: last, this, or latest (the last such)."""
EVENTS: dict[str, str] = lang.mapping("dates.events.names")
"""Words of the events a text dates figures from ("invasion", "мобилизац*") -> war or
announcement."""
WHOLE_EVENTS: dict[str, str] = lang.mapping("dates.events.whole")
"""Single words that name an event's start ("Kriegsbeginn") -> war or announcement."""

DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th|\.)?"
YEAR = r"(?:19[5-9]\d|20\d\d)"


def key_rx(key: str) -> str:
    """A data file's phrase as a pattern: words apart by any space, a final * a stem, either
    apostrophe for one."""
    return r"\s+".join(
        (re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w)).replace("'", "['’]")
        for w in key.split()
    )


def _word_rx(w: str) -> str:
    return (re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w)).replace("'", "['’]")


def _trie(keys: list[list[str]]) -> str:
    """Phrases that share their first words as one branch ("the (?:past (?:year|week)|same
    day)"): the search tries each first word once instead of once per phrase."""
    heads: dict[str, list[list[str]]] = {}
    for k in keys:
        heads.setdefault(k[0], []).append(k[1:])
    parts = []
    for head in sorted(heads, key=len, reverse=True):
        rests = [r for r in heads[head] if r]
        piece = _word_rx(head)
        if rests:
            tail = rf"(?:\s+(?:{_trie(rests)}))"
            piece += tail + ("?" if len(rests) < len(heads[head]) else "")
        parts.append(piece)
    return "|".join(parts)


def _char_trie(words: list[str]) -> str:
    """Single words (a final * a stem) as a trie of characters: the gate tries each letter once
    at a word's start instead of every word of every language (the search's largest cost)."""
    groups: dict[str, list[str]] = {}
    done = stem = False
    for w in words:
        if w == "":
            done = True
        elif w == "*":
            stem = True
        else:
            groups.setdefault(w[0], []).append(w[1:])
    branches = []
    for c in sorted(groups):
        char = "['’]" if c in "'’" else re.escape(c)
        branches.append(char + _char_trie(groups[c]))
    if stem:
        branches.append(r"\w*")
    if not branches:
        return ""
    single = len(branches) == 1 and len(branches[0]) == 1
    body = branches[0] if single else f"(?:{'|'.join(branches)})"
    return body + ("?" if done and not stem else "")


def word_gate(words: list[str]) -> str:
    """An alternation of single words (stems end in *), as a character trie."""
    ws = sorted({w.lower().replace("’", "'") for w in words if w})
    return _char_trie(ws) or "(?!x)x"


def alts(keys: list[str]) -> str:
    """One alternation of a data file's phrases, longest first within each shared start (a
    trie of characters when they are all single words)."""
    if keys and all(len(k.split()) == 1 for k in keys):
        return word_gate(list(keys))
    words = [k.split() for k in sorted(set(keys), key=len, reverse=True) if k.split()]
    return _trie(words) or "(?!x)x"


def lookup(table: dict[str, object], word: str) -> object | None:
    """A phrase's entry in a table whose keys may be stems or phrases."""
    w = " ".join(word.lower().replace("’", "'").split()).rstrip(".")
    if w in table:
        return table[w]
    if w + "." in table:
        return table[w + "."]
    return _by_pattern(tuple(table.items()), w)


@cache
def _compiled(items: tuple[tuple[str, object], ...]) -> list[tuple[re.Pattern[str], object]]:
    keyed = sorted(items, key=lambda kv: len(kv[0]), reverse=True)
    return [(re.compile(key_rx(k.lower()), re.IGNORECASE), v) for k, v in keyed]


@cache
def _by_pattern(items: tuple[tuple[str, object], ...], w: str) -> object | None:
    for rx, v in _compiled(items):
        if rx.fullmatch(w):
            return v
    return None


def _firsts(keys: object) -> list[str]:
    return [str(k).split()[0] for k in keys]  # type: ignore[attr-defined]


def expression(langs: tuple[str, ...]) -> tuple[str, str]:
    """The gate and the time expression pattern of some languages (the prepositions, month
    names and time words of their data files): (gate, expression)."""

    def m(path: str) -> dict[str, object]:
        return lang.mapping(path, langs)

    months = m("dates.months")
    preps = m("dates.prepositions")
    mon = rf"(?:{alts([k.rstrip('.') for k in months])})\.?"
    fuzz_keys = list(m("dates.fuzz"))
    fuzz = rf"(?:(?P<FZ>{alts(fuzz_keys)})[-\s]+)"
    year_words = rf"(?:{alts(list(m('dates.year_words')))})"
    weekday = rf"(?:{alts(list(m('dates.weekdays')))})"
    numw = rf"(?:\d+|{alts(list(m('dates.small')))})"
    unit = rf"(?:{alts(list(m('dates.units')))})"
    ordinal = rf"(?:{alts(list(m('dates.ordinals')))})"
    part = rf"(?:{alts(list(m('dates.parts')))})"
    part_of = lang.alternation("dates.part_of", langs)
    part_years = lang.alternation("dates.part_years", langs)
    join = rf"(?:\s*[-–—]\s*|\s+(?:{lang.alternation('dates.range_join', langs)})\s+)"
    duration = lang.alternation("dates.duration", langs)
    of = lang.alternation("dates.day_of", langs)
    year_of = lang.alternation("dates.year_of", langs)
    recent = lang.alternation("dates.recent", langs)
    coming = lang.alternation("dates.coming", langs)
    relative = alts(list(m("dates.relative")))
    first = alts(list(lang.entries("dates.first", langs)))
    first_of = lang.alternation("dates.first_of", langs)
    first_det = alts(list(lang.entries("dates.first_det", langs)))
    first_article = alts(list(lang.entries("dates.first_article", langs)))
    starts = alts(list(lang.entries("dates.events.starts", langs)))
    event_of = lang.alternation("dates.events.of", langs)
    names = alts(list(m("dates.events.names")))
    whole = alts(list(m("dates.events.whole")))
    fixed_events = lang.alternation("dates.events.fixed", langs)
    tail_year = rf"(?:,?\s+(?:(?:{of})\s+)?(?P<yN>{YEAR})|\s+(?P<ywN>{year_words}))?"

    atoms = [
        rf"(?P<iso>(?P<iy>{YEAR})-(?P<im>[01]\d)-(?P<id>[0-3]\d))",
        # "21-29 September", "с 21 по 29 сентября": the days of one month
        rf"(?P<dr>(?P<dr1>{DAY}){join}(?P<dr2>{DAY})\s+(?P<drm>{mon})(?:,?\s+(?P<dry>{YEAR}))?)",
        # "January-March 2022", "январь–март 2022 года": months of one year
        rf"(?P<mr>(?P<mr1>{mon}){join}(?P<mr2>{mon})(?:,?\s+(?:(?:{of})\s+)?(?P<mry>{YEAR}))?)",
        rf"(?P<dmy>(?P<d1>{DAY})\s+(?:(?:{of})\s+)?(?P<m1>{mon}){tail_year.replace('N', '1')})",
        rf"(?P<mdy>(?P<m2>{mon})\s+(?P<d2>{DAY})(?![\d,]\d)(?:,?\s+(?P<y2>{YEAR}))?)",
        rf"(?P<my>{fuzz.replace('FZ', 'fuzz')}?(?P<m3>{mon}){tail_year.replace('N', '3')})",
        rf"(?P<q>(?:(?:the|{first_article})\s+)?(?P<qn>{ordinal})\s+(?P<qk>{part})"
        rf"(?:\s+(?:(?:{part_of})\s+)?(?:(?P<qy>{YEAR})|(?P<qw>{part_years})))?)",
        # "Q2 2022", "H1 2023"
        rf"(?P<qa>(?P<qak>q[1-4]|h[12])\s+(?:(?:{part_of})\s+)?(?P<qay>{YEAR}))",
        # "за 9 месяцев 2022 года": the first months of a year
        rf"(?P<ny>(?P<nyn>{numw})\s+(?P<nyu>{unit})\s+(?P<nyy>{YEAR}))",
        rf"(?P<y>{fuzz.replace('FZ', 'fuzzy')}?(?P<y4>{YEAR})(?!\s*(?:people|persons|Russians|[-–]\d)))",  # noqa: E501
        rf"(?P<wd>(?:(?P<wdrel>the\s+previous|the\s+following|last|next|this)\s+)?(?P<wdn>{weekday}))",
        # "last week", "в прошлом году", "the same period of 2023", "за тот же период 2024 г."
        rf"(?P<rel>(?P<relw>{relative})(?:\s+(?:(?:{year_of})\s+)?(?P<rely>{YEAR}))?)",
        # "the first seven months of this year", "за первые семь месяцев 2022 года",
        # "les sept premiers mois de l'année", "in the first week after the announcement"
        rf"(?P<first>(?:(?:in|during|within)\s+)?(?:(?:{first_article})\s+)?"
        rf"(?:(?:{first})\s+(?:(?P<fn>{numw})\s+)?|(?P<fn2>{numw})\s+(?:{first})\s+)(?P<fu>{unit})"
        rf"\s+(?:(?:{first_of})\s+)?(?:(?P<fdet>{first_det})\s*)?(?P<fa>\w+(?:[-\s]up)?))",
        rf"(?P<poss>(?:the\s+)?(?P<pa>\w+)['’]s\s+(?P<pn>first|initial)\s+(?P<pu>{unit}))",
        rf"(?P<dur>(?:{duration})\s+(?:just\s+|only\s+)?(?:(?:over|under|about|around|less\s+than|more\s+than)\s+)?"
        rf"(?:(?P<dlast>{recent})\s+|(?P<dnext>{coming})\s+)?(?:(?P<dn>{numw})[-\s]+)?"
        rf"(?:(?P<dnext2>{coming})\s+|(?P<dlast2>{recent})\s+)?(?P<du>{unit})(?![-\w]))",
        # "the start of the war", "начала полномасштабного вторжения", "Kriegsbeginn"
        rf"(?P<anc>(?:the\s+)?(?:{starts})\s+(?:(?:{event_of})\s+)?(?:(?:the|{first_det})\s+)?"
        rf"(?:[\w-]+\s+){{0,3}}?(?P<ancn>{names})|(?P<ancw>{whole})|{fixed_events})",
    ]
    prep = rf"(?P<prep>{alts(list(preps))})\s+"
    gate = (
        r"(?=\d|(?:"
        + word_gate(
            [
                *lang.entries("dates.first_words", langs),
                *(k.split()[0] for k in preps),
                *(k.rstrip(".") for k in months),
                *m("dates.weekdays"),
                *m("dates.ordinals"),
                *(k.split()[0] for k in m("dates.small")),
                *(k.split()[0] for k in lang.entries("dates.words", langs)),
                *_firsts(m("dates.relative")),
                *_firsts(fuzz_keys),
                *_firsts(lang.entries("dates.first", langs)),
                *_firsts(lang.entries("dates.first_article", langs)),
                *_firsts(lang.entries("dates.events.starts", langs)),
                *_firsts(m("dates.events.whole")),
            ]
        )
        + rf")(?!\w)|{duration}|\w+['’]s)"
    )
    return gate, rf"(?:{prep})?(?:" + "|".join(atoms) + ")"


GATE, EXPRESSION = expression(lang.LANGUAGES)
"""Every language's: the gate lets through every word a time expression can start with (the
prepositions, each atom's first word, a digit or a possessive, "the war's first week"), so the
search skips most words at once instead of trying forty alternatives on each (1.6x faster)."""


@cache
def time_patterns(language: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The time pattern of one language (with English, which quotes and datelines mix in),
    case-blind and for lower-cased text (several times faster)."""
    langs = tuple(dict.fromkeys(("en", *lang.read_together(language))))
    gate, expr = expression(langs)
    pattern = rf"(?<![\w-]){gate}{expr}(?![\w])"
    return re.compile(pattern, re.IGNORECASE), lower_pattern(pattern)


@cache
def needs_capital(month: str) -> bool:
    """Is a month name also an everyday word of a language that writes months with a capital
    ("may", "march")? Then it is a month only when written so."""
    w = month.lower().rstrip(".")
    return any(
        w in {k.rstrip(".") for k in lang.mapping("dates.months", (c,))}
        for c in lang.LANGUAGES
        if (lang.vocabulary(c).get("dates") or {}).get("months_capitalised")
    )


@cache
def _report_re(language: str) -> re.Pattern[str]:
    verbs = lang.alternation("dates.report", tuple(dict.fromkeys(("en", language))))
    # the verb, then at most one small word ("said earlier this month", "заявил в пятницу")
    return re.compile(rf"(?i:\b(?:{verbs}))\s+(?:[a-zа-яёіїєґäöüßàâçéèêëîïôûùüÿñáíóú]+\s+)?$")


def reported_at(text: str, start: int, pos: int, language: str) -> bool:
    """Is the time expression at pos the time something was said ("the agency said on
    Friday", "presented Monday")? Then it dates the report, not the figure."""
    return _report_re(language).search(text, max(start, pos - 40), pos) is not None
