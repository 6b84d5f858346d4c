"""Reading claims files: good lines become items, bad ones name the file, line and field."""

from __future__ import annotations

import json

import pytest

from emigre.errors import InputError
from emigre.estimate.claimfile import read_claims, read_document_dates

GOOD = {
    "value": 98000,
    "low": None,
    "high": None,
    "qualifier": "exact",
    "measure": "flow",
    "origin": "RUS",
    "destination": "KAZ",
    "start": "2022-09-21",
    "end": "2022-09-28",
    "group": "all",
    "source": "seed",
}


def write(tmp_path, *rows):
    path = tmp_path / "claims.jsonl"
    path.write_text(
        "\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n",
        encoding="utf-8",
    )
    return path


def test_reads_the_shared_format(tmp_path):
    path = write(tmp_path, GOOD, "", {**GOOD, "value": 5, "span": [1, 2], "optional": True})
    items = read_claims(path)
    assert [it.line for it in items] == [1, 3]
    assert items[0].claim.destination == "KAZ" and items[0].label == "seed"
    assert items[0].claim.source_ids == items[1].claim.source_ids


@pytest.mark.parametrize(
    ("row", "line", "field", "words"),
    [
        ({k: v for k, v in GOOD.items() if k != "source"}, 2, "source", "source"),
        ({**GOOD, "qualifier": "roughly"}, 2, "qualifier", "exact"),
        ({**GOOD, "destination": "Kazakstan"}, 2, "destination", "KAZ"),
        ({**GOOD, "end": "2022-13-01"}, 2, "end", "date"),
        ({**GOOD, "valeu": 3}, 2, "valeu", "unknown field"),
        ({**GOOD, "value": None}, 2, None, "needs a value"),
        ('{"value": 3,', 2, None, "not valid JSON"),
        ("[1, 2]", 2, None, "JSON object"),
        ({**GOOD, "value": True}, 2, "value", "number of people"),  # was read as 1
    ],
)
def test_bad_lines_are_named(tmp_path, row, line, field, words):
    path = write(tmp_path, GOOD, row)
    with pytest.raises(InputError) as info:
        read_claims(path)
    err = info.value
    assert err.line == line and err.file == str(path)
    assert err.field == field
    assert words in str(err)


def test_document_dates_fill_missing_end_dates(tmp_path):
    docs = tmp_path / "docs.jsonl"
    docs.write_text(json.dumps({"doc_id": "seed", "published": "2023-02-03", "text": "x"}) + "\n")
    path = write(tmp_path, {**GOOD, "end": None})
    items = read_claims(path, read_document_dates(docs))
    assert items[0].document_date.isoformat() == "2023-02-03"


@pytest.mark.parametrize("text", ["", "\n\n  \n"])
def test_a_file_without_claims_says_so(tmp_path, text):
    path = tmp_path / "claims.jsonl"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_claims(path)
    assert info.value.file == str(path) and "no claims" in info.value.message
