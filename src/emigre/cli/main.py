"""The `emigre` command: global options, error handling, and the command modules it gathers."""

from __future__ import annotations

import importlib
import sys
from typing import Annotated

import click
import typer
from pydantic import ValidationError
from typer.core import TyperOption

from emigre import __version__
from emigre.cli.context import print_error, settings
from emigre.errors import InputError, NotFoundError, describe_validation


def _flag_type(self: TyperOption, ctx: click.Context) -> str | None:
    """A flag takes no value, so its help shows no type (Typer prints `<bool>` as if it took
    one)."""
    return None if self.is_flag else _option_type(self, ctx)


_option_type = TyperOption.display_type_rich
TyperOption.display_type_rich = _flag_type  # type: ignore[method-assign]

_app = typer.Typer(
    name="emigre",
    help="An evidence-first observatory of mass emigration: sources, claims, estimates, "
    "scenarios.\n\nExample: emigre load russia-2022 && emigre claims --destination GEO",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)

# Each module defines register(app); add a module here to add its commands.
COMMAND_MODULES = [
    "emigre.cli.evidence",
    "emigre.cli.web",
    "emigre.cli.extract",
    "emigre.cli.simulate",
    "emigre.cli.estimate",
]
# A command group that one module holds alone: `emigre simulate ...` imports that module only,
# as the others' imports would cost more than a small simulation does.
GROUP_MODULES = {"simulate": "emigre.cli.simulate"}
_registered: set[str] = set()


def _register(modules: list[str]) -> typer.Typer:
    for name in modules:
        if name not in _registered:
            importlib.import_module(name).register(_app)
            _registered.add(name)
    return _app


def modules_for(argv: list[str]) -> list[str]:
    """The command modules a command line needs: its group's alone, else all of them."""
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--db":
            i += 2
        elif arg.startswith("--db=") or arg in ("-q", "--quiet"):
            i += 1
        elif arg in GROUP_MODULES:
            return [GROUP_MODULES[arg]]
        else:
            break
    return COMMAND_MODULES


def __getattr__(name: str) -> typer.Typer:
    """`app`: the command with every module's commands (for tests and documentation)."""
    if name == "app":
        return _register(COMMAND_MODULES)
    raise AttributeError(f"module 'emigre.cli.main' has no attribute {name!r}")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"emigre {__version__}")
        raise typer.Exit()


@_app.callback()
def main(
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="SQLAlchemy URL of the store (default: $EMIGRE_DB, else a SQLite file in "
            "the user data folder). Example: postgresql+psycopg://user@localhost/emigre",
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print less.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show version.")
    ] = False,
) -> None:
    settings.db = db
    settings.quiet = quiet


def run(argv: list[str] | None = None) -> None:
    """Entry point: bad input is one clear line and exit code 1, never a traceback."""
    app = _register(modules_for(sys.argv[1:] if argv is None else argv))
    try:
        app(args=argv, prog_name="emigre", standalone_mode=True)
    except (InputError, NotFoundError) as exc:
        print_error(str(exc))
        sys.exit(1)
    except ValidationError as exc:
        field, message = describe_validation(exc)
        where = f"field '{field}': " if field else ""
        print_error(where + message)
        sys.exit(1)
    except Exception as exc:
        # The store refused (locked by another program, read-only, disk full); the session
        # rolled back, so say so in one line instead of a driver traceback. SQLAlchemy is
        # imported here so that `emigre --help` stays quick.
        from sqlalchemy.exc import OperationalError

        if isinstance(exc, OSError) and exc.filename:
            # A path the system refused: an output folder that is a file, a missing parent,
            # no permission. The operating system's reason names what to fix.
            print_error(f"{exc.filename}: {exc.strerror or exc}")
            sys.exit(1)
        if not isinstance(exc, OperationalError):
            raise
        reason = " ".join(str(exc.orig).split())
        print_error(
            f"the store at {settings.db_url} refused the change, so nothing was written: {reason}"
        )
        sys.exit(1)
