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
