"""A store that cannot be opened is a one-line InputError naming --db."""

from __future__ import annotations

import pytest

from emigre.errors import InputError
from emigre.store import open_store


def test_unknown_kind_of_database():
    with pytest.raises(InputError) as info:
        open_store("foo://host/db")
    assert info.value.field == "--db" and "unknown kind of database 'foo'" in str(info.value)


def test_folder_that_cannot_be_made(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(InputError) as info:
        open_store(f"sqlite:///{blocker / 'emigre.sqlite'}")
    assert info.value.field == "--db" and info.value.file == str(blocker)


def test_file_that_is_not_a_database(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("these are notes, not a database\n" * 100, encoding="utf-8")
    with pytest.raises(InputError) as info:
        open_store(f"sqlite:///{path}")
    assert info.value.field == "--db" and "not a database" in str(info.value)
