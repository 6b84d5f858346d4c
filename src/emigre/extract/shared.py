"""What figures written together share: "comprising 500,000 Sudanese and 8,827 from other
nationalities, have entered Egypt" states the verb and its place once, after the last figure;
the first figure went to the same place."""

from __future__ import annotations

import re
from typing import Protocol

from emigre.extract import lang
from emigre.extract.places import PlaceMention

_JOINED = re.compile(
    rf"[^.;:!?()]{{0,60}}?(?:,|\b(?:{lang.alternation('structure.and')}))[^.;:!?()]{{0,60}}",
    re.IGNORECASE,
)
"""The words between two figures of one list: a comma or an "and" of some language."""


class _Figure(Protocol):
    quantity: object
    measure: str
    destination: str | None


def share_destination(
    text: str, found: list[_Figure], undecided: list[bool], places: list[PlaceMention]
) -> None:
    """Give a figure with no destination of its own the destination of the next figure of its
    list, when both count the same thing and no country stands between them (a nationality may:
    "500,000 Sudanese and 8,827 ...")."""
    for k in range(len(found) - 2, -1, -1):
        f, g = found[k], found[k + 1]
        if not undecided[k] or g.destination is None or f.measure != g.measure:
            continue
        a, b = f.quantity.end, g.quantity.start  # type: ignore[attr-defined]
        if not _JOINED.fullmatch(text, a, b):
            continue
        if any(a <= p.start < b and not p.demonym for p in places):
            continue
        f.destination = g.destination
        undecided[k] = False
