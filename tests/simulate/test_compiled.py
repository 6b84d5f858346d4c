"""The ahead-of-time kernel: the same runs as numba's JIT kernel, and a JIT fallback."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from emigre.simulate import compiled
from emigre.simulate.engine import Simulation
from emigre.simulate.flee_format import read_flee_scenario
from tests.simulate.flee_folder import FAST, write_scenario

numba = pytest.importorskip("numba")


@pytest.fixture
def fresh_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty kernel cache, and no kernel loaded yet in this process."""
    monkeypatch.setenv("EMIGRE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(compiled, "_loaded", None)
    return tmp_path / "cache" / "kernels"


def branching(tmp_path: Path):
    """Two camps behind a fork, a town between, a capped camp: most of the kernel's paths."""
    return read_flee_scenario(
        write_scenario(
            tmp_path / "scenario",
            locations=[
                "A,R,Home,0,0,conflict_zone,0,50000",
                "T,R,Home,0,1,town,,1000",
                "C1,R,Away,0,2,camp,,0",
                "C2,R,Away,1,2,camp,,0",
            ],
            routes=["A,T,120,0", "T,C1,300,0", "T,C2,90,0", "A,C2,500,0"],
            days=40,
            conflicts={"A": [1] * 40},
            totals=[("2020-01-01", 0), ("2020-01-02", 3000), ("2020-02-09", 9000)],
            camps={"C1": [("2020-01-01", 0)], "C2": [("2020-01-01", 0)]},
            settings=FAST,
        )
    )


def run_with(kernel, scenario, seed: int):  # type: ignore[no-untyped-def]
    compiled._loaded = kernel
    try:
        return Simulation(scenario, seed=seed, backend="numba").run()
    finally:
        compiled._loaded = None


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("cc") is None, reason="no C compiler to build the kernel with")
def test_ahead_of_time_kernel_gives_the_jit_kernels_runs(tmp_path: Path, fresh_cache: Path):
    from emigre.simulate import kernel

    path = compiled.build()
    assert path.parent == fresh_cache and path.is_file()
    aot = compiled.move_day()
    assert aot is not kernel.move_day  # the built module, not the fallback
    sc = branching(tmp_path)
    for seed in (1, 2):
        a, b = run_with(aot, sc, seed), run_with(kernel.move_day, sc, seed)
        assert a.occupancy.sum() > 0
        assert np.array_equal(a.occupancy, b.occupancy)
        assert np.array_equal(a.arrivals, b.arrivals)
        assert np.array_equal(a.in_transit, b.in_transit)
    assert not np.array_equal(run_with(aot, sc, 1).occupancy, run_with(aot, sc, 2).occupancy)


def test_a_kernel_that_cannot_be_built_falls_back_to_jit_once(
    fresh_cache: Path, monkeypatch: pytest.MonkeyPatch
):
    from emigre.simulate import kernel

    calls = []

    def no_compiler(name: str | None = None) -> Path:
        calls.append(name)
        raise OSError("no C compiler")

    monkeypatch.setattr(compiled, "build", no_compiler)
    fresh_cache.mkdir(parents=True)
    assert compiled.move_day() is kernel.move_day
    monkeypatch.setattr(compiled, "_loaded", None)
    assert compiled.move_day() is kernel.move_day
    assert len(calls) == 1  # the failure is remembered: later processes do not retry
    assert list(fresh_cache.glob("*.failed"))


def test_the_module_name_follows_the_kernels_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    before = compiled.module_name()
    changed = tmp_path / "kernel.py"
    changed.write_bytes(compiled._KERNEL.read_bytes() + b"\n# changed\n")
    monkeypatch.setattr(compiled, "_KERNEL", changed)
    assert compiled.module_name() != before
