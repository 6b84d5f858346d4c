"""How people ask for claims: the filters shared by the CLI, the API and the dashboard."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, ValidationInfo, field_validator

from emigre.model.base import Id, Model
from emigre.model.country import CountryCode
from emigre.model.vocab import ClaimFlag, Measure, Qualifier, ReviewState, SourceKind

MAX_Q_CHARS = 200
MAX_Q_WORDS = 8
"""A search is a few words: each word is one more pattern over every claim's texts, and a
thousand of them made a query the database refuses."""

ClaimSort = Literal["id", "value", "-value", "end", "-end", "destination", "measure", "state"]


class ClaimQuery(Model):
    case: Id | None = None
    id: list[Id] = Field(default_factory=list, description="Only these claims, by id")
    state: list[ReviewState] = Field(default_factory=list)
    destination: list[CountryCode] = Field(default_factory=list)
    total_only: bool = Field(False, description="Only claims about all destinations together")
    measure: list[Measure] = Field(default_factory=list)
    qualifier: list[Qualifier] = Field(default_factory=list)
    group: list[str] = Field(default_factory=list)
    flag: list[ClaimFlag] = Field(default_factory=list)
    source_kind: list[SourceKind] = Field(default_factory=list)
    source: Id | None = Field(None, description="Only claims citing this source id")
    since: dt.date | None = Field(None, description="Period ends on or after this date")
    until: dt.date | None = Field(None, description="Period ends on or before this date")
    q: str | None = Field(None, description="Words to find in the note, sentence or group")
    sort: ClaimSort = "id"
    limit: int | None = Field(None, ge=1, le=10_000)
    offset: int = Field(0, ge=0)

    @field_validator("q")
    @classmethod
    def _few_words(cls, v: str | None) -> str | None:
        if v is None:
            return v
        if len(v) > MAX_Q_CHARS:
            raise ValueError(f"at most {MAX_Q_CHARS} characters (this search has {len(v)})")
        if len(v.split()) > MAX_Q_WORDS:
            raise ValueError(f"at most {MAX_Q_WORDS} words (this search has {len(v.split())})")
        return v

    @field_validator("until")
    @classmethod
    def _until_not_before_since(cls, v: dt.date | None, info: ValidationInfo) -> dt.date | None:
        """Since after until matches nothing: say so rather than answer with an empty list."""
        since = info.data.get("since")
        if v is not None and since is not None and v < since:
            raise ValueError(f"{v} is before since, {since}: no period ends in between")
        return v
