"""Lists written as prose: a figure that is an item of a list belongs to the place named just
before it ("Estonia (125,426)", "Colombia: 1.84 million", "до Румунії — 900 тис.", "Германия
(16 тысяч), Испания (12,6 тысячи)"), and a sentence that is nothing but such items counts what
the sentence before it counted."""

from __future__ import annotations

import re
from collections.abc import Sequence

from emigre.extract import lang
from emigre.extract.places import PlaceMention
from emigre.extract.quantities import qualifier_phrase_before

_WITH = lang.alternation("structure.item_words")
_ITEM_GAP = re.compile(rf"\s*(?:\(|:|[–—-])\s*(?:\(\s*)?|\s+(?:{_WITH})\s+", re.IGNORECASE)
"""What stands between a list item's place and its figure: a bracket, colon or dash, or a word
that lists ("Colombia con 1 842 390")."""
ITEM_RE = re.compile(
    rf"\w[\w.’'-]*(?:\s*\(\s*|:\s+|\s[–—-]\s+|\s+(?:{_WITH})\s+)(?:\w+\s+){{0,2}}\d",
    re.IGNORECASE,
)
"""A cheap look for list items in a sentence: a word, a bracket, colon or dash, a digit."""


def item_place(text: str, q_start: int, left_places: Sequence[PlaceMention]) -> PlaceMention | None:
    """The place whose list item the figure at q_start is, or None."""
    names = [p for p in left_places if not p.demonym or p.noun is False]
    if not names:
        return None
    p = names[-1]
    gap = text[p.end : q_start]
    words = qualifier_phrase_before(gap)
    if words is not None:
        cut = gap.rfind(words[1])
        gap = gap[:cut] if cut >= 0 else gap
    return p if _ITEM_GAP.fullmatch(gap) else None
