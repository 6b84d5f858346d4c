"""Fixtures for the dashboard: a real SQLite store holding the test case, and apps over it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from emigre.store import open_store, repo
from emigre.web import WebConfig, create_app
from tests.web.bundle import web_bundle

TOKEN = "test-write-token"


def make_store(path: Path) -> str:
    """A fresh SQLite store at path with the web test case loaded; returns its URL."""
    url = f"sqlite:///{path}"
    store = open_store(url)
    with store.session() as s:
        repo.load_bundle(s, web_bundle())
    store.dispose()
    return url


@pytest.fixture(scope="session")
def template_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test case loaded once; tests get copies of the file (migrating takes a while)."""
    path = tmp_path_factory.mktemp("template") / "emigre.sqlite"
    make_store(path)
    return path


def copy_store(template: Path, path: Path) -> str:
    shutil.copyfile(template, path)
    return f"sqlite:///{path}"


@pytest.fixture(scope="session")
def builtin_template(template_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test case and the built-in case russia-2022, loaded once."""
    from emigre.cases import load_builtin

    path = tmp_path_factory.mktemp("builtin") / "emigre.sqlite"
    store = open_store(copy_store(template_store, path))
    with store.session() as s:
        repo.load_bundle(s, load_builtin("russia-2022"))
    store.dispose()
    return path


@pytest.fixture(scope="module")
def builtin_url(builtin_template: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store of the module's own holding the built-in case (and the test case)."""
    return copy_store(builtin_template, tmp_path_factory.mktemp("builtin") / "emigre.sqlite")


@pytest.fixture(scope="module")
def shared_url(template_store: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """One store per module for tests that only read."""
    return copy_store(template_store, tmp_path_factory.mktemp("web") / "emigre.sqlite")


@pytest.fixture(scope="module")
def client(shared_url: str) -> Iterator[TestClient]:
    """A read-only server (no token)."""
    with TestClient(create_app(WebConfig(db_url=shared_url))) as c:
        yield c


@pytest.fixture
def fresh_url(template_store: Path, tmp_path: Path) -> str:
    """A store of its own, for a test that writes."""
    return copy_store(template_store, tmp_path / "emigre.sqlite")


@pytest.fixture
def writer(fresh_url: str) -> Iterator[TestClient]:
    """A server started with a write token, over a store of its own."""
    with TestClient(create_app(WebConfig(db_url=fresh_url, token=TOKEN))) as c:
        yield c


def auth(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
