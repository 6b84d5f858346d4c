"""The movement rules as array functions: each one reads whole vectors of places or paths.

Each function states one rule of docs/simulation.md; the engine only wires them together.
"""

from __future__ import annotations

import numpy as np

from emigre.model.scenario import Rules

NEVER = -1  # day of conflict onset for zones that are in conflict from before the start


def conflict_decay(days_since: np.ndarray, decay: list[float] | None) -> np.ndarray:
    """Spawn and score damping of a conflict zone by 30-day blocks since its onset."""
    if not decay:
        return np.ones_like(days_since, dtype=float)
    block = np.minimum(np.maximum(days_since // 30, 0), len(decay) - 1)  # np.clip, quicker
    return np.asarray(decay, dtype=float)[block]


def place_scores(
    foreign: np.ndarray,
    camp: np.ndarray,
    intensity: np.ndarray,
    decay: np.ndarray,
    rules: Rules,
) -> np.ndarray:
    """How attractive a place looks: abroad, a camp, and (less) a place at war."""
    score = np.where(foreign, rules.foreign_weight, 1.0) * np.where(camp, rules.camp_weight, 1.0)
    at_war = intensity > 0
    power = np.where(at_war, intensity * decay, 0.0)
    return score * np.where(at_war, rules.conflict_weight**power, 1.0)


def capacity_multiplier(occupancy: np.ndarray, capacity: np.ndarray, buffer: float) -> np.ndarray:
    """1 below buffer x capacity, falling linearly to 0 at capacity; 1 where no capacity."""
    has_cap = capacity >= 1
    safe_cap = np.where(has_cap, capacity, 1.0)
    span = safe_cap * (1.0 - buffer)
    with np.errstate(divide="ignore", invalid="ignore"):
        frac = 1.0 - (occupancy - buffer * safe_cap) / np.where(span > 0, span, 1.0)
    mult = np.where(occupancy <= buffer * safe_cap, 1.0, np.where(occupancy >= safe_cap, 0.0, frac))
    return np.where(has_cap, np.clip(mult, 0.0, 1.0), 1.0)


def path_weights(
    end_score: np.ndarray, km: np.ndarray, end_capacity: np.ndarray, rules: Rules
) -> np.ndarray:
    """Weight of a path: attractiveness of where it ends over its length, times room there."""
    base = (rules.weight_softening + end_score) / (rules.softening + km) ** rules.distance_power
    return (base * end_capacity) ** rules.weight_power


def choice_probabilities(weights: np.ndarray, allowed: np.ndarray) -> np.ndarray:
    """Rows of path choice probabilities plus a last column: no path at all (stay).

    Paths with zero weight are never taken unless every allowed path has zero weight; then they
    are equally likely (an agent who must move picks at random).
    """
    w = np.where(allowed, weights, 0.0)
    total = w.sum(axis=1, keepdims=True)
    count = allowed.sum(axis=1, keepdims=True)
    uniform = np.where(allowed, 1.0 / np.maximum(count, 1), 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(total > 0, w / np.where(total > 0, total, 1.0), uniform)
    stay = np.where(count > 0, 0.0, 1.0)
    out = np.concatenate([p, stay], axis=1)
    # keep every row a valid distribution for the multinomial draw despite rounding
    out[:, -1] = np.maximum(0.0, 1.0 - out[:, :-1].sum(axis=1))
    out[:, :-1] /= np.maximum(out.sum(axis=1, keepdims=True), 1.0)
    return out


def link_timing(
    km: np.ndarray, speed: np.ndarray, on_reach: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """Nights on a link and the share of the arrival day used.

    As in Flee 3.1 (finish_travel): a day on a link covers `speed` km, the day it is entered
    included, and the link is finished on the day the distance covered *exceeds* its length:
    floor(t) nights after the day it was entered, t = km/speed. On that day the traveller has
    used t - floor(t) of the day (none, for a link a whole number of days long) and may go on.
    With `on_reach` (emigre's own format) a link is finished on the day the distance is
    reached: ceil(t) - 1 nights, the whole day used when t is a whole number.
    """
    t = km / speed
    if on_reach:
        nights = np.maximum(np.ceil(t - 1e-9) - 1, 0).astype(np.int64)
        return nights, t - nights
    nights = np.floor(t + 1e-9).astype(np.int64)
    return nights, np.maximum(t - nights, 0.0)


def spawn_weights(pop: np.ndarray, intensity: np.ndarray, decay: np.ndarray) -> np.ndarray:
    """New arrivals appear in conflict zones in proportion to population x intensity x decay."""
    return np.where(intensity > 0, pop * intensity * decay, 0.0)


def new_spawns(total_today: int, total_yesterday: int, debt: int) -> tuple[int, int]:
    """Agents to add today from a cumulative total, and the debt carried to tomorrow.

    A falling total cannot remove people already displaced; the fall is remembered as a debt
    and paid off from the next rise. A rise clears the whole debt, as in Flee.
    """
    new = total_today - total_yesterday - debt
    if new < 0:
        return 0, -new
    return new, 0
