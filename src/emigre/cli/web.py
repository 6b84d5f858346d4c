"""`emigre serve` (the dashboard and API) and `emigre report` (one self-contained HTML file)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.text import Text

from emigre.cli.context import console, err_console, settings


def _check_store_exists(url: str) -> None:
    """A missing SQLite file means nothing was loaded yet: say what to run."""
    from sqlalchemy.engine import make_url

    from emigre.errors import InputError

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        path = Path(parsed.database).expanduser()
        if not path.is_file():
            raise InputError(
                f"no store at {path} yet: load a case first, e.g. `emigre load russia-2022`",
                field="--db",
            )


def _check_can_listen(host: str, port: int) -> None:
    """A port in use or an address this machine does not have is one line naming the option,
    said before the dashboard claims to be up (uvicorn would log it and exit with code 3)."""
    import socket

    from emigre.errors import InputError

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise InputError(f"cannot listen on '{host}': {exc.strerror}", field="--host") from exc
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            raise InputError(
                f"cannot listen on {host}:{port}: {exc.strerror}", field="--port"
            ) from exc


def startup_notes(host: str, port: int, config: Any) -> tuple[list[str], list[str]]:
    """What `emigre serve` says on start (lines, warnings). It never puts the token in a URL:
    the pages take it in a form and send it in the Authorization header."""
    url = f"http://{host}:{port}/"
    mode = "review enabled with the write token" if config.writable else "read-only"
    lines = [f"emigre dashboard on {url} ({mode}); API docs at {url}docs"]
    if config.writable:
        lines.append(
            "to review from the browser, give the token in the form on a case's Evidence "
            "page (it stays in that tab and travels in the Authorization header)"
        )
    warnings = []
    from emigre.web.security import is_loopback

    if not is_loopback(host):
        writes = (
            "writes from them over plain HTTP are accepted (--allow-plain-http-writes)"
            if config.plain_http_writes
            else "writes from them over plain HTTP are refused; put HTTPS in front"
        )
        warnings.append(
            f"warning: serving on {host}, which other machines can reach: every page and the "
            f"API are open to them to read; {writes}"
        )
    return lines, warnings


def serve(
    host: Annotated[
        str, typer.Option(help="Address to listen on; 127.0.0.1 keeps it on this machine.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    token: Annotated[
        str | None,
        typer.Option(
            envvar="EMIGRE_TOKEN",
            help="Write token: with it the store opens read-write and review calls carrying "
            "it are allowed (default: $EMIGRE_TOKEN; without one the dashboard is read-only).",
            show_envvar=False,
        ),
    ] = None,
    allow_plain_http_writes: Annotated[
        bool,
        typer.Option(
            "--allow-plain-http-writes",
            help="Accept writes from other machines over plain HTTP (their token crosses the "
            "network in clear); without it they are refused. Prefer HTTPS in front.",
        ),
    ] = False,
) -> None:
    """Serve the web dashboard and the JSON API (OpenAPI docs at /docs).

    Example: emigre serve --port 8000   (then open http://127.0.0.1:8000/)
    """
    import uvicorn

    from emigre.web import WebConfig, create_app

    config = dataclasses.replace(
        WebConfig.from_env(settings.db_url, token), plain_http_writes=allow_plain_http_writes
    )
    _check_store_exists(config.db_url)
    _check_can_listen(host, port)
    app = create_app(config)
    lines, warnings = startup_notes(host, port, config)
    if not settings.quiet:
        for line in lines:
            console.print(line, highlight=False, markup=False)
    for line in warnings:  # printed even when quiet: it is about who can reach the server
        err_console.print(Text(line, style="yellow"), soft_wrap=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


def report(
    case: Annotated[str, typer.Option("--case", "-c", help="Case id, e.g. russia-2022.")] = (
        "russia-2022"
    ),
    out: Annotated[
        Path, typer.Option("--out", "-o", help="HTML file to write.", dir_okay=False)
    ] = Path("report.html"),
) -> None:
    """Write the dashboard's views as one self-contained HTML file that works offline.

    Example: emigre report --case russia-2022 --out report.html
    """
    from emigre.report import write_report
    from emigre.store import open_store

    store = open_store(settings.db_url, readonly=True)
    try:
        size = write_report(store, case, out)
    finally:
        store.dispose()
    if not settings.quiet:
        console.print(f"wrote {out} ({size / 1e6:.1f} MB), a self-contained report on {case}")


def register(app: typer.Typer) -> None:
    app.command()(serve)
    app.command()(report)
