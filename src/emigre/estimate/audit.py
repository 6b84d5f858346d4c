"""The audit trail: which claims a figure rests on, how much each moved it, and what was assumed.

A claim's influence on a figure is the change of the figure's posterior median when the
claim is left out, computed by Pareto-smoothed importance sampling over the same draws (see
loo.py). Claims whose leave-one-out weights are unreliable (Pareto k above 0.7) are marked:
their shift is a rough estimate, usually an underestimate of a decisive claim.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np

from emigre.errors import InputError
from emigre.estimate import diagnostics as diag
from emigre.estimate.figures import Figure, figure_rows
from emigre.estimate.loo import psis, weighted_quantiles
from emigre.estimate.run import Request, Result, figure_draws, interval
from emigre.model import Claim, country_name
from emigre.model.estimate import Explanation, Influence

_QUAL = {
    "exact": "",
    "about": "about ",
    "at_least": "at least ",
    "at_most": "at most ",
    "range": "",
}


def describe_claim(c: Claim) -> str:
    """A claim in a few words: 'at least 100,000 flow RUS->GEO 2022-09-21..2022-09-28'."""
    number = f"{c.low:,}-{c.high:,}" if c.qualifier == "range" else f"{c.value:,}"
    where = country_name(c.destination) if c.destination else "all destinations"
    if c.origin and c.origin != "RUS" and c.destination is None:
        where = f"from {country_name(c.origin)}"
    period = ""
    if c.start and c.end:
        period = f", {c.start.isoformat()}..{c.end.isoformat()}"
    elif c.end:
        period = f", to {c.end.isoformat()}"
    elif c.start:
        period = f", from {c.start.isoformat()}"
    group = f" ({c.group})" if c.group != "all" else ""
    return f"{_QUAL[c.qualifier]}{number} {c.measure}{group}, {where}{period}"


def _destination_parameters(result: Result, place: str) -> list[str]:
    """Posterior medians and 95 % intervals of the parameters behind one destination."""
    post, theta = result.post, result.theta
    s = post.layout.slices
    names = [*post.places, "other"]
    if place not in names:
        return []
    k = names.index(place)
    label = country_name(place) if place != "other" else "Other destinations"

    def q(x: np.ndarray) -> str:
        lo, med, hi = np.quantile(x, [0.025, 0.5, 0.975])
        return f"{med:.3g} [{lo:.3g}-{hi:.3g}]"

    def sig(x: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-x))

    transient = q(sig(theta[:, s["psi"]][:, k]))
    leave = q(sig(theta[:, s["rho"]][:, k]))
    out = [
        f"{label}: share of first arrivals who only pass through {transient}; "
        f"weekly chance that a settled arrival leaves {leave}."
    ]
    for key, i in post.bias_index.items():
        if key[0] == place:
            z = theta[:, s["bias"]][:, i]
            which = (
                "entry counts"
                if key[1] == "all"
                else f"the entry count of observation {key[1][3:]}"
            )
            out.append(f"{label}: {which} over-count arrivals by a factor {q(1 + np.exp(z))}.")
    for key, i in post.cover_index.items():
        if key[1] == place:
            c = sig(theta[:, s["cover"]][:, i])
            out.append(f"{label}: {key[0]}s cover a share {q(c)} of the {key[2]}.")
    return out


def _exact_shifts(
    result: Result, figure: Figure, request: Request, shown: list[Influence], n: int, med: float
) -> None:
    """Refit without each of the first n shown claims whose reweighting is rough (Pareto k
    above 0.7), and put the exact change of the median in place of the estimated one."""
    from emigre.estimate import estimate_with_draws

    obs = result.post.ev.observations
    group = {o.items[0]: set(o.items) for o in obs}
    rough = [x for x in shown if (x.pareto_k or 0.0) > 0.7][:n]
    scale = max(abs(med), 1.0)
    for x in rough:
        drop = group.get(x.index, {x.index})
        items = [it for it in request.items if it.index not in drop]
        without = estimate_with_draws(dataclasses.replace(request, items=items), remember=False)
        rows, problem = figure_rows(without.post, figure)
        med_without = 0.0 if problem else float(np.median(figure_draws(without, rows)))
        x.shift = round(med - med_without, 1)
        x.shift_percent = round(100.0 * x.shift / scale, 2)
        x.exact = True
        x.refit_warnings = list(without.estimate.diagnostics.warnings)


def explain(
    result: Result,
    figure: Figure,
    top: int = 12,
    request: Request | None = None,
    exact: int = 0,
) -> Explanation:
    """The claims behind one figure. With `request` and `exact` > 0, the first `exact` claims
    whose leave-one-out reweighting is rough are left out for real (one refit each)."""
    post = result.post
    rows, problem = figure_rows(post, figure)
    if problem:
        raise InputError(f"cannot explain {figure.key}: {problem}")
    F = figure_draws(result, rows)
    est = interval(F)
    obs = post.ev.observations
    fitted = [i for i, o in enumerate(obs) if not o.forecast]
    items = {it.index: it for it in post.ev.items}
    influences: list[Influence] = []
    if fitted:
        logw, k_hat = psis(-result.ll[:, fitted])
        med = float(np.median(F))
        scale = max(abs(med), 1.0)
        for col, i in enumerate(fitted):
            med_without = float(weighted_quantiles(F, logw[:, col], (0.5,))[0])
            shift = med - med_without
            first = obs[i].items[0]
            it = items[first]
            same = obs[i].items[1:]
            summary = describe_claim(it.claim)
            if same:
                summary += f" (also claims {', '.join(map(str, same))}, the same statement)"
            influences.append(
                Influence(
                    index=first,
                    claim_id=it.claim.id,
                    label=it.label,
                    line=it.line,
                    summary=summary,
                    shift=round(shift, 1),
                    shift_percent=round(100.0 * shift / scale, 2),
                    pareto_k=round(float(k_hat[col]), 3),
                )
            )
    influences.sort(key=lambda x: -abs(x.shift))
    C = result.chains
    S = F.size // C
    ess = float(diag.ess_bulk(np.log(np.abs(F) + 1.0).reshape(C, S, 1))[0])
    noise = 1.25 * float(np.std(F)) / math.sqrt(max(ess, 1.0))
    # a claim whose reweighting is rough (Pareto k above 0.7) may move the figure however
    # small its reweighted shift: it stays in the list, for --exact to refit
    moving = [x for x in influences if abs(x.shift) > noise or (x.pareto_k or 0.0) > 0.7]
    shown = (moving or influences)[:top]
    if exact and request is not None and shown:
        _exact_shifts(result, figure, request, shown, exact, float(np.median(F)))
        shown.sort(key=lambda x: -abs(x.shift))
    assumptions = list(result.estimate.assumptions)
    assumptions.append(
        f"Shifts are changes of the median when the claim is left out; shifts within "
        f"±{noise:,.0f} people are within sampling noise (effective sample size {ess:.0f})."
    )
    if any((x.pareto_k or 0) > 0.7 and not x.exact for x in shown):
        assumptions.append(
            "Claims marked with Pareto k above 0.7 decide this figure so much that leaving "
            "them out by reweighting is rough: their true shift is probably larger "
            "(`--exact N` refits without them)."
        )
    if any(x.exact for x in shown):
        assumptions.append("Shifts marked exact come from refitting without the claim.")
    unsettled = [str(x.index) for x in shown if x.exact and x.refit_warnings]
    if unsettled:
        assumptions.append(
            f"The refits without claim{'s' if len(unsettled) > 1 else ''} "
            f"{', '.join(unsettled)} did not settle (chains that disagree or more than one "
            "mode, marked exact?): without such a claim the evidence allows another reading, "
            "so its shift shows how much the figure rests on it, not a precise change."
        )
    if figure.place:
        assumptions += _destination_parameters(result, figure.place)
    return Explanation(
        figure=figure.key,
        description=figure.describe(),
        estimate=est,
        claims=shown,
        assumptions=assumptions,
        prior_only=not moving,
    )
