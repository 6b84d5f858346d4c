"""Words and numbers as a reader sees them: '≥ 500,000', '21 Sep → 28 Sep 2022'."""

from __future__ import annotations

import datetime as dt

from emigre.model import Claim
from emigre.model import country_name as iso_name
from emigre.web.views.figure import PEOPLE_FIELDS

# Short names people use, where the ISO name is long or formal.
SHORT_NAMES = {
    "RUS": "Russia",
    "IRN": "Iran",
    "KOR": "South Korea",
    "PRK": "North Korea",
    "MDA": "Moldova",
    "SYR": "Syria",
    "VEN": "Venezuela",
    "BOL": "Bolivia",
    "TZA": "Tanzania",
    "LAO": "Laos",
    "VNM": "Vietnam",
    "CZE": "Czechia",
    "GBR": "United Kingdom",
    "USA": "United States",
}


def country_name(code: str) -> str:
    """A country as a reader would name it: 'Russia', not 'Russian Federation'."""
    return SHORT_NAMES.get(code, iso_name(code)) if code else code


MEASURE_LABELS = {
    "flow": "left / arrived",
    "stock": "present (stock)",
    "registration": "registered",
    "application": "applied",
    "forecast": "forecast",
    "return": "returned",
}

QUALIFIER_WORDS = {
    "exact": "",
    "about": "about ",
    "at_least": "at least ",
    "at_most": "at most ",
    "range": "",
}

STATE_LABELS = {
    "extracted": "not reviewed",
    "accepted": "accepted",
    "rejected": "rejected",
    "disputed": "disputed",
}

FLAG_LABELS = {
    "unverified": "not verified in body",
    "dated": "dated",
    "forecast": "forecast",
    "broken_citation": "broken citation",
    "citation_inferred": "citation inferred",
    "vague": "vague",
    "derived": "derived (a sum)",
    "uncited": "uncited",
}


def num(value: float | int | None) -> str:
    """Thousands separated, no false precision."""
    if value is None:
        return "–"
    return f"{round(value):,}"


def table_number(key: str, value: float) -> str:
    """A number in a chart's table: people as whole people (1,107,770), anything else with
    no more digits than it means (0.43, 41.72)."""
    if key in PEOPLE_FIELDS or float(value).is_integer():
        return num(value)
    return f"{value:,.2f}"


def short(value: float | None) -> str:
    """Compact figure for cards and labels, three significant digits: 912k, 1.06M."""
    if value is None:
        return "–"
    v = float(value)
    if abs(v) >= 1_000_000:
        return f"{v / 1_000_000:.3g}M"
    if abs(v) >= 1_000:
        return f"{v / 1_000:.3g}k"
    return f"{v:.0f}"


def count(n: int, noun: str, plural: str | None = None) -> str:
    """'1 claim', '3 claims', '1,200 sources': the noun agrees with its number."""
    return f"{n:,} {noun if n == 1 else (plural or noun + 's')}"


def fit_text(fit: float | None) -> str:
    """Where a claim's number falls among the figures the estimate expects, in words.

    `fit` is the share of the figures the estimate expects that come out below the claim."""
    if fit is None:
        return "not fitted"
    if fit < 0.05:
        return "far lower than the estimate expects"
    if fit < 0.2:
        return "lower than the estimate expects"
    if fit > 0.95:
        return "far higher than the estimate expects"
    if fit > 0.8:
        return "higher than the estimate expects"
    return "in line with the estimate"


def number_text(c: Claim) -> str:
    """The number as the source put it: 'at least 500,000', '820,000–920,000'."""
    if c.qualifier == "range":
        return f"{num(c.low)}–{num(c.high)}"
    return QUALIFIER_WORDS[c.qualifier] + num(c.value)


def day(d: dt.date | None) -> str:
    return d.isoformat() if d else "…"


def period_text(c: Claim) -> str:
    if c.start is None and c.end is None:
        return "no date"
    if c.measure in ("stock", "registration") and c.start is None:
        return f"as of {day(c.end)}"
    return f"{day(c.start)} → {day(c.end)}"


def place_text(code: str | None) -> str:
    return country_name(code) if code else "all destinations"


def claim_label(c: Claim) -> str:
    """One line for tooltips: '≥ 500,000 left, all destinations, 2022-02-24 → 2022-08-31'."""
    return (
        f"{number_text(c)} {MEASURE_LABELS.get(c.measure, c.measure)}, "
        f"{place_text(c.destination)}, {period_text(c)}"
    )
