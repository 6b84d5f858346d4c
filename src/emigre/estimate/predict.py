"""Figures not in the fit: what the estimate expects a new claim to state.

A claim is read as the fit would read it (evidence.interpret, counting rules and all), its
figure computed in every posterior draw, passed through its measurement model (an entry
count's over-count, a registration's coverage, a register's baseline; the fitted factor
where the fit has one, else a draw from its prior) and its noise. A destination the fit
does not model is a share of "other" drawn from the prior of a named destination's ratio to
it. The predictive spread is the measure's noise plus the disagreement between sources that
the fit's own claims of that kind show (estimate/dispersion.py), with Student-t tails. The
claims are not fitted: the estimate stays the one they are tested against.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from emigre.errors import InputError
from emigre.estimate import dispersion, kernels
from emigre.estimate.evidence import Item, Observation, interpret
from emigre.estimate.functional import build_terms
from emigre.estimate.run import Result, _statement_prob, interval
from emigre.model.estimate import Prediction

OTHER = "other"


def read_targets(path: Path) -> list[tuple[Item, str | None]]:
    """Claims to predict, from a JSONL file: one claim a line, or {"doc_id", "claims": [...]}
    (a gold file); each with its line and document id."""
    from emigre.estimate.claimfile import json_lines, parse_claim

    where = str(path)
    out: list[tuple[Item, str | None]] = []
    for n, raw in json_lines(Path(path)):
        if not isinstance(raw, dict):
            raise InputError(f"expected a JSON object, got {type(raw).__name__}", where, n)
        doc = raw.get("doc_id")
        if "claims" in raw:
            if not isinstance(raw["claims"], list):
                raise InputError("expected a list of claims", where, n, "claims")
            rows = raw["claims"]
        else:
            rows = [raw]
        for j, row in enumerate(rows):
            if not isinstance(row, dict):
                raise InputError("expected a claim object", where, n, f"claims[{j}]")
            fields = {k: v for k, v in row.items() if k not in ("source", "doc_id")}
            label = str(row.get("source") or doc or f"line {n}")
            claim = parse_claim(fields, "predict", where, n)
            out.append((Item(len(out), claim, line=n, label=label), doc))
    if not out:
        raise InputError("no claims in the file: expected one JSON object a line", where)
    return out


PEERS = 3
"""Fitted factors of the same kind it takes to stand for an unfitted one (else its prior)."""


Peer = Callable[[Any], bool] | None


def _draws(result: Result, block: str, index: dict[Any, int], key: Any, prior: Any,
           rng: np.random.Generator, peer: Peer = None) -> np.ndarray:  # fmt: skip
    """A factor's draws: the fitted parameter where the fit has it; else, where the fit has
    PEERS or more factors of the same kind (`peer` picks them: registrations' coverage of
    other destinations), in each draw one of theirs at random, so the spread between
    destinations that the claims show stands for the unknown one; else its prior."""
    start = result.post.layout.slices[block].start
    S = result.theta.shape[0]
    if key in index:
        return result.theta[:, start + index[key]]
    peers = [j for k, j in index.items() if peer is not None and peer(k)]
    if len(peers) >= PEERS:
        cols = result.theta[:, start + np.array(peers)]
        return cols[np.arange(S), rng.integers(len(peers), size=S)]
    return prior.loc + prior.scale * rng.standard_normal(S)


def _same_unit(unit: str) -> Callable[[tuple[str, ...]], bool]:
    """Over-counts of other destinations in the same unit (entries, documents)."""
    return lambda key: key[1] == unit


def _same_count(f: tuple[str, ...]) -> Callable[[tuple[str, ...]], bool]:
    """Coverages of other destinations' counts of the same measure and reading."""
    return lambda key: key[0] == f[1] and key[2] == f[3]


def _softplus(x: np.ndarray) -> np.ndarray:
    return np.logaddexp(0.0, x)


def _measured(result: Result, obs: list[Observation], rng: np.random.Generator) -> np.ndarray:
    """log of what each source would state, in every draw (draws, observations)."""
    post = result.post
    m = post.priors.measurement
    new_place = [o.place is not None and o.place not in post.place_index for o in obs]
    tm = build_terms(post, obs)
    S, N = result.theta.shape[0], len(obs)
    none = np.full(N, -1, dtype=np.int64)
    lat = np.empty((S, N))
    u = np.empty((S, N))
    s = post.layout.slices
    stay = (s["psi"].start, s["rho"].start, s["rho_t"].start, tm.f_kind, tm.f_k, tm.f_w)
    for a in range(0, S, 200):
        b = min(S, a + 200)
        th = np.ascontiguousarray(result.theta[a:b])
        X = post.process.forward(th).X.reshape(b - a, -1)
        kernels.predict_obs(
            th, X, tm.indptr, tm.indices, tm.data, tm.filt, tm.den, tm.has_den, none, none,
            none, np.zeros(N), 0, 0, 0, stay, lat[a:b], u[a:b],
        )  # fmt: skip
    for i, o in enumerate(obs):
        v = lat[:, i]
        if o.baseline_key:
            prior = m.baseline_factor
            v = v + o.baseline * np.exp(_draws(result, "baseline", post.add_index,
                                              o.baseline_key, prior, rng))  # fmt: skip
        u[:, i] = np.log(np.maximum(v, 1e-9))
        for f in (o.factor, o.overcount):
            if f and f[0] == "bias":
                prior = m.overcount_prior(f[1], f[2])
                peer = None if f[1] in m.entry_excess_by_destination else _same_unit(f[2])
                x = _draws(result, "bias", post.bias_index, f[1:], prior, rng, peer)
                u[:, i] += _softplus(x)
            elif f and f[0] == "coverage":
                prior = m.coverage[f[1]]
                x = _draws(result, "cover", post.cover_index, f[1:], prior, rng, _same_count(f))
                u[:, i] -= _softplus(-x)
        if new_place[i]:
            share = post.priors.shares.ratio_to_other_by_destination.get(
                o.place or "", post.priors.shares.ratio_to_other
            )
            u[:, i] += share.loc + share.scale * rng.standard_normal(S)
    return u


def _support(result: Result, o: Observation) -> tuple[int, int]:
    """(claims about the same destination, or about all together; claims in the fit)."""
    ev = result.post.ev
    fitted = [x for x in ev.observations if not x.forecast]
    same = sum(len(x.items) for x in fitted if x.place == o.place)
    return same, sum(len(x.items) for x in fitted)


def predict(
    result: Result, targets: list[tuple[Item, str | None]], seed: int = 0
) -> list[Prediction]:
    """One prediction per target, in order."""
    post = result.post
    ev0 = post.ev
    items = [t[0] for t in targets]
    ev = interpret(
        items, start=ev0.start, as_of=ev0.as_of, origin=ev0.origin, priors=post.priors,
        known=[*post.places],
    )  # fmt: skip
    rng = np.random.default_rng(seed)
    obs = [dataclasses.replace(o, forecast=False) for o in ev.observations]
    u = _measured(result, obs, rng) if obs else np.zeros((result.theta.shape[0], 0))
    taus = {}
    if obs:
        _, w_out = post.obs_loglik(result.u)
        taus = dispersion.learn(ev0.observations, result.u, w_out.mean(axis=0))
    out = []
    for (it, doc), status in zip(targets, sorted(ev.statuses, key=lambda s: s.index), strict=True):
        base: dict[str, Any] = dict(
            line=it.line, doc_id=doc, claim_id=it.claim.id, claim=it.claim.to_eval(),
            role=status.role, reason=status.reason,
        )  # fmt: skip
        k = status.observation
        if k is None:
            out.append(Prediction(predicted=False, **base))
            continue
        o = obs[k]
        tau = taus.get(dispersion.kind_of(o), taus.get("all", 0.0))
        scale = math.hypot(o.noise, tau)
        rep = np.exp(u[:, k] + scale * rng.standard_t(dispersion.DF, u.shape[0]))
        if o.share:
            rep *= 100.0  # a survey's percentage
        band = interval(rep)
        same, total = _support(result, o)
        quantity = o.quantity(ev0.start)
        if o.share:
            of = "departures"
            if o.share == "returned" and o.min_stay_weeks:
                of = f"arrivals still abroad after {7 * o.min_stay_weeks:.0f} days"
            quantity = f"{o.share} share of {of}, {quantity.split('@')[-1]}"
        elif o.cohort_t0:
            quantity += f" (the cohort from day {o.cohort_t0:.0f} of the case)"
        if o.place is not None and o.place not in post.place_index:
            quantity += f" (no claim in the fit names {o.place}: a share of '{OTHER}')"
        out.append(
            Prediction(
                predicted=True,
                quantity=quantity,
                **band.model_dump(),
                holds=round(float(_statement_prob(o, u[:, k]).mean()), 4),
                claims_same_place=same,
                claims_in_fit=total,
                disagreement=round(tau, 3),
                **base,
            )
        )
    return out


def inside(p: Prediction, level: int = 80) -> bool | None:
    """Whether the claimed figure (a range's midpoint) lies in the predictive interval."""
    if not p.predicted or p.median is None:
        return None
    c = p.claim
    value = c["value"] if c.get("value") is not None else 0.5 * (c["low"] + c["high"])
    lo, hi = (p.low80, p.high80) if level == 80 else (p.low95, p.high95)
    return bool(lo <= value <= hi)  # type: ignore[operator]


def log_ratio(p: Prediction) -> float | None:
    if not p.predicted or p.median is None:
        return None
    c = p.claim
    value = c["value"] if c.get("value") is not None else 0.5 * (c["low"] + c["high"])
    return abs(math.log(max(p.median, 1e-9) / max(value, 1e-9)))
