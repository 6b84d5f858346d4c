"""Drive Flee 3.1 through one scenario folder and report its camp counts and time (JSON).

Runs inside the benchmark's own virtual environment, where flee==3.1 is installed; emigre is
not importable there. Flee's own conventions: conflict_period.csv, data_layout.csv, hasten.
Usage: python flee_driver.py SCENARIO_DIR OUT.json
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import sys
import time


def main(folder: str, out: str) -> None:
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
        counts = []
        peak = 0
        for t in range(days):
            geo.AddNewConflictZones(eco, t)
            spawning.spawn_daily_displaced(eco, t, data)
            spawning.refresh_spawn_weights(eco)
            eco.enact_border_closures(t)
            eco.evolve()
            counts.append([places[name].numAgents for name in watched])
            peak = max(peak, eco.numAgents())
    done = time.perf_counter()
    cpu = time.process_time() - cpu0
    with open(out, "w") as fh:
        json.dump(
            {
                "camps": watched,
                "counts": counts,
                "seconds_import": imported - t0,
                "seconds_run": done - imported,
                "cpu_seconds_run": cpu,
                "peak_agents": peak,
            },
            fh,
        )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
