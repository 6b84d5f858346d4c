"""extract, ingest and review through the real entry point, on a real SQLite store."""

from __future__ import annotations

import json

import pytest

from tests.helpers import run_cli, write_case_dir
from tests.store.helpers import small_bundle

ARTICLE = (
    "Border figures\n\n"
    "On Monday, about 4,300 Russians crossed into Georgia at the northern checkpoint.[1]\n\n"
    "References[]\n\n"
    '  1. Doe, Jane (2022-09-28). "Thousands cross into Georgia" (in en). Example News. '
    "https://news.example.org/2022/09/28/thousands-cross-into-georgia.\n"
)


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("EMIGRE_DB", f"sqlite:///{tmp_path / 'store.sqlite'}")
    from emigre.cli.context import settings

    monkeypatch.setattr(settings, "db", None)
    return write_case_dir(small_bundle(), tmp_path / "case")


def test_extract_docs_writes_the_eval_format(tmp_path, capsys):
    docs = tmp_path / "docs.jsonl"
    docs.write_text(
        json.dumps(
            {
                "doc_id": "a",
                "text": "Some 2,000 Chileans arrived in Peru last week.",
                "published": "2021-06-16",
            }
        )
        + "\n"
        + json.dumps({"doc_id": "b", "text": "No figures here at all."})
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "pred.jsonl"
    code, _, _ = run_cli(capsys, "--quiet", "extract", "--docs", str(docs), "--out", str(out))
    assert code == 0
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    assert [x["doc_id"] for x in lines] == ["a", "b"]
    (claim,) = lines[0]["claims"]
    assert (
        claim["value"] == 2000 and claim["destination"] == "PER" and claim["qualifier"] == "about"
    )
    text = docs.read_text().splitlines()[0]
    s, e = claim["span"]
    assert "2,000" in json.loads(text)["text"][s:e]
    assert lines[1]["claims"] == []


def test_extract_docs_with_a_line_that_is_not_utf8(tmp_path, capsys):
    """The bad line is named and the others are still read; no traceback."""
    good = json.dumps({"doc_id": "a", "text": "In 2021, 5,000 Eritreans arrived in Sudan."})
    docs = tmp_path / "docs.jsonl"
    docs.write_bytes(good.encode() + b'\n{"doc_id": "b", "text": "caf\xe9"}\n')
    out = tmp_path / "pred.jsonl"
    code, _, err = run_cli(capsys, "extract", "--docs", str(docs), "--out", str(out))
    assert code == 1 and "Traceback" not in err
    assert "docs.jsonl, line 2" in err and "UTF-8" in err
    assert [json.loads(x)["doc_id"] for x in out.read_text().splitlines()] == ["a"]


def test_extract_files_reports_bad_ones_and_goes_on(tmp_path, capsys):
    good = tmp_path / "good.txt"
    good.write_text("In 2021, 5,000 Eritreans arrived in Sudan.", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "blob.bin"
    binary.write_bytes(b"\x00\x01\x02\x03" * 10)
    code, out, err = run_cli(
        capsys, "extract", "--format", "jsonl", str(empty), str(good), str(binary)
    )
    assert code == 1
    assert "empty.txt" in err and "blob.bin" in err and "2 documents could not be read" in err
    (row,) = [json.loads(x) for x in out.splitlines()]
    assert row["value"] == 5000 and row["destination"] == "SDN"


def test_extract_docs_on_a_local_dask_cluster(tmp_path, capsys):
    docs = tmp_path / "docs.jsonl"
    texts = [f"In 2020, {1000 + i},000 Syrians arrived in Jordan." for i in range(6)]
    docs.write_text(
        "".join(json.dumps({"doc_id": f"d{i}", "text": t}) + "\n" for i, t in enumerate(texts))
    )
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert run_cli(capsys, "--quiet", "extract", "--docs", str(docs), "--out", str(one))[0] == 0
    code, _, _ = run_cli(
        capsys, "--quiet", "extract", "--docs", str(docs), "--out", str(two), "--workers", "2"
    )
    assert code == 0
    assert one.read_text() == two.read_text()


def test_ingest_then_review(env, tmp_path, capsys):
    assert run_cli(capsys, "load", str(env))[0] == 0
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    code, out, _ = run_cli(capsys, "ingest", str(article), "--case", "test-case")
    assert code == 0 and "1 claim added" in out and "0 already known" in out
    assert "1 source added, from 1 document" in out
    code, out, _ = run_cli(capsys, "ingest", str(article), "--case", "test-case")
    assert "0 claims added" in out and "1 already known" in out
    code, out, _ = run_cli(
        capsys,
        "--quiet",
        "claims",
        "--case",
        "test-case",
        "--state",
        "extracted",
        "--format",
        "json",
    )
    (claim,) = json.loads(out)
    assert claim["value"] == 4300 and claim["destination"] == "GEO"
    code, out, _ = run_cli(capsys, "review", "--case", "test-case")
    assert code == 0 and claim["id"] in out
    code, out, _ = run_cli(
        capsys, "review", "--case", "test-case", "--edit", claim["id"], "--set", "qualifier=exact"
    )
    assert code == 0 and "edited" in out
    code, out, _ = run_cli(capsys, "review", "--case", "test-case", "--accept", claim["id"])
    assert code == 0
    code, out, _ = run_cli(capsys, "review", "--case", "test-case")
    assert "no extracted claims" in out


def test_ingest_with_a_bad_file_changes_nothing(env, tmp_path, capsys):
    run_cli(capsys, "load", str(env))
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x00")
    code, _, err = run_cli(capsys, "ingest", str(article), str(bad), "--case", "test-case")
    assert code == 1 and "bad.txt" in err and "nothing was ingested" in err
    code, out, _ = run_cli(
        capsys,
        "--quiet",
        "claims",
        "--case",
        "test-case",
        "--state",
        "extracted",
        "--format",
        "json",
    )
    assert json.loads(out) == []


def test_review_of_an_unknown_case_is_an_error(env, capsys):
    run_cli(capsys, "load", str(env))
    code, out, err = run_cli(capsys, "review", "--case", "no-such-case")
    assert code == 1 and "no case 'no-such-case'" in err and "no extracted claims" not in out


def test_review_that_fails_reports_nothing_done_and_changes_nothing(env, capsys):
    run_cli(capsys, "load", str(env))
    code, _, err = run_cli(
        capsys, "review", "--case", "test-case", "--reject", "c-kaz", "--reject", "c-nope"
    )
    assert code == 1 and "c-nope" in err
    code, out, _ = run_cli(capsys, "claims", "--case", "test-case", "--format", "json")
    assert {c["id"]: c["state"] for c in json.loads(out)}["c-kaz"] != "rejected"
    code, _, err = run_cli(
        capsys, "review", "--case", "test-case", "--accept", "c-kaz", "--reject", "c-kaz"
    )
    assert code == 2 and "both --accept and --reject" in err


def test_review_prints_what_it_did_only_once_saved(env, capsys):
    run_cli(capsys, "load", str(env))
    code, out, _ = run_cli(
        capsys, "review", "--case", "test-case", "--reject", "c-kaz", "--reject", "c-nope"
    )
    assert code == 1 and "rejected c-kaz" not in out


def test_unreadable_document_errors_are_one_line_however_long(tmp_path, capsys):
    folder = tmp_path / ("a-long-folder-name-" * 4)
    folder.mkdir()
    bad = folder / "latin1.txt"
    bad.write_bytes(b"caf\xe9 au lait")
    code, _, err = run_cli(capsys, "extract", str(bad))
    assert code == 1
    (line,) = [x for x in err.splitlines() if "latin1.txt" in x]
    assert line.startswith("error: ") and "iconv" in line


def test_extract_with_a_malformed_scheduler_address(tmp_path, capsys):
    doc = tmp_path / "a.txt"
    doc.write_text("In 2021, 5,000 Eritreans arrived in Sudan.", encoding="utf-8")
    code, _, err = run_cli(capsys, "extract", str(doc), "--scheduler", "nonsense")
    assert code == 1 and err.startswith("error: field '--scheduler'") and "Traceback" not in err


def test_ingest_of_a_russian_article_into_the_built_in_case(env, capsys):
    """The README's example: an article in Russian gives each figure its destination, measure
    and period, in the case the README ingests it into."""
    from pathlib import Path

    article = Path(__file__).parents[2] / "docs" / "examples" / "ru-article.txt"
    assert run_cli(capsys, "load", "russia-2022")[0] == 0
    code, out, err = run_cli(capsys, "ingest", str(article), "--case", "russia-2022")
    assert code == 0, err
    assert "5 claims added as extracted" in out
    code, out, _ = run_cli(
        capsys, "--quiet", "claims", "--case", "russia-2022", "--state", "extracted",
        "--format", "json",
    )  # fmt: skip
    got = {
        (c["value"], c["destination"]): (c["measure"], c["qualifier"], c["start"], c["end"])
        for c in json.loads(out)
    }
    assert got == {
        (98000, "KAZ"): ("flow", "exact", "2022-09-21", "2022-09-28"),  # the first week after
        (100000, "GEO"): ("flow", "about", None, "2022-04-05"),  # by the start of April
        (50000, "ARM"): ("flow", "exact", None, "2022-04-05"),
        (8500, "FIN"): ("flow", "at_least", "2022-09-24", "2022-09-24"),
        (104000, "SRB"): ("registration", "exact", "2022-01-01", "2022-12-31"),
    }
    code, out, _ = run_cli(capsys, "review", "--case", "russia-2022", "--limit", "5")
    assert code == 0 and "Казахстан" in out and "why:" in out
