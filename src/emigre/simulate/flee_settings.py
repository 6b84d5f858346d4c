"""simsetting.yml with Flee 3.1's meaning: every key Flee 3.1 reads, its default and range.

Flee 3.1 (SimulationSettings.ReadFromYML) reads four sections and ignores every key it does not
know. Here each key is one of:
- a rule: it sets a field of `Rules` and the engine acts on it as Flee 3.1 does;
- inert: Flee 3.1 reads it, but its serial engine never lets it change a run (log levels write
  files; max_crossing_speed only applies to micro-Flee's "crossing" links; home_distance_power
  only with stay_close_to_home), so it is accepted and changes nothing here either;
- not implemented here: accepted only at the value that leaves Flee's rules unchanged, and
  refused with its line at any other value (never ignored);
- a later Flee's key (DFlee floods, FabFlee's capacity_scaling ...), which Flee 3.1 ignores: a
  later feature the run needs is refused with the reason, a setting Flee 3.1 simply skips is
  skipped here too and said so in the scenario's warnings.
Any other key is refused with file, line and key.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from emigre.errors import InputError
from emigre.model.scenario import Rules

SQRT_TEN = 3.16227766017


@dataclass(frozen=True)
class Setting:
    """One key of simsetting.yml as Flee 3.1 reads it."""

    default: Any
    meaning: str
    field: str | None = None  # the Rules field it sets; None: it cannot change a run
    kind: type = float
    neutral_only: bool = False  # emigre does not implement it: only `default` is accepted


MOVE_RULES: dict[str, Setting] = {
    "max_move_speed": Setting(360.0, "km a day on a link", "max_move_speed"),
    "max_walk_speed": Setting(35.0, "km a day on a leg walked", "max_walk_speed"),
    "max_crossing_speed": Setting(
        20.0, "km a day over micro-Flee's 'crossing' links; the serial macro model never uses it"
    ),
    "foreign_weight": Setting(1.0, "pull of a place abroad", "foreign_weight"),
    "camp_weight": Setting(1.0, "pull of a camp", "camp_weight"),
    "conflict_weight": Setting(
        1.0 / SQRT_TEN, "pull of a place at war, ^(intensity x decay)", "conflict_weight"
    ),
    "conflict_movechance": Setting(
        1.0, "daily chance to leave a conflict zone", "conflict_movechance"
    ),
    "camp_movechance": Setting(0.001, "daily chance to leave a camp", "camp_movechance"),
    "idpcamp_movechance": Setting(0.1, "daily chance to leave an IDP camp", "idpcamp_movechance"),
    "default_movechance": Setting(0.3, "daily chance to leave a town", "default_movechance"),
    "awareness_level": Setting(
        1, "links of the paths weighed (0: a neighbour at random)", "awareness_level", int
    ),
    "capacity_buffer": Setting(0.9, "share of capacity at which a camp fills", "capacity_buffer"),
    "avoid_short_stints": Setting(
        False, "a short day's travel forces a move on from a town", "avoid_short_stints", bool
    ),
    "start_on_foot": Setting(False, "the first link is walked", "start_on_foot", bool),
    "use_v1_rules": Setting(False, "Flee 1's speeds and weights", "use_v1_rules", bool),
    "softening": Setting(10.0, "km added to every path length", "softening"),
    "weight_softening": Setting(0.0, "added to every place's score", "weight_softening"),
    "weight_power": Setting(1.0, "power of every path weight", "weight_power"),
    "distance_power": Setting(1.0, "power of the path length", "distance_power"),
    "stay_close_to_home": Setting(
        False, "weights divided by distance from home ^ power", kind=bool, neutral_only=True
    ),
    "home_distance_power": Setting(0.5, "power for stay_close_to_home (used only with it)"),
    "use_pop_for_loc_weight": Setting(
        False, "pull of a town x min(1, population) ^ power", "use_pop_for_loc_weight", bool
    ),
    "pop_power_for_loc_weight": Setting(
        0.1, "power for use_pop_for_loc_weight", "pop_power_for_loc_weight"
    ),
    "movechance_pop_base": Setting(10000.0, "population of move chance x 1", "movechance_pop_base"),
    "movechance_pop_scale_factor": Setting(
        0.0, "move chance x (population / base) ^ factor", "movechance_pop_scale_factor"
    ),
    # emigre's own key (not Flee's): Flee 3.1 behaves as false; emigre's default is true
    "capacity_counts_en_route": Setting(
        True, "a camp's room counts those on their way there", "capacity_counts_en_route", bool
    ),
    # Flee 3.0 prototypes: they read agents' demographic attributes, which emigre has not
    "ChildrenAvoidHazards": Setting(
        False, "children weigh safety twice", kind=bool, neutral_only=True
    ),
    "BoysTakeRisk": Setting(False, "teenage boys ignore safety", kind=bool, neutral_only=True),
    "MatchCampEthnicity": Setting(False, "camps by ethnicity", kind=bool, neutral_only=True),
    "MatchTownEthnicity": Setting(False, "towns by ethnicity", kind=bool, neutral_only=True),
    "MatchConflictEthnicity": Setting(False, "zones by ethnicity", kind=bool, neutral_only=True),
}

SPAWN_RULES: dict[str, Setting] = {
    "take_from_population": Setting(
        False, "spawned agents leave a zone's population", "take_from_population", bool
    ),
    "insert_day0": Setting(True, "camps start with their day-0 count", "insert_day0", bool),
    "conflict_zone_spawning_only": Setting(
        True, "spawn only at conflict zones (Flee 3.1 never spawns elsewhere either)", kind=bool
    ),
    "flood_zone_spawning_only": Setting(
        False, "spawn at flood zones (DFlee)", kind=bool, neutral_only=True
    ),
    "camps_are_sicks": Setting(  # sic: the key Flee 3.1 reads for camps_are_sinks
        False,
        "camp residents vanish with the camp's deactivation_probability",
        kind=bool,
        neutral_only=True,
    ),
    "read_from_agents_csv_file": Setting(
        False, "agents from agents.csv", kind=bool, neutral_only=True
    ),
    "conflict_spawn_decay": Setting(
        None, "spawn and pull damping by 30-day block since onset", "conflict_spawn_decay", list
    ),
    "conflict_driven_spawning": Setting(
        None, "conflicts spawn a fixed rate instead of refugees.csv", "conflict_driven", dict
    ),
}

LOG_LEVELS: dict[str, Setting] = {
    name: Setting(0, "output files only", kind=int)
    for name in ("agent", "link", "camp", "init", "conflict", "idp_totals")
}

OPTIMISATIONS: dict[str, Setting] = {
    "hasten": Setting(1, "one agent per this many people", "hasten", int),
}

SECTIONS = {
    "move_rules": MOVE_RULES,
    "spawn_rules": SPAWN_RULES,
    "log_levels": LOG_LEVELS,
    "optimisations": OPTIMISATIONS,
}

TOP_LEVEL = {  # read by Flee 3.1 outside the four sections; emigre takes both from input_csv/
    "number_of_steps": -1,
    "conflict_input_file": "",
}

# Keys of later Flee versions. Flee 3.1 skips them; a later feature a run depends on is refused.
LATER_FEATURES = {
    ("flood_rules",): "DFlee's flood model",
    ("move_rules", "flood_rules"): "DFlee's flood model",
    ("move_rules", "max_flood_level"): "DFlee's flood model",
    ("spawn_rules", "flood_driven_spawning"): "DFlee's flood-driven spawning",
    ("spawn_rules", "flood_driven_spawn_mode"): "DFlee's flood-driven spawning",
}
LATER_SKIPPED = {  # Flee 3.1 skips them without a word; so does this run, with a warning
    ("move_rules", "capacity_scaling"): 1.0,
    ("spawn_rules", "sum_from_camps"): False,
    ("spawn_rules", "conflict_spawn_decay_interval"): 30,
    ("spawn_rules", "empty_camps_on_day0"): False,
    ("log_levels", "granularity"): None,
    ("log_levels", "Flood"): None,
}

V1_RULES = {  # what use_v1_rules sets in Flee 3.1, over whatever the file says
    "max_move_speed": 200.0,
    "start_on_foot": False,
    "avoid_short_stints": False,
    "camp_weight": 2.0,
    "conflict_weight": 0.25,
}

SPAWN_MODES = ("constant", "pop_ratio")


def key_lines(text: str) -> dict[tuple[str, ...], int]:
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


class _Reader:
    """One simsetting.yml: values for Rules, notes on what was skipped, errors with lines."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = key_lines(text)
        self.fields: dict[str, Any] = {}
        self.where: dict[str, tuple[str, ...]] = {}
        self.notes: list[str] = []

    def fail(self, key: tuple[str, ...], message: str) -> InputError:
        return InputError(message, str(self.path), self.lines.get(key), ".".join(key))

    def section(self, name: str, block: Any, table: dict[str, Setting]) -> None:
        if block is None:
            return
        if not isinstance(block, dict):
            raise self.fail((name,), "expected a mapping of settings")
        for key, value in block.items():
            path = (name, str(key))
            if str(key) in table:
                self.setting(path, table[str(key)], value)
            else:
                self.unknown(path, value)

    def setting(self, path: tuple[str, ...], s: Setting, value: Any) -> None:
        value = self.typed(path, s, value)
        if s.neutral_only and value != s.default:
            raise self.fail(
                path,
                f"{path[-1]}: {value!r} ({s.meaning}) is a Flee 3.1 rule emigre does not "
                f"implement yet; only {s.default!r} is accepted",
            )
        if s.field is not None:
            self.fields[s.field] = value
            self.where[s.field] = path

    def typed(self, path: tuple[str, ...], s: Setting, value: Any) -> Any:
        if s.kind is bool:
            if not isinstance(value, bool):
                raise self.fail(path, f"expected true or false, got {value!r}")
            return value
        if s.kind in (int, float):
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise self.fail(path, f"expected a number, got {value!r}")
            if s.kind is int and value != int(value):
                raise self.fail(path, f"expected a whole number, got {value!r}")
            return s.kind(value)
        if s.kind is list:
            return self.decay(path, value)
        return self.conflict_driven(path, value)

    def decay(self, path: tuple[str, ...], value: Any) -> list[float] | None:
        if value is None:
            return None
        if isinstance(value, dict):  # Flee indexes it by block number: keys 0, 1, 2 ...
            if sorted(value) != list(range(len(value))):
                raise self.fail(path, "a mapping needs the keys 0, 1, 2 ... (30-day blocks)")
            value = [value[k] for k in range(len(value))]
        if not isinstance(value, list) or not all(
            isinstance(v, int | float) and not isinstance(v, bool) and v >= 0 for v in value
        ):
            raise self.fail(path, "expected a list of non-negative numbers, one per 30 days")
        return [float(v) for v in value]

    def conflict_driven(self, path: tuple[str, ...], value: Any) -> dict[str, Any] | None:
        if value is None:
            return None
        if not isinstance(value, dict):
            raise self.fail(path, "expected spawn_mode and displaced_per_conflict_day")
        for key in value:
            if key not in ("spawn_mode", "displaced_per_conflict_day"):
                raise self.fail((*path, str(key)), f"unknown setting {key!r} (Flee 3.1 has none)")
        mode = value.get("spawn_mode", "constant")
        if mode not in SPAWN_MODES:
            raise self.fail(
                (*path, "spawn_mode"),
                f"spawn_mode {mode!r} does not run on Flee 3.1 (its test never matches "
                f"'Poisson'); expected {' or '.join(SPAWN_MODES)}",
            )
        rate = value.get("displaced_per_conflict_day", 0.01 if mode == "pop_ratio" else 500)
        if isinstance(rate, bool) or not isinstance(rate, int | float) or rate < 0:
            raise self.fail((*path, "displaced_per_conflict_day"), "expected a number >= 0")
        if mode == "constant":
            rate = int(rate)  # Flee 3.1 reads it with int() in this mode
        return {"spawn_mode": mode, "displaced_per_conflict_day": float(rate)}

    def unknown(self, path: tuple[str, ...], value: Any) -> None:
        if path in LATER_FEATURES:
            raise self.fail(
                path,
                f"needs {LATER_FEATURES[path]}, a Flee feature after 3.1 that emigre does not have",
            )
        if path in LATER_SKIPPED:
            neutral = LATER_SKIPPED[path]
            if neutral is not None and value != neutral:
                self.notes.append(
                    f"simsetting.yml, line {self.lines.get(path)}: {'.'.join(path)} = {value!r} "
                    "is a later Flee's setting; Flee 3.1 skips it, and so does this run"
                )
            return
        raise self.fail(path, f"unknown setting {'.'.join(path)} (Flee 3.1 does not read it)")


def read_settings(path: Path) -> tuple[Rules, list[str]]:
    """Rules from a simsetting.yml (Flee 3.1's defaults where it is absent), and notes."""
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
    r = _Reader(path, text)
    for key, value in data.items():
        key = str(key)
        if key in SECTIONS:
            r.section(key, value, SECTIONS[key])
        elif key in TOP_LEVEL:
            if value != TOP_LEVEL[key]:
                raise r.fail(
                    (key,),
                    f"{key} is not implemented: emigre takes the days from sim_period.csv and "
                    "the conflicts from input_csv/conflicts.csv",
                )
        else:
            r.unknown((key,), value)
    fields = dict(r.fields)
    if fields.get("use_v1_rules"):
        fields.update(V1_RULES)
    fields.pop("use_v1_rules", None)
    try:
        return Rules(**fields), r.notes
    except Exception as exc:  # pydantic ValidationError: point at the key's line
        from emigre.errors import describe_validation

        field, message = describe_validation(exc)
        where = r.where.get((field or "").split(".")[0], ())
        raise InputError(
            message, file=str(path), line=r.lines.get(where), field=".".join(where) or field
        ) from exc
