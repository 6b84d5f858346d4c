"""Every folder of Flee's own corpus (../shared/flee-corpus) that Flee 3.1 runs is read by emigre
and runs; the others are either read or refused with one line that says why.

Which folders Flee 3.1 runs is a recorded fact (tests/simulate/fixtures/flee31_corpus.json,
made by benchmarks/simulate_corpus.py with the command it names), not a guess made here. The
runs are short (a few days): reading the folder and compiling its paths is what is checked;
the full runs and their ARD are the benchmark's.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from emigre.errors import InputError
from emigre.simulate.engine import Simulation
from emigre.simulate.flee_format import read_flee_scenario

pytestmark = pytest.mark.shared

RECORD = json.loads((Path(__file__).parent / "fixtures" / "flee31_corpus.json").read_text())
FLEE_RUNS = sorted(n for n, v in RECORD["folders"].items() if v == "runs")
FLEE_FAILS = sorted(n for n, v in RECORD["folders"].items() if v != "runs")


@pytest.fixture
def corpus(shared_dir: Path) -> Path:
    folder = shared_dir / "flee-corpus"
    if not folder.is_dir():
        pytest.skip(f"needs {folder}")
    return folder


@pytest.mark.parametrize("name", FLEE_RUNS)
def test_a_folder_flee_runs_is_read_and_runs(corpus: Path, name: str) -> None:
    scenario = read_flee_scenario(corpus / name)
    assert scenario.observed, "no camp data to validate against"
    res = Simulation(scenario, seed=1, days=3).run()
    assert res.days == 3 and res.occupancy.sum() >= 0


@pytest.mark.parametrize("name", FLEE_FAILS)
def test_a_folder_flee_cannot_run_is_refused_in_one_line_or_read(corpus: Path, name: str) -> None:
    try:
        read_flee_scenario(corpus / name)
    except InputError as exc:
        assert "\n" not in str(exc) and exc.file


def test_the_record_covers_the_corpus(corpus: Path) -> None:
    present = {p.name for p in corpus.iterdir() if (p / "simsetting.yml").is_file()}
    assert present == set(RECORD["folders"])
