# ruff: noqa: E501  (reference lines are long as wiki lists write them)
"""Each reader, the kind detection, and the citations they link."""

from __future__ import annotations

import datetime as dt

import pytest

from emigre.errors import InputError
from emigre.extract.citations import parse_reference
from emigre.extract.claims import extract_document
from emigre.extract.readers import detect_kind, read_document

RENDERED = """Example Wiki

Some 4,000 Chileans moved to Argentina in 2019.[1] Officials counted more later.

Later years[]

In 2020, about 6,500 Chileans settled in Argentina. The count rose again.[2][3]

References[]

  1. 1.0 1.1 Perez, Ana (2020-02-03). "Chileans cross the Andes in record numbers" (in es). El Diario. https://ex.org/chileans-cross-the-andes.
  2. "Error: no |title= specified when using {{Cite web}}". Example Post. 5 May 2021. https://example.com/a/123.
  3. "Argentina census counts Chilean residents". https://example.net/census-counts-chilean-residents.
"""


def test_rendered_wiki_reference_list_and_links() -> None:
    doc = read_document(RENDERED, "r.txt")
    assert doc.kind == "wiki" and doc.body_end is not None
    assert set(doc.references) == {"1", "2", "3"}
    one = doc.references["1"].source
    assert one is not None and one.publisher == "El Diario" and one.published == dt.date(2020, 2, 3)
    assert one.language == "es" and one.title == "Chileans cross the Andes in record numbers"
    assert doc.references["2"].broken and "missing_title" in doc.references["2"].source.flags  # type: ignore[union-attr]
    three = doc.references["3"].source
    assert three is not None and "publisher_from_url" in three.flags and "undated" in three.flags
    claims = extract_document(doc)
    assert [c.value for c in claims] == [4000, 6500]
    assert claims[0].source_ids == [one.id] and "citation_inferred" not in claims[0].flags
    # the second sentence cites nothing: the paragraph's next citation, flagged, and broken
    assert "citation_inferred" in claims[1].flags and "broken_citation" in claims[1].flags


def test_reference_without_publisher_reads_the_host() -> None:
    src, broken = parse_reference(
        'Doe, J. (March 4, 2021). "A title here". https://www.news.example/x/a-title-here'
    )
    assert src.publisher == "news.example" and src.published == dt.date(2021, 3, 4) and not broken


def test_wikitext_refs_and_templates() -> None:
    wt = (
        "Intro.\n\n== Arrivals ==\nIn May 2021, about 9,000 [[Venezuela|Venezuelans]] arrived in "
        '[[Peru]].<ref name="a">{{cite news |title=Venezuelans cross into Peru |url=https://'
        "example.org/news/venezuelans-cross-into-peru |work=Example Daily |date=3 June 2021}}</ref>"
        ' Another 1,200 applied for asylum.<ref name="a"/>\n\n== References ==\n{{reflist}}\n'
    )
    assert detect_kind(wt) == "wikitext"
    doc = read_document(wt.encode(), "w.wiki")
    assert "[[" not in doc.text and "Venezuelans arrived in Peru.[1]" in doc.text
    src = doc.references["1"].source
    assert (
        src is not None
        and src.publisher == "Example Daily"
        and src.published == dt.date(2021, 6, 3)
    )
    claims = extract_document(doc)
    assert [(c.value, c.destination, c.source_ids) for c in claims] == [
        (9000, "PER", [src.id]), (1200, "PER", [src.id]),
    ]  # fmt: skip


def test_html_main_text_title_and_date() -> None:
    html = (
        "<html><head><title>Border count</title><meta property='article:published_time' "
        "content='2021-06-16'></head><body><nav>Home | World</nav><article><h1>Border count</h1>"
        "<p>On Monday, 4,300 Moldovans crossed into Romania at the northern checkpoints, officials"
        " said.</p></article></body></html>"
    )
    doc = read_document(html.encode(), "a.html")
    assert (
        doc.kind == "html" and doc.title == "Border count" and doc.published == dt.date(2021, 6, 16)
    )
    (claim,) = extract_document(doc)
    assert claim.end == dt.date(2021, 6, 14) and claim.destination == "ROU"


def test_truncated_html_still_reads() -> None:
    doc = read_document(
        b"<html><body><div><p>Some 3,000 Syrians arrived in Jordan in 2019 and", "t.html"
    )
    assert doc.kind == "html"
    assert [c.value for c in extract_document(doc)] == [3000]


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"", "empty"), (b"   \n", "empty"), (b"\x00\x01\x02binary", "binary"),
     (b"\xff\xfe\x00a\x00b", "binary")],
)  # fmt: skip
def test_bad_bytes_are_clear_errors(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read_document(data, "bad.bin")


def test_non_utf8_text_names_the_byte_and_line() -> None:
    data = "First line.\nSome 3,000 Chileans settled in Perú in 2019.".encode("latin-1")
    with pytest.raises(InputError, match=r"not UTF-8 .*0xfa") as err:
        read_document(data, "l.txt")
    assert err.value.line == 2 and err.value.file == "l.txt"


def test_html_declaring_its_charset_is_read() -> None:
    html = "<html><head><meta charset='iso-8859-1'></head><body><p>Some 3,000 Chileans settled in Perú in 2019.</p></body></html>"
    doc = read_document(html.encode("latin-1"), "l.html")
    assert "Perú" in doc.text


def test_too_large_is_refused_with_its_size(tmp_path, monkeypatch) -> None:
    from emigre.extract import readers, runner

    big = tmp_path / "big.txt"
    big.write_bytes(b"Some 3,000 Chileans settled in Peru in 2019.\n" * 50_000)
    monkeypatch.setattr(runner, "MAX_BYTES", 1_000_000)
    result = runner.run_task(runner.Task(name=str(big), path=str(big)))
    assert result.error is not None and "too large" in result.error and "big.txt" in result.error
    monkeypatch.setattr(readers, "MAX_BYTES", 1_000_000)
    with pytest.raises(InputError, match="too large"):
        read_document(big.read_bytes(), "big.txt")


def test_a_document_without_figures_gives_no_claims() -> None:
    assert extract_document(read_document("Nothing to count here, only words.", "n.txt")) == []


def test_plain_text_detection() -> None:
    assert detect_kind("Just a sentence with 3 numbers [1].") == "plain"


def test_size_message_says_the_size_and_the_limit_exactly(tmp_path, monkeypatch) -> None:
    """'too large (200 MB; limit 200 MB)' read as a contradiction: bytes are given exactly."""
    from emigre.extract import runner

    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 1_000_001)
    monkeypatch.setattr(runner, "MAX_BYTES", 1_000_000)
    error = runner.run_task(runner.Task(name=str(big), path=str(big))).error
    assert error is not None and "1,000,001 bytes" in error and "limit is 1,000,000 bytes" in error


def test_devices_and_fifos_are_refused_not_waited_on(tmp_path) -> None:
    """/dev/zero reports size 0 and never ends; a FIFO blocks the open until a writer comes."""
    import os

    from emigre.extract import runner

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    for path, words in (("/dev/zero", "device"), (str(fifo), "FIFO")):
        error = runner.run_task(runner.Task(name=path, path=path)).error
        assert error is not None and words in error and path in error


def test_cli_extract_of_dev_zero_is_one_line(capsys) -> None:
    from tests.helpers import run_cli

    code, _, err = run_cli(capsys, "extract", "/dev/zero")
    assert code == 1
    assert "/dev/zero" in err and "device" in err and "Traceback" not in err
