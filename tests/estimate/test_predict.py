"""Predicting claims the estimate was not given: their figure, measurement model and noise."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from emigre.errors import InputError
from emigre.estimate.evidence import Item
from emigre.estimate.predict import inside, predict, read_targets
from emigre.estimate.run import run
from tests.estimate.helpers import claim, request

DEC = dt.date(2022, 12, 31)


@pytest.fixture(scope="module")
def result():  # type: ignore[no-untyped-def]
    claims = [
        claim(300_000, qualifier="at_least", end=dt.date(2022, 3, 15)),
        claim(700_000, end=dt.date(2022, 10, 31)),
        claim(100_000, qualifier="about", destination="GEO", end=dt.date(2022, 4, 5)),
        claim(60_000, measure="stock", destination="GEO", start=None, end=dt.date(2022, 12, 1)),
        claim(50_000, measure="stock", destination="ARM", start=None, end=dt.date(2022, 12, 1)),
    ]
    return run(request(claims))


def _targets(*claims):  # type: ignore[no-untyped-def]
    return [(Item(i, c, line=i + 1), None) for i, c in enumerate(claims)]


def test_each_claim_gets_the_interval_of_what_its_source_would_state(result):
    stock = claim(60_000, measure="stock", destination="GEO", start=None, end=DEC)
    registered = claim(60_000, measure="registration", destination="GEO", start=None, end=DEC)
    later = claim(60_000, measure="stock", destination="GEO", start=None, end=dt.date(2023, 6, 1))
    nowhere = claim(5_000, measure="stock", destination="URY", start=None, end=DEC)
    p_stock, p_reg, p_later, p_new = predict(result, _targets(stock, registered, later, nowhere))
    assert p_stock.predicted and p_stock.quantity == "stock:GEO@2022-12-31"
    assert p_stock.low95 < p_stock.low80 < p_stock.median < p_stock.high80 < p_stock.high95
    assert inside(p_stock, 95)  # the fit holds 60,000 present on 1 December
    assert p_stock.claims_same_place == 2 and p_stock.claims_in_fit == 5
    # a registration covers a share of those present: lower, and less certain
    assert p_reg.median < p_stock.median
    assert p_reg.high95 / p_reg.low95 > p_stock.high95 / p_stock.low95
    assert not p_later.predicted and "after the as-of date" in p_later.reason
    assert p_new.predicted and "share of 'other'" in (p_new.quantity or "")
    assert p_new.claims_same_place == 0


def test_a_bound_says_how_likely_it_holds(result):
    low, high = predict(
        result,
        _targets(
            claim(100_000, qualifier="at_least", end=dt.date(2022, 10, 31)),
            claim(100_000, qualifier="at_most", end=dt.date(2022, 10, 31)),
        ),
    )
    assert low.role == "lower_bound" and low.holds > 0.99
    assert high.role == "upper_bound" and high.holds < 0.01


def test_targets_are_read_one_a_line_or_a_document_a_line(tmp_path):
    row = claim(60_000, measure="stock", destination="GEO", start=None, end=DEC).to_eval()
    path = tmp_path / "p.jsonl"
    lines = [row, {"doc_id": "d1", "claims": [row, {**row, "value": 1}]}, {**row, "value": 2}]
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    got = read_targets(path)
    assert [(it.line, doc, it.claim.value) for it, doc in got] == [
        (1, None, 60_000), (2, "d1", 60_000), (2, "d1", 1), (3, None, 2),
    ]  # fmt: skip
    path.write_text(json.dumps(row) + "\n" + json.dumps({**row, "qualifier": "roughly"}))
    with pytest.raises(InputError) as err:
        read_targets(path)
    assert err.value.line == 2 and err.value.field == "qualifier"


def test_sources_that_disagree_widen_the_interval_of_a_new_one():
    """The disagreement between the fit's stock claims, beyond their noise, is learnt and
    carried into the prediction of another source's stock."""
    months = [dt.date(2022, m, 28) for m in range(5, 11)]

    def fit(values: list[int]):  # type: ignore[no-untyped-def]
        stocks = [
            claim(v, measure="stock", destination="GEO", start=None, end=d)
            for v, d in zip(values, months, strict=True)
        ]
        return run(request([claim(700_000, end=dt.date(2022, 10, 31)), *stocks]))

    new = claim(55_000, measure="stock", destination="GEO", start=None, end=dt.date(2022, 11, 30))
    (agree,) = predict(fit([50_000, 52_000, 54_000, 56_000, 58_000, 60_000]), _targets(new))
    (differ,) = predict(fit([30_000, 90_000, 40_000, 110_000, 35_000, 80_000]), _targets(new))
    assert agree.disagreement is not None and differ.disagreement is not None
    assert agree.disagreement < 0.2 < 0.4 < differ.disagreement
    assert differ.high80 / differ.low80 > 1.5 * (agree.high80 / agree.low80)
