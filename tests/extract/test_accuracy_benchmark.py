"""benchmarks/extract_accuracy.py on a small set of our own: it runs the real `emigre extract`,
agrees with the shared scorer's figures, sorts the errors into categories and keeps the held-out
fold's misses to itself."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

pytestmark = pytest.mark.shared

ROOT = Path(__file__).resolve().parents[2]

# Our own sentences; the doc ids are chosen for their folds (mini-1: fold 0, mini-4: fold 3).
DOCS = [
    {
        "doc_id": "mini-1",
        "published": "2022-10-05",
        "text": "Border figures\n\nIn September 2022, about 4,300 Russians crossed into Georgia, "
        "the ministry said.\n",
    },
    {
        "doc_id": "mini-4",
        "published": "2022-10-05",
        "text": "Border figures\n\nIn September 2022, about 5,100 Russians crossed into Armenia, "
        "officials said.\n",
    },
]
# fmt: off
GOLD = [
    {
        "doc_id": "mini-1",
        "claims": [
            {"value": 4300, "qualifier": "about", "measure": "flow", "origin": "RUS",
             "destination": "GEO", "start": "2022-09-01", "end": "2022-09-30", "group": "all"},
            # a figure the text does not hold: always a missed number
            {"value": 7777, "qualifier": "exact", "measure": "flow", "origin": "RUS",
             "destination": "GEO", "start": None, "end": None, "group": "all"},
        ],
    },
    {
        "doc_id": "mini-4",
        "claims": [
            {"value": 8888, "qualifier": "exact", "measure": "flow", "origin": "RUS",
             "destination": "ARM", "start": None, "end": None, "group": "all"},
        ],
    },
]
# fmt: on


def _load(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return _load(ROOT / "benchmarks" / "extract_accuracy.py", "extract_accuracy")


@pytest.fixture(scope="module")
def score(shared_dir) -> ModuleType:
    return _load(shared_dir / "eval" / "score.py", "shared_score")


def _write(folder: Path, name: str, rows: list[dict]) -> Path:
    path = folder / name
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_folds_are_the_documented_hash(bench) -> None:
    assert bench.fold_of("mini-1") == 0 and bench.fold_of("mini-4") == 3


def test_runs_on_a_small_set_and_agrees_with_the_scorer(bench, score, shared_dir, tmp_path):
    _write(tmp_path, "mini-docs.jsonl", DOCS)
    gold = _write(tmp_path, "mini-gold.jsonl", GOLD)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        bench.main(["--shared", str(shared_dir), "--eval", str(tmp_path), "--sets", "mini",
                    "--details"])  # fmt: skip
    printed = out.getvalue()
    assert "== mini: F1 at each step" in printed
    for row in ("all", "language en", "dev (folds 0-2)", "held-out (fold 3)"):
        assert any(line.startswith(row) for line in printed.splitlines()), row

    # the benchmark's lenient and strict F1 are the scorer's, on the same predictions
    pred = tmp_path / "pred.jsonl"
    bench.extract(tmp_path / "mini-docs.jsonl", pred)
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        score.main([str(gold), str(pred), "--json"])
    summary = json.loads(buf.getvalue())
    (final,) = [line for line in printed.splitlines() if line.startswith("mini ")]
    expected = [f"{summary[mode]['f1']:.3f}" for mode in ("lenient", "strict")]
    assert final.split()[1:3] == expected

    # both invented figures are missed numbers: one counted on each side of the folds
    (missed,) = [line for line in printed.splitlines() if line.strip().startswith("missed number")]
    assert missed.split()[-2:] == ["1", "1"]
    # details list the development fold's misses, never the held-out fold's
    details = printed.split("details (folds 0-2 only):", 1)[1]
    assert "mini-1" in details and "7777" in details
    assert "mini-4" not in details and "8888" not in details


def _claim(**fields) -> dict:
    base = {
        "value": 1000, "qualifier": "exact", "measure": "flow", "origin": "RUS",
        "destination": "GEO", "start": "2022-09-01", "end": "2022-09-30", "group": "all",
    }  # fmt: skip
    return {**base, **fields}


@pytest.mark.parametrize(
    ("pred", "category", "detail"),
    [
        (_claim(destination=None), "wrong destination", "destination dropped"),
        (_claim(destination="RUS"), "wrong destination", "origin taken as destination"),
        (_claim(destination="ARM"), "wrong destination", "another country"),
        (_claim(measure="stock"), "wrong measure", "flow read as stock"),
        (_claim(qualifier="about"), "wrong qualifier", "exact read as about"),
        (_claim(end=None), "wrong period", "no end date"),
        (_claim(end="2022-12-31"), "wrong period", "end date more than 7 days off"),
        (_claim(value=2500), "missed number", ""),
    ],
)
def test_a_miss_takes_the_category_of_the_first_field_that_differs(
    bench, score, pred, category, detail
) -> None:
    gold = [_claim()]
    rules = bench.step_rules(score)
    _, misses, fas = score.match(gold, [pred], score.strict)
    errors = bench.classify("d", gold, misses, fas, score, rules)
    assert (errors[0].category, errors[0].detail) == (category, detail)
    if category == "missed number":  # and the prediction with another number is a non-claim
        assert [e.category for e in errors[1:]] == ["non-claim extracted"]
    else:
        assert len(errors) == 1


def test_a_second_prediction_of_a_found_figure_is_a_repeat(bench, score) -> None:
    gold = [_claim()]
    _, misses, fas = score.match(gold, [_claim(), _claim(end=None)], score.strict)
    errors = bench.classify("d", gold, misses, fas, score, bench.step_rules(score))
    assert [e.category for e in errors] == ["figure repeated or sub-count"]
