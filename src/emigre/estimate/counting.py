"""What a figure counts beyond its measure (Claim.counting), read into its observation.

The rules of docs/method.md, "What a source counts": a cohort stock, a figure that includes
people other than the emigrants (with or without its pre-war level), a duration criterion,
documents or crossings that over-count people, a survey share of emigrants who went back
or moved on. A total and its parts: estimate/parts.py.
"""

from __future__ import annotations

import datetime as dt
import math

from emigre.estimate.evidence import Observation, days_from
from emigre.estimate.priors import Measurement
from emigre.model import Claim

OTHERS = {"earlier_residents", "other_nationals", "short_visits"}
"""People a figure counts who are not emigrants: those there before the war, other
nationals, and visitors (tourists, business trips), who in a count of entries outnumber the
movers many times over, far beyond what the entry over-count's prior allows."""
DOCUMENTS = {"renewals"}
CROSSINGS = {"repeat_entries"}
SURVEY_STAY_DAYS = 90
"""A survey of emigrants reaches people who lived abroad for a while (its panel is recruited
among them, abroad), not those who crossed a border and came back within weeks: its share
of returns is of the arrivals still abroad after this many days (a claim's min_stay_days
sets another)."""
SURVEY_NOISE = 0.3
"""Log-sd of a survey share: sampling error, and who answers surveys of emigrants (those
still in touch with the networks that reach them)."""


def apply(c: Claim, ob: Observation, *, start: dt.date, m: Measurement) -> str | None:
    """Adjust the observation for what its claim counts; a reason when it says nothing."""
    k = c.counting
    if k is None:
        return None
    ob.part_of = k.part_of
    if k.survey_share is not None:
        return _survey(c, ob, start=start)
    if k.cohort_start is not None:
        _cohort(c, ob, k.cohort_start, start)
    if k.min_stay_days:
        ob.min_stay_weeks = k.min_stay_days / 7.0
        ob.notes.append(f"counts only those who stayed {k.min_stay_days} days or more")
    _unit(c, ob)
    others = sorted(OTHERS & set(k.includes))
    if not others:
        return None
    if k.baseline_per_year is not None:
        if ob.t0 is None:  # a level: the count before the war, the people already there
            ob.baseline = float(k.baseline_per_year)
            what = f"{k.baseline_per_year:,} already counted before the war"
        else:
            begin = c.start or start
            before = max(days_from(begin, start), 0)  # the part before the case start
            years = max(before + ob.t1 - ob.t0, 1.0) / 365.25
            ob.baseline = k.baseline_per_year * years
            what = f"{k.baseline_per_year:,} a year before the war"
        ob.baseline_key = ("baseline", c.measure, ob.place, k.baseline_per_year)
        ob.notes.append(
            f"includes {', '.join(others)}: their pre-war level ({what}, times a factor "
            "learnt with its prior) is added to the emigrants"
        )
        return None
    if ob.kind == "lower":
        return (
            f"a lower bound on a figure that includes {', '.join(others)} says nothing "
            "about the emigrants"
        )
    if ob.kind == "range" or ob.kind == "point":
        ob.log_low = ob.log_high
        ob.sigma = m.bound_sd
    ob.kind = "upper"
    ob.notes.append(
        f"includes {', '.join(others)} with no pre-war level given: an upper bound on the emigrants"
    )
    return None


def _cohort(c: Claim, ob: Observation, cohort: dt.date, start: dt.date) -> None:
    """A cohort stock: people who left from `cohort` on and are still abroad at the end."""
    if ob.series == "returns":  # returns of the cohort: the period starts with it
        ob.t0 = float(max(days_from(start, cohort), 0))
        return
    ob.series = "stock"
    ob.t0 = None
    if ob.factor and ob.factor[0] == "bias":
        ob.factor = None  # a stock of people, not entries
    if ob.factor and ob.factor[0] == "coverage":
        ob.factor = (*ob.factor[:3], "stock")
    if cohort > start:
        ob.cohort_t0 = float(days_from(start, cohort))
        ob.notes.append(
            f"a cohort stock: those who left from {cohort.isoformat()} on and are still "
            "abroad (the stock then, times its survival, is taken off)"
        )
    else:
        ob.notes.append("a cohort stock from the case start: everyone abroad")


def _unit(c: Claim, ob: Observation) -> None:
    k = c.counting
    assert k is not None
    unit = k.unit
    if unit == "people":
        if DOCUMENTS & set(k.includes):
            unit = "documents"
        elif CROSSINGS & set(k.includes):
            unit = "crossings"
    if unit == "people" or (ob.factor and ob.factor[0] == "bias"):
        return  # entries at a border already carry their over-count
    ob.overcount = ("bias", ob.place or "all", unit)
    ob.notes.append(f"counts {unit}, which over-count people: a factor above 1 is learnt")


def _survey(c: Claim, ob: Observation, *, start: dt.date) -> str | None:
    k = c.counting
    assert k is not None
    if (c.value or 0) > 100 or (c.high or 0) > 100:
        return "a survey share above 100 %"
    ob.share = k.survey_share
    ob.log_low -= math.log(100.0)
    ob.log_high -= math.log(100.0)
    ob.series = "returns"
    ob.t0 = None
    ob.factor = None
    if ob.kind == "point":
        ob.sigma = max(ob.sigma, SURVEY_NOISE)
    ob.noise = max(ob.noise, SURVEY_NOISE)
    if k.cohort_start and k.cohort_start > start:
        ob.cohort_t0 = float(days_from(start, k.cohort_start))
    if k.survey_share == "returned":
        days = k.min_stay_days or SURVEY_STAY_DAYS
        ob.min_stay_weeks = days / 7.0
        ob.notes.append(
            f"a survey share of emigrants who had gone back, of those who had stayed abroad "
            f"{days} days or more (a survey of emigrants does not reach those who came back "
            "within weeks)"
        )
        return None
    ob.notes.append(
        "a survey share of emigrants who had moved on to a third country, of those who left"
    )
    return None
