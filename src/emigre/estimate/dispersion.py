"""How far sources disagree beyond their stated noise, learnt from the fit's own claims.

A claim's noise (priors.Measurement.noise) is what one careful count of its figure would miss
by. Sources disagree by more: two registers of one country count different documents, two
border services different crossings, two journalists read one figure differently. A new
source's figure is therefore further from the estimate than the noise of its measure says.
That extra spread is learnt per kind of figure from the claims in the fit: each point
claim's leave-one-out residual (its value against what the rest of the evidence predicts)
is read as Student-t (DF degrees of freedom: a few sources are far off) with scale
sqrt(posterior variance + noise^2 + tau^2), and tau is the maximum of that likelihood, shrunk
towards the value of all kinds pooled (a kind with few claims borrows from the others).
Claims that alone decide their figure say little: their leave-one-out variance is wide.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.special import gammaln

from emigre.estimate.evidence import Observation

DF = 4.0
"""Degrees of freedom of the disagreement: heavier tails than a normal, so a few far-off
sources widen the interval's ends rather than its middle."""
GRID = np.linspace(0.0, 3.0, 121)
"""Candidate values of tau (log-sd)."""
POOL_SD = 0.5
"""Log-sd of the shrinkage of a kind's tau towards the pooled one."""
H_MAX = 0.95
"""Leverage cap: a claim that decides its figure alone keeps a residual of wide variance."""


def kind_of(o: Observation) -> str:
    """The kind of figure an observation is, for its disagreement between sources."""
    if o.share:
        return "survey"
    if o.factor and o.factor[0] == "coverage":
        return str(o.factor[1])  # registration, application
    if o.series == "departures":
        return "departures"
    if o.t0 is None:
        return "stock" if o.place else "abroad"
    if o.series == "returns":
        return "returns"
    return "entries"  # arrivals into (or leavers from) a destination


def _t_loglik(r: np.ndarray, var: np.ndarray, tau: np.ndarray) -> np.ndarray:
    """Sum over residuals of the Student-t log density, for each tau (len(tau),)."""
    s2 = var[None, :] + tau[:, None] ** 2
    c = gammaln((DF + 1) / 2) - gammaln(DF / 2) - 0.5 * math.log(DF * math.pi)
    ll = c - 0.5 * np.log(s2) - 0.5 * (DF + 1) * np.log1p(r[None, :] ** 2 / (DF * s2))
    return ll.sum(axis=1)


def residuals(
    obs: list[Observation], u: np.ndarray, outlier: np.ndarray | None = None
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per kind: leave-one-out residuals of the point claims and their variances.

    Leave-one-out from the posterior's own moments, as for a Gaussian figure: with the
    posterior mean m and variance v of what a claim measures and its noise s, the claim's
    leverage is h = v / s^2 (how much it decides its own figure), the figure without it has
    mean m - h (y - m) / (1 - h) and variance v / (1 - h), so its residual is
    (y - m) / (1 - h). Claims that alone decide their figure (h near 1) get a residual of
    large variance, which says little. Reweighting (PSIS) would do the same but is unstable
    exactly for the claims that share a factor with a few others (a destination's coverage),
    which are the ones that show how far sources of a kind disagree. A claim the fit reads
    as simply wrong (its outlier probability, `outlier`, per observation) did not move its
    figure: its leverage is scaled by the chance that it did."""
    out: dict[str, tuple[list[float], list[float]]] = {}
    for i, o in enumerate(obs):
        if o.forecast or o.kind not in ("point", "range"):
            continue
        mean = float(u[:, i].mean())
        var = float(u[:, i].var())
        y = 0.5 * (o.log_low + o.log_high)
        noise = o.noise if o.kind == "point" else max(o.noise, 0.25 * (o.log_high - o.log_low))
        h = min(var / noise**2, H_MAX)
        if outlier is not None:
            h *= 1.0 - float(outlier[i])
        r, v = out.setdefault(kind_of(o), ([], []))
        r.append((y - mean) / (1.0 - h))
        v.append(var / (1.0 - h) + noise**2)
    return {k: (np.array(r), np.array(v)) for k, (r, v) in out.items()}


def fit_tau(r: np.ndarray, var: np.ndarray, towards: float | None = None) -> float:
    """The tau (on GRID) that best explains residuals r of variances var beside it; with
    `towards`, shrunk to that value (log-sd POOL_SD)."""
    score = _t_loglik(r, var, GRID)
    if towards is not None:
        log_grid = np.log(np.maximum(GRID, 0.05))
        score = score - 0.5 * ((log_grid - math.log(max(towards, 0.05))) / POOL_SD) ** 2
    return float(GRID[np.argmax(score)])


def learn(
    obs: list[Observation], u: np.ndarray, outlier: np.ndarray | None = None
) -> dict[str, float]:
    """tau per kind of figure, and under "all" the pooled value (for kinds not in the fit)."""
    res = residuals(obs, u, outlier)
    if not res:
        return {"all": 0.0}
    pooled = fit_tau(
        np.concatenate([r for r, _ in res.values()]), np.concatenate([v for _, v in res.values()])
    )
    return {"all": pooled, **{kind: fit_tau(r, v, pooled) for kind, (r, v) in res.items()}}
