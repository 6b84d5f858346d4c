"""Sources disagree beyond their noise: the extra spread learnt from the fit's claims."""

from __future__ import annotations

import numpy as np
import pytest

from emigre.estimate.dispersion import fit_tau


def test_the_disagreement_is_what_the_residuals_show_beyond_their_noise():
    rng = np.random.default_rng(0)
    var = np.full(400, 0.1**2)
    agreeing = 0.1 * rng.standard_normal(400)
    disagreeing = np.hypot(0.1, 0.8) * rng.standard_t(4, 400)  # the tails it assumes
    assert fit_tau(agreeing, var) < 0.1
    assert fit_tau(disagreeing, var) == pytest.approx(0.8, abs=0.12)


def test_a_kind_with_few_claims_borrows_from_the_pooled_value():
    var = np.full(3, 0.1**2)
    few = np.array([0.05, -0.04, 0.02])  # three claims that agree
    assert fit_tau(few, var) < 0.1
    assert fit_tau(few, var, towards=0.8) > 0.3
