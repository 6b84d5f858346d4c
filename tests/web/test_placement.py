"""A country's claims go on its chart only where they measure what the axis shows; the rest
are listed with the reason."""

from __future__ import annotations

import datetime as dt

from emigre.web.estimates import DatedBand, PlaceEstimate
from emigre.web.views import placement
from emigre.web.views.evidence import Evidence
from emigre.web.views.links import ServerLinks
from tests.web.bundle import _claim, web_bundle


def evidence(extra: list) -> Evidence:
    b = web_bundle()
    return Evidence(
        case=b.case,
        sources={s.id: s for s in b.sources},
        claims=b.claims + extra,
        events=b.events,
        policies=b.policies,
    )


def band(day: str, median: float) -> DatedBand:
    m = median
    return DatedBand(
        date=dt.date.fromisoformat(day), median=m, low80=m, high80=m, low95=m, high95=m
    )


DAILY = _claim(
    "geo-daily",
    low=10000,
    high=11000,
    qualifier="range",
    destination="GEO",
    start="2022-09-27",
    end="2022-09-27",
)
PART = _claim(
    "geo-part",
    value=100000,
    qualifier="about",
    destination="GEO",
    start="2022-09-21",
    end="2022-10-05",
)
UNDATED = _claim("geo-undated", value=5000, destination="GEO", measure="stock")


def test_running_totals_and_stocks_are_points_a_part_period_flow_is_a_segment() -> None:
    ev = evidence([DAILY, PART, UNDATED])
    claims = [c for c in ev.claims if c.destination == "GEO"]
    place = PlaceEstimate(
        destination="GEO", arrivals=[band("2022-03-01", 10000), band("2022-09-20", 15000)]
    )
    placed = placement.place_country(ev, None, ServerLinks(), claims, place)
    assert {p["id"] for p in placed.points} == {"geo-entries", "geo-stock"}
    (seg,) = placed.periods
    # from the running total at its start (15k), up by its figure: not standing at 100k alone
    assert (seg["id"], seg["y0"], seg["y"]) == ("geo-part", 15000, 115000)
    assert (seg["date0"], seg["date"]) == ("2022-09-21", "2022-10-05")
    off = dict((c.id, why) for c, why in placed.off)
    assert off == {"geo-daily": placement.why_not_drawn(DAILY, ev.case), "geo-undated": "no date"}
    assert "daily rate" in off["geo-daily"]


def test_without_the_estimate_a_part_period_flow_is_listed_not_drawn() -> None:
    ev = evidence([PART])
    claims = [c for c in ev.claims if c.destination == "GEO"]
    placed = placement.place_country(ev, None, ServerLinks(), claims, None)
    assert not placed.periods
    assert [c.id for c, _ in placed.off] == ["geo-part"]


def test_a_country_resting_on_bounds_alone_is_mostly_prior() -> None:
    ev = evidence([])
    kaz = [c for c in ev.claims if c.destination == "KAZ"]
    assert placement.mostly_prior(kaz) == "a bound, at least 100,000,"
    geo = [c for c in ev.claims if c.destination == "GEO"]
    assert placement.mostly_prior(geo) is None


def test_a_one_claim_country_gets_months_on_its_axis() -> None:
    start, end = placement.domain([{"date": "2022-09-28", "date0": "2022-09-21"}], [])
    assert dt.date.fromisoformat(end) - dt.date.fromisoformat(start) >= dt.timedelta(days=92)


def test_pre_war_levels_and_counts_of_crossings_are_listed_not_drawn() -> None:
    from emigre.model import Counting

    ev = evidence([])
    pre = _claim(
        "geo-2019", value=1_000_000, destination="GEO", start="2019-01-01", end="2019-12-31"
    )
    crossings = _claim(
        "geo-x",
        value=900_000,
        destination="GEO",
        start="2022-02-24",
        end="2022-12-31",
        counting=Counting(unit="crossings", includes=["short_visits"]),
    )
    assert "before the case began" in placement.why_not_drawn(pre, ev.case)
    why = placement.why_not_drawn(crossings, ev.case)
    assert why.startswith("counts crossings, not people; visitors and trips too")
    assert placement.why_not_drawn(ev.claim("geo-entries"), ev.case) is None
