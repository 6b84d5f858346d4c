"""Leave-one-out by Pareto-smoothed importance sampling (PSIS-LOO).

What the estimate would be without a claim is read off the posterior draws themselves, by
weighting each draw with 1 / p(claim | draw) and smoothing the largest weights with a fitted
generalised Pareto tail (Vehtari, Gelman and Gabry 2017; Vehtari, Simpson, Gelman, Yao and
Gabry 2024). The fitted shape k tells how far to trust it: above 0.7 the weights are too
uneven, which happens when a claim alone decides a figure.
"""

from __future__ import annotations

import math

import numpy as np


def _gpd_fit(x: np.ndarray) -> tuple[float, float]:
    """Shape and scale of a generalised Pareto fitted to positive, sorted exceedances, by the
    empirical-Bayes method of Zhang and Stephens (2009), shrunk weakly towards shape 0.5."""
    n = x.size
    m = 30 + int(math.sqrt(n))
    quarter = x[max(int(n / 4 + 0.5) - 1, 0)]
    theta = 1.0 / x[-1] + (1.0 - np.sqrt(m / (np.arange(1, m + 1) - 0.5))) / (3.0 * quarter)
    with np.errstate(divide="ignore", invalid="ignore"):
        xi = np.log1p(-theta[:, None] * x[None, :]).mean(axis=1)
        profile = n * (np.log(-theta / xi) - xi - 1.0)
    ok = np.isfinite(profile)
    if not ok.any():
        return math.inf, 1.0
    profile = np.where(ok, profile, -np.inf)
    w = np.exp(profile - profile.max())
    w /= w.sum()
    th = float((theta * w).sum())
    xi_hat = float(np.log1p(-th * x).mean())
    sigma = -xi_hat / th if th != 0 else float(x.mean())
    xi_hat = (n * xi_hat + 10 * 0.5) / (n + 10)
    return xi_hat, sigma


def _gpd_quantile(p: np.ndarray, xi: float, sigma: float) -> np.ndarray:
    if abs(xi) < 1e-12:
        return -sigma * np.log1p(-p)
    with np.errstate(over="ignore"):
        return sigma * np.expm1(-xi * np.log1p(-p)) / xi


def psis(log_ratios: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Normalised log weights (S, N) and the Pareto shape k of each column."""
    lr = np.array(log_ratios, dtype=float, copy=True)
    if lr.ndim == 1:
        lr = lr[:, None]
    S, N = lr.shape
    k_hat = np.zeros(N)
    M = int(min(0.2 * S, 3 * math.sqrt(S)))
    for j in range(N):
        col = lr[:, j]
        col -= col.max()
        if M >= 5:
            order = np.argsort(col)
            tail = order[-M:]
            cutoff = col[order[-M - 1]]
            ex = np.exp(col[tail]) - math.exp(cutoff)
            if ex[-1] > 0 and np.all(np.isfinite(ex)):
                xi, sigma = _gpd_fit(np.maximum(ex, 1e-300))
                k_hat[j] = xi
                if np.isfinite(xi):
                    q = _gpd_quantile((np.arange(M) + 0.5) / M, xi, sigma)
                    with np.errstate(divide="ignore"):
                        smooth = np.log(q + math.exp(cutoff))
                    col[tail] = np.minimum(smooth, 0.0)
            else:
                k_hat[j] = 0.0
        lse = col.max() + math.log(np.exp(col - col.max()).sum())
        lr[:, j] = col - lse
    return lr, k_hat


def weighted_quantiles(x: np.ndarray, logw: np.ndarray, qs: tuple[float, ...]) -> np.ndarray:
    """Quantiles of x (S,) under normalised log weights logw (S,)."""
    order = np.argsort(x)
    w = np.exp(logw[order])
    c = np.cumsum(w)
    c /= c[-1]
    return np.interp(qs, c - 0.5 * w / w.sum(), x[order])
