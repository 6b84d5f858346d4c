"""`emigre simulate`: run a scenario, validate it against observations, plot it."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

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
        Path, typer.Argument(help="A scenario folder in Flee's format (input_csv/, source_data/)")
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
    """Run a Flee-format scenario.

    Example: emigre simulate run ../shared/flee/car --validate --seed 1 --plot car.png
    """
    from emigre.simulate.engine import Simulation
    from emigre.simulate.flee_format import read_flee_scenario

    if backend not in ("auto", "numba", "numpy"):
        raise typer.BadParameter("must be auto, numba or numpy", param_hint="--backend")
    t0 = time.perf_counter()
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
        f"{int(result.spawned.sum()):,} agents spawned (1 agent = {result.hasten} people), "
        f"{elapsed:.2f} s ({sim.backend})"
    )
    if output:
        result.to_csv(output)
        console.print(f"table written to {output}")
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


class _progress:
    """A Rich progress bar over simulated days (silent with --quiet)."""

    def __init__(self, total: int) -> None:
        self.total = total

    def __enter__(self):
        if settings.quiet:
            return lambda day: None
        from rich.progress import Progress

        self.bar = Progress(transient=True, console=err_console)
        self.bar.__enter__()
        task = self.bar.add_task("simulating", total=self.total)
        return lambda day: self.bar.update(task, completed=day)

    def __exit__(self, *exc: object) -> None:
        if not settings.quiet:
            self.bar.__exit__(*exc)


def register(app: typer.Typer) -> None:
    app.add_typer(sim_app, name="simulate")
