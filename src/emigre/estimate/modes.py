"""Where the posterior's mass sits: optimisation from dispersed starting points.

Conflicting claims can make the posterior multimodal, each mode a different reading of the
evidence (one treats a claim as a cohort's stock and believes it, another treats it as
wrong). A sampler started at one mode stays there and reports one reading with confidence.
So the search starts from several dispersed points (the level the flow claims suggest, half
and twice it, and draws from the prior), optimises all of them in one batch, and keeps every
distinct mode that could carry a material share of the mass by its Laplace approximation.
The sampler then runs chains in each (sampler.py) and the estimate reports each reading.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

LogpGrad = Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]

VALLEY = 1.0
"""Two optimisation ends are two modes when the straight path between them dips this far
(in log density) below the lower of the two: a valley HMC would have to cross. Ends on one
ridge, however far apart, are one mode."""
WORSE_BY = 10.0
"""A mode whose log density lies this far below the best one's is dropped unexamined."""


@dataclass
class Mode:
    theta: np.ndarray
    H: np.ndarray  # negative Hessian of log p at theta
    lp: float
    log_mass: float  # Laplace approximation of log of the mass around it
    converged: bool
    weight: float = 1.0
    eig: tuple[np.ndarray, np.ndarray] | None = field(default=None, repr=False)
    """H's eigenvalues and eigenvectors (np.linalg.eigh), computed once for the Laplace
    mass and reused by the sampler's whitening (on ~1,000 parameters, a third of a second
    each)."""


def find_mode(f: LogpGrad, theta0: np.ndarray, iterations: int) -> tuple[np.ndarray, bool]:
    x, ok = optimise(f, theta0[None, :], iterations)
    return x[0], bool(ok[0])


def optimise(
    f: LogpGrad,
    x0: np.ndarray,
    iterations: int,
    memory: int = 20,
    gtol: float = 1e-5,
    gain_tol: float = 1e-6,
) -> tuple[np.ndarray, np.ndarray]:
    """Maximise log p from each row of x0 at once (L-BFGS with backtracking), one batched
    gradient call per round for every row still searching.

    Written here rather than taken from SciPy: the batch shares the compiled gradient call,
    and SciPy's L-BFGS-B spends several milliseconds of bookkeeping an iteration on a few
    hundred parameters, more than the gradient itself. Returns the points and, per row,
    whether it converged: the gradient fell below gtol (relative to the density's scale), or
    the next L-BFGS step promises a gain in log density below gain_tol (on the built-in
    case this stops after 30 % fewer gradients, within 0.01 of the same points and 1e-4 of
    the same log density: the mode only centres the whitening, and HMC is exact)."""
    B, P = x0.shape
    x = x0.astype(float).copy()
    lp, g = f(x)
    fx = np.where(np.isfinite(lp), -lp, np.inf)
    gx = np.where(np.isfinite(lp)[:, None], -g, 0.0)
    hist: list[list[tuple[np.ndarray, np.ndarray, float]]] = [[] for _ in range(B)]
    done = ~np.isfinite(fx)
    ok = np.zeros(B, dtype=bool)
    d = np.zeros((B, P))
    t = np.ones(B)
    slope = np.zeros(B)

    def direction(b: int) -> None:
        q = gx[b].copy()
        alphas = []
        for sv, yv, rho in reversed(hist[b]):
            a = rho * (sv @ q)
            q -= a * yv
            alphas.append(a)
        if hist[b]:
            sv, yv, _ = hist[b][-1]
            q *= (sv @ yv) / (yv @ yv)
        else:
            q /= max(1.0, float(np.abs(q).max()))  # a first step of at most one unit
        for (sv, yv, rho), a in zip(hist[b], reversed(alphas), strict=True):
            q += sv * (a - rho * (yv @ q))
        d[b] = -q
        slope[b] = float(gx[b] @ d[b])
        if not slope[b] < 0:  # not a descent direction: restart from the gradient
            hist[b].clear()
            d[b] = -gx[b] / max(1.0, float(np.abs(gx[b]).max()))
            slope[b] = float(gx[b] @ d[b])
        t[b] = 1.0

    for b in np.nonzero(~done)[0]:
        direction(int(b))
    for _ in range(iterations * 2):
        active = np.nonzero(~done)[0]
        if active.size == 0:
            break
        xn = x[active] + t[active, None] * d[active]
        lpn, gn = f(xn)
        for j, b in enumerate(active):
            fn = -lpn[j]
            if not (np.isfinite(fn) and fn <= fx[b] + 1e-4 * t[b] * slope[b]):
                t[b] *= 0.5 if np.isfinite(fn) else 0.1
                if t[b] < 1e-12:
                    done[b] = True
                continue
            sv, yv = xn[j] - x[b], -gn[j] - gx[b]
            sy = float(sv @ yv)
            if sy > 1e-12:
                hist[b].append((sv, yv, 1.0 / sy))
                if len(hist[b]) > memory:
                    hist[b].pop(0)
            change = fx[b] - fn
            x[b], fx[b], gx[b] = xn[j], fn, -gn[j]
            if np.abs(gx[b]).max() < gtol * max(1.0, abs(fx[b])) ** 0.5 or change < 1e-13 * max(
                1.0, abs(fn)
            ):
                done[b] = ok[b] = True
                continue
            direction(int(b))
            if -slope[b] < gain_tol:  # the next step promises almost nothing
                done[b] = ok[b] = True
    return x, ok


def hessian(f: LogpGrad, x: np.ndarray, h: float = 1e-5, chunk: int = 16) -> np.ndarray:
    """Negative Hessian of log p at x by forward differences of the gradient, batched.

    It only shapes the whitening (HMC stays exact whatever it is), so forward differences,
    at half the cost of central ones, are accurate enough. Chunks of 16 columns: larger
    batches spill the gradient's work arrays out of the cache (a third slower per column
    at 64 on the built-in case)."""
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


def laplace_log_mass(
    lp: float, H: np.ndarray, floor: float = 1e-2, w: np.ndarray | None = None
) -> float:
    """log of the Laplace mass: log p at the mode minus half the log determinant of the
    negative Hessian (eigenvalues w, if known, floored as in the whitening)."""
    if w is None:
        w = np.linalg.eigvalsh(H)
    return lp - 0.5 * float(np.log(np.maximum(w, floor)).sum())


def find_modes(
    f: LogpGrad, starts: list[np.ndarray], iterations: int, min_weight: float = 0.05
) -> list[Mode]:
    """Distinct modes reached from the starts, most massive first, each with its Laplace
    weight among those kept (modes below min_weight are dropped and the rest renormalised).
    The first start is the one a single search would use; it always yields a mode."""
    # a short search from every start, then the full one from those still in contention
    X, _ = optimise(f, np.stack(starts), max(50, iterations // 10))
    lp = f(X)[0]
    alive = np.nonzero(np.isfinite(lp) & (lp >= np.nanmax(lp) - 3 * WORSE_BY))[0]
    alive = np.union1d(alive, [0]) if np.isfinite(lp[0]) else alive
    ok = np.zeros(len(starts), dtype=bool)
    X[alive], ok[alive] = optimise(f, X[alive], iterations)
    lp = f(X)[0]
    lp[np.setdiff1d(np.arange(len(starts)), alive)] = -np.inf
    order = [int(i) for i in np.argsort(-np.where(np.isfinite(lp), lp, -np.inf))]
    order = [i for i in order if np.isfinite(lp[i])]
    if not order:
        raise FloatingPointError("the posterior could not be evaluated at any starting point")
    modes: list[Mode] = []
    for i in order:
        if lp[i] < lp[order[0]] - WORSE_BY:
            break
        if any(_dip(f, X[i], float(lp[i]), m) < VALLEY for m in modes):
            continue
        H = hessian(f, X[i])
        w, V = np.linalg.eigh(H)
        mass = laplace_log_mass(float(lp[i]), H, w=w)
        modes.append(Mode(X[i], H, float(lp[i]), mass, bool(ok[i]), eig=(w, V)))
    modes.sort(key=lambda m: -m.log_mass)
    mass = np.array([m.log_mass for m in modes])
    w = np.exp(mass - mass.max())
    w /= w.sum()
    kept = [(m, float(wi)) for m, wi in zip(modes, w, strict=True) if wi >= min_weight]
    total = sum(wi for _, wi in kept)
    for m, wi in kept:
        m.weight = wi / total
    return [m for m, _ in kept]


def _dip(f: LogpGrad, x: np.ndarray, lp: float, mode: Mode, points: int = 9) -> float:
    """How far the straight path from x to the mode falls below the lower end (0: no dip)."""
    t = np.linspace(0.0, 1.0, points + 2)[1:-1, None]
    path = f(x[None, :] + t * (mode.theta - x)[None, :])[0]
    low = float(np.min(np.where(np.isfinite(path), path, -math.inf)))
    return max(0.0, min(lp, mode.lp) - low)
