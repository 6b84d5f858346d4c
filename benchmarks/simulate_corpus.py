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
from typing import Any, NamedTuple

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


def timed(cmd: list[str], **kw: Any) -> tuple[int, str, float, float]:
    """Run a process: exit code, its output, wall seconds and CPU seconds (its own rusage)."""
    with tempfile.TemporaryFile("w+") as out:
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, **kw)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        out.seek(0)
        return code, out.read(), wall, usage.ru_utime + usage.ru_stime


def cpu_limited(seconds: float | None) -> Any:
    """A preexec_fn giving the child (and what it execs) a CPU-time limit: SIGXCPU at it."""
    if seconds is None:
        return None

    def limit() -> None:
        import resource

        soft = int(seconds)
        resource.setrlimit(resource.RLIMIT_CPU, (soft, soft + 30))

    return limit


def run_flee(
    python: Path,
    folder: Path,
    cache: Path,
    limit: float,
    reuse: bool,
    cpu_limit: float | None = None,
    nice: int = 10,
) -> dict:
    """Flee's camp counts and time for one folder, or its error, or the days it did within
    `limit` wall seconds (and `cpu_limit` CPU seconds: on a loaded machine a wall limit cuts
    runs at whatever CPU they happened to get, a CPU limit cuts them all alike)."""
    saved = flee_cache(cache, folder)
    if reuse and saved.is_file():
        out = json.loads(saved.read_text())
        old_cpu = out.get("cpu_limit") or float("inf")
        if not out.get("timed_out") or (
            out.get("limit", 0) >= limit and old_cpu >= (cpu_limit or float("inf"))
        ):
            out["reused"] = True
            return out
    with tempfile.TemporaryDirectory() as tmp:
        out_path = Path(tmp) / "flee.json"
        env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
        driver = ROOT / "benchmarks" / "flee_driver.py"
        cmd = ["nice", "-n", str(nice), "timeout", f"{limit:.0f}", str(python), str(driver)]
        code, text, wall, cpu = timed(
            [*cmd, str(folder.resolve()), str(out_path)],
            env=env,
            cwd=tmp,
            preexec_fn=cpu_limited(cpu_limit),
        )
        if out_path.is_file():
            out = json.loads(out_path.read_text())
        else:
            tail = text.strip().splitlines()[-1:] or ["no output"]
            out = {"error": f"exit {code}: {tail[0][:300]}"}
    out["wall_process"] = wall
    out["cpu_process"] = cpu
    out["limit"] = limit
    out["cpu_limit"] = cpu_limit
    out["nice"] = nice
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
        jobs = {
            pool.submit(
                run_flee, python, f, cache, args.time_limit, True, args.cpu_limit, args.nice
            ): f
            for f in todo
        }
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


def record(corpus: Path, names: list[str], cache: Path, out: Path) -> None:
    """Which folders Flee 3.1 runs, from Flee's cached runs: the corpus test's fixture."""
    folders_: dict[str, str] = {}
    for name in names:
        saved = flee_cache(cache, corpus / name)
        if saved.is_file():
            flee = json.loads(saved.read_text())
            folders_[name] = f"error: {flee['error']}" if "error" in flee else "runs"
    text = {
        "command": "python benchmarks/simulate_corpus.py --flee-only --jobs 2 && "
        "python benchmarks/simulate_corpus.py --record tests/simulate/fixtures/flee31_corpus.json",
        "flee": "3.1",
        "folders": folders_,
    }
    out.write_text(json.dumps(text, indent=1, ensure_ascii=False) + "\n")
    print(f"{sum(v == 'runs' for v in folders_.values())} of {len(folders_)} run; written {out}")


def emigre_process(folder: Path, hasten: int | None, seed: int) -> tuple[float, float, str]:
    """One whole `emigre simulate run` process on the folder: wall and CPU seconds, error."""
    emigre = str(Path(sys.executable).with_name("emigre"))
    cmd = [emigre, "-q", "simulate", "run", str(folder), "--seed", str(seed)]
    if hasten is not None:
        cmd += ["--hasten", str(hasten)]
    code, text, wall, cpu = timed(cmd)
    lines = text.strip().splitlines()
    return wall, cpu, "" if code == 0 else (lines[-1] if lines else f"exit {code}")


def emigre_reads(folder: Path) -> str:
    """What emigre says of a folder: "reads it", or its one-line refusal."""
    from emigre.errors import InputError
    from emigre.simulate.flee_format import read_flee_scenario

    try:
        read_flee_scenario(folder)
    except InputError as exc:
        return f"refuses it ({str(exc).replace(str(folder) + '/', '')})"
    return "reads it"


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
    sim = result.occupancy[:, [result.places.index(n) for n in names]]
    n = min(len(sim), days or len(sim))
    return ard(sim[:n], obs[:n]), ard_rescaled(sim[:n], obs[:n]), int(result.spawned.sum())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("folders", nargs="*")
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "flee-corpus")
    ap.add_argument("--venv", type=Path, default=None, help="where Flee's venv lives")
    ap.add_argument("--time-limit", type=float, default=600.0, help="seconds per Flee run")
    ap.add_argument(
        "--cpu-limit",
        type=float,
        default=None,
        help="CPU seconds per Flee run (RLIMIT_CPU): a cut that other load does not move",
    )
    ap.add_argument("--nice", type=int, default=10, help="niceness of Flee's runs")
    ap.add_argument("--jobs", type=int, default=1, help="Flee runs at a time (--flee-only)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--flee-only", action="store_true", help="only run Flee (into the cache)")
    ap.add_argument("--reuse-flee", action="store_true", help="Flee's cached results")
    ap.add_argument(
        "--record",
        type=Path,
        default=None,
        help="write which folders Flee 3.1 runs (and Flee's error for the others) to this JSON, "
        "from the cache (the tests' fixture: tests/simulate/fixtures/flee31_corpus.json)",
    )
    args = ap.parse_args()
    from platformdirs import user_cache_dir

    cache = Path(user_cache_dir("emigre"))
    names = args.folders or [f.name for f in folders(args.corpus)]
    if args.flee_only:
        flee_all(args.corpus, names, args, cache)
        return
    if args.record:
        record(args.corpus, names, cache, args.record)
        return
    report(args, names, cache)


class Row(NamedTuple):
    name: str
    days: int
    agents: int
    flee_wall: float
    flee_cpu: float
    cut: bool  # Flee hit the time limit: its time is a lower bound, its ARD over fewer days
    wall: float
    cpu: float
    wall1: float
    cpu1: float
    flee_ard: float
    ard: float
    flee_res: float
    res: float


def report(args: argparse.Namespace, names: list[str], cache: Path) -> None:
    """The table: Flee's results (cached or run now) beside emigre's, folder by folder."""
    from emigre.simulate.flee_format import read_flee_scenario
    from simulate_vs_flee import flee_venv

    python = None if args.reuse_flee else flee_venv(args.venv or cache / "flee-3.1-venv")
    rows: list[Row] = []
    flee_cannot: list[tuple[str, str]] = []
    emigre_cannot: list[tuple[str, str]] = []
    limited: list[tuple[str, int, int, str]] = []
    for name in names:
        folder = args.corpus / name
        saved = flee_cache(cache, folder)
        if python is None and not saved.is_file():
            print(f"{name}: no cached Flee run (run with --flee-only first)", file=sys.stderr)
            continue
        flee = (
            json.loads(saved.read_text())
            if python is None
            else run_flee(python, folder, cache, args.time_limit, True, args.cpu_limit, args.nice)
        )
        if "error" in flee:
            flee_cannot.append((name, f"Flee: {flee['error']}; emigre: {emigre_reads(folder)}"))
            continue
        wall, cpu, error = emigre_process(folder, None, args.seed)
        if error:
            emigre_cannot.append((name, error))
            continue
        wall1, cpu1, error = emigre_process(folder, 1, args.seed)
        if error:
            emigre_cannot.append((f"{name} at hasten 1", error))
        scenario = read_flee_scenario(folder)
        days = len(flee["counts"]) if flee.get("timed_out") else None
        if days is not None:
            used = (flee.get("cpu_process", 0), flee.get("wall_process", 0))
            why = f"{used[0]:.0f} CPU s, {used[1]:.0f} s wall"
            limited.append((name, days, int(flee.get("days", scenario.days)), why))
        f_ard, f_res = flee_ard(flee, scenario, days)
        e_ard, e_res, agents = emigre_ard(folder, args.seed, days)
        f_wall = float(flee.get("wall_process", flee.get("seconds_total", 0.0)))
        # Flee's CPU: the whole process where measured, else its run alone (a lower bound)
        f_cpu = float(flee.get("cpu_process", flee.get("cpu_seconds_run", f_wall)))
        row = Row(
            name, scenario.days, agents, f_wall, f_cpu, days is not None, wall, cpu, wall1, cpu1,
            f_ard, e_ard, f_res, e_res,
        )  # fmt: skip
        rows.append(row)
        print(
            f"{name:26s} Flee {f_wall:7.1f} s (CPU {f_cpu:6.1f}){'+' if row.cut else ' '} "
            f"ARD {f_ard:.3f}  emigre {wall:6.2f} s (CPU {cpu:5.2f}; hasten 1 {wall1:6.2f} s, "
            f"CPU {cpu1:5.2f}) ARD {e_ard:.3f}",
            flush=True,
        )
    print_table(rows, flee_cannot, emigre_cannot, limited)


def print_table(
    rows: list[Row],
    flee_cannot: list[tuple[str, str]],
    emigre_cannot: list[tuple[str, str]],
    limited: list[tuple[str, int, int, str]],
) -> None:
    print(f"\nmeasured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {machine()}\n")
    print(
        "| folder | days | agents | Flee s (CPU) | emigre s (CPU) | emigre hasten 1 s (CPU) "
        "| speed-up wall / CPU | Flee ARD (resc.) | emigre ARD (resc.) | ARD target |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    within = 0
    for r in rows:
        ok = r.ard <= r.flee_ard + 0.03
        within += ok
        more = "≥" if r.cut else ""
        ratio = f"{more}{r.flee_wall / r.wall:,.0f}x / {more}{r.flee_cpu / r.cpu:,.0f}x"
        f_txt = f"{'>' if r.cut else ''}{r.flee_wall:.1f} ({r.flee_cpu:.1f})"
        print(
            f"| {r.name} | {r.days} | {r.agents:,} | {f_txt} | {r.wall:.2f} ({r.cpu:.2f}) "
            f"| {r.wall1:.2f} ({r.cpu1:.2f}) | {ratio} | {r.flee_ard:.3f} ({r.flee_res:.3f}) "
            f"| {r.ard:.3f} ({r.res:.3f}) | {'yes' if ok else 'no'} |"
        )
    if rows:
        print(f"\nARD within Flee's + 0.03 on {within} of {len(rows)} folders")
    slow = [r for r in rows if r.flee_wall > 20]
    if slow:
        by_wall = sum(r.flee_wall / r.wall >= 50 for r in slow)
        by_cpu = sum(r.flee_cpu / r.cpu >= 50 for r in slow)
        print(
            f"whole-process >= 50x faster where Flee takes > 20 s: {by_wall} of {len(slow)} "
            f"folders by wall time, {by_cpu} of {len(slow)} by CPU time (the machine is shared: "
            "CPU time is what other load does not inflate)"
        )
    if limited:
        print("\nFlee runs that hit their time limit (ARD over the days it finished):")
        for name, done, days, spent in limited:
            print(f"  {name}: {done} of {days} days in {spent}")
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
