"""ARD on examples small enough to work out by hand, and a validation of a tiny scenario."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from emigre.simulate.engine import Simulation
from emigre.simulate.flee_format import read_flee_scenario
from emigre.simulate.series import observed_matrix
from emigre.simulate.validate import ard, ard_rescaled, validate
from tests.simulate.flee_folder import FAST, write_scenario


def test_ard_by_hand() -> None:
    sim = np.array([[1, 2], [3, 3]])
    obs = np.array([[2, 2], [2, 4]])
    # day 0: (1 + 0) / 4; day 1: (1 + 1) / 6
    assert ard(sim, obs) == pytest.approx((1 / 4 + 2 / 6) / 2)


def test_ard_rescaled_by_hand() -> None:
    sim = np.array([[1, 2], [3, 3]])
    obs = np.array([[2, 2], [2, 4]])
    # day 0: sim scaled by 4/3 -> (4/3, 8/3), error 4/3 over 4; day 1: totals equal, 2/6
    assert ard_rescaled(sim, obs) == pytest.approx((1 / 3 + 1 / 3) / 2)


def test_ard_on_days_with_nobody_observed() -> None:
    assert ard(np.array([[0, 0]]), np.array([[0, 0]])) == 0.0
    assert ard(np.array([[3, 0]]), np.array([[0, 0]])) == 3.0  # divided by max(U, 1)
    assert ard_rescaled(np.array([[0, 0]]), np.array([[1, 1]])) == 1.0


def test_registration_correction_scales_earlier_counts(tmp_path: Path) -> None:
    root = write_scenario(
        tmp_path,
        locations=["A,R,Home,0,0,conflict_zone,0,10", "C,R,Away,0,1,camp,,0"],
        routes=["A,C,10,0"],
        days=5,
        conflicts={"A": [1] * 5},
        camps={"C": [("2020-01-01", 100), ("2020-01-03", 200), ("2020-01-04", 100)]},
        corrections=["C,2020-01-04"],
        settings=FAST,
    )
    _, obs = observed_matrix(read_flee_scenario(root))
    # re-registered on day 3 at 100 after 200 the count before: earlier counts halved
    assert obs[:, 0].tolist() == [50, 75, 100, 100, 100]


def test_validate_a_tiny_run(tmp_path: Path) -> None:
    root = write_scenario(
        tmp_path,
        locations=["A,R,Home,0,0,conflict_zone,0,10", "C,R,Away,0,1,camp,,0"],
        routes=["A,C,10,0"],
        days=4,
        conflicts={"A": [1] * 4},
        totals=[("2020-01-01", 0), ("2020-01-02", 100)],
        camps={"C": [("2020-01-01", 0), ("2020-01-02", 100)]},
        settings=FAST,
    )
    sc = read_flee_scenario(root)
    v = validate(Simulation(sc, seed=1).run(), sc)
    # everyone reaches the camp on the day the data say they did
    assert v.ard == 0.0 and v.ard_rescaled == 0.0
    assert v.camps[0].camp == "C" and v.camps[0].simulated_end == 100
