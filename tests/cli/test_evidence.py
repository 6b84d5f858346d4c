"""The evidence commands through the real entry point, on a real SQLite store."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.helpers import run_cli, write_case_dir
from tests.store.helpers import small_bundle


@pytest.fixture
def env(tmp_path, monkeypatch):
    """A case folder and an empty store, selected through EMIGRE_DB as a user would."""
    monkeypatch.setenv("EMIGRE_DB", f"sqlite:///{tmp_path / 'store.sqlite'}")
    from emigre.cli.context import settings

    monkeypatch.setattr(settings, "db", None)
    return write_case_dir(small_bundle(), tmp_path / "case")


def test_load_reports_and_is_idempotent(env, capsys):
    code, out, _ = run_cli(capsys, "load", str(env))
    assert code == 0 and "claims" in out
    code, out, _ = run_cli(capsys, "--quiet", "load", str(env))
    assert code == 0 and out == ""
    code, out, _ = run_cli(capsys, "claims", "--case", "test-case", "--format", "json")
    assert code == 0 and len(json.loads(out)) == 3


def test_claims_filters_and_formats(env, capsys):
    run_cli(capsys, "load", str(env))
    code, out, _ = run_cli(capsys, "claims", "-c", "test-case", "-d", "KAZ", "-f", "json")
    assert [c["id"] for c in json.loads(out)] == ["c-kaz"]
    code, out, _ = run_cli(capsys, "claims", "-c", "test-case", "--flag", "dated", "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["id"] for r in rows] == ["c-fc"] and rows[0]["flags"] == "dated;forecast"
    code, out, _ = run_cli(capsys, "claims", "-c", "test-case", "-f", "jsonl")
    docs = [json.loads(line) for line in out.splitlines()]
    by_doc = {d["doc_id"]: d["claims"] for d in docs}
    # found in the document, or else under its first source
    assert {c["id"] for c in by_doc["doc"]} == {"c-kaz", "c-fc"}
    rng = next(c for cs in by_doc.values() for c in cs if c["id"] == "c-range")
    assert (rng["value"], rng["low"], rng["high"], rng["qualifier"]) == (
        None,
        50000,
        70000,
        "range",
    )
    code, out, _ = run_cli(capsys, "claims", "-c", "test-case", "--group", "it_workers")
    assert code == 0 and "50,000–70,000" in out


def test_sources_events_policies_summary(env, capsys):
    run_cli(capsys, "load", str(env))
    code, out, _ = run_cli(capsys, "sources", "-c", "test-case", "-f", "json")
    counts = {s["id"]: s["claims"] for s in json.loads(out)}
    assert counts == {"doc": 1, "ref-1": 2, "ref-2": 1}
    code, out, _ = run_cli(capsys, "events", "-c", "test-case", "-f", "csv")
    assert "e-mob" in out
    code, out, _ = run_cli(capsys, "policies", "-c", "test-case", "-f", "json")
    assert json.loads(out)[0]["days"] == 90
    code, out, _ = run_cli(capsys, "summary", "test-case")
    assert code == 0
    assert "Headline figures" in out and "98,000" in out and "Kazakhstan" in out
    assert "Example News, 27 Sep 2022" in out


def test_unknown_case_is_exit_1_with_a_message(env, capsys):
    code, _, err = run_cli(capsys, "claims", "--case", "nowhere")
    assert code == 1 and "no case 'nowhere'" in err and "Traceback" not in err


def test_usage_error_is_exit_2(env, capsys):
    code, _, _ = run_cli(capsys, "claims", "--measure", "walked")
    assert code == 2


def test_every_command_has_help_with_an_example(capsys):
    import typer.main

    from emigre.cli.main import app

    def walk(command, path):
        if hasattr(command, "commands"):  # a group (Typer may bring its own click)
            for name, sub in command.commands.items():
                yield from walk(sub, [*path, name])
        else:
            yield " ".join(path), command

    commands = list(walk(typer.main.get_command(app), ["emigre"]))
    assert len(commands) > 10
    for name, command in commands:
        assert "Example" in (command.help or ""), f"`{name} --help` has no example"


def test_schema_is_exported_and_rejects_what_the_model_rejects(capsys):
    import jsonschema

    code, out, _ = run_cli(capsys, "schema", "claim")
    assert code == 0
    schema = json.loads(out)
    ok = {"value": 5, "qualifier": "exact", "measure": "flow", "source_ids": ["s"]}
    jsonschema.validate(ok, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**ok, "measure": "walked"}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**ok, "value": -1}, schema)
    code, _, err = run_cli(capsys, "schema", "nonsense")
    assert code == 1 and "expected one of" in err


@pytest.mark.slow
def test_load_into_a_locked_store_is_one_line_and_writes_nothing(env, tmp_path, capsys):
    """Another program holds the write lock past the busy timeout (10 s): one line, exit 1."""
    import sqlite3

    run_cli(capsys, "cases")  # creates the store
    holder = sqlite3.connect(tmp_path / "store.sqlite", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        code, _, err = run_cli(capsys, "load", str(env))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert code == 1 and "Traceback" not in err
    assert "nothing was written" in err and "locked" in err
    code, out, _ = run_cli(capsys, "cases")
    assert "test-case" not in out


def test_outputs_to_paths_that_cannot_be_written_are_one_line(env, tmp_path, capsys):
    run_cli(capsys, "load", str(env))
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way", encoding="utf-8")
    for args in (
        ("export", "test-case", str(blocker)),
        ("export", "test-case", str(blocker / "sub")),
        ("report", "--case", "test-case", "--out", str(blocker / "r.html")),
    ):
        code, _, err = run_cli(capsys, *args)
        assert code == 1, args
        assert "Traceback" not in err and err.startswith("error: ") and str(blocker) in err
        assert len(err.strip().splitlines()) == 1


def test_load_of_a_count_too_large_for_the_store_names_file_line_field(env, capsys):
    path = env / "claims.yaml"
    text = path.read_text(encoding="utf-8")
    line = next(i for i, x in enumerate(text.splitlines(), 1) if x.strip().startswith("value:"))
    lines = text.splitlines()
    lines[line - 1] = lines[line - 1].split("value:")[0] + "value: 99999999999999999999"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _, err = run_cli(capsys, "load", str(env))
    assert code == 1 and "Traceback" not in err
    assert f"claims.yaml, line {line}: field 'value'" in err
    code, out, _ = run_cli(capsys, "cases")
    assert "test-case" not in out


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (("-d", "XX"), "--destination"),
        (("-d", "Georgia"), "--destination"),
        (("--sort", "x"), "--sort"),
        (("--since", "2023-01-01", "--until", "2022-01-01"), "--until"),  # was an empty list
    ],
)
def test_claims_filter_errors_name_the_option(env, capsys, args, option):
    run_cli(capsys, "load", str(env))
    code, _, err = run_cli(capsys, "claims", "-c", "test-case", *args)
    assert code == 1 and err.startswith(f"error: field '{option}': ")
    assert len(err.strip().splitlines()) == 1
