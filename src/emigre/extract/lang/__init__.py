"""Each language's words, read from one data file per language (`<code>.yaml` beside this one).

The extractor's code holds no vocabulary: the number words, qualifiers, measure cues, people
nouns, month names and place prepositions of every language come from these files, and the
engine builds its patterns from the union of them (a word of one language seldom means something
else in another, and a document quoting another language is read as well). Adding a language is
adding a file: see docs/extraction.md.

A word list may be written as a YAML list or as one string of words separated by spaces. An
entry ending in `*` is a stem: it stands for every word that starts so ("уех*" for уехали,
уехало, уехавших), which is how the inflecting languages are written.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

import yaml

LANGUAGES = ("en", "ru", "uk", "de", "fr", "es")
"""The languages with a data file, English first (its patterns are tried first)."""


@cache
def vocabulary(code: str) -> dict[str, Any]:
    """The data file of one language, parsed."""
    text = resources.files(__package__).joinpath(f"{code}.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{code}.yaml: the top level must be a mapping")
    return data


def _get(data: dict[str, Any], path: str) -> Any:
    node: Any = data
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, str):
        return value.split()
    return list(value)


@cache
def read_together(language: str) -> tuple[str, ...]:
    """The languages whose words are looked for in a paragraph of this one: itself and those of
    its script that a language identifier confuses it with on short texts (Russian and
    Ukrainian), the language itself first."""
    if language not in LANGUAGES:
        return ("en",)
    script = vocabulary(language).get("script")
    kin = [
        c for c in LANGUAGES if c != language and script and vocabulary(c).get("script") == script
    ]
    return (language, *kin)


@cache
def entries(path: str, languages: tuple[str, ...] = LANGUAGES) -> tuple[Any, ...]:
    """A list-valued key ("cues.flow") of every language, concatenated in language order."""
    out: list[Any] = []
    for code in languages:
        out.extend(_as_list(_get(vocabulary(code), path)))
    return tuple(out)


@cache
def mapping(path: str, languages: tuple[str, ...] = LANGUAGES) -> dict[str, Any]:
    """A mapping-valued key ("numbers.units") of every language, merged (earlier wins)."""
    out: dict[str, Any] = {}
    for code in languages:
        node = _get(vocabulary(code), path) or {}
        for k, v in node.items():
            if not isinstance(k, str):  # YAML reads a bare on/off/yes/no as a boolean
                raise ValueError(f"{code}.yaml: {path}: key {k!r} must be quoted")
            if isinstance(v, bool):  # `am: on` reads as True, not the word "on"
                raise ValueError(f"{code}.yaml: {path}: the value of {k!r} must be quoted")
            out.setdefault(k, v)
    return out


def words(path: str, languages: tuple[str, ...] = LANGUAGES) -> frozenset[str]:
    """The plain words of a word list (stems left out), lower-cased."""
    return frozenset(w.lower() for w in entries(path, languages) if not w.endswith("*"))


def stems(path: str, languages: tuple[str, ...] = LANGUAGES) -> tuple[str, ...]:
    """The stems of a word list ("уех*" -> "уех"), lower-cased, for str.startswith."""
    return tuple(sorted({w[:-1].lower() for w in entries(path, languages) if w.endswith("*")}))


_PLAIN = re.compile(r"[\w'’.-]+\*")


def alternation(path: str, languages: tuple[str, ...] = LANGUAGES) -> str:
    """The regular expressions of a list, as one alternation of whole words (a plain stem "уех*"
    becomes `уех\\w*`; no entry ends inside a word: "parti" does not match "partial")."""
    parts = [p[:-1] + r"\w*" if _PLAIN.fullmatch(p) else p for p in entries(path, languages)]
    return "|".join(f"(?:{p})(?!\\w)" for p in parts) if parts else "(?!x)x"


class WordMatcher:
    """Membership of words in a vocabulary of words and stems, fast enough for every word of a
    document: stems are found through their first three letters."""

    def __init__(self, words: frozenset[str], stems: tuple[str, ...]) -> None:
        self.words = words
        self.stems = stems
        self._by_head: dict[str, tuple[str, ...]] = {}
        heads: dict[str, list[str]] = {}
        for st in stems:
            heads.setdefault(st[:3], []).append(st)
        self._by_head = {k: tuple(v) for k, v in heads.items()}
        self._short = tuple(st for st in stems if len(st) < 3)

    def __contains__(self, word: str) -> bool:
        if word in self.words:
            return True
        cands = self._by_head.get(word[:3])
        if cands is not None and word.startswith(cands):
            return True
        return bool(self._short) and word.startswith(self._short)

    def any_of(self, words: set[str]) -> bool:
        """Does any of the (lower-cased) words belong?"""
        if not self.words.isdisjoint(words):
            return True
        # the words are known not to be in self.words: only the stems are left to try
        by_head, short = self._by_head, self._short
        if by_head:
            get = by_head.get
            for w in words:
                cands = get(w[:3])
                if cands is not None and w.startswith(cands):
                    return True
        if short:
            return any(w.startswith(short) for w in words)
        return False


@cache
def matcher(*paths: str, languages: tuple[str, ...] = LANGUAGES) -> WordMatcher:
    """A WordMatcher of the word lists at these keys, of these languages together."""
    ws: set[str] = set()
    sts: set[str] = set()
    for path in paths:
        ws |= words(path, languages)
        sts |= set(stems(path, languages))
    return WordMatcher(frozenset(ws), tuple(sorted(sts)))


@cache
def key_matcher(*paths: str, languages: tuple[str, ...] = LANGUAGES) -> WordMatcher:
    """A WordMatcher of the keys of mappings ("dates.months") and of word lists, together."""
    ws: set[str] = set()
    sts: set[str] = set()
    for path in paths:
        keys = (
            list(mapping(path, languages))
            if any(isinstance(_get(vocabulary(c), path), dict) for c in languages)
            else list(entries(path, languages))
        )
        for key in keys:
            k = str(key).lower()
            if " " in k:
                continue
            if k.endswith("*"):
                sts.add(k[:-1])
            else:
                ws.add(k.rstrip("."))
                ws.add(k)
    return WordMatcher(frozenset(ws), tuple(sorted(sts)))


def rule(name: str, flags: int = 0) -> re.Pattern[str]:
    """A rule's pattern ("rules.clause_break"): the alternatives of every language's data file."""
    parts = entries(f"rules.{name}")
    if not parts:
        raise ValueError(f"no data file defines rules.{name}")
    return re.compile("|".join(f"(?:{p})" for p in parts), flags)
