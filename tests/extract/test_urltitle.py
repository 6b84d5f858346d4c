"""title_matches_url: a conservative check that a citation's title fits its address."""

from __future__ import annotations

import pytest

from emigre.extract.urltitle import title_matches_url, url_slug_words


@pytest.mark.parametrize(
    ("title", "url"),
    [
        # the same words, in another order and form (fled/flee, Russians/Russia)
        (
            "98,000 Russians fled to Kazakhstan amid Putin's mobilization announcement",
            "https://www.pbs.org/newshour/world/98000-russians-fled-to-kazakhstan-amid-putins-"
            "mobilization-announcement",
        ),
        # a headline rewritten for the web shares only one topic word with its slug
        (
            "Is Putin's war spreading?",
            "https://www.spectator.co.uk/article/putin-s-war-risks-spreading",
        ),
        # Cyrillic title, transliterated slug
        (
            "На актера Артура Смольянинова составили протокол",
            "https://meduza.io/news/2022/10/17/na-aktera-artura-smolyaninova-sostavili-protokol",
        ),
        # diacritics and underscores
        (
            "Cetățeni ruși intră în România",
            "https://romanialibera.ro/x/incognito/cetateni-rusi-intra-in-romania/",
        ),
        (
            "Minister: Some 50,000 people relocate to Armenia",
            "http://arka.am/en/news/business/minister_some_50_000_people_relocate_to_armenia_/",
        ),
    ],
)
def test_matching_titles(title: str, url: str) -> None:
    assert title_matches_url(title, url) is True


def test_a_title_about_something_else_is_a_mismatch() -> None:
    # the seed's reference 63: an IT-emigration headline on the address of a Navalny story
    url = "https://www.themoscowtimes.com/2022/03/22/navalny-sentenced-to-9-more-years-in-prison-a77027"
    title = "170K Russian IT Specialists Could Emigrate by April – Industry"
    assert title_matches_url(title, url) is False
    assert title_matches_url("Navalny sentenced to nine more years", url) is True


@pytest.mark.parametrize(
    "url",
    [
        "https://p.dw.com/p/49TgE",  # short link
        "https://agenda.ge/en/news/2022/5102",  # numeric id
        "https://www.bbc.com/news/world-europe-60697763",  # section name and id
        "https://www.bbc.com/news/av/world-latin-america-64722803",
        "https://www.ft.com/content/62f33a53-05b8-4f3b-b381-5e5f5fad9977",  # uuid
        "https://www.bbc.com/serbian/lat/srbija-62672074",  # one word is not a slug
        "https://example.org/",
    ],
)
def test_no_verdict_without_a_readable_slug(url: str) -> None:
    assert url_slug_words(url) == []
    assert title_matches_url("Russia faces brain drain as thousands flee abroad", url) is None


def test_slug_words_drop_ids_dates_and_glue() -> None:
    words = url_slug_words(
        "https://www.reuters.com/world/europe/where-have-russians-been-fleeing-since-"
        "mobilisation-began-2022-10-06/"
    )
    assert words == ["russians", "fleeing", "since", "mobilisation", "began"]
    assert "a77027" not in url_slug_words(
        "https://www.themoscowtimes.com/2022/03/22/navalny-sentenced-to-9-more-years-a77027"
    )


def test_glue_words_alone_do_not_make_a_match() -> None:
    url = "https://example.org/2022/01/01/the-war-in-the-north"
    assert title_matches_url("The price of bread in the south", url) is False
