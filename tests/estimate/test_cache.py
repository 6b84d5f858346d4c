"""Estimates are cached by what they depend on, and redone when any of it changes."""

from __future__ import annotations

import datetime as dt

import pytest

import emigre.estimate as api
from emigre.estimate import cache
from emigre.model import FoundIn
from tests.estimate.helpers import claim, request


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("EMIGRE_CACHE_DIR", str(tmp_path))


CLAIMS = [claim(400_000), claim(50_000, measure="stock", destination="GEO")]


def test_second_call_reads_the_cache(monkeypatch):
    first = api.estimate(request(CLAIMS))

    def fail(*args, **kwargs):
        raise AssertionError("should not recompute")

    monkeypatch.setattr(api, "run", fail)
    again = api.estimate(request(CLAIMS))
    assert again == first
    result = api.estimate_with_draws(request(CLAIMS))  # draws come back from disk too
    assert result.estimate == first and result.theta.shape[0] == first.diagnostics.draws * 4
    assert cache.last_key() == first.key


def test_any_change_changes_the_key():
    base = request(CLAIMS).key()
    assert request([claim(400_001), CLAIMS[1]]).key() != base
    assert request(CLAIMS, as_of=dt.date(2022, 11, 30)).key() != base
    changed = request(CLAIMS)
    changed.priors.measurement.outlier_probability = 0.02
    assert changed.key() != base
    assert request(CLAIMS).key() == base


def test_the_cache_folder_is_pruned_oldest_first_keeping_the_last():
    """124 MB of estimates piled up after four dates were asked for: the folder is bounded."""
    import os

    d = cache.cache_dir()
    for i, key in enumerate(["old", "mid", "new"]):
        for suffix in (".json", ".npz"):
            path = d / f"{key}{suffix}"
            path.write_bytes(b"x" * 1000)
            os.utime(path, (1_000_000 + i, 1_000_000 + i))
    cache.mark_last("old")  # the one explain explains is kept however old
    assert cache.prune(max_bytes=4000) == ["mid"]  # 6000 bytes: the oldest but 'last' goes
    assert (d / "old.json").exists() and not (d / "mid.npz").exists()
    assert cache.prune(max_bytes=4000) == []
    assert cache.prune(max_bytes=100) == ["new"]
    assert sorted(f.name for f in d.iterdir()) == ["last", "old.json", "old.npz"]


def test_a_dashboard_estimate_does_not_become_the_last():
    cache.mark_last("explained-before")
    api.estimate(request(CLAIMS), remember=False)
    assert cache.last_key() == "explained-before"
    api.estimate(request(CLAIMS), remember=False)  # from the cache: still not remembered
    assert cache.last_key() == "explained-before"


def test_a_note_or_where_it_was_found_keeps_the_key():
    """A reviewer's note is not evidence: editing it must not cost a re-estimate."""
    base = request(CLAIMS).key()
    noted = [CLAIMS[0].model_copy(update={"note": "counts exits, not people"}), CLAIMS[1]]
    assert request(noted).key() == base
    found = CLAIMS[0].model_copy(update={"found_in": FoundIn(section="Figures", span=(3, 40))})
    assert request([found, CLAIMS[1]]).key() == base
    grouped = [CLAIMS[0].model_copy(update={"group": "men"}), CLAIMS[1]]
    assert request(grouped).key() != base
