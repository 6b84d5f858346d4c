"""Estimation: reconcile the claims into how many left, when, to where, and how many remain.

    from emigre.estimate import case_request, estimate
    est = estimate(case_request(bundle))            # an emigre.model.estimate.Estimate
    est.remaining_abroad.median, est.destination("GEO").stock.high95

`estimate` reads the on-disk cache first (keyed by a hash of claims, priors, as-of and
settings) and computes only when something changed. `explain_figure` answers "why is this
figure what it is": the claims behind it and how much each moved it. The model is set out
in docs/method.md.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np

from emigre.errors import InputError
from emigre.estimate.evidence import Item
from emigre.estimate.priors import Priors, load_priors
from emigre.estimate.run import Request, Result, run
from emigre.estimate.sampler import Progress, Settings
from emigre.model import CaseBundle
from emigre.model.estimate import Estimate, Explanation

__all__ = [
    "Item",
    "Priors",
    "Request",
    "Result",
    "Settings",
    "case_priors_file",
    "case_request",
    "estimate",
    "estimate_case",
    "estimate_with_draws",
    "explain_figure",
    "figure_samples",
    "load_case",
    "load_priors",
]


def case_priors_file(case_id: str) -> Path | None:
    """The built-in case's own priors.yaml, if it has one."""
    from emigre.cases import builtin_case_dirs

    folder = builtin_case_dirs().get(case_id)
    path = folder / "priors.yaml" if folder else None
    return path if path is not None and path.is_file() else None


def case_request(
    bundle: CaseBundle,
    as_of: dt.date | None = None,
    priors: Priors | None = None,
    settings: Settings | None = None,
    states: tuple[str, ...] = ("accepted",),
) -> Request:
    """An estimate request from a case's reviewed claims (accepted ones by default).

    A claim with no end date is read as of its document's date: the earliest publication
    date among its sources. Without an as-of date, the estimate runs to the latest date any
    used claim speaks about."""
    published = {s.id: s.published for s in bundle.sources}
    items: list[Item] = []
    for c in bundle.claims:
        if c.state not in states:
            continue
        dates = [published[s] for s in c.source_ids if published.get(s)]
        if c.found_in and c.found_in.document and published.get(c.found_in.document):
            dates = [published[c.found_in.document]]  # type: ignore[list-item]
        doc_date = min(dates) if dates else None  # type: ignore[type-var]
        items.append(
            Item(len(items), c, line=None, document_date=doc_date, label=", ".join(c.source_ids))
        )
    if as_of is None:
        ends = [d for it in items for d in (it.claim.end or it.document_date,) if d is not None]
        as_of = max(ends) if ends else dt.date.today()
    case = bundle.case
    return Request(
        items=items,
        start=case.start,
        as_of=as_of,
        origin=case.origin,
        waves=[w.start for w in case.waves if w.start > case.start],
        priors=priors if priors is not None else load_priors(case_priors_file(case.id)),
        settings=settings or Settings(),
        case=case.id,
    )


def estimate_with_draws(
    req: Request, progress: Progress | None = None, use_cache: bool = True, remember: bool = True
) -> Result:
    """The estimate and its posterior draws, from the cache when it holds them. `remember`
    makes it the one `emigre explain` explains by default (refits for --exact are not)."""
    from emigre.estimate import cache

    if use_cache:
        hit = cache.load_result(req.key())
        if hit is not None:
            if remember:
                cache.mark_last(req.key())
            return hit[0]
    result = run(req, progress)
    if use_cache:
        cache.save(result, req, remember=remember)
    return result


def estimate(
    req: Request, progress: Progress | None = None, use_cache: bool = True, remember: bool = True
) -> Estimate:
    """The estimate alone: cheap when cached (nothing but a JSON read). `remember` as for
    estimate_with_draws (the dashboard's estimates are not remembered)."""
    from emigre.estimate import cache

    if use_cache:
        hit = cache.load_estimate(req.key())
        if hit is not None:
            if remember:
                cache.mark_last(req.key())
            return hit
    return estimate_with_draws(req, progress, use_cache, remember).estimate


def explain_figure(
    result: Result,
    figure: str,
    top: int = 12,
    request: Request | None = None,
    exact: int = 0,
) -> Explanation:
    from emigre.estimate.audit import explain
    from emigre.estimate.figures import parse_figure

    return explain(result, parse_figure(figure), top=top, request=request, exact=exact)


def figure_samples(
    result: Result, figures: list[str], draws: list[int] | None = None
) -> np.ndarray:
    """Named figures ("departures@2022-12-31", "arrivals:GEO@2024-07-17", as `emigre explain`
    names them) in posterior draws: an array (draws, figures). `draws` picks rows of the
    posterior sample (default: all of them), so a simulation ensemble can carry the
    estimate's uncertainty draw by draw."""
    from emigre.estimate.figures import evaluate, figure_rows, parse_figure

    rows = []
    for name in figures:
        r, reason = figure_rows(result.post, parse_figure(name))
        if reason:
            raise InputError(f"{name}: {reason}")
        rows.append(r)
    theta = result.theta if draws is None else result.theta[np.asarray(draws, dtype=int)]
    out = np.empty((theta.shape[0], len(rows)))
    for a in range(0, theta.shape[0], 200):
        b = min(theta.shape[0], a + 200)
        X = result.post.process.forward(theta[a:b]).X
        for j, r in enumerate(rows):
            out[a:b, j] = evaluate(X, r)
    return out


def load_case(case_id: str, db_url: str | None = None) -> tuple[CaseBundle, str | None]:
    """The case as the store holds it (reviewed claims and all); the built-in case files
    when the store has not loaded it, with a note saying so."""
    from emigre.errors import NotFoundError

    try:
        from emigre.store import open_store, repo

        store = open_store(db_url, readonly=True)
        try:
            with store.session() as s:
                return repo.read_bundle(s, case_id), None
        finally:
            store.dispose()
    except (NotFoundError, InputError) as exc:
        from emigre.cases import builtin_case_dirs, load_builtin

        if case_id not in builtin_case_dirs():
            raise
        note = (
            f"the store has no case '{case_id}' ({exc}); using the built-in case files, whose "
            f"claims are all accepted (run `emigre load {case_id}` to review them in the store)"
        )
        return load_builtin(case_id), note


def estimate_case(
    case_id: str,
    as_of: dt.date | None = None,
    db_url: str | None = None,
    progress: Progress | None = None,
) -> Estimate:
    """The case's estimate from its accepted claims, cached by their hash (for the dashboard)."""
    bundle, _ = load_case(case_id, db_url)
    return estimate(case_request(bundle, as_of=as_of), progress)
