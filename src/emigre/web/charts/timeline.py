"""The timeline: the fan chart of departures with claims, events and waves drawn on it."""

from __future__ import annotations

from typing import Any

from emigre.web.charts.claims import claim_layers
from emigre.web.charts.common import OKABE_ITO, TIME_AXIS, base

HEIGHT = 420
CONTRADICTED = "contradicted by the other evidence"


def contradicted_layer(x: dict[str, Any], tip: list[dict[str, Any]]) -> dict[str, Any]:
    """A red cross over each claim the rest of the evidence contradicts, with its legend."""
    return {
        "data": {"name": "markers"},
        "transform": [{"filter": "datum.contradicted"}],
        "mark": {"type": "point", "shape": "cross", "size": 260, "strokeWidth": 2.5},
        "encoding": {
            "x": x,
            "y": {"field": "y", "type": "quantitative"},
            "color": {
                "datum": CONTRADICTED,
                "type": "nominal",
                "scale": {"domain": [CONTRADICTED], "range": [OKABE_ITO["vermillion"]]},
                "legend": {"title": None, "symbolType": "cross"},
            },
            "href": {"field": "href"},
            "tooltip": tip,
        },
    }


def timeline_spec(
    title: str,
    subtitle: str,
    series: list[dict[str, Any]],
    markers: list[dict[str, Any]],
    events: list[dict[str, Any]],
    waves: list[dict[str, Any]],
    domain: tuple[str, str] | None,
    y_max: float,
    event_list: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Fan chart of cumulative departures with the claims and events drawn on it.

    `events` are the lines drawn (events close in time share one); `event_list` is every
    event, for the chart's table."""
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
            "transform": [{"filter": "!narrow"}],
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
            "data": {"name": "event_marks"},
            "mark": {"type": "rule", "strokeDash": [3, 3], "color": "#666", "opacity": 0.7},
            "encoding": {
                "x": x,
                "strokeWidth": {
                    "condition": {"test": "datum.n > 1", "value": 2},
                    "value": 1,
                },
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
            # Read upwards from the foot of the chart, clear of the wave names along its top.
            "data": {"name": "event_marks"},
            "transform": [{"filter": "!narrow"}],
            "mark": {
                "type": "text",
                "angle": 270,
                "align": "left",
                "baseline": "bottom",
                "dx": 4,
                "fontSize": 10,
                "color": "#444",
            },
            "encoding": {"x": x, "y": {"value": HEIGHT}, "text": {"field": "short"}},
        }
    )
    measures = sorted({m["measure"] for m in markers})
    claim_tip = [
        {"field": "label", "title": "Claim"},
        {"field": "state", "title": "Review"},
        {"field": "flags", "title": "Flags"},
        {"field": "fit", "title": "Against the estimate"},
        {"field": "sources", "title": "Sources"},
    ]
    layers += claim_layers(
        "markers",
        markers,
        x,
        {"title": y_title, "axis": y_axis, "scale": y_scale},
        measures,
        claim_tip,
        hollow_unreviewed=True,
        tip_on_range=True,
    )
    if any(m["contradicted"] for m in markers):  # the legend promises only what is drawn
        layers.append(contradicted_layer(x, claim_tip))
    spec = base(title, subtitle, HEIGHT)
    # On a narrow screen (the page sets it) the names of waves and events would pile up: the
    # zoom links name the waves, and each event line keeps its tooltip.
    spec["params"] = [{"name": "narrow", "value": False}]
    spec["datasets"] = {
        "series": series,
        "markers": markers,
        "event_marks": events,
        "events": event_list if event_list is not None else events,
        "waves": waves,
    }
    spec["layer"] = layers
    spec["resolve"] = {"scale": {"color": "independent"}}
    return spec
