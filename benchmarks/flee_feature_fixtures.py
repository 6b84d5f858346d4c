"""Record what Flee 3.1 does with each of its rules on a small graph, for the tests.

Each feature below is a scenario folder of a few places that makes one Flee rule matter
(awareness beyond 4 links, walking, avoid_short_stints, conflict-driven spawning, capacity,
closures of every kind, decay and weight powers, population weights, markers and hubs,
conflict zones that start and end). Flee 3.1 runs each one REPLICATES times (seeded 0..N-1,
in the benchmark's own venv, see simulate_vs_flee.py); the mean and standard deviation of every
camp's count on a few days go into tests/simulate/fixtures/flee31_features.json together with
the folder itself, so tests/simulate/test_vs_flee_features.py rebuilds the same folder and
checks emigre's distribution against Flee's without installing Flee or using the network.

    python benchmarks/flee_feature_fixtures.py              # all features, rewrites the JSON
    python benchmarks/flee_feature_fixtures.py closures     # one feature, the rest kept
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
OUT = ROOT / "tests" / "simulate" / "fixtures" / "flee31_features.json"
REPLICATES = 40
COMMAND = "python benchmarks/flee_feature_fixtures.py"

BASE = {
    "log_levels": {"agent": 0, "link": 0, "camp": 0, "init": 0, "conflict": 0},
    "spawn_rules": {"take_from_population": False, "insert_day0": False},
    "move_rules": {
        "max_move_speed": 200.0,
        "max_walk_speed": 35.0,
        "conflict_movechance": 1.0,
        "default_movechance": 0.3,
        "camp_movechance": 0.001,
        "conflict_weight": 0.25,
        "awareness_level": 1,
        "capacity_counts_en_route": False,  # emigre's own key (Flee 3.1 skips it): Flee's rule
    },
    "optimisations": {"hasten": 1},
}


def settings(move: dict | None = None, spawn: dict | None = None) -> dict:
    out = json.loads(json.dumps(BASE))
    out["move_rules"].update(move or {})
    out["spawn_rules"].update(spawn or {})
    return out


def feature(locations, routes, settings_, days=25, **kw) -> dict:  # type: ignore[no-untyped-def]
    spec = {
        "locations": locations,
        "routes": routes,
        "days": days,
        "conflicts": kw.pop("conflicts", None),
        "totals": kw.pop("totals", [["2020-01-01", 0], ["2020-01-06", 600]]),
        "closures": kw.pop("closures", []),
        "routes_header": kw.pop("routes_header", None),
        "settings": settings_,
    }
    assert not kw, kw
    return spec


def _all_days(days: int, zones: dict[str, float]) -> dict[str, list[float]]:
    return {name: [value] * days for name, value in zones.items()}


FEATURES = {
    # route weights summed over loop-free paths of up to 5 links (calculateLinkWeight)
    "awareness_5": feature(
        [
            "A,R,Home,0,0,conflict_zone,0,1000",
            "B,R,Home,0,1,town,,0",
            "C,R,Home,0,2,town,,0",
            "D,R,Home,0,3,town,,0",
            "E,R,Home,0,4,town,,0",
            "Far,R,Away,0,5,camp,,0",
            "G,R,Home,1,0,town,,0",
            "Near,R,Away,2,0,camp,,0",
        ],
        ["A,B,40,0", "B,C,40,0", "C,D,40,0", "D,E,40,0", "E,Far,40,0", "A,G,40,0", "G,Near,400,0"],
        settings({"awareness_level": 5, "camp_weight": 2.0, "foreign_weight": 2.0}),
        conflicts=_all_days(25, {"A": 1.0}),
    ),
    "awareness_2_branching": feature(
        [
            "A,R,Home,0,0,conflict_zone,0,1000",
            "B,R,Home,0,1,town,,0",
            "C,R,Home,1,0,town,,0",
            "P,R,Away,0,2,camp,,0",
            "Q,R,Away,1,1,camp,,0",
            "S,R,Away,2,0,camp,,0",
        ],
        ["A,B,100,0", "A,C,60,0", "B,P,80,0", "B,Q,150,0", "C,Q,200,0", "C,S,30,0"],
        settings({"awareness_level": 2, "camp_weight": 3.0}),
        conflicts=_all_days(25, {"A": 1.0}),
    ),
    # start_on_foot, max_walk_speed, a route's own max_move_speed (walk_probability is left
    # out: Flee draws it afresh every day, emigre once per link; docs/simulation.md)
    "walking_and_route_speeds": feature(
        [
            "A,R,Home,0,0,conflict_zone,0,1000",
            "B,R,Home,0,1,town,,0",
            "C,R,Away,0,2,camp,,0",
            "D,R,Away,1,1,camp,,0",
        ],
        ["A,B,70,0,200", "B,C,300,0,60", "B,D,300,0,200"],
        settings({"start_on_foot": True, "max_walk_speed": 30.0}),
        conflicts=_all_days(25, {"A": 1.0}),
        routes_header="#name1,name2,distance,forced_redirection,max_move_speed",
    ),
    # a short first stint forces a move on from a town (AvoidShortStints)
    "avoid_short_stints": feature(
        [
            "A,R,Home,0,0,conflict_zone,0,1000",
            "B,R,Home,0,1,town,,0",
            "C,R,Home,0,2,town,,0",
            "D,R,Away,0,3,camp,,0",
            "E,R,Away,1,1,camp,,0",
        ],
        ["A,B,20,0", "B,C,30,0", "C,D,250,0", "B,E,600,0"],
        settings({"avoid_short_stints": True, "default_movechance": 0.2}),
        conflicts=_all_days(25, {"A": 1.0}),
    ),
    # conflict_driven_spawning (pop_ratio) with take_from_population
    "conflict_driven_pop_ratio": feature(
        [
            "A,R,Home,0,0,conflict_zone,0,20000",
            "B,R,Home,0,1,conflict_zone,0,8000",
            "T,R,Home,1,1,town,,0",
            "C,R,Away,0,2,camp,,0",
            "D,R,Away,2,1,camp,,0",
        ],
        ["A,T,50,0", "B,T,80,0", "T,C,150,0", "T,D,90,0", "B,D,200,0"],
        settings(
            spawn={
                "take_from_population": True,
                "conflict_driven_spawning": {
                    "spawn_mode": "pop_ratio",
                    "displaced_per_conflict_day": 0.01,
                },
            }
        ),
        days=20,
        conflicts=_all_days(20, {"A": 1.0, "B": 0.5}),
    ),
    # camp capacity with capacity_buffer: plans to a nearly full camp are dropped
    "camp_capacity": feature(
        [
            "A,R,Home,0,0,conflict_zone,0,1000",
            "Small,R,Away,0,1,camp,,120",
            "Big,R,Away,1,0,camp,,5000",
        ],
        ["A,Small,50,0", "A,Big,400,0"],
        settings({"capacity_buffer": 0.7}),
        conflicts=_all_days(25, {"A": 1.0}),
    ),
    # closures: a border, a place, a camp, each for some days (a link closure is left out:
    # Flee 3.1's close_link compares names with `is not` and closes nothing; docs/simulation.md)
    "closures": feature(
        [
            "A,R,Home,0,0,conflict_zone,0,1000",
            "B,R,Home,0,1,town,,0",
            "C1,R,Away,0,2,camp,,0",
            "C2,R,Away,1,2,camp,,0",
            "C3,R,Other,2,1,camp,,0",
            "H,R,Home,2,0,town,,0",
        ],
        ["A,B,100,0", "B,C1,100,0", "B,C2,150,0", "A,H,80,0", "H,C3,120,0"],
        settings(),
        conflicts=_all_days(25, {"A": 1.0}),
        closures=[
            "country,Home,Away,0,8",
            "location,H,,4,12",
            "camp,C3,,15,30",
        ],
    ),
    # conflict_spawn_decay, weight_softening, distance_power, weight_power, camp and foreign
    "decay_and_weight_powers": feature(
        [
            "A,R,Home,0,0,conflict_zone,0,3000",
            "B,R,Home,1,0,conflict_zone,0,3000",
            "T,R,Home,0,1,town,,0",
            "C,R,Away,0,2,camp,,0",
            "D,R,Home,2,0,camp,,0",
        ],
        ["A,T,60,0", "B,T,30,0", "T,C,120,0", "T,D,40,0", "A,B,50,0"],
        settings(
            {
                "weight_softening": 0.5,
                "distance_power": 1.5,
                "weight_power": 2.0,
                "camp_weight": 2.0,
                "foreign_weight": 3.0,
            },
            {"conflict_spawn_decay": [1.0, 0.2]},
        ),
        days=70,
        conflicts={"A": [1.0] * 70, "B": [0.0] * 25 + [1.0] * 45},
        totals=[["2020-01-01", 0], ["2020-03-10", 2000]],
    ),
    # use_pop_for_loc_weight and movechance_pop_scale_factor
    "population_weights": feature(
        [
            "A,R,Home,0,0,conflict_zone,0,1000",
            "Empty,R,Home,0,1,town,,0",
            "Busy,R,Home,1,0,town,,20000",
            "C,R,Away,0,2,camp,,0",
            "D,R,Away,2,0,camp,,0",
        ],
        ["A,Empty,50,0", "A,Busy,50,0", "Empty,C,100,0", "Busy,D,100,0"],
        settings(
            {
                "use_pop_for_loc_weight": True,
                "pop_power_for_loc_weight": 0.1,
                "weight_softening": 0.2,
                "movechance_pop_scale_factor": 0.3,
                "movechance_pop_base": 5000.0,
            }
        ),
        conflicts=_all_days(25, {"A": 1.0}),
    ),
    # a marker is no step of a path and no end point; a forwarding hub is always left
    "markers_and_hubs": feature(
        [
            "A,R,Home,0,0,conflict_zone,0,1000",
            "M,R,Home,0,1,marker,,0",
            "Hub,R,Home,1,0,forwarding_hub,,0",
            "C,R,Away,0,2,camp,,0",
            "D,R,Away,2,0,camp,,0",
        ],
        ["A,M,60,0", "M,C,60,0", "A,Hub,150,0", "Hub,D,100,0"],
        settings(),
        conflicts=_all_days(25, {"A": 1.0}),
    ),
    # conflict zones that start and end by conflicts.csv (a town at war, and after it)
    "conflicts_start_and_end": feature(
        [
            "A,R,Home,0,0,conflict_zone,0,1000",
            "B,R,Home,1,0,town,,4000",
            "T,R,Home,0,1,town,,0",
            "C,R,Away,0,2,camp,,0",
        ],
        ["A,T,100,0", "B,T,100,0", "T,C,100,0", "A,B,150,0"],
        settings(),
        days=30,
        conflicts={"A": [1.0] * 12 + [0.0] * 18, "B": [0.0] * 6 + [0.7] * 24},
        totals=[["2020-01-01", 0], ["2020-01-25", 1500]],
    ),
}


def summary_days(days: int) -> list[int]:
    return sorted({days // 4, days // 2, days - 1})


def main() -> None:
    """Record every feature (or those named on the command line, kept with the others)."""
    from platformdirs import user_cache_dir

    from simulate_vs_flee import flee_venv
    from tests.simulate.flee_folder import write_spec

    python = flee_venv(Path(user_cache_dir("emigre")) / "flee-3.1-venv")
    out = {"command": COMMAND, "flee": "3.1", "replicates": REPLICATES, "features": {}}
    chosen = sys.argv[1:] or list(FEATURES)
    if sys.argv[1:] and OUT.is_file():
        out["features"] = json.loads(OUT.read_text())["features"]
    for name in chosen:
        spec = FEATURES[name]
        with tempfile.TemporaryDirectory() as tmp:
            folder = write_spec(Path(tmp) / name, spec)
            result = Path(tmp) / "flee.json"
            subprocess.run(
                [python, ROOT / "benchmarks" / "flee_driver.py", folder, result, str(REPLICATES)],
                check=True,
                cwd=tmp,
                capture_output=True,
            )
            runs = json.loads(result.read_text())
        counts = np.asarray(runs["replicates"], dtype=float)  # (runs, days, camps)
        days = summary_days(spec["days"])
        out["features"][name] = {
            "spec": spec,
            "camps": runs["camps"],
            "days": days,
            "mean": counts[:, days, :].mean(axis=0).round(3).tolist(),
            "sd": counts[:, days, :].std(axis=0, ddof=1).round(3).tolist(),
        }
        print(f"{name}: {dict(zip(runs['camps'], out['features'][name]['mean'][-1], strict=True))}")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(out, indent=1) + "\n")
    print(f"written {OUT}")


if __name__ == "__main__":
    main()
