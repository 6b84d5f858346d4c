"""Which supported language a text is written in (py3langid, restricted to our languages).

The identifier's model loads once per process (about two seconds, the first time a text is
not plainly one language's script) and answers in a fraction of a millisecond after that.
"""

from __future__ import annotations

import re
from functools import cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from emigre.extract.lang import LANGUAGES

_SAMPLE = 1200
"""Characters read: the start of a paragraph says its language as well as the whole."""


@cache
def _identifier() -> LanguageIdentifier:
    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=False)
    ident.set_languages(list(LANGUAGES))
    return ident


def language_of(text: str) -> str:
    """The language code of a text ('en' for one with no letters)."""
    sample = text[:_SAMPLE]
    if not any(ch.isalpha() for ch in sample):
        return "en"
    code, _score = _identifier().classify(sample)
    return str(code)


_CYRILLIC_LETTER = re.compile("[\u0400-\u04ff]")
_NOT_CYRILLIC = re.compile("[^\u0400-\u04ff]+")
_NOT_LETTER = re.compile(r"[\W\d_]+")


def _cyrillic_share(text: str) -> float:
    sample = text[:300]
    if _CYRILLIC_LETTER.search(sample) is None:
        return 0.0
    # counted by deleting the other characters: one string, not a list of each (2x faster)
    letters = len(_NOT_LETTER.sub("", sample))
    return len(_NOT_CYRILLIC.sub("", sample)) / letters if letters else 0.0


_CYRILLIC = ("ru", "uk")


def paragraph_language(text: str, start: int, end: int, document: str) -> str:
    """The language of one paragraph: the document's, unless the paragraph is written in
    another script (a Russian quote in an English article), when it is asked again."""
    para = text[start:end]
    cyrillic = _cyrillic_share(para) > 0.5
    if cyrillic == (document in _CYRILLIC):
        return document
    return language_of(para)
