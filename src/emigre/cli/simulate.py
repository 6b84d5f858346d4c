"""`emigre simulate`: run a scenario, validate it against observations, plot it."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import numpy as np
import typer
from rich import box
from rich.markup import escape
from rich.table import Table

from emigre.cases import builtin_scenarios
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
    departures: Annotated[
        str,
        typer.Option(
            help="An own YAML file: what drives departures: 'auto' (the file's `driver`: its "
            "case's estimate, else its table), 'estimate', 'table', or a CSV of date,people",
        ),
    ] = "auto",
    hasten: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="One agent per this many people, instead of the scenario's own "
            "(Flee's optimisations.hasten; 1: every person an agent)",
        ),
    ] = None,
    what_if: Annotated[
        list[str] | None,
        typer.Option(
            "--what-if",
            help="On a Flee folder: a variant run beside the baseline (same seed), with the "
            "folder's names, e.g. 'close Chad from 2014-01-01', 'close \"Bria\"--Bambari', "
            "'open Kousseri', 'cap Cameroon 500/day', 'visa-required Chad' (repeat to combine)",
        ),
    ] = None,
) -> None:
    """Run a scenario: a Flee-format folder, or one of emigre's own YAML files.

    Example: emigre simulate run ../shared/flee/car --validate --seed 1 --plot car.png
    Example: emigre simulate run my-scenario.yaml --departures table --validate
    """
    from emigre.simulate.engine import Simulation
    from emigre.simulate.flee_format import read_flee_scenario

    if backend not in ("auto", "numba", "numpy"):
        raise typer.BadParameter("must be auto, numba or numpy", param_hint="--backend")
    t0 = time.perf_counter()
    targets = []
    driven = None
    if folder.is_file() and folder.suffix in (".yaml", ".yml"):
        from emigre.simulate.own_format import read_own_scenario

        driven = _driven(read_own_scenario(folder), departures, draws=False)
        for note in driven.notes:
            err_console.print(f"[dim]{note}[/]", highlight=False)
        own = driven.own
        scenario, targets = own.scenario, own.targets
    else:
        if departures != "auto":
            raise typer.BadParameter(
                "only for emigre's own YAML files (a Flee folder spawns from its conflicts)",
                param_hint="--departures",
            )
        scenario = read_flee_scenario(folder)
    if what_if and driven is not None:
        raise typer.BadParameter(
            "for a Flee folder; a built-in case takes them as emigre simulate CASE --what-if",
            param_hint="--what-if",
        )
    variant = _flee_variant(scenario, what_if or [])
    if not settings.quiet:
        for w in scenario.warnings:
            err_console.print(f"[yellow]warning:[/] {w}", highlight=False)
    if hasten is not None:
        rules = scenario.rules.model_copy(update={"hasten": hasten})
        scenario = scenario.model_copy(update={"rules": rules})
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
    if variant is not None:
        alt = Simulation(variant, seed=seed, days=days, backend=backend).run()
        _print_whatif(result, alt, scenario, what_if or [])
    if driven is not None and driven.targets is not None and validate:
        from emigre.simulate.estimated import fit_runs, return_places

        # this run's entries, onward moves and stocks against the estimate
        fitted = fit_runs(
            result.places,
            scenario.start_date,
            result.arrivals,
            result.onward,
            result.occupancy,
            driven.targets,
            return_places(own),
            result.hasten,
        )
        print_fit(fitted)
        return
    if targets and (validate or plot):
        from emigre.simulate.fit import fit, misfit

        fits = fit(result, targets)
        console.print(
            _claim_fit_table(fits, f"fit to targets (mean |log ratio| {misfit(fits):.2f})")
        )
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

            plot = _png(plot)
            plot_validation(
                v,
                plot,
                title=scenario.name,
                dates=result.dates(),
                source="UNHCR camp registrations via Flee's validation data; simulation: emigre",
            )
            console.print(f"plot written to {plot}")


def _flee_variant(scenario, what_if: list[str]):  # type: ignore[no-untyped-def]
    """The Flee scenario with every what-if applied (all checked before anything runs)."""
    if not what_if:
        return None
    from emigre.simulate.flee_whatif import apply_flee_whatif, parse_flee_whatif

    variant = scenario
    for text in what_if:
        variant = apply_flee_whatif(variant, parse_flee_whatif(text))
    return variant


def _print_whatif(base, alt, scenario, what_if: list[str]) -> None:  # type: ignore[no-untyped-def]
    """People at each camp at the end: baseline, what-if and the difference."""
    from emigre.model.scenario import PlaceKind

    camps = [p.name for p in scenario.places if p.kind in (PlaceKind.camp, PlaceKind.idpcamp)]
    table = Table(title=f"at the end ({base.dates()[-1]}), what-if: {'; '.join(what_if)}")
    for col in ("camp", "baseline", "what-if", "difference"):
        table.add_column(col, justify="left" if col == "camp" else "right")
    h = base.hasten
    for name in camps:
        b, a = int(base.place(name)[-1]) * h, int(alt.place(name)[-1]) * h
        table.add_row(name, f"{b:,}", f"{a:,}", f"{a - b:+,}")
    console.print(table)


def _png(path: Path) -> Path:
    """Where the chart really goes: matplotlib adds .png to a name without a suffix."""
    return path if path.suffix else path.with_suffix(".png")


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
        runs: Annotated[
            int,
            typer.Option(
                min=1,
                help="Runs: seeds, parameter draws and (estimate-driven) posterior draws of "
                "the departures",
            ),
        ] = 1,
        seed: Annotated[int, typer.Option(help="Seed of the whole ensemble")] = 0,
        workers: Annotated[
            int, typer.Option(min=1, help="Dask local cluster of this many processes")
        ] = 1,
        scheduler: Annotated[
            str | None, typer.Option(help="Address of an existing Dask scheduler")
        ] = None,
        vary: Annotated[
            bool,
            typer.Option(help="Draw uncertain parameters and departures in each run (--runs)"),
        ] = True,
        plot: Annotated[Path | None, typer.Option(help="Chart of arrivals to this PNG")] = None,
        monthly: Annotated[bool, typer.Option(help="Also print arrivals month by month")] = False,
        departures: Annotated[
            str,
            typer.Option(
                help="What drives departures: 'auto' (the scenario's choice: the case's "
                "estimate, else its table), 'estimate', 'table', or a CSV of date,people",
            ),
        ] = "auto",
        output: Annotated[
            Path | None,
            typer.Option("--output", "-o", help="Arrivals by month and destination (tidy CSV)"),
        ] = None,
        show_fit: Annotated[
            bool,
            typer.Option(
                "--fit",
                help="Print the fit of the baseline to the estimate (entries and stocks by "
                "destination, with the estimate's 80 % intervals); on without --what-if",
            ),
        ] = False,
    ) -> None:
        """Run the case's scenario; with --what-if, a variant against the baseline.

        Departures come from the case's estimate (emigre estimate --case CASE, read from its
        cache) unless --departures says otherwise; the output says which drove the run.

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
            show_fit or not what_if,
        )

    case_cmd.__name__ = f"case_{case.replace('-', '_')}"


def _driven(own, departures: str, draws: bool):  # type: ignore[no-untyped-def]
    """The scenario driven as asked, with its case's estimate when that is wanted."""
    from emigre.errors import InputError
    from emigre.simulate.estimated import driver_for_case, prepare

    driver, why_not = None, ""
    if departures == "estimate" or (departures == "auto" and own.driver == "estimate"):
        from emigre.cli.estimate import _progress as sampling

        try:
            if not own.case:
                raise InputError("the scenario names no `case` to estimate", file=own.path)
            with sampling(not settings.quiet) as progress:
                driver = driver_for_case(own.case, settings.db_url, draws=draws, progress=progress)
        except InputError as exc:
            if departures == "estimate":
                raise
            why_not = str(exc)
    return prepare(own, departures, driver, why_not)


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
    departures: str = "auto",
    output: Path | None = None,
    show_fit: bool = True,
) -> None:
    import datetime as dt

    from emigre.simulate.scenario_run import compare, load_case, plot_comparison
    from emigre.simulate.whatif import apply_whatif, parse_whatif

    driven = _driven(load_case(case), departures, draws=runs > 1 and vary)
    own = driven.own
    for note in driven.notes:
        console.print(f"[dim]{note}[/]", highlight=False)
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
            driver=driven.driver,
        )
    from emigre.cli.output import plural

    console.print(
        f"[bold]{own.scenario.name}[/]: {own.scenario.start_date} to "
        f"{own.scenario.date_of(own.scenario.days - 1)}, {plural(c.runs, 'run')}"
        + (f", what-if: {c.label}" if what_if else "")
        + f", departures: {c.departures}"
        + f" ({time.perf_counter() - t0:.1f} s)",
        highlight=False,
    )
    interval = c.runs > 1
    table = Table(title="entries by destination (people, whole period; onward moves included)")
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
        cells = [escape(place_name(str(row["destination"]))), f"{row['baseline']:,.0f}"]
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
    if show_fit:
        if driven.targets is not None:
            print_fit(c.fit(driven.targets))
        elif own.targets:
            _print_claim_fit(c, own)
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
        plot = _png(plot)
        plot_comparison(
            c,
            plot,
            source=f"emigre simulation of the {case} scenario "
            f"({Path(own.path).name} of the built-in case); departures: {c.departures}",
        )
        console.print(f"plot written to {plot}")


def _print_claim_fit(c, own) -> None:  # type: ignore[no-untyped-def]
    """Without an estimate: the run against the scenario's own claim targets."""
    from emigre.simulate.engine import Result
    from emigre.simulate.fit import fit, misfit

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
    title = f"fit to the scenario's claim targets (mean |log ratio| {misfit(fits):.2f})"
    console.print(_claim_fit_table(fits, title))


def _claim_fit_table(fits, title: str) -> Table:  # type: ignore[no-untyped-def]
    """Simulated arrivals against the claims a scenario names as targets."""
    ft = Table(title=title)
    for col in ("destination", "period", "target", "simulated", "ratio", "source"):
        ft.add_column(col, justify="right" if col in ("target", "simulated", "ratio") else "left")
    for f in fits:
        t = f.target
        ft.add_row(
            escape(place_name(t.place)),
            f"{t.start} – {t.end}",
            f"{t.people:,.0f}",
            f"{f.simulated:,.0f}",
            f"{f.ratio:.2f}",
            t.source + ("" if t.measure == "flow" else f" ({t.measure})"),
        )
    return ft


def place_name(name: str) -> str:
    """A scenario's place named as a country (its Flee name 'Turkey') shows under the name
    used everywhere else ('Türkiye'); other places keep their own names."""
    from emigre.model import country_name, lookup_country

    code = lookup_country(name)
    return country_name(code) if code else name


def _fit_table(title: str) -> Table:
    t = Table(
        title=title, title_justify="left", box=box.SIMPLE_HEAD, header_style="bold",
        show_edge=False, pad_edge=False,
    )  # fmt: skip
    t.add_column("destination", min_width=12)
    for col in ("simulated", "estimate", "80 % interval", "inside"):
        t.add_column(col, justify="right", no_wrap=True)
    return t


def print_fit(f) -> None:  # type: ignore[no-untyped-def]
    """The fit of simulated entries and stocks to the estimate, by destination."""
    runs = f"median of {f.runs} runs" if f.runs > 1 else "one run"
    tot = f.totals
    dep, rem = tot.departures, tot.remaining

    def yes(flag: bool) -> str:
        return "[green]yes[/]" if flag else "[red]no[/]"

    def band(x) -> str:  # type: ignore[no-untyped-def]
        return f"{x.low80:,.0f}–{x.high80:,.0f}"

    # two tables of six columns, not one of eight: at 80 columns no figure or status is cut
    entries = _fit_table(f"entries, simulated ({runs}) against the estimate, to {tot.date}")
    entries.add_column("onward", justify="right", no_wrap=True)  # of the entries: moved on
    present = _fit_table(f"present on {tot.date}, simulated ({runs}) against the estimate")
    for r in f.rows:
        a, st = r.target.arrivals, r.target.stock
        where = "" if r.target.places else " [dim](not in the scenario)[/]"
        name = escape(r.target.name) + where
        entries.add_row(
            name, f"{r.entries.median:,.0f}", f"{a.median:,.0f}", band(a),
            yes(r.entries_inside), f"{r.onward.median:,.0f}",
        )  # fmt: skip
        present.add_row(
            name, f"{r.stock.median:,.0f}", f"{st.median:,.0f}", band(st), yes(r.stock_inside)
        )
    entries.add_row(
        "[bold]all destinations[/]", f"{f.departures.median:,.0f}", f"{dep.median:,.0f}",
        band(dep), yes(dep.low80 <= f.departures.median <= dep.high80), "",
    )  # fmt: skip
    present.add_row(
        "[bold]all destinations[/]", f"{f.remaining.median:,.0f}", f"{rem.median:,.0f}",
        band(rem), yes(rem.low80 <= f.remaining.median <= rem.high80),
    )  # fmt: skip
    console.print(entries)
    console.print(present)
    e_in, s_in, n = f.inside
    medians = sum(r.target.stock.median for r in f.rows)
    by_period = f.period_misfit
    console.print(
        f"entries inside the estimate's 80 % interval: {e_in} of {n} destinations, stocks: "
        f"{s_in} of {n}; mean |log(simulated / estimated)|: entries {f.entries_misfit:.3f}"
        + (f" ({by_period:.3f} by wave)" if by_period is not None else "")
        + f", stocks {f.stock_misfit:.3f}. The all-destinations row sets first arrivals against "
        "the estimate's departures, and everyone present against everyone abroad (the "
        f"destinations' median stocks add up to {medians:,.0f}: medians of skewed figures "
        "do not add up to the median of their sum)."
        + (
            f" Gone back: {f.returned.median:,.0f} simulated, {tot.returned.median:,.0f} estimated."
            if f.returned is not None and tot.returned is not None
            else ""
        ),
        highlight=False,
    )
    for note in f.notes:
        console.print(f"[dim]{note}[/]", highlight=False)


@sim_app.command("calibrate")
def calibrate_cmd(
    target: Annotated[str, typer.Argument(help="A built-in case (russia-2022) or a Flee folder")],
    samples: Annotated[int, typer.Option(min=2, help="Latin hypercube samples (Flee folder)")] = 16,
    iterations: Annotated[int, typer.Option(min=1, help="Fitting rounds at most (case)")] = 30,
    seed: Annotated[int, typer.Option(help="Seed")] = 1,
    workers: Annotated[int, typer.Option(min=1, help="Dask local cluster processes")] = 1,
    scheduler: Annotated[str | None, typer.Option(help="Existing Dask scheduler")] = None,
    departures: Annotated[
        str,
        typer.Option(
            help="A case: 'auto' or 'estimate' fits pulls and move chances to the estimate; "
            "'table' fits pulls to the scenario's claim targets"
        ),
    ] = "auto",
    write: Annotated[
        bool,
        typer.Option(
            "--write",
            help="A case: write the fitted values into the scenario file's calibration block",
        ),
    ] = False,
) -> None:
    """Fit free parameters: for a case, each destination's pull and daily chance of leaving
    to the estimate's entries and stocks (or the pulls to the scenario's claim targets); for a
    Flee folder, the movement rules to camp data by ARD over a Latin hypercube.

    Example: emigre simulate calibrate russia-2022 --seed 1 --write
    """
    folder = Path(target)
    if folder.is_dir():
        _calibrate_flee(folder, samples, seed, workers, scheduler)
        return
    from emigre.simulate.scenario_run import load_case

    driven = _driven(load_case(target), departures, draws=True)  # draws: entries by wave
    for note in driven.notes:
        console.print(f"[dim]{note}[/]", highlight=False)
    own = driven.own
    if driven.targets is None:
        _calibrate_to_claims(own, iterations, seed, write)
        return
    from emigre.simulate.estimated import return_places
    from emigre.simulate.fit import calibrate_to_estimate

    with _progress(iterations, "rounds") as advance:
        cal = calibrate_to_estimate(
            own.scenario,
            driven.targets,
            seed=seed,
            iterations=iterations,
            return_places=return_places(own),
            progress=advance,
        )
    console.print(
        f"weighted misfit (mean squared z of entries and stocks) by round: "
        f"{', '.join(f'{h:.3f}' for h in cal.history)}",
        highlight=False,
    )
    t = Table(title="fitted pull (from each period's start) and daily chance of leaving")
    t.add_column("destination")
    for start in cal.periods:
        t.add_column(f"pull from {start}", justify="right")
    t.add_column("movechance", justify="right")
    t.add_column("mean stay (days)", justify="right")
    for name, values in cal.attractiveness.items():
        mc = cal.movechance.get(name)
        cells = [f"{v:.4g}" for v in values] + [""] * (len(cal.periods) - len(values))
        t.add_row(
            name,
            *cells,
            "" if mc is None else f"{mc:.4g}",
            "" if mc is None else (f"{1 / mc:,.0f}" if mc > 0 else "never"),
        )
    console.print(t)
    print_fit(cal.fit)
    assert driven.driver is not None
    command = f"emigre simulate calibrate {target} --seed {seed} --iterations {iterations}"
    block = calibration_block(
        command,
        seed,
        driven.driver.key,
        cal.periods,
        cal.attractiveness,
        cal.movechance,
        cal.fit,
    )
    if write:
        from emigre.simulate.own_format import case_scenario_path

        path = case_scenario_path(target)
        write_calibration(path, block)
        console.print(f"calibration written to {path}")
    else:
        console.print("[dim]the scenario file's block (written with --write):[/]")
        console.print(block, highlight=False, markup=False)


def calibration_block(
    command: str,
    seed: int,
    key: str,
    periods: list,
    pulls: dict[str, list[float]],
    chances: dict[str, float],
    fit: object,
) -> str:
    """The `calibration:` block of a scenario file, with how it was made."""
    e_in, s_in, n = fit.inside  # type: ignore[attr-defined]
    by_period = fit.period_misfit  # type: ignore[attr-defined]
    lines = [
        "calibration:",
        f"  # Fitted by `{command}` to the estimate {key}:",
        "  # each destination's pull in each period (from the dates under `periods`: the",
        "  # case's waves) to the estimate's entries in that period, and its daily chance of",
        "  # leaving (`movechance`) to the estimate's stock on the last day. Entries inside",
        f"  # the estimate's 80 % interval: {e_in} of {n}, stocks {s_in} of {n}; mean |log",
        f"  # ratio| entries {fit.entries_misfit:.3f}"  # type: ignore[attr-defined]
        + (f" ({by_period:.3f} by period)" if by_period is not None else "")
        + f", stocks {fit.stock_misfit:.3f}.",  # type: ignore[attr-defined]
        f"  command: {command}",
        f"  seed: {seed}",
        f"  estimate: {key}",
        f"  periods: [{', '.join(str(d) for d in periods)}]",
        "  places:",
    ]
    for name, values in pulls.items():
        if name not in chances:  # the place people go back to: one pull for all periods
            lines.append(f"    - {{place: {name}, attractiveness: {values[0]:.4g}}}")
            continue
        pull = ", ".join(f"{v:.4g}" for v in values)
        lines.append(
            f"    - {{place: {name}, attractiveness: [{pull}], movechance: {chances[name]:.4g}}}"
        )
    return "\n".join(lines) + "\n"


def write_calibration(path: Path, block: str) -> None:
    """Replace the file's calibration block (always the last) or add it at the end."""
    text = path.read_text(encoding="utf-8")
    at = text.find("\ncalibration:")
    head = text if at < 0 else text[: at + 1]
    path.write_text(head.rstrip("\n") + "\n\n" + block, encoding="utf-8")


def _calibrate_to_claims(own, iterations: int, seed: int, write: bool) -> None:  # type: ignore[no-untyped-def]
    """Without an estimate: destinations' pulls fitted to the scenario's claim targets."""
    from emigre.simulate.fit import calibrate_attractiveness

    if write:
        raise typer.BadParameter("--write stores a calibration to the estimate only")
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
    console.print(_claim_fit_table(fits, "fit"))


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


for _case in builtin_scenarios():  # `emigre simulate <case>` for each built-in scenario
    _case_command(_case)


def register(app: typer.Typer) -> None:
    app.add_typer(sim_app, name="simulate")
