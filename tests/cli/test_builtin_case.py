"""The main job on the built-in case, and its claims scored by the shared scorer."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.helpers import run_cli


@pytest.fixture
def loaded(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("EMIGRE_DB", f"sqlite:///{tmp_path / 'store.sqlite'}")
    from emigre.cli.context import settings

    monkeypatch.setattr(settings, "db", None)
    code, _, err = run_cli(capsys, "load", "russia-2022")
    assert code == 0, err
    return tmp_path


def test_summary_shows_waves_headlines_destinations_and_events(loaded, capsys):
    code, out, _ = run_cli(capsys, "summary", "russia-2022")
    assert code == 0
    for part in ("Waves", "Third wave", "Headline figures", "Top destinations", "Events"):
        assert part in out
    assert "about 900,000" in out and "Georgia" in out and "Partial mobilisation" in out


def test_cli_jsonl_has_full_strict_recall_on_the_seed(loaded, capsys, shared_dir, tmp_path):
    code, out, _ = run_cli(capsys, "claims", "--case", "russia-2022", "--format", "jsonl")
    assert code == 0
    pred = tmp_path / "pred.jsonl"
    pred.write_text(out, encoding="utf-8")
    eval_dir = shared_dir / "eval"
    result = subprocess.run(
        [sys.executable, str(eval_dir / "score.py"), str(eval_dir / "seed-gold.jsonl"),
         str(pred), "--docs", str(eval_dir / "seed-docs.jsonl"), "--json"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert json.loads(result.stdout)["strict"]["recall"] == 1.0
    for doc in map(json.loads, out.splitlines()):
        assert all(c["source_ids"] for c in doc["claims"])
