"""Patterns for lower-cased text.

Case-blind matching folds every character it compares, which makes the large alternations of
this package several times slower than a plain pattern run over the lower-cased document.
Lower-casing keeps a text's offsets whenever it keeps its length, so what such a pattern finds
in the lower-cased text can be cut from the original at the same offsets.
"""

from __future__ import annotations

import re

_UPPER_ESCAPE = re.compile(r"\\[A-Z]")


def lower_pattern(pattern: str) -> re.Pattern[str]:
    """Compile a case-blind pattern (written for re.IGNORECASE) for lower-cased text."""
    if _UPPER_ESCAPE.search(pattern):
        # \S, \D, \W, \B would turn into their opposites
        raise ValueError("a pattern with upper-case escapes cannot be lower-cased")
    return re.compile(pattern.replace("(?P<", "\x00").lower().replace("\x00", "(?P<"))


def same_offsets(text: str, lowered: str | None) -> str | None:
    """The lower-cased text if its offsets are the original's, else None."""
    return lowered if lowered is not None and len(lowered) == len(text) else None
