"""How each claim speaks about the latent quantities: the rules of docs/method.md, in code.

A claim becomes an ``Observation``: which latent series it measures (cumulative departures,
arrivals, stock, leavers, returns), for which destination, over which period, with which
qualifier and noise, and through which bias or coverage factor. Claims that cannot speak
(rejected, another origin, after the as-of date, no number) get a reason instead.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field, fields
from typing import Literal

from emigre.estimate.priors import Priors
from emigre.model import Claim, country_name

Kind = Literal["point", "lower", "upper", "range"]
Series = Literal["departures", "arrivals", "stock", "leavers", "returns"]

SUBSET_GROUPS_NOTE = "counts a subgroup, so it is read as a lower bound on everyone"


@dataclass
class Item:
    """A claim with where it came from: its position in the input and its document's date."""

    index: int
    claim: Claim
    line: int | None = None
    document_date: dt.date | None = None
    label: str | None = None


@dataclass
class Observation:
    """One distinct statement about a latent quantity (identical claims share one)."""

    items: list[int]
    kind: Kind
    series: Series
    place: str | None  # a destination code, or None for all destinations together
    t0: float | None  # days since the case start; None for a level (a stock)
    t1: float
    log_low: float  # log of the value for a point or a lower bound, of the low end for a range
    log_high: float  # log of the value for a point or an upper bound, of the high end
    sigma: float  # noise of a point, or slack of a bound
    noise: float  # noise of the figure the source measured, for its predictive interval
    factor: tuple[str, ...] | None  # ("bias", place, key) or ("coverage", measure, place, reading)
    forecast: bool = False
    notes: list[str] = field(default_factory=list)
    # what the source counts besides a plain figure (estimate/counting.py reads them)
    cohort_t0: float | None = None  # a level counting only those who left from this day on
    min_stay_weeks: float | None = None  # counts only those who stayed this long
    baseline: float | None = None  # people the figure counts besides the emigrants
    baseline_key: tuple[object, ...] | None = None  # figures sharing one baseline factor
    overcount: tuple[str, ...] | None = None  # ("bias", place, unit) beside a coverage
    without: tuple[str, ...] = ()  # places whose parts were taken out of a total
    minus: tuple[tuple[float, float], ...] = ()  # periods whose parts were taken out of it
    share: str | None = None  # a survey share of emigrants: "returned" or "moved_onward"
    part_of: str | None = None

    def signature(self) -> tuple[object, ...]:
        skip = {"items", "notes", "noise"}
        return tuple(getattr(self, f.name) for f in fields(self) if f.name not in skip)

    def quantity(self, start: dt.date) -> str:
        """The figure this observation measures, in the words `emigre explain` accepts."""

        def day(t: float) -> dt.date:
            return start + dt.timedelta(days=round(t))

        place = f":{self.place}" if self.place else ""
        end = day(self.t1) - dt.timedelta(days=1)
        if self.t0 is None:
            name = "stock" if self.place else "remaining"
            return f"{name}{place}@{end.isoformat()}"
        begin = day(self.t0)
        return f"{self.series}{place}@{begin.isoformat()}..{end.isoformat()}"


@dataclass
class Status:
    """What became of one claim."""

    index: int
    used: bool
    role: str  # point, lower_bound, upper_bound, range, forecast, excluded
    reason: str
    observation: int | None = None
    unsupported: bool = False


@dataclass
class Evidence:
    """The observations of a set of claims, and the status of every claim."""

    start: dt.date
    as_of: dt.date
    origin: str
    destinations: list[str]
    observations: list[Observation]
    statuses: list[Status]
    items: list[Item]

    @property
    def fitted(self) -> list[int]:
        return [i for i, o in enumerate(self.observations) if not o.forecast]


def days_from(start: dt.date, day: dt.date) -> int:
    return (day - start).days


def _place(code: str | None, origin: str) -> str | None:
    return None if code is None or code == origin else code


def _candidate_destinations(items: list[Item], origin: str) -> list[str]:
    """Countries people from the origin went to, by the claims that name them."""
    found: set[str] = set()
    for it in items:
        c = it.claim
        if c.state == "rejected":
            continue
        if (c.origin in (None, origin)) and c.destination not in (None, origin):
            found.add(c.destination)
    return sorted(found)


def interpret(
    items: list[Item],
    *,
    start: dt.date,
    as_of: dt.date,
    origin: str,
    priors: Priors,
    known: list[str] | None = None,
) -> Evidence:
    """Turn claims into observations, merging identical statements and explaining exclusions."""
    from emigre.estimate import counting, parts  # they read Observation from here

    m = priors.measurement
    destinations = known if known is not None else _candidate_destinations(items, origin)
    obs: list[Observation] = []
    by_sig: dict[tuple[object, ...], int] = {}
    statuses: list[Status] = []
    horizon_end = days_from(start, as_of) + 1
    used_places: set[str] = set()

    for it in items:
        c = it.claim
        unsupported = "unverified" in c.flags or "uncited" in c.flags

        def exclude(reason: str, _it: Item = it, _u: bool = unsupported) -> None:
            statuses.append(Status(_it.index, False, "excluded", reason, unsupported=_u))

        if c.state == "rejected":
            exclude("rejected in review")
            continue
        notes: list[str] = []
        claim_origin = c.origin
        if claim_origin is None:
            claim_origin = origin
            notes.append(f"origin not stated: read as {origin}")
        dest = c.destination
        measure = c.measure
        is_forecast = measure == "forecast" or "forecast" in c.flags

        # Which series and place.
        series: Series
        place: str | None
        level = False  # a stock-like figure (a level at the end), not a change over a period
        if claim_origin != origin:
            if claim_origin not in destinations:
                exclude(
                    f"about people leaving {country_name(claim_origin)}, not this case's origin"
                )
                continue
            place = claim_origin
            if dest == origin or measure == "return":
                series = "returns"
            elif measure in ("flow", "forecast"):
                series = "leavers"
            else:
                exclude(f"a {measure} figure about people from {country_name(claim_origin)}")
                continue
        else:
            place = _place(dest, origin)
            if measure == "return" or (dest == origin and measure == "flow"):
                series = "returns"
                if dest == origin:
                    place = None
            elif measure in ("flow", "forecast"):
                series = "arrivals" if place else "departures"
            elif measure == "stock":
                series = "stock"
                level = True
            elif measure in ("registration", "application"):
                if c.start is None or c.start > start + dt.timedelta(days=28):
                    # Counted among people already there: a share of those present.
                    series = "stock"
                    level = True
                    why = "no start date" if c.start is None else "a period inside the episode"
                    notes.append(f"{measure}s over {why} are read as covering those present")
                else:
                    series = "arrivals" if place else "departures"
                    notes.append(f"{measure}s since the start are read as covering arrivals")
            else:  # pragma: no cover - the vocabulary is closed
                exclude(f"unknown measure {measure}")
                continue

        # The period.
        s_date = c.start or start
        if c.start is None and not level:
            notes.append("no start date: counted from the case start")
        e_date = c.end
        missing_end = False
        if e_date is None:
            if it.document_date is not None:
                e_date = it.document_date
                notes.append(f"no end date: read as of its document's date {e_date.isoformat()}")
            else:
                missing_end = True
                e_date = as_of
        if e_date < start:
            exclude(f"ends ({e_date.isoformat()}) before the case starts ({start.isoformat()})")
            continue
        if e_date > as_of:
            exclude(f"its period ends ({e_date.isoformat()}) after the as-of date")
            continue
        if s_date < start:
            notes.append(f"period starts before the case: counted from {start.isoformat()}")
            s_date = start
        t0 = None if level else float(days_from(start, s_date))
        t1 = float(min(days_from(start, e_date) + 1, horizon_end))

        # What it says: the qualifier, turned into a kind and bounds.
        q = c.qualifier
        low = c.low if q == "range" else c.value
        high = c.high if q == "range" else c.value
        kind: Kind = {"exact": "point", "about": "point", "at_least": "lower"}.get(q, "point")  # type: ignore[assignment]
        if q == "at_most":
            kind = "upper"
        elif q == "range":
            kind = "range"
        if c.group != "all":
            if kind == "upper":
                exclude(f"an upper bound on a subgroup ({c.group}) says nothing about everyone")
                continue
            kind = "lower"
            high = low
            notes.append(f"group '{c.group}' {SUBSET_GROUPS_NOTE}")
        if c.start is None and c.end is None and kind != "upper":
            kind = "lower"
            high = low
            notes.append(
                "no period at all: a count of an incident, read as a lower bound on the "
                "period it falls in"
            )
        if missing_end and not level:
            if kind == "upper":
                exclude("an upper bound with no date says nothing about the as-of date")
                continue
            kind = "lower"
            high = low
            notes.append(
                "no end date and no document date: a cumulative count never falls, "
                "so it is a lower bound at the as-of date"
            )
        if not low or not high or low <= 0 or high <= 0:
            exclude("a zero count cannot be placed on the log scale")
            continue

        # How much it weighs.
        weight = 1.0
        for flag in c.flags:
            weight *= m.downweight.get(flag, 1.0)
        if c.state == "disputed":
            weight *= m.downweight.get("disputed", 1.0)
        if c.origin is None:
            weight *= m.downweight.get("origin_unstated", 1.0)
        if missing_end and level:
            weight *= m.missing_end_factor
            notes.append("no date at all: read at the as-of date with wide noise")
        if kind == "point":
            sigma = m.noise.get(measure, 0.25) * weight
            if q == "about":
                sigma *= m.about_factor
        else:
            sigma = m.bound_sd * weight

        factor: tuple[str, ...] | None = None
        if measure in ("registration", "application"):
            factor = ("coverage", measure, place or "all", "stock" if level else "arrivals")
        elif place is not None and series in ("arrivals", "leavers", "returns"):
            factor = ("bias", place, "all")
        if t0 is not None and t1 - t0 <= 0:
            exclude("its period is empty")
            continue

        ob = Observation(
            items=[it.index],
            kind=kind,
            series=series,
            place=place,
            t0=t0,
            t1=t1,
            log_low=math.log(low),
            log_high=math.log(high),
            sigma=sigma,
            noise=m.noise.get(measure, 0.25) * weight * (m.about_factor if q == "about" else 1),
            factor=factor,
            forecast=is_forecast,
            notes=notes,
        )
        why = counting.apply(c, ob, start=start, m=m)
        if why is not None:
            exclude(why)
            continue
        sig = ob.signature()
        roles = {"lower": "lower_bound", "upper": "upper_bound"}
        role = "forecast" if is_forecast else roles.get(ob.kind, ob.kind)
        if sig in by_sig:
            k = by_sig[sig]
            obs[k].items.append(it.index)
            reason = f"same statement as claim {obs[k].items[0]}: counted once"
        else:
            k = len(obs)
            by_sig[sig] = k
            obs.append(ob)
            reason = "; ".join(notes) if notes else "used as stated"
            if is_forecast:
                reason = "a forecast: shown against the estimate, kept out of the fit"
        if place:
            used_places.add(place)
        statuses.append(
            Status(it.index, not is_forecast, role, reason, observation=k, unsupported=unsupported)
        )

    if m.entry_excess_per == "claim":
        # each entry count has its own over-count (tourist season, a wave of men fleeing a
        # call-up, an airport rather than every border): set after merging identical claims
        for k, o in enumerate(obs):
            if o.factor and o.factor[0] == "bias":
                o.factor = ("bias", o.factor[1], f"obs{k}")
    obs = parts.resolve_parts(obs, statuses, {it.index: it.claim.id for it in items})
    named = sorted(used_places)
    return Evidence(
        start=start,
        as_of=as_of,
        origin=origin,
        destinations=named,
        observations=obs,
        statuses=statuses,
        items=items,
    )
