"""Case forms of place names in the languages that inflect them (pymorphy3 and its packaged
dictionaries): "Грузия" is also written "Грузию", "Грузии", "Грузией".

The analyzers load once per process (a third of a second each) and only to build the place
index; reading a document looks forms up in that index, it never parses a word.
"""

from __future__ import annotations

from functools import cache
from typing import Any

CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
INFLECTING = ("ru", "uk")


@cache
def _analyzer(code: str) -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=code)


def case_forms(name: str, code: str) -> dict[str, str]:
    """Every case form of a name (lower-cased, "ё" also as "е") -> the case it is in."""
    low = name.lower()
    if code not in INFLECTING:
        return {low: "nomn"}
    morph = _analyzer(code)
    parses = []
    for word in name.split():
        found = morph.parse(word)
        nominative = [p for p in found if p.tag.case == "nomn"]
        parses.append((nominative or found[:1] or [None])[0])
    out: dict[str, str] = {}
    for case in CASES:
        words = []
        for word, p in zip(name.split(), parses, strict=True):
            form = p.inflect({case}) if p is not None and p.tag.case == "nomn" else None
            words.append(form.word if form is not None else word.lower())
        phrase = " ".join(words)
        out.setdefault(phrase, case)
        out.setdefault(phrase.replace("ё", "е"), case)
    out.setdefault(low, "nomn")
    return out
