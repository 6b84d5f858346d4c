"""Compile the estimation kernels once, at install time (`make` runs this after pip).

Numba compiles a kernel the first time it is called and caches the machine code on disk
(`cache=True`), so without this the first `emigre estimate` after an install would spend
several seconds compiling. A tiny estimate calls every kernel an estimate uses, with the same
argument types, so everything after it loads the cached code.

    python -m emigre.estimate.warm
"""

from __future__ import annotations

import datetime as dt
import time

from emigre.estimate.evidence import Item
from emigre.estimate.priors import Priors
from emigre.estimate.run import Request, run
from emigre.estimate.sampler import Settings
from emigre.model import Claim


def warm() -> float:
    """Run a two-claim estimate with a handful of draws; return the seconds it took."""
    start = dt.date(2022, 1, 1)
    claims = [
        Claim(
            measure="flow",
            origin="RUS",
            destination=None,
            start=start,
            end=dt.date(2022, 3, 1),
            qualifier="exact",
            value=100_000,
            source_ids=["warm-up"],
            state="accepted",
        ),
        Claim(
            measure="stock",
            origin="RUS",
            destination="GEO",
            start=start,
            end=dt.date(2022, 4, 1),
            qualifier="at_least",
            value=20_000,
            source_ids=["warm-up"],
            state="accepted",
        ),
    ]
    req = Request(
        items=[Item(i, c) for i, c in enumerate(claims)],
        start=start,
        as_of=dt.date(2022, 4, 30),
        origin="RUS",
        waves=[dt.date(2022, 2, 1)],
        priors=Priors(),
        settings=Settings(chains=2, warmup=4, draws=4, map_iterations=20),
    )
    t0 = time.perf_counter()
    run(req)
    return time.perf_counter() - t0


if __name__ == "__main__":
    print(f"estimation kernels compiled and cached ({warm():.1f} s)")
