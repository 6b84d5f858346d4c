"""The listings as a user sees them in a terminal of 80 columns or in a pipe: ids there and
telling claims apart, dates and states whole, text wrapped between words; the filters of
events and policies; every format on every listing; words that count right."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import run_cli

EMIGRE = [sys.executable, "-c", "from emigre.cli.main import run; run()"]


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    """The built-in case loaded once into a SQLite store (its ids are long: a good test)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('store') / 'store.sqlite'}"
    env = {**os.environ, "EMIGRE_DB": url}
    subprocess.run([*EMIGRE, "--quiet", "load", "russia-2022"], env=env, check=True)
    return url


@pytest.fixture
def term80(store, monkeypatch):
    """A terminal of 80 columns: COLUMNS as the shell sets it, read by the consoles."""
    from emigre.cli.context import console, err_console, settings

    monkeypatch.setenv("EMIGRE_DB", store)
    monkeypatch.setattr(settings, "db", None)
    monkeypatch.setenv("COLUMNS", "80")
    for c in (console, err_console):
        monkeypatch.setattr(c, "width", 80)
    return store


def _json(capsys, *args: str) -> list[dict]:
    code, out, err = run_cli(capsys, *args, "--format", "json")
    assert code == 0, err
    return json.loads(out)


def _fits(out: str) -> list[str]:
    lines = out.splitlines()
    assert lines and max(len(line.rstrip()) for line in lines) <= 80
    return lines


def _identifies(shown: str, ids: list[str]) -> bool:
    """A whole id, or head…tail that only one id has."""
    if "…" not in shown:
        return shown in ids
    head, tail = shown.split("…")
    return sum(i.startswith(head) and i.endswith(tail) for i in ids) == 1


def test_claims_at_80_columns_show_ids_that_identify_and_whole_dates(term80, capsys):
    claims = _json(capsys, "claims")
    ids = [c["id"] for c in claims]
    _, out, _ = run_cli(capsys, "claims")
    lines = _fits(out)
    assert lines[0].startswith(f"{len(claims)} claims in russia-2022")
    body = lines[lines.index(next(line for line in lines if line.startswith("──"))) + 1 : -1]
    assert lines[-1] == "(ids shortened with …; --wide shows them whole)"
    first_words = [line.split()[0] for line in body if line[:1].strip() and "…" in line[:30]]
    assert first_words, "long ids are shortened at 80 columns"
    assert all(_identifies(w, ids) for w in first_words)
    # an id that no shorter form tells apart is folded, whole, never cut
    flat = "".join(line[: line.find("  ")] if "  " in line else line for line in body)
    for i in ids:
        assert i in flat or any(_identifies(w, [i]) and _identifies(w, ids) for w in first_words)
    # every date and every state whole
    for c in claims:
        for d in (c["start"], c["end"]):
            assert d is None or d in out
        assert c["state"] in out


def test_claims_wide_prints_ids_whole_on_one_line(term80, capsys):
    ids = [c["id"] for c in _json(capsys, "claims")]
    code, out, _ = run_cli(capsys, "claims", "--wide")
    starts = {line.split()[0] for line in out.splitlines() if line.strip()}
    assert code == 0 and set(ids) <= starts and "…" not in out


def test_sources_events_policies_wrap_words_and_keep_dates_whole(term80, capsys):
    for command, dates, texts in (
        ("sources", ("published",), ("title",)),
        ("events", ("date", "end"), ("title",)),
        ("policies", ("effective_from", "effective_to"), ("description",)),
    ):
        rows = _json(capsys, command)
        code, out, _ = run_cli(capsys, command)
        _fits(out)
        assert code == 0
        for row in rows:
            for key in dates:
                assert row[key] is None or row[key] in out, (command, key, row[key])
        words = set(out.split())
        said = [w for row in rows for k in texts for w in (row[k] or "").split()]
        long_words = {w for w in said if len(w) <= 12}
        # text wraps between words: nothing of up to 12 letters is broken over two lines
        broken = {w for w in long_words if w not in words and w.rstrip(".,;:)") not in words}
        assert not broken, (command, sorted(broken)[:5])


def test_a_pipe_gets_an_80_column_table_with_ids(store):
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env["EMIGRE_DB"] = store
    res = subprocess.run(
        [*EMIGRE, "claims", "--destination", "GEO"],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    lines = _fits(res.stdout)
    rows = [line for line in lines[3:] if line[:1].strip() and not line.startswith("(")]
    assert rows and all(line.split()[0].strip() for line in rows)
    assert all(" GEO " in line for line in rows)


def test_events_and_policies_take_the_filters_claims_take(term80, capsys):
    events = _json(capsys, "events", "--kind", "mobilization", "--country", "RUS",
                   "--since", "2022-09-01", "--until", "2022-12-31")  # fmt: skip
    assert events and all(e["kind"] == "mobilization" and e["country"] == "RUS" for e in events)
    assert all("2022-09-01" <= e["date"] <= "2022-12-31" for e in events)
    everything = _json(capsys, "events")
    assert len(everything) > len(events)

    georgia = _json(capsys, "policies", "--country", "Georgia")
    assert georgia and {p["country"] for p in georgia} == {"GEO"}
    # a bloc's rules count for its members
    germany = _json(capsys, "policies", "--country", "DEU")
    assert {"EU"} <= {p["country"] for p in germany}
    later = _json(capsys, "policies", "--since", "2023-06-01")
    assert all(p["effective_to"] is None or p["effective_to"] >= "2023-06-01" for p in later)
    measures = _json(capsys, "policies", "--measure", "visa_free")
    assert measures and {p["measure"] for p in measures} == {"visa_free"}


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["events", "--since", "2022-10-01", "--until", "2022-09-01"], "--until"),
        (["policies", "--country", "Georgiaa"], "--country"),
        (["events", "--kind", "parade"], "--kind"),
    ],
)
def test_filter_errors_name_the_option(term80, capsys, args, option):
    code, _, err = run_cli(capsys, *args)
    assert code in (1, 2) and option in err and "Traceback" not in err


@pytest.mark.parametrize("command", ["claims", "sources", "events", "policies"])
def test_every_listing_prints_every_format(term80, capsys, command):
    rows = _json(capsys, command)
    code, out, _ = run_cli(capsys, command, "--format", "csv")
    assert code == 0 and len(list(csv.DictReader(io.StringIO(out)))) == len(rows)
    code, out, _ = run_cli(capsys, command, "--format", "jsonl")
    assert code == 0 and all(json.loads(line) for line in out.splitlines())


def test_one_is_singular(term80, capsys):
    _, out, _ = run_cli(capsys, "policies", "--country", "ARM", "--measure", "visa_free")
    assert out.startswith("1 policy in russia-2022, for citizens of Russia")
    _, out, _ = run_cli(capsys, "events", "--kind", "invasion")
    assert out.startswith("1 event in russia-2022")


@pytest.mark.parametrize("args", [[], ["claims"], ["ingest"], ["review"], ["extract"]])
def test_flags_show_no_type_in_help(term80, capsys, args):
    code, out, _ = run_cli(capsys, *args, "--help")
    assert code == 0 and "--help" in out and "<bool>" not in out


def test_help_examples_name_real_values(term80, capsys):
    """The examples of events --help run as they are written."""
    _, out, _ = run_cli(capsys, "events", "--help")
    example = next(line for line in out.splitlines() if "emigre events --kind" in line)
    args = example.split("emigre", 1)[1].split()[1:]
    code, _, err = run_cli(capsys, "events", *args)
    assert code == 0, err


ARTICLE = (
    "14 March 2023\n\nChileans keep moving\n\n"
    "Since the start of the year, some 5,000 Chileans have moved to Argentina, officials of "
    "the interior ministry in Buenos Aires said on Tuesday in a written statement.\n"
)


@pytest.fixture
def article(tmp_path, monkeypatch):
    """The article in the current folder, named as a user types it."""
    monkeypatch.chdir(tmp_path)
    path = Path("article.txt")
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_extract_table_fits_and_keeps_the_whole_sentence(term80, capsys, article):
    code, out, _ = run_cli(capsys, "extract", str(article))
    lines = _fits(out)
    assert code == 0 and lines[0].startswith(f"{article}: 1 claim")
    sentence = ARTICLE.split("\n")[4].split()
    at = lines[1].index("sentence")
    cell = [line[at:] for line in lines[3:]]
    why = next((i for i, line in enumerate(cell) if line.startswith("why:")), len(cell))
    shown = [w.strip("…") for line in cell[:why] for w in line.split()]  # the sentence, not "why"
    # the words around the figure, wrapped whole (the row shortens a long sentence with …)
    assert {"5,000", "Chileans", "Argentina,"} <= set(shown)
    assert all(w in sentence for w in shown if w), "no word is cut"
    assert "2023-03-14" in out


def test_extract_prints_every_format(term80, capsys, article, tmp_path):
    code, out, _ = run_cli(capsys, "extract", str(article), "--format", "csv")
    (row,) = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and row["value"] == "5000" and row["destination"] == "ARG"
    assert row["document"] == str(article) and "Chileans" in row["sentence"]
    code, out, _ = run_cli(capsys, "extract", str(article), "--format", "json")
    (claim,) = json.loads(out)
    assert claim["value"] == 5000 and claim["document"] == str(article)
    code, out, _ = run_cli(capsys, "extract", str(article), "--format", "jsonl")
    assert [json.loads(line)["value"] for line in out.splitlines()] == [5000]
    target = tmp_path / "claims.csv"
    code, out, err = run_cli(capsys, "extract", str(article), "-f", "csv", "--out", str(target))
    assert code == 0 and out == "" and "1 claim from 1 document written" in err
    assert next(csv.DictReader(target.open(encoding="utf-8")))["destination"] == "ARG"


def test_extract_docs_formats(term80, capsys, tmp_path):
    docs = tmp_path / "docs.jsonl"
    lines = [
        {"doc_id": "a", "text": ARTICLE, "published": None},
        {"doc_id": "b", "text": "Nothing to count here.", "published": "2023-01-02"},
    ]
    docs.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    code, out, _ = run_cli(capsys, "extract", "--docs", str(docs))
    assert code == 0 and [json.loads(x)["doc_id"] for x in out.splitlines()] == ["a", "b"]
    code, out, _ = run_cli(capsys, "extract", "--docs", str(docs), "--format", "csv")
    assert [r["document"] for r in csv.DictReader(io.StringIO(out))] == ["a"]
    code, out, _ = run_cli(capsys, "extract", "--docs", str(docs), "--format", "table")
    assert "a: 1 claim" in out and "b: no figures" in out


def test_summary_counts_each_claim_once_and_says_what_it_leaves_out(term80, capsys):
    claims = _json(capsys, "claims")
    accepted = [c for c in claims if c["state"] == "accepted"]
    other = [c for c in accepted if c["origin"] not in ("RUS", None)]
    assert other, "the built-in case holds accepted claims about another origin"
    _, out, _ = run_cli(capsys, "summary")
    text = " ".join(out.split())
    assert (
        f"{len(claims)} claims: {len(accepted)} accepted ({len(other)} of them about people "
        "leaving another country than Russia, not in the tables above)" in text
    )
