"""What a sentence without a movement verb takes from the sentence before it.

News text often states a figure with its verb once and then breaks it down in sentences of
their own: "Of them, 890,605 are Ukrainian nationals", "339,799 are children", "the number
grew by 135 thousand", or names what is counted first and gives the estimates after ("The
number of those who left was estimated in different ways. Upper estimates are between half a
million and 600 thousand people"). Such a sentence counts what the paragraph's last figure, or
its last sentence with a movement word, counted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from emigre.extract.measure import cues, pick_measure

REACH = 400
"""Characters between the sentence that names what is counted and the one that breaks it
down: a breakdown follows at once, a figure further on is about something else."""


class _Claimed(Protocol):
    sentence: tuple[int, int]
    measure: str


@dataclass
class CueSentence:
    """A paragraph's last sentence with a cue word; its measure is read once, when asked."""

    span: tuple[int, int]
    _measure: list[str | None] = field(default_factory=list)

    def measure(self, text: str, lowered: str, language: str) -> str | None:
        if not self._measure:
            found = cues(text, self.span[0], self.span[1], lowered, language)
            self._measure.append(pick_measure(found, text))
        return self._measure[0]


def within_reach(at: tuple[int, int], cue: CueSentence | None, last: _Claimed | None) -> bool:
    """Is a sentence that could pass a measure on just before the sentence at `at`? (A quick
    test before the sentence's words are looked at.)"""
    para_start, here = at
    if cue is not None and here - cue.span[1] <= REACH:
        return True
    return last is not None and last.sentence[0] >= para_start and here - last.sentence[1] <= REACH


def carried_measure(
    text: str,
    lowered: str,
    at: tuple[int, int],
    cue: CueSentence | None,
    last: _Claimed | None,
    language: str,
) -> str | None:
    """The measure the sentence at `at` (its paragraph's start, its own start) carries over:
    the paragraph's last claim's, or that of its last sentence with a cue word if that came
    later; None when neither comes just before (a figure alone is no claim)."""
    para_start, here = at
    own = (
        last
        if last is not None and last.sentence[0] >= para_start and here - last.sentence[1] <= REACH
        else None
    )
    if (
        cue is not None
        and here - cue.span[1] <= REACH
        and (own is None or cue.span[0] > own.sentence[0])
    ):
        measure = cue.measure(text, lowered, language)
        if measure is not None:
            return measure
    return own.measure if own is not None else None
