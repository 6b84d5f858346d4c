"""What pushed people out or shaped where they could go, dated and sourced."""

from __future__ import annotations

import datetime as dt

from pydantic import Field, model_validator

from emigre.model.base import Id, Model, Text
from emigre.model.jurisdiction import Jurisdiction
from emigre.model.vocab import EventKind


class Event(Model):
    id: Id
    case: Id | None = None
    date: dt.date
    end: dt.date | None = Field(None, description="For events that last (a suspension)")
    country: Jurisdiction = Field(..., description="Where it happened or who acted")
    kind: EventKind
    title: Text = Field(..., max_length=120, description="A short label for charts")
    description: Text = Field(..., description="One line in our own words")
    source_ids: list[Id] = Field(..., min_length=1)

    @model_validator(mode="after")
    def _order(self) -> Event:
        if self.end is not None and self.end < self.date:
            raise ValueError(f"the event ends ({self.end}) before it starts ({self.date})")
        return self


EVENT_COLUMNS = ["id", "date", "end", "country", "kind", "title", "description", "source_ids"]
"""An event's fields as table columns (CSV, terminal), in reading order; one case per table."""
