"""Simulation runs for the Scenarios page and /api/runs, through emigre.simulate's own API.

A run is named by what it was asked (case, what-ifs, number of runs, seed): runs are seeded,
so the same question gives the same answer, which is why a run can live in a URL and be kept
in memory rather than stored. One simulation runs at a time, so a burst of requests cannot
take the machine (web.work: a bounded queue with a per-client limit).
"""

from __future__ import annotations

import importlib.util
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from emigre.errors import InputError
from emigre.web.errors import WebError, bad_request
from emigre.web.work import HEAVY

MAX_RUNS = 20
MAX_WHATIFS = 4
MAX_KEPT = 32
"""Runs kept in memory, the least recently asked for going first."""
NOTE = (
    "Simulation runs are not available in this build: the simulation package "
    "(emigre.simulate) is not installed."
)
EXAMPLES = [
    "close GEO from 2022-09-25",
    "visa-required GEO from 2022-09-25",
    "open FIN",
    "cap GEO 5000/day from 2022-09-21",
    "close KAZ from 2022-09-25",
]

_lock = threading.Lock()
_memo: OrderedDict[tuple[Any, ...], RunView] = OrderedDict()


def departures_words(driver: Any, label: str, runs: int) -> str:
    """What drove departures, in a reader's words rather than the simulation's log line."""
    if driver is None or getattr(driver, "estimate", None) is None:
        return label
    as_of = driver.estimate.as_of
    if runs > 1 and getattr(driver, "result", None) is not None:
        how = "each run takes its own plausible path from the estimate's range"
    else:
        how = "every run follows the estimate's middle path"
    return f"from the case's estimate of who left, up to {as_of:%d %B %Y} ({how})"


def available() -> bool:
    return importlib.util.find_spec("emigre.simulate") is not None


@dataclass
class RunView:
    case: str
    scenario: str
    start: str
    days: int
    whatifs: list[str]
    runs: int
    seed: int
    totals: list[dict[str, Any]]
    """Per destination: baseline median and 90 % interval, and the variant and difference."""
    monthly: list[dict[str, Any]]
    """Median arrivals per month and destination, baseline and variant (long format)."""
    routes: list[dict[str, Any]]
    targets: list[dict[str, Any]]
    """What the scenario is calibrated to, beside the simulated figures: the estimate's
    entries and stocks by destination when the estimate drives the run, else the claims."""
    assumptions: list[str] = field(default_factory=list)
    departures: str = ""
    """What drove departures: the estimate (median, or a posterior draw per run) or the
    scenario's table of claims."""
    calibrated_to: str = "claims"
    """`estimate` or `claims`: what `targets` hold."""
    notes: list[str] = field(default_factory=list)
    fit: dict[str, Any] = field(default_factory=dict)
    """Against the estimate: destinations inside its 80 % intervals, mean |log ratio|."""

    @property
    def end(self) -> str:
        """The scenario's last day."""
        import datetime as dt

        return (dt.date.fromisoformat(self.start) + dt.timedelta(days=self.days - 1)).isoformat()

    @property
    def label(self) -> str:
        return "; ".join(self.whatifs) if self.whatifs else "baseline"


def has_scenario(case: str) -> bool:
    if not available():
        return False
    from emigre.simulate.own_format import case_scenario_path

    try:
        case_scenario_path(case)
    except Exception:
        return False
    return True


def _country(scenario: Any, name: str) -> str | None:
    place = next((p for p in scenario.places if p.name == name), None)
    return place.country if place is not None and len(place.country) == 3 else None


def clean_whatifs(values: list[str]) -> list[str]:
    """The what-ifs asked for, each read (length first) before any work is queued for them."""
    out = [v.strip() for v in values if v and v.strip()]
    if len(out) > MAX_WHATIFS:
        raise bad_request(f"at most {MAX_WHATIFS} what-ifs at once", "what_if")
    if available():
        from emigre.simulate.whatif import parse_whatif

        for text in out:
            try:
                parse_whatif(text)
            except InputError as exc:
                raise bad_request(exc.message, "what_if") from None
    return out


def compare(
    case: str,
    whatifs: list[str],
    runs: int,
    seed: int = 0,
    driver: Any = None,
    why_not: str = "",
    client: str | None = None,
) -> RunView:
    """Baseline and variant for the case's built-in scenario, from memory when asked before.

    `driver` is the case's estimate (emigre.simulate.estimated.EstimateDriver, made by
    web.estimates.simulation_driver): with it, departures and targets come from the estimate;
    without it, from the scenario's table, and `why_not` says why."""
    if not available():
        raise WebError(503, NOTE)
    if not 1 <= runs <= MAX_RUNS:
        raise bad_request(f"runs must be between 1 and {MAX_RUNS}", "runs")
    from emigre.simulate.own_format import case_scenario_path
    from emigre.simulate.scenario_run import compare as simulate
    from emigre.simulate.scenario_run import load_case
    from emigre.simulate.whatif import apply_whatif, parse_whatif

    try:
        path = case_scenario_path(case)
    except Exception:
        raise WebError(404, f"case '{case}' has no built-in scenario to simulate") from None
    from emigre.simulate.estimated import prepare

    key = (
        case,
        tuple(whatifs),
        runs,
        seed,
        Path(path).stat().st_mtime_ns,
        getattr(driver, "key", None),
        driver is not None and driver.result is not None,
    )
    with _lock:
        if key in _memo:
            _memo.move_to_end(key)
            return _memo[key]

    def simulate_once() -> RunView:
        with _lock:
            if key in _memo:
                return _memo[key]
        driven = prepare(load_case(case), "auto", driver, why_not)
        own = driven.own
        for text in whatifs:  # a bad what-if fails before anything runs
            apply_whatif(own.scenario, parse_whatif(text))
        c = simulate(
            own, whatifs or None, runs=runs, seed=seed, vary=runs > 1, driver=driven.driver
        )
        view = _view(case, own, c, whatifs, runs, seed)
        view.departures = departures_words(driven.driver, c.departures, runs)
        view.notes = list(driven.notes)
        if driven.targets is not None:
            _estimate_targets(view, c.fit(driven.targets), driven.driver)
        with _lock:
            _memo[key] = view
            while len(_memo) > MAX_KEPT:
                _memo.popitem(last=False)
        return view

    # One simulation at a time, in the queue of expensive work: a burst of requests waits
    # there (bounded, per client), not on the threads that answer cheap reads.
    return HEAVY.run(("run", *key), simulate_once, client)


def _estimate_targets(view: RunView, fit: Any, driver: Any) -> None:
    """The estimate's entries and stocks by destination beside the simulated ones."""
    rows = []
    for r in fit.rows:
        t = r.target
        code = t.code if t.code != "other" else None
        for what, sim, iv, inside in (
            ("entries", r.entries.median, t.arrivals, r.entries_inside),
            ("present", r.stock.median, t.stock, r.stock_inside),
        ):
            rows.append(
                {
                    "destination": t.name,
                    "country": code,
                    "start": view.start if what == "entries" else t.date.isoformat(),
                    "end": t.date.isoformat(),
                    "observed": round(iv.median),
                    "observed_low80": round(iv.low80),
                    "observed_high80": round(iv.high80),
                    "simulated": round(sim),
                    "inside80": inside,
                    "in_scenario": bool(t.places),
                    "measure": f"{what} (estimate)",
                    "source": f"the case's estimate (as of {driver.estimate.as_of})",
                }
            )
    view.targets = rows
    view.calibrated_to = "estimate"
    e_in, s_in, n = fit.inside
    view.fit = {
        "date": fit.totals.date.isoformat(),
        "destinations": n,
        "entries_inside80": e_in,
        "stocks_inside80": s_in,
        "entries_mean_abs_log_ratio": round(fit.entries_misfit, 4),
        "stocks_mean_abs_log_ratio": round(fit.stock_misfit, 4),
        "estimate": driver.key,
    }


def _view(case: str, own: Any, c: Any, whatifs: list[str], runs: int, seed: int) -> RunView:
    import numpy as np

    sc = c.scenario
    totals = []
    for row in c.totals():
        name = str(row["destination"])
        totals.append(
            {
                "destination": name,
                "country": _country(sc, name),
                **{
                    k: (round(float(v)) if isinstance(v, float) else v)
                    for k, v in row.items()
                    if k != "destination"
                },
            }
        )
    totals.sort(key=lambda r: -float(r["baseline"]))
    months, base, alt = c.monthly()
    monthly = []
    for i, month in enumerate(months):
        for j, name in enumerate(c.dests):
            monthly.append(
                {
                    "month": month,
                    "destination": name,
                    "run": "baseline",
                    "arrivals": round(float(base[i, j])),
                }
            )
            if alt is not None:
                monthly.append(
                    {
                        "month": month,
                        "destination": name,
                        "run": "what-if",
                        "arrivals": round(float(alt[i, j])),
                    }
                )
    routes = [
        {
            "from": r.a,
            "to": r.b,
            "km": r.distance_km,
            "mode": r.attributes.get("mode", ""),
            "capacity_per_day": r.capacity_per_day,
        }
        for r in sc.routes
    ]
    targets = []
    for t in own.targets:
        if t.place not in c.places:
            continue
        j = c.places.index(t.place)
        d0 = max(0, (t.start - sc.start_date).days)
        d1 = min(c.base.shape[1] - 1, (t.end - sc.start_date).days)
        simulated = float(np.median(c.base[:, d0 : d1 + 1, j].sum(axis=1))) if d1 >= d0 else None
        targets.append(
            {
                "destination": t.place,
                "country": _country(sc, t.place),
                "start": t.start.isoformat(),
                "end": t.end.isoformat(),
                "observed": round(t.people),
                "simulated": None if simulated is None else round(simulated),
                "measure": t.measure,
                "source": t.source,
            }
        )
    return RunView(
        case=case,
        scenario=sc.name,
        start=sc.start_date.isoformat(),
        days=sc.days,
        whatifs=whatifs,
        runs=runs,
        seed=seed,
        totals=totals,
        monthly=monthly,
        routes=routes,
        targets=targets,
    )
