"""Posterior sampling: Hamiltonian Monte Carlo on a Laplace-whitened parametrisation.

1. Find the posterior modes (modes.py): L-BFGS from the claims' level and from dispersed
   points, all in one batch, keeping every distinct mode with a material Laplace mass.
2. Take the Hessian at each (finite differences of the gradient, all columns in one batch)
   and whiten: theta = mode + W z, with W W' the inverse Hessian (eigenvalues floored), so
   the posterior of z is close to a standard normal wherever the Laplace approximation holds.
3. Run several HMC chains at once (one batched gradient call per leapfrog step), split
   among the modes (two chains or more each), as if on z with a diagonal mass matrix adapted
   in warm-up to whatever the Laplace step missed (in practice on theta with the equivalent
   dense one, see `_hmc`), with jittered trajectory lengths (`Settings.periods`) and each
   mode's step size tuned by dual averaging.

HMC is exact whatever the quality of the whitening (a bad whitening only costs efficiency),
so each mode's draws are the model's, not the approximation's; chains do not cross between
well-separated modes, so the modes' relative weights come from their Laplace masses (see
modes.py), and run.py reports each mode as a reading. R-hat and effective sample sizes come
from diagnostics.py, per mode; the calibration harness checks coverage on synthetic truth."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from threadpoolctl import threadpool_limits

from emigre.estimate.modes import Mode, find_modes

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
    """Draws of theta (chains, draws, P) and what the sampler saw on the way.

    Chains run in groups, one group per posterior mode (reading) the search kept:
    `group[c]` is chain c's reading, `weights[g]` that reading's share of the mass."""

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
    group: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))
    weights: list[float] = field(default_factory=lambda: [1.0])
    found: int = 1
    centres: list[np.ndarray] = field(default_factory=list)  # each sampled mode
    precisions: list[np.ndarray] = field(default_factory=list)  # its negative Hessian
    stats: dict[str, float] = field(default_factory=dict)


def whitening(
    H: np.ndarray, floor: float = 0.01, eig: tuple[np.ndarray, np.ndarray] | None = None
) -> tuple[np.ndarray, np.ndarray, int]:
    """W with W W' = H^-1, eigenvalues of H floored so no direction is wider than 1/sqrt(floor),
    and W's inverse (exact, from the same eigenvectors; `eig`: H's, if already known)."""
    w, V = eig if eig is not None else np.linalg.eigh(H)
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


def sample(
    f: LogpGrad,
    theta0: np.ndarray,
    settings: Settings,
    progress: Progress | None = None,
    starts: list[np.ndarray] | None = None,
) -> Run:
    """HMC draws of f's density, with chains in each mode the search from theta0 and the
    dispersed `starts` finds (see modes.py). BLAS runs on one thread: the sampler's
    products are small, and threads only fight over the cores."""
    with threadpool_limits(limits=1):
        modes = find_modes(f, [theta0, *(starts or [])], settings.map_iterations)
        return _hmc(f, modes, settings, progress)


def _groups(modes: list[Mode], chains: int) -> tuple[list[Mode], np.ndarray]:
    """The readings that get chains (at most one per two chains) and each chain's reading."""
    kept = modes[: max(1, chains // 2)]
    n = len(kept)
    group = np.array([c * n // chains for c in range(chains)], dtype=int)
    return kept, group


def _hmc(f: LogpGrad, modes: list[Mode], settings: Settings, progress: Progress | None) -> Run:
    rng = np.random.default_rng(settings.seed)
    kept, group = _groups(modes, settings.chains)
    G = len(kept)
    weights = np.array([m.weight for m in kept])
    weights /= weights.sum()
    white = [whitening(m.H, eig=m.eig) for m in kept]
    W = [w[0] for w in white]
    W_inv = [w[1] for w in white]
    hits = white[0][2]
    P = kept[0].theta.size
    C = settings.chains
    rows = [np.nonzero(group == g)[0] for g in range(G)]
    centre = np.stack([kept[g].theta for g in group])
    # The leapfrog runs on theta itself with the mass matrix M^-1 = W diag(inv_mass) W', which
    # is the same dynamics as on z = W^-1 (theta - mode) with a diagonal mass matrix, at one
    # matrix-vector product a step instead of two (z -> theta and the gradient back). For
    # large models that product is in single precision (twice as fast). HMC stays exact: the
    # density and the energy are evaluated in double precision, and a leapfrog step is
    # reversible and volume-preserving for any deterministic, odd velocity map, so rounding
    # only costs acceptance. Each reading has its own whitening, mass and step size.
    low = np.float32 if P >= 800 else np.float64

    def metric(g: int, inv_mass: np.ndarray) -> np.ndarray:
        B = W[g] * np.sqrt(inv_mass)[None, :]
        return (B @ B.T).astype(low)

    def U(theta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        lp, g = f(theta)
        return -lp, -g

    def to_theta(z: np.ndarray) -> np.ndarray:
        out = np.empty_like(z)
        for g in range(G):
            out[rows[g]] = centre[rows[g]] + z[rows[g]] @ W[g].T
        return out

    z = rng.standard_normal((C, P))
    theta = to_theta(z)
    u, gu = U(theta)
    bad = ~np.isfinite(u)
    while bad.any():  # start nearer the mode where a Laplace draw falls off the support
        z[bad] *= 0.5
        theta = to_theta(z)
        u, gu = U(theta)
        bad = ~np.isfinite(u)
    inv_mass = [np.ones(P) for _ in range(G)]
    M_inv = [metric(g, inv_mass[g]) for g in range(G)]
    eps = np.full(G, 1.5 * P**-0.25)
    da = [_DualAveraging(float(e), settings.target_accept) for e in eps]
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
        n_leap = np.minimum(settings.max_leapfrog, np.maximum(1, np.ceil(tau / eps))).astype(int)
        steps = n_leap[group]
        step_eps = eps[group][:, None]
        pz = rng.standard_normal((C, P))
        p = np.empty((C, P))
        for g in range(G):
            pz[rows[g]] /= np.sqrt(inv_mass[g])
            p[rows[g]] = pz[rows[g]] @ W_inv[g]  # the momentum of theta: W'^-1 times z's
        h0 = u + 0.5 * np.array([(pz[c] ** 2 * inv_mass[group[c]]).sum() for c in range(C)])
        tn, un, gn = theta, u, gu
        pn = p - 0.5 * step_eps * gn
        for step in range(int(n_leap.max())):
            moving = (step < steps)[:, None]
            velocity = np.empty((C, P))
            with np.errstate(over="ignore", invalid="ignore"):  # a diverging trajectory
                for g in range(G):
                    velocity[rows[g]] = pn[rows[g]].astype(low) @ M_inv[g]
            tn = np.where(moving, tn + step_eps * velocity, tn)
            un_new, gn_new = U(tn)
            un = np.where(moving[:, 0], un_new, un)
            gn = np.where(moving, gn_new, gn)
            inner = (step < steps - 1)[:, None]
            pn = np.where(inner, pn - step_eps * gn, pn)
        pn = pn - 0.5 * step_eps * gn
        h1 = un.copy()
        for g in range(G):
            pzn = pn[rows[g]] @ W[g]
            h1[rows[g]] += 0.5 * (pzn * pzn * inv_mass[g]).sum(axis=1)
        dh = h1 - h0
        dh = np.where(np.isfinite(dh), dh, np.inf)
        div = dh > 1000
        accept_p = np.exp(np.minimum(0.0, -dh))
        take = rng.uniform(size=C) < accept_p
        theta = np.where(take[:, None], tn, theta)
        u = np.where(take, un, u)
        gu = np.where(take[:, None], gn, gu)
        if warm:
            for g in range(G):
                eps[g] = da[g].update(float(accept_p[rows[g]].mean()))
            if W1 <= it < W2:
                collected.append(theta.copy())
            if it == W2 - 1 and collected:
                seen = np.stack(collected, axis=1)  # (C, draws, P)
                for g in range(G):
                    zs = (seen[rows[g]].reshape(-1, P) - kept[g].theta[None, :]) @ W_inv[g].T
                    n = zs.shape[0]
                    var = zs.var(axis=0)
                    inv_mass[g] = (n / (n + 5.0)) * var + (5.0 / (n + 5.0)) * 1.0
                    M_inv[g] = metric(g, inv_mass[g])
                    da[g].restart(float(eps[g]))
            if it == warmup - 1:
                eps = np.array([d.final for d in da])
        else:
            k = it - warmup
            out[:, k] = theta
            n_div += int(div.sum())
            acc_sum += float(accept_p.mean())
            leap_sum += int(steps.mean())
        if progress is not None:
            progress(it + 1, total)
    draws = max(n_draws, 1)
    return Run(
        theta=out,
        mode=kept[0].theta,
        step_size=float(eps[0]),
        mean_leapfrog=leap_sum / draws,
        accept_rate=acc_sum / draws,
        divergences=n_div,
        map_converged=kept[0].converged,
        whitening_floor_hits=hits,
        modes=len(modes),
        other_mode_weight=float(1.0 - weights[0]),
        group=group,
        weights=[float(w) for w in weights],
        found=len(modes),
        centres=[m.theta for m in kept],
        precisions=[m.H for m in kept],
    )
