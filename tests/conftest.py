"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from tests.browser import browser  # noqa: F401  (one browser for the session's browser tests)

# Wide enough that Rich tables do not fold the text the tests look for.
os.environ.setdefault("COLUMNS", "200")
# Estimates are cached on disk: keep the suite's out of the user's cache folder.
os.environ.setdefault("EMIGRE_CACHE_DIR", tempfile.mkdtemp(prefix="emigre-test-cache-"))
# The dashboard's claim views are tested on the claims alone; tests/web/test_with_estimates.py
# switches estimates on.
os.environ.setdefault("EMIGRE_ESTIMATES", "off")

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("EMIGRE_SHARED", ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The steering folder ../shared (eval sets, Flee scenarios); absent in a user's clone."""
    if not (SHARED / "eval").is_dir():
        pytest.skip(
            f"needs ../shared (not found at {SHARED}): present in CI, not in a user's clone"
        )
    return SHARED


@pytest.fixture(scope="session")
def postgres_admin_url():
    """URL of a PostgreSQL server for the session: EMIGRE_TEST_PG_URL, or one started here."""
    from tests.postgres import PostgresUnavailable, TempPostgres, wait_ready

    url = os.environ.get("EMIGRE_TEST_PG_URL")
    if url:
        yield url
        return
    server = None
    try:
        server = TempPostgres()
        url = server.start()
        wait_ready(url)
    except PostgresUnavailable as exc:
        if server is not None:
            server.stop()
        pytest.skip(f"PostgreSQL not available here: {exc}")
    yield url
    server.stop()


_db_counter = iter(range(1_000_000))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request, tmp_path):
    """A fresh, empty database for one test, on SQLite and (where it starts) PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'emigre.sqlite'}"
    from tests.postgres import create_database

    admin = request.getfixturevalue("postgres_admin_url")
    return create_database(admin, f"emigre_test_{os.getpid()}_{next(_db_counter)}")
