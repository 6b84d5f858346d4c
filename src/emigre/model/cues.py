"""Where a claim's cues (FoundIn.cues: the words that decided each field) stand in its
sentence, so the terminal and the pages mark the same words."""

from __future__ import annotations

# The order a reviewer reads a claim in: the keys FoundIn.cues uses.
CUE_KEYS = ("value", "measure", "qualifier", "destination", "origin", "period", "group")


def ordered_cues(cues: dict[str, str] | None) -> dict[str, str]:
    """The cues with words, known keys first in reading order, then any others by name."""
    found = {k: v for k, v in (cues or {}).items() if v and v.strip()}
    out = {k: found[k] for k in CUE_KEYS if k in found}
    out.update({k: v for k, v in sorted(found.items()) if k not in out})
    return out


def cue_spans(sentence: str, cues: dict[str, str] | None) -> list[tuple[int, int, str]]:
    """(start, end, field) of each cue's first occurrence in the sentence, case-insensitive,
    left to right; a cue overlapping one already placed, or not in the sentence, is left out
    (it is still listed beside the sentence)."""
    lowered = sentence.lower()
    spans: list[tuple[int, int, str]] = []
    for key, words in ordered_cues(cues).items():
        at = lowered.find(words.lower())
        while at >= 0 and any(at < b and a < at + len(words) for a, b, _ in spans):
            at = lowered.find(words.lower(), at + 1)
        if at >= 0:
            spans.append((at, at + len(words), key))
    return sorted(spans)


def cue_segments(sentence: str, cues: dict[str, str] | None) -> list[tuple[str, str | None]]:
    """The sentence cut into (text, field or None) pieces: a template marks the cue pieces and
    escapes every piece as text."""
    out: list[tuple[str, str | None]] = []
    pos = 0
    for start, end, key in cue_spans(sentence, cues):
        if start > pos:
            out.append((sentence[pos:start], None))
        out.append((sentence[start:end], key))
        pos = end
    if pos < len(sentence):
        out.append((sentence[pos:], None))
    return out
