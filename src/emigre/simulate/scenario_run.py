"""Running a case's built-in scenario: baseline and what-if variants, single runs or ensembles,
summarised as entries by destination (what the CLI, the report and the README show).

With an estimate driving the scenario (emigre.simulate.estimated), a single run takes the
estimate's median departures and each member of an ensemble one posterior draw of them, so
the spread across runs carries the estimate's uncertainty as well as the simulation's."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from emigre.model.scenario import Scenario
from emigre.simulate.ensemble import Job, RunOutput, ensemble_jobs, run_many
from emigre.simulate.own_format import (
    OwnScenario,
    case_policy_ids,
    case_reference_ids,
    case_scenario_path,
    read_own_scenario,
)
from emigre.simulate.whatif import apply_whatif, destinations, monthly_arrivals, parse_whatif

if TYPE_CHECKING:
    from emigre.simulate.estimated import EstimateDriver, Fit, Targets

# Queue length in km from people waiting (assumptions: 3 people to a car, 7 m of road per car).
PEOPLE_PER_CAR = 3.0
METRES_PER_CAR = 7.0


def load_case(case: str) -> OwnScenario:
    return read_own_scenario(
        case_scenario_path(case), case_policy_ids(case), case_reference_ids(case)
    )


@dataclass
class Comparison:
    """Arrivals by destination in a baseline and a variant (runs x days x places)."""

    scenario: Scenario
    variant: Scenario | None
    places: list[str]
    dests: list[str]
    base: np.ndarray
    alt: np.ndarray | None
    base_queue: np.ndarray  # (runs, days, places) occupancy, for queues at crossings
    label: str
    base_onward: np.ndarray | None = None  # (runs, days, places) arrivals from abroad
    departures: str = "table"  # what drove the runs
    return_places: tuple[str, ...] = ()

    def fit(self, targets: Targets) -> Fit:
        """The baseline against the estimate: entries, first arrivals, stocks by destination."""
        from emigre.simulate.estimated import fit_runs

        return fit_runs(
            self.places,
            self.scenario.start_date,
            self.base,
            self.base_onward,
            self.base_queue,
            targets,
            list(self.return_places),
            self.scenario.rules.hasten,
        )

    @property
    def runs(self) -> int:
        return self.base.shape[0]

    def totals(self) -> list[dict[str, float | str]]:
        """Per destination: median total arrivals (and interval), variant and difference."""
        rows = []
        for d in self.dests:
            j = self.places.index(d)
            b = self.base[:, :, j].sum(axis=1)
            row: dict[str, float | str] = {
                "destination": d,
                "baseline": float(np.median(b)),
                "baseline_low": float(np.quantile(b, 0.05)),
                "baseline_high": float(np.quantile(b, 0.95)),
            }
            if self.alt is not None:
                a = self.alt[:, :, j].sum(axis=1)
                diff = a - b
                row.update(
                    variant=float(np.median(a)),
                    difference=float(np.median(diff)),
                    difference_low=float(np.quantile(diff, 0.05)),
                    difference_high=float(np.quantile(diff, 0.95)),
                )
            rows.append(row)
        return rows

    def monthly(self) -> tuple[list[str], np.ndarray, np.ndarray | None]:
        """Month labels and median arrivals per month and destination (baseline, variant)."""
        cols = [self.places.index(d) for d in self.dests]
        months, base = monthly_arrivals(
            np.median(self.base, axis=0)[:, cols], self.scenario.start_date
        )
        alt = None
        if self.alt is not None:
            _, alt = monthly_arrivals(
                np.median(self.alt, axis=0)[:, cols], self.scenario.start_date
            )
        return months, base, alt

    def queue(self, place: str, day: dt.date) -> tuple[float, float]:
        """Median people waiting at a crossing on a day, and the queue's length in km."""
        j = self.places.index(place)
        d = (day - self.scenario.start_date).days
        people = float(np.median(self.base_queue[:, d, j]))
        return people, people / PEOPLE_PER_CAR * METRES_PER_CAR / 1000


def compare(
    own: OwnScenario,
    whatifs: list[str] | None = None,
    *,
    runs: int = 1,
    seed: int = 0,
    vary: bool = True,
    workers: int = 1,
    scheduler: str | None = None,
    progress: Callable[[int], None] | None = None,
    driver: EstimateDriver | None = None,
) -> Comparison:
    """Baseline (and variant) with the same seeds and parameter draws: paired differences.

    With `driver` (the estimate that drives `own`) and `vary`, each of several runs takes its
    own posterior draw of the departures; a single run keeps the median series."""
    base_sc = own.scenario
    alt_sc = None
    label = "baseline"
    for text in whatifs or []:
        alt_sc = apply_whatif(alt_sc or base_sc, parse_whatif(text))
        label = "; ".join(whatifs or [])
    if runs == 1 and not vary:
        jobs = [Job(seed)]
    else:
        jobs = ensemble_jobs(base_sc, runs, seed=seed, vary=vary and runs > 1)
        if driver is not None and vary and runs > 1 and driver.result is not None:
            from emigre.simulate.estimated import departure_jobs

            for job, series in zip(jobs, departure_jobs(own, driver, runs, seed), strict=True):
                job.changes["departures"] = series
    done = [0]

    def tick(_: int) -> None:
        done[0] += 1
        if progress:
            progress(done[0])

    base_out = run_many(base_sc, jobs, workers=workers, scheduler=scheduler, progress=tick)
    alt_out: list[RunOutput] | None = None
    if alt_sc is not None:
        alt_out = run_many(alt_sc, jobs, workers=workers, scheduler=scheduler, progress=tick)
    places = [p.name for p in base_sc.places]
    return Comparison(
        scenario=base_sc,
        variant=alt_sc,
        places=places,
        dests=destinations(base_sc),
        base=np.stack([o.arrivals for o in base_out]),
        alt=None if alt_out is None else np.stack([o.arrivals for o in alt_out]),
        base_queue=np.stack([o.occupancy for o in base_out]),
        label=label,
        base_onward=_stack_onward(base_out),
        departures=_departures_label(own, driver, runs, vary),
        return_places=tuple(p.name for p in base_sc.places if p.attributes.get("kind") == "return"),
    )


def _stack_onward(outs: list[RunOutput]) -> np.ndarray | None:
    if any(o.onward is None for o in outs):
        return None
    return np.stack([o.onward for o in outs])  # type: ignore[misc]


def _departures_label(
    own: OwnScenario, driver: EstimateDriver | None, runs: int, vary: bool
) -> str:
    if driver is None:
        return own.departures_used
    if runs > 1 and vary and driver.result is not None:
        return f"{driver.label()}, a posterior draw per run"
    return f"{driver.label()}, posterior median"


def plot_comparison(c: Comparison, path: str | Path, top: int = 6, source: str = "") -> Path:
    """Cumulative arrivals for the destinations most changed (or largest), baseline vs variant."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    dates = [c.scenario.date_of(d) for d in range(c.base.shape[1])]
    cols = [c.places.index(d) for d in c.dests]
    base = np.cumsum(c.base[:, :, cols], axis=1)
    alt = None if c.alt is None else np.cumsum(c.alt[:, :, cols], axis=1)
    change = np.abs(np.median(alt[:, -1] - base[:, -1], axis=0)) if alt is not None else None
    order = np.argsort(-(change if change is not None else np.median(base[:, -1], axis=0)))[:top]
    n = len(order)
    ncols = min(3, n)
    nrows = int(np.ceil(n / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(3.6 * ncols, 2.5 * nrows + 0.9), squeeze=False)
    for k, j in enumerate(order):
        ax = axes[k // ncols][k % ncols]
        for arr, colour, name in ((base, "#555555", "baseline"), (alt, "#d1495b", "what-if")):
            if arr is None:
                continue
            med = np.median(arr[:, :, j], axis=0) / 1000
            ax.plot(dates, med, color=colour, lw=1.5, label=name)
            if arr.shape[0] > 1:
                lo, hi = np.quantile(arr[:, :, j], [0.05, 0.95], axis=0) / 1000
                ax.fill_between(dates, lo, hi, color=colour, alpha=0.2, lw=0)
        ax.set_title(c.dests[j], fontsize=9)
        ax.set_ylim(bottom=0)
        ax.set_ylabel("thousand people", fontsize=7)
        ax.tick_params(labelsize=7)
        ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=2, maxticks=5))
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax.xaxis.get_major_locator()))
    for k in range(n, nrows * ncols):
        axes[k // ncols][k % ncols].axis("off")
    axes[0][0].legend(fontsize=7, frameon=False)
    title = f"{c.scenario.name}: cumulative entries by destination"
    if c.alt is not None:
        title += f" — what-if: {c.label}"
    if c.runs > 1:
        title += f" (median and 90% interval of {c.runs} runs)"
    fig.suptitle(title, fontsize=10)
    if source:
        fig.text(0.01, 0.005, f"Source: {source}", fontsize=7, color="#555555")
    fig.tight_layout(rect=(0, 0.03, 1, 0.95))
    out = Path(path)
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return out
