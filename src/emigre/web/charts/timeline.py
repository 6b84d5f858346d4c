"""The timeline: the fan chart of departures with claims, events and waves drawn on it."""

from __future__ import annotations

from typing import Any

from emigre.web.charts.claims import claim_layers
from emigre.web.charts.common import OKABE_ITO, TIME_AXIS, base


def timeline_spec(
    title: str,
    subtitle: str,
    series: list[dict[str, Any]],
    markers: list[dict[str, Any]],
    events: list[dict[str, Any]],
    waves: list[dict[str, Any]],
    domain: tuple[str, str] | None,
    y_max: float,
) -> dict[str, Any]:
    """Fan chart of cumulative departures with the claims and events drawn on it."""
    x_scale: dict[str, Any] = {"type": "utc"}
    if domain:
        x_scale["domain"] = list(domain)
    x = {"field": "date", "type": "temporal", "title": None, "scale": x_scale, "axis": TIME_AXIS}
    y_title = "People (cumulative)"
    y_axis = {"format": "~s"}
    y_scale = {"domain": [0, y_max], "nice": True}
    layers: list[dict[str, Any]] = []
    zoom = {"name": "zoom", "select": {"type": "interval", "encodings": ["x"]}, "bind": "scales"}
    layers.append(
        {
            "data": {"name": "waves"},
            "params": [zoom],
            "mark": {"type": "rect", "opacity": 0.5},
            "encoding": {
                "x": {
                    "field": "start",
                    "type": "temporal",
                    "scale": x_scale,
                    "title": None,
                    "axis": TIME_AXIS,
                },
                "x2": {"field": "end"},
                "color": {
                    "field": "name",
                    "type": "nominal",
                    "scale": {"range": ["#f2f2f2", "#e4e4e4"]},
                    "legend": None,
                },
                "tooltip": [{"field": "name", "title": "Wave"}, {"field": "period"}],
            },
        }
    )
    layers.append(
        {
            "data": {"name": "waves"},
            "mark": {
                "type": "text",
                "align": "left",
                "dx": 4,
                "dy": 4,
                "baseline": "top",
                "fontSize": 11,
                "color": "#444",
            },
            "encoding": {
                "x": {"field": "start", "type": "temporal", "scale": x_scale, "axis": TIME_AXIS},
                "y": {"value": 0},
                "text": {"field": "name"},
            },
        }
    )
    if series:
        band_colour = {
            "field": "series",
            "type": "nominal",
            "title": "Estimate",
            "scale": {
                "domain": ["left", "still abroad"],
                "range": [OKABE_ITO["blue"], OKABE_ITO["green"]],
            },
        }
        for lo, hi, opacity, label, filt in (
            ("low95", "high95", 0.18, "95 % interval", "datum.series === 'left'"),
            ("low80", "high80", 0.35, "80 % interval", "true"),
        ):
            layers.append(
                {
                    "data": {"name": "series"},
                    "transform": [{"filter": filt}],
                    "mark": {"type": "area", "opacity": opacity},
                    "encoding": {
                        "x": x,
                        "y": {
                            "field": lo,
                            "type": "quantitative",
                            "title": y_title,
                            "axis": y_axis,
                            "scale": y_scale,
                        },
                        "y2": {"field": hi},
                        "color": {**band_colour, "legend": None},
                        "detail": {"field": "series"},
                        "tooltip": [
                            {"field": "series", "title": "Estimate of"},
                            {"field": "date", "title": "Date"},
                            {"field": lo, "title": f"{label}, low", "format": ",.0f"},
                            {"field": hi, "title": f"{label}, high", "format": ",.0f"},
                        ],
                    },
                }
            )
        layers.append(
            {
                "data": {"name": "series"},
                "mark": {"type": "line", "strokeWidth": 2.5},
                "encoding": {
                    "x": x,
                    "y": {
                        "field": "median",
                        "type": "quantitative",
                        "title": y_title,
                        "axis": y_axis,
                        "scale": y_scale,
                    },
                    "color": band_colour,
                    "tooltip": [
                        {"field": "series", "title": "Estimate of"},
                        {"field": "date", "title": "Date"},
                        {"field": "median", "title": "Median", "format": ",.0f"},
                    ],
                },
            }
        )
    layers.append(
        {
            "data": {"name": "events"},
            "mark": {"type": "rule", "strokeDash": [3, 3], "color": "#666"},
            "encoding": {
                "x": x,
                "tooltip": [
                    {"field": "date", "title": "Date"},
                    {"field": "title", "title": "Event"},
                    {"field": "description", "title": "What happened"},
                ],
            },
        }
    )
    layers.append(
        {
            "data": {"name": "events"},
            "mark": {
                "type": "text",
                "angle": 270,
                "align": "right",
                "baseline": "bottom",
                "fontSize": 10,
                "color": "#444",
            },
            "encoding": {"x": x, "y": {"value": 18}, "text": {"field": "short"}},
        }
    )
    measures = sorted({m["measure"] for m in markers})
    claim_tip = [
        {"field": "label", "title": "Claim"},
        {"field": "state", "title": "Review"},
        {"field": "flags", "title": "Flags"},
        {"field": "fit", "title": "Fit"},
        {"field": "sources", "title": "Sources"},
    ]
    layers += claim_layers(
        "markers",
        x,
        {"title": y_title, "axis": y_axis, "scale": y_scale},
        measures,
        claim_tip,
        hollow_unreviewed=True,
        tip_on_range=True,
    )
    layers.append(
        {
            "data": {"name": "markers"},
            "transform": [{"filter": "datum.contradicted"}],
            "mark": {
                "type": "point",
                "shape": "cross",
                "size": 260,
                "color": "#D55E00",
                "strokeWidth": 2.5,
            },
            "encoding": {
                "x": x,
                "y": {"field": "y", "type": "quantitative"},
                "href": {"field": "href"},
                "tooltip": claim_tip,
            },
        }
    )
    spec = base(title, subtitle, 420)
    spec["datasets"] = {"series": series, "markers": markers, "events": events, "waves": waves}
    spec["layer"] = layers
    spec["resolve"] = {"scale": {"color": "independent"}}
    return spec
