"""Calibration of the estimator on synthetic truth, and its error against a naive estimator.

Each case draws a truth: weekly departures with waves (a baseline plus pulses that start at
known dates and fade), destination shares that drift and jump at waves, stays (transients who
leave fast and may move on, settlers who leave slowly), and the measurement terms (entry
over-counts, registration coverage) from the model's priors. Claims are generated through the
measurement model with known noise and qualifiers: totals, entries, stocks, registrations,
subgroup figures, bounds and ranges, some flagged as unverified. The estimator then sees only
the claims (and the wave dates, as a real case does).

Printed: the share of 80 % and 95 % intervals that contain the truth (for departures at two
dates, everyone abroad, and each named destination's stock and entries at the end), and the
median absolute log error of the estimate of everyone abroad against a naive estimator: the
latest claim about each destination, summed. Also the wall time.

With --misread, the claims also include the kinds usually misread (a cohort stock read as
everyone abroad, a departures register with a pre-war baseline of other people, permits
counted as documents), and each case is fitted twice: with their `counting` said, and with
it dropped (the misreading), so the table shows what reading them right is worth.

    python benchmarks/estimate_calibration.py [--cases 200] [--workers 2] [--seed 1] [--misread]
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

import numpy as np

START = dt.date(2022, 1, 6)
DESTS = ["GEO", "KAZ", "ARM", "TUR", "SRB", "ISR", "FIN", "THA"]


@dataclass
class Truth:
    T: int
    waves: list[int]
    d: np.ndarray  # weekly departures (T,)
    arrivals: np.ndarray  # cumulative entries (K1, T + 1)
    stock: np.ndarray  # (K1, T + 1)
    places: list[str]
    bias: np.ndarray  # per named destination
    coverage: np.ndarray  # per named destination
    process: dict = field(default_factory=dict)  # shares and stay rates, for cohort stocks


@dataclass
class Outcome:
    hits80: dict[str, list[bool]] = field(default_factory=dict)
    hits95: dict[str, list[bool]] = field(default_factory=dict)
    err_model: float = 0.0
    err_naive: float = math.nan
    rhat: float = 1.0
    warnings: int = 0
    seconds: float = 0.0


def _sig(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def draw_truth(  # type: ignore[no-untyped-def]
    rng: np.random.Generator, priors, T: int | None = None, places: list[str] | None = None
) -> Truth:
    T = T or int(rng.integers(52, 105))
    n_waves = int(rng.integers(1, 4))
    waves = sorted({0, *(int(w) for w in rng.integers(8, T - 16, n_waves - 1))})
    t = np.arange(T, dtype=float)
    base = math.exp(rng.uniform(math.log(1_000), math.log(10_000)))
    drift = np.exp(np.cumsum(rng.normal(0, 0.03, T)))
    d = base * drift
    for w in waves:
        peak = math.exp(rng.uniform(math.log(20_000), math.log(200_000)))
        half = rng.uniform(1.0, 6.0)
        d = d + np.where(t >= w, peak * np.exp(-(t - w) * math.log(2) / half), 0.0)
    if places is None:
        places = sorted(rng.choice(DESTS, int(rng.integers(2, 7)), replace=False).tolist())
    K = len(places)
    K1 = K + 1
    logits = np.zeros((K1, T))
    level = rng.normal(math.log(0.35), 1.0, K)
    for k in range(K):
        steps = rng.normal(0, 0.3 / math.sqrt(13), T)
        for w in waves[1:]:
            steps[w] += rng.normal(0, 0.5)
        logits[k] = level[k] + np.cumsum(steps)
    pi = np.exp(logits) / np.exp(logits).sum(axis=0)
    st = priors.stay

    def logit_normal(p) -> float:  # type: ignore[no-untyped-def]
        return _sig(rng.normal(p.loc, p.scale))

    phi = np.array([logit_normal(st.transient_fraction) for _ in range(K1)])
    lam = np.array([logit_normal(st.settled_weekly_rate) for _ in range(K1)])
    lam_t = logit_normal(st.transient_weekly_rate)
    omega = logit_normal(st.onward_fraction)
    Tr = np.zeros((K1, T + 1))
    Sd = np.zeros((K1, T + 1))
    A = np.zeros((K1, T + 1))
    for n in range(T):
        a1 = d[n] * pi[:, n]
        leave_t = lam_t * Tr[:, n]
        onward = omega * leave_t.sum()
        a2 = onward * pi[:, n]
        Tr[:, n + 1] = Tr[:, n] - leave_t + phi * a1
        Sd[:, n + 1] = (1 - lam) * Sd[:, n] + (1 - phi) * a1 + a2
        A[:, n + 1] = A[:, n] + a1 + a2
    m = priors.measurement
    bias = 1 + np.exp(rng.normal(m.entry_excess.loc, m.entry_excess.scale, K))
    cov = m.coverage["registration"]
    coverage = np.array([_sig(rng.normal(cov.loc, cov.scale)) for _ in range(K)])
    process = {"pi": pi, "phi": phi, "lam": lam, "lam_t": lam_t, "omega": omega}
    return Truth(T, waves, d, A, Tr + Sd, places, bias, coverage, process)


def cohort_abroad(truth: Truth, w: int) -> np.ndarray:
    """Everyone abroad (T + 1 points) of those who left from week w on: the truth's own
    dynamics run again with no departures before w."""
    p = truth.process
    K1 = len(truth.places) + 1
    Tr = np.zeros(K1)
    Sd = np.zeros(K1)
    out = np.zeros(truth.T + 1)
    for n in range(truth.T):
        a1 = (truth.d[n] if n >= w else 0.0) * p["pi"][:, n]
        leave_t = p["lam_t"] * Tr
        a2 = p["omega"] * leave_t.sum() * p["pi"][:, n]
        Tr = Tr - leave_t + p["phi"] * a1
        Sd = (1 - p["lam"]) * Sd + (1 - p["phi"]) * a1 + a2
        out[n + 1] = Tr.sum() + Sd.sum()
    return out


MISREAD_KINDS = ["cohort", "register", "documents"]
"""Claims of the kinds that are misread when taken as plain figures: a cohort stock (those
who left from a wave on, still abroad), a departures register that counts other people on a
pre-war level, permits counted as documents (renewals) rather than people."""


def _misread_claim(rng: np.random.Generator, truth: Truth, priors, kind: str):  # type: ignore[no-untyped-def]
    """(quantity, claim fields) of one claim of a misread kind, its counting said."""
    days = 7 * truth.T
    D = np.concatenate([[0.0], np.cumsum(truth.d)])
    if kind == "cohort":
        waves = [w for w in truth.waves if 0 < w < truth.T - 4] or [
            int(rng.integers(4, truth.T - 4))
        ]
        w = int(rng.choice(waves))
        end = int(rng.integers(7 * w + 14, days))
        q = _at(cohort_abroad(truth, w), end + 1)
        counting = {"cohort_start": START + dt.timedelta(days=7 * w)}
        return q, dict(measure="stock", destination=None, start=None, end=end), counting
    if kind == "register":
        end = int(rng.integers(60, days))
        start = int(rng.integers(0, end - 30))
        rate = math.exp(rng.uniform(math.log(50_000), math.log(500_000)))
        b = math.exp(rng.normal(0.0, priors.measurement.baseline_factor.log_sd))
        q = _at(D, end + 1) - _at(D, start) + rate * (end + 1 - start) / 365.25 * b
        counting = {"includes": ["other_nationals"], "baseline_per_year": _round(rate, 3)}
        return q, dict(measure="flow", destination=None, start=start, end=end), counting
    k = int(rng.integers(len(truth.places)))
    end = int(rng.integers(14, days))
    e = math.exp(
        rng.normal(priors.measurement.document_excess.loc, priors.measurement.document_excess.scale)
    )
    q = _at(truth.arrivals[k], end + 1) * truth.coverage[k] * (1 + e)
    fields = dict(measure="registration", destination=truth.places[k], start=0, end=end)
    return q, fields, {"unit": "documents"}


def _at(series: np.ndarray, day: float) -> float:
    """A weekly series (T + 1 points) at `day` days from the start, interpolated."""
    pos = min(max(day / 7.0, 0.0), series.size - 1.0)
    n = min(int(pos), series.size - 2)
    f = pos - n
    return float((1 - f) * series[n] + f * series[n + 1])


def _round(x: float, digits: int = 2) -> int:
    if x <= 0:
        return 1
    k = max(0, math.floor(math.log10(x)) - digits + 1)
    return max(1, int(round(x / 10**k) * 10**k))


def make_claims(  # type: ignore[no-untyped-def]
    rng: np.random.Generator, truth: Truth, priors, n: int | None = None, misread: bool = False
) -> list:
    from emigre.model import Claim

    m = priors.measurement
    days = 7 * truth.T
    D = np.concatenate([[0.0], np.cumsum(truth.d)])
    remaining = truth.stock.sum(axis=0)
    out = []
    n = n or int(rng.integers(8, 26))
    kinds = ["total", "dest", "stock", "registration", "remaining", "group", "forecast"]
    weights = [0.25, 0.25, 0.2, 0.1, 0.1, 0.05, 0.05]
    if misread:
        kinds += MISREAD_KINDS
        weights = [w * 0.7 for w in weights] + [0.1, 0.1, 0.1]
    for _ in range(n):
        kind = rng.choice(kinds, p=weights)
        k = int(rng.integers(len(truth.places)))
        end = int(rng.integers(14, days))
        start = 0 if rng.uniform() < 0.6 else int(rng.integers(0, end - 7))
        place: str | None = None
        measure = "flow"
        counting = None
        if kind in MISREAD_KINDS:
            q, f, counting = _misread_claim(rng, truth, priors, str(kind))
            measure, place, end = f["measure"], f["destination"], f["end"]
            start = f["start"]
        elif kind in ("total", "group", "forecast"):
            q = _at(D, end + 1) - _at(D, start)
        elif kind == "dest":
            place = truth.places[k]
            q = (_at(truth.arrivals[k], end + 1) - _at(truth.arrivals[k], start)) * truth.bias[k]
        elif kind == "stock":
            place, measure, start = truth.places[k], "stock", 0
            q = _at(truth.stock[k], end + 1)
        elif kind == "registration":
            place, measure, start = truth.places[k], "registration", 0
            q = _at(truth.arrivals[k], end + 1) * truth.coverage[k]
        else:
            measure, start = "stock", 0
            q = _at(remaining, end + 1)
        if q < 50:
            continue
        flags = ["unverified"] if rng.uniform() < 0.1 else []
        weight = 2.0 if flags else 1.0
        qual = rng.choice(
            ["exact", "about", "at_least", "at_most", "range"], p=[0.45, 0.25, 0.1, 0.1, 0.1]
        )
        if kind == "register" and qual in ("at_least", "range"):
            qual = "exact"  # a register's count is a count, not a bound
        sigma = m.noise[measure] * weight * (m.about_factor if qual == "about" else 1.0)
        fields: dict = {"qualifier": str(qual), "value": None, "low": None, "high": None}
        if kind == "group":
            fields.update(qualifier="exact", value=_round(q * rng.uniform(0.05, 0.3)))
        elif kind == "forecast":
            measure = "forecast"
            fields.update(qualifier="about", value=_round(q * math.exp(rng.normal(0, 0.7))))
        elif qual in ("exact", "about"):
            fields["value"] = _round(q * math.exp(rng.normal(0, sigma)), 3)
        else:
            y = q * math.exp(rng.logistic(0, m.bound_sd * weight))
            if qual == "at_least":
                fields["value"] = _round(y * rng.uniform(0.6, 1.0))
            elif qual == "at_most":
                fields["value"] = _round(y * rng.uniform(1.0, 1.5))
            else:
                lo, hi = _round(y * rng.uniform(0.7, 1.0)), _round(y * rng.uniform(1.0, 1.3))
                fields.update(low=min(lo, hi), high=max(lo, hi))
        out.append(
            Claim(
                measure=measure,
                origin="RUS",
                destination=place,
                counting=counting,
                start=None if start is None else START + dt.timedelta(days=start),
                end=START + dt.timedelta(days=end),
                group="it_workers" if kind == "group" else "all",
                flags=flags,
                source_ids=["synthetic"],
                state="accepted",
                **fields,
            )
        )
    return out


def naive(claims: list, places: list[str]) -> float:  # type: ignore[no-untyped-def]
    """The latest claim about each destination, summed (what a spreadsheet would do)."""
    total = 0.0
    for p in places:
        mine = [c for c in claims if c.destination == p and c.measure != "forecast"]
        if mine:
            total += max(mine, key=lambda c: c.end).central
    return total


def one_case(seed: int, mode: str = "plain") -> Outcome:
    """mode: plain claims; "coded" with the misread kinds, their counting said; "naive" the
    same claims with their counting dropped (read as plain figures)."""
    from emigre.estimate import Item, Priors, Request
    from emigre.estimate.figures import figure_rows, parse_figure
    from emigre.estimate.run import figure_draws, run

    rng = np.random.default_rng(seed)
    priors = Priors()
    truth = draw_truth(rng, priors)
    claims = make_claims(rng, truth, priors, misread=mode != "plain")
    if mode == "naive":
        claims = [c.model_copy(update={"counting": None}) for c in claims]
    as_of = START + dt.timedelta(days=7 * truth.T - 1)
    req = Request(
        items=[Item(i, c) for i, c in enumerate(claims)],
        start=START,
        as_of=as_of,
        origin="RUS",
        waves=[START + dt.timedelta(days=7 * w) for w in truth.waves if w > 0],
        priors=priors,
    )
    t0 = time.perf_counter()
    result = run(req)
    out = Outcome(seconds=time.perf_counter() - t0)
    est = result.estimate
    out.rhat = est.diagnostics.rhat_max
    out.warnings = len(est.diagnostics.warnings)
    D = np.concatenate([[0.0], np.cumsum(truth.d)])
    remaining = truth.stock.sum(axis=0)
    mid = START + dt.timedelta(days=7 * (truth.T // 2) - 1)
    checks = [
        ("departures", f"departures@{as_of}", _at(D, 7 * truth.T)),
        ("departures", f"departures@{mid}", _at(D, 7 * (truth.T // 2))),
        ("remaining", f"remaining@{as_of}", remaining[-1]),
    ]
    modelled = set(result.post.places)
    for k, p in enumerate(truth.places):
        if p in modelled:
            checks.append(("stock", f"stock:{p}@{as_of}", truth.stock[k, -1]))
            checks.append(("entries", f"arrivals:{p}@{as_of}", truth.arrivals[k, -1]))
    for kind, name, value in checks:
        rows, problem = figure_rows(result.post, parse_figure(name))
        if problem:
            continue
        draws = figure_draws(result, rows)
        lo80, hi80, lo95, hi95 = np.quantile(draws, [0.1, 0.9, 0.025, 0.975])
        out.hits80.setdefault(kind, []).append(bool(lo80 <= value <= hi80))
        out.hits95.setdefault(kind, []).append(bool(lo95 <= value <= hi95))
        if name.startswith("remaining"):
            out.err_model = abs(math.log(max(np.median(draws), 1.0) / value))
    guess = naive(claims, truth.places)
    if guess > 0:
        out.err_naive = abs(math.log(guess / remaining[-1]))
    return out


def _run(job: tuple[int, str]) -> Outcome:
    return one_case(*job)


def report(label: str, outcomes: list[Outcome], wall: float) -> tuple[float, float, float, float]:
    """Print the coverage table; (80 % coverage, 95 % coverage, model error, naive error)."""
    kinds = sorted({k for o in outcomes for k in o.hits80})
    print(
        f"estimate calibration{label}: {len(outcomes)} synthetic cases, {wall:.0f} s wall "
        f"({sum(o.seconds for o in outcomes) / len(outcomes):.1f} s per estimate)"
    )
    print(f"{'figure':<12}{'checks':>8}{'80 % cover':>12}{'95 % cover':>12}")
    all80: list[bool] = []
    all95: list[bool] = []
    for k in kinds:
        h80 = [h for o in outcomes for h in o.hits80.get(k, [])]
        h95 = [h for o in outcomes for h in o.hits95.get(k, [])]
        all80 += h80
        all95 += h95
        print(f"{k:<12}{len(h80):>8}{np.mean(h80):>12.1%}{np.mean(h95):>12.1%}")
    print(f"{'all':<12}{len(all80):>8}{np.mean(all80):>12.1%}{np.mean(all95):>12.1%}")
    case80 = np.mean([np.mean([h for v in o.hits80.values() for h in v]) for o in outcomes])
    print(f"(mean over cases of each case's 80 % coverage: {case80:.1%})")
    pairs = [(o.err_model, o.err_naive) for o in outcomes if not math.isnan(o.err_naive)]
    em = float(np.median([p[0] for p in pairs]))
    en = float(np.median([p[1] for p in pairs]))
    print(
        f"everyone abroad at the end, median |log error|: model {em:.3f}, naive {en:.3f} "
        f"(latest claim per destination, summed; {len(pairs)} cases): ratio {em / en:.2f}"
    )
    bad = sum(o.rhat > 1.05 for o in outcomes)
    print(
        f"cases with R-hat above 1.05: {bad}; with any warning: "
        f"{sum(o.warnings > 0 for o in outcomes)}"
    )
    return float(np.mean(all80)), float(np.mean(all95)), em, en


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=200)
    ap.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--misread",
        action="store_true",
        help="also claims of the kinds usually misread (cohort stocks, registers with a "
        "pre-war baseline, documents), fitted with their counting said and without it",
    )
    args = ap.parse_args()
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    seeds = [args.seed * 100_003 + i for i in range(args.cases)]
    modes = ["coded", "naive"] if args.misread else ["plain"]
    labels = {
        "plain": "",
        "coded": " (with misread kinds, counting said)",
        "naive": " (the same claims read as plain figures: counting dropped)",
    }
    verdict = "PASS"
    for mode in modes:
        t0 = time.perf_counter()
        jobs = [(s, mode) for s in seeds]
        if args.workers > 1:
            with ProcessPoolExecutor(args.workers) as pool:
                outcomes = list(pool.map(_run, jobs, chunksize=4))
        else:
            outcomes = [_run(j) for j in jobs]
        c80, c95, em, en = report(labels[mode], outcomes, time.perf_counter() - t0)
        if mode != "naive" and not (abs(c80 - 0.8) <= 0.05 and abs(c95 - 0.95) <= 0.05 and em < en):
            verdict = "FAIL"
        print()
    print(f"target: coverage within 5 points of nominal and error below naive: {verdict}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
