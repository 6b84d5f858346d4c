"""Scale: 10 million agents, 365 days, a graph of 500 places, on one core.

Target: at most 60 s. The graph is synthetic (places scattered over a 2000 km square, each
linked to its nearest neighbours, 50 conflict zones, 50 camps abroad); 10 million people are
displaced over the first 300 days. Prints wall time (set-up and run apart) and peak memory.

    python benchmarks/simulate_scale.py [--agents 10000000] [--places 500] [--days 365]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import time

os.environ.setdefault("NUMBA_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np

from emigre.model.scenario import Place, PlaceKind, Route, Rules, Scenario, Series
from emigre.simulate.engine import Simulation


def synthetic(places: int, agents: int, days: int, seed: int = 0) -> Scenario:
    rng = np.random.default_rng(seed)
    xy = rng.uniform(0, 2000, size=(places, 2))
    n_conflict, n_camp = places // 10, places // 10
    kinds = (
        [PlaceKind.conflict_zone] * n_conflict
        + [PlaceKind.town] * (places - n_conflict - n_camp)
        + [PlaceKind.camp] * n_camp
    )
    out = [
        Place(
            name=f"P{i}",
            country="Away" if k == PlaceKind.camp else "Home",
            lat=float(xy[i, 1]),
            lon=float(xy[i, 0]),
            kind=k,
            conflict_date=0 if k == PlaceKind.conflict_zone else None,
            population=int(rng.integers(10_000, 1_000_000)) if k != PlaceKind.camp else agents,
        )
        for i, k in enumerate(kinds)
    ]
    d = np.hypot(xy[:, None, 0] - xy[None, :, 0], xy[:, None, 1] - xy[None, :, 1])
    edges: set[tuple[int, int]] = set()
    for i in range(places):
        for j in np.argsort(d[i])[1:4]:
            edges.add((min(i, int(j)), max(i, int(j))))
    # join everything into one component
    parent = list(range(places))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for a, b in edges:
        parent[find(a)] = find(b)
    for i in range(1, places):
        if find(i) != find(0):
            others = [j for j in range(places) if find(j) == find(0)]
            j = min(others, key=lambda j: d[i, j])
            edges.add((min(i, j), max(i, j)))
            parent[find(i)] = find(0)
    routes = [Route(a=f"P{a}", b=f"P{b}", distance_km=round(1.2 * d[a, b], 1)) for a, b in edges]
    total = Series(name="total", days=[0, 300], values=[0.0, float(agents)])
    return Scenario(
        name="synthetic",
        start_date=dt.date(2022, 1, 1),
        days=days,
        places=out,
        routes=routes,
        spawn_total=total,
        rules=Rules(max_move_speed=200, camp_weight=2.0, insert_day0=False),
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--agents", type=int, default=10_000_000)
    ap.add_argument("--places", type=int, default=500)
    ap.add_argument("--days", type=int, default=365)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()

    t0 = time.perf_counter()
    scenario = synthetic(args.places, args.agents, args.days)
    Simulation(scenario, seed=0, days=2).run()  # load the compiled kernel
    t1 = time.perf_counter()
    sim = Simulation(scenario, seed=args.seed)
    t2 = time.perf_counter()
    result = sim.run()
    t3 = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB -> MiB on Linux
    placed = int(result.occupancy[-1].sum() + result.in_transit[-1])
    camps = [i for i, k in enumerate(sim.g.kind) if k == PlaceKind.camp]
    print(
        f"{args.places} places, {len(scenario.routes)} routes, {args.days} days, "
        f"{int(result.spawned.sum()):,} agents spawned ({placed:,} in the system at the end, "
        f"{int(result.occupancy[-1, camps].sum()):,} in camps)"
    )
    print(f"set-up (graph + kernel load) {t1 - t0:.2f} s, compile graph {t2 - t1:.2f} s")
    print(f"run {t3 - t2:.2f} s  ({(t3 - t2) / args.days * 1000:.1f} ms a day; target 60 s)")
    print(f"peak memory {peak:.0f} MiB (whole process)")
    print("target met" if t3 - t1 <= 60 else "TARGET MISSED")


if __name__ == "__main__":
    main()
