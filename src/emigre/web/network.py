"""The case's simulation scenario as a map: its located places and the routes between them.

Read through emigre.simulate's own reader, so the map draws the very graph the simulation runs
on. None where there is nothing to draw: no simulation package, no scenario for the case, a
scenario that does not read, or places without coordinates (the map then draws straight lines).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Any

from emigre.web import runs

log = logging.getLogger("emigre.web")

PLACE_KINDS = {
    "origin": "origin region",
    "crossing": "land crossing",
    "airport": "airport",
    "destination": "destination",
    "town": "town",
}
ROUTE_KINDS = {"road": "by road", "air": "flight"}
ASSUMPTION = "assumption: "


@dataclass(frozen=True)
class Network:
    places: list[dict[str, Any]]
    """Located places: name, label, kind, country, lat, lon, source."""
    routes: list[dict[str, Any]]
    """Routes whose two ends are located: names, mode, km, per_day, both ends' coordinates,
    the closure that shuts it (from, to, policy) and where its numbers come from."""
    countries: frozenset[str]
    """Destination countries that some drawn route reaches."""
    cited: tuple[str, ...]
    """Claim and source ids behind the drawn places and routes, in first-cited order."""


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:,.0f}"


def from_scenario(own: Any) -> Network | None:
    """The located part of an emigre-format scenario (OwnScenario), or None if none is."""
    sc = own.scenario
    located = {p.name: p for p in sc.places if p.lat is not None and p.lon is not None}
    if not located:
        return None
    shut: dict[frozenset[str], dict[str, str]] = {}
    for item in own.policies:
        if item.get("action") == "close" and len(item.get("route") or []) == 2:
            shut[frozenset(item["route"])] = {
                "closed_from": str(item["from"]),
                "closed_to": str(item["to"]) if item.get("to") else "",
                "policy": str(item.get("policy") or ""),
            }
    cited: dict[str, None] = {}

    def cite(source: str) -> str:
        if source and not source.startswith(ASSUMPTION) and " " not in source:
            cited[source] = None
        return source

    places = []
    for p in located.values():
        kind = p.attributes.get("kind", "")
        places.append(
            {
                "name": p.name,
                "label": p.attributes.get("label", p.name),
                "kind": PLACE_KINDS.get(kind, kind),
                "country": p.country,
                "lat": p.lat,
                "lon": p.lon,
                "source": cite(p.attributes.get("source", "")),
            }
        )
    _place_labels(places)
    routes = []
    countries: set[str] = set()
    for r in sc.routes:
        a, b = located.get(r.a), located.get(r.b)
        if a is None or b is None:
            continue
        mode = r.attributes.get("mode", "road")
        closure = shut.get(frozenset((r.a, r.b)), {})
        text = f"{r.a} → {r.b}: {ROUTE_KINDS.get(mode, mode)}, {_number(r.distance_km)} km"
        if r.capacity_per_day is not None:
            text += f", at most {_number(r.capacity_per_day)} a day"
        if closure:
            text += f"; closed from {closure['closed_from']}"
            if closure["closed_to"]:
                text += f" to {closure['closed_to']}"
        if b.attributes.get("kind") == "destination" and b.country:
            countries.add(b.country)
        routes.append(
            {
                "from": r.a,
                "to": r.b,
                "mode": mode,
                "route": ROUTE_KINDS.get(mode, mode),
                "km": r.distance_km,
                "per_day": r.capacity_per_day,
                "lon": a.lon,
                "lat": a.lat,
                "lon2": b.lon,
                "lat2": b.lat,
                "closed_from": closure.get("closed_from", ""),
                "closed_to": closure.get("closed_to", ""),
                "policy": closure.get("policy", ""),
                "text": text,
                "source": cite(r.attributes.get("source", "")),
            }
        )
    if not routes:
        return None
    return Network(places=places, routes=routes, countries=frozenset(countries), cited=tuple(cited))


def _place_labels(places: list[dict[str, Any]]) -> None:
    """Crossings are named on the map, beside their mark; a name goes below the mark where
    another crossing sits just north of it (Narva under Vaalimaa), so the two never overlap."""
    crossings = [p for p in places if p["kind"] == PLACE_KINDS["crossing"]]
    for p in places:
        p["label_below"] = any(
            0 < q["lat"] - p["lat"] < 2.5 and abs(q["lon"] - p["lon"]) < 6
            for q in crossings
            if q is not p
        )


_memo: dict[tuple[str, int], Network | None] = {}
_lock = threading.Lock()


def for_case(case_id: str) -> Network | None:
    """The case's built-in scenario as a map (read once per version of the file)."""
    if not runs.has_scenario(case_id):
        return None
    from emigre.errors import InputError
    from emigre.simulate.own_format import (
        case_policy_ids,
        case_reference_ids,
        case_scenario_path,
        read_own_scenario,
    )

    path = case_scenario_path(case_id)
    key = (case_id, path.stat().st_mtime_ns)
    with _lock:
        if key in _memo:
            return _memo[key]
        try:
            own = read_own_scenario(path, case_policy_ids(case_id), case_reference_ids(case_id))
        except InputError as exc:
            log.warning("the map draws no routes for %s: %s", case_id, exc)
            network = None
        else:
            network = from_scenario(own)
        _memo[key] = network
        return network
