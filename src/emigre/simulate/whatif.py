"""What-if variants of a scenario, written the way a person would say them.

    close GEO from 2022-09-25              routes into Georgia shut from that day
    close GEO from 2022-09-25 to 2022-10-31
    open FIN                               undo the scenario's closures of routes into Finland
    cap GEO 5000/day from 2022-09-21       at most 5,000 people a day enter Georgia
    visa-required GEO from 2022-09-25      Georgia's pull falls to a tenth (an assumption:
                                           most people who would have gone need a visa first)

A country is named by its ISO code; the routes concerned are those that cross into a place of
that country from a place of another country.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import numpy as np

from emigre.errors import InputError
from emigre.model.scenario import (
    Closure,
    ClosureKind,
    Intervention,
    InterventionKind,
    Scenario,
)

VISA_PULL_FACTOR = 0.1  # assumption: a visa requirement deters nine in ten who would have come

MAX_LENGTH = 200
"""Characters a what-if may have: the longest accepted form is under 70, and a longer text is
refused before it is read, so no input costs more than a glance."""

VERBS = ("close", "open", "cap", "visa-required")
_TOKEN = re.compile(r"/|[^\s/]+")  # one pass, no nested repetition: linear in the length
_COUNTRY = re.compile(r"[A-Za-z]{2,3}")
_NUMBER = re.compile(r"\d[\d_,]*")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_FORMS = (
    "write e.g. 'close GEO from 2022-09-25', 'open FIN', 'cap GEO 5000/day from 2022-09-21' "
    "or 'visa-required GEO'"
)


@dataclass
class WhatIf:
    verb: str
    country: str
    start: dt.date | None
    end: dt.date | None
    cap: int | None
    text: str


class Words:
    """The words of a what-if, read left to right once (no backtracking); `looks` counts how
    often a word was looked at, which the grammar bounds by a constant."""

    def __init__(self, text: str, token: re.Pattern[str] = _TOKEN) -> None:
        self.items = token.findall(text)
        self.at = 0
        self.looks = 0

    def peek(self) -> str | None:
        self.looks += 1
        return self.items[self.at].lower() if self.at < len(self.items) else None

    def take_if(self, *words: str) -> bool:
        if self.peek() in words:
            self.at += 1
            return True
        return False

    def take_match(self, pattern: re.Pattern[str]) -> str | None:
        self.looks += 1
        token = self.items[self.at] if self.at < len(self.items) else None
        if token is not None and pattern.fullmatch(token):
            self.at += 1
            return token
        return None


def read_fields(t: Words, target: re.Pattern[str] = _COUNTRY) -> dict[str, str | None] | None:
    """verb country [number [/day | a day | per day]] [from DATE] [to|until DATE], or None.

    Each word is looked at once and matched against a pattern of fixed shape, so the work is
    linear in the length of the text."""
    verb = t.peek()
    if verb not in VERBS or not t.take_if(verb):
        return None
    country = t.take_match(target)
    if country is None:
        return None
    cap = t.take_match(_NUMBER)
    if cap is not None and (t.take_if("/") or t.take_if("a", "per")) and not t.take_if("day"):
        return None
    start = t.take_match(_DATE) if t.take_if("from") else ""
    end = t.take_match(_DATE) if t.take_if("to", "until") else ""
    if start is None or end is None or t.peek() is not None:
        return None
    return {"verb": verb, "country": country, "cap": cap, "start": start, "end": end}


def parse_whatif(text: str) -> WhatIf:
    """Parse one what-if; a malformed one is an InputError that shows the accepted forms."""
    if len(text) > MAX_LENGTH:
        raise InputError(
            f"a what-if has at most {MAX_LENGTH} characters (this one has {len(text)}); {_FORMS}",
            field="--what-if",
        )
    m = read_fields(Words(text))
    if m is None:
        raise InputError(f"cannot read the what-if {text!r}; {_FORMS}", field="--what-if")
    verb = str(m["verb"])
    from emigre.model.country import lookup_country

    code = lookup_country(str(m["country"]))
    if code is None:
        raise InputError(f"unknown country {m['country']!r}", field="--what-if")
    cap = int(m["cap"].replace(",", "").replace("_", "")) if m["cap"] else None
    if verb == "cap" and cap is None:
        raise InputError("'cap' needs a number of people a day, e.g. 5000/day", field="--what-if")
    if verb != "cap" and cap is not None:
        raise InputError(f"'{verb}' takes no number", field="--what-if")
    start = _day(m["start"], text)
    end = _day(m["end"], text)
    if start and end and end <= start:
        raise InputError("the end date is not after the start date", field="--what-if")
    return WhatIf(verb, code, start, end, cap, text.strip())


def _day(value: str | None, text: str) -> dt.date | None:
    """A date of a what-if; an impossible one ("2022-13-25") is bad input, not a crash."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise InputError(
            f"not a date YYYY-MM-DD in the what-if {text!r}: {value!r} ({exc})", field="--what-if"
        ) from exc


def country_routes(scenario: Scenario, country: str) -> list[tuple[str, str]]:
    """Routes into `country` from the origin country (else from anywhere): a one-way route
    counts only in its own direction."""
    by_name = {p.name: p for p in scenario.places}
    home = scenario.places[0].country
    crossing, direct = [], []
    for r in scenario.routes:
        a, b = by_name[r.a], by_name[r.b]
        if r.one_way and b.country != country:
            continue  # leaving the country (going back, moving on) is not entering it
        if (a.country == country) != (b.country == country):
            crossing.append((r.a, r.b))
            if {a.country, b.country} == {home, country}:
                direct.append((r.a, r.b))
    return direct or crossing


def days_of(scenario: Scenario, w: WhatIf) -> tuple[int, int]:
    """The what-if's first and last day as days of the scenario (-1: to its end)."""
    start_day = scenario.day_of(w.start) if w.start else 0
    end_day = scenario.day_of(w.end) if w.end else -1
    if not 0 <= start_day < scenario.days:
        raise InputError(
            f"{w.start} is outside the scenario ({scenario.start_date} to "
            f"{scenario.date_of(scenario.days - 1)})",
            field="--what-if",
        )
    return start_day, end_day


def additions(
    w: WhatIf,
    routes: list[tuple[str, str]],
    places: list[str],
    days: tuple[int, int],
    cap: float,
) -> tuple[list[Closure], list[Intervention]]:
    """What a close, a cap (`cap` in the engine's units, shared out over the routes) or a
    visa rule (on `places`) adds to a scenario; an open ends closures instead, so adds none."""
    start_day, end_day = days
    if w.verb == "close":
        closed = [
            Closure(kind=ClosureKind.link, name1=a, name2=b, start_day=start_day, end_day=end_day)
            for a, b in routes
        ]
        return closed, []
    if w.verb == "cap":
        share = max(round(cap / len(routes)), 0)
        return [], [
            Intervention(
                kind=InterventionKind.cap,
                a=a,
                b=b,
                start_day=start_day,
                end_day=end_day,
                value=share,
                note=w.text,
            )
            for a, b in routes
        ]
    if w.verb == "visa-required":
        return [], [
            Intervention(
                kind=InterventionKind.attractiveness,
                a=name,
                start_day=start_day,
                end_day=end_day,
                value=VISA_PULL_FACTOR,
                factor=True,  # of the pull the run has (calibrated, drawn for an ensemble)
                note=w.text,
            )
            for name in places
        ]
    return [], []


def apply_whatif(scenario: Scenario, w: WhatIf) -> Scenario:
    """The scenario with the what-if applied (the original is left as it was)."""
    start_day, end_day = days_of(scenario, w)
    routes = country_routes(scenario, w.country)
    targets = [p.name for p in scenario.places if p.country == w.country]
    if not routes or not targets:
        raise InputError(f"the scenario has no place in {w.country}", field="--what-if")
    closures = list(scenario.closures)
    if w.verb == "open":
        pairs = {frozenset(p) for p in routes}
        kept = []
        for c in closures:
            touches = c.kind == ClosureKind.link and frozenset((c.name1, c.name2)) in pairs
            if touches and start_day > c.start_day:  # it now ends when the what-if opens it
                end = start_day if c.end_day < 0 else min(c.end_day, start_day)
                kept.append(c.model_copy(update={"end_day": end}))
            elif not touches:
                kept.append(c)
        closures = kept
    closed, changed = additions(w, routes, targets, (start_day, end_day), w.cap or 0)
    return scenario.model_copy(
        update={
            "closures": closures + closed,
            "interventions": [*scenario.interventions, *changed],
        }
    )


def destinations(scenario: Scenario) -> list[str]:
    """Places people go to and stay at (not the own format's `return` place, which holds
    people who went back)."""
    from emigre.model.scenario import PlaceKind

    return [
        p.name
        for p in scenario.places
        if p.kind in (PlaceKind.camp, PlaceKind.idpcamp) and p.attributes.get("kind") != "return"
    ]


def monthly_arrivals(arrivals: np.ndarray, start: dt.date) -> tuple[list[str], np.ndarray]:
    """Sum a (days, places) array by calendar month: month labels and (months, places)."""
    days = arrivals.shape[0]
    labels: list[str] = []
    rows: list[np.ndarray] = []
    for d in range(days):
        month = (start + dt.timedelta(days=d)).strftime("%Y-%m")
        if not labels or labels[-1] != month:
            labels.append(month)
            rows.append(np.zeros(arrivals.shape[1:], dtype=arrivals.dtype))
        rows[-1] = rows[-1] + arrivals[d]
    return labels, np.array(rows)
