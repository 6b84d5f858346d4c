"""What a figure counts, in each language: the verb that governs it, not a noun beside it."""

from __future__ import annotations

import datetime as dt

import pytest

from emigre.extract.claims import extract_document
from emigre.extract.measure import cues
from emigre.extract.readers import read_document
from emigre.model import Claim

PUB = dt.date(2023, 7, 12)


def by_value(text: str) -> dict[int, Claim]:
    found = extract_document(read_document(text, "t", published=PUB))
    return {c.value: c for c in found if c.value is not None}


@pytest.mark.parametrize(
    ("text", "value", "measure"),
    [
        # a grant of what was applied for is a registration
        ("In 2022, 1,200 asylum applications by Moldovans were approved in Romania.", 1200,
         "registration"),
        ("En 2022, 1 200 demandes d'asile de Moldaves ont été acceptées en Roumanie.", 1200,
         "registration"),
        # a registration applied for is an application, its noun no grant
        ("В марте 40 граждан Беларуси подали прошение о предоставлении убежища в Польше.", 40,
         "application"),
        ("About 2,000 Moldovans applied for a Romanian tax identification number in May.", 2000,
         "application"),
        ("Ещё 500 граждан России в августе подали документы, чтобы получить казахстанское "
         "гражданство.", 500, "application"),
        # people living somewhere with a permit are people present
        ("Около 7 тыс. россиян живут в Грузии, имея вид на жительство.", 7000, "stock"),
        # but people counted as registered are records
        ("The province hosts 52,000 registered Moldovan refugees in Romania.", 52000,
         "registration"),
        ("Poland was home to an estimated 900,000 Moldovans, including many who arrived "
         "before 2020.", 900000, "stock"),
        # a noun of people who migrated is no movement
        ("Unos 300 000 migrantes venezolanos están en Chile.", 300000, "stock"),
        ("Hasta ahora se registran 40 000 migrantes venezolanos en Chile.", 40000, "stock"),
        ("Unos 3 000 venezolanos migraron a Chile en 2022.", 3000, "flow"),
    ],
)  # fmt: skip
def test_the_governing_verb_decides(text: str, value: int, measure: str) -> None:
    assert by_value(text)[value].measure == measure, text


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "said the Ministry of Aliyah and Integration"),
        ("en", "according to the State Migration Service"),
        ("ru", "со ссылкой на Службу миграции и гражданства"),
        ("es", "según el Servicio Nacional de Migración"),
    ],
)
def test_an_institutions_name_is_no_cue(language: str, text: str) -> None:
    assert cues(text, 0, len(text), language=language) == []


def test_a_list_under_one_verb_shares_it() -> None:
    c = by_value(
        "The ministry granted residence permits to 3,100 Moldovan and 900 Ukrainian citizens, "
        "with 400 Moldovan applications still pending."
    )
    assert (c[3100].measure, c[900].measure, c[400].measure) == (
        "registration", "registration", "application",
    )  # fmt: skip


def test_crossing_into_the_country_the_text_is_leaving_is_a_return() -> None:
    c = by_value(
        "Since March, 20,000 Moldovans have fled to Romania and 12,000 Moldovans have left for "
        "Poland. On Monday, 3,000 people crossed from Romania into Moldova."
    )
    assert c[20000].measure == c[12000].measure == "flow"
    assert c[3000].measure == "return" and c[3000].destination == "MDA"


def test_an_expectation_before_a_figure_makes_it_a_forecast() -> None:
    c = by_value("Officials expect 70,000 Moldovans to leave for Romania next year.")
    assert c[70000].measure == "forecast"


@pytest.mark.parametrize(
    ("text", "value", "end"),
    [
        ("The number of Moldovans in Romania could reach 150,000 by the end of 2025.", 150000,
         dt.date(2025, 12, 31)),
        ("К концу 2025 года число россиян в Грузии может достичь 150 тысяч.", 150000,
         dt.date(2025, 12, 31)),
        ("Selon l'agence, le total pourrait atteindre 150 000 réfugiés en Pologne d'ici fin 2025.",
         150000,
         dt.date(2025, 12, 31)),
        ("El número de venezolanos en Chile podría alcanzar 150 000 a finales de 2025.", 150000,
         dt.date(2025, 12, 31)),
    ],
)  # fmt: skip
def test_a_figure_that_could_be_reached_is_a_forecast_to_its_horizon(
    text: str, value: int, end: dt.date
) -> None:
    c = by_value(text)[value]
    assert (c.measure, c.end) == ("forecast", end), text
