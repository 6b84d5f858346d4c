"""Where the store lives and how to connect: SQLite by default, any SQLAlchemy URL by choice."""

from __future__ import annotations

import sqlite3
from contextlib import suppress
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.pool import QueuePool, StaticPool

from emigre.errors import InputError


def default_path() -> Path:
    return Path(user_data_dir("emigre", appauthor=False)) / "emigre.sqlite"


def default_url() -> str:
    return f"sqlite:///{default_path()}"


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # WAL lets the dashboard read while an ingest writes; foreign keys keep links honest.
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    with suppress(sqlite3.OperationalError):  # a read-only connection cannot change it
        cur.execute("PRAGMA journal_mode=WAL")
    cur.close()


def make_engine(url: str, *, readonly: bool = False) -> Engine:
    """An engine for `url`; read-only engines refuse writes at the database level."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise InputError(
            f"'{url}' is not a database URL: expected e.g. sqlite:///path/emigre.sqlite "
            "or postgresql+psycopg://user@host/dbname",
            field="--db",
        ) from exc
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed.database, readonly=readonly)
    if parsed.get_backend_name() == "postgresql" and parsed.get_driver_name() in ("", "psycopg2"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    kwargs: dict[str, Any] = {"pool_pre_ping": True}
    if readonly and parsed.get_backend_name() == "postgresql":
        kwargs["connect_args"] = {"options": "-c default_transaction_read_only=on"}
    try:
        return create_engine(parsed, **kwargs)
    except NoSuchModuleError as exc:
        raise InputError(
            f"unknown kind of database '{parsed.drivername}' in '{url}': expected e.g. "
            "sqlite:///path/emigre.sqlite or postgresql+psycopg://user@host/dbname",
            field="--db",
        ) from exc
    except ModuleNotFoundError as exc:
        raise InputError(f"no driver for '{parsed.drivername}': {exc}", field="--db") from exc


def _sqlite_engine(database: str | None, *, readonly: bool) -> Engine:
    if not database or database == ":memory:":
        engine = create_engine(
            "sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False}
        )
    else:
        path = Path(database).expanduser()
        if readonly:
            uri = f"file:{path}?mode=ro"
            # A queue of connections, one per thread at a time: with a bare "sqlite://" URL
            # SQLAlchemy would pick its one-per-thread pool, which closes connections other
            # threads still use once more than five threads read (the web server's pool).
            engine = create_engine(
                "sqlite://",
                creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False),
                poolclass=QueuePool,
                pool_size=5,
                max_overflow=45,
            )
        else:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise InputError(
                    f"cannot create the folder of the store: {exc.strerror}",
                    file=str(path.parent),
                    field="--db",
                ) from exc
            engine = create_engine(f"sqlite:///{path}", connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine
