"""The sampler and its diagnostics, on targets whose answer is known exactly."""

from __future__ import annotations

import numpy as np

from emigre.estimate import diagnostics as diag
from emigre.estimate.loo import psis, weighted_quantiles
from emigre.estimate.sampler import Settings, sample


def _gaussian(mean: np.ndarray, cov: np.ndarray):
    prec = np.linalg.inv(cov)

    def f(theta: np.ndarray):
        d = theta - mean
        return -0.5 * np.einsum("bi,ij,bj->b", d, prec, d), -(d @ prec)

    return f


def test_hmc_recovers_a_correlated_gaussian():
    rng = np.random.default_rng(0)
    P = 12
    A = rng.standard_normal((P, P))
    cov = A @ A.T / P + np.diag(np.linspace(0.01, 4.0, P))
    mean = rng.standard_normal(P) * 3
    run = sample(_gaussian(mean, cov), np.zeros(P), Settings(warmup=150, draws=1000, seed=1))
    draws = run.theta.reshape(-1, P)
    sd = np.sqrt(np.diag(cov))
    assert np.all(np.abs(draws.mean(axis=0) - mean) < 0.1 * sd)
    assert np.allclose(draws.std(axis=0), sd, rtol=0.1)
    assert np.allclose(np.corrcoef(draws.T), cov / np.outer(sd, sd), atol=0.1)
    assert diag.rhat(run.theta).max() < 1.02
    assert run.divergences == 0


def test_hmc_respects_a_hard_bound():
    """A half-normal (a bound that binds) is not a Gaussian: HMC must still get it right."""

    def f(theta: np.ndarray):
        x = theta[:, 0]
        inside = x > 0
        lp = np.where(inside, -0.5 * x * x - 0.5 * theta[:, 1] ** 2, -np.inf)
        return lp, np.stack([-x, -theta[:, 1]], axis=1)

    run = sample(f, np.array([1.0, 0.0]), Settings(warmup=200, draws=1500, seed=2))
    x = run.theta[..., 0].ravel()
    assert x.min() > 0
    assert abs(x.mean() - np.sqrt(2 / np.pi)) < 0.05
    assert abs(np.median(x) - 0.6745) < 0.06


def test_rhat_and_ess_tell_good_chains_from_bad():
    rng = np.random.default_rng(3)
    good = rng.standard_normal((4, 500, 3))
    assert diag.rhat(good).max() < 1.01
    assert np.all(diag.ess_bulk(good) > 1500)
    shifted = good + np.array([0.0, 0.0, 0.0, 1.5])[:, None, None]
    assert diag.rhat(shifted).min() > 1.1
    sticky = np.cumsum(rng.standard_normal((4, 500, 1)), axis=1)  # a random walk
    assert diag.ess_bulk(sticky)[0] < 100
    assert diag.ess_tail(good).min() > 1000


def test_psis_reweights_to_the_leave_one_out_answer():
    """Draws of a normal mean with one observation removed, by reweighting."""
    rng = np.random.default_rng(4)
    y = np.array([0.0, 0.2, -0.1, 0.1, 1.5])
    post_sd = 1 / np.sqrt(len(y))
    mu = rng.normal(y.mean(), post_sd, 4000)
    ll = -0.5 * (y[None, :] - mu[:, None]) ** 2
    logw, k = psis(-ll)
    without_last = np.exp(logw[:, -1]) @ mu
    assert abs(without_last - y[:-1].mean()) < 0.05
    assert np.all(k < 0.7)
    q = weighted_quantiles(mu, logw[:, -1], (0.5,))[0]
    assert abs(q - y[:-1].mean()) < 0.06
