"""How well a run reproduces arrivals by destination, and fitting destinations' pull to them.

The fit of one target is the ratio of simulated to observed arrivals over its period; the
overall misfit is the mean absolute log-ratio (0 = perfect, 0.69 = off by a factor of two on
average). Calibration adjusts each destination's attractiveness by the geometric mean of its
targets' ratios, damped, and repeats: an iterative proportional fit, the way gravity models
of migration are balanced to observed totals.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from emigre.model.scenario import Scenario
from emigre.simulate.engine import Result, Simulation
from emigre.simulate.own_format import Target


@dataclass
class TargetFit:
    target: Target
    simulated: float

    @property
    def ratio(self) -> float:
        return self.simulated / self.target.people if self.target.people else math.nan


def simulated_arrivals(result: Result, target: Target) -> float:
    """People arriving at the target's place during its period (both days included)."""
    first = (target.start - result.start_date).days
    last = (target.end - result.start_date).days
    first, last = max(first, 0), min(last, result.days - 1)
    if last < first:
        return 0.0
    j = result.places.index(target.place)
    return float(result.arrivals[first : last + 1, j].sum()) * result.hasten


def fit(result: Result, targets: list[Target]) -> list[TargetFit]:
    return [TargetFit(t, simulated_arrivals(result, t)) for t in targets]


def misfit(fits: list[TargetFit]) -> float:
    """Mean absolute log-ratio of simulated to observed arrivals."""
    logs = [abs(math.log(max(f.simulated, 1.0) / f.target.people)) for f in fits]
    return float(np.mean(logs)) if logs else math.nan


def with_attractiveness(scenario: Scenario, pulls: dict[str, float]) -> Scenario:
    places = [
        p.model_copy(update={"attractiveness": pulls[p.name]}) if p.name in pulls else p
        for p in scenario.places
    ]
    return scenario.model_copy(update={"places": places})


def calibrate_attractiveness(
    scenario: Scenario,
    targets: list[Target],
    *,
    seed: int = 1,
    iterations: int = 12,
    damping: float = 0.8,
    progress=None,
) -> tuple[dict[str, float], list[TargetFit], list[float]]:
    """Fitted pull per destination with targets, the final fit, and the misfit per round."""
    pulls = {p.name: p.attractiveness for p in scenario.places}
    places = sorted({t.place for t in targets})
    others = [
        p.name
        for p in scenario.places
        if p.kind.value in ("camp", "idpcamp") and p.name not in places
    ]
    history: list[float] = []
    best: tuple[float, dict[str, float], list[TargetFit]] | None = None
    for i in range(iterations):
        # destinations without a target get the typical (geometric mean) fitted pull
        typical = math.exp(float(np.mean([math.log(max(pulls[p], 1e-12)) for p in places])))
        for place in others:
            pulls[place] = typical
        sc = with_attractiveness(scenario, pulls)
        fits = fit(Simulation(sc, seed=seed).run(), targets)
        score = misfit(fits)
        history.append(score)
        if best is None or score < best[0]:
            best = (score, dict(pulls), fits)
        for place in places:
            logs = [
                math.log(max(f.simulated, 1.0) / f.target.people)
                for f in fits
                if f.target.place == place
            ]
            pulls[place] = pulls[place] * math.exp(-damping * float(np.mean(logs)))
        if progress is not None:
            progress(i + 1)
    assert best is not None
    _, fitted, fits = best
    # report pulls relative to the typical one (only ratios between destinations matter)
    typical = math.exp(float(np.mean([math.log(max(fitted[p], 1e-12)) for p in places])))
    return {p: fitted[p] / typical for p in places + others}, fits, history
