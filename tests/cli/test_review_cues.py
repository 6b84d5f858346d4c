"""`emigre review` and `emigre extract` show why a claim reads as it does: the words of the
text that decided each field (FoundIn.cues), marked in the sentence, printed as written."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from emigre.model import Claim, FoundIn, Source
from tests.helpers import run_cli, write_case_dir
from tests.store.helpers import small_bundle

SENTENCE = "On Monday, about 4,300 Russians [crossed] into Georgia at the [bold]northern[/] post."
CUES = {"measure": "crossed", "destination": "into Georgia", "qualifier": "about",
        "period": "On Monday", "value": "4,300"}  # fmt: skip


def _claim() -> Claim:
    return Claim(
        value=4300, qualifier="about", measure="flow", origin="RUS", destination="GEO",
        start=dt.date(2022, 9, 26), end=dt.date(2022, 9, 26), source_ids=["cue-article"],
        found_in=FoundIn(document="cue-article", span=(0, len(SENTENCE)), sentence=SENTENCE,
                         cues=CUES),
    )  # fmt: skip


@pytest.fixture
def store(tmp_path, monkeypatch):
    from emigre.cli.context import console, settings
    from emigre.store import open_store, repo

    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    monkeypatch.setenv("EMIGRE_DB", url)
    monkeypatch.setattr(settings, "db", None)
    monkeypatch.setattr(console, "width", 80)
    case_dir = write_case_dir(small_bundle(), tmp_path / "case")
    store = open_store(url)
    from emigre.cases import read_case

    with store.session() as s:
        repo.load_bundle(s, read_case(str(case_dir)))
        source = Source(id="cue-article", publisher="Example Daily", title="Border figures")
        report = repo.add_claims(s, "test-case", [_claim()], [source])
    store.dispose()
    return str(report.added[0])


def test_review_lists_the_cues_and_prints_the_sentence_as_written(store, capsys):
    code, out, err = run_cli(capsys, "review", "--case", "test-case")
    assert code == 0, err
    text = " ".join(out.split())
    assert store in out
    # brackets in the sentence are text, not markup
    assert "[crossed] into Georgia at the [bold]northern[/] post." in text
    assert (
        "why: value “4,300” · measure “crossed” · qualifier “about” · destination “into "
        "Georgia” · period “On Monday”" in text
    )


def test_review_marks_the_cue_words_in_the_sentence(store, capsys):
    from emigre.cli.claim_views import highlighted

    marked = highlighted(SENTENCE, CUES)
    spans = {marked.plain[s.start : s.end] for s in marked.spans}
    assert spans == {"On Monday", "about", "4,300", "crossed", "into Georgia"}


def test_the_cues_stored_come_back_in_json(store, capsys):
    code, out, _ = run_cli(capsys, "--quiet", "claims", "--case", "test-case", "--state",
                           "extracted", "--format", "json")  # fmt: skip
    (claim,) = json.loads(out)
    assert code == 0 and claim["found_in"]["cues"] == CUES


def test_extract_table_shows_the_cues_under_the_sentence(capsys, monkeypatch):
    from emigre.cli.context import console
    from emigre.cli.extract import print_document
    from emigre.extract.runner import DocResult

    monkeypatch.setattr(console, "width", 80)
    capsys.readouterr()
    print_document(DocResult("article.txt", claims=[_claim()]), None)
    out = " ".join(capsys.readouterr().out.split())
    assert "article.txt: 1 claim" in out
    assert "why: value “4,300” · measure “crossed” · qualifier “about”" in out
    assert "destination “into Georgia” · period “On Monday”" in out
    assert "[crossed]" in out  # escaped, not read as markup
