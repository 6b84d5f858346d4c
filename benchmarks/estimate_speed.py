"""Speed of the estimator, cold start included, on one core.

Two figures, each measured in a fresh process pinned to one core (taskset where available,
one BLAS thread), from process start to the finished estimate, so imports and loading the
compiled code count:

1. the built-in case (`emigre estimate --case russia-2022`, no cache): target 10 s;
2. 50 destinations x 150 weeks x 2,000 claims (synthetic): target 60 s.

Also printed: the first run with no compiled code (Numba compiles the kernels, then caches
them on disk), the first run after the install step of `make` (which compiles them once,
`python -m emigre.estimate.warm`), and the machine load, since other processes on a shared
machine slow everything down.

    python benchmarks/estimate_speed.py
"""

from __future__ import annotations

import datetime as dt
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _cmd(args: list[str]) -> list[str]:
    pin = ["taskset", "-c", "0"] if shutil.which("taskset") else []
    return [*pin, *args]


def _timed(args: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall and CPU seconds of a child process, and its output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    done = subprocess.run(_cmd(args), env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(args)}\n{done.stderr[-2000:]}")
    return wall, cpu, done.stdout


def big_case() -> None:
    """Child mode: build and estimate the large synthetic problem, print its diagnostics.

    The truth and its claims come from the calibration harness's generator, so the claims
    are consistent with one another the way real evidence roughly is."""
    import numpy as np

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import estimate_calibration as synth
    from emigre.estimate import Item, Priors, Request
    from emigre.estimate.run import run
    from emigre.model.country import _names

    rng = np.random.default_rng(7)
    priors = Priors()
    codes = sorted({c for c in _names().values() if c != "RUS"})[:50]
    truth = synth.draw_truth(rng, priors, T=150, places=codes)
    claims = synth.make_claims(rng, truth, priors, n=2000)
    start = synth.START
    req = Request(
        items=[Item(i, c) for i, c in enumerate(claims)],
        start=start,
        as_of=start + dt.timedelta(days=7 * truth.T - 1),
        origin="RUS",
        waves=[start + dt.timedelta(days=7 * w) for w in truth.waves if w > 0],
        priors=priors,
    )
    est = run(req).estimate
    d = est.diagnostics
    print(
        f"{len(est.destinations) - 1} destinations, {len(claims)} claims, {truth.T} weeks; "
        f"R-hat {d.rhat_max:.3f}, bulk ESS {d.ess_bulk_min:.0f}, step {d.step_size:.3f} x "
        f"{d.mean_leapfrog_steps:.0f}, {len(est.departures_weekly)} weeks, "
        f"estimate {d.seconds:.1f} s"
    )
    for w in d.warnings:
        print(f"  warning: {w}")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--big-child":
        big_case()
        return
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", COLUMNS="200")
    with tempfile.TemporaryDirectory() as tmp:
        env["EMIGRE_CACHE_DIR"] = str(Path(tmp) / "cache")
        env["EMIGRE_DB"] = f"sqlite:///{Path(tmp) / 'empty.sqlite'}"
        load = os.getloadavg()[0]
        print(f"machine: {os.cpu_count()} cores, load average {load:.1f} (one core is used)")
        emigre = str(BIN / "emigre")
        case = [emigre, "-q", "estimate", "--case", "russia-2022", "--no-cache", "--format", "json"]
        # make sure the compiled kernels are cached (a no-op when they already are)
        _timed(case, env)
        wall, cpu, _ = _timed(case, env)
        print(
            f"built-in case, cold start (new process, compiled code cached): "
            f"{wall:.1f} s wall, {cpu:.1f} s CPU  [target 10 s]"
        )
        fresh = dict(env, NUMBA_CACHE_DIR=str(Path(tmp) / "numba"))
        wall_c, cpu_c, _ = _timed(case, fresh)
        print(
            f"built-in case, first run with no compiled code (compiling the kernels): "
            f"{wall_c:.1f} s wall, {cpu_c:.1f} s CPU"
        )
        # what a fresh clone does: `make` installs, then compiles the kernels once
        fresh = dict(env, NUMBA_CACHE_DIR=str(Path(tmp) / "numba-install"))
        wall_w, _, _ = _timed([sys.executable, "-m", "emigre.estimate.warm"], fresh)
        wall_f, cpu_f, _ = _timed(case, fresh)
        print(
            f"built-in case, first run after `make` (which compiles the kernels in "
            f"{wall_w:.1f} s): {wall_f:.1f} s wall, {cpu_f:.1f} s CPU  [target 10 s]"
        )
        big = [sys.executable, __file__, "--big-child"]
        wall, cpu, out = _timed(big, env)
        print(
            f"50 destinations x 150 weeks x 2,000 claims, cold start: {wall:.1f} s wall, "
            f"{cpu:.1f} s CPU  [target 60 s]; {out.strip()}"
        )
        print("  [target: R-hat below 1.05 and bulk ESS at least 100 on the reported figures]")


if __name__ == "__main__":
    main()
