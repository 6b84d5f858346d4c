"""Read a scenario folder in Flee's format, as FabFlee hands it to a run, into a Scenario.

Layout: input_csv/ (locations, routes, conflicts, closures, sim_period or conflict_period,
registration_corrections), source_data/ (data_layout.csv and one CSV per camp) and an
optional simsetting.yml. Every malformed value raises InputError naming file, line and field;
each part has its reader (flee_inputs, flee_data, flee_settings), this module puts them together.
"""

from __future__ import annotations

from collections import deque
from pathlib import Path

from emigre.errors import InputError
from emigre.model.scenario import Place, PlaceKind, Route, Scenario, Series
from emigre.simulate.flee_data import read_count_file, read_layout
from emigre.simulate.flee_inputs import (
    read_closures,
    read_conflicts,
    read_corrections,
    read_locations,
    read_period,
    read_routes,
)
from emigre.simulate.flee_settings import read_settings

__all__ = ["read_count_file", "read_flee_scenario"]


def read_flee_scenario(folder: str | Path, name: str | None = None) -> Scenario:
    """The whole folder as one Scenario; nothing is guessed silently."""
    root = Path(folder)
    if not root.is_dir():
        raise InputError("not a folder", file=str(root))
    inp = root / "input_csv"
    if not inp.is_dir():
        raise InputError("no input_csv/ folder in the scenario", file=str(root))

    # the settings first: a folder that needs a later Flee is refused for that reason
    rules, notes = read_settings(root / "simsetting.yml")
    start, days = read_period(inp)
    warnings: list[str] = list(notes)
    places = read_locations(inp / "locations.csv", warnings)
    known = {p.name for p in places}
    countries = {p.country for p in places}
    routes = read_routes(inp / "routes.csv", known)
    closures = read_closures(inp / "closures.csv", known, countries)
    conflicts = read_conflicts(inp / "conflicts.csv", known, warnings)

    src = root / "source_data"
    spawn_total: Series | None = None
    observed: list[Series] = []
    if (src / "data_layout.csv").is_file():
        spawn_total, observed = read_layout(src, start, known, warnings)
    corrections = read_corrections(inp / "registration_corrections.csv", observed, start)
    check_reachable(places, routes, conflicts, observed, inp, warnings)
    return Scenario(
        name=name or root.name,
        start_date=start,
        days=days,
        places=places,
        routes=routes,
        closures=closures,
        conflicts=conflicts,
        spawn_total=spawn_total,
        observed=observed,
        corrections=corrections,
        rules=rules,
        warnings=warnings,
        source=str(root),
    )


def check_reachable(
    places: list[Place],
    routes: list[Route],
    conflicts: dict[str, list[float]],
    observed: list[Series],
    inp: Path,
    warnings: list[str],
) -> None:
    """People must be able to get from where they appear to a camp.

    A graph in which no camp can be reached from any conflict zone is an error. A single camp
    cut off from the rest is only a warning: real scenarios have them (CAR 2013's Bili camp has
    no route in Flee's data), and Flee then simply counts nobody there.
    """
    graph: dict[str, list[str]] = {p.name: [] for p in places}
    for r in routes:
        graph[r.a].append(r.b)
        graph[r.b].append(r.a)
    sources = {p.name for p in places if p.kind == PlaceKind.conflict_zone}
    sources |= {name for name, vals in conflicts.items() if any(v > 0 for v in vals)}
    if not sources:
        return
    seen = set(sources)
    queue = deque(sources)
    while queue:
        here = queue.popleft()
        for nxt in graph[here]:
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    camps = {p.name for p in places if p.kind in (PlaceKind.camp, PlaceKind.idpcamp)}
    targets = {s.name for s in observed} or camps
    if targets and not targets & seen:
        raise InputError(
            "disconnected graph: no camp ("
            + ", ".join(sorted(targets)[:5])
            + ("…" if len(targets) > 5 else "")
            + ") can be reached from any conflict zone over the routes",
            file=str(inp / "routes.csv"),
        )
    for name in sorted(targets - seen):
        warnings.append(
            f"routes.csv: camp {name!r} cannot be reached from any conflict zone; "
            "nobody will arrive there"
        )
