"""What a document says about itself: its day of publication (the caller's, its metadata, a
dateline, its address), its publisher, and a source id that does not depend on its path."""

from __future__ import annotations

import datetime as dt

import pytest

from emigre.extract.readers import read_document
from emigre.extract.readers.metadata import dateline_date, url_date
from emigre.extract.runner import Task, run_task

ARTICLE = (
    "{dateline}\n\n"
    "Chileans keep moving to Argentina\n\n"
    "Since the start of the year, some 5,000 Chileans have moved to Argentina, officials said.\n"
)


@pytest.mark.parametrize(
    ("top", "expected"),
    [
        ("14 March 2023", dt.date(2023, 3, 14)),
        ("March 14, 2023", dt.date(2023, 3, 14)),
        ("Published 14 March 2023, 10:15", dt.date(2023, 3, 14)),
        ("14 марта 2023 г., 10:15", dt.date(2023, 3, 14)),
        ("14 березня 2023", dt.date(2023, 3, 14)),
        ("Veröffentlicht am 14. März 2023", dt.date(2023, 3, 14)),
        ("14 de marzo de 2023", dt.date(2023, 3, 14)),
        ("le 14 mars 2023", dt.date(2023, 3, 14)),
        ("2023-03-14", dt.date(2023, 3, 14)),
        ("14.03.2023", dt.date(2023, 3, 14)),
    ],
)
def test_a_dateline_in_any_supported_language_is_the_publication_date(top, expected) -> None:
    doc = read_document(ARTICLE.format(dateline=top), "a.txt")
    assert doc.published == expected and doc.date_from == "dateline"
    # the dateline is not taken for the title
    assert doc.title == "Chileans keep moving to Argentina"


def test_a_dateline_opening_the_body() -> None:
    text = (
        "Chileans keep moving\n\nSANTIAGO, March 14, 2023 (Example Wire) — Some 5,000 Chileans "
        "have moved to Argentina since January, the ministry said on Tuesday in a statement.\n"
    )
    assert dateline_date(text) == dt.date(2023, 3, 14)


@pytest.mark.parametrize(
    "text",
    [
        "Chileans who left since 24 February 2022\n\nSome 5,000 moved to Argentina.\n",
        "Between 1 May 2021 and 3 June 2021 some 5,000 Chileans moved to Argentina, and many "
        "more are expected to follow them over the coming months, officials said.\n",
        "No date here\n\nSome 5,000 Chileans moved to Argentina.\n",
        "Title\n\nOne\n\nTwo\n\nThree\n\nFour\n\n14 March 2023\n",  # too far down to be a dateline
        "31 February 2023\n\nSome 5,000 Chileans moved to Argentina.\n",
    ],
)
def test_dates_that_are_not_a_dateline(text) -> None:
    assert dateline_date(text) is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://news.example.org/2022/10/04/forbes-counts", dt.date(2022, 10, 4)),
        ("https://example.es/noticias/20220927/llegada", dt.date(2022, 9, 27)),
        ("https://example.ru/politics/23/03/2023/641c00af", dt.date(2023, 3, 23)),
        ("https://example.org/a/2023-06-14-new-arrivals", dt.date(2023, 6, 14)),
        ("https://example.ge/en/news/2022/3781", None),
        ("https://example.org/a/2022/13/45/x", None),
        (None, None),
    ],
)
def test_url_dates(url, expected) -> None:
    assert url_date(url) == expected


def test_the_callers_date_wins_then_the_dateline_then_the_url() -> None:
    text = ARTICLE.format(dateline="14 March 2023")
    url = "https://news.example.org/2023/03/15/chileans"
    given = read_document(text, "a", published=dt.date(2023, 3, 16), url=url)
    assert (given.published, given.date_from) == (dt.date(2023, 3, 16), "given")
    own = read_document(text, "a", url=url)
    assert (own.published, own.date_from) == (dt.date(2023, 3, 14), "dateline")
    undated = read_document(ARTICLE.format(dateline="Chile"), "a", url=url)
    assert (undated.published, undated.date_from) == (dt.date(2023, 3, 15), "url")


def test_the_dateline_reaches_the_claims_and_the_source(tmp_path) -> None:
    """Relative periods resolve against the dateline; the source carries its date."""
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE.format(dateline="14 March 2023"), encoding="utf-8")
    result = run_task(Task(name=str(path), path=str(path)))
    (claim,) = result.claims
    assert claim.value == 5000 and claim.destination == "ARG"
    assert claim.end == dt.date(2023, 3, 14) and claim.start == dt.date(2023, 1, 1)
    (source,) = result.sources
    assert source.published == dt.date(2023, 3, 14) and "undated" not in source.flags
    assert source.note is not None and "dateline" in source.note
    assert claim.source_ids == [source.id]


def test_source_id_does_not_depend_on_the_files_path(tmp_path) -> None:
    text = ARTICLE.format(dateline="14 March 2023")
    ids = []
    for folder in ("one", "two"):
        (tmp_path / folder).mkdir()
        path = tmp_path / folder / "article.txt"
        path.write_text(text, encoding="utf-8")
        result = run_task(Task(name=str(path), path=str(path)))
        ids.append((result.sources[0].id, result.claims[0].source_ids, result.claims[0].found_in))
    (a, a_claim, a_found), (b, b_claim, b_found) = ids
    assert a == b and a_claim == b_claim == [a]
    assert a_found is not None and b_found is not None and a_found.document == a
    assert "one" not in a and "tmp" not in a and a.startswith("chileans-keep-moving")


def test_undated_untitled_texts_differ_by_their_content(tmp_path) -> None:
    one = run_task(Task(name="x", text="Some 5,000 Chileans moved to Argentina in 2021."))
    two = run_task(Task(name="x", text="Some 6,000 Chileans moved to Argentina in 2021."))
    assert one.sources[0].id != two.sources[0].id


HTML = """<!DOCTYPE html><html><head><title>Chileans keep moving | Example Daily</title>
<meta property="og:site_name" content="Example Daily &amp; Co">
{meta}
</head><body><article><h1>Chileans keep moving</h1>
<p>{dateline}</p>
<p>Some 5,000 Chileans have moved to Argentina since the start of the year, the ministry of the
interior said on Tuesday, adding that most of them settled in Mendoza and in Buenos Aires.</p>
<p>Officials expect the number to keep growing through the southern winter and into spring.</p>
</article></body></html>"""


def test_html_site_name_is_the_publisher_and_its_metadata_the_date() -> None:
    meta = '<meta property="article:published_time" content="2023-03-14T09:00:00Z">'
    result = run_task(Task(name="page.html", text=HTML.format(meta=meta, dateline="")))
    source = result.sources[0]
    assert source.publisher == "Example Daily & Co"
    assert source.published == dt.date(2023, 3, 14)


def test_html_without_date_metadata_reads_its_dateline() -> None:
    doc = read_document(HTML.format(meta="", dateline="14 марта 2023"), "page.html")
    assert doc.published == dt.date(2023, 3, 14) and doc.publisher == "Example Daily & Co"


def test_the_source_names_the_language_it_is_written_in() -> None:
    ru = run_task(Task(name="r", text="14 марта 2023\n\nОколо 5000 россиян уехали в Грузию.\n"))
    en = run_task(Task(name="e", text=ARTICLE.format(dateline="14 March 2023")))
    assert ru.sources[0].language == "ru" and en.sources[0].language == "en"
    assert ru.sources[0].published == dt.date(2023, 3, 14)
