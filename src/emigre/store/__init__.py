"""Persistence of the evidence base: SQLAlchemy 2 over SQLite (default) or PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session, sessionmaker

from emigre.errors import InputError
from emigre.store import migrate
from emigre.store.db import default_url, make_engine


class Store:
    """One database: opens it, migrates it (unless read-only), hands out transactions."""

    def __init__(self, url: str, *, readonly: bool = False, migrate_schema: bool = True) -> None:
        self.url = url
        self.readonly = readonly
        self.engine: Engine = make_engine(url, readonly=readonly)
        try:
            if readonly:
                self._check_schema()
            elif migrate_schema:
                migrate.upgrade(self.engine)
        except DatabaseError as exc:  # unreachable server, locked file, a file that is not SQLite
            raise InputError(
                f"cannot open the store at {url}: {_reason(exc)}", field="--db"
            ) from exc
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def _check_schema(self) -> None:
        if migrate.current(self.engine) != migrate.head():
            raise InputError(
                f"the store at {self.url} is empty or from another version: "
                "run `emigre load CASE` (or any writing command) once to set it up",
                field="--db",
            )

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back if it raises."""
        with self._sessions() as s, s.begin():
            yield s

    def dispose(self) -> None:
        self.engine.dispose()


def _reason(exc: DatabaseError) -> str:
    """The driver's own words on one line (PostgreSQL's messages span several)."""
    return " ".join(str(exc.orig).split())


def open_store(url: str | None = None, *, readonly: bool = False) -> Store:
    return Store(url or default_url(), readonly=readonly)


__all__ = ["Store", "default_url", "open_store"]
