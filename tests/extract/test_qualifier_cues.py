"""How a figure is put, in each language: estimates, thresholds passed, and what does not carry."""

from __future__ import annotations

import datetime as dt

import pytest

from emigre.extract.claims import extract_document
from emigre.extract.quantities import qualifier_phrase_before
from emigre.extract.readers import read_document

PUB = dt.date(2023, 7, 12)


@pytest.mark.parametrize(
    ("left", "qualifier"),
    [
        ("the agency estimated the number of newcomers at ", "about"),
        ("Эксперты оценили число уехавших студентов в ", "about"),
        ("Аналітики оцінюють кількість переселенців у ", "about"),
        ("L'institut estimait le nombre de départs à ", "about"),
        ("El instituto estimó el número de salidas en ", "about"),
        ("Das Amt schätzt die Zahl der Zuzüge auf ", "about"),
        ("the count has now passed the ", "at_least"),
        ("Число заявок превысило отметку в ", "at_least"),
        ("Кількість заяв перетнула позначку в ", "at_least"),
    ],
)
def test_estimates_and_thresholds_in_each_language(left: str, qualifier: str) -> None:
    found = qualifier_phrase_before(left)
    assert found is not None and found[0] == qualifier, left


def test_an_approximation_does_not_carry_past_a_share() -> None:
    text = (
        "About 900 Moldovans moved to Romania in May, roughly a third from Chisinau and "
        "120 from Balti."
    )
    c = {x.value: x for x in extract_document(read_document(text, "t", published=PUB))}
    assert c[900].qualifier == "about"
    assert c[120].qualifier == "exact"


def test_the_day_of_an_event_in_a_relative_phrase_is_not_the_period() -> None:
    text = (
        "Fin 2022, la Roumanie comptait 7 000 titres de séjour délivrés à des Moldaves fuyant "
        "la guerre, déclenchée le 3 mars."
    )
    c = extract_document(read_document(text, "t", published=PUB))
    assert [x.end for x in c if x.value == 7000] == [dt.date(2022, 12, 31)]
