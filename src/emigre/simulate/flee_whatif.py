"""What-ifs on a scenario folder in Flee's format, with its own names for places and countries.

    close Chad from 2014-01-01                every route into Chad from another country
    close "Bria"--Bambari from 2014-02-01     the route between two places (names quoted if
                                              they have spaces)
    close Kousseri                            every route of that place
    open Chad / open Kousseri / open A--B     the folder's own closures of those routes end
    cap Cameroon 500/day from 2014-03-01      at most 500 people a day over those routes
    visa-required Chad from 2014-01-01        the pull of the country's (or place's) places / 10

The same verbs and dates as the built-in scenario's what-ifs (whatif.py reads them the same
way); dates count from the folder's own start date. A country is named as the folder's
locations.csv names it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from emigre.errors import InputError
from emigre.model.scenario import (
    Closure,
    ClosureKind,
    Scenario,
)
from emigre.simulate.whatif import (
    MAX_LENGTH,
    WhatIf,
    Words,
    additions,
    country_routes,
    days_of,
    read_fields,
)

# a word is a run of quoted parts and other non-blank characters: "Port Sudan"--Kassala is one
_WORD = re.compile(r'(?:"[^"]*"|[^\s/"])+|/')
_TARGET = re.compile(r'(?:"[^"]*"|[^\s/"])+')
_FORMS = (
    "write e.g. 'close Chad from 2014-01-01', 'close \"Bria\"--Bambari', 'open Kousseri', "
    "'cap Cameroon 500/day from 2014-03-01' or 'visa-required Chad'"
)


@dataclass
class Target:
    """What a what-if names in a Flee folder: a route, a place or a country."""

    kind: str  # "route", "place" or "country"
    names: tuple[str, ...]


def parse_flee_whatif(text: str) -> WhatIf:
    """A what-if whose target is a name of the folder (checked against it when applied)."""
    import datetime as dt

    if len(text) > MAX_LENGTH:
        raise InputError(f"a what-if has at most {MAX_LENGTH} characters; {_FORMS}", "--what-if")
    m = read_fields(Words(text, _WORD), _TARGET)
    if m is None:
        raise InputError(f"cannot read the what-if {text!r}; {_FORMS}", field="--what-if")
    verb = str(m["verb"])
    cap = int(str(m["cap"]).replace(",", "").replace("_", "")) if m["cap"] else None
    if (verb == "cap") != (cap is not None):
        need = "needs a number of people a day" if verb == "cap" else "takes no number"
        raise InputError(f"'{verb}' {need}", field="--what-if")
    days = []
    for value in (m["start"], m["end"]):
        try:
            days.append(dt.date.fromisoformat(value) if value else None)
        except ValueError as exc:
            raise InputError(f"not a date YYYY-MM-DD: {value!r} ({exc})", "--what-if") from exc
    start, end = days
    if start and end and end <= start:
        raise InputError("the end date is not after the start date", field="--what-if")
    return WhatIf(verb, str(m["country"]), start, end, cap, text.strip())


def resolve(scenario: Scenario, name: str) -> Target:
    """The route (A--B), place or country a what-if names, as the folder names them."""
    places = {p.name for p in scenario.places}
    if "--" in name:
        a, b = (part.strip().strip('"') for part in name.split("--", 1))
        for p in (a, b):
            if p not in places:
                raise InputError(f"no place {p!r} in {scenario.name}", field="--what-if")
        if not any({r.a, r.b} == {a, b} for r in scenario.routes):
            raise InputError(f"no route between {a!r} and {b!r}", field="--what-if")
        return Target("route", (a, b))
    bare = name.strip('"')
    if bare in places:
        return Target("place", (bare,))
    countries = {p.country for p in scenario.places}
    match = [c for c in countries if c.lower() == bare.lower()]
    if match:
        return Target("country", (match[0],))
    raise InputError(
        f"{bare!r} is neither a place nor a country of {scenario.name} (routes: A--B)",
        field="--what-if",
    )


def routes_of(scenario: Scenario, target: Target) -> list[tuple[str, str]]:
    """The routes a what-if acts on: the route itself, a place's routes, or a country's way in."""
    if target.kind == "route":
        return [target.names]  # type: ignore[list-item]
    if target.kind == "place":
        name = target.names[0]
        return [(r.a, r.b) for r in scenario.routes if name in (r.a, r.b)]
    return country_routes(scenario, target.names[0])


def apply_flee_whatif(scenario: Scenario, w: WhatIf) -> Scenario:
    """The scenario with the what-if applied (the original is left as it was)."""
    start_day, end_day = days_of(scenario, w)
    target = resolve(scenario, w.country)
    routes = routes_of(scenario, target)
    if not routes:
        raise InputError(f"{w.country!r} has no route to act on", field="--what-if")
    if w.verb == "visa-required" and target.kind == "route":
        raise InputError("visa-required names a country or a place", field="--what-if")
    closures = list(scenario.closures)
    if w.verb == "open":
        closures = _opened(scenario, closures, target, routes, start_day)
    places = list(
        target.names
        if target.kind == "place"
        else [p.name for p in scenario.places if p.country == target.names[0]]
    )
    cap = (w.cap or 0) / scenario.rules.hasten  # caps count agents in the engine
    closed, changed = additions(w, routes, places, (start_day, end_day), cap)
    return scenario.model_copy(
        update={
            "closures": closures + closed,
            "interventions": [*scenario.interventions, *changed],
        }
    )


def _opened(
    scenario: Scenario,
    closures: list[Closure],
    target: Target,
    routes: list[tuple[str, str]],
    day: int,
) -> list[Closure]:
    """The folder's closures of the target's routes, ended on `day` (dropped if not begun)."""
    pairs = {frozenset(p) for p in routes}
    countries = {p.name: p.country for p in scenario.places}

    def touches(c: Closure) -> bool:
        if c.kind in (ClosureKind.link, ClosureKind.remove_forced_redirection):
            return frozenset((c.name1, c.name2)) in pairs
        if c.kind == ClosureKind.location:
            return any(c.name1 in p for p in pairs)
        if c.kind == ClosureKind.country:
            return any(
                {countries[a], countries[b]} == {c.name1, c.name2} for a, b in map(tuple, pairs)
            )
        return False

    kept = []
    for c in closures:
        if not touches(c):
            kept.append(c)
        elif day > c.start_day:  # it now ends when the what-if opens it
            end = day if c.end_day < 0 else min(c.end_day, day)
            kept.append(c.model_copy(update={"end_day": end}))
    return kept
