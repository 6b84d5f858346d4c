"""Cohorts give the distribution individual agents give.

A plain agent-by-agent simulation of the same rules, written here independently (one agent at
a time, one random draw per decision), is run over many seeds next to the cohort engine; the
mean counts per place and day must agree within sampling error.
"""

from __future__ import annotations

import math
import random
from pathlib import Path

import numpy as np
import pytest

from emigre.simulate.engine import Simulation
from emigre.simulate.flee_format import read_flee_scenario
from emigre.simulate.kernel import HAVE_NUMBA
from tests.simulate.flee_folder import write_scenario

SPEED = 200.0
SETTINGS = f"""
spawn_rules:
  insert_day0: false
move_rules:
  max_move_speed: {SPEED}
  conflict_movechance: 1.0
  default_movechance: 0.3
  camp_movechance: 0.02
  camp_weight: 2.0
  conflict_weight: 0.25
  awareness_level: 1
"""
PLACES = {"A": ("conflict", 1.0), "B": ("town", 0.3), "C1": ("camp", 0.02), "C2": ("camp", 0.02)}
ROUTES = [("A", "B", 150), ("B", "C1", 250), ("B", "C2", 60), ("A", "C2", 420)]
N, DAYS = 400, 12


def agent_by_agent(seed: int) -> np.ndarray:
    """Occupancy (days, places) from one agent at a time."""
    rnd = random.Random(seed)
    names = list(PLACES)
    links: dict[str, list[tuple[str, float]]] = {n: [] for n in names}
    for a, b, km in ROUTES:
        links[a].append((b, km))
        links[b].append((a, km))

    def score(n: str) -> float:
        kind = PLACES[n][0]
        return 2.0 if kind == "camp" else 0.25 if kind == "conflict" else 1.0

    def choose(here: str) -> tuple[str, float]:
        options = links[here]
        w = [score(b) / (10 + km) for b, km in options]
        return rnd.choices(options, weights=w)[0]

    agents: list[dict] = []
    out = np.zeros((DAYS, len(names)), dtype=int)

    def hop(ag: dict, used: float) -> None:
        """At a place with `used` of the day gone: maybe leave, maybe arrive again today."""
        while used < 1 - 1e-9:
            if rnd.random() >= PLACES[ag["at"]][1]:
                return
            dest, km = choose(ag["at"])
            t = km / SPEED
            nights = max(math.ceil(t - 1e-9) - 1, 0)
            if nights == 0:
                ag["at"], used = dest, used + t
            else:
                ag.update(at=None, to=dest, nights=nights, tail=t - nights, fresh=True)
                return

    for day in range(DAYS):
        if day == 1:
            agents += [{"at": "A"} for _ in range(N)]
        for ag in agents:  # morning: everyone at a place decides
            ag["fresh"] = False
            if ag["at"] is not None:
                hop(ag, 0.0)
        for ag in agents:  # on the road: a night less; those done arrive and may go on
            if ag["at"] is None and not ag["fresh"]:
                ag["nights"] -= 1
                if ag["nights"] == 0:
                    ag["at"] = ag["to"]
                    hop(ag, ag["tail"])
        for ag in agents:
            if ag["at"] is not None:
                out[day, names.index(ag["at"])] += 1
    return out


@pytest.mark.parametrize("backend", ["numpy", "numba"] if HAVE_NUMBA else ["numpy"])
def test_cohort_engine_matches_agent_by_agent(tmp_path: Path, backend: str) -> None:
    sc = read_flee_scenario(
        write_scenario(
            tmp_path,
            locations=[
                "A,R,Home,0,0,conflict_zone,0,1000",
                "B,R,Home,0,1,town,,1000",
                "C1,R,Home,0,2,camp,,0",
                "C2,R,Home,0,3,camp,,0",
            ],
            routes=[f"{a},{b},{km},0" for a, b, km in ROUTES],
            days=DAYS,
            conflicts={"A": [1] * DAYS},
            totals=[("2020-01-01", 0), ("2020-01-02", N)],
            camps={"C1": [("2020-01-01", 0)]},
            settings=SETTINGS,
        )
    )
    runs = 40
    ours = np.stack([Simulation(sc, seed=s, backend=backend).run().occupancy for s in range(runs)])
    ref = np.stack([agent_by_agent(1000 + s) for s in range(runs)])
    order = [sc.places.index(p) for p in sc.places]  # same order as PLACES
    assert [p.name for p in sc.places] == list(PLACES)
    ours = ours[:, :, order]
    se = np.sqrt((ours.var(axis=0) + ref.var(axis=0)) / runs) + 0.5
    gap = np.abs(ours.mean(axis=0) - ref.mean(axis=0))
    assert (gap <= 5 * se).all(), np.argwhere(gap > 5 * se)
    # and both really move people: the camps fill over the days
    assert ref[:, -1, 2:].sum(axis=1).mean() > 0.5 * N
