"""Telling a figure read twice from a figure that contradicts another."""

from __future__ import annotations

from emigre.model import Claim, FoundIn
from emigre.model.matching import conflict_reason, same_report

BASE = dict(
    value=98000, qualifier="exact", measure="flow", origin="RUS", destination="KAZ",
    start="2022-09-21", end="2022-09-28", source_ids=["a"],
)  # fmt: skip


def claim(**change):
    return Claim(**{**BASE, **change})


def test_same_report_tolerates_a_few_days_and_unknown_dates():
    assert same_report(claim(), claim(end="2022-09-27", source_ids=["a", "b"]))
    assert same_report(claim(), claim(start=None))
    assert same_report(claim(), claim(origin=None))
    assert not same_report(claim(), claim(origin="UKR"))
    assert not same_report(claim(), claim(end="2022-10-15"))
    assert not same_report(claim(), claim(value=120000))
    assert not same_report(claim(), claim(qualifier="about"))
    assert not same_report(claim(), claim(source_ids=["b"]))  # another source: a new report


def test_same_document_counts_as_the_same_report():
    doc = FoundIn(document="article")
    assert same_report(claim(found_in=doc), claim(source_ids=["b"], found_in=doc))


def test_conflicts_respect_qualifiers_and_periods():
    assert conflict_reason(claim(value=250000), claim())
    assert conflict_reason(claim(value=120000), claim()) is None  # within the slack
    assert conflict_reason(claim(value=250000, qualifier="at_least"), claim()) is not None
    assert conflict_reason(claim(value=250000, qualifier="at_most"), claim()) is None
    assert conflict_reason(claim(value=250000, start=None), claim()) is None  # another period
    assert conflict_reason(claim(value=250000, destination="GEO"), claim()) is None
    assert (
        conflict_reason(claim(qualifier="range", value=None, low=10, high=20), claim()) is not None
    )


def test_one_day_is_not_the_week_that_starts_on_it():
    day = claim(value=10500, start="2022-09-21", end="2022-09-21")
    assert conflict_reason(claim(), day) is None and conflict_reason(day, claim()) is None
    # a day's figure against another report of the same day still conflicts
    assert conflict_reason(claim(value=30000, start="2022-09-21", end="2022-09-21"), day)
    # a year read with its last days cut still is the year
    year = claim(value=900000, start="2022-01-01", end="2022-12-31")
    assert conflict_reason(claim(value=300000, start="2022-01-01", end="2022-12-27"), year)
