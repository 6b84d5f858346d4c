"""The estimates the pages show, taken from emigre.estimate when it is installed.

The pages speak in the small view model below; this module is the one place that knows how the
estimation package is called, so the dashboard works (claims only, with a note) without it.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import logging
import os
import threading
import time
from collections import OrderedDict
from typing import Any

from pydantic import BaseModel, Field

from emigre.errors import InputError
from emigre.web.errors import WebError
from emigre.web.work import HEAVY

log = logging.getLogger("emigre.web")


class Band(BaseModel):
    """A posterior summary: median with central 80 % and 95 % intervals."""

    median: float
    low80: float
    high80: float
    low95: float
    high95: float


class DatedBand(Band):
    date: dt.date


class PlaceEstimate(BaseModel):
    destination: str
    arrivals: list[DatedBand] = Field(default_factory=list)
    stock: list[DatedBand] = Field(default_factory=list)

    def at(self, kind: str, when: dt.date) -> DatedBand | None:
        """The last value on or before a date."""
        series = self.arrivals if kind == "arrivals" else self.stock
        best = None
        for b in series:
            if b.date <= when:
                best = b
        return best


class ClaimFit(BaseModel):
    claim_id: str
    fit: float | None = Field(None, description="Posterior predictive position, 0..1")
    contradicted: bool = False
    conflicts_with: list[str] = Field(default_factory=list)


class ReadingClaimView(BaseModel):
    claim_id: str | None = None
    label: str | None = None
    quantity: str | None = None
    log_likelihood_gain: float = 0.0


class ReadingView(BaseModel):
    """One reading of the evidence where it admits more than one (a posterior mode)."""

    weight: float
    departures: DatedBand
    remaining_abroad: DatedBand
    claims: list[ReadingClaimView] = Field(default_factory=list)


class EstimateView(BaseModel):
    case: str
    as_of: dt.date
    departures: list[DatedBand] = Field(default_factory=list)
    remaining_abroad: DatedBand | None = None
    remaining: list[DatedBand] = Field(
        default_factory=list, description="People abroad over time, all destinations"
    )
    destinations: list[PlaceEstimate] = Field(default_factory=list)
    waves: dict[str, Band] = Field(
        default_factory=dict, description="Departures within each wave of the case, by wave id"
    )
    fits: dict[str, ClaimFit] = Field(default_factory=dict)
    readings: list[ReadingView] = Field(
        default_factory=list, description="Each reading, where the evidence admits several"
    )
    diagnostics: dict[str, Any] = Field(default_factory=dict)
    warnings: list[str] = Field(default_factory=list)
    full: dict[str, Any] = Field(
        default_factory=dict, description="The estimation package's Estimate, as JSON"
    )

    def departures_at(self, when: dt.date) -> DatedBand | None:
        best = None
        for b in self.departures:
            if b.date <= when:
                best = b
        return best

    def place(self, code: str) -> PlaceEstimate | None:
        return next((p for p in self.destinations if p.destination == code), None)


MISSING_NOTE = (
    "Estimates are not available in this build: the estimation package (emigre.estimate) is "
    "not installed yet, so the pages show the claims themselves, without a fitted curve."
)


def installed() -> bool:
    return importlib.util.find_spec("emigre.estimate") is not None


def available(choice: bool | None = None) -> bool:
    """Whether pages show estimates: the estimation package is installed and not switched off.

    `choice` is the server's own setting (WebConfig.estimates); None follows EMIGRE_ESTIMATES
    (off serves the claims alone, as the tests of the claim views do)."""
    if choice is None:
        choice = os.environ.get("EMIGRE_ESTIMATES", "").lower() not in ("off", "0", "no")
    return choice and installed()


_failure: list[str] = []


OFF_NOTE = "Estimates are switched off on this server: the pages show the claims themselves."


def status(choice: bool | None = None) -> str | None:
    """None when estimates can be shown, else a sentence saying why not."""
    if not installed():
        return MISSING_NOTE
    if not available(choice):
        return OFF_NOTE
    if _computing:
        return computing()
    if _failure:
        return f"The estimate could not be computed ({_failure[-1]}); the pages show the claims."
    return None


MAX_VIEWS = 16
"""Estimates kept in memory (the least recently used goes first): each holds the package's
whole record, a few MB for a large case."""
_memo: OrderedDict[tuple[Any, ...], EstimateView | None] = OrderedDict()
_memo_lock = threading.Lock()
_latest: OrderedDict[tuple[Any, ...], EstimateView | None] = OrderedDict()
"""The newest estimate computed for each (case, as-of), shown while a newer one is computed."""
_computing: dict[str, float] = {}


def computing() -> str | None:
    """A note while an estimate is being computed, else None."""
    if not _computing:
        return None
    since = min(_computing.values())
    return (
        f"The estimate is being computed (for {time.monotonic() - since:.0f} s so far): "
        "this page shows the claims until it is ready; reload in a little while."
    )


def estimate_key(case_id: str, as_of: dt.date | None, version: Any) -> tuple[Any, ...] | None:
    """What an estimate is kept under: the case, the date and the store's state (None for a
    store that cannot tell its state, whose estimates are not kept)."""
    current = version.current() if version is not None else None
    if current is None:
        return None
    return ("estimate", case_id, as_of, current)


def remembered(key: tuple[Any, ...] | None) -> tuple[bool, EstimateView | None]:
    """(True, view) when the estimate under `key` is in memory."""
    if key is None:
        return False, None
    with _memo_lock:
        if key in _memo:
            _memo.move_to_end(key)
            return True, _memo[key]
    return False, None


def estimate_for(
    store: Any,
    case_id: str,
    as_of: dt.date | None = None,
    version: Any = None,
    choice: bool | None = None,
    client: str | None = None,
    wait: bool = True,
) -> EstimateView | None:
    """The case's estimate through the estimation package's own API and cache, or None.

    The package keeps estimates on disk keyed by a hash of the claims; a server (with its store
    `version`) keeps the converted view in memory per state of the store, on SQLite and
    PostgreSQL alike. A missing one is computed in the server's queue of expensive work
    (web.work): the first request waits for it (unless `wait` is false), any other answers with
    the case's previous estimate, or None, while it is queued or running (status() says so),
    and the queue's limits (a 429) apply to `client`. When it is ready, the cached pages are
    dropped so the next load shows it.
    """
    if not available(choice):
        return None
    key = estimate_key(case_id, as_of, version)
    if key is None:
        return _guarded(store, case_id, as_of)
    known, view = remembered(key)
    if known:
        return view
    with _memo_lock:
        had = (case_id, as_of) in _latest
        previous = _latest.get((case_id, as_of))
    if HEAVY.pending(key):
        return previous  # someone asked first: it is being computed

    def compute() -> EstimateView | None:
        known, view = remembered(key)
        if known:
            return view
        if had and not _settled(key, case_id, as_of, version):
            return None  # the claims changed again while this waited: that one is computed
        _computing[case_id] = time.monotonic()
        try:
            view = _guarded(store, case_id, as_of)
        finally:
            _computing.pop(case_id, None)
        with _memo_lock:
            _memo[key] = view
            _latest[(case_id, as_of)] = view
            _latest.move_to_end((case_id, as_of))
            while len(_memo) > MAX_VIEWS:
                _memo.popitem(last=False)
            while len(_latest) > MAX_VIEWS:
                _latest.popitem(last=False)
        version.bump()  # pages rendered without it are stale now
        return view

    if not wait or had:
        # A page that has an estimate of this case (from before the last change to the
        # claims) shows it while the new one is computed, rather than waiting half a minute.
        try:
            HEAVY.submit(key, compute, client)
        except WebError:
            if not had:
                raise
        return previous
    return HEAVY.run(key, compute, client)


SETTLE_SECONDS = 3.0
"""After a change to the claims, how long they must stay unchanged before the estimate is
computed again: a reviewer at work changes them every few seconds, and each estimate would be
obsolete before it was done (the pages show the previous one meanwhile)."""


def _settled(key: tuple[Any, ...], case_id: str, as_of: dt.date | None, version: Any) -> bool:
    """Whether the claims stay as `key` says for SETTLE_SECONDS (False as soon as they move)."""
    deadline = time.monotonic() + SETTLE_SECONDS
    while True:
        if estimate_key(case_id, as_of, version) != key:
            return False
        if time.monotonic() >= deadline:
            return True
        time.sleep(0.25)


def _guarded(store: Any, case_id: str, as_of: dt.date | None) -> EstimateView | None:
    try:
        view = _compute(store, case_id, as_of)
    except InputError as exc:  # evidence the estimator cannot use: say so on the pages
        _failure[:] = [str(exc)]
        return None
    except Exception as exc:  # a fault in the estimator must not take the pages down
        log.exception("estimate of %s failed", case_id)
        _failure[:] = [type(exc).__name__]
        return None
    _failure.clear()
    return view


def _compute(store: Any, case_id: str, as_of: dt.date | None) -> EstimateView | None:
    from emigre import estimate as est_pkg
    from emigre.store import repo

    with store.session() as s:
        bundle = repo.read_bundle(s, case_id)
    if not any(c.state == "accepted" for c in bundle.claims):
        return None
    req = est_pkg.case_request(bundle, as_of=as_of)
    est = est_pkg.estimate(req, remember=False)  # `emigre explain` keeps explaining its own
    waves = _wave_bands(est_pkg, req, bundle, est)
    return from_estimate(est, waves)


def _wave_bands(est_pkg: Any, req: Any, bundle: Any, est: Any) -> dict[str, Band]:
    """Departures within each wave, from the posterior draws (intervals of the difference, not
    differences of intervals); none when the package cannot say."""
    out: dict[str, Band] = {}
    try:
        from emigre.estimate.figures import figure_rows, parse_figure
        from emigre.estimate.run import figure_draws, interval

        result = est_pkg.estimate_with_draws(req, remember=False)
        for w in bundle.case.waves:
            end = min(w.end or est.as_of, est.as_of)
            if end <= w.start:
                continue
            fig = parse_figure(f"departures@{w.start.isoformat()}..{end.isoformat()}")
            rows, _ = figure_rows(result.post, fig)
            iv = interval(figure_draws(result, rows))
            out[w.id] = Band(**iv.model_dump())
    except Exception:  # an internal of the estimate package moved: show claims for waves
        return {}
    return out


def _band(x: Any) -> DatedBand:
    return DatedBand(**x.model_dump())


def from_estimate(est: Any, waves: dict[str, Band] | None = None) -> EstimateView:
    """emigre.model.estimate.Estimate in the pages' terms."""
    by_index = {c.index: c.claim_id for c in est.claims}
    fits: dict[str, ClaimFit] = {}
    for c in est.claims:
        if not c.claim_id:
            continue
        fits[c.claim_id] = ClaimFit(
            claim_id=c.claim_id,
            fit=c.fit,
            contradicted=c.contradicted,
            conflicts_with=[str(by_index[i]) for i in c.conflicts_with if by_index.get(i)],
        )
    places = []
    for d in est.destinations:
        stock = [_band(b) for b in d.stock_series] or [_band(d.stock)]
        places.append(
            PlaceEstimate(
                destination=d.destination,
                arrivals=[_band(b) for b in d.arrivals_series] or [_band(d.arrivals)],
                stock=stock,
            )
        )
    return EstimateView(
        case=est.case or "",
        as_of=est.as_of,
        departures=[_band(b) for b in est.departures],
        remaining_abroad=_band(est.remaining_abroad),
        remaining=[_band(b) for b in getattr(est, "remaining_series", [])],
        destinations=places,
        waves=waves or {},
        fits=fits,
        readings=[
            ReadingView(
                weight=r.weight,
                departures=_band(r.departures),
                remaining_abroad=_band(r.remaining_abroad),
                claims=[ReadingClaimView(**c.model_dump()) for c in r.claims],
            )
            for r in getattr(est, "readings", [])
        ],
        diagnostics=est.diagnostics.model_dump(mode="json"),
        warnings=list(est.diagnostics.warnings),
        full=est.model_dump(mode="json"),
    )


_figure_memo: dict[tuple[Any, ...], dict[str, Band]] = {}


def figure_bands(
    store: Any, case_id: str, names: list[str], version: Any = None, choice: bool | None = None
) -> dict[str, Band]:
    """Figures the estimate can give at any date ("arrivals:GEO@2023-06-30"), from its
    posterior draws in the estimation package's cache. Call it once estimate_for has
    answered (the draws are then on disk); figures it cannot give are left out."""
    if not available(choice) or not names:
        return {}
    current = version.current() if version is not None else None
    key = (case_id, tuple(names), current)
    if current is not None and key in _figure_memo:
        return _figure_memo[key]
    out: dict[str, Band] = {}
    try:
        from emigre import estimate as est_pkg
        from emigre.estimate.figures import figure_rows, parse_figure
        from emigre.estimate.run import figure_draws, interval
        from emigre.store import repo

        with store.session() as s:
            bundle = repo.read_bundle(s, case_id)
        result = est_pkg.estimate_with_draws(est_pkg.case_request(bundle), remember=False)
        for name in names:
            try:
                rows, _ = figure_rows(result.post, parse_figure(name))
                out[name] = Band(**interval(figure_draws(result, rows)).model_dump())
            except Exception:  # a place the estimate does not model separately
                continue
    except Exception:
        log.exception("figures of the estimate of %s failed", case_id)
        return {}
    if current is not None:
        if len(_figure_memo) > 32:
            _figure_memo.clear()
        _figure_memo[key] = out
    return out


_driver_memo: dict[tuple[Any, ...], Any] = {}


def simulation_driver(
    store: Any,
    case_id: str,
    draws: bool,
    version: Any = None,
    choice: bool | None = None,
) -> tuple[Any, str]:
    """The case's estimate as the simulation's driver (emigre.simulate.estimated), with its
    posterior draws when `draws` (an ensemble draws its departures from them), or None and
    the reason. Call it once estimate_for has answered: the estimate is then in the cache."""
    why = status(choice)
    if why is not None:
        return None, why
    current = version.current() if version is not None else None
    key = (case_id, draws, current)
    if current is not None and key in _driver_memo:
        return _driver_memo[key], ""
    try:
        from emigre import estimate as est_pkg
        from emigre.simulate.estimated import driver_for_request, wave_periods
        from emigre.store import repo

        with store.session() as s:
            bundle = repo.read_bundle(s, case_id)
        req = est_pkg.case_request(bundle)
        driver = driver_for_request(req, draws=draws, periods=wave_periods(bundle.case))
    except InputError as exc:
        return None, str(exc)
    except Exception as exc:  # a fault in either package must not take the page down
        log.exception("the estimate could not drive the simulation of %s", case_id)
        return None, type(exc).__name__
    if current is not None:
        if len(_driver_memo) > 8:
            _driver_memo.clear()
        _driver_memo[key] = driver
    return driver, ""


_prediction_memo: dict[tuple[Any, ...], list[Any]] = {}


def predictions_for(
    store: Any, case_id: str, claims: list[Any], version: Any = None, choice: bool | None = None
) -> list[Any] | None:
    """What the case's estimate expects each claim (not fitted) to state, from the estimate
    the cache already holds (emigre.model.estimate.Prediction, in order); None when the cache
    has no estimate of the case's current claims: this never starts a fit."""
    if not available(choice) or not claims:
        return None
    current = version.current() if version is not None else None
    key = (case_id, tuple(repr(c.key()) for c in claims), current[0] if current else None)
    if current is not None and key in _prediction_memo:
        return _prediction_memo[key]
    try:
        from emigre import estimate as est_pkg
        from emigre.estimate import cache
        from emigre.estimate.evidence import Item
        from emigre.estimate.predict import predict
        from emigre.store import repo

        with store.session() as s:
            bundle = repo.read_bundle(s, case_id)
        hit = cache.load_result(est_pkg.case_request(bundle).key())
        if hit is None:
            return None
        items = [(Item(i, c, label=c.id), None) for i, c in enumerate(claims)]
        out = predict(hit[0], items)
    except InputError:
        raise
    except Exception:
        log.exception("predictions from the estimate of %s failed", case_id)
        return None
    if current is not None:
        if len(_prediction_memo) > 32:
            _prediction_memo.clear()
        _prediction_memo[key] = out
    return out
