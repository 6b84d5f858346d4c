"""The store on SQLite and PostgreSQL: loading, querying, ingesting, reviewing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError

from emigre.errors import InputError, NotFoundError
from emigre.model import Claim, Source
from emigre.store import open_store, repo
from emigre.store.schema import ClaimRow
from tests.store.helpers import small_bundle


@pytest.fixture
def store(store_url):
    st = open_store(store_url)
    yield st
    st.dispose()


def test_load_then_read_gives_back_the_bundle(store):
    bundle = small_bundle()
    with store.session() as s:
        report = repo.load_bundle(s, bundle)
    assert report.claims.added == 3 and report.sources.added == 3
    with store.session() as s:
        back = repo.read_bundle(s, "test-case")
    assert back.case == bundle.case
    assert {c.id: c for c in back.claims} == {
        c.id: c.model_copy(update={"case": "test-case"}) for c in bundle.claims
    }
    assert back.sources == bundle.sources
    assert [e.model_copy(update={"case": None}) for e in back.events] == bundle.events
    assert [p.model_copy(update={"case": None}) for p in back.policies] == bundle.policies


def test_loading_twice_changes_nothing(store):
    with store.session() as s:
        repo.load_bundle(s, small_bundle())
    with store.session() as s:
        again = repo.load_bundle(s, small_bundle())
    assert not again.changed
    assert again.claims.unchanged == 3


def test_load_updates_changed_rows_and_removes_dropped_ones(store):
    with store.session() as s:
        repo.load_bundle(s, small_bundle())
    bundle = small_bundle()
    bundle.claims[0].value = 99000
    del bundle.claims[2]
    with store.session() as s:
        report = repo.load_bundle(s, bundle)
        assert (report.claims.updated, report.claims.removed) == (1, 1)
        assert repo.get_claim(s, "test-case", "c-kaz").value == 99000
        assert repo.count_claims(s, case="test-case") == 2


def test_a_failing_load_leaves_the_store_as_it_was(store):
    with store.session() as s:
        repo.load_bundle(s, small_bundle())
    bundle = small_bundle()
    bundle.claims[0].value = 1
    # A claim citing a source the bundle lacks fails halfway through the load.
    bad = bundle.claims[1].model_copy(update={"id": "c-bad", "source_ids": ["nowhere"]})
    bundle.claims.append(bad)
    with pytest.raises(KeyError), store.session() as s:
        repo.load_bundle(s, bundle)
    with store.session() as s:
        assert repo.get_claim(s, "test-case", "c-kaz").value == 98000
        assert s.scalar(select(func.count()).select_from(ClaimRow)) == 3


def test_filters(store):
    with store.session() as s:
        repo.load_bundle(s, small_bundle())
        ids = lambda **f: [c.id for c in repo.list_claims(s, case="test-case", **f)]  # noqa: E731
        assert ids(destination="KAZ") == ["c-kaz"]
        assert ids(total_only=True) == ["c-fc", "c-range"]
        assert ids(measure="forecast") == ["c-fc"]
        assert ids(flag="dated") == ["c-fc"]
        assert ids(flag=["dated", "broken_citation"]) == ["c-fc", "c-range"]  # any of them
        assert ids(group="it_workers") == ["c-range"]
        assert ids(since="2022-09-01") == ["c-kaz"]
        assert ids(until="2022-04-01") == ["c-range"]
        assert ids(source="ref-2") == ["c-range"]
        assert ids(source_kind="wiki") == ["c-fc"]
        assert ids(q="call-up") == ["c-kaz"]
        assert ids(q="border") == ["c-kaz", "c-range"]  # words in a cited source's title
        assert ids(sort="-value") == ["c-kaz", "c-range", "c-fc"]
        assert ids(sort="-value", limit=1, offset=1) == ["c-range"]
        assert repo.count_claims(s, case="test-case", state="accepted") == 3


def test_add_claims_reports_added_known_and_conflicting(store):
    with store.session() as s:
        repo.load_bundle(s, small_bundle())
    doc = Source(id="new-doc", title="A later report", url="https://example.net/later")
    new = Claim(
        value=250000, qualifier="exact", measure="flow", origin="RUS", destination="KAZ",
        start="2022-09-21", end="2022-09-28", source_ids=["new-doc"], state="accepted",
    )  # fmt: skip
    same_again = Claim(**{**new.model_dump(), "state": "extracted"})
    with store.session() as s:
        report = repo.add_claims(s, "test-case", [new, same_again], [doc])
    assert len(report.added) == 1 and len(report.known) == 1
    assert report.sources_added == ["new-doc"]
    assert report.conflicts and report.conflicts[0].accepted == "c-kaz"
    with store.session() as s:
        stored = repo.get_claim(s, "test-case", report.added[0])
        assert stored.state == "extracted"  # ingest never accepts on its own
        again = repo.add_claims(s, "test-case", [new], [doc])
    assert again.added == [] and again.known == report.added


def test_review_survives_a_reload(store):
    with store.session() as s:
        repo.load_bundle(s, small_bundle())
        repo.set_claim_state(s, "test-case", "c-kaz", "rejected")
    with store.session() as s:
        report = repo.load_bundle(s, small_bundle())
        assert report.claims.kept == 1
        assert repo.get_claim(s, "test-case", "c-kaz").state == "rejected"


def test_update_claim_validates(store):
    with store.session() as s:
        repo.load_bundle(s, small_bundle())
    with store.session() as s:
        claim = repo.update_claim(s, "test-case", "c-kaz", value=97000, flags=["dated"])
        assert claim.value == 97000
    with pytest.raises(ValueError), store.session() as s:
        repo.update_claim(s, "test-case", "c-kaz", value=-5)
    with pytest.raises(InputError), store.session() as s:
        repo.update_claim(s, "test-case", "c-kaz", source_ids=["unknown"])
    with pytest.raises(NotFoundError), store.session() as s:
        repo.get_claim(s, "test-case", "nope")
    with store.session() as s:
        assert repo.get_claim(s, "test-case", "c-kaz").value == 97000


def test_read_only_store_reads_but_refuses_writes(store_url):
    writer = open_store(store_url)
    with writer.session() as s:
        repo.load_bundle(s, small_bundle())
    writer.dispose()
    reader = open_store(store_url, readonly=True)
    with reader.session() as s:
        assert repo.count_claims(s, case="test-case") == 3
    with pytest.raises(DBAPIError), reader.session() as s:
        repo.set_claim_state(s, "test-case", "c-kaz", "rejected")
    reader.dispose()


def test_read_only_store_that_was_never_set_up_says_so(tmp_path):
    url = f"sqlite:///{tmp_path / 'empty.sqlite'}"
    open_store(url).dispose()  # creates the file with the schema...
    (tmp_path / "other.sqlite").write_bytes(b"")
    with pytest.raises(InputError, match="emigre load"):
        open_store(f"sqlite:///{tmp_path / 'other.sqlite'}", readonly=True)


def test_ingest_into_unknown_case_is_an_input_error(store):
    with pytest.raises(InputError, match="no case"), store.session() as s:
        repo.add_claims(s, "missing", [])
