"""A reviewer's accept or reject of a small claim moves the estimate by what the claim says.

The scenario of issue 10: on the built-in case, accepting two small registration counts of a
new article (30,000 Russians registered in Montenegro, 10,000 in Serbia) and rejecting
Georgia's "about 200,000" moved the headline from 1.1 to 3.0 million, everyone abroad from
489,000 to 1.16 million: bounds read as hard walls left the posterior two readings, and the
chains' start decided between them.
"""

from __future__ import annotations

import datetime as dt

import pytest

from emigre.cases import load_builtin
from emigre.estimate import Settings, case_request
from emigre.estimate.run import run
from emigre.model import Claim

CHEAP = Settings(chains=4, warmup=100, draws=100, seed=0)


def _headline(bundle):  # type: ignore[no-untyped-def]
    est = run(case_request(bundle, settings=CHEAP)).estimate
    return est.departures[-1].median, est.remaining_abroad.median


@pytest.mark.slow
def test_accepting_two_small_registrations_and_rejecting_one_claim_moves_little():
    bundle = load_builtin("russia-2022")
    georgia = next(
        c
        for c in bundle.claims
        if c.destination == "GEO" and c.value == 200_000 and c.state == "accepted"
    )
    source = bundle.sources[0].id
    new = [
        Claim(
            id=f"review-{code.lower()}",
            value=value,
            qualifier="about",
            measure="registration",
            origin="RUS",
            destination=code,
            end=dt.date(2023, 12, 31),
            source_ids=[source],
            state="accepted",
        )
        for code, value in (("MNE", 30_000), ("SRB", 10_000))
    ]
    reviewed = [
        c.model_copy(update={"state": "rejected"}) if c is georgia else c for c in bundle.claims
    ]
    left0, abroad0 = _headline(bundle)
    left1, abroad1 = _headline(bundle.model_copy(update={"claims": [*reviewed, *new]}))
    assert abs(left1 / left0 - 1) < 0.25, (left0, left1)
    assert abs(abroad1 / abroad0 - 1) < 0.25, (abroad0, abroad1)
