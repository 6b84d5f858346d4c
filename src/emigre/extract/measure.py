"""What a figure counts (flow, stock, registration, application, forecast, return), who it
counts (group), and the words that say a number is not people on the move."""

from __future__ import annotations

import re
from functools import cache

from emigre.extract import lang
from emigre.extract.lowered import lower_pattern, same_offsets

MEASURE_PRIORITY = (
    "forecast",
    "return",
    "grant",
    "app_noun",
    "registration",
    "application",
    "stock",
    "flow",
)
"""The measures cues name, strongest first: it decides between the cues of one clause. A grant
("granted", "выдали", "acceptées") is a registration that beats the application it grants."""
_KIND = {"app_noun": "application", "grant": "registration"}


@cache
def cue_pattern(language: str) -> str:
    """The cue pattern of one language: its measure cues as named groups, one per measure.

    Cues are read in the paragraph's own language only: a stem of one language ("resid*",
    "migra*") is a different word in another."""
    langs = (language,) if language in lang.LANGUAGES else ("en",)
    alts = {k: lang.alternation(f"cues.{k}", langs) for k in MEASURE_PRIORITY}
    # one word boundary before all the named alternatives: checked once per position
    return r"\b(?:" + "|".join(f"(?P<{k}>{v})" for k, v in alts.items()) + ")"


@cache
def _cue_res(language: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    pattern = cue_pattern(language)
    return re.compile(pattern, re.IGNORECASE), lower_pattern(pattern)


def cue_words(language: str) -> lang.WordMatcher:
    """Every word some cue of a language contains: a sentence without any cannot hold a claim."""
    own = lang.matcher("cue_words", "cue_stems", languages=lang.read_together(language))
    every = lang.matcher("cue_words", "cue_stems")
    # the words of every language (a set test, cheap), the stems of the paragraph's own
    return lang.WordMatcher(every.words, own.stems)


_PUNCT_TO_SPACE = str.maketrans({c: " " for c in "\"'“”‘’.,;:!?()[]{}<>/\\|–—…*&%$#@+=~^`"})


def word_set(text: str) -> set[str]:
    """The lower-cased words of a text, punctuation dropped: for cheap tests before patterns."""
    return set(text.lower().translate(_PUNCT_TO_SPACE).split())


class WordSets:
    """`word_set` of any span of one text, lower-casing and dropping punctuation only once.

    The pre-filters ask for the words of every paragraph and then of every sentence in the
    promising ones; doing the string work per span cost more than the look-ups themselves.
    """

    def __init__(self, text: str, lowered: str | None = None) -> None:
        low = text.lower() if lowered is None else lowered
        # lower-casing can change a text's length ("İ"): then offsets differ, go span by span
        self._plain = low.translate(_PUNCT_TO_SPACE) if len(low) == len(text) else None
        self._text = text

    def of(self, start: int, end: int) -> set[str]:
        if self._plain is None:
            return word_set(self._text[start:end])
        return set(self._plain[start:end].split())


ARRIVAL_RE = re.compile(rf"\b(?:{lang.alternation('arrival')})\b", re.IGNORECASE)
DEPARTURE_RE = re.compile(rf"\b(?:{lang.alternation('departure')})\b", re.IGNORECASE)

# Counts of people who did not move, and numbers that are not about people at all.
NOT_MOVING_RE = re.compile(rf"\b(?:{lang.alternation('not_moving')})\b", re.IGNORECASE)
_ARTICLES = "|".join(sorted(lang.words("articles"), key=len, reverse=True))
GOVERNED_BY_NON_MOVE_RE = re.compile(
    rf"\b(?:{lang.alternation('governed_by_non_move')})\s*(?:of\s+)?(?:(?:{_ARTICLES})\s+)?$",
    re.IGNORECASE,
)

PEOPLE_NOUNS = lang.matcher("people_nouns")
"""Nouns that count people (and the documents people hold: permits, applications)."""
PEOPLE_SUFFIXES = tuple(sorted(lang.words("people_suffixes")))
"""Ends of compound nouns that count people ("Kriegsflüchtlinge", "Neuankömmlinge")."""
PEOPLE_AFTER = frozenset(" ".join(p.lower().split()) for p in lang.entries("people_after"))
"""Two words after a number that make it a count of people: "of them", "из них"."""


def is_people(word: str) -> bool:
    """Does a lower-cased word count people (a people noun, or a compound ending in one)?"""
    return word in PEOPLE_NOUNS or (len(word) > 6 and word.endswith(PEOPLE_SUFFIXES))


UNIT_WORDS = lang.matcher("unit_words")
"""Nouns and signs after a number that say it is not people (%, years, cars, roubles)."""
STOP_WORDS = lang.matcher("stop_words")
"""Function words: a number followed by one has its noun elsewhere (elliptic)."""
GROUPS: list[tuple[str, str]] = [(p, g) for p, g in lang.entries("groups")]
_GROUP_RES = [(re.compile(p, re.IGNORECASE), g) for p, g in GROUPS]


def group_of(noun_phrase: str) -> str | None:
    """Who a noun phrase counts ('IT workers' -> it_workers), or None for everyone."""
    for pat, g in _GROUP_RES:
        if pat.search(noun_phrase):
            return g
    return None


Cue = tuple[int, int, str]
"""A measure cue found in a text: start, end, the measure it names."""


def cues(
    text: str, start: int, end: int, lowered: str | None = None, language: str = "en"
) -> list[Cue]:
    """Measure cues in text[start:end] as (start, end, measure).

    `lowered` is the whole text lower-cased, if the caller has it (saves lower-casing again).
    """
    cue_re, cue_lower_re = _cue_res(language)
    low = lowered[start:end] if same_offsets(text, lowered) else text[start:end].lower()
    if len(low) == end - start:  # lower-casing kept every offset: the fast way
        found = [
            (m.start() + start, m.end() + start, m.lastgroup or "flow")
            for m in cue_lower_re.finditer(low)
        ]
        names = _names_re(language)
        spans = [(m.start() + start, m.end() + start) for m in names.finditer(low)] if found else []
    else:
        found = [
            (m.start(), m.end(), m.lastgroup or "flow") for m in cue_re.finditer(text, start, end)
        ]
        spans = [m.span() for m in _names_re(language).finditer(text.lower(), start, end)]
    if spans:
        # "the Migration and Citizenship Service", "Ministry of Aliyah": a name, not a verb
        found = [c for c in found if not any(a <= c[0] < b for a, b in spans)]
    return found


@cache
def _names_re(language: str) -> re.Pattern[str]:
    """Names of institutions that hold a cue word (a data file's `cues.names`)."""
    langs = (language,) if language in lang.LANGUAGES else ("en",)
    return re.compile(rf"\b(?:{lang.alternation('cues.names', langs)})")


_DOCUMENT_RE = re.compile(rf"(?:{lang.alternation('cues.documents')})", re.IGNORECASE)
"""Registration cues that name a document people hold (a permit, a visa, citizenship)."""
_NEGATED_RETURN = re.compile(r"(?:not|n't|never)\s+(?:yet\s+)?returned", re.IGNORECASE)


def pick_measure(found: list[tuple[int, int, str]], text: str) -> str | None:
    """The measure the strongest cue names (an expectation beats a count, and so on)."""
    if not found:
        return None
    first = min(found, key=lambda c: c[0])
    kept = found
    if first[2] == "flow":
        # "have left the country and not returned": the first verb says what is counted
        kept = [c for c in found if not _NEGATED_RETURN.match(text, c[0], c[1])]
    applied = [c for c in kept if c[2] == "application"]
    if applied:
        # "applied for residence permits": what is applied for is the object, the verb counts
        kept = [
            c for c in kept
            if not (c[2] == "registration" and any(0 <= c[0] - a[1] <= 15 for a in applied))
        ]  # fmt: skip
    kinds = {k for _, _, k in kept}
    if "stock" in kinds and "registration" in kinds and "grant" not in kinds:
        regs = [c for c in kept if c[2] == "registration"]
        if all(_DOCUMENT_RE.fullmatch(text, a, b) for a, b, _ in regs):
            # "40,000 live in Armenia with residence permits": the verb counts, the permit
            # only qualifies them (but "hosts 5,000 registered refugees" counts records)
            kinds.discard("registration")
    for k in MEASURE_PRIORITY:
        if k in kinds:
            return _KIND.get(k, k)
    return None


def applied_for(found: list[Cue], all_cues: list[Cue], text: str, breaks: re.Pattern[str]) -> bool:
    """Is a registration the object of an application ("подали документы на получение
    гражданства", "applied for a tax number")? Then the application is what is counted: the
    nearest cue before the registration's is an application, in the same clause."""
    regs = [c for c in found if c[2] == "registration"]
    if not regs or any(c[2] == "grant" for c in found):
        return False
    first = min(c[0] for c in regs)
    before = [c for c in all_cues if c[1] <= first]
    if not before:
        return False
    near = max(before, key=lambda c: c[1])
    return near[2] == "application" and breaks.search(text, near[1], first) is None
