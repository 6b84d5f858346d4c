"""What follows a number: a people noun ("refugees", "россиян", "of them"), a unit that says it
is not people ("%", "years", "рублей"), nothing of its own (an elliptic figure: "and 3,000 to
Armenia"), or something else."""

from __future__ import annotations

import re

from emigre.extract import lang
from emigre.extract.measure import PEOPLE_AFTER, STOP_WORDS, UNIT_WORDS, is_people
from emigre.extract.places import data_demonym, index

_PARTITIVE = tuple(sorted(lang.entries("numbers.partitive"), key=len, reverse=True))


def _without_partitive(words: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Drop the word that joins a number to the people it counts ("2 millions de personnes",
    "1,2 million d'Ukrainiens"), so that the noun after it heads the figure."""
    if not words:
        return words
    tok, s, e = words[0]
    low = tok.lower()
    if low in _PARTITIVE and len(words) > 1:
        nxt = words[1][0]
        if is_people(nxt.lower()) or (nxt[:1].isupper() and names_people(nxt)):
            return words[1:]
        return words
    for p in _PARTITIVE:
        if p.endswith(("'", "’")) and low.startswith(p) and len(tok) > len(p) + 1:
            rest = tok[len(p) :]
            if is_people(rest.lower()) or (rest[:1].isupper() and names_people(rest)):
                return [(rest, s + len(p), e), *words[1:]]
    return words


def names_people(word: str) -> bool:
    """Is a word a data file's demonym that names people ("venezolanos", "Russen")?"""
    found = data_demonym(word)
    return found is not None and found[1] in index().noun_demonyms


_TOKEN = re.compile(r"\[[^\]\n]{0,40}\]|\([^()\n]{1,25}\)|[\w'’-]+(?:\.\w+)*|[^\w\s]")


def head_of(text: str, pos: int, limit: int, vague: bool) -> tuple[str, int, str]:
    """What follows a number: ('people'|'unit'|'elliptic'|'other', end of noun phrase, phrase)."""
    words: list[tuple[str, int, int]] = []
    for m in _TOKEN.finditer(text, pos, min(limit, pos + 90)):
        tok = m.group(0)
        if tok.startswith("[") and tok.endswith("]"):
            if not words:
                continue
            break
        if tok.startswith("(") and len(tok) > 1:
            continue  # an aside: "35,000 British National Overseas (BNO) citizens", "(37.1%)"
        words.append((tok, m.start(), m.end()))
        if len(words) >= 7:
            break
    if not words:
        return "elliptic", pos, ""
    if vague and words[0][0].lower() == "of":
        words = words[1:]
    words = _without_partitive(words)
    if not words:
        return "elliptic", pos, ""
    first = words[0][0]
    fl = first.lower()
    if fl in UNIT_WORDS or fl.startswith(("%", "-year", "-month", "-day", "-fold", "km")):
        return "unit", words[0][2], first
    if len(words) > 1 and f"{fl} {words[1][0].lower()}" in PEOPLE_AFTER:
        return "people", words[1][2], "of them"  # "of them", "из них", "von ihnen"
    if not first[0].isalnum() or fl in STOP_WORDS:
        return "elliptic", pos, ""
    demonyms = index().demonyms
    for i, (tok, _s, e) in enumerate(words[:5]):
        low = tok.lower().strip(".'’")
        plural_demonym = (tok in demonyms and (tok.endswith("s") or tok.endswith("ese"))) or (
            tok[0].isupper() and names_people(tok)
        )  # "Syrians", "Arméniens", "Russen": a data file's demonym that names people
        if is_people(low) or plural_demonym:
            # take the following nouns of the same phrase: "Sudanese refugees"
            for tok2, _s2, e2 in words[i + 1 :]:
                if not is_people(tok2.lower()):
                    break
                e = e2
            return "people", e, text[pos:e]
        if i == 0 and tok in demonyms and len(words) > 1 and words[1][0].lower() in STOP_WORDS:
            # "10,116 Belarusian and 1,687 Russian citizens": the noun comes with the last one
            return "people", e, tok
        if low in UNIT_WORDS:
            return "unit", e, text[pos:e]
        if i > 0 and (low in STOP_WORDS or not tok[0].isalnum()):
            break
    return "other", words[0][2], first
