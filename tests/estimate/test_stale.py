"""Kernels' compiled cache is dropped when a file it compiles in (process.py) changes."""

from __future__ import annotations

from emigre.estimate.stale import drop_stale_kernels


def test_kernels_cache_is_dropped_only_when_process_changes(tmp_path):
    (tmp_path / "process.py").write_text("a = 1\n")
    cache = tmp_path / "__pycache__"
    cache.mkdir()
    old = cache / "kernels.logp_grad-1.py311.nbi"
    other = cache / "process._forward-1.py311.nbi"
    old.write_text("x")
    other.write_text("x")
    drop_stale_kernels(tmp_path)  # no record of what it was compiled with: dropped
    assert not old.exists() and other.exists()
    old.write_text("x")  # compiled again
    drop_stale_kernels(tmp_path)
    assert old.exists()
    (tmp_path / "process.py").write_text("a = 2\n")
    drop_stale_kernels(tmp_path)
    assert not old.exists() and other.exists()
