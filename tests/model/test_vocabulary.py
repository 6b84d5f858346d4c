"""The vocabulary refuses impossible values with messages a person understands."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from emigre.errors import describe_validation
from emigre.model import Claim, Event, Policy, Source, country_name, lookup_country

BASE = {"value": 10, "qualifier": "exact", "measure": "flow", "source_ids": ["s"]}


def _message(model, **data):
    with pytest.raises(ValidationError) as err:
        model(**data)
    return describe_validation(err.value)


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"value": -3}, "value", "greater than or equal to 0"),
        ({"value": 10**20}, "value", "less than or equal to"),  # a typo; no 64-bit column holds it
        ({"qualifier": "range", "value": None, "low": 1, "high": 10**20}, "high", "less than"),
        ({"start": "2022-10-01", "end": "2022-09-01"}, None, "ends (2022-09-01) before it starts"),
        ({"qualifier": "range", "value": None, "low": 9, "high": 3}, None, "low (9) is above high"),
        ({"qualifier": "range", "value": None, "low": 9}, None, "needs both low and high"),
        ({"value": None}, None, "needs a value"),
        ({"destination": "XYZ"}, "destination", "unknown country code 'XYZ'"),
        ({"destination": "Georgia"}, "destination", "did you mean GEO (Georgia)?"),
        ({"source_ids": []}, None, "at least one source"),
        ({"measure": "walked"}, "measure", "'flow'"),
        ({"group": "Pregnant Women"}, "group", "pattern"),
        ({"counting": {"unit": "cars"}}, "counting.unit", "'people'"),
        ({"counting": {"includes": ["aliens"]}}, "counting.includes.0", "'earlier_residents'"),
        ({"counting": {"min_stay_days": 0}}, "counting.min_stay_days", "greater than or equal"),
        ({"counting": {"cohrt_start": "2022-09-21"}}, "counting.cohrt_start", "unknown field"),
        (
            {"end": "2022-09-01", "counting": {"cohort_start": "2022-09-21"}},
            None,
            "cohort_start (2022-09-21) is after the claim's end (2022-09-01)",
        ),
        ({"id": "a", "counting": {"part_of": "a"}}, None, "part_of names the claim itself"),
    ],
)
def test_claim_rejections(change, field, words):
    got_field, message = _message(Claim, **{**BASE, **change})
    assert words in message
    if field:
        assert got_field == field


def test_claim_normalises_codes_and_flags():
    c = Claim(**BASE, origin="rus", destination="kaz", flags=["dated", "forecast", "dated"])
    assert (c.origin, c.destination, c.flags) == ("RUS", "KAZ", ["dated", "forecast"])
    assert c.to_eval()["destination"] == "KAZ"


def test_counting_that_says_nothing_is_no_counting():
    assert Claim(**BASE, counting={}).counting is None
    assert Claim(**BASE, counting={"unit": "people", "includes": []}).counting is None
    c = Claim(**BASE, counting={"includes": ["renewals", "earlier_residents", "renewals"]})
    assert c.counting.includes == ["earlier_residents", "renewals"]
    assert "counting" not in c.to_eval()  # the shared evaluation format has no such field


def test_range_in_eval_format_has_null_value():
    c = Claim(qualifier="range", low=50000, high=70000, measure="flow", source_ids=["s"])
    assert (c.to_eval()["value"], c.central) == (None, 60000)


def test_policy_and_event_rules():
    ok = {
        "id": "p", "country": "SCHENGEN", "nationality": "RUS", "measure": "stay_limit",
        "days": 90, "effective_from": "2022-01-01", "description": "d", "source_ids": ["s"],
    }  # fmt: skip
    assert Policy(**ok).in_force(Policy(**ok).effective_from)
    assert "needs the number of days" in _message(Policy, **{**ok, "days": None})[1]
    assert "before effective_from" in _message(Policy, **{**ok, "effective_to": "2021-01-01"})[1]
    assert "unknown country code" in _message(Policy, **{**ok, "country": "ATLANTIS"})[1]
    ev = {"id": "e", "date": "2022-09-21", "country": "RUS", "kind": "mobilization",
          "title": "t", "description": "d", "source_ids": ["s"]}  # fmt: skip
    assert "ends" in _message(Event, **{**ev, "end": "2022-09-01"})[1]


def test_source_url_must_be_a_web_address():
    assert "not a web address" in _message(Source, id="s", url="ftp://x")[1]
    assert Source(id="s", url="https://a.org/x", flags=["undated", "undated"]).flags == ["undated"]


@pytest.mark.parametrize(
    ("text", "code"),
    [("Georgia", "GEO"), ("the UAE", "ARE"), ("Türkiye", "TUR"), ("kz", "KAZ"),
     ("south korea", "KOR"), ("Narnia", None)],
)  # fmt: skip
def test_lookup_country(text, code):
    assert lookup_country(text) == code


def test_country_name_prefers_common_names():
    assert [country_name(c) for c in ("RUS", "KOR", "GEO", "COD")] == [
        "Russia",
        "South Korea",
        "Georgia",
        "DR Congo",
    ]
    assert country_name("XXX") == "XXX"
