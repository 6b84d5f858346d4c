"""Claim assembly on invented sentences: what counts, qualifier, measure, place, period, group."""

from __future__ import annotations

import datetime as dt

import pytest

from emigre.extract.claims import extract_document
from emigre.extract.readers import read_document
from emigre.model import Claim

PUB = dt.date(2021, 6, 16)  # a Wednesday


def claims(text: str, published: dt.date | None = PUB) -> list[Claim]:
    return extract_document(read_document(text, "test", published=published))


def only(text: str, published: dt.date | None = PUB) -> Claim:
    found = claims(text, published)
    assert len(found) == 1, [c.to_eval() for c in found]
    return found[0]


def test_a_plain_count_with_place_and_day() -> None:
    c = only("On Monday, 4,300 Moldovans crossed into Romania at the northern checkpoints.")
    assert (c.value, c.qualifier, c.measure, c.destination, c.origin) == (
        4300,
        "exact",
        "flow",
        "ROU",
        "MDA",
    )
    assert c.start == c.end == dt.date(2021, 6, 14)


@pytest.mark.parametrize(
    ("sentence", "qualifier"),
    [("More than 12,000 Belarusians have moved to Lithuania since January.", "at_least"),
     ("Nearly 12,000 Belarusians have moved to Lithuania since January.", "at_most"),
     ("Roughly 12,000 Belarusians have moved to Lithuania since January.", "about"),
     ("Between 11,000 and 13,000 Belarusians have moved to Lithuania since January.", "range")],
)  # fmt: skip
def test_qualifiers(sentence: str, qualifier: str) -> None:
    c = only(sentence)
    assert c.qualifier == qualifier and c.destination == "LTU"
    assert (c.start, c.end) == (dt.date(2021, 1, 1), PUB)


@pytest.mark.parametrize(
    ("sentence", "measure"),
    [("Some 9,000 Venezuelans arrived in Peru last month.", "flow"),
     ("About 9,000 Venezuelans remained in Peru at the end of May.", "stock"),
     ("About 9,000 Venezuelans received residence permits in Peru last month.", "registration"),
     ("About 9,000 Venezuelans applied for asylum in Peru last month.", "application"),
     ("About 9,000 Venezuelans are expected to leave for Peru this year.", "forecast"),
     ("About 9,000 Venezuelans returned to Venezuela from Peru last month.", "return")],
)  # fmt: skip
def test_measures(sentence: str, measure: str) -> None:
    assert only(sentence).measure == measure


@pytest.mark.parametrize(
    "sentence",
    [
        "More than 3,000 protesters were detained by police in March.",
        "Fares rose by 45% as 300 flights were cancelled.",
        "The queue of 2,000 cars stretched 25 kilometres towards the border.",
        "Nine in 10 applicants used the online form to leave.",
        "The law sets prison terms of up to 10 years for those who leave.",
        "Tickets out of the country cost $1,500 for those leaving.",
    ],
)
def test_not_claims(sentence: str) -> None:
    assert claims(sentence) == []


def test_groups_and_vague_figures() -> None:
    c = only("About 20,000 IT specialists left Belarus in 2020.")
    assert c.group == "it_workers" and c.destination is None and c.origin == "BLR"
    v = only("Tens of thousands of young men fled to Armenia after the decree.")
    assert v.flags == ["vague"] and v.qualifier == "at_least" and v.value == 10_000


def test_the_country_and_shared_verbs() -> None:
    found = claims(
        "Officials in Portugal said 2,100 Brazilians entered the country in May, "
        "and 800 Angolans and 300 Ghanaians applied for residence."
    )
    assert [(c.value, c.destination, c.measure) for c in found] == [
        (2100, "PRT", "flow"), (800, "PRT", "application"), (300, "PRT", "application"),
    ]  # fmt: skip


def test_respectively_and_lists() -> None:
    found = claims(
        "Chile, Peru and Ecuador host 400,000, 300,000 and 200,000 refugees, respectively."
    )
    assert [(c.value, c.destination) for c in found] == [
        (400000, "CHL"),
        (300000, "PER"),
        (200000, "ECU"),
    ]


def test_period_carries_to_the_next_sentence() -> None:
    found = claims(
        "In April, 5,000 Eritreans arrived in Sudan. Another 700 applied for asylum there."
    )
    assert [c.end for c in found] == [dt.date(2021, 4, 30), dt.date(2021, 4, 30)]
    assert found[1].destination == "SDN"


def test_period_stops_at_a_new_section() -> None:
    """A section on destinations does not inherit the date of the last section's figures."""
    head = "Exodus[]\n\nIn April, 5,000 Eritreans arrived in Sudan.\n\n"
    body = "More than 700 Eritreans applied for asylum in Ethiopia.\n"

    def wiki(text: str) -> list[Claim]:
        return extract_document(read_document(text, "t", published=PUB, kind="wiki"))

    same, other = wiki(head + body), wiki(head + "Destinations[]\n\n" + body)
    assert same[1].end == dt.date(2021, 4, 30)
    assert other[1].start is None and other[1].end != dt.date(2021, 4, 30)
    assert other[1].found_in is not None and other[1].found_in.section == "Destinations"


def test_undated_document_needs_a_year() -> None:
    c = only("In May, 5,000 Eritreans arrived in Sudan.", published=None)
    assert c.end is None


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Germany has taken in more than 1 million Ukrainian refugees since the war began.",
         (1_000_000, "at_least", "flow", "DEU")),
        ("The number of Venezuelans living in Colombia reached 2.9 million in 2023.",
         (2_900_000, "exact", "stock", "COL")),
        ("Spain granted asylum to 12,000 Venezuelans last year.",
         (12_000, "exact", "registration", "ESP")),
        ("Around 40,000 Afghans were evacuated to the United States in August.",
         (40_000, "about", "flow", "USA")),
        ("The ministry said 2,500 Moldovans had returned home from Italy since October.",
         (2_500, "exact", "return", "MDA")),
    ],
)  # fmt: skip
def test_more_ways_of_saying_it(sentence: str, expected: tuple[int, str, str, str]) -> None:
    c = only(sentence)
    assert (c.value, c.qualifier, c.measure, c.destination) == expected


def test_proportions_and_polls_are_not_claims() -> None:
    assert claims("Nine in 10 Moldovans used the crossing at Leușeni.") == []
    assert claims("A poll found that 45% of young people would like to emigrate.") == []
