"""Error messages are printed as text: Rich markup and emoji codes in them stay as written."""

from __future__ import annotations

import json

from tests.helpers import run_cli


def test_markup_and_emoji_codes_in_an_error_print_literally(capsys, tmp_path) -> None:
    folder = tmp_path / "bad:smile:id[bold]x[/]"
    code, _, err = run_cli(capsys, "load", str(folder))
    assert code == 1
    flat = err.replace("\n", "")
    assert "bad:smile:id[bold]x[/]" in flat
    assert "\N{SMILING FACE WITH SMILING EYES}" not in err and "😄" not in err


def test_a_wrong_type_is_not_called_missing(capsys, tmp_path) -> None:
    docs = tmp_path / "docs.jsonl"
    docs.write_text(
        json.dumps({"doc_id": "a", "text": 5}) + "\n" + json.dumps({"doc_id": "b"}) + "\n",
        encoding="utf-8",
    )
    code, _, err = run_cli(capsys, "extract", "--docs", str(docs))
    flat = err.replace("\n", "")
    assert code == 1
    assert "line 1: field 'text': expected text, got int" in flat
    assert "line 2: field 'text': required field is missing" in flat
