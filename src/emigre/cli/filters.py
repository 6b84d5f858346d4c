"""Filters of the events and policies listings: the same options as `claims` (kind, country,
--since/--until), checked the same way (a bad value names its option)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from pydantic import TypeAdapter, ValidationError

from emigre.errors import InputError, describe_validation
from emigre.model import Event, Policy, lookup_country
from emigre.model.jurisdiction import Jurisdiction, members

_JURISDICTION: TypeAdapter[str] = TypeAdapter(Jurisdiction)


def period_bounds(
    since: dt.datetime | None, until: dt.datetime | None
) -> tuple[dt.date | None, dt.date | None]:
    start = since.date() if since else None
    end = until.date() if until else None
    if start and end and end < start:
        raise InputError(f"{end} is before --since {start}", field="--until")
    return start, end


def countries(values: Sequence[str]) -> set[str]:
    """Codes (GEO), names (Georgia) or blocs (EU) as the codes records hold."""
    out = set()
    for value in values:
        try:
            out.add(_JURISDICTION.validate_python(lookup_country(value) or value))
        except ValidationError as exc:
            raise InputError(describe_validation(exc)[1], field="--country") from exc
    return out


def _overlaps(
    first: dt.date, last: dt.date | None, start: dt.date | None, end: dt.date | None
) -> bool:
    """Does [first, last] (open-ended without last) meet [start, end]?"""
    return (start is None or last is None or last >= start) and (end is None or first <= end)


def filter_events(
    events: Sequence[Event],
    kinds: Sequence[str],
    where: Sequence[str],
    start: dt.date | None,
    end: dt.date | None,
) -> list[Event]:
    codes = countries(where)
    return [
        e
        for e in events
        if (not kinds or e.kind in kinds)
        and (not codes or e.country in codes or bool(codes & set(members(e.country))))
        and _overlaps(e.date, e.end or e.date, start, end)
    ]


def filter_policies(
    policies: Sequence[Policy],
    measures: Sequence[str],
    where: Sequence[str],
    start: dt.date | None,
    end: dt.date | None,
) -> list[Policy]:
    """A bloc's rule counts for each member: `--country DEU` lists the EU's rules too."""
    codes = countries(where)
    return [
        p
        for p in policies
        if (not measures or p.measure in measures)
        and (not codes or p.country in codes or bool(codes & set(members(p.country))))
        and _overlaps(p.effective_from, p.effective_to, start, end)
    ]
