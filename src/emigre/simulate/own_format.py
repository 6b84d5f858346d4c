"""emigre's own scenario format: one YAML file a person can read and argue with.

Every number carries where it came from: `source:` (a claim or source id of the case, or a
citation) or `assumption:` (why this value was chosen). A scenario file names:

- `places`: origins (people leave from here, weighted by population), crossings and airports
  (passed through, never stayed at), destinations (where people stay or move on from), each
  optionally with `lat` and `lon` (decimal degrees) so maps can draw the routes;
- `routes`: road or air, with km and optionally how many people a day can pass (`per_day`);
  with `directed: true` every route is travelled only from `from` to `to`;
- `departures`: cumulative people gone by date: `driver: estimate` takes the case's estimate
  (emigre.simulate.estimated), and `points` are the table used without one;
- `policies`: closures and rule changes by date, each tied to a policy id of the case;
- `targets`: arrivals by destination and period, to calibrate against without an estimate;
- `calibration`: fitted pull and move chance per destination, with how they were fitted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from emigre.errors import InputError, describe_validation
from emigre.model.scenario import (
    Closure,
    ClosureKind,
    Intervention,
    InterventionKind,
    Place,
    PlaceKind,
    Route,
    Rules,
    Scenario,
    Series,
)

KINDS = {
    "origin": PlaceKind.conflict_zone,
    "crossing": PlaceKind.marker,
    "airport": PlaceKind.marker,
    "town": PlaceKind.town,
    "destination": PlaceKind.camp,
    "return": PlaceKind.camp,  # people who went back to the origin country: nobody leaves it
}
DRIVERS = ("estimate", "table")


@dataclass
class Target:
    """Observed (or estimated) arrivals at a destination over a period."""

    place: str
    start: dt.date
    end: dt.date
    people: float
    source: str
    measure: str = "flow"


@dataclass
class OwnScenario:
    scenario: Scenario
    targets: list[Target] = field(default_factory=list)
    policies: list[dict[str, Any]] = field(default_factory=list)
    path: str = ""
    driver: str = "table"
    """What the file asks to drive departures: `estimate` (the case's estimate) or `table`."""
    departures_used: str = "table"
    """What drives `scenario` now: `table` (the file's points), `estimate ...` or a file."""
    calibration: dict[str, Any] = field(default_factory=dict)
    """How the pulls and move chances were fitted (command, seed, estimate key)."""
    case: str | None = None
    """The case whose evidence (and estimate) the scenario draws on, if it names one."""

    def replace(self, **changes: Any) -> OwnScenario:
        from dataclasses import replace

        return replace(self, **changes)


def _where(doc: dict[str, Any], key: str) -> int | None:
    lines = doc.get("__lines__", {}) if isinstance(doc, dict) else {}
    return lines.get(key) or lines.get("")


_PROVENANCE = {"source", "claim", "assumption", "note", "__lines__"}
_KEYS = {
    "top": {
        "name",
        "title",
        "start",
        "end",
        "case",
        "modes",
        "rules",
        "places",
        "routes",
        "departures",
        "policies",
        "targets",
        "directed",
        "calibration",
    },
    "place": {
        "name",
        "kind",
        "country",
        "population",
        "attractiveness",
        "movechance",
        "label",
        "lat",
        "lon",
    },
    "route": {"from", "to", "km", "mode", "per_day"},
    "point": {"date", "people"},
    "policy": {"policy", "action", "route", "place", "value", "factor", "from", "to"},
    "target": {"place", "from", "to", "people", "measure"},
    "fitted": {"place", "attractiveness", "movechance"},
}
_BLOCKS = {
    "departures": {"driver", "points"},
    "calibration": {"command", "seed", "estimate", "periods", "places"},
}


def _check_keys(item: Any, kind: str, path: Path) -> None:
    """Unknown keys are errors, so a typo never passes silently."""
    if not isinstance(item, dict):
        raise InputError(f"expected a mapping for each {kind}", file=str(path))
    if kind in _BLOCKS:
        allowed = _BLOCKS[kind] | {"note", "__lines__"}
    else:
        allowed = _KEYS[kind] | (set() if kind in ("top", "fitted") else _PROVENANCE)
        allowed = allowed | {"__lines__"}
    keys = _BLOCKS.get(kind) or _KEYS[kind]
    for key in item:
        if key not in allowed:
            raise InputError(
                f"unknown field {key!r} in a {kind} (allowed: {', '.join(sorted(keys))})",
                file=str(path),
                line=_where(item, key),
                field=key,
            )


def _need_source(item: dict[str, Any], path: Path, what: str, refs: set[str] | None = None) -> str:
    for key in ("claim", "source"):
        ref = item.get(key)
        if ref and refs is not None and " " not in str(ref) and str(ref) not in refs:
            raise InputError(
                f"{key} {ref!r} of {what} is not in the case's claims.yaml or sources.yaml",
                file=str(path),
                line=_where(item, key),
                field=key,
            )
    src = item.get("claim") or item.get("source")
    if src:
        return str(src)
    if item.get("assumption"):
        return "assumption: " + str(item["assumption"])
    raise InputError(
        f"{what} has no `source:` or `assumption:` (every number says where it came from)",
        file=str(path),
        line=_where(item, ""),
        field="source",
    )


def _coordinates(item: dict[str, Any], path: Path) -> tuple[float | None, float | None]:
    """A place's `lat` and `lon` (decimal degrees): both or neither, each in range."""
    given = [k for k in ("lat", "lon") if item.get(k) is not None]
    if not given:
        return None, None
    if len(given) == 1:
        other = "lon" if given[0] == "lat" else "lat"
        raise InputError(
            f"{given[0]} without {other}: give both, or neither",
            str(path),
            _where(item, given[0]),
            other,
        )
    out = []
    for key, limit in (("lat", 90), ("lon", 180)):
        value = item[key]
        if isinstance(value, bool) or not isinstance(value, int | float) or abs(value) > limit:
            raise InputError(
                f"{key} must be a number of degrees from -{limit} to {limit}, not {value!r}",
                str(path),
                _where(item, key),
                key,
            )
        out.append(float(value))
    return out[0], out[1]


def _date(value: Any, path: Path, item: dict[str, Any], key: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InputError(
            f"not a date (YYYY-MM-DD): {value!r}", str(path), _where(item, key), key
        ) from None


def read_own_scenario(
    path: str | Path, known_policies: set[str] | None = None, refs: set[str] | None = None
) -> OwnScenario:
    """Read and check a scenario YAML file (policy, claim and source ids against the case's)."""
    from emigre.cases.files import _strip_lines, read_yaml

    path = Path(path)
    doc = read_yaml(path)
    if not isinstance(doc, dict):
        raise InputError("expected a mapping with places, routes, departures", file=str(path))
    _check_keys(doc, "top", path)
    for key in ("name", "start", "end", "places", "routes", "departures"):
        if key not in doc:
            raise InputError(f"missing `{key}`", file=str(path), field=key)
    start = _date(doc["start"], path, doc, "start")
    end = _date(doc["end"], path, doc, "end")
    if end <= start:
        raise InputError("`end` is not after `start`", str(path), _where(doc, "end"), "end")
    days = (end - start).days + 1

    def day(value: Any, item: dict[str, Any], key: str) -> int:
        d = (_date(value, path, item, key) - start).days
        if d < 0:
            raise InputError(
                f"{value} is before the scenario starts ({start})",
                str(path),
                _where(item, key),
                key,
            )
        return d

    raw_modes = doc.get("modes") or {}
    speeds = _strip_lines(raw_modes or {"road": 500.0, "air": 10000.0})
    if not isinstance(speeds, dict):
        raise InputError(
            "expected a mapping of mode: km a day", str(path), _where(doc, "modes"), "modes"
        )
    for mode, speed in speeds.items():
        if isinstance(speed, bool) or not isinstance(speed, int | float) or speed <= 0:
            raise InputError(
                f"expected km a day (a positive number), got {speed!r}",
                str(path),
                _where(raw_modes, str(mode)) if isinstance(raw_modes, dict) else None,
                f"modes.{mode}",
            )
    places: list[Place] = []
    names: set[str] = set()
    for item in doc["places"]:
        _check_keys(item, "place", path)
        where = _need_source(item, path, f"place {item.get('name')!r}", refs)
        kind = item.get("kind")
        if kind == "return" and item.get("movechance"):
            raise InputError(
                "a `return` place is never left: it takes no movechance",
                str(path),
                _where(item, "movechance"),
                "movechance",
            )
        if kind not in KINDS:
            raise InputError(
                f"unknown kind {kind!r} (expected {', '.join(KINDS)})",
                str(path),
                _where(item, "kind"),
                "kind",
            )
        lat, lon = _coordinates(item, path)
        for key in ("population", "attractiveness"):
            value = item.get(key)
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, int | float) or value < 0
            ):
                raise InputError(
                    f"{key} must be a number >= 0, not {value!r}", str(path), _where(item, key), key
                )
        try:
            place = Place(
                name=item["name"],
                country=item.get("country", ""),
                kind=KINDS[kind],
                conflict_date=0 if kind == "origin" else None,
                population=int(item.get("population", 0)),
                attractiveness=float(item.get("attractiveness", 1.0)),
                movechance=0.0 if kind == "return" else item.get("movechance"),
                lat=lat,
                lon=lon,
                attributes={
                    "label": str(item.get("label", item["name"])),
                    "kind": kind,
                    "source": where,
                },
            )
        except (ValidationError, KeyError, ValueError, TypeError) as exc:
            fld, msg = (
                describe_validation(exc)
                if isinstance(exc, ValidationError)
                else (None, f"bad place: {exc}")
            )
            raise InputError(msg, str(path), _where(item, fld or ""), fld) from exc
        if place.name in names:
            raise InputError(
                f"place {place.name!r} defined twice", str(path), _where(item, "name"), "name"
            )
        names.add(place.name)
        places.append(place)

    directed = doc.get("directed", False)
    if not isinstance(directed, bool):
        raise InputError(
            "`directed` is true or false", str(path), _where(doc, "directed"), "directed"
        )
    routes: list[Route] = []
    for item in doc["routes"]:
        _check_keys(item, "route", path)
        where = _need_source(item, path, f"route {item.get('from')!r}-{item.get('to')!r}", refs)
        for key in ("from", "to"):
            if item.get(key) not in names:
                raise InputError(
                    f"unknown place {item.get(key)!r}", str(path), _where(item, key), key
                )
        mode = item.get("mode", "road")
        if mode not in speeds:
            raise InputError(
                f"unknown mode {mode!r} (modes: {', '.join(speeds)})",
                str(path),
                _where(item, "mode"),
                "mode",
            )
        km = item.get("km")
        if not isinstance(km, int | float) or km < 0:
            raise InputError(
                f"km must be a number >= 0, not {km!r}", str(path), _where(item, "km"), "km"
            )
        per_day = item.get("per_day")
        if per_day is not None and (
            isinstance(per_day, bool) or not isinstance(per_day, int) or per_day < 0
        ):
            raise InputError(
                f"per_day must be a whole number of people >= 0, not {per_day!r}",
                str(path),
                _where(item, "per_day"),
                "per_day",
            )
        routes.append(
            Route(
                a=item["from"],
                b=item["to"],
                distance_km=float(km),
                max_move_speed=float(speeds[mode]),
                capacity_per_day=item.get("per_day"),
                one_way=directed,
                attributes={"mode": mode, "source": where},
            )
        )

    dep = doc["departures"]
    if isinstance(dep, dict):
        _check_keys(dep, "departures", path)
    driver = str(dep.get("driver", "table")) if isinstance(dep, dict) else "table"
    if driver not in DRIVERS:
        raise InputError(
            f"unknown departures driver {driver!r} (expected {' or '.join(DRIVERS)})",
            str(path),
            _where(dep, "driver"),
            "departures.driver",
        )
    points = dep.get("points") if isinstance(dep, dict) else None
    if not points:
        raise InputError(
            "`departures` needs `points` (date, people)",
            str(path),
            _where(doc, "departures"),
            "departures.points",
        )
    dep_days, dep_values = [], []
    for p in points:
        _check_keys(p, "point", path)
        _need_source(p, path, f"departures point {p.get('date')}", refs)
        dep_days.append(day(p["date"], p, "date"))
        dep_values.append(float(p["people"]))
    if any(b < a for a, b in pairwise(dep_values)):
        raise InputError(
            "departures must be cumulative (never falling)",
            str(path),
            _where(dep, "points"),
            "departures.points",
        )

    closures: list[Closure] = []
    interventions: list[Intervention] = []
    policies = []
    for item in doc.get("policies") or []:
        _check_keys(item, "policy", path)
        pid = item.get("policy")
        if known_policies is not None and pid not in known_policies:
            raise InputError(
                f"unknown policy id {pid!r} (not in the case's policies.yaml)",
                str(path),
                _where(item, "policy"),
                "policy",
            )
        action = item.get("action")
        first = day(item["from"], item, "from")
        last = day(item["to"], item, "to") if item.get("to") else -1
        if action == "close":
            a, b = item["route"]
            closures.append(
                Closure(kind=ClosureKind.link, name1=a, name2=b, start_day=first, end_day=last)
            )
        elif action in ("cap", "movechance", "attractiveness"):
            a, b = item["route"] if action == "cap" else (item["place"], "")
            has = [k for k in ("value", "factor") if k in item]
            if len(has) != 1 or (action == "cap" and has != ["value"]):
                need = "`value`" if action == "cap" else "one of `value` or `factor`"
                raise InputError(
                    f"a {action} policy needs {need}", str(path), _where(item, ""), "value"
                )
            try:
                number = float(item[has[0]])
            except (TypeError, ValueError):
                raise InputError(
                    f"not a number: {item[has[0]]!r}", str(path), _where(item, has[0]), has[0]
                ) from None
            interventions.append(
                Intervention(
                    kind=InterventionKind(action),
                    a=a,
                    b=b,
                    start_day=first,
                    end_day=last,
                    value=number,
                    factor=has[0] == "factor",
                    note=str(pid or ""),
                )
            )
        else:
            raise InputError(
                f"unknown action {action!r} (close, cap, movechance, attractiveness)",
                str(path),
                _where(item, "action"),
                "action",
            )
        policies.append(_strip_lines(item))

    targets = []
    for item in doc.get("targets") or []:
        _check_keys(item, "target", path)
        src = _need_source(item, path, f"target {item.get('place')!r}", refs)
        if item.get("place") not in names:
            raise InputError(
                f"unknown place {item.get('place')!r}", str(path), _where(item, "place"), "place"
            )
        targets.append(
            Target(
                place=item["place"],
                start=_date(item["from"], path, item, "from"),
                end=_date(item["to"], path, item, "to"),
                people=float(item["people"]),
                source=src,
                measure=str(item.get("measure", "flow")),
            )
        )

    try:
        # own-format links end on the day their distance is reached (its timings assume it)
        rules = Rules(**{"finish_on_reach": True, **_strip_lines(doc.get("rules") or {})})
    except ValidationError as exc:
        fld, msg = describe_validation(exc)
        raise InputError(
            msg, str(path), _where(doc.get("rules") or {}, fld or ""), f"rules.{fld}"
        ) from exc
    calibration = _strip_lines(doc.get("calibration") or {})
    if calibration:
        places, extra = _calibrated(doc["calibration"], places, names, path, day)
        interventions += extra
    scenario = Scenario(
        name=str(doc["name"]),
        start_date=start,
        days=days,
        places=places,
        routes=routes,
        closures=closures,
        interventions=interventions,
        spawn_total=Series(name="departures", days=dep_days, values=dep_values),
        rules=rules,
        source=str(path),
    )
    return OwnScenario(
        scenario=scenario,
        targets=targets,
        policies=policies,
        path=str(path),
        driver=driver,
        calibration=calibration,
        case=str(doc["case"]) if doc.get("case") else None,
    )


def _calibrated(
    block: dict[str, Any],
    places: list[Place],
    names: set[str],
    path: Path,
    day: Any,
) -> tuple[list[Place], list[Intervention]]:
    """Fitted values over the places: a pull per period becomes the first period's pull and,
    from each later period's start, a factor on it (composing with what-ifs and draws)."""
    _check_keys(block, "calibration", path)
    starts = block.get("periods") or []
    days = [day(d, block, "periods") for d in starts]
    if any(b <= a for a, b in pairwise(days)):
        raise InputError(
            "calibration periods must be in order", str(path), _where(block, "periods"), "periods"
        )
    fitted: dict[str, dict[str, float]] = {}
    extra: list[Intervention] = []
    for item in block.get("places") or []:
        _check_keys(item, "fitted", path)
        name = item.get("place")
        if name not in names:
            raise InputError(
                f"unknown place {name!r}", str(path), _where(item, "place"), "calibration.place"
            )
        values: dict[str, float] = {}
        try:
            if "movechance" in item:
                values["movechance"] = float(item["movechance"])
            pull = item.get("attractiveness")
            if isinstance(pull, list):
                if len(pull) != len(days) or not days:
                    raise InputError(
                        f"{len(pull)} pulls for {len(days)} calibration periods",
                        str(path),
                        _where(item, "attractiveness"),
                        "attractiveness",
                    )
                pulls = [float(x) for x in pull]
                values["attractiveness"] = pulls[0]
                extra += period_interventions(name, days, pulls)
            elif pull is not None:
                values["attractiveness"] = float(pull)
        except (TypeError, ValueError):
            raise InputError(
                "calibrated values must be numbers", str(path), _where(item, ""), "calibration"
            ) from None
        fitted[name] = values
    return [p.model_copy(update=fitted[p.name]) if p.name in fitted else p for p in places], extra


CALIBRATION_NOTE = "calibration"


def period_interventions(name: str, days: list[int], pulls: list[float]) -> list[Intervention]:
    """A place's pull by period as changes from each later period's start: factors on the
    first period's pull (so they compose with what-ifs and ensemble draws)."""
    out = []
    for k in range(1, len(pulls)):
        out.append(
            Intervention(
                kind=InterventionKind.attractiveness,
                a=name,
                start_day=days[k],
                end_day=days[k + 1] if k + 1 < len(days) else -1,
                value=pulls[k] / pulls[0] if pulls[0] > 0 else pulls[k],
                factor=pulls[0] > 0,
                note=CALIBRATION_NOTE,
            )
        )
    return out


def case_scenario_path(case: str) -> Path:
    """The built-in scenario of a case (e.g. russia-2022)."""
    from emigre.cases import HERE, SCENARIO_FILE, builtin_scenarios

    path = builtin_scenarios().get(case)
    if path is None:
        missing = HERE / case.replace("-", "_") / SCENARIO_FILE
        raise InputError(f"case {case!r} has no built-in scenario", file=str(missing))
    return path


def case_reference_ids(case: str) -> set[str] | None:
    """Ids of the case's claims and sources (what `claim:` and `source:` may name)."""
    from emigre.cases.files import read_yaml

    folder = case_scenario_path(case).parent
    ids: set[str] = set()
    for name in ("claims.yaml", "sources.yaml"):
        if (folder / name).is_file():
            ids |= {x["id"] for x in read_yaml(folder / name) or [] if isinstance(x, dict)}
    return ids or None


def case_policy_ids(case: str) -> set[str] | None:
    from emigre.cases.files import read_yaml

    path = case_scenario_path(case).parent / "policies.yaml"
    if not path.is_file():
        return None
    return {p["id"] for p in read_yaml(path) or [] if isinstance(p, dict) and "id" in p}


def with_departures(
    own: OwnScenario, dates: list[dt.date], cumulative: list[float], source: str = ""
) -> OwnScenario:
    """The scenario driven by another departures series (e.g. emigre.estimate's median).

    `dates` ascending, `cumulative` people gone by each date (never falling); dates before the
    scenario's start are dropped, the series is held flat after its last date.
    """
    start = own.scenario.start_date
    pairs = sorted(zip(dates, cumulative, strict=True))
    days = [(d - start).days for d, _ in pairs]
    values = [float(v) for _, v in pairs]
    if not pairs:
        raise InputError("an empty departures series", field="departures")
    if any(b < a for a, b in pairwise(values)):
        raise InputError("departures must be cumulative (never falling)", field="departures")
    keep = [i for i, d in enumerate(days) if d >= 0]
    if not keep:
        raise InputError(
            f"every departure date is before the scenario starts ({start})", field="departures"
        )
    series = Series(
        name=source or "departures", days=[days[i] for i in keep], values=[values[i] for i in keep]
    )
    scenario = own.scenario.model_copy(update={"spawn_total": series})
    return own.replace(scenario=scenario, departures_used=source or "departures")


def read_departures_csv(path: str | Path) -> tuple[list[dt.date], list[float]]:
    """A `date,people` table of cumulative departures (a header line is allowed)."""
    import csv

    path = Path(path)
    dates: list[dt.date] = []
    values: list[float] = []
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            for line, row in enumerate(csv.reader(fh), start=1):
                if not row or not row[0].strip() or row[0].startswith("#"):
                    continue
                try:
                    d = dt.date.fromisoformat(row[0].strip())
                except ValueError:
                    if line == 1:
                        continue  # header
                    raise InputError(f"not a date: {row[0]!r}", str(path), line, "date") from None
                try:
                    v = float(row[1])
                except (IndexError, ValueError):
                    raise InputError("not a number", str(path), line, "people") from None
                dates.append(d)
                values.append(v)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", file=str(path)) from exc
    return dates, values
