"""Claim assembly: from the numbers of a document to source-linked claims.

A cheap pass finds paragraphs with a number; each sentence there is read for its time
expressions, its numbers and the words around each number: whether it counts people on the
move, how it is qualified, what it measures, where people went, when, who, and which references
the sentence cites. What a reader knows from earlier sentences (the year, the dated events, the
last destination, the last period) carries forward.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from emigre.extract import dates as D
from emigre.extract import lang
from emigre.extract.carry import REACH, CueSentence, carried_measure, within_reach
from emigre.extract.coref import topic_country
from emigre.extract.deciding import deciding_words
from emigre.extract.document import Document, paragraphs, split_sentences
from emigre.extract.heads import head_of, names_people
from emigre.extract.lang import rule
from emigre.extract.lang.detect import language_of, paragraph_language
from emigre.extract.measure import (
    ARRIVAL_RE,
    DEPARTURE_RE,
    GOVERNED_BY_NON_MOVE_RE,
    NOT_MOVING_RE,
    PEOPLE_NOUNS,
    Cue,
    WordSets,
    applied_for,
    cue_words,
    cues,
    group_of,
    pick_measure,
)
from emigre.extract.periods import Before, complete_start, period_for
from emigre.extract.places import PlaceMention, find_places
from emigre.extract.quantities import (
    Quantity,
    find_quantities,
    qualifier_phrase_after,
    qualifier_phrase_before,
)
from emigre.extract.shared import share_destination
from emigre.extract.structure import ITEM_RE, item_place
from emigre.extract.undated import latest_named_day
from emigre.model import Claim, FoundIn


@dataclass
class Options:
    """What the extractor may assume beyond the document."""

    reference: dt.date | None = None  # a date to read undated documents against (a case start)
    anchors: dict[str, dt.date] = field(default_factory=dict)  # known events: war, announcement
    include_vague: bool = True
    keep_sentence: bool = True


@dataclass
class Found:
    """A claim and what it was read from, before it becomes a Claim."""

    quantity: Quantity
    sentence: tuple[int, int]
    value: int | None
    low: int | None
    high: int | None
    qualifier: str
    measure: str
    origin: str | None
    destination: str | None
    period: D.Period | None
    group: str
    flags: set[str]
    refs: list[str]
    inferred: bool
    cues: dict[str, str] | None = None  # the words that decided each field
    nat: str | None = None  # the nationality the sentence gives the people counted


_CITATION = re.compile(r"\[(?:\d{1,4}|[a-z][a-z ]{1,30})\]")
_URL = re.compile(r"https?://\S+|www\.\S+")
_CLAUSE_BREAK = rule("clause_break", re.IGNORECASE)
_ARTICLES = "|".join(sorted(lang.words("articles"), key=len, reverse=True))
_REF_PHRASE = re.compile(rf"\b(?:{lang.alternation('places.ref_phrase')})", re.IGNORECASE)
_MULTI = re.compile(rf"\b(?:{lang.alternation('places.multi')})", re.IGNORECASE)
_GAP_STOP = "|".join(sorted(lang.words("places.gap_stop"), key=len, reverse=True))
_ORIGIN_BEFORE = re.compile(
    rf"\b(?:{lang.alternation('places.origin_before')})\s+(?:(?:{_ARTICLES})\s+)?"
    rf"(?:(?!(?:{_GAP_STOP})\b)\w+\s+)?$",
    re.IGNORECASE,
)
_IGNORE_BEFORE = re.compile(
    rf"\b(?:{lang.alternation('places.ignore_before')})\s+(?:(?:{_ARTICLES})\s+)?(?:\w+\s+)?$",
    re.IGNORECASE,
)
_INSTITUTION_AFTER = re.compile(
    rf"^\s+(?:(?:{lang.alternation('places.institution_prefix')})\s+)*"
    rf"(?:{lang.alternation('places.institution_after')})",
    re.IGNORECASE,
)
_PROPORTION_AFTER = rule("proportion_after", re.IGNORECASE)
_PROPORTION_BEFORE = rule("proportion_before", re.IGNORECASE)
_MONEY_BEFORE = re.compile(r"(?:[$€£₽]|US\$|USD|EUR|RUB|GBP)\s*$")
_TIME_OF_DAY_AFTER = re.compile(
    r"^(?:\s*(?:am|pm|a\.m\.|p\.m\.|h\b|hrs|o'clock)|:\d)", re.IGNORECASE
)
_YEARISH = re.compile(r"^(?:1[89]|20)\d\d$")
_AGE_AFTER = rule("age_after", re.IGNORECASE)
_DISTRIBUTE_BLOCK = rule("distribute_block", re.IGNORECASE)
_RESPECTIVELY = rule("respectively", re.IGNORECASE)
_MARKERS = {"not verified in body": "unverified", "dated info": "dated", "dubious": "unverified",
            "citation needed": "unverified", "failed verification": "unverified",
            "better source needed": "unverified", "when?": "dated", "update": "dated"}  # fmt: skip
_TOTAL = rule("total", re.IGNORECASE)
# Patterns of the tests below, compiled once: they run for every number and place read.
_LOWER_WORD_NEXT = re.compile(r"^\s+[a-z]")
_WORD_NEXT = re.compile(r"^\s+([\w-]+)")
_WORD_WITHIN_THREE = re.compile(r"^\s+(?:[\w-]+\s+){0,2}?([\w-]+)")
_LIST_GAP = rule("list_gap")
_SERIES_GAP = rule("series_gap")
_NON_DIGITS = re.compile(r"\D")
_WORDS = re.compile(r"[\w'-]+")
_LISTED_AFTER = rule("listed_after")
_SHARED_VERB_GAP = rule("shared_verb_gap")
_AND = rule("and")
_OPEN_PAREN_BEFORE = rule("open_paren_before")
_INFLOW = rule("inflow", re.IGNORECASE)
_LEFT_BEFORE = rule("left_before")
_CLAUSE_END_GAP = re.compile(r"\s*[.,;]?\s*")
_PART_OF = rule("part_of")
_PART_OF_ANY = rule("part_of", re.IGNORECASE)
_SAME_COUNT = rule("same_count", re.IGNORECASE)
_HARMED_BEFORE = rule("harmed_before", re.IGNORECASE)
_COORDINATED = rule("coordinated")


def source_id_for(name: str) -> str:
    """A stable id for a document or reference, from its name or address."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:48].strip("-") or "doc"
    digest = hashlib.sha1(name.encode("utf-8", "replace")).hexdigest()[:8]
    return f"{slug}-{digest}" if not slug[0].isdigit() else f"d{slug}-{digest}"


@dataclass
class _State:
    ctx: D.TimeContext
    doc: Document
    last_dest: str | None = None
    last_claim_period: D.Period | None = None
    last_claim_measure: str | None = None
    para_period: D.Period | None = None
    para_claim_period: D.Period | None = None
    language: str = "en"  # of the paragraph being read
    inherit: str | None = None  # the measure a list without a verb takes from the figure before
    carry: str | None = None  # the measure a sentence without a verb takes from the one before
    carry_from: Found | None = None  # the figure it breaks down, if it follows one
    cue_span: CueSentence | None = None  # the paragraph's last sentence with a cue word


def _places_in(text: str, a: int, b: int) -> list[PlaceMention]:
    if b <= a:
        return []
    return [
        PlaceMention(p.start + a, p.end + a, p.code, p.demonym, p.text, p.noun)
        for p in find_places(text[a:b])
    ]


def _role(text: str, p: PlaceMention, sent_start: int) -> str:
    """origin, dest, nationality, or ignore, from the words around a place."""
    before = text[max(sent_start, p.start - 40) : p.start]
    after = text[p.end : p.end + 60]
    if p.demonym and p.noun is not None:
        # a data file's demonym says itself whether it names people ("россияне") or a quality
        if p.noun:
            return "nationality"
        if _INSTITUTION_AFTER.match(after):
            return "dest"
        nxt = _WORD_WITHIN_THREE.match(after)
        return "nationality" if nxt and nxt.group(1).lower() in PEOPLE_NOUNS else "ignore"
    if p.demonym:
        if p.text.endswith("s") or (
            p.text.endswith("ese") and _LOWER_WORD_NEXT.match(after) is None
        ):
            nxt = _WORD_NEXT.match(after)
            if p.text.endswith("s") or not nxt or nxt.group(1).lower() in PEOPLE_NOUNS:
                return "nationality"
        if _INSTITUTION_AFTER.match(after):
            return "dest"
        nxt = _WORD_WITHIN_THREE.match(after)
        if nxt and nxt.group(1).lower() in PEOPLE_NOUNS:
            return "nationality"
        return "ignore"
    if _IGNORE_BEFORE.search(before):
        return "ignore"
    if _ORIGIN_BEFORE.search(before):
        return "origin"
    return "dest"


def _coordinated(text: str, p: PlaceMention, places: list[PlaceMention]) -> bool:
    """Is the place one of a list ("Turkey and Armenia", "Kazakhstan, Mongolia and Georgia")?"""
    for q in places:
        if q is p or q.demonym:
            continue
        gap = text[p.end : q.start] if q.start > p.end else text[q.end : p.start]
        if _LIST_GAP.fullmatch(gap):
            return True
    return False


def _context_country(text: str, pos: int, exclude: set[str], floor: int) -> str | None:
    """The last country the text named before pos as a place people are in (not an origin)."""
    start = max(floor, pos - 2500)
    places = _places_in(text, start, pos)
    for p in reversed(places):
        if p.code in exclude:
            continue
        role = _role(text, p, start)
        if role == "dest":
            return p.code
    return None


def _next_in_clause(text: str, q: Quantity, nxt_start: int, e: int) -> bool:
    """Does another figure follow in the same clause ("въехало 14,9 тыс. человек и выехало
    11,6 тыс.")? Then, where the verb comes first, a verb between the two is the next one's."""
    return nxt_start < e and _right_scope(text, q.end, nxt_start) == nxt_start


_NEXT_ITEM_BEFORE = re.compile(r"(?:[,;]|\s[–—-])\s*(?:\w{1,3}['’]\s*|\w{1,3}\s+)?$")


def _leads_next(text: str, p: PlaceMention, nxt_start: int) -> bool:
    """Is a place the head of the next list item, written right before its figure after a
    comma ("Poland hosts 950,000, Germany 1.1 million")?"""
    return (
        text[p.end : nxt_start].isspace()
        and _NEXT_ITEM_BEFORE.search(text, max(0, p.start - 6), p.start) is not None
    )


def _several_before(
    text: str, a: int, b: int, left: list[PlaceMention], roles: dict[int, str]
) -> bool:
    """Do the words before a figure send people to several countries at once ("за кордон
    виїхали", "the other 24 countries issued"), with no one country named after them?"""
    multi = None
    for m in _MULTI.finditer(text, a, b):
        multi = m
    if multi is None or _ORIGIN_BEFORE.search(text[max(a, multi.start() - 25) : multi.start()]):
        return False
    return not any(
        p.start >= multi.end() and not p.demonym and roles[p.start] == "dest" for p in left
    )


def _right_scope(text: str, a: int, b: int) -> int:
    m = _CLAUSE_BREAK.search(text, a, b)
    return m.start() if m else b


def _masked(
    doc: Document, text: str, s: int, e: int, times: list[D.TimeExpr]
) -> list[tuple[int, int]]:
    spans = [(t.start, t.end) for t in times]
    spans += [(m.start(), m.end()) for m in _CITATION.finditer(text, s, e)]
    spans += [(m.start(), m.end()) for m in _URL.finditer(text, s, e)]
    return spans


def _inside(q: Quantity, spans: list[tuple[int, int]]) -> bool:
    return any(a <= q.start < b or a < q.end <= b for a, b in spans)


_INTERNAL = rule("internal", re.IGNORECASE)
_SHARE_OF = rule("share_of", re.IGNORECASE)
_FRACTION = re.compile(r"\d+[.,]\d{1,2}")
MAX_PEOPLE = 400_000_000
"""More than every international migrant of the world together (about 280 million in 2020)."""


def _clause_around(text: str, q: Quantity, a: int, b: int) -> str:
    """The words of a figure's own clause within text[a:b]: from the last comma before it to
    the first one after it."""
    left = text[a : q.start]
    cut = max(left.rfind(","), left.rfind(";"))
    right = text[q.end : b]
    stop = min((i for i in (right.find(","), right.find(";")) if i >= 0), default=len(right))
    return left[cut + 1 :] + q.text + right[:stop]


Head = tuple[str, int, str]
"""What follows a number that may count people: kind, end of its noun phrase, the phrase."""


def _is_candidate(text: str, q: Quantity, s: int, e: int, next_start: int | None) -> Head | None:
    """Does the number count people? Returns (head kind, phrase end, phrase) or None.

    next_start is where the sentence's next number starts (None for the last one)."""
    left = text[max(s, q.start - 40) : q.start]
    right = text[q.end : min(e, q.end + 40)]
    digits = _NON_DIGITS.sub("", q.text)
    if (q.value or q.high or 0) > MAX_PEOPLE:
        return None  # "4, 968 млн" misread, a budget: no count of people on the move is so big
    if q.value == 1 and not _DIGIT.search(q.text):
        return None  # "un visa", "eine Frage": an article, not a count
    if _FRACTION.fullmatch(q.text):
        return None  # "7.5 residents", "1,5 человека": people are not counted in fractions
    if _PROPORTION_AFTER.match(right) or _PROPORTION_BEFORE.search(left):  # "nine in 10"
        return None
    if _MONEY_BEFORE.search(left) or _TIME_OF_DAY_AFTER.match(right) or _AGE_AFTER.match(right):
        return None
    if GOVERNED_BY_NON_MOVE_RE.search(left):
        return None
    if _HARMED_BEFORE.search(left):
        return None
    limit = e if next_start is None else next_start
    kind, end, phrase = head_of(text, q.end, max(limit, q.end), q.vague)
    if kind in ("unit", "other"):
        # "Pkw", "legal entities", "yachts": not people
        if (
            kind == "other"
            and next_start is not None
            and _SERIES_GAP.fullmatch(text, q.end, next_start)
        ):
            return "elliptic", q.end, ""
        return None
    if kind == "elliptic":
        if (
            not q.vague
            and not q.is_range
            and q.value is not None
            and len(digits) == 4
            and _YEARISH.match(digits)
            and "," not in q.text
            and "." not in q.text
        ):
            return None  # a year
        if not _DIGIT.search(q.text) and (q.value or 0) < 1000 and not q.vague:
            return None  # "one of", "two in": words need their noun
        if q.vague:
            return None
        if (q.value or q.high or 0) < 10 and _DIGIT.search(q.text):
            return None
    if (
        kind == "people"
        and _YEARISH.match(digits)
        and q.value
        and 1900 <= q.value <= 2100
        and "," not in q.text
    ):
        pass  # "2000 people": a count that looks like a year
    return kind, end, phrase


class _Heads:
    """`_is_candidate` for the numbers of one sentence, each question asked once.

    The quick look before the dates are read asks with nothing after a number, the claim reader
    asks again with its neighbour known: for the last number the two questions are the same.
    """

    def __init__(self, text: str, s: int, e: int) -> None:
        self.text, self.s, self.e = text, s, e
        self._known: dict[tuple[int, int | None], Head | None] = {}
        self._internal: bool | None = None  # does the sentence speak of internal displacement?

    def __call__(self, q: Quantity, next_q: Quantity | None) -> Head | None:
        key = (q.start, None if next_q is None else next_q.start)
        if key not in self._known:
            head = _is_candidate(self.text, q, self.s, self.e, key[1])
            if head is not None and self._displaced_inside(q):
                head = None  # internally displaced people have not left their country
            self._known[key] = head
        return self._known[key]

    def _displaced_inside(self, q: Quantity) -> bool:
        if self._internal is None:
            self._internal = _INTERNAL.search(self.text, self.s, self.e) is not None
        if not self._internal:
            return False
        a, b = max(self.s, q.start - 60), min(self.e, q.end + 40)
        return _INTERNAL.search(_clause_around(self.text, q, a, b)) is not None


def _times_between(times: list[D.TimeExpr], a: int, b: int) -> list[D.TimeExpr]:
    return [t for t in times if a <= t.start and t.end <= b + 1]


def extract_document(doc: Document, options: Options | None = None) -> list[Claim]:
    """Every claim the document makes about people on the move, in reading order."""
    opts = options or Options()
    text = doc.text
    lowered = text.lower()
    ctx = D.TimeContext(
        published=doc.published, reference=opts.reference, anchors=dict(opts.anchors),
        lowered=lowered if len(lowered) == len(text) else None,
    )  # fmt: skip
    state = _State(ctx=ctx, doc=doc)
    doc_source = source_id_for(doc.url or doc.name)
    b0, b1 = doc.body
    found: list[Found] = []
    words = WordSets(text, lowered)
    heading_starts = sorted(h[0] for h in doc.headings)
    section = 0
    doc_language = language_of(text[b0 : b0 + 2000])
    if doc.published is None and opts.reference is None:
        ctx.assumed = latest_named_day(text, b0, b1, doc_language, lowered)
    for ps, pe in paragraphs(text, b0, b1):
        here = bisect.bisect_right(heading_starts, ps)
        if here != section:
            # a new section is a new subject ("Destinations" after "Third wave"): its figures
            # do not inherit the last section's period, only what it says itself
            section = here
            state.last_claim_period = None
        para_words = words.of(ps, pe)
        language = paragraph_language(text, ps, pe, doc_language)
        number_words, date_words, cue_here_words = _filters(language)
        any_word = _any_filter(language)
        if not (_DIGIT.search(text, ps, pe) or number_words.any_of(para_words)):
            continue  # no number, no claim, and no date for later sentences
        cue_here = cue_here_words.any_of(para_words)
        date_here = _YEAR.search(text, ps, pe) is not None or date_words.any_of(para_words)
        if not cue_here and not date_here:
            continue
        state.para_period = None
        state.para_claim_period = None
        state.cue_span = None
        state.language = ctx.language = language
        for span in split_sentences(text, ps, pe):
            s, e = span
            sw = words.of(s, e)
            state.inherit = state.carry = state.carry_from = None
            numbered = _DIGIT.search(text, s, e) is not None
            if not numbered and not any_word.any_of(sw):
                continue  # no digit, number, date or cue word: nothing below can apply
            found_cues: list[Cue] = []
            cue_sentence = cue_here and cue_here_words.any_of(sw)
            if cue_sentence and (numbered or number_words.any_of(sw)):
                # a claim needs a number and a cue
                found_cues = cues(text, s, e, lowered, state.language)
            dated = date_here and (_YEAR.search(text, s, e) is not None or date_words.any_of(sw))
            last = found[-1] if found else None
            if (
                not found_cues and last is not None and s - last.sentence[1] < 300
                and numbered and ITEM_RE.search(text, s, e)
            ):  # fmt: skip
                state.inherit = last.measure  # a list of places and figures, no verb
            floor = ps  # a breakdown stays in its paragraph, unless it says "this number"
            if not found_cues and numbered and _SAME_COUNT.search(text, s, e):
                floor = 0
            if (
                not found_cues
                and within_reach((floor, s), state.cue_span, last)
                and (_TWO_DIGITS.search(text, s, e) or number_words.any_of(sw))  # 10 or more
                and (PEOPLE_NOUNS.any_of(sw) or _PART_OF_ANY.search(text, s, e))
            ):  # fmt: skip
                # "Of them, 890,605 are Ukrainian nationals": a part of the paragraph's figure
                state.carry = carried_measure(
                    text, lowered, (floor, s), state.cue_span, last, language
                )
                near = last is not None and s - last.sentence[1] <= REACH
                state.carry_from = last if near and last.measure == state.carry else None
            if cue_sentence:
                state.cue_span = CueSentence(span)
                if (
                    not found_cues and state.carry is None and numbered
                    and _copula(language).search(text, s, e)
                    and (PEOPLE_NOUNS.any_of(sw) or any(names_people(w) for w in sw))
                ):  # fmt: skip
                    # "the number of refugees in Poland stands at 1.6 million": those present
                    state.carry = "stock"
            if found_cues or dated or state.inherit or state.carry:
                found.extend(_read_sentence(text, span, (ps, pe), state, opts, found_cues, dated))
    _coming_home(found)
    return [_to_claim(doc, f, doc_source, opts) for f in found]


def _coming_home(found: list[Found]) -> None:
    """People crossing into the country most of the text's figures leave are coming back: in a
    text on Ukrainians' flight, "43,000 crossed from Poland into Ukraine" counts returns."""
    origins = Counter(f.origin for f in found if f.origin and f.measure != "return")
    if not origins:
        return
    home, n = origins.most_common(1)[0]
    if n < 2:
        return
    for f in found:
        if (
            f.measure == "flow" and f.destination == home and f.origin != home
            and f.nat in (None, home)
        ):  # fmt: skip
            f.measure = "return"


_DIGIT = re.compile(r"\d")
_TWO_DIGITS = re.compile(r"\d\d")
_YEAR = re.compile(r"(?:1[89]|20)\d\d(?!\d)")


@cache
def _filters(language: str) -> tuple[lang.WordMatcher, lang.WordMatcher, lang.WordMatcher]:
    """The cheap looks of one language: words that may be or start a number (a paragraph with
    neither a digit nor one of them has no figure), words that may start a time expression, and
    the words of its measure cues."""
    langs = lang.read_together(language)
    numbers = lang.key_matcher(
        "numbers.number_words", "numbers.units", "numbers.fixed", languages=langs
    )
    dates = lang.key_matcher("dates.months", "dates.weekdays", "dates.words", languages=langs)
    return numbers, dates, cue_words(language)


@cache
def _any_filter(language: str) -> lang.WordMatcher:
    """The three looks of `_filters` as one: a sentence with no digit and none of these words
    has no figure, no date and no cue, so it is skipped after a single test."""
    parts = _filters(language)
    words = frozenset().union(*(m.words for m in parts))
    return lang.WordMatcher(words, tuple(dict.fromkeys(st for m in parts for st in m.stems)))


def _read_sentence(
    text: str,
    span: tuple[int, int],
    para: tuple[int, int],
    state: _State,
    opts: Options,
    found_cues: list[Cue],
    dated: bool = True,
) -> list[Found]:
    """Claims of one sentence that may hold some (it has measure cues), or only the dates later
    sentences lean on."""
    s, e = span
    ctx = state.ctx
    candidate = bool(found_cues) or state.inherit is not None or state.carry is not None
    qs: list[Quantity] = []
    asked = _Heads(text, s, e)
    if candidate:
        # cheap look first: a sentence whose numbers are all percentages, money or units
        qs = find_quantities(text, s, e, ctx.lowered)
        if not any(asked(q, None) for q in qs):
            candidate = False
            if not dated:
                return []
    known = len(ctx.anchors)
    times = D.find_times(text, s, e, ctx)
    D.note_anchors(text, times, ctx, (s, e))
    if len(ctx.anchors) > known:
        # an event dated in this very sentence is known only now: read its spans again ("the
        # first week after the call-up of 21 September")
        times = D.find_times(text, s, e, ctx)
    out: list[Found] = []
    if candidate:
        masks = _masked(state.doc, text, s, e, times)
        qs = [q for q in qs if not _inside(q, masks)]
        if qs:
            out = _claims_of(text, span, para, qs, times, state, opts, asked, found_cues)
    if times:
        p = D.period_of(times, ctx)
        if p is not None:
            state.para_period = p
            ctx.last_named = p
    D.advance(ctx, times)
    return out


_RELATIVE_CLAUSE = rule("relative_clause", re.IGNORECASE)


@cache
def _copula(language: str) -> re.Pattern[str]:
    """The words that say a number of people is so much ("stands at", "составляет", "s'élève
    à"): with people named before them, a count of those present."""
    parts = lang.entries("rules.count_copula", lang.read_together(language))
    return re.compile("|".join(f"(?:{p})" for p in parts) or "(?!x)x", re.IGNORECASE)


@cache
def _verb_after(language: str) -> re.Pattern[str]:
    """The words after a figure where its verb may stand: a language's own pattern (an
    auxiliary and a participle, "ont été enregistrées"), else the English one."""
    own = lang.entries("rules.verb_after", (language,)) if language in lang.LANGUAGES else ()
    parts = own or lang.entries("rules.verb_after", ("en",))
    return re.compile("|".join(f"(?:{p})" for p in parts), re.IGNORECASE)


_DIRECTIONAL = re.compile(
    rf"\b(?:{lang.alternation('places.directional')})\s+(?:(?:{_ARTICLES})\s+)?"
    rf"(?:(?:{lang.alternation('places.place_adjectives')})\s+)?$",
    re.IGNORECASE,
)
_HEAD_MEASURE = [
    (
        re.compile(r"\b(?:applications|requests|petitions|asylum\s+claims)\b", re.IGNORECASE),
        "application",
    ),
    (re.compile(r"\b(?:permits|registrations)\b", re.IGNORECASE), "registration"),
]
_NO_INHERIT = rule("no_inherit", re.IGNORECASE)


@cache
def _verb_first(language: str) -> bool:
    """Does the language often put the verb before the figure it counts ("в Грузию приехали
    917 тысяч")? Then a verb before a figure governs it even when another clause follows."""
    return bool((lang.vocabulary(language).get("syntax") or {}).get("verb_before_subject"))


def _cue_window(all_cues: list[tuple[int, int, str]], a: int, b: int) -> list[tuple[int, int, str]]:
    return [c for c in all_cues if a <= c[0] < b]


def _claims_of(
    text: str,
    span: tuple[int, int],
    para: tuple[int, int],
    qs: list[Quantity],
    times: list[D.TimeExpr],
    state: _State,
    opts: Options,
    ask: _Heads,
    all_cues: list[Cue],
) -> list[Found]:
    s, e = span
    doc = state.doc
    places = _places_in(text, s, e)
    roles = {p.start: _role(text, p, s) for p in places}
    heads: list[Head | None] = []
    for i, q in enumerate(qs):
        heads.append(ask(q, qs[i + 1] if i + 1 < len(qs) else None))
    kept = [i for i, h in enumerate(heads) if h is not None]
    if not kept:
        return []
    words = {w.lower() for w in _WORDS.findall(text, s, e)}
    people_in_sentence = PEOPLE_NOUNS.any_of(words) or any(
        p.demonym and roles[p.start] == "nationality" for p in places
    )
    accepted: list[int] = []
    for i in kept:
        q = qs[i]
        kind = heads[i][0]  # type: ignore[index]
        if q.vague and not opts.include_vague:
            continue
        if kind == "elliptic":
            nxt_start = qs[i + 1].start if i + 1 < len(qs) else e
            if (
                i + 1 < len(qs)
                and heads[i + 1] is None
                and _SHARE_OF.fullmatch(text, q.end, nxt_start)
            ):
                continue  # "24 of 27 countries": a share of what the next figure counts
            verb = _verb_after(state.language).match(text, q.end, nxt_start)
            verb_cue = verb is not None and any(q.end <= c[0] < verb.end() for c in all_cues)
            listed = any(
                j in accepted and _LISTED_AFTER.fullmatch(text[qs[j].end : q.start])
                for j in accepted
            )
            sibling_people = any(
                heads[j] is not None and heads[j][0] == "people" for j in kept if j != i
            )  # type: ignore[index]
            lo = qs[i - 1].end if i > 0 else s
            item = (state.inherit or state.carry or all_cues) and item_place(
                text, q.start, [p for p in places if lo <= p.start < q.start]
            )
            part = _PART_OF_ANY.search(text, lo, q.start) is not None  # "among them, 22,800"
            if not (
                verb_cue or listed or (people_in_sentence and (all_cues or state.carry))
                or sibling_people or item or part
            ):  # fmt: skip
                continue
        accepted.append(i)
    respectively = bool(_RESPECTIVELY.search(text, s, e))
    sentence_nat = next(
        (p.code for p in places if p.demonym and roles[p.start] == "nationality"), None
    )
    arrival_in_sentence = bool(ARRIVAL_RE.search(text, s, e))
    plain = [j for j in accepted if not qs[j].vague]
    results: list[Found] = []
    undecided: list[bool] = []  # no word of the figure's own clause said where people went
    prev_found: Found | None = None
    for i in accepted:
        q = qs[i]
        kind, np_end, phrase = heads[i]  # type: ignore[misc]
        nxt_start = qs[i + 1].start if i + 1 < len(qs) else e
        lo_scope = qs[i - 1].end if i > 0 else s
        after_np = text[np_end : min(nxt_start, np_end + 60)]
        first_cue = next((c for c in all_cues if np_end <= c[0] < nxt_start), None)
        nm = NOT_MOVING_RE.search(after_np)
        if nm and (first_cue is None or np_end + nm.start() < first_cue[0]):
            continue
        # measure: the clause's own verb, else a shared verb in the next or the previous clause
        right_cues = _cue_window(all_cues, q.start, _right_scope(text, q.end, nxt_start))
        left_cues = _cue_window(all_cues, lo_scope, q.start)
        if right_cues and left_cues and _RELATIVE_CLAUSE.match(text, np_end, right_cues[0][0]):
            right_cues = []  # "hosting 409,000 refugees who had fled": the relative clause describes  # noqa: E501
        verb_first = bool(left_cues) and _verb_first(state.language)
        if (
            verb_first
            and right_cues
            and ("," in text[np_end : right_cues[0][0]] or _next_in_clause(text, q, nxt_start, e))
        ):
            right_cues = []  # "въехали 869 874 человек, выехали — 809 873": the next clause's verb
        measure_cues = right_cues
        if (
            not measure_cues
            and not verb_first
            and _SHARED_VERB_GAP.fullmatch(text, np_end, nxt_start)
        ):
            after_next = qs[i + 2].start if i + 2 < len(qs) else e
            later = [c for c in all_cues if nxt_start <= c[0] < after_next]
            if later:  # "240 Ukrainians and three Russians have applied": the verb comes later
                nearest = min(c[0] for c in later)
                measure_cues = [c for c in later if c[0] - nearest < 40]
        measure_cues = measure_cues or left_cues
        if not measure_cues:
            later = [c for c in all_cues if c[0] >= q.end]
            earlier = [c for c in all_cues if c[0] < lo_scope]
            if later:
                nearest = min(c[0] for c in later)
                measure_cues = [c for c in later if c[0] - nearest < 40]
            elif earlier:
                nearest = max(c[0] for c in earlier)
                measure_cues = [c for c in earlier if nearest - c[0] < 40]
        if (
            not right_cues and not left_cues and prev_found is not None
            and _COORDINATED.fullmatch(text, prev_found.quantity.end, q.start)
        ):  # fmt: skip
            measure_cues = []  # "granted permits to 10,116 Belarusian and 1,687 Russian citizens"
        measure = pick_measure(measure_cues, text) if measure_cues else None
        if measure is None and not measure_cues and prev_found is not None:
            measure = prev_found.measure
        if measure == "registration" and applied_for(measure_cues, all_cues, text, _CLAUSE_BREAK):
            measure = "application"
        if measure is not None and any(c[2] == "forecast" for c in left_cues):
            measure = "forecast"  # "officials expect 70,000 to leave": the expectation governs
        if (
            measure is None and state.inherit is not None
            and item_place(text, q.start, [p for p in places if lo_scope <= p.start < q.start])
        ):  # fmt: skip
            measure = state.inherit
        if (
            measure is None and state.carry is not None
            and kind in ("people", "elliptic") and (q.value or q.high or 0) >= 10
        ):  # fmt: skip
            measure = state.carry  # a sentence that breaks the figure before down ("4 of the
            # 30 visitors" is a detail, not a breakdown)
        if measure is None:
            continue
        if measure not in ("forecast", "return") and not any(c[2] == "grant" for c in measure_cues):
            for pat, m_kind in _HEAD_MEASURE:
                if phrase and pat.search(phrase):
                    measure = m_kind
                    break
        qualifier, qualifier_words = _qualifier_of(text, q, lo_scope, prev_found)
        # places
        right_end = _right_scope(text, q.end, nxt_start)
        paren = _OPEN_PAREN_BEFORE.search(text[lo_scope : q.start])
        if paren:
            close = text.find(")", q.end, nxt_start)
            right_end = close if close >= 0 else right_end
        right_places = [p for p in places if q.end <= p.start < right_end]
        left_places = [p for p in places if lo_scope <= p.start < q.start]
        nat = next(
            (
                p.code
                for p in right_places
                if p.demonym and p.start <= np_end and roles[p.start] == "nationality"
            ),
            None,
        ) or next(
            (
                p.code
                for p in left_places
                if p.demonym and roles[p.start] == "nationality" and q.start - p.end < 30
            ),
            None,
        )
        nat = nat or sentence_nat
        origin: str | None = None
        destination: str | None = None
        dest_found = False
        cue_text = " ".join(text[c[0] : c[1]] for c in measure_cues)
        departure = bool(DEPARTURE_RE.search(cue_text)) and not ARRIVAL_RE.search(cue_text)
        item = item_place(text, q.start, left_places)
        if paren and item is None:
            cands = [p for p in left_places if not p.demonym]
            item = cands[-1] if cands else None
        if item is not None:
            # "Australia (plus 3.8 thousand)", "до Румунії — 900 тис.": the figure belongs to
            # the place before it, as its destination unless the words before it say origin
            code = item.code
            sentence_cues = " ".join(text[c[0] : c[1]] for c in all_cues)
            before_item = text[max(s, item.start - 25) : item.start]
            if _DIRECTIONAL.search(before_item):
                destination = code
            elif roles[item.start] == "origin" or (
                DEPARTURE_RE.search(sentence_cues) and not _INFLOW.search(sentence_cues)
            ):
                origin = code
            else:
                destination = code
            dest_found = True
        for p in right_places if not dest_found else []:
            if nxt_start < e and (
                item_place(text, nxt_start, [p]) is p or _leads_next(text, p, nxt_start)
            ):
                break  # "..., до Росії – 785 тис.", "..., l'Allemagne 1,1 million": the next item's
            r = roles[p.start]
            if r == "origin":
                origin = origin or p.code
            elif r == "dest" and not dest_found:
                if departure and not _DIRECTIONAL.search(text[max(s, p.start - 25) : p.start]):
                    continue
                if _coordinated(text, p, right_places):
                    destination, dest_found = None, True
                else:
                    destination, dest_found = p.code, True
        if not dest_found:
            ref_m = _REF_PHRASE.search(text, q.end, right_end)
            multi = _MULTI.search(text, q.end, right_end)
            if ref_m is not None and (multi is None or ref_m.start() < multi.start()):
                before = text[max(s, ref_m.start() - 30) : ref_m.start()]
                exclude = {nat} if nat else set()
                code = _context_country(text, ref_m.start(), exclude, doc.body[0])
                code = code or topic_country(doc, exclude)
                if _ORIGIN_BEFORE.search(before) or _LEFT_BEFORE.search(before):
                    origin = origin or code
                else:
                    destination, dest_found = code, code is not None
            elif multi is not None and measure != "return":  # "back from abroad": home
                before = text[max(s, multi.start() - 25) : multi.start()]
                if not _ORIGIN_BEFORE.search(before):
                    dest_found = True  # "crossed into neighbouring countries": all together
            elif _several_before(text, s, q.start, left_places, roles):
                dest_found = True  # "за кордон виїхали 6 млн", "the other 24 countries issued"
        arrival = measure in ("registration", "application", "stock") or (
            measure == "flow" and not departure
        )
        arrival = arrival or (measure == "forecast" and bool(ARRIVAL_RE.search(text, s, q.start)))
        if not dest_found and departure:
            # "до Румунії виїхали 900 тис.": a place the words before it send people to
            towards = [
                p for p in left_places
                if not p.demonym and roles[p.start] != "ignore"
                and _DIRECTIONAL.search(text, max(lo_scope, p.start - 25), p.start)
            ]  # fmt: skip
            if towards:
                # "в Литву и Латвию ... около 500": two countries together are no one destination
                one = not _coordinated(text, towards[-1], left_places)
                destination, dest_found = (towards[-1].code if one else None), True
        if not dest_found and arrival:
            cands = [
                p
                for p in left_places
                if not p.demonym and roles[p.start] == "dest" and p.code != nat
            ]
            cands += [p for p in left_places if p.demonym and roles[p.start] == "dest"]
            if cands:
                destination, dest_found = max(cands, key=lambda p: p.start).code, True
        if respectively and not q.vague and i in plain:
            dests = [p for p in places if not p.demonym and roles[p.start] in ("dest", "ignore")]
            listed = _list_run(text, dests)
            if listed and len(listed) == len(plain):
                destination, dest_found = listed[plain.index(i)].code, True
        # people leaving where the sentence has them arriving: going back
        last_cue_end = max((c[1] for c in measure_cues), default=q.end)
        if (
            measure == "flow" and departure and prev_found is not None and prev_found.destination
            and arrival_in_sentence and _CLAUSE_END_GAP.fullmatch(text, last_cue_end, right_end)
        ):  # fmt: skip
            measure = "return"
            origin = prev_found.destination
            destination, dest_found = nat, True
        if measure == "return" and not dest_found:
            destination, dest_found = nat, nat is not None
        if (
            not dest_found
            and prev_found is not None
            and _PART_OF.search(text[prev_found.quantity.end : q.start])
        ):
            destination, dest_found = prev_found.destination, True  # a part of the figure before
        if not dest_found and prev_found is None and state.carry_from is not None:
            destination, dest_found = state.carry_from.destination, True  # the figure broken down
        if not dest_found and arrival and not _NO_INHERIT.search(cue_text):
            inherit = prev_found.destination if prev_found and prev_found.destination else None
            if inherit is None:
                inherit = state.last_dest
            if inherit is None:
                inherit = _context_country(text, q.start, {nat} if nat else set(), doc.body[0])
            if inherit is not None and inherit != nat:
                destination = inherit
        if destination is not None and destination == origin and measure != "return":
            destination = None
        if origin is None and measure != "return":
            origin = nat
        before = Before(
            prev_found.period if prev_found else None, state.para_period,
            state.para_claim_period, state.last_claim_period, state.last_claim_measure,
        )  # fmt: skip
        period = period_for(
            text, q, (lo_scope, nxt_start, s), _right_scope(text, q.end, nxt_start), times,
            state.ctx, before, measure,
        )  # fmt: skip
        period = complete_start(
            text, q, lo_scope, times, period, prev_found.period if prev_found else None,
            [f.period for f in results],
        )  # fmt: skip
        # group
        group = group_of(phrase) if phrase and not phrase.startswith("of them") else None
        if group is None and kind != "people":
            group = group_of(text[lo_scope:nxt_start]) or (prev_found.group if prev_found else None)
        if group is None and phrase.startswith("of them") and prev_found:
            group = prev_found.group
        if group is None and kind == "people" and phrase.startswith("of them"):
            group = group_of(text[s:e])
        group = group or "all"
        flags: set[str] = set()
        if q.vague:
            flags.add("vague")
        if measure == "forecast":
            flags.add("forecast")
        if _TOTAL.search(text, lo_scope, q.start):
            flags.add("derived")
        for m in _CITATION.finditer(text, q.end, nxt_start):
            flag = _MARKERS.get(m.group(0)[1:-1].strip().lower())
            if flag:
                flags.add(flag)
        refs, inferred = _citations(text, doc, q, nxt_start, span, para)
        scoped = _times_between(times, lo_scope, nxt_start)
        # the words that dated it: when it was said or reported only if nothing else did
        dating = [t for t in scoped if t.role not in ("report", "event")] or [
            t for t in scoped if period is not None and t.period.end == period.end
        ]
        decided = deciding_words(
            text, q, measure_cues, qualifier_words, (origin, destination), places, dating,
            phrase if group != "all" else None,
        )  # fmt: skip
        f = Found(
            quantity=q, sentence=span, value=q.value if not q.is_range else None,
            low=q.low, high=q.high, qualifier=qualifier, measure=measure, origin=origin,
            destination=destination, period=period, group=group, flags=flags, refs=refs,
            inferred=inferred, cues=decided, nat=nat,
        )  # fmt: skip
        results.append(f)
        undecided.append(not dest_found and destination is None)
        prev_found = f
        if destination and measure != "return":
            state.last_dest = destination
        if period is not None and measure != "forecast":
            state.last_claim_measure = measure
            state.last_claim_period = period
            state.para_claim_period = period
            state.para_period = period
            state.ctx.last_period = period
    share_destination(text, results, undecided, places)
    return results


def _qualifier_of(
    text: str, q: Quantity, lo_scope: int, prev_found: Found | None
) -> tuple[str, str | None]:
    """How a figure is put, and the words that say so."""
    if q.is_range:
        return "range", q.text
    if q.vague:
        return "at_least", q.text
    left_text = text[max(lo_scope, q.start - 60) : q.start]
    found = qualifier_phrase_before(left_text) or qualifier_phrase_after(text[q.end : q.end + 12])
    if found is not None:
        return found
    if prev_found is not None and prev_found.qualifier == "about":
        between = text[prev_found.quantity.end : q.start]
        if _AND.search(between) and not _DISTRIBUTE_BLOCK.search(between):
            # "an estimated 100,000 ... and 50,000 went to Armenia"
            return "about", (prev_found.cues or {}).get("qualifier")
    return "exact", None


def _list_run(text: str, places: list[PlaceMention]) -> list[PlaceMention]:
    """The longest run of places written as a list ("Armenia, Kazakhstan and Georgia")."""
    best: list[PlaceMention] = []
    run: list[PlaceMention] = []
    for p in places:
        if run and re.fullmatch(r"\s*(?:,|and|,\s*and)\s*(?:the\s+)?", text[run[-1].end : p.start]):
            run.append(p)
        else:
            run = [p]
        if len(run) > len(best):
            best = list(run)
    return best if len(best) > 1 else []


def _citations(
    text: str,
    doc: Document,
    q: Quantity,
    scope_end: int,
    span: tuple[int, int],
    para: tuple[int, int],
) -> tuple[list[str], bool]:
    """References a figure cites: its own mark, else its sentence's, else the paragraph's next."""

    starts = doc.citation_starts()

    def keys(a: int, b: int) -> list[str]:
        out: list[str] = []
        for idx in range(bisect.bisect_left(starts, a), bisect.bisect_left(starts, b)):
            out.extend(k for k in doc.citations[idx][2] if k not in out)
        return out

    own = keys(q.end, scope_end)
    if own:
        return own, False
    sent = keys(span[0], span[1])
    if sent:
        return sent, False
    idx = bisect.bisect_left(starts, span[1])
    if idx < len(starts) and starts[idx] < para[1]:
        return list(doc.citations[idx][2]), True
    return [], False


def _to_claim(doc: Document, f: Found, doc_source: str, opts: Options) -> Claim:
    refs = [doc.references[k] for k in f.refs if k in doc.references]
    source_ids = [r.source.id for r in refs if r.source is not None]
    flags = set(f.flags)
    if f.inferred and source_ids:
        flags.add("citation_inferred")
    if any(r.broken for r in refs):
        flags.add("broken_citation")
    if not source_ids:
        source_ids = [doc_source]
        if doc.references:
            flags.add("uncited")
    start = f.period.start if f.period else None
    end = f.period.end if f.period else None
    if start and end and end < start:
        start = None
    s, e = f.sentence
    sentence = doc.text[s:e] if opts.keep_sentence else None
    return Claim(
        value=f.value, low=f.low if f.qualifier == "range" else None,
        high=f.high if f.qualifier == "range" else None, qualifier=f.qualifier,  # type: ignore[arg-type]
        measure=f.measure, origin=f.origin, destination=f.destination,  # type: ignore[arg-type]
        start=start, end=end, group=f.group, source_ids=source_ids,
        found_in=FoundIn(
            document=doc_source, section=doc.heading_at(s), span=(s, e), sentence=sentence,
            cues=f.cues or None,
        ),
        flags=sorted(flags),  # type: ignore[arg-type]
    )  # fmt: skip
