"""Commands over the evidence base: cases, claims, sources, events, policies, export, import."""

from __future__ import annotations

import typer

from emigre.cli.context import console


def cases() -> None:
    """List the built-in cases.

    Example: emigre cases
    """
    from emigre.cases import builtin_case_dirs, load_builtin

    for case_id in builtin_case_dirs():
        bundle = load_builtin(case_id)
        console.print(f"{case_id}\t{bundle.case.title}")


def register(app: typer.Typer) -> None:
    app.command()(cases)
