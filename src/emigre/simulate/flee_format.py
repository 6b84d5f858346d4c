"""Read a scenario folder in Flee's format, as FabFlee hands it to a run, into a Scenario.

Layout: input_csv/ (locations, routes, conflicts, closures, sim_period or conflict_period,
registration_corrections), source_data/ (data_layout.csv and one CSV per camp) and an
optional simsetting.yml. Every malformed value raises InputError naming file, line and field.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import math
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from emigre.errors import InputError
from emigre.model.scenario import (
    Closure,
    ClosureKind,
    Correction,
    Place,
    PlaceKind,
    Route,
    Rules,
    Scenario,
    Series,
)

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

# simsetting.yml keys this engine acts on, by section -> Rules field.
_MOVE_KEYS = {
    "max_move_speed": "max_move_speed",
    "max_walk_speed": "max_walk_speed",
    "foreign_weight": "foreign_weight",
    "camp_weight": "camp_weight",
    "conflict_weight": "conflict_weight",
    "conflict_movechance": "conflict_movechance",
    "camp_movechance": "camp_movechance",
    "idpcamp_movechance": "idpcamp_movechance",
    "default_movechance": "default_movechance",
    "awareness_level": "awareness_level",
    "capacity_buffer": "capacity_buffer",
    "capacity_counts_en_route": "capacity_counts_en_route",
    "start_on_foot": "start_on_foot",
    "softening": "softening",
    "weight_softening": "weight_softening",
    "weight_power": "weight_power",
    "distance_power": "distance_power",
    "movechance_pop_base": "movechance_pop_base",
    "movechance_pop_scale_factor": "movechance_pop_scale_factor",
}
_SPAWN_KEYS = {
    "conflict_spawn_decay": "conflict_spawn_decay",
    "insert_day0": "insert_day0",
    "take_from_population": "take_from_population",
}
# Keys that change nothing when they hold their neutral value.
_NEUTRAL = {
    ("move_rules", "avoid_short_stints"): False,
    ("move_rules", "stay_close_to_home"): False,
    ("move_rules", "use_pop_for_loc_weight"): False,
    ("move_rules", "use_v1_rules"): False,
    ("move_rules", "capacity_scaling"): 1.0,
    ("spawn_rules", "conflict_zone_spawning_only"): True,
    ("spawn_rules", "flood_zone_spawning_only"): False,
    ("spawn_rules", "read_from_agents_csv_file"): False,
}


def read_flee_scenario(folder: str | Path, name: str | None = None) -> Scenario:
    """The whole folder as one Scenario; nothing is guessed silently."""
    root = Path(folder)
    if not root.is_dir():
        raise InputError("not a folder", file=str(root))
    inp = root / "input_csv"
    if not inp.is_dir():
        raise InputError("no input_csv/ folder in the scenario", file=str(root))

    start, days = _read_period(inp)
    places = _read_locations(inp / "locations.csv")
    known = {p.name for p in places}
    countries = {p.country for p in places}
    routes = _read_routes(inp / "routes.csv", known)
    closures = _read_closures(inp / "closures.csv", known, countries)
    warnings: list[str] = []
    conflicts = _read_conflicts(inp / "conflicts.csv", known, warnings)
    rules, ignored = _read_settings(root / "simsetting.yml")
    warnings += [f"simsetting.yml: {key} is not supported and was ignored" for key in ignored]

    src = root / "source_data"
    spawn_total: Series | None = None
    observed: list[Series] = []
    if (src / "data_layout.csv").is_file():
        spawn_total, observed = _read_layout(src, start, known, warnings)
    corrections = _read_corrections(inp / "registration_corrections.csv", observed, start)
    _check_reachable(places, routes, conflicts, observed, inp, warnings)
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


# --- CSV helpers -------------------------------------------------------------------------


def _rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(line number, stripped cells) for each non-empty row of a CSV file."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            reader = csv.reader(fh)
            try:
                for row in reader:
                    cells = [c.strip() for c in row]
                    if any(cells):
                        yield reader.line_num, cells
            except csv.Error as exc:
                raise InputError(
                    f"not valid CSV: {exc}", file=str(path), line=reader.line_num
                ) from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start})", file=str(path)) from exc
    except FileNotFoundError as exc:
        raise InputError("file is missing", file=str(path)) from exc
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", file=str(path)) from exc


def _is_comment(cells: list[str]) -> bool:
    return cells[0].startswith("#")


def _float(text: str, path: Path, line: int, field: str, *, default: float | None = None) -> float:
    if text == "" and default is not None:
        return default
    try:
        value = float(text)
    except ValueError:
        raise InputError(
            f"not a number: {text!r}", file=str(path), line=line, field=field
        ) from None
    if not math.isfinite(value):
        raise InputError(f"not a finite number: {text!r}", file=str(path), line=line, field=field)
    return value


def _int(text: str, path: Path, line: int, field: str, *, default: int | None = None) -> int:
    if text == "" and default is not None:
        return default
    try:
        return int(text)
    except ValueError:
        pass
    value = _float(text, path, line, field)
    if value != int(value):
        raise InputError(f"not a whole number: {text!r}", file=str(path), line=line, field=field)
    return int(value)


def _date(text: str, path: Path, line: int, field: str) -> dt.date:
    try:
        return dt.datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        raise InputError(
            f"not a date (YYYY-MM-DD): {text!r}", file=str(path), line=line, field=field
        ) from None


# --- input_csv -----------------------------------------------------------------------------


def _read_period(inp: Path) -> tuple[dt.date, int]:
    path = inp / "sim_period.csv"
    if not path.is_file():
        path = inp / "conflict_period.csv"
    if not path.is_file():
        raise InputError("neither sim_period.csv nor conflict_period.csv found", file=str(inp))
    start: dt.date | None = None
    length: int | None = None
    for line, cells in _rows(path):
        key = cells[0].lower()
        value = cells[1] if len(cells) > 1 else ""
        if key == "startdate":
            start = _date(value, path, line, "StartDate")
        elif key == "length":
            length = _int(value, path, line, "Length")
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


def _read_locations(path: Path) -> list[Place]:
    places: list[Place] = []
    extra: list[str] = []
    seen: dict[str, int] = {}
    for line, cells in _rows(path):
        if _is_comment(cells):
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
            raise InputError(
                f"place {name!r} already defined on line {seen[name]}",
                file=str(path),
                line=line,
                field="name",
            )
        seen[name] = line
        kind = _place_kind(cells[5], path, line)
        conflict_date = None
        if cells[6]:
            conflict_date = _int(cells[6], path, line, "conflict_date")
        population = _int(cells[7], path, line, "population", default=0)
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
                lat=_float(cells[3], path, line, "latitude", default=0.0),
                lon=_float(cells[4], path, line, "longitude", default=0.0),
                kind=kind,
                conflict_date=conflict_date,
                population=population,
                attributes=attributes,
            )
        )
    if not places:
        raise InputError("no places", file=str(path))
    return places


def _read_routes(path: Path, known: set[str]) -> list[Route]:
    routes: list[Route] = []
    extra: list[str] = []
    for line, cells in _rows(path):
        if _is_comment(cells):
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
        distance = _float(cells[2], path, line, "distance")
        if distance < 0:
            raise InputError(f"negative distance {distance}", str(path), line, "distance")
        forced = 0
        if len(cells) > 3:
            forced = _int(cells[3], path, line, "forced_redirection", default=0)
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
                speed = _float(cells[pos], path, line, key)
                if speed <= 0:
                    raise InputError("must be positive", str(path), line, key)
            elif key == "walk_probability":
                walk = _float(cells[pos], path, line, key)
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


def _read_closures(path: Path, known: set[str], countries: set[str]) -> list[Closure]:
    if not path.is_file():
        return []
    out: list[Closure] = []
    kinds = {k.value for k in ClosureKind}
    for line, cells in _rows(path):
        if _is_comment(cells):
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
        start = _int(cells[3], path, line, "closure_start")
        end = _int(cells[4], path, line, "closure_end")
        if start < 0:
            raise InputError("negative day", str(path), line, "closure_start")
        out.append(Closure(kind=kind, name1=names[0], name2=names[1], start_day=start, end_day=end))
    return out


def _read_conflicts(path: Path, known: set[str], warnings: list[str]) -> dict[str, list[float]]:
    """Intensity per place and day (row order = day, as in Flee).

    A column for a place that is not in locations.csv is skipped with a warning, as Flee does:
    real scenarios carry such columns for places dropped from the graph.
    """
    if not path.is_file():
        return {}
    headers: list[str] | None = None
    series: dict[str, list[float]] = {}
    for line, cells in _rows(path):
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
        if _is_comment(cells):
            continue
        for i, name in enumerate(headers[1:], start=1):
            if not name:
                continue
            text = cells[i] if i < len(cells) else ""
            if text == "":
                raise InputError("missing value", str(path), line, name)
            value = _float(text, path, line, name)
            if value < 0:
                raise InputError(f"negative intensity {value}", str(path), line, name)
            series[name].append(value)
    return series


def _read_corrections(path: Path, observed: list[Series], start: dt.date) -> list[Correction]:
    if not path.is_file():
        return []
    by_name = {s.name: s for s in observed}
    out: list[Correction] = []
    for line, cells in _rows(path):
        if _is_comment(cells) or len(cells) < 2:
            continue
        camp = cells[0].strip('"')
        date = _date(cells[1].strip('"'), path, line, "date")
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


# --- source_data -----------------------------------------------------------------------------


def read_count_file(path: Path, start: dt.date, name: str) -> Series:
    """A `date,count` file: comments (#) and a header line are skipped, dates may be sparse."""
    points: dict[int, float] = {}
    first = True
    for line, cells in _rows(path):
        if _is_comment(cells) or cells[0] == "":
            first = False
            continue
        try:
            date = dt.datetime.strptime(cells[0], "%Y-%m-%d").date()
        except ValueError:
            if first:  # a header line
                first = False
                continue
            raise InputError(
                f"not a date (YYYY-MM-DD): {cells[0]!r}", str(path), line, "date"
            ) from None
        first = False
        if len(cells) < 2 or cells[1] == "":
            continue
        value = _float(cells[1], path, line, "count")
        if value < 0:
            raise InputError(f"negative count {value}", str(path), line, "count")
        points[(date - start).days] = value
    if not points:
        raise InputError("no dated counts", file=str(path))
    days = sorted(points)
    return Series(name=name, days=days, values=[points[d] for d in days])


def _sum_series(name: str, parts: list[Series]) -> Series:
    """Several files for one camp (inside and outside it): each interpolated, then added."""
    if len(parts) == 1:
        return parts[0].model_copy(update={"name": name})
    from emigre.simulate.series import interpolate

    days = sorted({d for p in parts for d in p.days})
    total = [0.0] * len(days)
    for p in parts:
        vals = interpolate(p.days, p.values, days)
        total = [a + b for a, b in zip(total, vals, strict=True)]
    return Series(name=name, days=days, values=total)


def _read_layout(
    src: Path, start: dt.date, known: set[str], warnings: list[str]
) -> tuple[Series | None, list[Series]]:
    """The spawn total and the per-camp observations.

    A row for a camp that is not a place of the graph is skipped with a warning (Flee never
    compares it with anything either).
    """
    layout = src / "data_layout.csv"
    total: Series | None = None
    camps: list[Series] = []
    seen: set[str] = set()
    for line, cells in _rows(layout):
        if _is_comment(cells):
            continue
        files = [c for c in cells[1:] if c]
        if not files:
            raise InputError("no data file named", str(layout), line, "file")
        name = cells[0]
        if name != "total" and name not in known:
            warnings.append(
                f"data_layout.csv, line {line}: {name!r} is not in locations.csv; its data "
                "were not used"
            )
            continue
        if name in seen:
            raise InputError(f"{name!r} listed twice", str(layout), line, "name")
        seen.add(name)
        parts = []
        for f in files:
            path = src / f
            if not path.is_file():
                raise InputError(f"data file {f!r} is missing", str(layout), line, "file")
            parts.append(read_count_file(path, start, name))
        series = _sum_series(name, parts)
        if name == "total":
            total = series
        else:
            camps.append(series)
    if total is None:
        raise InputError("no 'total' row (the file of all displaced people)", str(layout))
    return total, camps


# --- simsetting.yml ---------------------------------------------------------------------------


def _key_lines(text: str) -> dict[tuple[str, ...], int]:
    """Line of each key path in a YAML mapping (for errors that point at a line)."""
    lines: dict[tuple[str, ...], int] = {}

    def walk(node: Any, prefix: tuple[str, ...]) -> None:
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                key = (*prefix, str(k.value))
                lines[key] = k.start_mark.line + 1
                walk(v, key)

    with contextlib.suppress(yaml.YAMLError):
        walk(yaml.compose(text), ())
    return lines


class _LazyLines:
    """Key lines, worked out only when an error needs one."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._lines: dict[tuple[str, ...], int] | None = None

    def get(self, key: tuple[str, ...]) -> int | None:
        if self._lines is None:
            self._lines = _key_lines(self.text)
        return self._lines.get(key)


def _read_settings(path: Path) -> tuple[Rules, list[str]]:
    if not path.is_file():
        return Rules(), []
    text = path.read_text(encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(text, Loader=loader) or {}
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise InputError(f"not valid YAML: {exc.problem}", file=str(path), line=line) from exc
    if not isinstance(data, dict):
        raise InputError("expected a mapping of settings", file=str(path))
    lines = _LazyLines(text)
    values: dict[str, Any] = {}
    ignored: list[str] = []
    for section, keys in (("move_rules", _MOVE_KEYS), ("spawn_rules", _SPAWN_KEYS)):
        block = data.get(section) or {}
        if not isinstance(block, dict):
            raise InputError("expected a mapping", str(path), lines.get((section,)), section)
        for key, value in block.items():
            if key in keys:
                values[keys[key]] = (value, (section, key))
            elif _NEUTRAL.get((section, key), object()) != value:
                ignored.append(f"{section}.{key}")
    hasten = (data.get("optimisations") or {}).get("hasten")
    if hasten is not None:
        values["hasten"] = (hasten, ("optimisations", "hasten"))
    fields = {k: v for k, (v, _) in values.items()}
    if isinstance(fields.get("conflict_spawn_decay"), dict):
        decay = fields["conflict_spawn_decay"]
        fields["conflict_spawn_decay"] = [decay[k] for k in sorted(decay)]
    try:
        return Rules(**fields), ignored
    except Exception as exc:  # pydantic ValidationError: point at the key's line
        from emigre.errors import describe_validation

        field, message = describe_validation(exc)
        where = values.get((field or "").split(".")[0], (None, ()))[1]
        raise InputError(
            message, file=str(path), line=lines.get(tuple(where)), field=".".join(where) or field
        ) from exc


# --- graph checks --------------------------------------------------------------------------


def _check_reachable(
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
