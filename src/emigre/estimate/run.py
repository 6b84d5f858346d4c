"""One estimate, end to end: claims -> observations -> posterior draws -> figures and fits."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import time
from dataclasses import dataclass, field

import numpy as np
from scipy.special import expit, ndtr

from emigre.estimate import diagnostics as diag
from emigre.estimate.evidence import Evidence, Item, Observation, interpret
from emigre.estimate.figures import evaluate
from emigre.estimate.loo import psis
from emigre.estimate.posterior import Grid, Posterior
from emigre.estimate.priors import Priors
from emigre.estimate.sampler import Progress, Run, Settings, sample
from emigre.estimate.version import model_digest
from emigre.model import country_name
from emigre.model.estimate import (
    ClaimFit,
    DatedInterval,
    DestinationEstimate,
    Diagnostics,
    Estimate,
    Interval,
    Reading,
    ReadingClaim,
)

MODEL_VERSION = "1"


QUANTILES = (0.025, 0.1, 0.5, 0.9, 0.975)
CONTRADICTION_LEVEL = 0.01
"""A claim is contradicted when the model treats it as more likely wrong than right (outlier
probability 0.5 or more), or when, given all the other claims, what it states has a
probability below this (for a figure: it lies outside the central 99 % predictive interval).
"Given all the other claims" is leave-one-out by Pareto-smoothed importance sampling where
that is reliable (Pareto k at most 0.7), else the full posterior, which is conservative."""


UNREAD_FIELDS = {"note", "found_in"}
"""Claim fields the estimate never reads (a reviewer's note; where in a document the claim was
found, whose date is keyed as the item's document date): editing them keeps the cached estimate."""


@dataclass
class Request:
    """Everything an estimate depends on; its hash keys the cache."""

    items: list[Item]
    start: dt.date
    as_of: dt.date
    origin: str
    waves: list[dt.date] = field(default_factory=list)
    priors: Priors = field(default_factory=Priors)
    settings: Settings = field(default_factory=Settings)
    case: str | None = None

    def key(self) -> str:
        blob = {
            "model": model_digest(MODEL_VERSION),
            "claims": [
                {
                    "index": it.index,
                    "line": it.line,
                    "date": it.document_date.isoformat() if it.document_date else None,
                    "label": it.label,
                    "claim": it.claim.model_dump(mode="json", exclude=UNREAD_FIELDS),
                }
                for it in self.items
            ],
            "start": self.start.isoformat(),
            "as_of": self.as_of.isoformat(),
            "origin": self.origin,
            "waves": [w.isoformat() for w in self.waves],
            "priors": self.priors.model_dump(mode="json"),
            "settings": self.settings.__dict__,
            "case": self.case,
        }
        text = json.dumps(blob, sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:20]


@dataclass
class Result:
    """The estimate, with what `explain` needs to answer questions about it."""

    estimate: Estimate
    post: Posterior
    theta: np.ndarray  # (chains * draws, P)
    chains: int
    ll: np.ndarray  # (draws, observations) log-likelihood
    u: np.ndarray  # (draws, observations) log of the figure each source measured


def interval(x: np.ndarray) -> Interval:
    q = np.quantile(x, QUANTILES)
    return Interval(median=q[2], low80=q[1], high80=q[3], low95=q[0], high95=q[4])


def dated(x: np.ndarray, day: dt.date) -> DatedInterval:
    q = np.quantile(x, QUANTILES)
    return DatedInterval(date=day, median=q[2], low80=q[1], high80=q[3], low95=q[0], high95=q[4])


def dated_series(x: np.ndarray, dates: list[dt.date]) -> list[DatedInterval]:
    """Intervals of each column of x (draws, dates), computed in one pass."""
    q = np.quantile(x, QUANTILES, axis=0)
    return [
        DatedInterval(
            date=d, median=q[2, j], low80=q[1, j], high80=q[3, j], low95=q[0, j], high95=q[4, j]
        )
        for j, d in enumerate(dates)
    ]


def _series_dates(grid: Grid, as_of: dt.date) -> list[dt.date]:
    days = [grid.start + dt.timedelta(days=7 * n) for n in range(grid.T + 1)]
    out = [d for d in days if d < as_of]
    return [*out, as_of]


def _at(X: np.ndarray, grid: Grid, rows: list[int], day: dt.date) -> np.ndarray:
    """Sum of the given series at the end of `day`, interpolated within its week."""
    t = float((day - grid.start).days + 1)
    total = np.zeros(X.shape[0])
    for n, w in grid.weights(t):
        if w:
            total += w * X[:, rows, n].sum(axis=1)
    return total


def _assumptions(req: Request, ev: Evidence) -> list[str]:
    p = req.priors
    out = [
        f"Departures are counted from the case start {req.start.isoformat()}; the estimate "
        f"runs to {req.as_of.isoformat()}.",
        "Weekly departures are a slowly drifting baseline (median "
        f"{p.departures.baseline_weekly.median:,.0f} a week a priori) plus wave deviations "
        f"that carry about {p.departures.persistence.median:.0%} over from one week to the next "
        "(learnt for each wave).",
        "Border entries over-count emigrants (tourists, repeat crossings, transit): each "
        f"destination's entry counts are read as (1 + excess) x arrivals, excess median "
        f"{p.measurement.entry_excess.median:g}.",
        "Registrations and applications cover only part of the people they concern "
        "(coverage below 1, its own prior per destination).",
        "A share of first arrivals only pass through (median "
        f"{p.stay.transient_fraction.median:.0%}); of those who leave a destination, a share "
        f"moves on elsewhere (median {p.stay.onward_fraction.median:.0%}), the rest go back.",
        "Subgroup figures (IT workers, journalists, ...) are lower bounds on everyone.",
        "Forecasts are shown against the estimate but do not inform it.",
        f"Each figure may be simply wrong with prior probability "
        f"{p.measurement.outlier_probability:g}; such figures stop pulling the estimate.",
    ]
    if req.waves:
        waves = ", ".join(w.isoformat() for w in req.waves)
        out.append(f"Departures and destination shares may jump in the weeks waves start: {waves}.")
    if ev.destinations:
        named = ", ".join(ev.destinations)
        out.append(f"Destinations no claim names are pooled as 'other' (named: {named}).")
    return out


CHUNK = 50
"""Draws per forward pass when reporting: the pass's work arrays take some 220 kB a draw on
the built-in case, so 50 draws stay in the cache where 500 (111 MB) cost five times as much
a draw (0.73 s against 0.14 s for the log-likelihoods of 600 draws)."""


def _forward_all(post: Posterior, theta: np.ndarray, chunk: int = CHUNK) -> dict[str, np.ndarray]:
    """The figures the estimate reports, in every draw, computed chunk by chunk."""
    lay, grid, as_of = post.layout, post.grid, post.ev.as_of
    K1 = lay.K1
    dates = _series_dates(grid, as_of)
    S = theta.shape[0]
    out = {
        "departures": np.empty((S, len(dates))),
        "remaining": np.empty((S, len(dates))),
        "stock_series": np.empty((S, K1, len(dates))),
        "arrivals_series": np.empty((S, K1, len(dates))),
        "weekly": np.empty((S, lay.T)),
        "arrivals": np.empty((S, K1)),
        "stock": np.empty((S, K1)),
        "returned": np.empty(S),
    }
    stock_rows = [lay.row("stock", k) for k in range(K1)]
    arrival_rows = [lay.row("arrivals", k) for k in range(K1)]
    # every date's value is a weighted pair of weekly points: gather both, weigh, add (a
    # matrix product over all weekly points costs some 100 times more, on zeros)
    pairs = [grid.weights(float((day - grid.start).days + 1)) for day in dates]
    n0 = np.array([p[0][0] for p in pairs], dtype=int)
    n1 = np.array([p[1][0] for p in pairs], dtype=int)
    w0 = np.array([p[0][1] for p in pairs])
    w1 = np.array([p[1][1] for p in pairs])

    def at(Y: np.ndarray) -> np.ndarray:
        return Y[..., n0] * w0 + Y[..., n1] * w1

    for a in range(0, S, chunk):
        b = min(S, a + chunk)
        st = post.process.forward(theta[a:b])
        X = st.X
        out["weekly"][a:b] = st.d
        out["departures"][a:b] = at(X[:, 0, :])
        out["stock_series"][a:b] = at(X[:, stock_rows, :])
        out["arrivals_series"][a:b] = at(X[:, arrival_rows, :])
        out["remaining"][a:b] = out["stock_series"][a:b].sum(axis=1)
        out["arrivals"][a:b] = out["arrivals_series"][a:b, :, -1]  # the last date is as_of
        out["stock"][a:b] = out["stock_series"][a:b, :, -1]
        out["returned"][a:b] = _at(X, grid, [lay.row("returns", k) for k in range(K1)], as_of)
    out["dates"] = np.array(dates, dtype=object)
    return out


def _loglik_all(post: Posterior, theta: np.ndarray, chunk: int = CHUNK) -> tuple[np.ndarray, ...]:
    S, N = theta.shape[0], post.N
    ll, u, w = np.empty((S, N)), np.empty((S, N)), np.empty((S, N))
    for a in range(0, S, chunk):
        b = min(S, a + chunk)
        ll[a:b], u[a:b], w[a:b] = post.loglik(theta[a:b])
    return ll, u, w


def _statement_prob(o: Observation, u: np.ndarray) -> np.ndarray:
    """Per draw: the chance that what the claim states holds (the measurement model without
    its outlier component; bounds are logistic, see kernels.obs_term)."""
    s = o.sigma
    if o.kind == "lower":
        return expit((u - o.log_low) / s)
    if o.kind == "upper":
        return expit((o.log_high - u) / s)
    if o.kind == "range":
        return expit((u - o.log_low) / s) * expit((o.log_high - u) / s)
    return ndtr((o.log_low - u) / s)  # a point: its predictive CDF at the value


def _support(o: Observation, u: np.ndarray, logw: np.ndarray) -> tuple[float, float]:
    """(support, fit) of one observation under weights: fit is the PIT of its value."""
    w = np.exp(logw)
    p = float((w * _statement_prob(o, u)).sum())
    if o.kind == "point":
        return 2 * min(p, 1 - p), p
    y = 0.5 * (o.log_low + o.log_high) if o.kind == "range" else o.log_low
    pit = float((w * ndtr((y - u) / o.noise)).sum())
    return p, pit


def _claim_fits(
    req: Request,
    ev: Evidence,
    post: Posterior,
    ll: np.ndarray,
    u: np.ndarray,
    w_out: np.ndarray,
    rng: np.random.Generator,
) -> tuple[list[ClaimFit], float | None]:
    obs = ev.observations
    S, N = u.shape
    fitted = np.array([not o.forecast for o in obs], dtype=bool)
    uniform = np.full(S, -math.log(S))
    if N:
        loo_w, k_hat = psis(-np.where(fitted[None, :], ll, 0.0))
    else:
        loo_w, k_hat = np.zeros((S, 0)), np.zeros(0)
    support = np.zeros(N)
    pit = np.zeros(N)
    for i, o in enumerate(obs):
        # leave-one-out where reweighting is reliable; otherwise the full posterior, which
        # still contains the claim and so can only under-state a contradiction
        lw = loo_w[:, i] if fitted[i] and k_hat[i] <= 0.7 else uniform
        support[i], _ = _support(o, u[:, i], lw)
        _, pit[i] = _support(o, u[:, i], uniform)
    outlier = np.array([float(w_out[:, i].mean()) if fitted[i] else 0.0 for i in range(N)])
    contradicted = (outlier >= 0.5) | (support < CONTRADICTION_LEVEL)
    conflicts: dict[int, list[int]] = {}
    if contradicted.any():
        z = (u - u.mean(axis=0)) / (u.std(axis=0) + 1e-12)
        for i in np.nonzero(contradicted)[0]:
            conflicts[i] = _conflicts(i, obs, fitted, contradicted, ll, u, z, loo_w, uniform)
    by_item = {it.index: it for it in req.items}
    fits: list[ClaimFit] = []
    for status in sorted(ev.statuses, key=lambda s: s.index):
        it = by_item[status.index]
        base = dict(
            index=status.index,
            line=it.line,
            claim_id=it.claim.id,
            label=it.label,
            role=status.role,
            reason=status.reason,
            unsupported=status.unsupported,
        )
        if status.observation is None:
            fits.append(ClaimFit(used=False, **base))  # type: ignore[arg-type]
            continue
        i = status.observation
        o = obs[i]
        rep = u[:, i] + o.noise * rng.standard_normal(S)
        others = sorted({c for j in conflicts.get(i, []) for c in obs[j].items} - {status.index})
        fits.append(
            ClaimFit(
                used=status.used,
                quantity=o.quantity(ev.start),
                fit=round(float(pit[i]), 4),
                predicted=interval(np.exp(rep)),
                support=round(float(support[i]), 4),
                outlier_probability=round(float(w_out[:, i].mean()), 4) if fitted[i] else None,
                contradicted=bool(contradicted[i]),
                conflicts_with=others,
                pareto_k=round(float(k_hat[i]), 3) if fitted[i] else None,
                **base,  # type: ignore[arg-type]
            )
        )
    k_max = float(k_hat[fitted].max()) if fitted.any() else None
    return fits, k_max


def _conflicts(
    i: int,
    obs: list[Observation],
    fitted: np.ndarray,
    contradicted: np.ndarray,
    ll: np.ndarray,
    u: np.ndarray,
    z: np.ndarray,
    loo_w: np.ndarray,
    uniform: np.ndarray,
) -> list[int]:
    """The claims that hold the estimate of claim i's figure away from what it states.

    Candidates measure a related figure (posterior correlation of the predictions of at
    least 0.3) and are not contradicted themselves. One is kept when what it states,
    carried over to claim i's figure (by the posterior offset between the two figures), is
    incompatible with claim i (further apart than 2.5 times their combined noise, on the
    side claim i departs to); or when leaving it out too moves the prediction of claim i's
    figure towards claim i by a material amount."""
    o = obs[i]
    base_w = np.exp(loo_w[:, i] if fitted[i] else uniform)
    pred = float((base_w * u[:, i]).sum())
    target = 0.5 * (o.log_low + o.log_high)
    direction = math.copysign(1.0, target - pred)
    gap = abs(target - pred)
    corr = np.abs((z * z[:, [i]]).mean(axis=0))
    candidates = [
        int(j)
        for j in np.argsort(-corr)
        if j != i and fitted[j] and not contradicted[j] and corr[j] >= 0.3
    ][:60]
    scored = []
    for j in candidates:
        oj = obs[j]
        offset = float((u[:, i] - u[:, j]).mean())
        # the side of claim j that faces claim i's departure, on claim i's scale
        if direction > 0:
            edge = None if oj.kind == "lower" else oj.log_high + offset
        else:
            edge = None if oj.kind == "upper" else oj.log_low + offset
        mine = o.log_low if direction > 0 else o.log_high
        apart = (mine - edge) * direction if edge is not None else -math.inf
        incompatible = corr[j] >= 0.5 and apart > 2.5 * math.hypot(o.sigma, oj.sigma)
        lr = -ll[:, j] - (ll[:, i] if fitted[i] else 0.0)
        lw, _ = psis(lr[:, None])
        moved = (float((np.exp(lw[:, 0]) * u[:, i]).sum()) - pred) * direction
        if incompatible or moved > max(0.1 * gap, 0.25 * o.sigma, 0.02):
            scored.append((max(moved, 0.0) + (1.0 if incompatible else 0.0), j))
    scored.sort(reverse=True)
    return [j for _, j in scored[:10]]


READING_APART = 0.1
"""Modes are reported as separate readings when a headline median (departures, everyone
abroad) differs between them by more than this share; closer modes just pool."""


def _pool(r: Run, rng: np.random.Generator) -> np.ndarray:
    """Indices into the flattened draws (chains x draws) that make a sample of the whole
    posterior: each mode's chains contribute in proportion to its weight."""
    C, S = r.theta.shape[:2]
    G = len(r.weights)
    if G == 1:
        return np.arange(C * S)
    owner = np.repeat(r.group, S)
    counts = np.floor(np.array(r.weights) * C * S).astype(int)
    counts[0] += C * S - counts.sum()
    parts = []
    for g in range(G):
        mine = np.nonzero(owner == g)[0]
        parts.append(rng.choice(mine, size=counts[g], replace=bool(counts[g] > mine.size)))
    idx = np.concatenate(parts)
    rng.shuffle(idx)
    return idx


def _by_group(x: np.ndarray, r: Run) -> list[np.ndarray]:
    """(C * S, ...) draws split into each mode's (chains, draws, Q)."""
    C, S = r.theta.shape[:2]
    x = x.reshape(C, S, -1)
    return [x[r.group == g] for g in range(len(r.weights))]


def _worst(per_group: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """R-hat (largest over the modes), bulk and tail ESS (summed over the modes) per quantity."""
    rh = np.max([diag.rhat(x) for x in per_group], axis=0)
    eb = np.sum([diag.ess_bulk(x) for x in per_group], axis=0)
    et = np.sum([diag.ess_tail(x) for x in per_group], axis=0)
    return rh, eb, et


def parameter_name(post: Posterior, j: int) -> str:
    """A latent parameter by its block and, for the weekly ones, its week."""
    for name, sl in post.layout.slices.items():
        if sl.start <= j < sl.stop:
            k = j - sl.start
            if name == "dev":
                return f"departures of the week from {post.grid.date(k).isoformat()} (dev[{k}])"
            return f"{name}[{k}]"
    return f"theta[{j}]"


def _diagnostics(
    req: Request,
    post: Posterior,
    run: Run,
    figures: dict[str, np.ndarray],
    theta: np.ndarray,
    k_max: float | None,
    seconds: float,
) -> Diagnostics:
    """Convergence on every reported figure and every latent parameter, within each mode
    (chains of different modes are not meant to agree)."""
    C = req.settings.chains
    S = theta.shape[0] // C
    reported = np.concatenate(
        [
            np.log(figures["departures"][:, -1:] + 1.0),
            np.log(figures["remaining"][:, -1:] + 1.0),
            np.log(figures["stock"] + 1.0),
            np.log(figures["arrivals"] + 1.0),
        ],
        axis=1,
    )
    r_fig, eb, et = _worst(_by_group(reported, run))
    r_par, ep, _ = _worst(_by_group(theta, run))
    worst, thin = int(np.argmax(r_par)), int(np.argmin(ep))
    warnings = []
    if float(r_fig.max()) > 1.05:
        warnings.append(
            f"R-hat reaches {r_fig.max():.2f} on reported figures: the chains disagree, so the "
            "intervals may be too narrow; run more draws or look for conflicting claims"
        )
    elif float(r_par.max()) > 1.05:
        warnings.append(
            f"R-hat reaches {r_par.max():.2f} on a latent parameter "
            f"({parameter_name(post, worst)}): the chains disagree on it, so figures resting "
            "on it may be less certain than shown; run more draws"
        )
    if float(min(eb.min(), et.min())) < 100:
        warnings.append(
            f"effective sample size is only {min(eb.min(), et.min()):.0f} for some figure: "
            "interval ends are uncertain; run more draws"
        )
    elif float(ep.min()) < 100:
        warnings.append(
            f"effective sample size is only {ep.min():.0f} on a latent parameter "
            f"({parameter_name(post, thin)}): run more draws"
        )
    if run.divergences:
        warnings.append(f"{run.divergences} divergent transitions: the sampler may miss a region")
    if len(run.weights) > 1:
        warnings.append(
            f"the claims allow more than one reading ({len(run.weights)} posterior modes, "
            f"weights {', '.join(f'{w:.0%}' for w in run.weights)}): the intervals pool them; "
            "see the readings and the claims behind each"
        )
    if not run.map_converged:
        warnings.append("the search for the posterior mode did not converge")
    return Diagnostics(
        sampler="HMC on a Laplace-whitened posterior (emigre, NumPy + Numba)",
        chains=C,
        draws=S,
        warmup=req.settings.warm(theta.shape[1]),
        rhat_max=round(float(r_fig.max()), 4),
        ess_bulk_min=round(float(eb.min()), 1),
        ess_tail_min=round(float(et.min()), 1),
        rhat_max_parameters=round(float(r_par.max()), 4),
        ess_bulk_min_parameters=round(float(ep.min()), 1),
        divergences=run.divergences,
        step_size=round(run.step_size, 5),
        mean_leapfrog_steps=round(run.mean_leapfrog, 2),
        accept_rate=round(run.accept_rate, 3),
        pareto_k_max=round(k_max, 3) if k_max is not None else None,
        modes=run.found,
        readings=len(run.weights),
        worst_parameter=parameter_name(post, worst),
        seconds=round(seconds, 2),
        warnings=warnings,
    )


def _reading_of(post: Posterior, r: Run, u: np.ndarray) -> np.ndarray:
    """The mode each draw reads the evidence like: the one whose predictions of what the
    claims measure are nearest the draw's, each in units of its claim's noise (a reading is
    a way of reconciling the claims, so it is told apart by what it says of them)."""
    _, centre_u, _ = post.loglik(np.stack(r.centres))
    scale = np.maximum(np.array([o.noise for o in post.ev.observations]), 0.05)
    d = [(((u - c[None, :]) / scale[None, :]) ** 2).sum(axis=1) for c in centre_u]
    return np.argmin(np.stack(d), axis=0)


def _readings(
    req: Request,
    ev: Evidence,
    post: Posterior,
    r: Run,
    figures: dict[str, np.ndarray],
    ll: np.ndarray,
    u: np.ndarray,
    top: int = 5,
) -> list[Reading]:
    """Each mode's headline figures and the claims that favour it, from the pooled draws
    that read the evidence like it, when the modes' headlines differ (by READING_APART);
    nothing when the evidence admits one reading."""
    if len(r.centres) < 2:
        return []
    near = _reading_of(post, r, u)
    modes = [g for g in range(len(r.centres)) if (near == g).sum() >= 20]
    if len(modes) < 2:
        return []
    heads = {
        "departures": figures["departures"][:, -1],
        "remaining": figures["remaining"][:, -1],
        "returned": figures["returned"],
    }
    medians = np.array(
        [[np.median(heads[k][near == g]) for k in ("departures", "remaining")] for g in modes]
    )
    apart = medians.max(axis=0) / np.maximum(medians.min(axis=0), 1.0) - 1.0
    if float(apart.max()) <= READING_APART:
        return []
    mean_ll = np.array([ll[near == g].mean(axis=0) for g in modes])  # (modes, N)
    by_item = {it.index: it for it in req.items}
    out = []
    for j, g in enumerate(modes):
        gain = mean_ll[j] - np.delete(mean_ll, j, axis=0).mean(axis=0)
        claims = []
        for i in np.argsort(-gain)[:top]:
            o = ev.observations[i]
            if gain[i] <= 0.1 or o.forecast:
                continue
            it = by_item[o.items[0]]
            claims.append(
                ReadingClaim(
                    index=it.index,
                    claim_id=it.claim.id,
                    label=it.label,
                    quantity=o.quantity(ev.start),
                    log_likelihood_gain=round(float(gain[i]), 2),
                )
            )
        mine = near == g
        out.append(
            Reading(
                weight=round(float(mine.mean()), 3),
                departures=dated(heads["departures"][mine], req.as_of),
                remaining_abroad=dated(heads["remaining"][mine], req.as_of),
                returned=dated(heads["returned"][mine], req.as_of),
                claims=claims,
            )
        )
    out.sort(key=lambda x: -x.weight)
    return out


def run(req: Request, progress: Progress | None = None) -> Result:
    t0 = time.perf_counter()
    ev = interpret(
        req.items, start=req.start, as_of=req.as_of, origin=req.origin, priors=req.priors
    )
    post = Posterior(ev, req.priors, req.waves)
    r = sample(
        post.logp_grad,
        post.initial(),
        req.settings,
        progress,
        starts=post.starts(req.settings.seed),
    )
    rng = np.random.default_rng(req.settings.seed + 1)
    # figures and fits of every draw, then a pooled sample with each mode in its weight
    raw = r.theta.reshape(-1, post.layout.P)
    raw_figures = _forward_all(post, raw)
    raw_ll, raw_u, raw_w = _loglik_all(post, raw)
    pool = _pool(r, rng)
    theta = raw[pool]
    figures = {k: (v if k == "dates" else v[pool]) for k, v in raw_figures.items()}
    ll, u, w_out = raw_ll[pool], raw_u[pool], raw_w[pool]
    fits, k_max = _claim_fits(req, ev, post, ll, u, w_out, rng)
    readings = _readings(req, ev, post, r, figures, ll, u)
    dates = list(figures["dates"])
    names = [*post.places, "other"]
    remaining = figures["stock"].sum(axis=1)
    destinations = []
    for k, code in enumerate(names):
        share = figures["stock"][:, k] / np.maximum(remaining, 1e-9)
        destinations.append(
            DestinationEstimate(
                destination=code,
                name=country_name(code) if code != "other" else "Other destinations",
                arrivals=dated(figures["arrivals"][:, k], req.as_of),
                stock=dated(figures["stock"][:, k], req.as_of),
                share_of_remaining=interval(share),
                stock_series=dated_series(figures["stock_series"][:, k, :], dates),
                arrivals_series=dated_series(figures["arrivals_series"][:, k, :], dates),
            )
        )
    destinations.sort(key=lambda d: (d.destination == "other", -d.stock.median))
    week_dates = [post.grid.start + dt.timedelta(days=7 * n) for n in range(post.layout.T)]
    seconds = time.perf_counter() - t0
    diagnostics = _diagnostics(req, post, r, raw_figures, raw, k_max, seconds)
    estimate = Estimate(
        case=req.case,
        origin=req.origin,
        start=req.start,
        as_of=req.as_of,
        key=req.key(),
        departures=dated_series(figures["departures"], dates),
        departures_weekly=dated_series(
            figures["weekly"][:, : sum(d <= req.as_of for d in week_dates)],
            [d for d in week_dates if d <= req.as_of],
        ),
        destinations=destinations,
        remaining_abroad=dated(remaining, req.as_of),
        remaining_series=dated_series(figures["remaining"], dates),
        returned=dated(figures["returned"], req.as_of),
        claims=fits,
        readings=readings,
        diagnostics=diagnostics,
        assumptions=_assumptions(req, ev),
        priors=req.priors.model_dump(mode="json"),
    )
    return Result(estimate, post, theta, req.settings.chains, ll, u)


def figure_draws(result: Result, rows: list[tuple[int, int, float]]) -> np.ndarray:
    out = np.empty(result.theta.shape[0])
    for a in range(0, out.size, 200):
        b = min(out.size, a + 200)
        out[a:b] = evaluate(result.post.process.forward(result.theta[a:b]).X, rows)
    return out
