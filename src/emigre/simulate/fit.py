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
        if p.kind.value in ("camp", "idpcamp")
        and p.name not in places
        and p.attributes.get("kind") != "return"
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


@dataclass
class Calibrated:
    """Fitted pull (per period) and daily move chance per destination place."""

    periods: list  # period starts (dates); one pull per period and place
    attractiveness: dict[str, list[float]]
    movechance: dict[str, float]
    fit: object  # emigre.simulate.estimated.Fit of the best round
    history: list[float]  # weighted misfit per round
    rounds: int


def with_values(
    scenario: Scenario,
    pulls: dict[str, list[float]],
    chances: dict[str, float],
    period_days: list[int] | None = None,
) -> Scenario:
    """The scenario with fitted values: pulls by period (as the scenario file's calibration
    block gives them) replace any earlier calibration, move chances replace the places'."""
    from emigre.simulate.own_format import CALIBRATION_NOTE, period_interventions

    places = []
    for p in scenario.places:
        update: dict[str, float] = {}
        if p.name in pulls:
            update["attractiveness"] = pulls[p.name][0]
        if p.name in chances:
            update["movechance"] = chances[p.name]
        places.append(p.model_copy(update=update) if update else p)
    extra = []
    for name, values in pulls.items():
        if len(values) > 1:
            extra += period_interventions(name, period_days or [0], values)
    kept = [iv for iv in scenario.interventions if iv.note != CALIBRATION_NOTE]
    return scenario.model_copy(update={"places": places, "interventions": kept + extra})


def weighted_misfit(fit_: object) -> float:
    """Mean squared z of entries (by period where the targets have periods) and stocks:
    log(simulated / estimated) over the spread the estimate's 80 % interval implies, so the
    destinations and periods the estimate is sure of weigh more."""
    from emigre.simulate.estimated import DestinationTarget, Fit

    assert isinstance(fit_, Fit)
    zs = []
    for r in fit_.rows:
        if not r.target.places:
            continue
        pairs = [(r.stock.median, r.target.stock)]
        if r.periods:
            pairs += [
                (sim, pt.arrivals) for sim, pt in zip(r.periods, r.target.periods, strict=True)
            ]
        else:
            pairs.append((r.entries.median, r.target.arrivals))
        for sim, iv in pairs:
            z = math.log(max(sim, 1.0) / max(iv.median, 1.0)) / DestinationTarget.sigma(iv)
            zs.append(z * z)
    return float(np.mean(zs)) if zs else math.nan


def calibrate_to_estimate(
    scenario: Scenario,
    targets: object,
    *,
    seed: int = 1,
    iterations: int = 30,
    damping: float = 0.8,
    tolerance: float = 0.05,
    patience: int = 5,
    return_places: list[str] | None = None,
    progress=None,
) -> Calibrated:
    """Fit each destination's pull to its share of the estimate's entries (in each period,
    when the targets have periods: the case's waves), its daily chance of leaving to the
    estimate's stock, and the pull of going back to the estimate's share of leavers who moved
    on, jointly, by damped proportional steps.

    Pull: multiplied by (estimated / simulated share of entries) ^ damping, as gravity models
    are balanced to observed totals, then scaled so that the pulls of each period have a
    geometric mean of 1 (only shares of entries are fitted: the sum of the destinations'
    median entries is not the median of their sum, and first arrivals add up to the
    departures whatever the pulls). Move chance: a constant daily chance h keeps a share of
    about exp(-h x t) of those who came t days ago, so h moves by log(simulated retention /
    estimated retention) / t, with retention = stock / entries and t the mean days since
    entry. Going back: its pull moves by the ratio of simulated to estimated odds of moving
    on. Places the estimate pools (its "other") move together. Stops when every figure lies
    within `tolerance` of the spread the estimate's 80 % interval implies (the intervals set
    the tolerance), else after `iterations` rounds; the best round is kept.
    """
    from emigre.simulate.estimated import DestinationTarget, Targets, fit_runs

    assert isinstance(targets, Targets)
    periods = targets.periods or [scenario.start_date]
    period_days = [max((d - scenario.start_date).days, 0) for d in periods]
    n = len(periods)
    groups = [t for t in targets.destinations if t.places]
    fitted = [p for t in groups for p in t.places]
    by_name = {p.name: p for p in scenario.places}
    pulls = {p: [by_name[p].attractiveness] * n for p in fitted}
    back = [p for p in return_places or [] if p in by_name]
    for p in back:
        pulls[p] = [by_name[p].attractiveness]
    chances = {
        p: by_name[p].movechance
        if by_name[p].movechance is not None
        else scenario.rules.camp_movechance
        for p in fitted
    }
    history: list[float] = []
    best: tuple[float, dict[str, list[float]], dict[str, float], object] | None = None
    rounds = 0
    for i in range(iterations):
        rounds = i + 1
        sc = with_values(scenario, pulls, chances, period_days)
        result = Simulation(sc, seed=seed).run()
        f = fit_runs(
            result.places,
            result.start_date,
            result.arrivals,
            result.onward,
            result.occupancy,
            targets,
            return_places,
            result.hasten,
        )
        score = weighted_misfit(f)
        history.append(score)
        if best is None or score < best[0]:
            best = (score, {k: list(v) for k, v in pulls.items()}, dict(chances), f)
        if progress is not None:
            progress(i + 1)
        rows = [r for r in f.rows if r.target.places]
        done = True
        # shares of entries, by period
        for k in range(n):
            if targets.periods:
                sim = [r.periods[k] for r in rows]
                est = [r.target.periods[k].arrivals.median for r in rows]
            else:
                sim = [r.entries.median for r in rows]
                est = [r.target.arrivals.median for r in rows]
            total_sim, total_est = max(sum(sim), 1.0), max(sum(est), 1.0)
            for r, s_k, e_k in zip(rows, sim, est, strict=True):
                if s_k <= 0 or e_k <= 0:
                    continue  # a closed route: no pull can help
                z = math.log(s_k / total_sim) - math.log(e_k / total_est)
                iv = r.target.periods[k].arrivals if targets.periods else r.target.arrivals
                if abs(z) > tolerance * DestinationTarget.sigma(iv):
                    done = False
                for p in r.target.places:
                    pulls[p][k] *= math.exp(-damping * max(min(z, 2.0), -2.0))
            logs = [math.log(pulls[p][k]) for p in fitted]
            mean = float(np.mean(logs)) if logs else 0.0
            for p in fitted:
                pulls[p][k] = float(np.clip(pulls[p][k] / math.exp(mean), 1e-4, 1e4))
        # stocks: the daily chance of leaving
        day = (targets.totals.date - result.start_date).days
        for r in rows:
            t = r.target
            zs = math.log(max(r.stock.median, 1.0) / max(t.stock.median, 1.0))
            if abs(zs) > tolerance * DestinationTarget.sigma(t.stock):
                done = False
            ret_sim = r.stock.median / max(r.entries.median, 1.0)
            ret_est = t.stock.median / max(t.arrivals.median, 1.0)
            cols = [result.places.index(p) for p in t.places]
            daily = result.arrivals[: day + 1, cols].sum(axis=1).astype(float)
            age = float((daily * (day - np.arange(day + 1))).sum() / max(daily.sum(), 1.0))
            step = math.log(max(ret_sim, 1e-6) / max(ret_est, 1e-6)) / max(age, 30.0)
            for p in t.places:
                chances[p] = float(np.clip(chances[p] + damping * step, 1e-5, 0.5))
        # going back against moving on
        share = onward_share(result, targets)
        if back and share is not None and targets.onward is not None:
            want = min(max(targets.onward.share.median, 0.01), 0.99)
            got = min(max(share, 0.01), 0.99)
            z = math.log(got / (1 - got)) - math.log(want / (1 - want))
            if abs(z) > tolerance * max(DestinationTarget.sigma(targets.onward.share), 0.1):
                done = False
            for p in back:
                pulls[p] = [float(np.clip(pulls[p][0] * math.exp(damping * z), 1e-4, 1e4))]
        stalled = len(history) > patience and min(history[-patience:]) > 0.999 * min(
            history[:-patience]
        )
        if done or stalled:
            break  # within tolerance, or no better for `patience` rounds
    assert best is not None
    _, bp, bc, bf = best
    return Calibrated(
        periods=list(periods),
        attractiveness=bp,
        movechance=bc,
        fit=bf,
        history=history,
        rounds=rounds,
    )


def onward_share(result: Result, targets: object) -> float | None:
    """Of the people who left the destinations with onward routes, the share who moved on to
    another destination (the rest went back)."""
    from emigre.simulate.estimated import Targets

    assert isinstance(targets, Targets)
    if targets.onward is None or result.onward is None:
        return None
    day = min((targets.totals.date - result.start_date).days, result.days - 1)
    cols = [result.places.index(p) for p in targets.onward.places]
    left = float(result.arrivals[: day + 1, cols].sum() - result.occupancy[day, cols].sum())
    dests = [result.places.index(p) for t in targets.destinations for p in t.places]
    moved = float(result.onward[: day + 1, dests].sum())
    return moved / left if left > 0 else None
