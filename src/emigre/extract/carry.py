"""What a sentence without a movement verb takes from the sentence before it.

News text often states a figure with its verb once and then breaks it down in sentences of
their own: "Of them, 890,605 are Ukrainian nationals", "339,799 are children", "the number
grew by 135 thousand", or names what is counted first and gives the estimates after ("The
number of those who left was estimated in different ways. Upper estimates are between half a
million and 600 thousand people"). Such a sentence counts what the paragraph's last figure, or
its last sentence with a movement word, counted.
"""

from __future__ import annotations

from typing import Protocol

from emigre.extract.measure import cues, pick_measure


class _Claimed(Protocol):
    sentence: tuple[int, int]
    measure: str


def carried_measure(
    text: str,
    lowered: str,
    para_start: int,
    cue_span: tuple[int, int] | None,
    last: _Claimed | None,
    language: str,
) -> str | None:
    """The measure a sentence of the paragraph starting at para_start carries over: the last
    claim's of the paragraph, or that of its last sentence with a cue word if that came later;
    None when the paragraph has neither (a figure alone is not a claim)."""
    own_claim = last if last is not None and last.sentence[0] >= para_start else None
    if cue_span is not None and (own_claim is None or cue_span[0] > own_claim.sentence[0]):
        found = cues(text, cue_span[0], cue_span[1], lowered, language)
        measure = pick_measure(found, text)
        if measure is not None:
            return measure
    return own_claim.measure if own_claim is not None else None
