"""Drive Flee 3.1 through one scenario folder and report its camp counts and time (JSON).

Runs inside the benchmark's own virtual environment, where flee==3.1 is installed; emigre is
not importable there. Flee's own conventions: conflict_period.csv (FabFlee's later name for the
same file, sim_period.csv, where it is absent), data_layout.csv, hasten.
A run that fails writes Flee's error (its last line) instead of counts; a run stopped by SIGTERM
(`timeout`) or SIGXCPU (a CPU-time limit, RLIMIT_CPU) writes the days it finished, marked
timed_out, so a partial ARD can still be read.
With a third argument N, the run is repeated N times in the process (seeds 0..N-1, Flee's
spawning debt reset between them) and the camp counts of each go into "replicates": the
feature fixtures of the tests are made so.
Usage: python flee_driver.py SCENARIO_DIR OUT.json [N]
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import signal
import sys
import time
import traceback


class _Stopped(Exception):
    """Raised by SIGTERM or SIGXCPU so the days finished so far are still written."""


def _stop(signum: int, frame: object) -> None:
    raise _Stopped()


def main(folder: str, out: str) -> None:
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGXCPU, _stop)
    state: dict = {"camps": [], "counts": [], "peak_agents": 0}
    t0 = time.perf_counter()
    try:
        _run(folder, state)
    except _Stopped:
        state["timed_out"] = True
    except BaseException as exc:  # Flee's own error, kept as the reason it cannot run
        lines = traceback.format_exception_only(type(exc), exc)
        frame = traceback.extract_tb(exc.__traceback__)[-1:]
        where = f" (in {os.path.basename(frame[0].filename)}:{frame[0].lineno} {frame[0].name})"
        state["error"] = lines[-1].strip()[:300] + (where if frame else "")
    state["seconds_total"] = time.perf_counter() - t0
    with open(out, "w") as fh:
        json.dump(state, fh)


def _run(folder: str, state: dict) -> None:
    t0 = time.perf_counter()
    from flee import InputGeography, flee, spawning
    from flee.datamanager import handle_refugee_data, read_period
    from flee.SimulationSettings import SimulationSettings

    imported = time.perf_counter()
    cpu0 = time.process_time()
    inp = os.path.join(folder, "input_csv")
    period = os.path.join(inp, "conflict_period.csv")
    if not os.path.exists(period):
        period = os.path.join(inp, "sim_period.csv")
    noise = io.StringIO()
    with contextlib.redirect_stderr(noise), contextlib.redirect_stdout(noise):
        SimulationSettings.ReadFromYML(os.path.join(folder, "simsetting.yml"))
        SimulationSettings.ConflictInputFile = os.path.join(inp, "conflicts.csv")
        start, days = read_period.read_conflict_period(period)
        eco = flee.Ecosystem()
        geo = InputGeography.InputGeography()
        geo.ReadLocationsFromCSV(os.path.join(inp, "locations.csv"))
        geo.ReadLinksFromCSV(os.path.join(inp, "routes.csv"))
        geo.ReadClosuresFromCSV(os.path.join(inp, "closures.csv"))
        eco, places = geo.StoreInputGeographyInEcosystem(eco)
        geo.ReadConflictInputCSV(SimulationSettings.ConflictInputFile)
        data = handle_refugee_data.RefugeeTable(
            csvformat="generic",
            data_directory=os.path.join(folder, "source_data"),
            start_date=start,
            data_layout="data_layout.csv",
            population_scaledown_factor=SimulationSettings.optimisations[
                "PopulationScaleDownFactor"
            ],
        )
        data.ReadL1Corrections(os.path.join(inp, "registration_corrections.csv"))
        with open(os.path.join(folder, "source_data", "data_layout.csv"), newline="") as fh:
            layout = [r[0] for r in csv.reader(fh) if r and r[0] != "total"]
        watched = [name for name in layout if name in places]
        for name in eco.get_camp_names():
            spawning.add_initial_refugees(eco, data, places[name])
        counts = state["counts"]
        state["camps"] = watched
        state["days"] = days
        state["seconds_import"] = imported - t0
        for t in range(days):
            geo.AddNewConflictZones(eco, t)
            spawning.spawn_daily_displaced(eco, t, data)
            spawning.refresh_spawn_weights(eco)
            eco.enact_border_closures(t)
            eco.evolve()
            counts.append([places[name].numAgents for name in watched])
            state["peak_agents"] = max(state["peak_agents"], eco.numAgents())
            state["seconds_run"] = time.perf_counter() - imported
            state["cpu_seconds_run"] = time.process_time() - cpu0


def replicates(folder: str, out: str, n: int) -> None:
    """n seeded runs of one folder: every run's daily camp counts."""
    import random

    import numpy as np
    from flee import spawning

    runs = []
    camps: list[str] = []
    for seed in range(n):
        random.seed(seed)
        np.random.seed(seed)
        for name in ("__refugees_raw", "__refugee_debt"):  # module state of Flee's spawning
            setattr(spawning, name, 0)
        state: dict = {"camps": [], "counts": [], "peak_agents": 0}
        _run(folder, state)
        camps = state["camps"]
        runs.append(state["counts"])
    with open(out, "w") as fh:
        json.dump({"camps": camps, "replicates": runs}, fh)


if __name__ == "__main__":
    if len(sys.argv) > 3:
        replicates(sys.argv[1], sys.argv[2], int(sys.argv[3]))
    else:
        main(sys.argv[1], sys.argv[2])
