"""Cross-validation on real evidence: leave each source out, predict its claims from the rest.

For every document of the built-in case (a claim's `found_in.document`, else its first
source), the estimate is refitted on the accepted claims of all other documents and the
held-out claims are predicted with `emigre.estimate.predict` (their measurement model
included, not fitted). Printed: the share of figures (exact, about, range, read as figures)
inside the 80 % and 95 % predictive intervals, the median |log(predicted median / claimed)|,
the same over every stated figure (also those the estimate reads as bounds: a subgroup's
count, an incident, visitors with no pre-war level, whose interval is of the figure they
bound), and for bounds the share the rest of the evidence finds plausible (the bound holds
with probability 0.1 or more). Refits use cheaper sampler settings than the default (4
chains, 100 warm-up and 100 kept draws each; the default is 200/250 or 120/150 for large
models): intervals from 400 draws are rougher at their ends, not biased.

With --shared DIR (../shared), also the published figures about Russians abroad that the
gold files of DIR/eval hold and the case does not (no case claim with the same number, within
1 %, and destination): each is predicted from the full estimate, as a demographer would check
it against host-country statistics. Documents of fold 3 (int(sha1(doc_id), 16) % 4 == 3) are
held out: only their score is printed, never their claims.

With --folds N the sources are left out N groups at a time (by a hash of their id), for a
large case where one refit per source takes too long.

    python benchmarks/estimate_crossval.py [--workers 2] [--case russia-2022] [--limit N]
        [--folds N]
        [--shared ../shared]
"""

from __future__ import annotations

import argparse
import math
import os
import time
from concurrent.futures import ProcessPoolExecutor, as_completed

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

WARMUP, DRAWS = 100, 100


def _document(claim) -> str:  # type: ignore[no-untyped-def]
    if claim.found_in is not None and claim.found_in.document:
        return claim.found_in.document
    return claim.source_ids[0]


def _request(case: str):  # type: ignore[no-untyped-def]
    from emigre.cases import load_builtin
    from emigre.estimate import Settings, case_request

    bundle = load_builtin(case)
    return case_request(bundle, settings=Settings(chains=4, warmup=WARMUP, draws=DRAWS, seed=0))


def one_fold(case: str, docs: list[str]) -> tuple[list[str], list[dict], float]:
    """Fit without the documents' claims; predict them. (docs, predictions, seconds)."""
    import dataclasses

    from emigre.estimate.predict import predict
    from emigre.estimate.run import run

    req = _request(case)
    out = set(docs)
    held = [it for it in req.items if _document(it.claim) in out]
    rest = [it for it in req.items if _document(it.claim) not in out]
    t0 = time.perf_counter()
    result = run(dataclasses.replace(req, items=rest))
    preds = predict(result, [(it, _document(it.claim)) for it in held])
    return docs, [p.model_dump(mode="json") for p in preds], time.perf_counter() - t0


def folds(docs: list[str], n: int) -> list[list[str]]:
    """One fold per document, or n folds of documents by a hash of their id."""
    import hashlib

    if not n or n >= len(docs):
        return [[d] for d in docs]
    groups: list[list[str]] = [[] for _ in range(n)]
    for d in docs:
        groups[int(hashlib.sha1(d.encode()).hexdigest(), 16) % n].append(d)
    return [g for g in groups if g]


def summarise(preds: list[dict]) -> dict[str, float]:
    from emigre.estimate.predict import inside, log_ratio
    from emigre.model.estimate import Prediction

    ps = [Prediction.model_validate(p) for p in preds]
    stated = [p for p in ps if p.predicted and p.claim["qualifier"] in ("exact", "about", "range")]
    stated = [p for p in stated if p.claim["measure"] != "forecast"]
    # a figure the estimate reads as a bound (a subgroup's count, an incident, a count of
    # visitors with no pre-war level) is predicted as the figure it bounds, so it is scored
    # as a bound: its interval is not of the number the source states
    figures = [p for p in stated if p.role in ("point", "range")]
    bounds = [p for p in ps if p.predicted and p.role in ("lower_bound", "upper_bound")]
    bounds = [p for p in bounds if p.claim["measure"] != "forecast"]

    def share(xs: list[Prediction], level: int) -> float:
        return sum(bool(inside(p, level)) for p in xs) / max(len(xs), 1)

    def median(xs: list[Prediction]) -> float:
        ratios = sorted(r for p in xs if (r := log_ratio(p)) is not None)
        return ratios[len(ratios) // 2] if ratios else math.nan

    return {
        "figures": len(figures),
        "in80": share(figures, 80),
        "in95": share(figures, 95),
        "median_log": median(figures),
        "stated": len(stated),
        "stated_in80": share(stated, 80),
        "stated_in95": share(stated, 95),
        "stated_median_log": median(stated),
        "bounds": len(bounds),
        "plausible": sum((p.holds or 0) >= 0.1 for p in bounds) / max(len(bounds), 1),
        "not_placed": sum(not p.predicted for p in ps),
    }


def shared_targets(shared: str, case_claims: list) -> dict[str, list]:  # type: ignore[type-arg]
    """Gold claims about Russians in a named destination that the case lacks, by fold set."""
    import hashlib
    from pathlib import Path

    from emigre.estimate.evidence import Item
    from emigre.estimate.predict import read_targets

    held = {(c.destination, c.value or c.low) for c in case_claims}

    def known(c) -> bool:  # type: ignore[no-untyped-def]
        v = c.value or c.low
        return any(d == c.destination and v and w and abs(v - w) <= 0.01 * v for d, w in held)

    out: dict[str, list] = {"development": [], "held-out": []}  # type: ignore[type-arg]
    for path in sorted(Path(shared, "eval").glob("*-gold.jsonl")):
        if path.name.startswith("seed"):
            continue
        for it, doc in read_targets(path):
            c = it.claim
            if c.origin != "RUS" or c.destination in (None, "RUS") or c.group != "all":
                continue
            if c.measure == "forecast" or known(c):
                continue
            fold = int(hashlib.sha1(str(doc).encode()).hexdigest(), 16) % 4
            key = "held-out" if fold == 3 else "development"
            out[key].append((Item(len(out[key]), c, line=it.line, label=doc), doc))
    return out


def main() -> None:
    from rich.console import Console
    from rich.progress import Progress

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--case", default="russia-2022")
    ap.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    ap.add_argument("--limit", type=int, default=0, help="only the first N documents")
    ap.add_argument(
        "--folds", type=int, default=0, help="N folds of sources (default: one per source)"
    )
    ap.add_argument("--shared", default=None, help="also predict ../shared gold figures")
    ap.add_argument("--no-folds", action="store_true", help="skip the leave-one-out folds")
    args = ap.parse_args()
    if args.shared:
        _shared(args.case, args.shared)
    if args.no_folds:
        return
    req = _request(args.case)
    docs = sorted({_document(it.claim) for it in req.items})
    if args.limit:
        docs = docs[: args.limit]
    console = Console()
    t0 = time.perf_counter()
    preds: list[dict] = []
    seconds = []
    groups = folds(docs, args.folds)
    with Progress(console=console) as bar, ProcessPoolExecutor(args.workers) as pool:
        task = bar.add_task(f"{len(groups)} folds of {len(docs)} sources", total=len(groups))
        futures = [pool.submit(one_fold, args.case, g) for g in groups]
        for f in as_completed(futures):
            _, got, s = f.result()
            preds += got
            seconds.append(s)
            bar.advance(task)
    wall = time.perf_counter() - t0
    r = summarise(preds)
    console.print(
        f"estimate cross-validation on {args.case}: {len(docs)} sources left out in "
        f"{len(groups)} folds, "
        f"{len(preds)} claims predicted; refits of {WARMUP} warm-up + {DRAWS} draws x 4 chains, "
        f"{sum(seconds) / max(len(seconds), 1):.0f} s each, {wall:.0f} s wall on {args.workers} "
        "workers"
    )
    console.print(
        f"figures read as figures: {r['figures']}; inside the 80 % interval "
        f"{r['in80']:.0%}, inside the 95 % interval {r['in95']:.0%}; median |log(predicted / "
        f"claimed)| {r['median_log']:.2f}"
    )
    console.print(
        f"all stated figures (exact, about, range; also those read as bounds): {r['stated']}; "
        f"inside 80 % {r['stated_in80']:.0%}, inside 95 % {r['stated_in95']:.0%}; median "
        f"|log| {r['stated_median_log']:.2f}"
    )
    console.print(
        f"bounds (stated, or figures read as bounds): {r['bounds']}; plausible given the rest "
        f"(holds with probability >= 0.1) {r['plausible']:.0%}; claims that could not be "
        f"placed: {r['not_placed']:.0f}"
    )


def _shared(case: str, shared: str) -> None:
    """Published host-country figures the case does not hold, predicted by the full fit."""
    from rich.console import Console

    from emigre.estimate.predict import predict
    from emigre.estimate.run import run

    console = Console()
    req = _request(case)
    targets = shared_targets(shared, [it.claim for it in req.items])
    with console.status("fitting the full case"):
        result = run(req)
    for name, items in targets.items():
        if not items:
            continue
        preds = predict(result, items)
        r = summarise([p.model_dump(mode="json") for p in preds])
        console.print(
            f"published figures not in the case, {name} folds: {len(preds)} claims, "
            f"{r['figures']} figures inside 80 % {r['in80']:.0%}, inside 95 % {r['in95']:.0%}, "
            f"median |log ratio| {r['median_log']:.2f}; {r['bounds']} bounds plausible "
            f"{r['plausible']:.0%}; not placed {r['not_placed']:.0f}"
        )
        if name == "development":
            for p in preds:
                if p.predicted:
                    c = p.claim
                    console.print(
                        f"  {c['value'] or c['low']:>10,} {c['qualifier']:<8} {c['measure']:<12} "
                        f"{p.quantity:<44} expected {p.median:,.0f} [{p.low80:,.0f}-"
                        f"{p.high80:,.0f}]"
                    )


if __name__ == "__main__":
    main()
