"""Flee's input_csv/ files: period, locations, routes, closures, conflicts, corrections."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

from emigre.errors import InputError
from emigre.model.scenario import (
    Closure,
    ClosureKind,
    Correction,
    Place,
    PlaceKind,
    Route,
    Series,
)
from emigre.simulate.flee_csv import as_date, as_float, as_int, is_comment, rows

LOCATION_FIELDS = [
    "name",
    "region",
    "country",
    "latitude",
    "longitude",
    "location_type",
    "conflict_date",
    "population",
]
ROUTE_FIELDS = ["name1", "name2", "distance", "forced_redirection"]
CLOSURE_FIELDS = ["closure_type", "name1", "name2", "closure_start", "closure_end"]


def read_period(inp: Path) -> tuple[dt.date, int]:
    path = inp / "sim_period.csv"
    if not path.is_file():
        path = inp / "conflict_period.csv"
    if not path.is_file():
        raise InputError("neither sim_period.csv nor conflict_period.csv found", file=str(inp))
    start: dt.date | None = None
    length: int | None = None
    for line, cells in rows(path):
        key = cells[0].lower()
        value = cells[1] if len(cells) > 1 else ""
        if key == "startdate":
            start = as_date(value, path, line, "StartDate")
        elif key == "length":
            length = as_int(value, path, line, "Length")
            if length <= 0:
                raise InputError("must be a positive number of days", str(path), line, "Length")
    if start is None:
        raise InputError("no StartDate row", file=str(path), field="StartDate")
    if length is None:
        raise InputError("no Length row", file=str(path), field="Length")
    return start, length


def _place_kind(text: str, path: Path, line: int) -> PlaceKind:
    low = text.lower()
    if "camp" in low:
        return PlaceKind.idpcamp if "idp" in low else PlaceKind.camp
    if "conflict" in low:
        return PlaceKind.conflict_zone
    if "forward" in low:
        return PlaceKind.forwarding_hub
    if "marker" in low:
        return PlaceKind.marker
    if "town" in low or "default" in low:
        return PlaceKind.town
    raise InputError(
        f"unknown location type {text!r} (expected conflict_zone, town, camp, idpcamp, "
        "forwarding_hub or marker)",
        file=str(path),
        line=line,
        field="location_type",
    )


def read_locations(path: Path, warnings: list[str] | None = None) -> list[Place]:
    """The places; a row repeated exactly is read once (with a warning, if a list is given)."""
    places: list[Place] = []
    extra: list[str] = []
    seen: dict[str, tuple[int, list[str]]] = {}
    for line, cells in rows(path):
        if is_comment(cells):
            if len(cells) > len(LOCATION_FIELDS):
                extra = cells[len(LOCATION_FIELDS) :]
            continue
        if len(cells) < 6:
            missing = LOCATION_FIELDS[len(cells)]
            raise InputError(
                f"{len(cells)} columns; expected at least 6 ({', '.join(LOCATION_FIELDS)})",
                file=str(path),
                line=line,
                field=missing,
            )
        cells = cells + [""] * (len(LOCATION_FIELDS) - len(cells))
        name = cells[0]
        if not name:
            raise InputError("empty place name", file=str(path), line=line, field="name")
        if name in seen:
            first_line, first_cells = seen[name]
            if cells == first_cells and warnings is not None:
                # Flee 3.1 links the last place of a name and leaves the first one without a
                # route; two identical rows are therefore one place, as far as anyone can move
                warnings.append(
                    f"{path.name}, line {line}: place {name!r} repeats line {first_line} "
                    "exactly; read once"
                )
                continue
            raise InputError(
                f"place {name!r} already defined (differently) on line {first_line}",
                file=str(path),
                line=line,
                field="name",
            )
        seen[name] = (line, cells)
        kind = _place_kind(cells[5], path, line)
        conflict_date = None
        if cells[6]:
            conflict_date = as_int(cells[6], path, line, "conflict_date")
        population = as_int(cells[7], path, line, "population", default=0)
        if population < 0:
            raise InputError("negative population", file=str(path), line=line, field="population")
        attributes = {
            extra[i]: cells[len(LOCATION_FIELDS) + i]
            for i in range(min(len(extra), len(cells) - len(LOCATION_FIELDS)))
        }
        places.append(
            Place(
                name=name,
                region=cells[1],
                country=cells[2],
                lat=as_float(cells[3], path, line, "latitude", default=0.0),
                lon=as_float(cells[4], path, line, "longitude", default=0.0),
                kind=kind,
                conflict_date=conflict_date,
                population=population,
                attributes=attributes,
            )
        )
    if not places:
        raise InputError("no places", file=str(path))
    return places


def read_routes(path: Path, known: set[str]) -> list[Route]:
    routes: list[Route] = []
    extra: list[str] = []
    for line, cells in rows(path):
        if is_comment(cells):
            if len(cells) > len(ROUTE_FIELDS):
                extra = [c.strip('"') for c in cells[len(ROUTE_FIELDS) :]]
            continue
        if len(cells) < 3:
            raise InputError(
                f"{len(cells)} columns; expected name1,name2,distance[,forced_redirection]",
                file=str(path),
                line=line,
                field=ROUTE_FIELDS[len(cells)],
            )
        a, b = cells[0], cells[1]
        for field, place in (("name1", a), ("name2", b)):
            if place not in known:
                raise InputError(
                    f"unknown place {place!r} (not in locations.csv)",
                    file=str(path),
                    line=line,
                    field=field,
                )
        if a == b:
            raise InputError(f"route from {a!r} to itself", str(path), line, "name2")
        distance = as_float(cells[2], path, line, "distance")
        if distance < 0:
            raise InputError(f"negative distance {distance}", str(path), line, "distance")
        forced = 0
        if len(cells) > 3:
            forced = as_int(cells[3], path, line, "forced_redirection", default=0)
            if forced not in (0, 1, 2):
                raise InputError("must be 0, 1 or 2", str(path), line, "forced_redirection")
        attributes: dict[str, str] = {}
        speed: float | None = None
        walk = 0.0
        for i, key in enumerate(extra):
            pos = len(ROUTE_FIELDS) + i
            if pos >= len(cells) or cells[pos] == "":
                continue
            if key == "max_move_speed":
                speed = as_float(cells[pos], path, line, key)
                if speed <= 0:
                    raise InputError("must be positive", str(path), line, key)
            elif key == "walk_probability":
                walk = as_float(cells[pos], path, line, key)
                if not 0 <= walk <= 1:
                    raise InputError("must be between 0 and 1", str(path), line, key)
            else:
                attributes[key] = cells[pos]
        routes.append(
            Route(
                a=a,
                b=b,
                distance_km=distance,
                forced_redirection=forced,
                max_move_speed=speed,
                walk_probability=walk,
                attributes=attributes,
            )
        )
    if not routes:
        raise InputError("no routes", file=str(path))
    return routes


def read_closures(path: Path, known: set[str], countries: set[str]) -> list[Closure]:
    if not path.is_file():
        return []
    out: list[Closure] = []
    kinds = {k.value for k in ClosureKind}
    for line, cells in rows(path):
        if is_comment(cells):
            continue
        if len(cells) < 5:
            raise InputError(
                f"{len(cells)} columns; expected {','.join(CLOSURE_FIELDS)}",
                file=str(path),
                line=line,
                field=CLOSURE_FIELDS[len(cells)],
            )
        kind = cells[0]
        if kind not in kinds:
            raise InputError(
                f"unknown closure type {kind!r} (expected {', '.join(sorted(kinds))})",
                str(path),
                line,
                "closure_type",
            )
        names = [cells[1], cells[2]]
        if kind == "country":
            checks = [(0, countries, "country"), (1, countries, "country")]
        elif kind in ("link", "remove_forced_redirection"):
            checks = [(0, known, "place"), (1, known, "place")]
        else:  # location, camp, idpcamp: the second name is not used
            checks = [(0, known, "place")]
        for i, pool, what in checks:
            if names[i] not in pool:
                raise InputError(
                    f"unknown {what} {names[i]!r}", str(path), line, CLOSURE_FIELDS[1 + i]
                )
        start = as_int(cells[3], path, line, "closure_start")
        end = as_int(cells[4], path, line, "closure_end")
        if start < 0:
            raise InputError("negative day", str(path), line, "closure_start")
        out.append(Closure(kind=kind, name1=names[0], name2=names[1], start_day=start, end_day=end))
    return out


def read_conflicts(path: Path, known: set[str], warnings: list[str]) -> dict[str, list[float]]:
    """Intensity per place and day (row order = day, as in Flee).

    A column for a place that is not in locations.csv is skipped with a warning, as Flee does:
    real scenarios carry such columns for places dropped from the graph.
    """
    if not path.is_file():
        return {}
    headers: list[str] | None = None
    series: dict[str, list[float]] = {}
    cols: list[tuple[int, str]] | None = None
    table: list[list[float]] = []
    for line, cells in rows(path):
        if headers is None:
            headers = [c.strip().strip('"') for c in cells]
            for i, name in enumerate(headers[1:], start=1):
                if not name:
                    continue
                if name not in known:
                    warnings.append(
                        f"{path.name}, column {i + 1}: place {name!r} is not in locations.csv; "
                        "its conflict column was skipped"
                    )
                    headers[i] = ""
                    continue
                if name in series:
                    raise InputError(f"place {name!r} appears twice", str(path), line, name)
                series[name] = []
            continue
        if is_comment(cells):
            continue
        if cols is None:
            cols = [(i, name) for i, name in enumerate(headers[1:], start=1) if name]
        try:  # the common case at once (these tables run to thousands of days x places)
            values = [float(cells[i]) for i, _ in cols]
            total = sum(values)
        except (ValueError, IndexError):
            values, total = [], math.nan
        if not (math.isfinite(total) and (not values or min(values) >= 0)):
            values = [_intensity(cells, i, path, line, name) for i, name in cols]
        table.append(values)
    for (_, name), column in zip(cols or [], zip(*table, strict=True), strict=False):
        series[name] = list(column)
    return series


def _intensity(cells: list[str], i: int, path: Path, line: int, name: str) -> float:
    """One cell of conflicts.csv, or the error that names it."""
    text = cells[i] if i < len(cells) else ""
    if text == "":
        raise InputError("missing value", str(path), line, name)
    value = as_float(text, path, line, name)
    if value < 0:
        raise InputError(f"negative intensity {value}", str(path), line, name)
    return value


def read_corrections(path: Path, observed: list[Series], start: dt.date) -> list[Correction]:
    if not path.is_file():
        return []
    by_name = {s.name: s for s in observed}
    out: list[Correction] = []
    for line, cells in rows(path):
        if is_comment(cells) or len(cells) < 2:
            continue
        camp = cells[0].strip('"')
        date = as_date(cells[1].strip('"'), path, line, "date")
        series = by_name.get(camp)
        if series is None:
            raise InputError(
                f"camp {camp!r} has no data in source_data/data_layout.csv", str(path), line, "camp"
            )
        day = (date - start).days
        if day not in series.days or series.days.index(day) == 0:
            raise InputError(
                f"{date} is not a registration date of {camp!r} after its first one",
                str(path),
                line,
                "date",
            )
        out.append(Correction(camp=camp, date=date))
    return out
