"""A broken case file is one clear error naming file, line and field; nothing is written."""

from __future__ import annotations

import os

import pytest

from emigre.cases.files import read_case_dir
from emigre.errors import InputError
from tests.helpers import run_cli, write_case_dir
from tests.store.helpers import small_bundle


@pytest.fixture
def folder(tmp_path):
    return write_case_dir(small_bundle(), tmp_path / "case")


def _replace(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(path, needle):
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def test_reads_back_what_was_written(folder):
    assert read_case_dir(folder) == small_bundle().model_copy(
        update={
            "claims": [c.model_copy(update={"case": "test-case"}) for c in small_bundle().claims],
            "events": [e.model_copy(update={"case": "test-case"}) for e in small_bundle().events],
            "policies": [
                p.model_copy(update={"case": "test-case"}) for p in small_bundle().policies
            ],
        }
    )


def test_unknown_country_suggests_the_nearest(folder):
    path = folder / "claims.yaml"
    _replace(path, "destination: KAZ", "destination: Kazakstan")
    with pytest.raises(InputError) as err:
        read_case_dir(folder)
    e = err.value
    assert (e.file, e.field, e.line) == (str(path), "destination", _line_of(path, "Kazakstan"))
    assert "KAZ (Kazakhstan)" in e.message


def test_malformed_date(folder):
    path = folder / "events.yaml"
    _replace(path, "date: '2022-09-21'", "date: 2022-21-09")
    with pytest.raises(InputError) as err:
        read_case_dir(folder)
    assert err.value.field == "date" and err.value.line == _line_of(path, "2022-21-09")


def test_negative_count_and_end_before_start(folder):
    path = folder / "claims.yaml"
    _replace(path, "value: 98000", "value: -98000")
    with pytest.raises(InputError, match="greater than or equal to 0") as err:
        read_case_dir(folder)
    assert err.value.field == "value"
    _replace(path, "value: -98000", "value: 98000")
    _replace(path, "end: '2022-09-28'", "end: '2022-09-01'")
    with pytest.raises(InputError, match=r"ends .* before it starts"):
        read_case_dir(folder)


def test_unknown_field_and_missing_source(folder):
    path = folder / "claims.yaml"
    _replace(path, "measure: flow", "measure: flow\n  colour: red")
    with pytest.raises(InputError, match="unknown field") as err:
        read_case_dir(folder)
    assert err.value.field == "colour"
    _replace(path, "\n  colour: red", "")
    _replace(path, "- ref-1\n", "- ref-9\n")
    with pytest.raises(InputError, match="unknown source 'ref-9'"):
        read_case_dir(folder)


def test_yaml_syntax_error_names_the_line(folder):
    path = folder / "policies.yaml"
    path.write_text("- id: p1\n  country: [SCHENGEN\n", encoding="utf-8")
    with pytest.raises(InputError, match="not valid YAML") as err:
        read_case_dir(folder)
    assert err.value.line is not None


def test_a_kind_file_that_is_a_folder_is_named(folder):
    """sources.yaml as a folder was read as 'no sources', blaming every claim's citation."""
    path = folder / "sources.yaml"
    path.unlink()
    path.mkdir()
    with pytest.raises(InputError, match="cannot read") as err:
        read_case_dir(folder)
    assert err.value.file == str(path)


def test_a_claim_with_no_source(folder):
    path = folder / "claims.yaml"
    _replace(path, "source_ids:\n  - ref-1\n", "source_ids: []\n")
    with pytest.raises(InputError, match="at least one source"):
        read_case_dir(folder)


def test_bad_row_deep_in_the_file_writes_nothing(tmp_path, capsys, monkeypatch):
    """A load that fails on row 57 leaves the store as it was."""
    bundle = small_bundle()
    template = bundle.claims[0]
    bundle.claims = [
        template.model_copy(update={"id": f"c-{i:03d}", "value": 1000 + i}) for i in range(80)
    ]
    folder = write_case_dir(bundle, tmp_path / "case")
    monkeypatch.setenv("EMIGRE_DB", f"sqlite:///{tmp_path / 'store.sqlite'}")
    from emigre.cli.context import settings

    monkeypatch.setattr(settings, "db", None)
    path = folder / "claims.yaml"
    _replace(path, "value: 1056", "value: lots")
    code, _, err = run_cli(capsys, "load", str(folder))
    assert code == 1
    assert f"{path}, line {_line_of(path, 'value: lots')}: field 'value'" in err.replace("\n", "")
    code, out, err = run_cli(capsys, "cases")
    assert "test-case" not in out


def test_unknown_case_document_names_case_yaml_and_line(folder):
    path = folder / "case.yaml"
    _replace(path, "document: doc", "document: no-such-source")
    with pytest.raises(InputError) as err:
        read_case_dir(folder)
    e = err.value
    assert e.file == str(path) and e.field == "document"
    assert e.line == _line_of(path, "document: no-such-source")


def test_a_key_given_twice_names_its_second_line(folder):
    path = folder / "claims.yaml"
    line = _line_of(path, "value:")
    text = path.read_text(encoding="utf-8").splitlines()
    indent = text[line - 1][: len(text[line - 1]) - len(text[line - 1].lstrip())]
    text.insert(line, f"{indent}value: 1")
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="duplicate key 'value'") as err:
        read_case_dir(folder)
    assert err.value.file == str(path) and err.value.line == line + 1


def _dangling(path):
    path.unlink()
    path.symlink_to(path.parent / "no-such-file.yaml")


def _loop(path):
    path.unlink()
    other = path.parent / "loop.yaml"
    other.symlink_to(path)
    path.symlink_to(other)


def _fifo(path):
    path.unlink()
    os.mkfifo(path)


def _device(path):
    path.unlink()
    path.symlink_to("/dev/zero")


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (_dangling, "dangling symlink"),
        (_loop, "symlink loop"),
        (_fifo, "FIFO"),
        (_device, "device"),
    ],
)
def test_a_claims_file_that_is_not_a_file_deletes_nothing(
    tmp_path, capsys, monkeypatch, make, words
):
    """A dangling claims.yaml was read as 'no claims': the load removed every claim, exit 0."""
    folder = write_case_dir(small_bundle(), tmp_path / "case")
    monkeypatch.setenv("EMIGRE_DB", f"sqlite:///{tmp_path / 'store.sqlite'}")
    from emigre.cli.context import settings

    monkeypatch.setattr(settings, "db", None)
    assert run_cli(capsys, "load", str(folder))[0] == 0
    code, before, _ = run_cli(capsys, "claims", "--case", "test-case")
    assert code == 0
    path = folder / "claims.yaml"
    make(path)
    code, out, err = run_cli(capsys, "load", str(folder))
    assert code == 1
    assert str(path) in err.replace("\n", "") and words in err.replace("\n", "")
    assert "removed" not in out
    assert run_cli(capsys, "claims", "--case", "test-case")[1] == before


@pytest.mark.parametrize(
    ("text", "words", "line"),
    [
        ('- id: a\n  note: "x\x00y"\n', "NUL byte", 2),
        ("[" * 20_000, "nested more than", 1),
        (
            'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
            + "".join(
                f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n"
                for i in range(8)
            ),
            "aliases",
            1,
        ),
        ("a: &x [1]\n" + "".join(f"k{i}: *x\n" for i in range(101)), "more than 100 aliases", 102),
    ],
    ids=["nul", "deep", "alias-bomb", "many-aliases"],
)
def test_hostile_yaml_is_one_located_error(tmp_path, text, words, line):
    from emigre.cases.files import read_yaml

    path = tmp_path / "claims.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=words) as err:
        read_yaml(path)
    assert err.value.file == str(path) and err.value.line == line


def test_a_few_aliases_are_still_read(tmp_path):
    from emigre.cases.files import read_yaml

    path = tmp_path / "x.yaml"
    path.write_text("a: &x [1, 2]\nb: *x\n", encoding="utf-8")
    assert read_yaml(path)["b"] == [1, 2]
