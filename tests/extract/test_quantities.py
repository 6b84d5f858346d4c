"""Numbers as prose writes them, and how they are qualified."""

from __future__ import annotations

import pytest

from emigre.extract.quantities import find_quantities, qualifier_after, qualifier_before


def one(text: str):
    qs = find_quantities(text)
    assert len(qs) == 1, qs
    return qs[0]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12,500 people", 12_500),
        ("7.250 Menschen", 7_250),
        ("2.4 million refugees", 2_400_000),
        ("35K engineers", 35_000),
        ("4,56,000 visitors", 456_000),
        ("three families", 3),
        ("a dozen students", 12),
        ("six thousand workers", 6_000),
        ("two hundred thousand people", 200_000),
        ("half a million people", 500_000),
        ("1.5 thousand doctors", 1_500),
    ],
)
def test_values(text: str, value: int) -> None:
    q = one(text)
    assert q.value == value and not q.is_range and not q.vague


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("30,000-45,000 students", 30_000, 45_000),
        ("between 120,000 and 150,000 people", 120_000, 150_000),
        ("between 40,000 to 60,000 people", 40_000, 60_000),
        ("7-9 thousand people", 7_000, 9_000),
    ],
)
def test_ranges(text: str, low: int, high: int) -> None:
    q = one(text)
    assert (q.low, q.high) == (low, high) and q.is_range and q.value is None


@pytest.mark.parametrize(
    ("text", "value"),
    [("hundreds of thousands of men", 100_000), ("tens of thousands of people", 10_000),
     ("thousands of families", 1_000), ("a few thousand students", 1_000)],
)  # fmt: skip
def test_vague(text: str, value: int) -> None:
    q = one(text)
    assert q.vague and q.value == value


@pytest.mark.parametrize(
    ("left", "qualifier"),
    [
        ("more than ", "at_least"), ("at least ", "at_least"), ("over ", "at_least"),
        ("upwards of ", "at_least"), ("nearly ", "at_most"), ("almost ", "at_most"),
        ("up to ", "at_most"), ("approaching ", "at_most"), ("An upper estimate is for ", "at_most"),  # noqa: E501
        ("about ", "about"), ("around ", "about"), ("some ", "about"), ("an estimated ", "about"),
        ("roughly ", "about"), ("approximately, ", "about"), ("is estimated at almost ", "at_most"),
        ("the ", None), ("an additional ", None),
    ],
)  # fmt: skip
def test_qualifier_before(left: str, qualifier: str | None) -> None:
    assert qualifier_before(left) == qualifier


def test_qualifier_after() -> None:
    assert qualifier_after(" or more people") == "at_least"
    assert qualifier_after(" or so") == "about"
    assert qualifier_after(" people") is None


def test_words_inside_words_are_not_numbers() -> None:
    assert find_quantities("someone often tenant oneself") == []
