"""One case's evidence read once per request, with the lookups every page needs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from emigre.model import Case, Claim, Event, Policy, Source, members
from emigre.store import repo


@dataclass
class Evidence:
    case: Case
    sources: dict[str, Source]
    claims: list[Claim]
    events: list[Event]
    policies: list[Policy]
    _by_id: dict[str, Claim] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._by_id = {str(c.id): c for c in self.claims}

    def claim(self, claim_id: str) -> Claim | None:
        return self._by_id.get(claim_id)

    @property
    def usable(self) -> list[Claim]:
        """Claims a reader may rely on: everything a reviewer has not rejected."""
        return [c for c in self.claims if c.state != "rejected"]

    @property
    def newest_source(self) -> dt.date | None:
        """Freshness: the newest publication date among the sources that claims cite."""
        cited = {k for c in self.usable for k in c.source_ids}
        dates = [s.published for k, s in self.sources.items() if k in cited and s.published]
        return max(dates) if dates else None

    @property
    def newest_claim_end(self) -> dt.date | None:
        dates = [c.end for c in self.usable if c.end]
        return max(dates) if dates else None

    def sources_of(self, items: list[Claim] | list[Event] | list[Policy]) -> list[Source]:
        """The distinct sources behind some items, in first-cited order."""
        seen: dict[str, Source] = {}
        for item in items:
            for key in item.source_ids:
                if key not in seen and key in self.sources:
                    seen[key] = self.sources[key]
        return list(seen.values())

    def destinations(self) -> list[str]:
        """Countries the claims name, most-cited first."""
        counts: dict[str, int] = {}
        for c in self.usable:
            if c.destination:
                counts[c.destination] = counts.get(c.destination, 0) + 1
        return sorted(counts, key=lambda k: (-counts[k], k))

    def applies_to(self, jurisdiction: str, country: str) -> bool:
        return country in members(jurisdiction)


def read_evidence(s: Session, case_id: str) -> Evidence:
    b = repo.read_bundle(s, case_id)
    return Evidence(
        case=b.case,
        sources={src.id: src for src in b.sources},
        claims=b.claims,
        events=b.events,
        policies=b.policies,
    )
