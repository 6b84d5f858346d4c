"""Mode search from dispersed starts, and readings of evidence that admits two."""

from __future__ import annotations

import math

import numpy as np

from emigre.estimate.modes import find_modes, optimise
from emigre.estimate.run import run
from emigre.estimate.sampler import Settings, sample
from tests.estimate.helpers import DEC, claim, request


def _two_bumps(weight: float, apart: float = 8.0):
    """log of weight N(-apart/2, 1) + (1 - weight) N(+apart/2, 1) in the first coordinate,
    a standard normal in the second."""
    mu = np.array([-apart / 2, apart / 2])
    logw = np.log([weight, 1.0 - weight])

    def f(theta: np.ndarray):
        x, y = theta[:, :1], theta[:, 1]
        comp = logw[None, :] - 0.5 * (x - mu[None, :]) ** 2
        top = comp.max(axis=1, keepdims=True)
        lp = (top[:, 0] + np.log(np.exp(comp - top).sum(axis=1))) - 0.5 * y * y
        r = np.exp(comp - top)
        r /= r.sum(axis=1, keepdims=True)
        gx = (r * (mu[None, :] - x)).sum(axis=1)
        return lp, np.stack([gx, -y], axis=1)

    return f


def test_optimise_reaches_each_start_s_own_maximum_in_one_batch():
    f = _two_bumps(0.5)
    x, ok = optimise(f, np.array([[-1.0, 2.0], [1.0, -2.0]]), 200)
    assert ok.all()
    assert np.allclose(x, [[-4.0, 0.0], [4.0, 0.0]], atol=1e-3)


def test_a_mode_the_first_start_misses_is_found_and_weighed():
    f = _two_bumps(0.7)
    modes = find_modes(f, [np.array([-3.0, 0.0]), np.array([3.0, 1.0])], 200)
    assert len(modes) == 2
    assert [round(m.theta[0]) for m in modes] == [-4, 4]
    assert math.isclose(modes[0].weight, 0.7, abs_tol=0.02)


def test_one_ridge_is_one_mode_however_far_apart_the_starts_end():
    def f(theta: np.ndarray):  # flat along the first coordinate within |x| < 5
        x, y = theta[:, 0], theta[:, 1]
        over = np.maximum(np.abs(x) - 5.0, 0.0)
        return -0.5 * (over**2 + y * y), np.stack([-np.sign(x) * over, -y], axis=1)

    modes = find_modes(f, [np.array([-6.0, 1.0]), np.array([6.0, 1.0])], 200)
    assert len(modes) == 1


def test_each_mode_gets_chains_of_its_own_and_its_weight():
    f = _two_bumps(0.7, apart=14.0)
    r = sample(
        f, np.array([-3.0, 0.0]), Settings(warmup=150, draws=800, seed=4), starts=[np.ones(2)]
    )
    assert np.allclose(r.weights, [0.7, 0.3], atol=0.02)
    x = r.theta[..., 0]
    assert (x[r.group == 0] < 0).mean() > 0.9 and (x[r.group == 1] > 0).mean() > 0.9
    right = x[r.group == 0]
    assert abs(right[right < 0].std() - 1.0) < 0.1  # within a mode, the right spread


def test_two_incompatible_figures_give_two_readings_each_with_its_claim():
    est = run(
        request(
            [
                claim(500_000, end=DEC, source_ids=["low"]),
                claim(1_500_000, end=DEC, source_ids=["high"]),
            ]
        )
    ).estimate
    assert len(est.readings) == 2
    by_claim = {r.claims[0].index: r for r in est.readings}
    assert by_claim[0].departures.median < 700_000 < 1_100_000 < by_claim[1].departures.median
    assert abs(sum(r.weight for r in est.readings) - 1.0) < 1e-6
    assert any("more than one reading" in w for w in est.diagnostics.warnings)
    # the pooled headline spans both readings instead of picking one
    d = est.departures[-1]
    assert d.low95 < 600_000 and d.high95 > 1_300_000


def test_convergence_warnings_look_at_every_latent_parameter():
    """Chains too short to settle a poorly pinned weekly deviation: the reported totals may
    still agree, but the warning names the parameter the chains disagree on."""
    short = Settings(chains=4, warmup=20, draws=20, seed=1)
    est = run(request([claim(500_000, end=DEC)], settings=short)).estimate
    d = est.diagnostics
    assert d.rhat_max_parameters > 1.05 and d.worst_parameter
    assert any("R-hat" in w for w in d.warnings)
    assert any("effective sample size" in w for w in d.warnings)
    if d.rhat_max <= 1.05:
        assert any(d.worst_parameter in w for w in d.warnings)
