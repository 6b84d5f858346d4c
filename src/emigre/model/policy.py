"""A rule deciding where people could go: who sets it, for whom, what it does, and when."""

from __future__ import annotations

import datetime as dt

from pydantic import Field, model_validator

from emigre.model.base import Id, Model, Text
from emigre.model.country import CountryCode
from emigre.model.jurisdiction import Jurisdiction
from emigre.model.vocab import PolicyMeasure


class Policy(Model):
    id: Id
    case: Id | None = None
    country: Jurisdiction = Field(..., description="Who sets the rule (a country, EU, SCHENGEN)")
    nationality: CountryCode = Field(..., description="Whose citizens it applies to")
    measure: PolicyMeasure
    days: int | None = Field(None, gt=0, description="Length of stay the rule allows, if any")
    effective_from: dt.date
    effective_to: dt.date | None = None
    description: Text = Field(..., description="One line in our own words")
    source_ids: list[Id] = Field(..., min_length=1)

    @model_validator(mode="after")
    def _order(self) -> Policy:
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise ValueError(
                f"effective_to ({self.effective_to}) is before effective_from "
                f"({self.effective_from})"
            )
        if self.measure in ("visa_free", "stay_limit") and self.days is None:
            raise ValueError(f"a '{self.measure}' policy needs the number of days it allows")
        return self

    def in_force(self, on: dt.date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)


POLICY_COLUMNS = [
    "id", "country", "nationality", "measure", "days", "effective_from", "effective_to",
    "description", "source_ids",
]  # fmt: skip
"""A policy's fields as table columns (CSV, terminal), in reading order; one case per table."""
