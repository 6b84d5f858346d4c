"""`emigre simulate`: run a scenario, validate it against observations, plot it."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import numpy as np
import typer
from rich.table import Table

from emigre.cli.context import console, err_console, settings

sim_app = typer.Typer(
    name="simulate",
    help="Agent-based simulation of where people go.\n\n"
    "Example: emigre simulate run ../shared/flee/mali --validate --plot mali.png",
    no_args_is_help=True,
    rich_markup_mode="rich",
)


@sim_app.command("run")
def run_cmd(
    folder: Annotated[
        Path,
        typer.Argument(
            help="A scenario folder in Flee's format (input_csv/, source_data/), or a scenario "
            "YAML file in emigre's own format"
        ),
    ],
    seed: Annotated[int | None, typer.Option(help="Random seed (same seed, same run)")] = None,
    days: Annotated[int | None, typer.Option(min=1, help="Days to run (default: all)")] = None,
    validate: Annotated[
        bool, typer.Option("--validate", help="Compare with the camp data: ARD and a table")
    ] = False,
    plot: Annotated[
        Path | None, typer.Option(help="Write simulated vs observed per camp to this PNG")
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the tidy table (CSV)")
    ] = None,
    backend: Annotated[
        str, typer.Option(help="auto, numba (compiled) or numpy (reference)")
    ] = "auto",
) -> None:
    """Run a scenario: a Flee-format folder, or one of emigre's own YAML files.

    Example: emigre simulate run ../shared/flee/car --validate --seed 1 --plot car.png
    """
    from emigre.simulate.engine import Simulation
    from emigre.simulate.flee_format import read_flee_scenario

    if backend not in ("auto", "numba", "numpy"):
        raise typer.BadParameter("must be auto, numba or numpy", param_hint="--backend")
    t0 = time.perf_counter()
    targets = []
    if folder.is_file() and folder.suffix in (".yaml", ".yml"):
        from emigre.simulate.own_format import read_own_scenario

        own = read_own_scenario(folder)
        scenario, targets = own.scenario, own.targets
    else:
        scenario = read_flee_scenario(folder)
    if not settings.quiet:
        for w in scenario.warnings:
            err_console.print(f"[yellow]warning:[/] {w}", highlight=False)
    sim = Simulation(scenario, seed=seed, days=days, backend=backend)
    with _progress(sim.days) as advance:
        result = sim.run(progress=advance)
    elapsed = time.perf_counter() - t0
    console.print(
        f"[bold]{scenario.name}[/]: {result.days} days, {len(result.places)} places, "
        f"{int(result.spawned.sum()):,} agents spawned (one agent stands for {result.hasten}), "
        f"{elapsed:.2f} s ({sim.backend})"
    )
    if output:
        result.to_csv(output)
        console.print(f"table written to {output}")
    if targets and (validate or plot):
        from emigre.simulate.fit import fit, misfit

        fits = fit(result, targets)
        ft = Table(title=f"fit to targets (mean |log ratio| {misfit(fits):.2f})")
        for col in ("destination", "period", "target", "simulated", "ratio"):
            ft.add_column(col, justify="left" if col in ("destination", "period") else "right")
        for f in fits:
            ft.add_row(
                f.target.place,
                f"{f.target.start} – {f.target.end}",
                f"{f.target.people:,.0f}",
                f"{f.simulated:,.0f}",
                f"{f.ratio:.2f}",
            )
        console.print(ft)
        return
    if validate or plot:
        from emigre.simulate.validate import validate as check

        if not scenario.observed:
            raise typer.BadParameter("the scenario has no camp observations to compare with")
        v = check(result, scenario)
        console.print(f"ARD {v.ard:.3f}   rescaled ARD {v.ard_rescaled:.3f}")
        table = Table(title="per camp (people)", show_lines=False)
        for col in ("camp", "observed at end", "simulated at end", "mean |diff|", "share of error"):
            table.add_column(col, justify="left" if col == "camp" else "right")
        for c in v.camps:
            table.add_row(
                c.camp,
                f"{c.observed_end * v.hasten:,}",
                f"{c.simulated_end * v.hasten:,}",
                f"{c.mean_abs_diff * v.hasten:,.0f}",
                f"{c.share_of_error:.0%}",
            )
        console.print(table)
        if plot:
            from emigre.simulate.plot import plot_validation

            plot_validation(
                v,
                plot,
                title=scenario.name,
                dates=result.dates(),
                source="UNHCR camp registrations via Flee's validation data; simulation: emigre",
            )
            console.print(f"plot written to {plot}")


def _case_command(case: str) -> None:
    """Register `emigre simulate <case>` for a built-in case with a scenario."""

    @sim_app.command(case)
    def case_cmd(
        what_if: Annotated[
            list[str] | None,
            typer.Option(
                "--what-if",
                help="A variant to compare with the baseline, e.g. 'close GEO from "
                "2022-09-25', 'open FIN', 'cap GEO 5000/day from 2022-09-21', "
                "'visa-required GEO' (repeat to combine)",
            ),
        ] = None,
        runs: Annotated[int, typer.Option(min=1, help="Runs (seeds and parameter draws)")] = 1,
        seed: Annotated[int, typer.Option(help="Seed of the whole ensemble")] = 0,
        workers: Annotated[
            int, typer.Option(min=1, help="Dask local cluster of this many processes")
        ] = 1,
        scheduler: Annotated[
            str | None, typer.Option(help="Address of an existing Dask scheduler")
        ] = None,
        vary: Annotated[
            bool, typer.Option(help="Draw uncertain parameters in each run (with --runs)")
        ] = True,
        plot: Annotated[Path | None, typer.Option(help="Chart of arrivals to this PNG")] = None,
        monthly: Annotated[bool, typer.Option(help="Also print arrivals month by month")] = False,
        departures: Annotated[
            Path | None,
            typer.Option(help="CSV of date,people (cumulative departures) to drive the run"),
        ] = None,
        output: Annotated[
            Path | None,
            typer.Option("--output", "-o", help="Arrivals by month and destination (tidy CSV)"),
        ] = None,
        from_estimate: Annotated[
            bool,
            typer.Option(
                "--from-estimate",
                help="Drive the run with emigre.estimate's departures series (its median)",
            ),
        ] = False,
    ) -> None:
        """Run the case's scenario; with --what-if, a variant against the baseline.

        Example: emigre simulate russia-2022 --what-if "close GEO from 2022-09-25" --runs 20
        """
        _run_case(
            case,
            what_if or [],
            runs,
            seed,
            workers,
            scheduler,
            vary,
            plot,
            monthly,
            departures,
            output,
            from_estimate,
        )

    case_cmd.__name__ = f"case_{case.replace('-', '_')}"


def _run_case(
    case: str,
    what_if: list[str],
    runs: int,
    seed: int,
    workers: int,
    scheduler: str | None,
    vary: bool,
    plot: Path | None,
    monthly: bool,
    departures: Path | None = None,
    output: Path | None = None,
    from_estimate: bool = False,
) -> None:
    import datetime as dt

    from emigre.simulate.fit import fit, misfit
    from emigre.simulate.scenario_run import compare, load_case, plot_comparison
    from emigre.simulate.whatif import apply_whatif, parse_whatif

    own = load_case(case)
    if from_estimate:
        from emigre.simulate.scenario_run import from_estimate as use_estimate

        own, notes = use_estimate(own, case)
        for note in notes:
            console.print(f"[dim]{note}[/]")
    if departures is not None:
        from emigre.simulate.own_format import read_departures_csv, with_departures

        own = with_departures(own, *read_departures_csv(departures), source=str(departures))
    for text in what_if:  # check every variant before running anything
        apply_whatif(own.scenario, parse_whatif(text))
    total = runs * (2 if what_if else 1)
    t0 = time.perf_counter()
    with _progress(total, "runs") as advance:
        c = compare(
            own,
            what_if,
            runs=runs,
            seed=seed,
            vary=vary,
            workers=workers,
            scheduler=scheduler,
            progress=advance,
        )
    console.print(
        f"[bold]{own.scenario.name}[/]: {own.scenario.start_date} to "
        f"{own.scenario.date_of(own.scenario.days - 1)}, {c.runs} run(s)"
        + (f", what-if: {c.label}" if what_if else "")
        + f" ({time.perf_counter() - t0:.1f} s)"
    )
    interval = c.runs > 1
    table = Table(title="arrivals by destination (people, whole period)")
    table.add_column("destination")
    table.add_column("baseline", justify="right")
    if interval:
        table.add_column("90% interval", justify="right")
    if what_if:
        table.add_column("what-if", justify="right")
        table.add_column("difference", justify="right")
        if interval:
            table.add_column("90% interval", justify="right")
    for row in c.totals():
        cells = [str(row["destination"]), f"{row['baseline']:,.0f}"]
        if interval:
            cells.append(f"{row['baseline_low']:,.0f}–{row['baseline_high']:,.0f}")
        if what_if:
            cells += [f"{row['variant']:,.0f}", f"{row['difference']:+,.0f}"]
            if interval:
                cells.append(f"{row['difference_low']:+,.0f} to {row['difference_high']:+,.0f}")
        table.add_row(*cells)
    console.print(table)
    if monthly:
        months, base, alt = c.monthly()
        mt = Table(
            title="arrivals by month (median)" + (" — what-if minus baseline" if what_if else "")
        )
        mt.add_column("month")
        for d in c.dests:
            mt.add_column(d[:12], justify="right")
        for i, m in enumerate(months):
            vals = (alt[i] - base[i]) if alt is not None else base[i]
            mt.add_row(m, *[f"{v:+,.0f}" if alt is not None else f"{v:,.0f}" for v in vals])
        console.print(mt)
    if not what_if and own.targets:
        from emigre.simulate.engine import Result

        median = Result(
            scenario=own.scenario.name,
            start_date=own.scenario.start_date,
            places=c.places,
            occupancy=np.median(c.base_queue, axis=0),
            arrivals=np.median(c.base, axis=0),
            spawned=np.zeros(c.base.shape[1]),
            in_transit=np.zeros(c.base.shape[1]),
        )
        fits = fit(median, own.targets)
        ft = Table(title=f"fit to targets (mean |log ratio| {misfit(fits):.2f})")
        for col in ("destination", "period", "target", "simulated", "ratio", "source"):
            ft.add_column(
                col, justify="right" if col in ("target", "simulated", "ratio") else "left"
            )
        for f in fits:
            t = f.target
            ft.add_row(
                t.place,
                f"{t.start} – {t.end}",
                f"{t.people:,.0f}",
                f"{f.simulated:,.0f}",
                f"{f.ratio:.2f}",
                t.source + ("" if t.measure == "flow" else f" ({t.measure})"),
            )
        console.print(ft)
        if "Verkhny Lars" in c.places:
            people, km = c.queue("Verkhny Lars", dt.date(2022, 9, 25))
            console.print(
                f"queue at Verkhny Lars on 2022-09-25: {people:,.0f} people waiting, about "
                f"{km:.0f} km of cars (3 people a car, 7 m a car: assumptions); reported: more "
                "than 30 km (seed-ref-27)"
            )
    if output:
        import csv

        months, base, alt = c.monthly()
        with output.open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["month", "destination", "baseline", "what_if", "difference", "runs"])
            for i, m in enumerate(months):
                for j, d in enumerate(c.dests):
                    b = round(float(base[i, j]))
                    a = "" if alt is None else round(float(alt[i, j]))
                    diff = "" if alt is None else a - b
                    w.writerow([m, d, b, a, diff, c.runs])
        console.print(f"table written to {output}")
    if plot:
        plot_comparison(
            c,
            plot,
            source="emigre simulation of the russia-2022 scenario "
            "(src/emigre/cases/russia_2022/scenario.yaml)",
        )
        console.print(f"plot written to {plot}")


@sim_app.command("calibrate")
def calibrate_cmd(
    target: Annotated[str, typer.Argument(help="A built-in case (russia-2022) or a Flee folder")],
    samples: Annotated[int, typer.Option(min=2, help="Latin hypercube samples (Flee folder)")] = 16,
    iterations: Annotated[int, typer.Option(min=1, help="Fitting rounds (case)")] = 12,
    seed: Annotated[int, typer.Option(help="Seed")] = 1,
    workers: Annotated[int, typer.Option(min=1, help="Dask local cluster processes")] = 1,
    scheduler: Annotated[str | None, typer.Option(help="Existing Dask scheduler")] = None,
    from_estimate: Annotated[
        bool,
        typer.Option(
            "--from-estimate",
            help="Departures and target arrivals by destination from emigre.estimate (a case)",
        ),
    ] = False,
) -> None:
    """Fit free parameters: destinations' pull to target arrivals (a case), or the movement
    rules to camp data by ARD over a Latin hypercube (a Flee folder).

    Example: emigre simulate calibrate ../shared/flee/mali --samples 32 --workers 2
    """
    folder = Path(target)
    if folder.is_dir():
        _calibrate_flee(folder, samples, seed, workers, scheduler)
        return
    from emigre.simulate.fit import calibrate_attractiveness
    from emigre.simulate.scenario_run import load_case

    own = load_case(target)
    if from_estimate:
        from emigre.simulate.scenario_run import from_estimate as use_estimate

        own, notes = use_estimate(own, target)
        for note in notes:
            console.print(f"[dim]{note}[/]")
    with _progress(iterations, "rounds") as advance:
        pulls, fits, history = calibrate_attractiveness(
            own.scenario, own.targets, seed=seed, iterations=iterations, progress=advance
        )
    console.print(f"misfit (mean |log ratio|) by round: {', '.join(f'{h:.3f}' for h in history)}")
    t = Table(title="fitted attractiveness (relative pull of each destination)")
    t.add_column("destination")
    t.add_column("attractiveness", justify="right")
    for name, value in pulls.items():
        t.add_row(name, f"{value:.3g}")
    console.print(t)
    ft = Table(title="fit")
    for col in ("destination", "period", "target", "simulated", "ratio"):
        ft.add_column(col)
    for f in fits:
        ft.add_row(
            f.target.place,
            f"{f.target.start} – {f.target.end}",
            f"{f.target.people:,.0f}",
            f"{f.simulated:,.0f}",
            f"{f.ratio:.2f}",
        )
    console.print(ft)


def _calibrate_flee(
    folder: Path, samples: int, seed: int, workers: int, scheduler: str | None
) -> None:
    from emigre.simulate.ensemble import CALIBRATION_RANGES, Job, latin_hypercube, run_many
    from emigre.simulate.flee_format import read_flee_scenario

    scenario = read_flee_scenario(folder)
    points = latin_hypercube(CALIBRATION_RANGES, samples, seed=seed)
    jobs = [Job(seed, p) for p in points]
    with _progress(len(jobs), "runs") as advance:
        outs = run_many(
            scenario, jobs, workers=workers, scheduler=scheduler, validate=True, progress=advance
        )
    outs.sort(key=lambda o: o.ard if o.ard is not None else float("inf"))
    t = Table(title=f"{scenario.name}: {samples} Latin hypercube samples, best first (ARD)")
    for col in (*CALIBRATION_RANGES, "ARD", "rescaled"):
        t.add_column(col, justify="right")
    for o in outs[:10]:
        t.add_row(
            *[f"{o.changes[k]:.3g}" for k in CALIBRATION_RANGES],
            f"{o.ard:.3f}",
            f"{o.ard_rescaled:.3f}",
        )
    console.print(t)
    console.print(
        "scenario's own settings: "
        + ", ".join(f"{k}={getattr(scenario.rules, k):.3g}" for k in CALIBRATION_RANGES)
    )


class _progress:
    """A Rich progress bar over simulated days (silent with --quiet)."""

    def __init__(self, total: int, what: str = "days") -> None:
        self.total = total
        self.what = what

    def __enter__(self):
        if settings.quiet:
            return lambda day: None
        from rich.progress import Progress

        self.bar = Progress(transient=True, console=err_console)
        self.bar.__enter__()
        task = self.bar.add_task(f"simulating ({self.what})", total=self.total)
        return lambda day: self.bar.update(task, completed=day)

    def __exit__(self, *exc: object) -> None:
        if not settings.quiet:
            self.bar.__exit__(*exc)


for _case in ("russia-2022",):
    _case_command(_case)


def register(app: typer.Typer) -> None:
    app.add_typer(sim_app, name="simulate")
