"""A case's scenario driven by the case's estimate, and the fit of a run to that estimate.

The estimate (emigre.estimate, through its own API and cache) gives the simulation what it
cannot know by itself: how many people left and when (the departures series; a posterior
draw of it for each member of an ensemble), and what the evidence says arrived in, and stayed
in, each destination (the targets the destinations' pulls and move chances are fitted to).

Both sides count the same things (docs/simulation.md, "Simulated against estimated"):

- *entries* into a destination over a period: first arrivals from the origin country plus
  onward arrivals from other destinations; a person who entered Georgia and went on to
  Armenia is one entry in each (the estimate's `arrivals`);
- *first arrivals*: entries over a link from the origin country (the rest are onward moves);
- *stock*: people present at the end of a day (the estimate's `stock`);
- destinations the estimate pools as "other" (no claim names them) are pooled the same way.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from emigre.errors import InputError
from emigre.model import country_name
from emigre.model.estimate import Estimate, Interval
from emigre.simulate.own_format import OwnScenario, with_departures
from emigre.simulate.whatif import destinations

if TYPE_CHECKING:
    from emigre.estimate import Result

Z80 = 1.2815515655446004  # the 90th percentile of the standard normal


@dataclass
class EstimateDriver:
    """The case's estimate, with its posterior draws when they are at hand."""

    estimate: Estimate
    result: Result | None = None
    note: str = ""
    periods: list[dt.date] = field(default_factory=list)
    """Starts of the periods whose entries the calibration fits apart (the case's waves)."""
    request: Any = None
    """The estimate's request: draws are read (from the cache, or sampled) only once a figure
    at a date the estimate does not report needs them."""

    def draws(self) -> Result:
        """The posterior draws, read when first needed."""
        if self.result is None and self.request is not None:
            from emigre import estimate as E

            self.result = E.estimate_with_draws(self.request, remember=False)
        if self.result is None:
            raise InputError("the estimate's posterior draws are not at hand")
        return self.result

    @property
    def key(self) -> str:
        return self.estimate.key

    def label(self) -> str:
        return f"emigre.estimate {self.key[:10]} (as of {self.estimate.as_of})"

    def departures(self) -> tuple[list[dt.date], list[float]]:
        """The departures series: dates and the posterior median of people gone by each."""
        return [d.date for d in self.estimate.departures], [
            d.median for d in self.estimate.departures
        ]

    def draw_indices(self, n: int, seed: int) -> list[int]:
        """Which posterior draws an ensemble of n members takes (reproducible from seed)."""
        if self.result is None:
            return []
        total = self.result.theta.shape[0]
        rng = np.random.default_rng(np.random.SeedSequence([seed, 2]))
        return [int(i) for i in rng.choice(total, size=n, replace=n > total)]

    def departure_draws(self, n: int, seed: int) -> np.ndarray:
        """Cumulative departures at the series' dates in n posterior draws: (n, dates)."""
        from emigre.estimate import figure_samples

        result = self.draws()
        names = [f"departures@{d.date.isoformat()}" for d in self.estimate.departures]
        out = figure_samples(result, names, self.draw_indices(n, seed))
        return np.maximum.accumulate(np.maximum(out, 0.0), axis=1)

    def figures(self, names: list[str]) -> np.ndarray:
        """Named figures in every posterior draw: (draws, figures)."""
        from emigre.estimate import figure_samples

        return figure_samples(self.draws(), names)


def driver_for_case(
    case: str, db_url: str | None = None, draws: bool = True, progress: Any = None
) -> EstimateDriver:
    """The case's estimate from its accepted claims (the store's, else the built-in files),
    read from the estimation cache when nothing changed, computed otherwise."""
    from emigre import estimate as E

    bundle, note = E.load_case(case, db_url)
    return driver_for_request(
        E.case_request(bundle),
        draws=draws,
        progress=progress,
        note=note,
        periods=wave_periods(bundle.case),
    )


def wave_periods(case: Any) -> list[dt.date]:
    """Period starts: the case's start, each later wave's start, and the day after the last
    wave ends (destinations drew people differently in each wave)."""
    starts = {case.start} | {w.start for w in case.waves if w.start > case.start}
    ends = [w.end for w in case.waves if w.end is not None]
    if ends:
        starts.add(max(ends) + dt.timedelta(days=1))
    return sorted(starts)


def driver_for_request(
    req: Any,
    draws: bool = True,
    progress: Any = None,
    note: str | None = None,
    periods: list[dt.date] | None = None,
) -> EstimateDriver:
    """The estimate of an emigre.estimate Request (the dashboard builds its own from the
    store it serves)."""
    from emigre import estimate as E

    if not req.items:
        raise InputError("the case has no accepted claims to estimate from")
    if draws:
        result = E.estimate_with_draws(req, progress=progress, remember=False)
        return EstimateDriver(result.estimate, result, note or "", list(periods or []))
    est = E.estimate(req, progress=progress, remember=False)
    return EstimateDriver(est, None, note or "", list(periods or []), request=req)


def drive(own: OwnScenario, driver: EstimateDriver) -> OwnScenario:
    """The scenario with the estimate's departures (posterior median)."""
    dates, values = driver.departures()
    return with_departures(own, dates, values, source=driver.label())


def departure_jobs(
    own: OwnScenario, driver: EstimateDriver, runs: int, seed: int
) -> list[tuple[list[int], list[float]]]:
    """One departures series (scenario days, cumulative people) per ensemble member."""
    start = own.scenario.start_date
    dates = [d.date for d in driver.estimate.departures]
    days = [(d - start).days for d in dates]
    keep = [i for i, d in enumerate(days) if d >= 0]
    draws = driver.departure_draws(runs, seed)
    return [([days[i] for i in keep], [float(row[i]) for i in keep]) for row in draws]


# --- targets ---------------------------------------------------------------------------------


@dataclass
class PeriodTarget:
    """The estimate's entries into a destination over one period (both days included)."""

    start: dt.date
    end: dt.date
    arrivals: Interval


@dataclass
class DestinationTarget:
    """What the estimate says about one of its destinations, and the places that stand for it
    in the scenario (empty when the scenario has none)."""

    code: str
    name: str
    places: list[str]
    date: dt.date
    arrivals: Interval
    stock: Interval
    periods: list[PeriodTarget] = field(default_factory=list)

    @staticmethod
    def sigma(iv: Interval) -> float:
        """Spread of the log of the figure implied by its 80 % interval."""
        lo, hi = max(iv.low80, 1.0), max(iv.high80, 1.0)
        return max((math.log(hi) - math.log(lo)) / (2 * Z80), 0.05)


@dataclass
class Totals:
    """The estimate's totals at the comparison date."""

    date: dt.date
    departures: Interval
    remaining: Interval
    returned: Interval | None = None


@dataclass
class OnwardTarget:
    """Of the people who left the destinations the scenario lets move on (to another
    destination), the share who did so rather than go back, as the estimate has it."""

    places: list[str]
    codes: list[str]
    share: Interval


@dataclass
class Targets:
    destinations: list[DestinationTarget]
    totals: Totals
    notes: list[str] = field(default_factory=list)
    periods: list[dt.date] = field(default_factory=list)
    """Period starts of the destinations' `periods` (empty: the whole run only)."""
    onward: OnwardTarget | None = None

    def place_groups(self) -> dict[str, list[str]]:
        return {t.code: t.places for t in self.destinations}


def _interval(x: np.ndarray) -> Interval:
    q = np.quantile(x, [0.025, 0.1, 0.5, 0.9, 0.975])
    return Interval(median=q[2], low80=q[1], high80=q[3], low95=q[0], high95=q[4])


def _place_groups(own: OwnScenario, est: Estimate) -> tuple[dict[str, list[str]], list[str]]:
    """The scenario's destination places by the estimate's destination code, and the codes of
    the estimate that the scenario has no place of its own for."""
    sc = own.scenario
    named = {d.destination for d in est.destinations if d.destination != "other"}
    groups: dict[str, list[str]] = {d.destination: [] for d in est.destinations}
    groups.setdefault("other", [])
    by_name = {p.name: p for p in sc.places}
    for name in destinations(sc):
        country = by_name[name].country
        groups[country if country in named else "other"].append(name)
    placeless = [d.destination for d in est.destinations if d.destination != "other"]
    return groups, [c for c in placeless if not groups[c]]


def _summed(driver: EstimateDriver, figure: str, codes: list[list[str]]) -> list[Interval]:
    """`figure` (a format with {code}) summed over each list of codes, draw by draw."""
    names = [figure.format(code=c) for group in codes for c in group]
    x = driver.figures(names)
    out, at = [], 0
    for group in codes:
        out.append(_interval(x[:, at : at + len(group)].sum(axis=1)))
        at += len(group)
    return out


def estimate_targets(own: OwnScenario, driver: EstimateDriver) -> Targets:
    """The estimate's entries and stocks by destination at the scenario's end (or the
    estimate's as-of date, whichever is earlier), grouped as the scenario can resolve them:
    destinations the scenario has no place for are compared, with the estimate's own 'other',
    against the scenario's pool of other destinations."""
    sc = own.scenario
    est = driver.estimate
    end = sc.date_of(sc.days - 1)
    date = min(end, est.as_of)
    notes = []
    if date < est.as_of:
        notes.append(f"the estimate runs to {est.as_of}, the scenario to {end}: compared at {end}")
    elif date < end:
        notes.append(f"the estimate runs to {est.as_of}: compared at that date")
    groups, placeless = _place_groups(own, est)
    members = {d.destination: [d.destination] for d in est.destinations}
    shown = list(est.destinations)
    if placeless and groups["other"]:
        names = ", ".join(country_name(c) for c in placeless)
        notes.append(f"the scenario has no place of its own for {names}: pooled with 'other'")
        members["other"] = ["other", *placeless]  # the estimate always reports an 'other'
        shown = [d for d in shown if d.destination not in placeless]
    elif placeless:
        names = ", ".join(country_name(c) for c in placeless)
        notes.append(f"the scenario has no place for {names}: simulated as none")
    codes = [members[d.destination] for d in shown]
    if date == est.as_of and all(len(c) == 1 for c in codes):
        arrivals, stocks = [d.arrivals for d in shown], [d.stock for d in shown]
        totals = Totals(date, est.departures[-1], est.remaining_abroad, est.returned)
    else:
        arrivals = _summed(driver, f"arrivals:{{code}}@{date}", codes)
        stocks = _summed(driver, f"stock:{{code}}@{date}", codes)
        x = driver.figures([f"departures@{date}", f"remaining@{date}", f"returned@{date}"])
        totals = Totals(date, _interval(x[:, 0]), _interval(x[:, 1]), _interval(x[:, 2]))
    rows = [
        DestinationTarget(d.destination, d.name, groups[d.destination], date, a, st)
        for d, a, st in zip(shown, arrivals, stocks, strict=True)
    ]
    starts = [d for d in driver.periods if sc.start_date <= d <= date]
    if driver.result is not None and len(starts) > 1:
        ends = [b - dt.timedelta(days=1) for b in starts[1:]] + [date]
        spans = list(zip(starts, ends, strict=True))
        by_span = [_summed(driver, f"arrivals:{{code}}@{a}..{b}", codes) for a, b in spans]
        for k, t in enumerate(rows):
            t.periods = [PeriodTarget(a, b, by_span[j][k]) for j, (a, b) in enumerate(spans)]
    else:
        starts = []
    onward = None
    movers = onward_places(own)
    if driver.result is not None and movers:
        code_of = {p: t.code for t in rows for p in t.places}
        picked = sorted({code_of[p] for p in movers if p in code_of})
        names = [f"leavers:{c}@{date}" for c in picked] + [f"returns:{c}@{date}" for c in picked]
        x = driver.figures(names)
        n = len(picked)
        left = x[:, :n].sum(axis=1)
        share = (left - x[:, n:].sum(axis=1)) / np.maximum(left, 1.0)
        onward = OnwardTarget(movers, picked, _interval(share))
    return Targets(rows, totals, notes, starts, onward)


def onward_places(own: OwnScenario) -> list[str]:
    """Destinations with a route on to another destination."""
    dests = set(destinations(own.scenario))
    out = []
    for r in own.scenario.routes:
        for a, b in ((r.a, r.b),) if r.one_way else ((r.a, r.b), (r.b, r.a)):
            if a in dests and b in dests and a not in out:
                out.append(a)
    return out


# --- the fit ---------------------------------------------------------------------------------


@dataclass
class Band:
    """A simulated figure: median across runs and its 90 % interval (one run: all equal)."""

    median: float
    low: float
    high: float

    @staticmethod
    def of(x: np.ndarray) -> Band:
        return Band(float(np.median(x)), float(np.quantile(x, 0.05)), float(np.quantile(x, 0.95)))


@dataclass
class DestinationFit:
    target: DestinationTarget
    entries: Band
    first: Band
    onward: Band
    stock: Band
    periods: list[float] = field(default_factory=list)
    """Median simulated entries in each of the target's periods."""

    @property
    def entries_ratio(self) -> float:
        return self.entries.median / max(self.target.arrivals.median, 1.0)

    @property
    def stock_ratio(self) -> float:
        return self.stock.median / max(self.target.stock.median, 1.0)

    @property
    def entries_inside(self) -> bool:
        a = self.target.arrivals
        return a.low80 <= self.entries.median <= a.high80

    @property
    def stock_inside(self) -> bool:
        s = self.target.stock
        return s.low80 <= self.stock.median <= s.high80


@dataclass
class Fit:
    rows: list[DestinationFit]
    totals: Totals
    departures: Band
    remaining: Band
    returned: Band | None
    runs: int
    notes: list[str] = field(default_factory=list)

    @staticmethod
    def _mean_abs_log(pairs: list[tuple[float, float]]) -> float:
        logs = [abs(math.log(max(s, 1.0) / max(t, 1.0))) for s, t in pairs]
        return float(np.mean(logs)) if logs else math.nan

    @property
    def entries_misfit(self) -> float:
        """Mean |log(simulated / estimated)| of entries, over the estimate's destinations."""
        return self._mean_abs_log([(r.entries.median, r.target.arrivals.median) for r in self.rows])

    @property
    def period_misfit(self) -> float | None:
        """Mean |log ratio| of entries by period (None without periods)."""
        pairs = [
            (sim, pt.arrivals.median)
            for r in self.rows
            if r.target.places
            for sim, pt in zip(r.periods, r.target.periods, strict=True)
        ]
        return self._mean_abs_log(pairs) if pairs else None

    @property
    def stock_misfit(self) -> float:
        return self._mean_abs_log([(r.stock.median, r.target.stock.median) for r in self.rows])

    @property
    def inside(self) -> tuple[int, int, int]:
        """Destinations whose simulated entries, and stocks, fall in the estimate's 80 %
        interval, and how many destinations there are."""
        return (
            sum(r.entries_inside for r in self.rows),
            sum(r.stock_inside for r in self.rows),
            len(self.rows),
        )


def fit_runs(
    places: list[str],
    start: dt.date,
    arrivals: np.ndarray,
    onward: np.ndarray | None,
    occupancy: np.ndarray,
    targets: Targets,
    return_places: list[str] | None = None,
    hasten: int = 1,
) -> Fit:
    """Simulated entries, first arrivals, onward arrivals and stocks by the estimate's
    destinations, from runs x days x places arrays, against the estimate."""
    if arrivals.ndim == 2:
        arrivals = arrivals[None]
        occupancy = occupancy[None]
        onward = None if onward is None else onward[None]
    onward_arr = np.zeros_like(arrivals) if onward is None else onward
    day = (targets.totals.date - start).days
    day = min(max(day, 0), arrivals.shape[1] - 1)
    col = {p: j for j, p in enumerate(places)}
    cum = arrivals[:, : day + 1].sum(axis=1) * hasten  # (runs, places)
    cum_on = onward_arr[:, : day + 1].sum(axis=1) * hasten
    stock = occupancy[:, day] * hasten
    rows = []
    for t in targets.destinations:
        cols = [col[p] for p in t.places if p in col]
        e = cum[:, cols].sum(axis=1)
        o = cum_on[:, cols].sum(axis=1)
        per = []
        for pt in t.periods:
            a = max((pt.start - start).days, 0)
            b = min((pt.end - start).days, arrivals.shape[1] - 1)
            per.append(
                float(np.median(arrivals[:, a : b + 1][:, :, cols].sum(axis=(1, 2)))) * hasten
            )
        rows.append(
            DestinationFit(
                t,
                Band.of(e),
                Band.of(e - o),
                Band.of(o),
                Band.of(stock[:, cols].sum(axis=1)),
                per,
            )
        )
    all_cols = [col[p] for t in targets.destinations for p in t.places if p in col]
    first_total = (cum - cum_on)[:, all_cols].sum(axis=1)
    back = [col[p] for p in return_places or [] if p in col]
    returned = Band.of(stock[:, back].sum(axis=1)) if back else None
    return Fit(
        rows=rows,
        totals=targets.totals,
        departures=Band.of(first_total),
        remaining=Band.of(stock[:, all_cols].sum(axis=1)),
        returned=returned,
        runs=arrivals.shape[0],
        notes=list(targets.notes),
    )


def return_places(own: OwnScenario) -> list[str]:
    return [p.name for p in own.scenario.places if p.attributes.get("kind") == "return"]


# --- choosing what drives a case's scenario ----------------------------------------------------


@dataclass
class Driven:
    own: OwnScenario
    driver: EstimateDriver | None
    notes: list[str]
    targets: Targets | None = None


def prepare(
    own: OwnScenario,
    departures: str | Path = "auto",
    driver: EstimateDriver | None = None,
    why_not: str = "",
) -> Driven:
    """The scenario driven as asked: `auto` (the file's own choice: the estimate for the
    built-in case, falling back to the table with a note when there is no estimate),
    `estimate`, `table`, or a CSV file of date,people."""
    choice = str(departures)
    if choice not in ("auto", "estimate", "table"):
        from emigre.simulate.own_format import read_departures_csv

        path = Path(choice)
        out = with_departures(own, *read_departures_csv(path), source=f"the file {path}")
        return Driven(out, None, [f"departures: the file {path} (date,people)"])
    wants_estimate = choice == "estimate" or (choice == "auto" and own.driver == "estimate")
    if wants_estimate and driver is not None:
        out = drive(own, driver)
        targets = estimate_targets(out, driver)
        notes = [f"departures: the estimate's departures series, {driver.label()}"]
        notes += [driver.note] if driver.note else []
        return Driven(out, driver, notes + targets.notes, targets)
    if choice == "estimate":
        raise InputError(f"no estimate to drive the scenario: {why_not or 'none given'}")
    label = "the scenario's table of claims (scenario.yaml `departures.points`)"
    if wants_estimate:
        label += f", because there is no estimate ({why_not or 'none given'})"
    return Driven(own.replace(departures_used=label), None, [f"departures: {label}"])
