"""The events and policies pages: what happened and which rules held, narrowed by kind,
country and date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from emigre.model import Event, Policy, members
from emigre.web.errors import bad_request
from emigre.web.views.text import country_name


@dataclass
class Chosen:
    """The filters of an events or policies page."""

    kind: str | None = None
    """An event's kind, or a policy's measure."""
    country: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None

    @property
    def active(self) -> bool:
        return bool(self.kind or self.country or self.since or self.until)


def check(chosen: Chosen, kinds: tuple[str, ...], field: str) -> Chosen:
    """Refuse what no item can match, naming the parameter (a 400, not an empty page)."""
    if chosen.kind and chosen.kind not in kinds:
        raise bad_request(f"{field} '{chosen.kind}' is not one of {', '.join(kinds)}", field)
    if chosen.since and chosen.until and chosen.until < chosen.since:
        raise bad_request(
            f"until ({chosen.until}) is before since ({chosen.since}): no day is in both", "until"
        )
    return chosen


def _touches(jurisdiction: str, country: str | None) -> bool:
    return country is None or jurisdiction == country or country in members(jurisdiction)


def events(items: list[Event], chosen: Chosen) -> list[Event]:
    """Events of that kind, by or in that country (a bloc's acts count for each member), on a
    date (or over days) that meets the window."""
    out = []
    for e in items:
        last = e.end or e.date
        if chosen.kind and e.kind != chosen.kind:
            continue
        if not _touches(e.country, chosen.country):
            continue
        if (chosen.since and last < chosen.since) or (chosen.until and e.date > chosen.until):
            continue
        out.append(e)
    return sorted(out, key=lambda e: (e.date, e.id))


def policies(items: list[Policy], chosen: Chosen) -> list[Policy]:
    """Rules of that measure, set by or holding in that country, in force at some time in
    the window."""
    out = []
    for p in items:
        if chosen.kind and p.measure != chosen.kind:
            continue
        if not _touches(p.country, chosen.country):
            continue
        if chosen.until and p.effective_from > chosen.until:
            continue
        if chosen.since and p.effective_to and p.effective_to < chosen.since:
            continue
        out.append(p)
    return sorted(out, key=lambda p: (p.effective_from, p.country, p.id))


def countries(items: list[Event] | list[Policy]) -> list[tuple[str, str]]:
    """(code, name) of the jurisdictions the items name, by name, for the country filter."""
    codes = {x.country for x in items}
    return sorted(((c, country_name(c) if len(c) == 3 else c) for c in codes), key=lambda t: t[1])
