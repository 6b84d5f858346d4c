"""Convergence diagnostics: rank-normalised split R-hat and bulk/tail effective sample sizes.

Following Vehtari, Gelman, Simpson, Carpenter and Bürkner (2021), "Rank-normalization,
folding, and localization: an improved R-hat", computed for many quantities at once.
Input arrays have shape (chains, draws, quantities).
"""

from __future__ import annotations

import numpy as np
from scipy.special import ndtri


def _split(x: np.ndarray) -> np.ndarray:
    S = x.shape[1]
    half = S // 2
    return np.concatenate([x[:, :half], x[:, S - half :]], axis=0)


def _z_scale(x: np.ndarray) -> np.ndarray:
    C, S, Q = x.shape
    flat = x.reshape(C * S, Q)
    ranks = flat.argsort(axis=0, kind="stable").argsort(axis=0, kind="stable") + 1.0
    z = ndtri((ranks - 0.375) / (C * S + 0.25))
    return z.reshape(C, S, Q)


def _rhat_basic(x: np.ndarray) -> np.ndarray:
    S = x.shape[1]
    means = x.mean(axis=1)
    W = x.var(axis=1, ddof=1).mean(axis=0)
    B = S * means.var(axis=0, ddof=1)
    var_hat = (S - 1) / S * W + B / S
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.sqrt(var_hat / W)
    return np.where(W > 0, r, 1.0)


def rhat(x: np.ndarray) -> np.ndarray:
    """max of the bulk and folded rank-normalised split R-hat, per quantity."""
    s = _split(x)
    bulk = _rhat_basic(_z_scale(s))
    folded = _rhat_basic(_z_scale(np.abs(s - np.median(s, axis=(0, 1), keepdims=True))))
    return np.maximum(bulk, folded)


def _autocov(x: np.ndarray) -> np.ndarray:
    """Autocovariance along axis 1 by FFT, shape (C, S, Q)."""
    S = x.shape[1]
    xc = x - x.mean(axis=1, keepdims=True)
    n = 1 << (2 * S - 1).bit_length()
    f = np.fft.rfft(xc, n=n, axis=1)
    ac = np.fft.irfft(f * np.conj(f), n=n, axis=1)[:, :S]
    return ac / S


def _ess_basic(x: np.ndarray) -> np.ndarray:
    C, S, Q = x.shape
    if S < 4:
        return np.full(Q, float(C * S))
    acov = _autocov(x)
    chain_mean = x.mean(axis=1)
    mean_var = acov[:, 0].mean(axis=0) * S / (S - 1)
    var_plus = mean_var * (S - 1) / S
    if C > 1:
        var_plus = var_plus + chain_mean.var(axis=0, ddof=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        rho = 1.0 - (mean_var[None, :] - acov.mean(axis=0)) / var_plus[None, :]  # (S, Q)
    rho[0] = 1.0
    pairs = rho[0 : S - 1 : 2] + rho[1:S:2]  # Geyer's initial positive sequence
    positive = np.cumprod(pairs > 0, axis=0).astype(bool)
    mono = np.minimum.accumulate(np.where(positive, pairs, np.inf), axis=0)
    mono = np.where(positive, mono, 0.0)
    tau = -1.0 + 2.0 * mono.sum(axis=0)
    tau = np.maximum(tau, 1.0 / np.log10(C * S))
    ess = C * S / tau
    return np.where(var_plus > 0, ess, float(C * S))


def ess_bulk(x: np.ndarray) -> np.ndarray:
    return _ess_basic(_z_scale(_split(x)))


def ess_tail(x: np.ndarray) -> np.ndarray:
    s = _split(x)
    lo, hi = np.quantile(s, [0.05, 0.95], axis=(0, 1))
    e_lo = _ess_basic((s <= lo[None, None, :]).astype(float))
    e_hi = _ess_basic((s <= hi[None, None, :]).astype(float))
    return np.minimum(e_lo, e_hi)
