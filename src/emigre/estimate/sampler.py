"""Posterior sampling: Hamiltonian Monte Carlo on a Laplace-whitened parametrisation.

1. Find the posterior mode (L-BFGS on the hand-written gradient).
2. Take the Hessian there (finite differences of the gradient, all columns in one batch) and
   whiten: theta = mode + W z, with W W' the inverse Hessian (eigenvalues floored), so the
   posterior of z is close to a standard normal wherever the Laplace approximation holds.
3. Run several HMC chains at once (one batched gradient call per leapfrog step), as if on z
   with a diagonal mass matrix adapted in warm-up to whatever the Laplace step missed (in
   practice on theta with the equivalent dense one, see `sample`), with jittered trajectory
   lengths (`Settings.periods`) and the step size tuned by dual averaging.

HMC is exact whatever the quality of the whitening (a bad whitening only costs efficiency),
so the posterior is the model's, not the approximation's. R-hat and effective sample sizes
come from diagnostics.py; the calibration harness checks coverage on synthetic truth.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import minimize

LogpGrad = Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]
Progress = Callable[[int, int], None]


@dataclass
class Settings:
    chains: int = 4
    warmup: int | None = None
    """Warm-up iterations per chain; None: 200 for models of up to 800 parameters, else 120
    (of trajectories twice as long, see `periods`)."""
    draws: int | None = None
    """Kept per chain; None: 250 for models of up to 800 parameters, else 150 (large models
    cost more per draw, and their figures rest on more claims)."""

    def kept(self, P: int) -> int:
        if self.draws is not None:
            return self.draws
        return 250 if P <= 800 else 150

    def warm(self, P: int) -> int:
        if self.warmup is not None:
            return self.warmup
        return 200 if P <= 800 else 120

    @staticmethod
    def periods(P: int) -> tuple[float, float]:
        """Range of trajectory lengths, in multiples of pi (drawn uniformly each iteration).

        Large models have many parameters that claims bound from one side only (over-counts,
        transient shares) and whose posteriors have long tails the whitening misses; around a
        quarter period, chains cross those tails by a random walk. Trajectories of half to
        one and a half periods cross them in a few iterations (on the 1,345-parameter
        benchmark, bulk ESS per gradient about three times as high)."""
        return (0.25, 0.75) if P <= 800 else (0.5, 1.5)

    target_accept: float = 0.8
    seed: int = 0
    max_leapfrog: int = 64
    map_iterations: int = 4000


@dataclass
class Run:
    """Draws of theta (chains, draws, P) and what the sampler saw on the way."""

    theta: np.ndarray
    mode: np.ndarray
    step_size: float
    mean_leapfrog: float
    accept_rate: float
    divergences: int
    map_converged: bool
    whitening_floor_hits: int
    modes: int = 1
    other_mode_weight: float = 0.0
    stats: dict[str, float] = field(default_factory=dict)


def find_mode(f: LogpGrad, theta0: np.ndarray, iterations: int) -> tuple[np.ndarray, bool]:
    def obj(x: np.ndarray) -> tuple[float, np.ndarray]:
        lp, g = f(x[None, :])
        if not np.isfinite(lp[0]):
            return 1e300, np.zeros_like(x)
        return -float(lp[0]), -g[0]

    res = minimize(
        obj,
        theta0,
        jac=True,
        method="L-BFGS-B",
        options={"maxiter": iterations, "maxcor": 30, "gtol": 1e-6, "ftol": 1e-13},
    )
    return res.x, bool(res.success)


def hessian(f: LogpGrad, x: np.ndarray, h: float = 1e-5, chunk: int = 64) -> np.ndarray:
    """Negative Hessian of log p at x by forward differences of the gradient, batched.

    It only shapes the whitening (HMC stays exact whatever it is), so forward differences,
    at half the cost of central ones, are accurate enough."""
    P = x.size
    H = np.empty((P, P))
    _, g0 = f(x[None, :])
    for a in range(0, P, chunk):
        b = min(P, a + chunk)
        n = b - a
        pts = np.repeat(x[None, :], n, axis=0)
        idx = np.arange(n)
        pts[idx, a + idx] += h
        _, g = f(pts)
        H[a:b] = -(g - g0) / h
    return 0.5 * (H + H.T)


def whitening(H: np.ndarray, floor: float = 0.01) -> tuple[np.ndarray, np.ndarray, int]:
    """W with W W' = H^-1, eigenvalues of H floored so no direction is wider than 1/sqrt(floor),
    and W's inverse (exact, from the same eigenvectors)."""
    w, V = np.linalg.eigh(H)
    hits = int((w < floor).sum())
    w = np.maximum(w, floor)
    return V / np.sqrt(w)[None, :], (V * np.sqrt(w)[None, :]).T, hits


class _DualAveraging:
    """Step-size adaptation of Hoffman & Gelman (2014), on the mean acceptance of all chains."""

    def __init__(self, eps: float, target: float) -> None:
        self.restart(eps)
        self.target = target

    def restart(self, eps: float) -> None:
        self.mu = math.log(10 * eps)
        self.hbar = 0.0
        self.log_eps_bar = 0.0
        self.t = 0
        self.log_eps = math.log(eps)

    def update(self, accept: float) -> float:
        self.t += 1
        t0, gamma, kappa = 10.0, 0.05, 0.75
        w = 1.0 / (self.t + t0)
        self.hbar = (1 - w) * self.hbar + w * (self.target - accept)
        self.log_eps = self.mu - math.sqrt(self.t) / gamma * self.hbar
        eta = self.t**-kappa
        self.log_eps_bar = eta * self.log_eps + (1 - eta) * self.log_eps_bar
        return math.exp(self.log_eps)

    @property
    def final(self) -> float:
        return math.exp(self.log_eps_bar)


def find_modes(
    f: LogpGrad,
    starts: list[np.ndarray],
    iterations: int,
    conflict: Callable[[np.ndarray], bool] | None = None,
) -> tuple[np.ndarray, np.ndarray, bool, int, float]:
    """Search from several starting points; keep the mode with the largest Laplace mass.

    Conflicting claims can make the posterior multimodal (each mode treating different
    claims as wrong); the other starting points are tried only when `conflict` says the
    first mode treats some claim as wrong. Returns the chosen mode, its negative Hessian,
    whether the search converged, how many distinct modes were found and the Laplace weight
    of the others."""
    found: list[tuple[float, np.ndarray, np.ndarray, bool]] = []
    best_lp = -math.inf
    for n, x0 in enumerate(starts):
        if n > 0 and conflict is not None and not conflict(found[0][1]):
            break  # no claim is treated as wrong at the first mode: no rival reading
        m, ok = find_mode(f, x0, iterations if n == 0 else iterations // 4)
        lp = float(f(m[None, :])[0][0])
        if not np.isfinite(lp):
            continue
        if any(np.max(np.abs(m - other)) < 1e-2 for _, other, _, _ in found):
            continue
        if found and lp < best_lp - 10.0:
            continue  # far less probable: cannot carry a tenth of the mass
        best_lp = max(best_lp, lp) if found else lp
        H = hessian(f, m)
        w, _ = np.linalg.eigh(H)
        evidence = lp - 0.5 * float(np.log(np.maximum(w, 1e-2)).sum())
        found.append((evidence, m, H, ok))
    if not found:
        raise FloatingPointError("the posterior could not be evaluated at any starting point")
    found.sort(key=lambda e: -e[0])
    ev = np.array([e[0] for e in found])
    weights = np.exp(ev - ev.max())
    weights /= weights.sum()
    best = found[0]
    return best[1], best[2], best[3], len(found), float(1.0 - weights[0])


def sample(
    f: LogpGrad,
    theta0: np.ndarray,
    settings: Settings,
    progress: Progress | None = None,
    starts: list[np.ndarray] | None = None,
    conflict: Callable[[np.ndarray], bool] | None = None,
    shape: LogpGrad | None = None,
) -> Run:
    """HMC draws of f's density. `shape`, if given, is a smoother density with the same bulk
    whose Hessian at the mode sets the whitening (see run.py); f alone decides the draws."""
    rng = np.random.default_rng(settings.seed)
    mode, H, converged, n_modes, other_weight = find_modes(
        f, [theta0, *(starts or [])], settings.map_iterations, conflict
    )
    if shape is not None:
        H = hessian(shape, mode)
    W, W_inv, hits = whitening(H)
    P = mode.size
    C = settings.chains
    # The leapfrog runs on theta itself with the mass matrix M^-1 = W diag(inv_mass) W', which
    # is the same dynamics as on z = W^-1 (theta - mode) with a diagonal mass matrix, at one
    # matrix-vector product a step instead of two (z -> theta and the gradient back). For
    # large models that product is in single precision (twice as fast). HMC stays exact: the
    # density and the energy are evaluated in double precision, and a leapfrog step is
    # reversible and volume-preserving for any deterministic, odd velocity map, so rounding
    # only costs acceptance.
    low = np.float32 if P >= 800 else np.float64

    def metric(inv_mass: np.ndarray) -> np.ndarray:
        B = W * np.sqrt(inv_mass)[None, :]
        return (B @ B.T).astype(low)

    def U(theta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        lp, g = f(theta)
        return -lp, -g

    z = rng.standard_normal((C, P))
    theta = mode[None, :] + z @ W.T
    u, gu = U(theta)
    bad = ~np.isfinite(u)
    while bad.any():  # start from the mode itself where a Laplace draw falls off the support
        z[bad] *= 0.5
        theta = mode[None, :] + z @ W.T
        u, gu = U(theta)
        bad = ~np.isfinite(u)
    inv_mass = np.ones(P)
    M_inv = metric(inv_mass)
    eps = 1.5 * P**-0.25
    da = _DualAveraging(eps, settings.target_accept)
    warmup = settings.warm(P)
    periods = settings.periods(P)
    W1 = max(20, warmup // 4)
    W2 = max(W1 + 20, (warmup * 5) // 6)
    collected: list[np.ndarray] = []
    n_draws = settings.kept(P)
    total = warmup + n_draws
    out = np.empty((C, n_draws, P))
    n_div = 0
    acc_sum = 0.0
    leap_sum = 0
    for it in range(total):
        warm = it < warmup
        tau = rng.uniform(*periods) * math.pi
        n_leap = int(min(settings.max_leapfrog, max(1, math.ceil(tau / eps))))
        pz = rng.standard_normal((C, P)) / np.sqrt(inv_mass)
        p = pz @ W_inv  # the momentum of theta: W'^-1 times the momentum of z
        h0 = u + 0.5 * (pz * pz * inv_mass).sum(axis=1)
        tn, un, gn = theta, u, gu
        pn = p - 0.5 * eps * gn
        for step in range(n_leap):
            tn = tn + eps * (pn.astype(low) @ M_inv)
            un, gn = U(tn)
            if step < n_leap - 1:
                pn = pn - eps * gn
        pn = pn - 0.5 * eps * gn
        pzn = pn @ W
        h1 = un + 0.5 * (pzn * pzn * inv_mass).sum(axis=1)
        dh = h1 - h0
        dh = np.where(np.isfinite(dh), dh, np.inf)
        div = dh > 1000
        accept_p = np.exp(np.minimum(0.0, -dh))
        take = rng.uniform(size=C) < accept_p
        theta = np.where(take[:, None], tn, theta)
        u = np.where(take, un, u)
        gu = np.where(take[:, None], gn, gu)
        if warm:
            eps = da.update(float(accept_p.mean()))
            if W1 <= it < W2:
                collected.append(theta.copy())
            if it == W2 - 1 and collected:
                zs = (np.concatenate(collected, axis=0) - mode[None, :]) @ W_inv.T
                n = zs.shape[0]
                var = zs.var(axis=0)
                inv_mass = (n / (n + 5.0)) * var + (5.0 / (n + 5.0)) * 1.0
                M_inv = metric(inv_mass)
                da.restart(eps)
            if it == warmup - 1:
                eps = da.final
        else:
            k = it - warmup
            out[:, k] = theta
            n_div += int(div.sum())
            acc_sum += float(accept_p.mean())
            leap_sum += n_leap
        if progress is not None:
            progress(it + 1, total)
    draws = max(n_draws, 1)
    return Run(
        theta=out,
        mode=mode,
        step_size=eps,
        mean_leapfrog=leap_sum / draws,
        accept_rate=acc_sum / draws,
        divergences=n_div,
        map_converged=converged,
        whitening_floor_hits=hits,
        modes=n_modes,
        other_mode_weight=other_weight,
    )
