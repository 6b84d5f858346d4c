"""Each movement rule on small graphs where the right answer can be worked out by hand."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from emigre.simulate import rules as R
from emigre.simulate.engine import Simulation
from emigre.simulate.flee_format import read_flee_scenario
from emigre.simulate.graph import compile_graph
from emigre.simulate.kernel import HAVE_NUMBA
from tests.simulate.flee_folder import FAST, write_scenario

BACKENDS = ["numpy", "numba"] if HAVE_NUMBA else ["numpy"]


def two_place(tmp_path: Path, km: float, n: int = 100, days: int = 8, **kw):
    """A conflict zone A and a camp C `km` apart; n people displaced on day 1."""
    args = dict(
        locations=["A,R,Home,0,0,conflict_zone,0,1000", "C,R,Away,0,1,camp,,0"],
        routes=[f"A,C,{km},0"],
        days=days,
        conflicts={"A": [1] * days},
        totals=[("2020-01-01", 0), ("2020-01-02", n)],
        camps={"C": [("2020-01-01", 0)]},
        settings=FAST,
    )
    args.update(kw)
    return read_flee_scenario(write_scenario(tmp_path, **args))


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("km", [150, 200, 201, 450, 999])
def test_arrival_when_the_distance_covered_exceeds_the_link(
    tmp_path: Path, km: float, backend: str
) -> None:
    sc = two_place(tmp_path, km)
    res = Simulation(sc, seed=1, backend=backend).run()
    camp = res.place("C")
    # leave on day 1, that day counts; arrive on the day the km covered exceed the link's, as
    # Flee 3.1 does (a link of exactly 200 km at 200 km a day takes two days)
    arrival = 1 + math.floor(km / 200)
    assert camp[:arrival].sum() == 0
    assert (camp[arrival:] == 100).all()
    assert res.spawned.sum() == 100


@pytest.mark.parametrize("backend", BACKENDS)
def test_short_links_are_chained_within_a_day(tmp_path: Path, backend: str) -> None:
    sc = read_flee_scenario(
        write_scenario(
            tmp_path,
            locations=[
                "A,R,Home,0,0,conflict_zone,0,1000",
                "H,R,Home,0,1,forwarding_hub,,0",
                "C,R,Away,0,2,camp,,0",
            ],
            routes=["A,H,60,0", "H,C,60,0"],
            days=4,
            conflicts={"A": [1] * 4},
            totals=[("2020-01-01", 0), ("2020-01-02", 50)],
            camps={"C": [("2020-01-01", 0)]},
            settings=FAST.replace("default_movechance: 1.0", "default_movechance: 0.3"),
        )
    )
    res = Simulation(sc, seed=3, backend=backend).run()
    # 60 km legs at 200 km a day: several hops fit in a day, and nobody is left on a link
    assert res.in_transit[1] == 0
    assert res.place("C")[1] + res.place("A")[1] + res.place("H")[1] == 50
    assert res.place("C")[1] > 0


@pytest.mark.parametrize("backend", BACKENDS)
def test_route_choice_follows_weights(tmp_path: Path, backend: str) -> None:
    n = 30000
    sc = read_flee_scenario(
        write_scenario(
            tmp_path,
            locations=[
                "A,R,Home,0,0,conflict_zone,0,1000",
                "C1,R,Home,0,1,camp,,0",
                "C2,R,Home,0,2,camp,,0",
            ],
            routes=["A,C1,10,0", "A,C2,30,0"],
            days=3,
            conflicts={"A": [1] * 3},
            totals=[("2020-01-01", 0), ("2020-01-02", n)],
            camps={"C1": [("2020-01-01", 0)], "C2": [("2020-01-01", 0)]},
            settings=FAST,
        )
    )
    res = Simulation(sc, seed=7, backend=backend).run()
    # weights 1/(10+10) and 1/(10+30): two thirds go to the nearer camp
    p = (1 / 20) / (1 / 20 + 1 / 40)
    got = res.place("C1")[-1]
    assert res.place("C1")[-1] + res.place("C2")[-1] == n
    assert abs(got - n * p) < 5 * math.sqrt(n * p * (1 - p))


@pytest.mark.parametrize("backend", BACKENDS)
def test_foreign_weight_makes_abroad_more_attractive(tmp_path: Path, backend: str) -> None:
    n = 20000
    sc = read_flee_scenario(
        write_scenario(
            tmp_path,
            locations=[
                "A,R,Home,0,0,conflict_zone,0,1000",
                "C1,R,Home,0,1,camp,,0",
                "C2,R,Away,0,2,camp,,0",
            ],
            routes=["A,C1,10,0", "A,C2,10,0"],
            days=3,
            conflicts={"A": [1] * 3},
            totals=[("2020-01-01", 0), ("2020-01-02", n)],
            camps={"C1": [("2020-01-01", 0)], "C2": [("2020-01-01", 0)]},
            settings=FAST + "  foreign_weight: 3.0\n",
        )
    )
    res = Simulation(sc, seed=7, backend=backend).run()
    p = 3 / 4
    assert abs(res.place("C2")[-1] - n * p) < 5 * math.sqrt(n * p * (1 - p))


@pytest.mark.parametrize("backend", BACKENDS)
def test_camp_capacity_stops_arrivals(tmp_path: Path, backend: str) -> None:
    days = 60
    sc = two_place(
        tmp_path,
        10,
        days=days,
        locations=["A,R,Home,0,0,conflict_zone,0,1000", "C,R,Away,0,1,camp,,1000"],
        totals=[("2020-01-01", 0), ("2020-02-20", 5000)],  # about 100 a day for 50 days
    )
    res = Simulation(sc, seed=2, backend=backend).run()
    camp = res.place("C")
    # plans to a camp whose room multiplier is below 0.5 (occupancy > 950) are dropped;
    # at most one day's movers (about 100) decided before it filled
    assert 950 <= camp[-1] <= 1100
    assert camp[-1] + res.place("A")[-1] == res.spawned.sum()


@pytest.mark.parametrize("backend", BACKENDS)
def test_border_closure_blocks_until_it_reopens(tmp_path: Path, backend: str) -> None:
    sc = two_place(tmp_path, 10, closures=["country,Home,Away,0,5"])
    camp = Simulation(sc, seed=1, backend=backend).run().place("C")
    assert (camp[:5] == 0).all() and camp[5] == 100


@pytest.mark.parametrize("backend", BACKENDS)
def test_travellers_on_a_link_that_closes_are_turned_back(tmp_path: Path, backend: str):
    sc = two_place(tmp_path, 450, days=14, closures=["link,A,C,2,9"])
    res = Simulation(sc, seed=1, backend=backend).run()
    # on the road from day 1; the link closes on day 2; on day 3 they reach its end and are
    # sent back to A; it reopens on day 9, so they arrive on day 9 + 2
    assert res.place("A")[3] == 100
    assert res.place("C")[:11].sum() == 0 and res.place("C")[11] == 100


@pytest.mark.parametrize("backend", BACKENDS)
def test_spawn_splits_by_population_and_intensity(tmp_path: Path, backend: str) -> None:
    n = 40000
    sc = read_flee_scenario(
        write_scenario(
            tmp_path,
            locations=[
                "A,R,Home,0,0,conflict_zone,0,1000",
                "B,R,Home,0,1,conflict_zone,0,3000",
                "C,R,Away,0,2,camp,,0",
            ],
            routes=["A,C,5000,0", "B,C,5000,0"],
            days=3,
            conflicts={"A": [1] * 3, "B": [0.5] * 3},
            totals=[("2020-01-01", 0), ("2020-01-02", n)],
            camps={"C": [("2020-01-01", 0)]},
            settings=FAST.replace("conflict_movechance: 1.0", "conflict_movechance: 0.01"),
        )
    )
    res = Simulation(sc, seed=5, backend=backend).run()
    # weights 1000 x 1 and 3000 x 0.5: A gets 2/5 of the new arrivals (move chance 0.01:
    # nearly all are still where they appeared at the end of the day)
    p = 0.4
    total_ab = res.place("A")[1] + res.place("B")[1]
    assert total_ab > 0.95 * n
    assert abs(res.place("A")[1] / total_ab - p) < 5 * math.sqrt(p * (1 - p) / total_ab)


@pytest.mark.parametrize("backend", BACKENDS)
def test_marker_is_passed_through_not_stopped_at(tmp_path: Path, backend: str) -> None:
    sc = read_flee_scenario(
        write_scenario(
            tmp_path,
            locations=[
                "A,R,Home,0,0,conflict_zone,0,1000",
                "M,R,Home,0,1,marker,,0",
                "C,R,Away,0,2,camp,,0",
            ],
            routes=["A,M,10,0", "M,C,10,0"],
            days=3,
            conflicts={"A": [1] * 3},
            totals=[("2020-01-01", 0), ("2020-01-02", 80)],
            camps={"C": [("2020-01-01", 0)]},
            settings=FAST,
        )
    )
    res = Simulation(sc, seed=1, backend=backend).run()
    assert res.place("C")[1] == 80 and res.place("M")[1] == 0


def test_awareness_two_sees_places_two_links_away(tmp_path: Path) -> None:
    root = write_scenario(
        tmp_path,
        locations=[
            "A,R,Home,0,0,conflict_zone,0,1000",
            "B,R,Home,0,1,town,,0",
            "M,R,Home,0,1,marker,,0",
            "C,R,Away,0,2,camp,,0",
        ],
        routes=["A,B,10,0", "B,M,5,0", "M,C,20,0"],
        conflicts={"A": [1] * 10},
        settings=FAST.replace("awareness_level: 1", "awareness_level: 2"),
    )
    sc = read_flee_scenario(root)
    g = compile_graph(sc)
    a = g.index["A"]
    ends = sorted(
        (g.names[g.rs_end[s]], km)
        for s, km in zip(g.cand[a], g.cand_dist[a], strict=False)
        if s >= 0
    )
    # B one step away; C two steps away (the marker is not a step, nor an end point)
    assert ends == [("B", 10.0), ("C", 35.0)]


def test_insert_day0_puts_the_first_count_in_each_camp(tmp_path: Path) -> None:
    sc = two_place(
        tmp_path,
        10,
        camps={"C": [("2020-01-01", 30), ("2020-01-05", 60)]},
        settings=FAST.replace("insert_day0: false", "insert_day0: true"),
    )
    res = Simulation(sc, seed=1).run()
    assert res.place("C")[0] == 30


@pytest.mark.parametrize("backend", BACKENDS)
def test_same_seed_same_run_other_seed_other_run(tmp_path: Path, backend: str) -> None:
    sc = read_flee_scenario(
        write_scenario(
            tmp_path,
            locations=[
                "A,R,Home,0,0,conflict_zone,0,1000",
                "B,R,Home,0,1,town,,0",
                "C1,R,Away,0,2,camp,,0",
                "C2,R,Away,0,2,camp,,0",
            ],
            routes=["A,B,120,0", "B,C1,150,0", "B,C2,300,0", "A,C2,400,0"],
            days=20,
            conflicts={"A": [1] * 20},
            totals=[("2020-01-01", 0), ("2020-01-15", 5000)],
            camps={"C1": [("2020-01-01", 0)]},
            settings=FAST.replace("default_movechance: 1.0", "default_movechance: 0.3"),
        )
    )
    one = Simulation(sc, seed=11, backend=backend).run().occupancy
    again = Simulation(sc, seed=11, backend=backend).run().occupancy
    other = Simulation(sc, seed=12, backend=backend).run().occupancy
    assert np.array_equal(one, again)
    assert not np.array_equal(one, other)
    assert one.sum(axis=1)[-1] + 0 <= 5000


def test_new_spawns_carry_a_debt_when_the_total_falls() -> None:
    assert R.new_spawns(100, 80, 0) == (20, 0)
    assert R.new_spawns(70, 100, 0) == (0, 30)
    assert R.new_spawns(90, 70, 30) == (0, 10)
    assert R.new_spawns(120, 90, 10) == (20, 0)


def test_conflict_decay_by_30_day_blocks() -> None:
    got = R.conflict_decay(np.array([0, 29, 30, 95, 1000]), [1.0, 0.5, 0.1])
    assert got.tolist() == [1.0, 1.0, 0.5, 0.1, 0.1]
    assert R.conflict_decay(np.array([5]), None).tolist() == [1.0]


def test_capacity_multiplier() -> None:
    got = R.capacity_multiplier(
        np.array([0, 90, 95, 100, 150, 5]), np.array([100.0] * 5 + [0]), 0.9
    )
    assert np.allclose(got, [1, 1, 0.5, 0, 0, 1])


@pytest.mark.skipif(not HAVE_NUMBA, reason="numba not installed")
def test_compiled_binomial_matches_the_distribution() -> None:
    from numba import njit

    from emigre.simulate.kernel import binomial

    @njit
    def draws(n, p, size, seed):
        np.random.seed(seed)
        out = np.empty(size, np.int64)
        for i in range(size):
            out[i] = binomial(n, p)
        return out

    for n, p in [(7, 0.2), (5000, 0.3), (10**7, 0.999)]:
        x = draws(n, p, 20000, 1)
        mean, var = n * p, n * p * (1 - p)
        assert abs(x.mean() - mean) < 5 * math.sqrt(var / len(x))
        assert abs(x.var() / var - 1) < 0.05
        assert x.min() >= 0 and x.max() <= n


@pytest.mark.parametrize("backend", BACKENDS)
def test_room_counts_those_on_their_way(tmp_path: Path, backend: str) -> None:
    def final(en_route: bool) -> int:
        root = tmp_path / str(en_route)
        sc = two_place(
            root,
            900,  # five days on the road
            days=70,
            locations=["A,R,Home,0,0,conflict_zone,0,1000", "C,R,Away,0,1,camp,,1000"],
            totals=[("2020-01-01", 0), ("2020-02-20", 5000)],
            settings=FAST + f"  capacity_counts_en_route: {str(en_route).lower()}\n",
        )
        return int(Simulation(sc, seed=4, backend=backend).run().place("C")[-1])

    # Flee's rule looks only at who is there: five days of travellers overshoot the room
    assert final(False) > 1300
    # counting those on their way, plans stop once the camp is spoken for
    assert final(True) <= 1100


def test_without_conflicts_csv_zones_start_on_their_conflict_date(tmp_path: Path) -> None:
    sc = read_flee_scenario(
        write_scenario(
            tmp_path,
            locations=["A,R,Home,0,0,conflict_zone,3,1000", "C,R,Away,0,1,camp,,0"],
            routes=["A,C,10,0"],
            days=6,
            totals=[("2020-01-01", 0), ("2020-01-02", 50), ("2020-01-06", 100)],
            camps={"C": [("2020-01-01", 0)]},
            settings=FAST,
        )
    )
    assert sc.conflicts == {}
    res = Simulation(sc, seed=1).run()
    # nobody can appear before A is at war (day 3); those owed wait, then arrive at once
    assert res.spawned[:3].sum() == 0 and res.spawned.sum() == 100
    assert res.place("C")[2] == 0 and res.place("C")[3] > 50
