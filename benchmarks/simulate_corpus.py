"""emigre against Flee 3.1 on every scenario folder of Flee's own corpus, measured in one run.

For each folder of ../shared/flee-corpus (FabFlee's config_files), this runs Flee 3.1 (in the
virtual environment of its own that simulate_vs_flee.py makes under the user cache folder) at
the folder's own hasten, with a time limit per run, and emigre whole-process (a fresh
`emigre simulate run` process: interpreter start-up, imports, reading the folder, the run) at
the folder's hasten and at hasten 1. Both ARDs are computed by emigre's validation code on the
same observed data. A Flee run that hits the time limit keeps the days it finished: its ARD is
over those days (emigre's is given over the same days) and its time is a lower bound.

It prints a table, the folders Flee 3.1 cannot run (with Flee's error) and the folders emigre
refuses (with emigre's one-line reason). Flee's results are cached (one JSON per folder), so
a rerun with --reuse-flee costs only emigre's runs.

    python benchmarks/simulate_corpus.py --flee-only --jobs 2     # Flee's runs, in the cache
    python benchmarks/simulate_corpus.py --reuse-flee             # the table
    python benchmarks/simulate_corpus.py --reuse-flee mali2012 burundi
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import csv
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))


def folders(corpus: Path) -> list[Path]:
    """Every scenario folder of the corpus (one with a simsetting.yml)."""
    return sorted(p for p in corpus.iterdir() if (p / "simsetting.yml").is_file())


def cost_guess(folder: Path) -> float:
    """Agent-days Flee will spend, roughly (days x final refugees / hasten): run cheap first."""
    import yaml

    days = 1000
    for name in ("conflict_period.csv", "sim_period.csv"):
        path = folder / "input_csv" / name
        if path.is_file():
            for row in csv.reader(path.open()):
                if row and row[0].strip().lower() == "length":
                    days = int(row[1])
            break
    total = 1e6
    refugees = folder / "source_data" / "refugees.csv"
    if refugees.is_file():
        rows = [r for r in csv.reader(refugees.open()) if len(r) > 1 and r[0][:1].isdigit()]
        if rows:
            with contextlib.suppress(ValueError):
                total = float(rows[-1][1])
    settings = yaml.safe_load((folder / "simsetting.yml").read_text()) or {}
    hasten = float((settings.get("optimisations") or {}).get("hasten", 1) or 1)
    return days * total / hasten


def flee_cache(cache: Path, folder: Path) -> Path:
    return cache / "flee-corpus" / f"flee-3.1-{folder.name}.json"


def run_flee(python: Path, folder: Path, cache: Path, limit: float, reuse: bool) -> dict:
    """Flee's camp counts and time for one folder, or its error, or the days it did in `limit`."""
    saved = flee_cache(cache, folder)
    if reuse and saved.is_file():
        out = json.loads(saved.read_text())
        if not out.get("timed_out") or out.get("limit", 0) >= limit:
            out["reused"] = True
            return out
    with tempfile.TemporaryDirectory() as tmp:
        out_path = Path(tmp) / "flee.json"
        env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
        driver = ROOT / "benchmarks" / "flee_driver.py"
        cmd = ["nice", "-n", "10", "timeout", f"{limit:.0f}", str(python), str(driver)]
        t = time.perf_counter()
        proc = subprocess.run(
            [*cmd, str(folder.resolve()), str(out_path)],
            env=env,
            cwd=tmp,
            capture_output=True,
            text=True,
        )
        wall = time.perf_counter() - t
        if out_path.is_file():
            out = json.loads(out_path.read_text())
        else:
            tail = (proc.stderr or proc.stdout or "").strip().splitlines()[-1:] or ["no output"]
            out = {"error": f"exit {proc.returncode}: {tail[0][:300]}"}
    out["wall_process"] = wall
    out["limit"] = limit
    out["measured"] = time.strftime("%Y-%m-%d %H:%M")
    saved.parent.mkdir(parents=True, exist_ok=True)
    saved.write_text(json.dumps(out))
    return out


def flee_all(corpus: Path, names: list[str], args: argparse.Namespace, cache: Path) -> None:
    """Run Flee on every folder (cheapest first, `--jobs` at a time), results into the cache."""
    from simulate_vs_flee import flee_venv

    python = flee_venv(args.venv or cache / "flee-3.1-venv")
    todo = sorted((corpus / n for n in names), key=cost_guess)
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        jobs = {pool.submit(run_flee, python, f, cache, args.time_limit, True): f for f in todo}
        for job in concurrent.futures.as_completed(jobs):
            out = job.result()
            name = jobs[job].name
            state = (
                f"error: {out['error']}"
                if "error" in out
                else f"{len(out['counts'])}/{out.get('days')} days"
                + (" (time limit)" if out.get("timed_out") else "")
            )
            print(f"{name:28s} {out.get('wall_process', 0):7.1f} s  {state}", flush=True)


def emigre_process(folder: Path, hasten: int | None, seed: int) -> tuple[float, dict]:
    """One whole `emigre simulate run` process on the folder: wall seconds and its JSON."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "run.json"
        cmd = [sys.executable, "-m", "emigre", "simulate", "run", str(folder)]
        cmd += ["--seed", str(seed), "--json-out", str(out)]
        if hasten is not None:
            cmd += ["--hasten", str(hasten)]
        t = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True)
        wall = time.perf_counter() - t
        if proc.returncode != 0:
            lines = (proc.stderr or proc.stdout).strip().splitlines()
            return wall, {"error": lines[-1] if lines else f"exit {proc.returncode}"}
        return wall, json.loads(out.read_text())


def flee_ard(flee: dict, scenario, days: int | None) -> tuple[float, float]:
    """Flee's ARD (normal, rescaled) by emigre's validation code, over its first `days` days."""
    from emigre.simulate.series import observed_matrix
    from emigre.simulate.validate import ard, ard_rescaled

    names, obs = observed_matrix(scenario)
    cols = [flee["camps"].index(n) for n in names]
    sim = np.asarray(flee["counts"], dtype=float).reshape(-1, len(flee["camps"]))[:, cols]
    n = min(len(sim), days or len(sim))
    return ard(sim[:n], obs[:n]), ard_rescaled(sim[:n], obs[:n])


def emigre_ard(folder: Path, seed: int, days: int | None) -> tuple[float, float, int]:
    """emigre's ARD in this process over the first `days` days (for Flee's partial runs)."""
    from emigre.simulate.engine import Simulation
    from emigre.simulate.flee_format import read_flee_scenario
    from emigre.simulate.series import observed_matrix
    from emigre.simulate.validate import ard, ard_rescaled

    scenario = read_flee_scenario(folder)
    result = Simulation(scenario, seed=seed).run()
    names, obs = observed_matrix(scenario)
    sim = result.camp_matrix(names)
    n = min(len(sim), days or len(sim))
    return ard(sim[:n], obs[:n]), ard_rescaled(sim[:n], obs[:n]), int(result.spawned.sum())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("folders", nargs="*")
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "flee-corpus")
    ap.add_argument("--venv", type=Path, default=None, help="where Flee's venv lives")
    ap.add_argument("--time-limit", type=float, default=600.0, help="seconds per Flee run")
    ap.add_argument("--jobs", type=int, default=1, help="Flee runs at a time (--flee-only)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--flee-only", action="store_true", help="only run Flee (into the cache)")
    ap.add_argument("--reuse-flee", action="store_true", help="Flee's cached results")
    args = ap.parse_args()
    from platformdirs import user_cache_dir

    cache = Path(user_cache_dir("emigre"))
    names = args.folders or [f.name for f in folders(args.corpus)]
    if args.flee_only:
        flee_all(args.corpus, names, args, cache)
        return
    report(args, names, cache)


def report(args: argparse.Namespace, names: list[str], cache: Path) -> None:
    """The table: Flee's results (cached or run now) beside emigre's, folder by folder."""
    from emigre.simulate.flee_format import read_flee_scenario
    from simulate_vs_flee import flee_venv

    python = None if args.reuse_flee else flee_venv(args.venv or cache / "flee-3.1-venv")
    rows, flee_cannot, emigre_cannot, limited = [], [], [], []
    for name in names:
        folder = args.corpus / name
        saved = flee_cache(cache, folder)
        if python is None and not saved.is_file():
            print(f"{name}: no cached Flee run (run with --flee-only first)", file=sys.stderr)
            continue
        flee = (
            json.loads(saved.read_text())
            if python is None
            else run_flee(python, folder, cache, args.time_limit, True)
        )
        if "error" in flee:
            flee_cannot.append((name, flee["error"]))
            continue
        wall, ours = emigre_process(folder, None, args.seed)
        if "error" in ours:
            emigre_cannot.append((name, ours["error"]))
            continue
        wall1, ours1 = emigre_process(folder, 1, args.seed)
        if "error" in ours1:
            emigre_cannot.append((f"{name} at hasten 1", ours1["error"]))
        scenario = read_flee_scenario(folder)
        days = len(flee["counts"]) if flee.get("timed_out") else None
        if days:
            limited.append((name, days, flee.get("days")))
        f_ard, f_res = flee_ard(flee, scenario, days)
        e_ard, e_res, agents = emigre_ard(folder, args.seed, days)
        f_time = flee.get("wall_process", flee.get("seconds_total", 0.0))
        rows.append(
            (
                name,
                scenario.days,
                agents,
                f_time,
                bool(days),
                wall,
                wall1,
                f_ard,
                e_ard,
                f_res,
                e_res,
            )
        )
        print(
            f"{name:26s} Flee {f_time:7.1f} s{'+' if days else ' '} ARD {f_ard:.3f}  "
            f"emigre {wall:6.2f} s (hasten 1: {wall1:6.2f} s) ARD {e_ard:.3f}",
            flush=True,
        )
    print_table(rows, flee_cannot, emigre_cannot, limited, args.time_limit)


def print_table(rows, flee_cannot, emigre_cannot, limited, limit: float) -> None:
    print(f"\nmeasured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {machine()}\n")
    print(
        "| folder | days | agents | Flee s | emigre s | emigre s (hasten 1) | speed-up "
        "| Flee ARD (rescaled) | emigre ARD (rescaled) | ARD target |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    within = 0
    for name, days, agents, f_t, cut, wall, wall1, f_ard, e_ard, f_res, e_res in rows:
        ok = e_ard <= f_ard + 0.03
        within += ok
        ratio = f"{f_t / wall:,.0f}x" + (" (at least)" if cut else "")
        f_txt = f">{f_t:.0f}" if cut else f"{f_t:.1f}"
        print(
            f"| {name} | {days} | {agents:,} | {f_txt} | {wall:.2f} | {wall1:.2f} | {ratio} "
            f"| {f_ard:.3f} ({f_res:.3f}) | {e_ard:.3f} ({e_res:.3f}) | {'yes' if ok else 'no'} |"
        )
    if rows:
        print(f"\nARD within Flee's + 0.03 on {within} of {len(rows)} folders")
    slow = [r for r in rows if r[3] > 20]
    if slow:
        fast = sum(r[3] / r[5] >= 50 for r in slow)
        print(
            f"whole-process >= 50x faster on {fast} of {len(slow)} folders where Flee takes > 20 s"
        )
    if limited:
        print(f"\nFlee runs that hit the {limit:.0f} s limit (ARD over the days it finished):")
        for name, done, days in limited:
            print(f"  {name}: {done} of {days} days")
    print("\nfolders Flee 3.1 cannot run:")
    for name, why in flee_cannot or [("none", "")]:
        print(f"  {name}: {why}")
    print("\nfolders emigre cannot run (of those Flee runs):")
    for name, why in emigre_cannot or [("none", "")]:
        print(f"  {name}: {why}")


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"


if __name__ == "__main__":
    main()
