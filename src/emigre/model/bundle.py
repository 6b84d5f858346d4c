"""Everything a case holds, as one value: what the loader, the store and exports exchange."""

from __future__ import annotations

from pydantic import Field

from emigre.model.base import Model
from emigre.model.case import Case
from emigre.model.claim import Claim
from emigre.model.event import Event
from emigre.model.policy import Policy
from emigre.model.source import Source


class CaseBundle(Model):
    case: Case
    sources: list[Source] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    policies: list[Policy] = Field(default_factory=list)

    def source(self, source_id: str) -> Source | None:
        return next((s for s in self.sources if s.id == source_id), None)
