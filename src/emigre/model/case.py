"""A case: one country's people leaving in waves, from a start date."""

from __future__ import annotations

import datetime as dt

from pydantic import Field, model_validator

from emigre.model.base import Id, Model, Text
from emigre.model.country import CountryCode


class Wave(Model):
    """A phase of departures the evidence distinguishes (the first weeks, the call-up)."""

    id: Id
    name: Text
    start: dt.date
    end: dt.date | None = None
    description: Text

    @model_validator(mode="after")
    def _order(self) -> Wave:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"wave '{self.id}' ends ({self.end}) before it starts ({self.start})")
        return self


class Case(Model):
    id: Id
    title: Text
    origin: CountryCode
    start: dt.date = Field(..., description="When the emigration this case follows began")
    description: Text
    waves: list[Wave] = Field(default_factory=list)
    document: Id | None = Field(None, description="Source id of the article the case starts from")
