"""Numbers as prose writes them: "98,000", "8.500", "1.2 million", "170K", "2,33,000", "two",
"a dozen", "50,000-70,000", "between 820,000 and 920,000", "hundreds of thousands".

Only the number and how it is put; whether it counts people is decided by the claim assembler.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from emigre.extract import lang
from emigre.extract.lowered import lower_pattern, same_offsets

MAX_DIGITS = 15
"""Longest run of digits read as one number: a longer one is an identifier, not a count (and
a run of hundreds of digits would overflow a float)."""

UNITS: dict[str, int] = lang.mapping("numbers.units")
"""Number words of every language ("two", "zwei", "два"): their values add up."""
MULTIPLIERS: dict[str, int] = lang.mapping("numbers.multipliers")
"""Words that multiply the number before them ("two hundred")."""
SCALES: dict[str, int] = lang.mapping("numbers.scales")
"""Words after a number that scale it ("1.2 million", "12 тыс."); keys ending in * are stems."""
FIXED: dict[str, int] = lang.mapping("numbers.fixed")
"""Phrases that are one number ("half a million", "полмиллиона")."""
VAGUE: dict[str, int] = lang.mapping("numbers.vague")
"""Vague amounts ("thousands", "десятки тысяч"): the smallest value they can mean."""
VAGUE_PHRASES: dict[str, int] = lang.mapping("numbers.vague_phrases")


def _word_rx(key: str) -> str:
    """A vocabulary key as a pattern: a word ending in * is a stem, words are separated by any
    space."""
    return r"\s+".join(
        re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w) for w in key.split()
    )


def _alts(keys: list[str] | tuple[str, ...]) -> str:
    return "|".join(_word_rx(k) for k in sorted(set(keys), key=len, reverse=True))


def _stem_table(table: dict[str, int]) -> tuple[dict[str, int], list[tuple[str, int]]]:
    exact = {k.lower(): v for k, v in table.items() if not k.endswith("*")}
    stemmed = sorted(((k[:-1].lower(), v) for k, v in table.items() if k.endswith("*")),
                     key=lambda kv: -len(kv[0]))  # fmt: skip
    return exact, stemmed


_SCALE_EXACT, _SCALE_STEMS = _stem_table(SCALES)
_FIXED_EXACT, _FIXED_STEMS = _stem_table(FIXED)
_LETTERS = set(lang.entries("numbers.scale_letters"))


def scale_value(word: str) -> int | None:
    """What a scale word multiplies by ('million' -> 10**6, 'тыс.' -> 1000), or None."""
    w = " ".join(word.lower().split())
    v = _SCALE_EXACT.get(w) or _SCALE_EXACT.get(w.rstrip("."))
    if v is None:
        v = next((val for stem, val in _SCALE_STEMS if w.startswith(stem)), None)
    return v


_UNIT_WORDS = sorted((w for w in UNITS if UNITS[w] != 0), key=len, reverse=True)
_WORD = r"(?:" + "|".join(re.escape(w) for w in _UNIT_WORDS) + r")"
_MULT = _alts(list(MULTIPLIERS)) or "(?!x)x"
_SCALE_WORDS = _alts([k for k in SCALES if k not in _LETTERS])
_CONJ = _alts(lang.entries("numbers.conjunctions")) or "(?!x)x"
_WORDNUM = (
    rf"(?:{_WORD}(?:[-\s]{_WORD})?(?:\s+(?:{_MULT}))?(?:\s+(?:(?:{_CONJ})\s+)?{_WORD})?"
    rf"(?:\s+(?:{_SCALE_WORDS})(?!\w))?)"
)
_DIGITS = (
    r"(?:\d{1,2}(?:,\d{2})+,\d{3}(?![\d]))"  # Indian grouping: 2,33,000
    r"|(?:\d{1,3}(?:(?:,\d{3})+|(?:\.\d{3})+|(?:[\u00a0\u202f\u2009' ]\d{3})+)(?![\d]|[.,]\d))"
    r"|(?:\d+(?:[.,]\d+)?)"
)
_LETTER_SCALE = "|".join(re.escape(x) for x in sorted(_LETTERS | {x.upper() for x in _LETTERS}))
_SCALE = rf"(?:\s*(?:{_SCALE_WORDS})(?!\w)|(?:{_LETTER_SCALE})\b)"
_FIXED = _alts(list(FIXED))
_ONE = rf"(?:(?:{_DIGITS}){_SCALE}?|{_FIXED}|{_WORDNUM})"
_VAGUE = (
    "(?:"
    + "|".join(
        [
            *(f"(?:{p})" for p in lang.entries("numbers.vague_patterns")),
            _alts(list(VAGUE_PHRASES)),
            _alts(list(VAGUE)),
        ]
    )
    + ")"
)
_RANGE_OPEN = "|".join(_word_rx(a) for a, _ in lang.entries("numbers.range_between"))
_RANGE_JOIN = "|".join(f"(?:{b})" for _, b in lang.entries("numbers.range_between"))
_RANGE_DASH = _alts(lang.entries("numbers.range_dash"))

NUMBER_RE = re.compile(
    rf"(?<![\w.,])(?:(?:{_RANGE_OPEN})\s+(?P<blo>{_ONE})\s+(?:{_RANGE_JOIN})\s+(?P<bhi>{_ONE})"
    rf"|(?P<lo>{_ONE})\s*(?:-|–|—|{_RANGE_DASH})\s*(?P<hi>{_ONE})(?![\w])"
    rf"|(?P<one>{_ONE})|(?P<vague>{_VAGUE}))(?![\w])",
    re.IGNORECASE,
)
"""One pattern for every number form; a cheap first pass over a document finds candidates."""
NUMBER_LOWER_RE = lower_pattern(NUMBER_RE.pattern)
"""The same pattern for lower-cased text, about three times faster than a case-blind search."""


@dataclass(frozen=True)
class Quantity:
    start: int
    end: int
    text: str
    value: int | None
    low: int | None = None
    high: int | None = None
    vague: bool = False

    @property
    def is_range(self) -> bool:
        return self.low is not None and self.high is not None and self.low != self.high


# Patterns of the parsers below, compiled once: they run for every number found.
_SCALE_AT_END = re.compile(_SCALE + r"$", re.IGNORECASE)
_A_DIGIT = re.compile(r"\d")
_INDIAN_GROUPS = re.compile(r"\d{1,2}(?:,\d{2})+,\d{3}")
_THOUSANDS_GROUPS = re.compile(r"\d{1,3}(?:([,.])\d{3})(?:\1\d{3})*")
_DECIMAL = re.compile(r"\d+[.,]\d+")
_DASHES_AND_SPACES = re.compile(r"[-\s]+")


def _scale_of(text: str) -> tuple[str, int]:
    """Split '1.2 million' into ('1.2', 1000000)."""
    m = _SCALE_AT_END.search(text)
    if not m:
        return text, 1
    word = m.group(0).strip()
    mult = scale_value(word) or 1
    if word.lower() in _LETTERS and word.lower() != "k" and not _A_DIGIT.search(text, 0, m.start()):
        return text, 1
    return text[: m.start()].strip(), mult


_SEPARATORS = str.maketrans("", "", "\u00a0\u202f\u2009' ")


def _parse_digits(text: str, scaled: bool) -> float | None:
    t = text.translate(_SEPARATORS)
    if sum(ch.isdigit() for ch in t) > MAX_DIGITS:
        return None  # an identifier or a run of digits, not a count
    if _INDIAN_GROUPS.fullmatch(t):
        return float(t.replace(",", ""))
    if _THOUSANDS_GROUPS.fullmatch(t):
        sep = "," if "," in t else "."
        if scaled and t.count(sep) == 1:
            # "1.500 million" is rare; "8,5 Millionen" and "1.2 million" are decimals
            return float(t.replace(",", "."))
        return float(t.replace(sep, ""))
    if _DECIMAL.fullmatch(t):
        return float(t.replace(",", "."))
    if t.isdigit():
        return float(t)
    return None


def fixed_value(phrase: str) -> int | None:
    """The value of a phrase that is one number ('half a million', 'полмиллиона')."""
    t = " ".join(phrase.lower().split())
    v = _FIXED_EXACT.get(t)
    if v is None:
        v = next(
            (val for stem, val in _FIXED_STEMS if t.startswith(stem) and " " not in t[len(stem) :]),
            None,
        )
    return v


_CONJUNCTIONS = frozenset(w.lower() for w in lang.entries("numbers.conjunctions"))


def _parse_words(text: str) -> float | None:
    t = _DASHES_AND_SPACES.sub(" ", text.lower()).strip()
    fixed = fixed_value(text)  # "un demi-million" is written with its hyphen
    fixed = fixed if fixed is not None else fixed_value(t)
    if fixed is not None:
        return float(fixed)
    total = 0.0
    current = 0.0
    words = t.split()
    i = 0
    while i < len(words):
        w = words[i]
        pair = " ".join(words[i : i + 2])
        if pair in UNITS:
            current += UNITS[pair]
            i += 2
            continue
        if w in _CONJUNCTIONS:
            i += 1
            continue
        scale = None if w in UNITS or w in MULTIPLIERS else scale_value(w)
        if w in MULTIPLIERS and (current or w not in UNITS):
            current = (current or 1) * MULTIPLIERS[w]  # "deux cent": a word that is both multiplies
        elif w in UNITS:
            current += UNITS[w]
        elif scale is not None:
            total += (current or 1) * scale
            current = 0
        else:
            return None
        i += 1
    value = total + current
    return value if value > 0 else None


def parse_number(text: str) -> float | None:
    """The value of one number expression ('98,000', '1.2 million', 'two hundred thousand')."""
    raw = text.strip()
    if not raw:
        return None
    if _A_DIGIT.match(raw):
        body, mult = _scale_of(raw)
        v = _parse_digits(body, mult != 1)
        return None if v is None else v * mult
    return _parse_words(raw)


_VAGUE_TABLE = [
    (re.compile(_word_rx(k).replace(r"\s+", r"\s+(?:of\s+)?") + "$", re.IGNORECASE), v)
    for k, v in sorted({**VAGUE_PHRASES, **VAGUE}.items(), key=lambda kv: -len(kv[0]))
]


def _vague_value(text: str) -> int:
    t = _DASHES_AND_SPACES.sub(" ", text.lower()).strip()
    for pat, v in _VAGUE_TABLE:
        if pat.match(t):
            return int(v)
    last = t.split()[-1]
    base = scale_value(last.rstrip("s")) or MULTIPLIERS.get(last.rstrip("s")) or VAGUE.get(last, 1)
    return int(base)


def _cut(text: str, m: re.Match[str], name: str) -> str | None:
    """A group's text from the original (the match may come from the lower-cased copy)."""
    a, b = m.span(name)
    return text[a:b] if a >= 0 else None


def find_quantities(
    text: str, start: int = 0, end: int | None = None, lowered: str | None = None
) -> list[Quantity]:
    """Every number expression in text[start:end], with offsets into text.

    `lowered` is the whole text lower-cased, if the caller has it: searching it is faster.
    """
    stop = len(text) if end is None else end
    low = same_offsets(text, lowered)
    if low is not None:
        matches = NUMBER_LOWER_RE.finditer(low, start, stop)
    else:
        matches = NUMBER_RE.finditer(text, start, stop)
    out: list[Quantity] = []
    for m in matches:
        whole = text[m.start() : m.end()]
        if m.group("vague"):
            out.append(Quantity(m.start(), m.end(), whole, _vague_value(whole), vague=True))
            continue
        lo_t = _cut(text, m, "blo") or _cut(text, m, "lo")
        hi_t = _cut(text, m, "bhi") or _cut(text, m, "hi")
        if lo_t and hi_t:
            hi = parse_number(hi_t)
            lo = parse_number(lo_t)
            if hi is not None and lo is not None and _year_then_count(lo_t, hi):
                # "au 31 décembre 2022 à 547 102 personnes": a date, then the figure
                lo_at = m.start("lo") if m.group("lo") else m.start("blo")
                hi_at = m.start("hi") if m.group("hi") else m.start("bhi")
                out.append(Quantity(lo_at, lo_at + len(lo_t), lo_t, round(lo)))
                out.append(Quantity(hi_at, hi_at + len(hi_t), hi_t, round(hi)))
                continue
            if hi is not None and lo is not None:
                # "10-11 thousand": the scale written once applies to both ends
                _, hmult = _scale_of(hi_t.strip())
                _, lmult = _scale_of(lo_t.strip())
                if hmult > 1 and lmult == 1 and lo * hmult <= hi:
                    lo *= hmult
                if lo <= hi:
                    out.append(Quantity(m.start(), m.end(), whole, None, round(lo), round(hi)))
                    continue
            # not a sensible range ("2022-2023" handled by dates; "5-3"): take the numbers apart
            for t, s in ((lo_t, m.start("lo") if m.group("lo") else m.start("blo")),):
                v = parse_number(t)
                if v is not None:
                    out.append(Quantity(s, s + len(t), t, round(v)))
            continue
        one = text[m.start("one") : m.end("one")]
        if one.isupper() and len(one) <= 4 and not _A_DIGIT.search(one):
            continue  # "UN", "DOS": an acronym, not the French or Spanish number word
        v = parse_number(one)
        if v is None:
            continue
        out.append(Quantity(m.start(), m.end(), one, round(v)))
    return _compounds(text, out)


_BARE_YEAR = re.compile(r"(?:1[89]|20)\d\d")


def _year_then_count(lo_text: str, hi: float) -> bool:
    """Is a 'range' a bare year and a figure far above it ("2022 à 547 102")? Then the two are
    a date and a count: a range's ends are of one size."""
    return _BARE_YEAR.fullmatch(lo_text.strip()) is not None and hi > 20 * int(lo_text)


def _spaced_decimal(text: str, prev: Quantity | None, q: Quantity) -> Quantity | None:
    """A decimal comma typed with a space after it: "4, 968 мільйонів" is 4.968 million (a
    single digit, then three digits and a scale of a million or more)."""
    if prev is None or q.value is None or prev.vague or q.vague or q.is_range:
        return None
    if not (len(prev.text) == 1 and prev.text.isdigit() and text[prev.end : q.start] == ", "):
        return None
    body, scale = _scale_of(q.text)
    if scale < 1_000_000 or len(body) != 3 or not body.isdigit():
        return None
    value = round(float(f"{prev.text}.{body}") * scale)
    return Quantity(prev.start, q.end, text[prev.start : q.end], value)


_COMPOUND_GAP = re.compile(rf"\s+(?:(?:{_CONJ})\s+)?")


def _compounds(text: str, found: list[Quantity]) -> list[Quantity]:
    """Join a number written in two scaled parts: "7 millones 350 mil", "1 мільйон 234,7 тисячі"
    (the second part smaller than the first one's scale)."""
    out: list[Quantity] = []
    for q in found:
        prev = out[-1] if out else None
        spaced = _spaced_decimal(text, prev, q)
        if spaced is not None:
            out[-1] = spaced
            continue
        if (
            prev is not None and prev.value is not None and q.value is not None
            and not prev.vague and not q.vague and not q.is_range
            and _COMPOUND_GAP.fullmatch(text, prev.end, q.start)
        ):  # fmt: skip
            _, scale = _scale_of(prev.text)
            second = _scale_of(q.text)[1]
            if (
                scale >= 1_000_000
                and 1 < second < scale
                and q.value < scale
                and not prev.value % scale
            ):
                whole = text[prev.start : q.end]
                out[-1] = Quantity(prev.start, q.end, whole, prev.value + q.value)
                continue
        out.append(q)
    return out


# How a figure is put: phrases before the number, longest first, and a few after it.
QUALIFIERS_BEFORE: list[tuple[str, str]] = [(p, q) for p, q in lang.entries("qualifiers.before")]
_FILLERS = "|".join(f"(?:{p})" for p in lang.entries("qualifiers.fillers"))
_QUAL_BEFORE_RE = re.compile(
    r"(?:^|[\s(\"“,«])(?P<q>"
    + "|".join(f"(?:{p})" for p, _ in QUALIFIERS_BEFORE)
    + rf")[\s,]*(?:{_FILLERS})?$",
    re.IGNORECASE,
)
_QUAL_MAP = [(re.compile(rf"^(?:{p})$", re.IGNORECASE), q) for p, q in QUALIFIERS_BEFORE]
_AFTER = lang.mapping("qualifiers.after")
_QUAL_AFTER_RE = re.compile(
    r"^\s*(?:(?P<more>" + "|".join(f"(?:{p})" for p in _AFTER.get("at_least", []))
    + r")|(?P<so>" + "|".join(f"(?:{p})" for p in _AFTER.get("about", [])) + "))",
    re.IGNORECASE,
)  # fmt: skip
_SPACES = re.compile(r"\s+")
_UPPER_EST_RE = re.compile(lang.alternation("qualifiers.upper_bound"), re.IGNORECASE)
_LOWER_EST_RE = re.compile(lang.alternation("qualifiers.lower_bound"), re.IGNORECASE)


def qualifier_before(left: str) -> str | None:
    """The qualifier a phrase ending right before a number expresses ('more than' -> at_least)."""
    found = qualifier_phrase_before(left)
    return found[0] if found else None


def qualifier_phrase_before(left: str) -> tuple[str, str] | None:
    """The qualifier before a number and the words that say it: ('at_least', 'more than')."""
    tail = left[-60:]
    m = _QUAL_BEFORE_RE.search(tail)
    if m:
        word = _SPACES.sub(" ", m.group("q").strip())
        for pat, q in _QUAL_MAP:
            if pat.match(word):
                return q, m.group("q").strip()
    # "An upper estimate is for 700,000": the phrase names the bound a few words earlier
    window = " ".join(tail.split()[-6:])
    for pat, q in ((_UPPER_EST_RE, "at_most"), (_LOWER_EST_RE, "at_least")):
        found = pat.search(window)
        if found:
            return q, found.group(0)
    return None


def qualifier_after(right: str) -> str | None:
    found = qualifier_phrase_after(right)
    return found[0] if found else None


def qualifier_phrase_after(right: str) -> tuple[str, str] | None:
    """The qualifier after a number and its words: ('at_least', 'or more')."""
    m = _QUAL_AFTER_RE.match(right[:12])
    if not m:
        return None
    kind = "at_least" if m.group("more") else "about"
    return kind, m.group(0).strip()
