"""How far a run is from what was observed: the averaged relative difference (ARD) of the
Flee papers, plain and rescaled, and a per-camp breakdown.

ARD = mean over days t of  sum_c |s_c(t) - d_c(t)| / max(U(t), 1)
where s_c(t) is the simulated count in camp c at the end of day t, d_c(t) the observed count
(interpolated, registration-corrected, in agents) and U(t) = sum_c d_c(t). The rescaled variant
replaces s_c(t) by s_c(t) U(t) / S(t), S(t) = sum_c s_c(t): it scores where people went, not
how many were spawned.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from emigre.model.scenario import Scenario
from emigre.simulate.engine import Result
from emigre.simulate.series import observed_matrix


def ard(sim: np.ndarray, obs: np.ndarray) -> float:
    """Plain ARD of simulated against observed counts, both shaped (days, camps)."""
    sim = np.asarray(sim, dtype=float)
    obs = np.asarray(obs, dtype=float)
    u = obs.sum(axis=1)
    per_day = np.abs(sim - obs).sum(axis=1) / np.maximum(u, 1.0)
    return float(per_day.mean())


def ard_rescaled(sim: np.ndarray, obs: np.ndarray) -> float:
    """ARD after scaling each day's simulated camp total to the observed one."""
    sim = np.asarray(sim, dtype=float)
    obs = np.asarray(obs, dtype=float)
    u = obs.sum(axis=1, keepdims=True)
    s = sim.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        scaled = np.where(s > 0, sim * u / np.where(s > 0, s, 1.0), 0.0)
    return ard(scaled, obs)


@dataclass
class CampFit:
    camp: str
    observed_end: int
    simulated_end: int
    mean_abs_diff: float
    share_of_error: float


@dataclass
class Validation:
    ard: float
    ard_rescaled: float
    camps: list[CampFit]
    names: list[str]
    simulated: np.ndarray  # (days, camps), agents
    observed: np.ndarray  # (days, camps), agents
    hasten: int = 1


def validate(result: Result, scenario: Scenario) -> Validation:
    """Compare a run with the scenario's camp observations."""
    names, obs = observed_matrix(scenario, result.days)
    if not names:
        raise ValueError(f"scenario {scenario.name!r} has no observations to validate against")
    cols = [result.places.index(n) for n in names]
    sim = result.occupancy[:, cols]
    errors = np.abs(sim - obs).astype(float)
    total_error = errors.sum() or 1.0
    camps = [
        CampFit(
            camp=n,
            observed_end=int(obs[-1, j]),
            simulated_end=int(sim[-1, j]),
            mean_abs_diff=float(errors[:, j].mean()),
            share_of_error=float(errors[:, j].sum() / total_error),
        )
        for j, n in enumerate(names)
    ]
    return Validation(
        ard=ard(sim, obs),
        ard_rescaled=ard_rescaled(sim, obs),
        camps=camps,
        names=names,
        simulated=sim,
        observed=obs,
        hasten=scenario.rules.hasten,
    )
