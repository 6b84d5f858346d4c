"""Sparse dated counts turned into one value per simulated day."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from emigre.model.scenario import Correction, Scenario, Series


def interpolate(days: Sequence[int], values: Sequence[float], at: Sequence[int]) -> list[float]:
    """Linear between data points; the first and last values held outside their range."""
    return np.interp(np.asarray(at, float), np.asarray(days, float), np.asarray(values, float))


def corrected(series: Series, corrections: Sequence[Correction], scenario: Scenario) -> Series:
    """Registration corrections: counts before a re-registration date are scaled to its level.

    UNHCR counts often drop when a camp re-registers its population (level-1 counts of arrivals
    give way to level-2 counts of individuals). Every earlier point is multiplied by the ratio of
    the count on that date to the count of the observation before it, as Flee does.
    """
    values = list(series.values)
    for c in corrections:
        if c.camp != series.name:
            continue
        day = scenario.day_of(c.date)
        i = series.days.index(day)
        if i == 0 or values[i - 1] == 0:
            continue
        factor = values[i] / values[i - 1]
        values[:i] = [v * factor for v in values[:i]]
    return series.model_copy(update={"values": values})


def daily_counts(series: Series, days: int, hasten: int = 1) -> np.ndarray:
    """Whole agents per day 0..days-1: the interpolated count divided by hasten, truncated."""
    vals = interpolate(series.days, [v / hasten for v in series.values], range(days))
    return np.floor(np.asarray(vals) + 1e-9).astype(np.int64)


def observed_matrix(scenario: Scenario, days: int | None = None) -> tuple[list[str], np.ndarray]:
    """Camp names and their observed counts (in agents) per day: shape (days, camps)."""
    n = days or scenario.days
    names = [s.name for s in scenario.observed]
    out = np.zeros((n, len(names)), dtype=np.int64)
    for j, s in enumerate(scenario.observed):
        fixed = corrected(s, scenario.corrections, scenario)
        out[:, j] = daily_counts(fixed, n, scenario.rules.hasten)
    return names, out
