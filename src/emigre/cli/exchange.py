"""Moving a case in and out of the store as a Frictionless data package."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from emigre.cli.context import console, settings
from emigre.cli.output import plural


def export(
    case: Annotated[str, typer.Argument(help="Case id in the store.")],
    folder: Annotated[Path, typer.Argument(help="Folder to write (created if missing).")],
) -> None:
    """Export a case as a Frictionless data package (datapackage.json + one CSV per table).

    Example: emigre export russia-2022 out/russia-2022
    """
    from emigre.cases.datapackage import write_package
    from emigre.store import open_store, repo

    with open_store(settings.db_url).session() as s:
        bundle = repo.read_bundle(s, case)
    path = write_package(bundle, folder)
    if not settings.quiet:
        console.print(
            f"Wrote {path} ({plural(len(bundle.claims), 'claim')}, "
            f"{plural(len(bundle.sources), 'source')}, {plural(len(bundle.events), 'event')}, "
            f"{plural(len(bundle.policies), 'policy', 'policies')})"
        )


def import_(
    path: Annotated[
        Path,
        typer.Argument(help="A package folder, its datapackage.json, or a .zip of the folder."),
    ],
) -> None:
    """Import a data package written by `emigre export`, in one transaction.

    The package is checked whole (types, keys, references) before anything is written.

    Example: emigre import out/russia-2022
    """
    from emigre.cases.datapackage import read_package
    from emigre.store import open_store, repo

    bundle = read_package(path)
    with open_store(settings.db_url).session() as s:
        report = repo.load_bundle(s, bundle, provenance="import")
    if not settings.quiet:
        parts = ", ".join(
            f"{kind}: {getattr(report, kind).added} added, {getattr(report, kind).updated} updated"
            for kind in ("sources", "claims", "events", "policies")
        )
        console.print(f"Imported {bundle.case.id}: {parts}")


def register(app: typer.Typer) -> None:
    app.command()(export)
    app.command("import")(import_)
