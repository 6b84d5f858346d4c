"""One number about people moving, with how it was put, what it counts, and who said it."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import Field, model_validator

from emigre.model.base import Id, Model, Text
from emigre.model.country import CountryCode
from emigre.model.vocab import ClaimFlag, CountingUnit, Included, Measure, Qualifier, ReviewState

EVAL_FIELDS = (
    "value", "low", "high", "qualifier", "measure", "origin", "destination", "start", "end",
    "group",
)  # fmt: skip
"""The claim fields of the shared evaluation format, in its order."""


class FoundIn(Model):
    """Where in a document a claim was read, so a reviewer can go back to it."""

    document: Id | None = Field(None, description="Source id of the document it was read in")
    section: str | None = Field(None, description="Heading of the section, if any")
    span: tuple[int, int] | None = Field(None, description="Character offsets of its sentence")
    sentence: str | None = Field(
        None, description="The sentence, kept only for user-ingested documents"
    )
    cues: dict[str, str] | None = Field(
        None,
        description=(
            "The words of the text that decided each field (keys: value, measure, qualifier,"
            " destination, origin, period, group), so a reviewer sees why a rule fired"
        ),
    )

    @model_validator(mode="after")
    def _span_order(self) -> FoundIn:
        if self.span is not None and not 0 <= self.span[0] <= self.span[1]:
            raise ValueError(f"span {list(self.span)} must be [start, end] with 0 <= start <= end")
        return self


class Counting(Model):
    """What a figure counts beyond its measure: the measurement model reads it (docs/method.md).

    Sources count different populations under one word: a "stock" of those who left since the
    call-up is not everyone abroad, a count of permits held includes people who were there
    before the war, a register of departures includes labour migrants going home.
    """

    cohort_start: dt.date | None = Field(
        None,
        description="Counts only people who left from this date on and are still abroad at end",
    )
    includes: list[Included] = Field(
        default_factory=list, description="What else the figure counts besides the movers"
    )
    baseline_per_year: int | None = Field(
        None, ge=0, le=10_000_000_000, description="The series' pre-war level per year"
    )
    min_stay_days: int | None = Field(
        None, ge=1, le=36_600, description="Duration criterion: counted after staying N days"
    )
    unit: CountingUnit = Field(
        "people", description="What one counted item is: a person, a document or a crossing"
    )
    part_of: Id | None = Field(
        None, description="Id of a total this figure is a part of (not an independent report)"
    )
    survey_share: Literal["returned", "moved_onward"] | None = Field(
        None,
        description="The value is a survey's percentage (0-100) of emigrants (those who left "
        "from cohort_start, or the case start, by end) who had gone back, or moved on to a "
        "third country",
    )

    @model_validator(mode="after")
    def _sorted(self) -> Counting:
        if self.includes != sorted(set(self.includes)):
            object.__setattr__(self, "includes", sorted(set(self.includes)))
        return self

    def is_plain(self) -> bool:
        """True when it says nothing beyond the measure (stored as no counting at all)."""
        return self == Counting()


# More people than live on Earth: a larger count is a typo, and would not fit a 64-bit column.
MAX_PEOPLE = 10_000_000_000


class Claim(Model):
    id: Id | None = None
    case: Id | None = None
    value: int | None = Field(
        None, ge=0, le=MAX_PEOPLE, description="The number as stated, in people"
    )
    low: int | None = Field(None, ge=0, le=MAX_PEOPLE)
    high: int | None = Field(None, ge=0, le=MAX_PEOPLE)
    qualifier: Qualifier
    measure: Measure
    origin: CountryCode | None = None
    destination: CountryCode | None = Field(
        None, description="Where people went or are counted; None = all destinations together"
    )
    start: dt.date | None = None
    end: dt.date | None = Field(None, description="End of the period; 'as of' for a stock")
    group: str = Field("all", pattern=r"^[a-z][a-z0-9_]*$")
    source_ids: list[Id] = Field(..., min_length=1, description="Sources that report it")
    found_in: FoundIn | None = None
    state: ReviewState = "extracted"
    flags: list[ClaimFlag] = Field(default_factory=list)
    note: Text | None = Field(None, description="Our own words on what it counts")
    counting: Counting | None = Field(
        None, description="What the figure counts beyond its measure (cohort, baseline, unit)"
    )

    @model_validator(mode="before")
    @classmethod
    def _no_source(cls, data: Any) -> Any:
        if isinstance(data, dict) and not data.get("source_ids"):
            raise ValueError("a claim needs at least one source (source_ids is empty)")
        return data

    @model_validator(mode="after")
    def _consistent(self) -> Claim:
        if self.qualifier == "range":
            if self.low is None or self.high is None:
                raise ValueError("a range claim needs both low and high")
            if self.low > self.high:
                raise ValueError(f"low ({self.low}) is above high ({self.high})")
        elif self.value is None:
            raise ValueError(f"a claim qualified '{self.qualifier}' needs a value")
        if self.start and self.end and self.end < self.start:
            raise ValueError(f"the period ends ({self.end}) before it starts ({self.start})")
        if len(set(self.flags)) != len(self.flags) or self.flags != sorted(self.flags):
            object.__setattr__(self, "flags", sorted(set(self.flags)))
        if self.counting is not None and self.counting.is_plain():
            object.__setattr__(self, "counting", None)
        c = self.counting
        if c is not None and c.cohort_start and self.end and c.cohort_start > self.end:
            raise ValueError(
                f"counting.cohort_start ({c.cohort_start}) is after the claim's end ({self.end})"
            )
        if c is not None and c.part_of is not None and c.part_of == self.id:
            raise ValueError("counting.part_of names the claim itself")
        return self

    @property
    def central(self) -> float:
        """One number for display and sorting: the value, or a range's midpoint."""
        if self.value is not None:
            return float(self.value)
        assert self.low is not None and self.high is not None
        return (self.low + self.high) / 2

    def to_eval(self) -> dict[str, Any]:
        """The claim in the shared evaluation format (../shared/eval/README.md)."""
        out: dict[str, Any] = {}
        for name in EVAL_FIELDS:
            v = getattr(self, name)
            out[name] = v.isoformat() if isinstance(v, dt.date) else v
        if self.qualifier == "range":
            out["value"] = None
        if self.found_in is not None and self.found_in.span is not None:
            out["span"] = list(self.found_in.span)
        return out

    def key(self) -> tuple[Any, ...]:
        """What makes two claims the same report: number, measure, place, period and group."""
        return (
            self.value, self.low, self.high, self.qualifier, self.measure, self.origin,
            self.destination, self.start, self.end, self.group,
        )  # fmt: skip
