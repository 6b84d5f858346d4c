"""Numbers as prose writes them: "98,000", "8.500", "1.2 million", "170K", "2,33,000", "two",
"a dozen", "50,000-70,000", "between 820,000 and 920,000", "hundreds of thousands".

Only the number and how it is put; whether it counts people is decided by the claim assembler.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from emigre.extract.lowered import lower_pattern, same_offsets

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "a dozen": 12, "dozen": 12,
    # German, for reports quoted in German
    "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9,
    "zehn": 10, "zwölf": 12, "zwanzig": 20, "dreißig": 30, "fünfzig": 50, "hundert": 100,
}  # fmt: skip
SCALES = {
    "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
    "k": 1_000, "mln": 1_000_000, "m": 1_000_000, "mn": 1_000_000, "bn": 1_000_000_000,
    "tausend": 1_000, "mio": 1_000_000, "mio.": 1_000_000, "millionen": 1_000_000,
    "million people": 1_000_000, "lakh": 100_000, "lakhs": 100_000, "crore": 10_000_000,
}  # fmt: skip
VAGUE = {
    "dozens": 12, "scores": 20, "hundreds": 100, "thousands": 1_000, "millions": 1_000_000,
    "tausende": 1_000, "hunderte": 100, "zehntausende": 10_000, "hunderttausende": 100_000,
}  # fmt: skip

_UNIT_WORDS = sorted((w for w in UNITS if w not in ("zero",)), key=len, reverse=True)
_WORD = r"(?:" + "|".join(re.escape(w) for w in _UNIT_WORDS) + r")"
_WORDNUM = (
    rf"(?:{_WORD}(?:[-\s]{_WORD})?(?:\s+hundred)?(?:\s+(?:and\s+)?{_WORD})?"
    rf"(?:\s+(?:thousand|million|billion|tausend))?)"
)
_DIGITS = (
    r"(?:\d{1,2}(?:,\d{2})+,\d{3}(?![\d]))"  # Indian grouping: 2,33,000
    r"|(?:\d{1,3}(?:(?:,\d{3})+|(?:\.\d{3})+|(?:[\u00a0\u202f\u2009']\d{3})+)(?![\d]|[.,]\d))"
    r"|(?:\d+(?:[.,]\d+)?)"
)
_SCALE = r"(?:\s*(?:million|billion|thousand|tausend|millionen|mio\.?|mln|bn|mn|lakhs?|crore)\b|(?:k|K|m|M)\b)"  # noqa: E501
_ONE = rf"(?:(?:{_DIGITS}){_SCALE}?|half\s+a\s+million|a\s+(?:million|thousand|hundred)|{_WORDNUM})"
_VAGUE = (
    r"(?:(?:a\s+few|several|many|some)\s+(?:hundred|thousand|million)s?"
    r"|(?:tens|hundreds|dozens)(?:[-\s]+of[-\s]+|\s+)(?:thousands|millions)"
    r"|dozens|scores|hundreds|thousands|millions|tausende|hunderte|zehntausende|hunderttausende)"
)

NUMBER_RE = re.compile(
    rf"(?<![\w.,])(?:between\s+(?P<blo>{_ONE})\s+(?:and|to)\s+(?P<bhi>{_ONE})"
    rf"|(?P<lo>{_ONE})\s*(?:-|–|—|to|bis)\s*(?P<hi>{_ONE})(?![\w])"
    rf"|(?P<one>{_ONE})|(?P<vague>{_VAGUE}))(?![\w])",
    re.IGNORECASE,
)
"""One pattern for every number form; a cheap first pass over a document finds candidates."""
NUMBER_LOWER_RE = lower_pattern(NUMBER_RE.pattern)
"""The same pattern for lower-cased text, about three times faster than a case-blind search."""

CANDIDATE_RE = re.compile(
    r"\d|\b(?:[Oo]ne|[Tt]wo|[Tt]hree|[Ff]our|[Ff]ive|[Ss]ix|[Ss]even|[Ee]ight|[Nn]ine|[Tt]en"
    r"|[Tt]welve|[Dd]ozens?|[Hh]undred|[Tt]housand|[Mm]illion|[Tt]wenty|[Ff]ifty|[Tt]hirty"
    r"|[Ff]orty|[Ss]ixty|[Ee]ighty|[Nn]inety|[Ss]eventy|[Ee]leven|[Tt]ausend|[Hh]underttausend"
    r"|[Zz]ehntausend)"
)
"""Cheap pre-filter: anything that may start a number."""


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
    word = m.group(0).strip().lower().rstrip(".")
    mult = SCALES.get(word) or SCALES.get(word + ".") or 1
    if word in ("m",) and not _A_DIGIT.search(text, 0, m.start()):
        return text, 1
    return text[: m.start()].strip(), mult


def _parse_digits(text: str, scaled: bool) -> float | None:
    t = text.replace("\u00a0", "").replace("\u202f", "").replace("\u2009", "").replace("'", "")
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


def _parse_words(text: str) -> float | None:
    t = _DASHES_AND_SPACES.sub(" ", text.lower()).strip()
    if t == "half a million":
        return 500_000.0
    if t.startswith("a "):
        t = "one " + t[2:] if t[2:] in ("million", "thousand", "hundred") else t
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
        if w == "and":
            i += 1
            continue
        if w in UNITS:
            current += UNITS[w]
        elif w == "hundred":
            current = (current or 1) * 100
        elif w in ("thousand", "million", "billion", "tausend"):
            total += (current or 1) * SCALES[w]
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


def _vague_value(text: str) -> int:
    t = _DASHES_AND_SPACES.sub(" ", text.lower())
    if t.startswith(("tens of", "tens ")):
        return 10 * VAGUE.get(t.split()[-1], 1_000)
    if t.startswith(("hundreds of", "hundreds ")) and t.split()[-1] in VAGUE:
        return 100 * VAGUE[t.split()[-1]]
    if t.startswith(("dozens of", "dozens ")):
        return 12 * VAGUE.get(t.split()[-1], 1_000)
    last = t.split()[-1]
    base = SCALES.get(last.rstrip("s"), VAGUE.get(last, 1))
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
        v = parse_number(one)
        if v is None:
            continue
        out.append(Quantity(m.start(), m.end(), one, round(v)))
    return out


# How a figure is put: phrases before the number, longest first, and a few after it.
QUALIFIERS_BEFORE: list[tuple[str, str]] = [
    (r"an upper estimate (?:is |was )?(?:of |for )?", "at_most"),
    (r"a maximum of", "at_most"),
    (r"up to", "at_most"),
    (r"nearly", "at_most"),
    (r"almost", "at_most"),
    (r"approaching", "at_most"),
    (r"close to", "at_most"),
    (r"just under", "at_most"),
    (r"under", "at_most"),
    (r"fewer than", "at_most"),
    (r"less than", "at_most"),
    (r"no more than", "at_most"),
    (r"at most", "at_most"),
    (r"as many as", "at_most"),
    (r"knapp", "at_most"),
    (r"fast", "at_most"),
    (r"bis zu", "at_most"),
    (r"at least", "at_least"),
    (r"more than", "at_least"),
    (r"over", "at_least"),
    (r"well over", "at_least"),
    (r"just over", "at_least"),
    (r"upwards of", "at_least"),
    (r"in excess of", "at_least"),
    (r"no fewer than", "at_least"),
    (r"no less than", "at_least"),
    (r"a minimum of", "at_least"),
    (r"exceeding", "at_least"),
    (r"exceeded", "at_least"),
    (r"above", "at_least"),
    (r"mehr als", "at_least"),
    (r"(?:weit |gut )?über", "at_least"),
    (r"mindestens", "at_least"),
    (r"about", "about"),
    (r"approximately", "about"),
    (r"approx\.?", "about"),
    (r"around", "about"),
    (r"roughly", "about"),
    (r"some", "about"),
    (r"an estimated", "about"),
    (r"estimated at", "about"),
    (r"estimated", "about"),
    (r"circa", "about"),
    (r"ca\.", "about"),
    (r"c\.", "about"),
    (r"rund", "about"),
    (r"etwa", "about"),
    (r"ungefähr", "about"),
    (r"zirka", "about"),
    (r"an upper estimate", "at_most"),
]

_QUAL_BEFORE_RE = re.compile(
    r"(?:^|[\s(\"“,])(?P<q>"
    + "|".join(f"(?:{p})" for p, _ in QUALIFIERS_BEFORE)
    + r")[\s,]*(?:of\s+|the\s+|a\s+total\s+of\s+)?$",
    re.IGNORECASE,
)
_QUAL_MAP = [(re.compile(rf"^(?:{p})$", re.IGNORECASE), q) for p, q in QUALIFIERS_BEFORE]
_QUAL_AFTER_RE = re.compile(
    r"^\s*(?:(?P<more>or more|or over|-plus|\+|plus\b(?!\s+\d))|(?P<so>or so))", re.IGNORECASE
)
_SPACES = re.compile(r"\s+")
_UPPER_EST_RE = re.compile(r"\bupper (?:estimate|bound|limit)\b", re.IGNORECASE)
_LOWER_EST_RE = re.compile(r"\blower (?:estimate|bound|limit)\b", re.IGNORECASE)


def qualifier_before(left: str) -> str | None:
    """The qualifier a phrase ending right before a number expresses ('more than' -> at_least)."""
    tail = left[-60:]
    m = _QUAL_BEFORE_RE.search(tail)
    if m:
        word = _SPACES.sub(" ", m.group("q").strip())
        for pat, q in _QUAL_MAP:
            if pat.match(word):
                return q
    # "An upper estimate is for 700,000": the phrase names the bound a few words earlier
    window = " ".join(tail.split()[-6:])
    if _UPPER_EST_RE.search(window):
        return "at_most"
    if _LOWER_EST_RE.search(window):
        return "at_least"
    return None


def qualifier_after(right: str) -> str | None:
    m = _QUAL_AFTER_RE.match(right[:12])
    if not m:
        return None
    return "at_least" if m.group("more") else "about"
