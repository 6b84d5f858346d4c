"""emigre's engine against Flee 3.1 on the same scenarios, measured in one run.

For each scenario of ../shared/flee (mali, burundi, car, ssudan) this runs Flee 3.1 (installed
into a virtual environment of its own under the user cache folder, never a dependency of
emigre) and emigre with the same agent count (the scenario's hasten), and prints both wall
times, their ratio and both ARDs, each computed by emigre's validation code on the same
observed data.

Times: Flee's is the simulation inside its process (reading the inputs and running the days),
without interpreter start-up and imports; emigre's is the same span (reading the folder and
running), after a warm-up run that loads the compiled kernel, whose one-off cost is printed
apart. Both wall-clock and CPU time are measured; the target is judged on CPU time, which
other work on a shared machine does not inflate (with --flee-times-from-readme, Flee's time
is the README's, taken on an idle machine). Running Flee on all four takes about 25 minutes on
an idle core (CAR about 13, South Sudan about 10); `--flee-times-from-readme` skips Flee and
takes its time and ARD from the README table instead.

    python benchmarks/simulate_vs_flee.py                      # all four, Flee run here
    python benchmarks/simulate_vs_flee.py mali burundi         # some
    python benchmarks/simulate_vs_flee.py --flee-times-from-readme
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ["mali", "burundi", "car", "ssudan"]
FLEE_DEPS = ["numpy", "pandas", "pyyaml", "beartype"]


def flee_venv(where: Path) -> Path:
    """A virtual environment holding flee==3.1 (made once, reused)."""
    python = where / "bin" / "python"
    if (
        python.exists()
        and subprocess.run([python, "-c", "import flee.flee"], capture_output=True).returncode == 0
    ):
        return python
    print(f"installing flee==3.1 into {where} …", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "venv", str(where)], check=True)
    pip = [str(python), "-m", "pip", "install", "--quiet"]
    # flee's declared requirements include MPI and plotting packages that its serial engine
    # never imports (mpi4py would need an MPI compiler); install it alone, then what it uses
    subprocess.run([*pip, "--no-deps", "flee==3.1"], check=True)
    subprocess.run([*pip, *FLEE_DEPS], check=True)
    return python


def run_flee(python: Path, folder: Path, cache: Path, reuse: bool) -> dict:
    """Flee's camp counts and time for one scenario (kept in the cache for --reuse-flee)."""
    saved = cache / f"flee-3.1-{folder.name}.json"
    if reuse and saved.is_file():
        out = json.loads(saved.read_text())
        out["reused"] = True
        return out
    with tempfile.TemporaryDirectory() as tmp:
        out_path = Path(tmp) / "flee.json"
        env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
        subprocess.run(
            [str(python), str(ROOT / "benchmarks" / "flee_driver.py"), str(folder), str(out_path)],
            check=True,
            env=env,
            cwd=tmp,
        )
        out = json.loads(out_path.read_text())
    out["measured"] = time.strftime("%Y-%m-%d %H:%M")
    cache.mkdir(parents=True, exist_ok=True)
    saved.write_text(json.dumps(out))
    return out


def readme_table(readme: Path) -> dict[str, dict[str, float]]:
    """Flee's measured time and ARDs per scenario (the first row of each) from the README."""
    out: dict[str, dict[str, float]] = {}
    for line in readme.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 8 or not re.match(r"^[a-z]+ \(", cells[0]):
            continue
        name = cells[0].split()[0]
        if name in out or re.search(r"hasten 1\)", cells[0]):
            continue
        out[name] = {
            "seconds": float(cells[5]),
            "ard": float(cells[6]),
            "ard_rescaled": float(cells[7]),
            "agents": float(cells[4].replace(",", "")),
        }
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("scenarios", nargs="*", default=SCENARIOS)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "flee")
    ap.add_argument("--flee-times-from-readme", action="store_true")
    ap.add_argument("--venv", type=Path, default=None, help="where Flee's venv lives")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--reuse-flee",
        action="store_true",
        help="use Flee's results from an earlier run of this script (kept in the cache) "
        "instead of running Flee again",
    )
    args = ap.parse_args()

    from emigre.simulate.engine import Simulation
    from emigre.simulate.flee_format import read_flee_scenario
    from emigre.simulate.series import observed_matrix
    from emigre.simulate.validate import ard, ard_rescaled, validate

    t = time.perf_counter()
    warm = read_flee_scenario(args.shared / args.scenarios[0])
    Simulation(warm, seed=0, days=2).run()
    warm_up = time.perf_counter() - t
    print(f"emigre one-off start-up (imports, loading the compiled kernel): {warm_up:.2f} s")

    readme = readme_table(args.shared / "README.md")
    python = None
    from platformdirs import user_cache_dir

    cache = Path(user_cache_dir("emigre"))
    if not args.flee_times_from_readme:
        python = flee_venv(args.venv or cache / "flee-3.1-venv")

    rows = []
    for name in args.scenarios:
        folder = args.shared / name
        t, c = time.perf_counter(), time.process_time()
        scenario = read_flee_scenario(folder)
        result = Simulation(scenario, seed=args.seed).run()
        ours, ours_cpu = time.perf_counter() - t, time.process_time() - c
        v = validate(result, scenario)
        if python is not None:
            flee = run_flee(python, folder, cache, args.reuse_flee)
            names, obs = observed_matrix(scenario)
            cols = [flee["camps"].index(n) for n in names]
            sim = np.asarray(flee["counts"])[:, cols]
            theirs = flee["seconds_run"]
            theirs_cpu = flee.get("cpu_seconds_run", theirs)
            flee_ard, flee_res = ard(sim, obs), ard_rescaled(sim, obs)
            source = (
                f"measured {flee.get('measured', '?')}, reused"
                if flee.get("reused")
                else "run here"
            )
        else:
            ref = readme[name]
            theirs, flee_ard, flee_res = ref["seconds"], ref["ard"], ref["ard_rescaled"]
            theirs_cpu = theirs
            source = "README"
        ratio = theirs / ours
        ratio_cpu = theirs_cpu / max(ours_cpu, 1e-9)
        # The machine is shared: CPU time is what load does not inflate, so the speed target is
        # judged on it (Flee's README times were taken on an idle machine, where wall = CPU).
        ok = ratio_cpu >= 100 and v.ard <= flee_ard + 0.03
        rows.append(
            (
                name,
                scenario.days,
                int(result.spawned.sum()),
                theirs,
                ours,
                ratio,
                flee_ard,
                flee_res,
                v.ard,
                v.ard_rescaled,
                source,
                ok,
                theirs_cpu,
                ours_cpu,
                ratio_cpu,
            )
        )
        print(
            f"{name:8s} Flee {theirs:8.2f} s ({source})  emigre {ours:6.3f} s  "
            f"x{ratio:7.0f} (CPU: Flee {theirs_cpu:.2f} s, emigre {ours_cpu:.3f} s, "
            f"x{ratio_cpu:.0f})  ARD Flee {flee_ard:.3f}/{flee_res:.3f}  "
            f"emigre {v.ard:.3f}/{v.ard_rescaled:.3f}  {'OK' if ok else 'MISSED'}",
            flush=True,
        )

    print()
    print(
        "| scenario | days | agents | Flee s | emigre s | speed-up (wall / CPU) "
        "| Flee ARD (resc.) | emigre ARD (resc.) | target met |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in rows:
        print(
            f"| {r[0]} | {r[1]} | {r[2]:,} | {r[3]:.1f} ({r[10]}) | {r[4]:.3f} "
            f"| {r[5]:,.0f}x / {r[14]:,.0f}x "
            f"| {r[6]:.3f} ({r[7]:.3f}) | {r[8]:.3f} ({r[9]:.3f}) | {'yes' if r[11] else 'no'} |"
        )
    print(
        "\ntargets: at least 100x less CPU time than Flee (wall-clock ratios shown too; "
        "they suffer from other load on the machine), ARD at most Flee's + 0.03"
    )


if __name__ == "__main__":
    main()
