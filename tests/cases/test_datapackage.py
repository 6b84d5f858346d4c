"""Export to a Frictionless data package and import it back: nothing is lost, bad rows refused."""

from __future__ import annotations

import json

import pytest

from emigre.cases.datapackage import read_package, write_package
from emigre.errors import InputError
from emigre.model import Claim, Counting, FoundIn, Source
from emigre.store import open_store, repo
from tests.store.helpers import small_bundle


def _stored_bundle(url):
    store = open_store(url)
    with store.session() as s:
        repo.load_bundle(s, small_bundle())
        doc = Source(id="ingested", title='Tab\tand "quotes", commas', url="https://e.org/x")
        extra = Claim(
            value=7, qualifier="at_most", measure="return", origin="GEO", destination="RUS",
            source_ids=["ingested", "ref-1"], flags=["vague"],
            found_in=FoundIn(
                document="ingested", span=(3, 40), sentence="Line one,\nline two",
                cues={"measure": "came back", "qualifier": "up to", "period": 'the "last" week'},
            ),
            counting=Counting(cohort_start="2022-09-21", includes=["renewals", "earlier_residents"],
                              unit="documents", min_stay_days=90, part_of="c-kaz"),
        )  # fmt: skip
        repo.add_claims(s, "test-case", [extra], [doc])
    with store.session() as s:
        bundle = repo.read_bundle(s, "test-case")
    store.dispose()
    return bundle


def test_round_trip_loses_nothing(store_url, tmp_path):
    bundle = _stored_bundle(store_url)
    write_package(bundle, tmp_path / "pkg")
    back = read_package(tmp_path / "pkg")
    assert back == bundle
    kept = next(c for c in back.claims if c.found_in and c.found_in.cues)
    assert kept.found_in.cues["period"] == 'the "last" week'
    assert kept.counting.includes == ["earlier_residents", "renewals"]
    assert kept.counting.cohort_start.isoformat() == "2022-09-21"

    fresh = open_store(f"sqlite:///{tmp_path / 'fresh.sqlite'}")
    with fresh.session() as s:
        repo.load_bundle(s, back, provenance="import")
    with fresh.session() as s:
        again = repo.read_bundle(s, "test-case")
    assert again == bundle
    write_package(again, tmp_path / "pkg2")
    for f in sorted((tmp_path / "pkg").iterdir()):
        assert f.read_bytes() == (tmp_path / "pkg2" / f.name).read_bytes(), f.name


def test_descriptor_has_a_schema_per_table(tmp_path):
    write_package(small_bundle(), tmp_path / "pkg")
    desc = json.loads((tmp_path / "pkg" / "datapackage.json").read_text())
    names = {r["name"] for r in desc["resources"]}
    assert {"case", "sources", "claims", "claim_sources", "events", "policies"} <= names
    for r in desc["resources"]:
        assert r["schema"]["fields"] and (tmp_path / "pkg" / r["path"]).is_file()


def _corrupt(path, column, value, row=1):
    import csv

    rows = list(csv.reader(path.open(encoding="utf-8")))
    rows[row][rows[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)


@pytest.mark.parametrize(
    ("table", "column", "value", "expect"),
    [
        ("claims", "value", "many", "value"),
        ("claims", "measure", "walked", "measure"),
        ("claims", "destination", "Kazakstan", "destination"),
        ("claim_sources", "source", "nowhere", None),
    ],
)
def test_bad_rows_are_refused_with_file_row_and_field(tmp_path, table, column, value, expect):
    write_package(small_bundle(), tmp_path / "pkg")
    _corrupt(tmp_path / "pkg" / f"{table}.csv", column, value)
    with pytest.raises(InputError) as err:
        read_package(tmp_path / "pkg")
    e = err.value
    assert e.file and e.file.endswith(f"{table}.csv")
    if expect:
        assert e.field == expect and e.line == 2


def test_failed_import_changes_nothing(tmp_path, capsys, monkeypatch):
    from tests.helpers import run_cli

    monkeypatch.setenv("EMIGRE_DB", f"sqlite:///{tmp_path / 'store.sqlite'}")
    from emigre.cli.context import settings

    monkeypatch.setattr(settings, "db", None)
    write_package(small_bundle(), tmp_path / "pkg")
    assert run_cli(capsys, "import", str(tmp_path / "pkg"))[0] == 0
    bundle = small_bundle()
    bundle.claims[0].value = 1
    write_package(bundle, tmp_path / "pkg2")
    _corrupt(tmp_path / "pkg2" / "claims.csv", "measure", "walked", row=2)
    code, _, err = run_cli(capsys, "import", str(tmp_path / "pkg2"))
    assert code == 1 and "claims.csv" in err
    code, out, _ = run_cli(capsys, "claims", "-c", "test-case", "-d", "KAZ", "-f", "json")
    assert json.loads(out)[0]["value"] == 98000


def _zip(folder, out):
    import zipfile

    with zipfile.ZipFile(out, "w") as zf:
        for f in sorted(folder.iterdir()):
            zf.write(f, f"pkg/{f.name}")
    return out


def test_a_zipped_package_reads_like_its_folder(tmp_path):
    write_package(small_bundle(), tmp_path / "pkg")
    assert read_package(_zip(tmp_path / "pkg", tmp_path / "pkg.zip")) == read_package(
        tmp_path / "pkg"
    )


def test_bad_zips_name_the_zip_and_the_member(tmp_path):
    write_package(small_bundle(), tmp_path / "pkg")
    whole = _zip(tmp_path / "pkg", tmp_path / "pkg.zip")
    cut = tmp_path / "cut.zip"
    cut.write_bytes(whole.read_bytes()[:300])
    with pytest.raises(InputError) as err:
        read_package(cut)
    assert err.value.file == str(cut) and "zip" in err.value.message
    _corrupt(tmp_path / "pkg" / "claims.csv", "measure", "walked", row=2)
    bad = _zip(tmp_path / "pkg", tmp_path / "bad.zip")
    with pytest.raises(InputError) as err:
        read_package(bad)
    assert err.value.file == f"{bad}:pkg/claims.csv" and err.value.field == "measure"
    assert "emigre-import-" not in str(err.value)


@pytest.mark.parametrize("where", ["../../etc/passwd", "/etc/passwd", "sub/claims.csv"])
def test_a_table_path_out_of_the_folder_is_refused(tmp_path, where):
    write_package(small_bundle(), tmp_path / "pkg")
    descriptor = tmp_path / "pkg" / "datapackage.json"
    meta = json.loads(descriptor.read_text(encoding="utf-8"))
    meta["resources"][2]["path"] = where
    descriptor.write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_package(tmp_path / "pkg")
    assert err.value.file == str(descriptor) and err.value.field == "resources.2.path"


def _set_path(descriptor, index, value):
    meta = json.loads(descriptor.read_text(encoding="utf-8"))
    meta["resources"][index]["path"] = value
    descriptor.write_text(json.dumps(meta), encoding="utf-8")


def test_a_list_valued_path_is_refused_without_reading_outside(tmp_path):
    """["claims.csv", "/etc/passwd"] passed the check and the error printed a line of it."""
    outside = tmp_path / "secret.txt"
    outside.write_text("root:x:0:0:SECRET-LINE\n", encoding="utf-8")
    write_package(small_bundle(), tmp_path / "pkg")
    descriptor = tmp_path / "pkg" / "datapackage.json"
    _set_path(descriptor, 3, ["claims.csv", str(outside)])
    with pytest.raises(InputError) as err:
        read_package(tmp_path / "pkg")
    assert err.value.field == "resources.3.path" and "one file name" in err.value.message
    assert "SECRET" not in str(err.value)


def test_the_importer_reads_the_file_the_descriptor_names(tmp_path):
    """A valid claims_ok.csv was validated and an invalid claims.csv read (a traceback)."""
    pkg = tmp_path / "pkg"
    write_package(small_bundle(), pkg)
    (pkg / "claims_ok.csv").write_bytes((pkg / "claims.csv").read_bytes())
    (pkg / "claims.csv").write_text("id,flags\nx,[not json\n", encoding="utf-8")
    _set_path(pkg / "datapackage.json", 3, "claims_ok.csv")
    bundle = read_package(pkg)
    assert [c.id for c in bundle.claims] == [c.id for c in small_bundle().claims]


def test_a_symlinked_table_is_refused(tmp_path):
    pkg = tmp_path / "pkg"
    write_package(small_bundle(), pkg)
    real = tmp_path / "elsewhere.csv"
    real.write_bytes((pkg / "claims.csv").read_bytes())
    (pkg / "claims.csv").unlink()
    (pkg / "claims.csv").symlink_to(real)
    with pytest.raises(InputError, match="symlink") as err:
        read_package(pkg)
    assert err.value.file == str(pkg / "claims.csv")
