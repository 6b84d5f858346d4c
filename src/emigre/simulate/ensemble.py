"""Many runs of a scenario: across seeds and parameter draws, on one machine or a Dask cluster.

`run_many` is the one path for ensembles and calibration: a list of (seed, parameter changes)
jobs, run serially in this process, on a Dask LocalCluster of `workers` processes, or on an
existing cluster at `scheduler`. Each job returns only what summaries need (arrivals and
occupancy per day and place), so results travel cheaply between processes.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from emigre.errors import InputError
from emigre.model.scenario import Rules, Scenario

# Parameter uncertainty of an ensemble (assumptions, documented in docs/simulation.md):
# multiplicative factors drawn log-uniformly between these bounds.
DRAWS: dict[str, tuple[float, float]] = {
    "route_caps": (0.75, 1.25),  # daily throughput of capped routes
    "attractiveness": (0.8, 1.25),  # each destination's pull
    "camp_movechance": (0.5, 2.0),  # how soon people leave a destination
}


@dataclass
class Job:
    seed: int
    changes: dict[str, Any] = field(default_factory=dict)  # Rules fields and/or factors


@dataclass
class RunOutput:
    seed: int
    changes: dict[str, Any]
    arrivals: np.ndarray  # (days, places)
    occupancy: np.ndarray  # (days, places)
    ard: float | None = None
    ard_rescaled: float | None = None
    onward: np.ndarray | None = None  # (days, places): arrivals from a place abroad


def draw_changes(rng: np.random.Generator, scenario: Scenario) -> dict[str, Any]:
    """One draw of the uncertain parameters (factors, and the rule they scale)."""
    out: dict[str, Any] = {}
    for name, (lo, hi) in DRAWS.items():
        out[name] = float(math.exp(rng.uniform(math.log(lo), math.log(hi))))
    return out


def apply_changes(scenario: Scenario, changes: dict[str, Any]) -> Scenario:
    """The scenario with rule values set and factors applied."""
    rules_fields = set(Rules.model_fields)
    rules = scenario.rules.model_copy(
        update={k: v for k, v in changes.items() if k in rules_fields}
    )
    update: dict[str, Any] = {"rules": rules}
    if "departures" in changes:  # (days, cumulative people): e.g. a posterior draw
        from emigre.model.scenario import Series

        days, values = changes["departures"]
        update["spawn_total"] = Series(
            name="departures (draw)", days=list(days), values=[float(v) for v in values]
        )
    if "route_caps" in changes:
        f = changes["route_caps"]
        update["routes"] = [
            r.model_copy(update={"capacity_per_day": round(r.capacity_per_day * f)})
            if r.capacity_per_day is not None
            else r
            for r in scenario.routes
        ]
    places = scenario.places
    if "attractiveness" in changes:
        f = changes["attractiveness"]  # one factor for every camp, or one per place
        places = [
            p.model_copy(update={"attractiveness": p.attractiveness * f[p.name]})
            if isinstance(f, dict) and p.name in f
            else p.model_copy(update={"attractiveness": p.attractiveness * f})
            if not isinstance(f, dict) and p.kind.value in ("camp", "idpcamp")
            else p
            for p in places
        ]
    if "movechance_factor" in changes:
        f = changes["movechance_factor"]
        places = [
            p.model_copy(update={"movechance": min(1.0, p.movechance * f)})
            if p.movechance is not None
            else p
            for p in places
        ]
    update["places"] = places
    return scenario.model_copy(update=update)


def run_job(scenario: Scenario, job: Job, validate: bool = False) -> RunOutput:
    """One run (a module-level function, so Dask can ship it to workers)."""
    from emigre.simulate.engine import Simulation

    sc = apply_changes(scenario, _as_rule_values(scenario, job.changes))
    result = Simulation(sc, seed=job.seed).run()
    out = RunOutput(job.seed, job.changes, result.arrivals, result.occupancy, onward=result.onward)
    if validate and sc.observed:
        from emigre.simulate.validate import validate as check

        v = check(result, sc)
        out.ard, out.ard_rescaled = v.ard, v.ard_rescaled
    return out


def _as_rule_values(scenario: Scenario, changes: dict[str, Any]) -> dict[str, Any]:
    """Factors drawn for rules ('camp_movechance' as a factor) become rule values."""
    out = dict(changes)
    factor = out.pop("camp_movechance_factor", None)
    if factor is not None:
        out["camp_movechance"] = min(1.0, scenario.rules.camp_movechance * factor)
        out["movechance_factor"] = factor
    return out


def ensemble_jobs(scenario: Scenario, runs: int, seed: int = 0, vary: bool = True) -> list[Job]:
    """Seeds from one SeedSequence; parameter draws from another (reproducible as a whole)."""
    seeds = np.random.SeedSequence(seed).generate_state(runs, dtype=np.uint32)
    rng = np.random.default_rng(np.random.SeedSequence([seed, 1]))
    jobs = []
    for s in seeds:
        changes: dict[str, Any] = {}
        if vary:
            d = draw_changes(rng, scenario)
            lo, hi = DRAWS["attractiveness"]
            changes = {
                "route_caps": d["route_caps"],
                # each destination's own pull: a common factor would change no choice
                "attractiveness": {
                    p.name: float(math.exp(rng.uniform(math.log(lo), math.log(hi))))
                    for p in scenario.places
                    if p.kind.value in ("camp", "idpcamp") and p.attributes.get("kind") != "return"
                },
                "camp_movechance_factor": d["camp_movechance"],
            }
        jobs.append(Job(int(s), changes))
    return jobs


def run_many(
    scenario: Scenario,
    jobs: list[Job],
    *,
    workers: int = 1,
    scheduler: str | None = None,
    validate: bool = False,
    progress: Callable[[int], None] | None = None,
    client: Any = None,
) -> list[RunOutput]:
    """Run every job; results in job order. Dask when workers > 1, a scheduler or a client."""
    if client is None and scheduler is None and workers <= 1:
        out = []
        for i, job in enumerate(jobs):
            out.append(run_job(scenario, job, validate))
            if progress:
                progress(i + 1)
        return out

    from dask.distributed import Client, LocalCluster, as_completed

    own_cluster = None
    if client is None:
        if scheduler is not None:
            try:
                client = Client(scheduler, timeout="10s")
            except (OSError, TimeoutError, ValueError) as exc:  # unreachable, or not an address
                raise InputError(
                    f"cannot reach the Dask scheduler at {scheduler}: {exc}", field="--scheduler"
                ) from exc
        else:
            own_cluster = LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0"
            )
            client = Client(own_cluster)
        own_client = True
    else:
        own_client = False
    try:
        shared = client.scatter(scenario, broadcast=True)
        futures = [client.submit(run_job, shared, job, validate, pure=False) for job in jobs]
        index = {f.key: i for i, f in enumerate(futures)}
        results: list[RunOutput | None] = [None] * len(jobs)
        for done, fut in enumerate(as_completed(futures), start=1):
            results[index[fut.key]] = fut.result()
            if progress:
                progress(done)
        return [r for r in results if r is not None]
    finally:
        if own_client:
            client.close()
        if own_cluster is not None:
            own_cluster.close()


@dataclass
class Summary:
    """Median and interval across runs of cumulative arrivals per day and place."""

    places: list[str]
    median: np.ndarray  # (days, places)
    low: np.ndarray
    high: np.ndarray
    runs: int
    level: float


def summarize(outputs: list[RunOutput], places: list[str], level: float = 0.9) -> Summary:
    cum = np.stack([np.cumsum(o.arrivals, axis=0) for o in outputs])  # (runs, days, places)
    q = (1 - level) / 2
    return Summary(
        places=places,
        median=np.median(cum, axis=0),
        low=np.quantile(cum, q, axis=0),
        high=np.quantile(cum, 1 - q, axis=0),
        runs=len(outputs),
        level=level,
    )


def latin_hypercube(
    ranges: dict[str, tuple[float, float]], samples: int, seed: int = 0
) -> list[dict[str, float]]:
    """Samples spread evenly over each parameter's range (one per stratum, shuffled)."""
    rng = np.random.default_rng(seed)
    cols = {}
    for name, (lo, hi) in ranges.items():
        strata = (rng.permutation(samples) + rng.uniform(size=samples)) / samples
        cols[name] = lo + strata * (hi - lo)
    return [{k: float(v[i]) for k, v in cols.items()} for i in range(samples)]


# Rule parameters a calibration of a Flee-format scenario explores (Flee's documented ranges
# of plausible values, widened a little).
CALIBRATION_RANGES: dict[str, tuple[float, float]] = {
    "default_movechance": (0.1, 0.6),
    "camp_weight": (1.0, 5.0),
    "conflict_weight": (0.1, 1.0),
    "weight_power": (0.5, 2.0),
}
