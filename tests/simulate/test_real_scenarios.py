"""The four historical scenarios of ../shared/flee run, and fit the camp data as well as Flee.

The targets (Flee's own ARD on each, from the README beside the data) are read at test time.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from emigre.simulate.engine import Simulation
from emigre.simulate.flee_format import read_flee_scenario
from emigre.simulate.validate import validate

pytestmark = pytest.mark.shared

SCENARIOS = ["mali", "burundi", "car", "ssudan"]


def flee_ards(readme: Path) -> dict[str, tuple[float, float]]:
    """Scenario -> (ARD, rescaled ARD) from the README's table (first row per scenario)."""
    out: dict[str, tuple[float, float]] = {}
    for line in readme.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 8 or not re.match(r"^[a-z]+ \(", cells[0]):
            continue
        name = cells[0].split()[0]
        if name in out or re.search(r"hasten 1\)", cells[0]):
            continue  # the first row of each scenario is its default set-up
        out[name] = (float(cells[-2]), float(cells[-1]))
    return out


@pytest.mark.parametrize("name", SCENARIOS)
def test_scenario_fits_as_well_as_flee(shared_dir: Path, name: str) -> None:
    targets = flee_ards(shared_dir / "flee" / "README.md")
    sc = read_flee_scenario(shared_dir / "flee" / name)
    v = validate(Simulation(sc, seed=1).run(), sc)
    flee_ard, flee_rescaled = targets[name]
    assert v.ard <= flee_ard + 0.03, (v.ard, flee_ard)
    assert v.ard_rescaled <= flee_rescaled + 0.03, (v.ard_rescaled, flee_rescaled)
