"""Estimates on disk, keyed by a hash of everything they depend on.

An estimate is redone whenever a claim, a prior, the as-of date or a sampler setting
changes, because each of those changes the key. The dashboard and `emigre explain` read
them back cheaply. Layout, under $EMIGRE_CACHE_DIR or the user cache folder:

    estimates/<key>.json          the Estimate
    estimates/<key>.request.json  what it was made from (claims, dates, priors, settings)
    estimates/<key>.npz           the posterior draws, for explain
    estimates/last                the key of the most recent estimate
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import numpy as np

from emigre.estimate.evidence import Item
from emigre.estimate.priors import Priors
from emigre.estimate.run import Request, Result
from emigre.estimate.sampler import Settings
from emigre.model import Claim
from emigre.model.estimate import Estimate


def cache_dir() -> Path:
    root = os.environ.get("EMIGRE_CACHE_DIR")
    if root:
        base = Path(root)
    else:
        from platformdirs import user_cache_dir

        base = Path(user_cache_dir("emigre"))
    path = base / "estimates"
    path.mkdir(parents=True, exist_ok=True)
    return path


def request_to_json(req: Request) -> dict[str, Any]:
    return {
        "items": [
            {
                "index": it.index,
                "line": it.line,
                "document_date": it.document_date.isoformat() if it.document_date else None,
                "label": it.label,
                "claim": it.claim.model_dump(mode="json"),
            }
            for it in req.items
        ],
        "start": req.start.isoformat(),
        "as_of": req.as_of.isoformat(),
        "origin": req.origin,
        "waves": [w.isoformat() for w in req.waves],
        "priors": req.priors.model_dump(mode="json"),
        "settings": dict(req.settings.__dict__),
        "case": req.case,
    }


def request_from_json(data: dict[str, Any]) -> Request:
    items = [
        Item(
            index=d["index"],
            claim=Claim.model_validate(d["claim"]),
            line=d["line"],
            document_date=dt.date.fromisoformat(d["document_date"]) if d["document_date"] else None,
            label=d["label"],
        )
        for d in data["items"]
    ]
    return Request(
        items=items,
        start=dt.date.fromisoformat(data["start"]),
        as_of=dt.date.fromisoformat(data["as_of"]),
        origin=data["origin"],
        waves=[dt.date.fromisoformat(w) for w in data["waves"]],
        priors=Priors.model_validate(data["priors"]),
        settings=Settings(**data["settings"]),
        case=data["case"],
    )


def save(result: Result, req: Request, remember: bool = True) -> None:
    d = cache_dir()
    key = result.estimate.key
    np.savez_compressed(d / f"{key}.npz", theta=result.theta, chains=result.chains)
    (d / f"{key}.request.json").write_text(json.dumps(request_to_json(req)), encoding="utf-8")
    (d / f"{key}.json").write_text(result.estimate.model_dump_json(), encoding="utf-8")
    if remember:
        mark_last(key)
    prune()


MAX_CACHE_BYTES = 512 * 2**20
"""Default bound on the cache folder (EMIGRE_CACHE_MAX_MB sets another): an estimate of the
built-in case takes 1.5 to 3.5 MB, and every new date or claim edit makes another."""


def prune(max_bytes: int | None = None) -> list[str]:
    """Drop the least recently written estimates until the folder is within `max_bytes`; the
    one `emigre explain` explains by default is kept. Returns the keys dropped."""
    if max_bytes is None:
        env = os.environ.get("EMIGRE_CACHE_MAX_MB", "")
        max_bytes = (
            int(float(env) * 2**20) if env.replace(".", "", 1).isdigit() else MAX_CACHE_BYTES
        )
    d = cache_dir()
    groups: dict[str, list[Path]] = {}
    for f in d.iterdir():
        if f.name != "last" and f.is_file():
            groups.setdefault(f.name.split(".", 1)[0], []).append(f)

    def stat(files: list[Path]) -> tuple[float, int]:
        sizes = [(f.stat().st_mtime, f.stat().st_size) for f in files if f.exists()]
        return max((m for m, _ in sizes), default=0.0), sum(b for _, b in sizes)

    info = {k: stat(v) for k, v in groups.items()}
    total = sum(b for _, b in info.values())
    keep = last_key()
    dropped: list[str] = []
    for key in sorted(info, key=lambda k: info[k][0]):  # oldest first
        if total <= max_bytes:
            break
        if key == keep:
            continue
        for f in groups[key]:
            f.unlink(missing_ok=True)
        total -= info[key][1]
        dropped.append(key)
    return dropped


def load_estimate(key: str) -> Estimate | None:
    path = cache_dir() / f"{key}.json"
    if not path.is_file():
        return None
    try:
        return Estimate.model_validate_json(path.read_text(encoding="utf-8"))
    except ValueError:
        return None  # written by another version: recompute


def load_result(key: str) -> tuple[Result, Request] | None:
    """The estimate with its draws, rebuilt for explain; None when not cached."""
    from emigre.estimate.evidence import interpret
    from emigre.estimate.posterior import Posterior

    d = cache_dir()
    est = load_estimate(key)
    if est is None or not (d / f"{key}.npz").is_file():
        return None
    req = request_from_json(json.loads((d / f"{key}.request.json").read_text(encoding="utf-8")))
    with np.load(d / f"{key}.npz") as z:
        theta, chains = z["theta"], int(z["chains"])
    ev = interpret(
        req.items, start=req.start, as_of=req.as_of, origin=req.origin, priors=req.priors
    )
    post = Posterior(ev, req.priors, req.waves)
    ll = np.empty((theta.shape[0], post.N))
    u = np.empty_like(ll)
    for a in range(0, theta.shape[0], 500):
        b = min(theta.shape[0], a + 500)
        ll[a:b], u[a:b], _ = post.loglik(theta[a:b])
    return Result(est, post, theta, chains, ll, u), req


def last_key() -> str | None:
    path = cache_dir() / "last"
    return path.read_text(encoding="utf-8").strip() if path.is_file() else None


def mark_last(key: str) -> None:
    (cache_dir() / "last").write_text(key, encoding="utf-8")
