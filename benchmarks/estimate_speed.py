"""Speed of the estimator, cold start included, on one core, idle and beside a busy core.

Each figure is measured in a fresh process pinned to one core (os.sched_setaffinity, one
BLAS thread), from process start to the finished estimate, so imports and loading the
compiled code count:

1. the built-in case (`emigre estimate --case russia-2022`, no cache): target 10 s, with the
   other core idle and then with the benchmark's own busy process spinning on it (the
   multi-threaded BLAS the sampler used to run on fought such a process for the cores);
2. 50 destinations x 150 weeks x 2,000 claims (synthetic): target 60 s.

Also printed: the first run with no compiled code (Numba compiles the kernels, then caches
them on disk), the first run after the install step of `make` (which compiles them once,
`python -m emigre.estimate.warm`), and the machine load, since other processes on a shared
machine slow everything down: the "idle" figure is only idle when nothing else runs.

    python benchmarks/estimate_speed.py [--case-only]
"""

from __future__ import annotations

import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


TARGET = 10.0


def _cores() -> tuple[int, int | None]:
    """The core the estimate runs on, and another one for the busy process (if any)."""
    mine = sorted(os.sched_getaffinity(0))
    return mine[0], (mine[1] if len(mine) > 1 else None)


def _pin(core: int) -> None:
    os.sched_setaffinity(0, {core})


def _busy(core: int) -> subprocess.Popen[bytes]:
    """A process that keeps one core busy (pure Python arithmetic) until it is stopped."""
    spin = f"import os; os.sched_setaffinity(0, {{{core}}})\nx = 0\nwhile True: x = (x + 1) % 7"
    return subprocess.Popen([sys.executable, "-c", spin])


def _timed(args: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall and CPU seconds of a child process pinned to one core, and its output."""
    core, _ = _cores()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    done = subprocess.run(
        args,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        preexec_fn=lambda: _pin(core),
    )
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


def _sampler(out: str) -> str:
    """What the sampler did, from the estimate's JSON: the CPU time follows the number of
    leapfrog steps, which the step size tuned in warm-up sets (it varies from run to run)."""
    d = json.loads(out)["diagnostics"]
    return (
        f"step {d['step_size']:.3f} x {d['mean_leapfrog_steps']:.0f} leapfrog steps; R-hat "
        f"{d['rhat_max']:.3f} figures, {d['rhat_max_parameters']:.3f} parameters; bulk ESS "
        f"{d['ess_bulk_min']:.0f} figures, {d['ess_bulk_min_parameters']:.0f} parameters"
    )


def _case(case: list[str], env: dict[str, str]) -> None:
    """The built-in case, cold start, with the other core idle and then busy."""
    _timed(case, env)  # make sure the compiled kernels are cached (a no-op when they are)
    wall, cpu, out = _timed(case, env)
    print(
        f"built-in case, cold start (new process on one core, compiled code cached), other "
        f"core idle: {wall:.1f} s wall, {cpu:.1f} s CPU, {wall / TARGET:.2f} x the {TARGET:.0f} s "
        f"target ({_sampler(out)})"
    )
    _, other = _cores()
    if other is None:
        print("  (one core only: no measurement beside a busy core)")
        return
    spinner = _busy(other)
    try:
        time.sleep(0.5)
        wall_b, cpu_b, out_b = _timed(case, env)
    finally:
        spinner.kill()
        spinner.wait()
    print(
        f"built-in case, cold start, beside a busy process on core {other}: {wall_b:.1f} s "
        f"wall, {cpu_b:.1f} s CPU, {wall_b / TARGET:.2f} x the {TARGET:.0f} s target "
        f"({wall_b / wall:.2f} x the idle wall time; {_sampler(out_b)})"
    )


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
        _case(case, env)
        if "--case-only" in sys.argv:
            return
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
        print(f"machine load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
