"""The per-language data files and the language of a text."""

from __future__ import annotations

import pytest

from emigre.extract import lang
from emigre.extract.lang.detect import language_of, paragraph_language
from emigre.extract.measure import cues
from emigre.extract.quantities import find_quantities


@pytest.mark.parametrize("code", lang.LANGUAGES)
def test_every_language_has_a_readable_data_file(code: str) -> None:
    data = lang.vocabulary(code)
    assert data["language"] == code
    assert lang.entries("cues.flow", (code,)), f"{code} names no movement verb"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Тысячи семей переехали в соседние страны за последний год.", "ru"),
        ("Тисячі родин переїхали до сусідніх країн за останній рік.", "uk"),
        ("Tausende Familien sind im letzten Jahr in Nachbarländer gezogen.", "de"),
        ("Des milliers de familles ont déménagé dans les pays voisins l'an dernier.", "fr"),
        ("Miles de familias se mudaron a países vecinos el año pasado.", "es"),
        ("Thousands of families moved to neighbouring countries last year.", "en"),
    ],
)
def test_language_of_short_paragraphs(text: str, code: str) -> None:
    assert language_of(text) == code


def test_a_paragraph_in_another_script_is_asked_again() -> None:
    text = "Many people left.\n\nМногие уехали из города весной."
    assert paragraph_language(text, 0, 17, "en") == "en"
    assert paragraph_language(text, 19, len(text), "en") == "ru"


def test_cues_are_read_in_the_paragraphs_language() -> None:
    # a Spanish stem ("resid*") is no cue in an English sentence
    text = "Its residents voted."
    assert cues(text, 0, len(text), language="en") == []
    text = "Они уехали в горы, а соседи остались."
    kinds = [k for _, _, k in cues(text, 0, len(text), language="ru")]
    assert kinds == ["flow", "stock"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,2 млн", 1_200_000),
        ("12 тыс.", 12_000),
        ("полмиллиона", 500_000),
        ("ста тысяч", 100_000),
        ("3 141 592", 3_141_592),
        ("3\u00a0141\u00a0592", 3_141_592),
        ("3\u202f141", 3_141),
        ("a quarter of a million", 250_000),
        ("zwei Millionen", 2_000_000),
        ("2,8 millones", 2_800_000),
        ("1,5 millions", 1_500_000),
        ("3,4 мільйона", 3_400_000),
    ],
)
def test_numbers_in_every_language(text: str, value: int) -> None:
    found = find_quantities(text)
    assert [q.value for q in found] == [value]


def test_a_range_with_words_of_another_language() -> None:
    (q,) = find_quantities("от 20 000 до 25 000")
    assert (q.low, q.high) == (20_000, 25_000)


def test_a_run_of_hundreds_of_digits_is_no_number_and_no_crash() -> None:
    assert find_quantities("id " + "7" * 400 + " end") == []


def test_a_document_with_a_310_digit_number_is_read() -> None:
    from emigre.extract.claims import extract_document
    from emigre.extract.readers import read_document

    text = "About 5,000 people fled to Armenia in May 2022 (file " + "9" * 320 + ")."
    claims = extract_document(read_document(text, "long.txt"))
    assert [(c.value, c.destination) for c in claims] == [(5000, "ARM")]


def test_each_claim_keeps_the_words_that_decided_it() -> None:
    from emigre.extract.claims import extract_document
    from emigre.extract.readers import read_document

    text = "Nearly 12,500 journalists moved to Armenia in March 2022."
    (claim,) = extract_document(read_document(text, "cues.txt"))
    assert claim.found_in.cues == {
        "value": "12,500",
        "measure": "moved",
        "qualifier": "Nearly",
        "destination": "Armenia",
        "period": "in March 2022",
        "group": "journalists",
    }


def test_a_russian_sentence_gives_its_destination_period_and_measure() -> None:
    import datetime as dt

    from emigre.extract.claims import extract_document
    from emigre.extract.readers import read_document

    text = "С 3 по 9 марта в Армению приехали около 12 тысяч человек, 4 тысячи страну покинули."
    doc = read_document(text, "ru.txt", published=dt.date(2022, 4, 1))
    first = extract_document(doc)[0]
    assert (first.value, first.qualifier, first.measure, first.destination) == (
        12000, "about", "flow", "ARM",
    )  # fmt: skip
    assert (str(first.start), str(first.end)) == ("2022-03-03", "2022-03-09")
    assert first.found_in.cues and first.found_in.cues["measure"] == "приехали"


def test_a_list_item_belongs_to_the_place_before_it() -> None:
    from emigre.extract.claims import extract_document
    from emigre.extract.readers import read_document

    text = "In 2021 about 9,000 people arrived: Latvia – 4,100, Estonia (2,300) and Spain: 900."
    claims = extract_document(read_document(text, "list.txt"))
    assert [(c.value, c.destination) for c in claims] == [
        (9000, None), (4100, "LVA"), (2300, "EST"), (900, "ESP"),
    ]  # fmt: skip


def test_a_number_in_two_scaled_parts_is_one_number() -> None:
    assert [q.value for q in find_quantities("4 millones 120 mil")] == [4_120_000]
    assert [q.value for q in find_quantities("2 мільйони 15,5 тисячі")] == [2_015_500]
    assert [q.value for q in find_quantities("1 million 2023")] == [1_000_000, 2023]


def test_a_list_without_a_verb_counts_what_the_sentence_before_counted() -> None:
    from emigre.extract.claims import extract_document
    from emigre.extract.readers import read_document

    text = (
        "In 2021 the EU issued 50,000 residence permits to Moldovans. "
        "The largest shares: Italy (21,000), Romania (9,500) and Spain with 4,000."
    )
    claims = extract_document(read_document(text, "permits.txt"))
    assert [(c.value, c.measure, c.destination) for c in claims] == [
        (50000, "registration", None),
        (21000, "registration", "ITA"),
        (9500, "registration", "ROU"),
        (4000, "registration", "ESP"),
    ]


def test_movement_verbs_of_a_route_and_german_compound_nouns() -> None:
    from emigre.extract.claims import extract_document
    from emigre.extract.readers import read_document

    text = "In May 2023 some 4,200 migrants traversed the mountain pass into Chile."
    (claim,) = extract_document(read_document(text, "pass.txt"))
    assert (claim.value, claim.measure, claim.destination) == (4200, "flow", "CHL")
    text = "Seit März 2022 hat Österreich mehr als 12.000 Kriegsflüchtlinge registriert."
    (claim,) = extract_document(read_document(text, "de.txt"))
    assert (claim.value, claim.qualifier, claim.measure) == (12000, "at_least", "registration")
