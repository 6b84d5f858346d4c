"""The vocabulary's word lists as Enums, the form Typer needs for choice options."""

from __future__ import annotations

from enum import StrEnum

from emigre.model.vocab import (
    CLAIM_FLAGS,
    EVENT_KINDS,
    MEASURES,
    POLICY_MEASURES,
    QUALIFIERS,
    REVIEW_STATES,
    SOURCE_KINDS,
)


def _choices(name: str, words: tuple[str, ...]) -> type[StrEnum]:
    return StrEnum(name, {w: w for w in words})  # type: ignore[return-value]


MeasureChoice = _choices("MeasureChoice", MEASURES)
QualifierChoice = _choices("QualifierChoice", QUALIFIERS)
StateChoice = _choices("StateChoice", REVIEW_STATES)
FlagChoice = _choices("FlagChoice", CLAIM_FLAGS)
SourceKindChoice = _choices("SourceKindChoice", SOURCE_KINDS)
EventKindChoice = _choices("EventKindChoice", EVENT_KINDS)
PolicyMeasureChoice = _choices("PolicyMeasureChoice", POLICY_MEASURES)


def values(items: list[StrEnum] | None) -> list[str]:
    return [str(i.value) for i in items or []]
