"""Countries from names, variants and demonyms."""

from __future__ import annotations

import pytest

from emigre.extract.places import country_of, find_places


@pytest.mark.parametrize(
    ("word", "code"),
    [("the UAE", "ARE"), ("Georgian", "GEO"), ("Kazakh", "KAZ"), ("Kyrgyz", "KGZ"),
     ("Serbians", "SRB"), ("Nigerian", "NGA"), ("Chadian", "TCD"), ("Sudanese", "SDN"),
     ("South Korea", "KOR"), ("the United States", "USA"), ("Türkei", "TUR"), ("Polish", "POL")],
)  # fmt: skip
def test_country_of(word: str, code: str) -> None:
    assert country_of(word) == code


def test_find_places_in_text() -> None:
    found = find_places("Many Armenians moved to the Czech Republic and Chad's capital.")
    assert [(p.code, p.demonym) for p in found] == [("ARM", True), ("CZE", False), ("TCD", False)]


def test_lower_case_words_are_not_countries() -> None:
    assert find_places("a turkey for dinner in chad weather") == []


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Семья переехала в Армению.", "ARM"),
        ("Они живут в Армении третий год.", "ARM"),
        ("Поезд пришёл из Казахстана.", "KAZ"),
        ("Работа нашлась в Польше.", "POL"),
        ("Вони поїхали до Польщі.", "POL"),
        ("Sie zogen nach Kasachstan.", "KAZ"),
        ("Ils sont partis en Géorgie.", "GEO"),
        ("Se fueron a Colombia.", "COL"),
    ],
)
def test_country_names_in_their_case_forms(text: str, code: str) -> None:
    assert [p.code for p in find_places(text) if not p.demonym] == [code]


def test_demonyms_of_the_data_files_say_whether_they_name_people() -> None:
    found = find_places("Армянские власти встретили россиян.")
    assert [(p.code, p.noun) for p in found] == [("ARM", False), ("RUS", True)]
