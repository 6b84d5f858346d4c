"""A destination's page: its claims over time against the estimate, and its policies."""

from __future__ import annotations

from typing import Any

from emigre.web.charts.claims import claim_layers
from emigre.web.charts.common import (
    MEASURE_COLOURS,
    POLICY_COLOURS,
    TIME_AXIS,
    base,
    long_labels,
)


def country_spec(
    title: str,
    subtitle: str,
    points: list[dict[str, Any]],
    series: list[dict[str, Any]],
    periods: list[dict[str, Any]] | None = None,
    domain: tuple[str, str] | None = None,
) -> dict[str, Any]:
    """One destination's claims over time, with its estimated arrivals and stock if known.

    `points` stand on the line they measure (running totals, stocks); `periods` are flows
    over part of the time, drawn as a segment from the running total at their start."""
    scale: dict[str, Any] = {"type": "utc"}
    if domain:
        scale["domain"] = list(domain)
    x = {"field": "date", "type": "temporal", "title": None, "scale": scale, "axis": TIME_AXIS}
    layers: list[dict[str, Any]] = []
    if series:
        layers.append(
            {
                "data": {"name": "series"},
                "mark": {"type": "area", "opacity": 0.3},
                "encoding": {
                    "x": x,
                    "y": {
                        "field": "low80",
                        "type": "quantitative",
                        "title": "People",
                        "axis": {"format": "~s"},
                    },
                    "y2": {"field": "high80"},
                    "color": {
                        "field": "kind",
                        "type": "nominal",
                        "title": "Estimate (80 %)",
                        "scale": {"domain": ["arrivals", "stock"], "range": ["#56B4E9", "#009E73"]},
                    },
                },
            }
        )
        layers.append(
            {
                "data": {"name": "series"},
                "mark": {"type": "line", "strokeWidth": 2},
                "encoding": {
                    "x": x,
                    "y": {"field": "median", "type": "quantitative"},
                    "color": {
                        "field": "kind",
                        "type": "nominal",
                        "legend": None,
                        "scale": {"domain": ["arrivals", "stock"], "range": ["#0072B2", "#009E73"]},
                    },
                },
            }
        )
    measures = sorted({p["measure"] for p in points})
    tip = [
        {"field": "label", "title": "Claim"},
        {"field": "state", "title": "Review"},
        {"field": "sources", "title": "Sources"},
    ]
    layers += claim_layers(
        "points",
        points,
        x,
        {"title": "People", "axis": {"format": "~s"}},
        measures,
        tip,
        hollow_unreviewed=False,
        tip_on_range=False,
    )
    if periods:
        layers.append(period_layer(tip))
    spec = base(title, subtitle, 300)
    spec["datasets"] = {"points": points, "series": series, "periods": periods or []}
    spec["layer"] = layers
    spec["resolve"] = {"scale": {"color": "independent"}}
    return spec


def period_layer(tip: list[dict[str, Any]]) -> dict[str, Any]:
    """Flows over part of the time: a segment from (start, running total then) to (end,
    that plus the flow), so the figure adds to the line instead of standing on it alone."""
    return {
        "data": {"name": "periods"},
        "mark": {"type": "rule", "strokeWidth": 3, "strokeCap": "round"},
        "encoding": {
            "x": {"field": "date0", "type": "temporal"},
            "x2": {"field": "date"},
            "y": {"field": "y0", "type": "quantitative"},
            "y2": {"field": "y"},
            "color": {"value": MEASURE_COLOURS["flow"]},
            "strokeDash": {"value": [4, 2]},
            "href": {"field": "href"},
            "tooltip": tip,
        },
    }


def policy_spec(title: str, subtitle: str, bars: list[dict[str, Any]]) -> dict[str, Any]:
    """Policies over time as bars from when they took effect to when they ended."""
    measures = sorted({b["measure"] for b in bars})
    spec = long_labels(base(title, subtitle, max(60, 28 * len(bars))), 260)
    spec["data"] = {"values": bars}
    spec["mark"] = {"type": "bar", "height": 16, "cornerRadius": 2}
    spec["encoding"] = {
        "y": {
            "field": "label",
            "type": "nominal",
            "title": None,
            "sort": None,
        },
        "x": {
            "field": "start",
            "type": "temporal",
            "title": None,
            "scale": {"type": "utc"},
            "axis": TIME_AXIS,
        },
        "x2": {"field": "end"},
        "color": {
            "field": "measure",
            "type": "nominal",
            "title": "Measure",
            "scale": {"domain": measures, "range": POLICY_COLOURS[: len(measures)]},
            "legend": {"labelExpr": "replace(datum.label, /_/g, ' ')", "labelLimit": 300},
        },
        "tooltip": [
            {"field": "label", "title": "Policy"},
            {"field": "period", "title": "In force"},
            {"field": "description", "title": "What it does"},
        ],
    }
    return spec
