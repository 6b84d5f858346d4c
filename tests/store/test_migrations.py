"""The Alembic migrations build exactly the schema the ORM describes."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from emigre.store import migrate, open_store
from emigre.store.schema import Base


def test_migrations_match_the_models(store_url):
    store = open_store(store_url)
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    store.dispose()
    assert diff == []


def test_store_is_at_head_after_opening(store_url):
    store = open_store(store_url)
    assert migrate.current(store.engine) == migrate.head()
    store.dispose()
