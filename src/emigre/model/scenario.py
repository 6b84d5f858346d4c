"""A simulation scenario: places, routes, what pushes people out, and what was observed.

The vocabulary is shared by both scenario formats (Flee's CSV folders and emigre's own YAML),
so the engine and the validation never need to know where a scenario came from.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Literal

from pydantic import Field, model_validator

from emigre.model.base import Model


class PlaceKind(StrEnum):
    """What a place is for the movement rules (Flee's location types)."""

    conflict_zone = "conflict_zone"
    town = "town"
    camp = "camp"
    idpcamp = "idpcamp"
    forwarding_hub = "forwarding_hub"
    marker = "marker"


class Place(Model):
    name: str = Field(..., min_length=1)
    region: str = ""
    country: str = ""
    lat: float | None = Field(None, ge=-90, le=90, description="Degrees north, if known")
    lon: float | None = Field(None, ge=-180, le=180, description="Degrees east, if known")
    kind: PlaceKind = PlaceKind.town
    conflict_date: int | None = Field(
        None, description="Day a conflict zone starts (it is a town before); 0 = from the start"
    )
    population: int = Field(
        0, ge=0, description="A camp's capacity; any other place's weight when spawning people"
    )
    attractiveness: float = Field(
        1.0, ge=0, description="Multiplies the place's score (a destination's pull)"
    )
    movechance: float | None = Field(
        None, ge=0, le=1, description="This place's own daily chance of leaving (else by kind)"
    )
    attributes: dict[str, str] = Field(default_factory=dict)


class Route(Model):
    a: str
    b: str
    distance_km: float = Field(..., ge=0)
    forced_redirection: int = Field(0, ge=0, le=2)
    max_move_speed: float | None = Field(None, gt=0, description="km a day on this route")
    walk_probability: float = Field(0.0, ge=0, le=1)
    capacity_per_day: int | None = Field(
        None, ge=0, description="People who can enter this route per day (queues form above it)"
    )
    one_way: bool = Field(
        False, description="Travelled only from a to b (Flee's routes go both ways)"
    )
    attributes: dict[str, str] = Field(default_factory=dict)


class ClosureKind(StrEnum):
    country = "country"
    location = "location"
    link = "link"
    camp = "camp"
    idpcamp = "idpcamp"
    remove_forced_redirection = "remove_forced_redirection"


class Closure(Model):
    """Something shut from `start_day` until `end_day` (the day it reopens)."""

    kind: ClosureKind
    name1: str
    name2: str = ""
    start_day: int = Field(..., ge=0)
    end_day: int = Field(..., description="Day it reopens; negative = never")


class InterventionKind(StrEnum):
    cap = "cap"  # at most `value` people a day enter the route a-b (each way)
    attractiveness = "attractiveness"  # place a's pull becomes `value`
    movechance = "movechance"  # place a's daily chance of leaving becomes `value`


class Intervention(Model):
    """A rule change from `start_day` until `end_day` (negative = to the end)."""

    kind: InterventionKind
    a: str
    b: str = ""
    start_day: int = Field(..., ge=0)
    end_day: int = -1
    value: float = Field(..., ge=0)
    factor: bool = Field(
        False,
        description="`value` multiplies the place's pull or move chance as the run has it, "
        "instead of replacing it (cap: always people a day)",
    )
    note: str = ""


class Series(Model):
    """A sparse dated count: a UNHCR camp registration file, or a total to spawn from."""

    name: str
    days: list[int] = Field(..., description="Days since the scenario start, ascending")
    values: list[float]

    @model_validator(mode="after")
    def _same_length(self) -> Series:
        if len(self.days) != len(self.values):
            raise ValueError("days and values differ in length")
        if not self.days:
            raise ValueError(f"series '{self.name}' has no data")
        return self


class Correction(Model):
    """Registrations before `date` scaled to the level of the count on that date."""

    camp: str
    date: dt.date


class ConflictDriven(Model):
    """Flee's conflict_driven_spawning: each conflict zone spawns every day by itself."""

    spawn_mode: Literal["constant", "pop_ratio"] = "constant"
    displaced_per_conflict_day: float = Field(500.0, ge=0)


class Rules(Model):
    """The movement and spawning parameters (names as in Flee's simsetting.yml)."""

    max_move_speed: float = Field(360.0, gt=0)
    max_walk_speed: float = Field(35.0, gt=0)
    foreign_weight: float = Field(1.0, ge=0)
    camp_weight: float = Field(1.0, ge=0)
    conflict_weight: float = Field(1.0 / 3.16227766017, ge=0)
    conflict_movechance: float = Field(1.0, ge=0, le=1)
    camp_movechance: float = Field(0.001, ge=0, le=1)
    idpcamp_movechance: float = Field(0.1, ge=0, le=1)
    default_movechance: float = Field(0.3, ge=0, le=1)
    awareness_level: int = Field(
        1,
        ge=0,
        description="Links of the paths weighed: any whole number (0: a neighbour at random); "
        "the paths are enumerated once per graph, so their number, not the agents, sets the cost",
    )
    capacity_buffer: float = Field(0.9, ge=0, le=1)
    capacity_counts_en_route: bool = Field(
        True,
        description="A camp's room counts those already on their way there (Flee 3.1: false)",
    )
    start_on_foot: bool = False
    avoid_short_stints: bool = Field(
        False,
        description="After a day's travel shorter than half the move speed on average over two "
        "days, an agent arriving in a town always moves on (Flee's AvoidShortStints)",
    )
    finish_on_reach: bool = Field(
        False,
        description="A link is finished on the day the km covered reach its length (emigre's "
        "own format) instead of exceeding it (Flee 3.1)",
    )
    use_pop_for_loc_weight: bool = False
    pop_power_for_loc_weight: float = 0.1
    conflict_driven: ConflictDriven | None = Field(
        None, description="Conflicts spawn at a fixed rate instead of following refugees.csv"
    )
    softening: float = Field(10.0, ge=0, description="km added to every path length")
    weight_softening: float = Field(0.0, ge=0)
    weight_power: float = Field(1.0, ge=0)
    distance_power: float = Field(1.0, ge=0)
    movechance_pop_base: float = Field(10000.0, gt=0)
    movechance_pop_scale_factor: float = 0.0
    conflict_spawn_decay: list[float] | None = None
    insert_day0: bool = True
    take_from_population: bool = False
    hasten: int = Field(1, ge=1, description="One simulated agent stands for this many people")


class Scenario(Model):
    """Everything a run needs, in one object."""

    name: str
    start_date: dt.date
    days: int = Field(..., gt=0)
    places: list[Place]
    routes: list[Route]
    closures: list[Closure] = Field(default_factory=list)
    interventions: list[Intervention] = Field(default_factory=list)
    conflicts: dict[str, list[float]] = Field(
        default_factory=dict, description="Per place, the conflict intensity of each day"
    )
    spawn_total: Series | None = Field(
        None, description="Cumulative people displaced (Flee's refugees.csv): the spawn driver"
    )
    observed: list[Series] = Field(default_factory=list, description="Per camp, the counts seen")
    corrections: list[Correction] = Field(default_factory=list)
    rules: Rules = Field(default_factory=Rules)
    warnings: list[str] = Field(
        default_factory=list,
        description="What the reader skipped (settings not acted on, columns for unknown places)",
    )
    source: str = ""

    def day_of(self, date: dt.date) -> int:
        return (date - self.start_date).days

    def date_of(self, day: int) -> dt.date:
        return self.start_date + dt.timedelta(days=day)
