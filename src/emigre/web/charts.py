"""Vega-Lite specifications, built in Python from view data so the pages and the report agree.

Colours are the Okabe–Ito palette, which stays distinct under the common colour-blindnesses;
shapes carry meaning too (qualifiers), so nothing relies on colour alone.
"""

from __future__ import annotations

from typing import Any

from emigre.model import Source

OKABE_ITO = {
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
}

MEASURE_COLOURS = {
    "flow": OKABE_ITO["orange"],
    "stock": OKABE_ITO["green"],
    "registration": OKABE_ITO["purple"],
    "application": OKABE_ITO["sky"],
    "forecast": "#999999",
    "return": OKABE_ITO["black"],
}

QUALIFIER_SHAPES = {
    "exact": "circle",
    "about": "circle",
    "at_least": "triangle-up",
    "at_most": "triangle-down",
    "range": "square",
}

POLICY_COLOURS = [
    OKABE_ITO["blue"],
    OKABE_ITO["orange"],
    OKABE_ITO["green"],
    OKABE_ITO["vermillion"],
    OKABE_ITO["purple"],
    OKABE_ITO["sky"],
    OKABE_ITO["black"],
    "#999999",
    OKABE_ITO["yellow"],
]

BASIS_COLOURS = {"estimate": OKABE_ITO["blue"], "claim": OKABE_ITO["orange"]}

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
"""An identifier only: nothing is fetched from it."""

BASE_CONFIG: dict[str, Any] = {
    "font": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
    "view": {"stroke": None},
    "axis": {"labelFontSize": 11, "titleFontSize": 12, "gridColor": "#e6e6e6"},
    "legend": {"labelFontSize": 11, "titleFontSize": 12, "orient": "bottom"},
    "title": {"anchor": "start", "fontSize": 15, "subtitleFontSize": 11, "subtitleColor": "#555"},
}


def footer(sources: list[Source], method: str, limit: int = 5) -> str:
    """The grapher-style source line that travels with an exported image."""
    names: list[str] = []
    for s in sources:
        name = s.publisher or s.host or s.id
        if name not in names:
            names.append(name)
    shown = ", ".join(names[:limit])
    if len(names) > limit:
        shown += f" and {len(names) - limit} more"
    text = f"Sources: {shown}." if shown else "Sources: none yet."
    return f"{text} {method}"


def _base(title: str, subtitle: str, height: int) -> dict[str, Any]:
    return {
        "$schema": SCHEMA,
        "title": {"text": title, "subtitle": subtitle},
        "width": "container",
        "height": height,
        "autosize": {"type": "fit-x", "contains": "padding"},
        "config": BASE_CONFIG,
    }


def _measure_scale(measures: list[str]) -> dict[str, Any]:
    domain = [m for m in MEASURE_COLOURS if m in measures] or ["flow"]
    return {"domain": domain, "range": [MEASURE_COLOURS[m] for m in domain]}


def _qualifier_scale() -> dict[str, Any]:
    return {"domain": list(QUALIFIER_SHAPES), "range": list(QUALIFIER_SHAPES.values())}


def _claim_layers(
    data: str,
    x: dict[str, Any],
    y: dict[str, Any],
    measures: list[str],
    tip: list[dict[str, Any]],
    *,
    hollow_unreviewed: bool,
    tip_on_range: bool,
) -> list[dict[str, Any]]:
    """Claims as points shaped by how they were put, with a rule over a range's low and high.

    `y` holds the axis's title, format and scale; with `hollow_unreviewed` a claim not yet
    reviewed is drawn as an outline only."""
    colour = {"field": "measure", "type": "nominal", "scale": _measure_scale(measures)}
    point_mark: dict[str, Any] = {"type": "point", "size": 90, "strokeWidth": 2}
    point_mark |= {"opacity": 1} if hollow_unreviewed else {"filled": True}
    fill: dict[str, Any] = {}
    if hollow_unreviewed:
        fill = {
            "fill": colour | {"legend": None},
            "fillOpacity": {"condition": {"test": "datum.reviewed", "value": 1}, "value": 0},
        }
    return [
        {
            "data": {"name": data},
            "transform": [{"filter": "datum.y_low != null"}],
            "mark": {"type": "rule", "strokeWidth": 2},
            "encoding": {
                "x": x,
                "y": {"field": "y_low", "type": "quantitative", **y},
                "y2": {"field": "y_high"},
                "color": colour | {"legend": None},
                **({"tooltip": tip} if tip_on_range else {}),
            },
        },
        {
            "data": {"name": data},
            "mark": point_mark,
            "encoding": {
                "x": x,
                "y": {"field": "y", "type": "quantitative", **y},
                "shape": {
                    "field": "qualifier",
                    "type": "nominal",
                    "scale": _qualifier_scale(),
                    "title": "How the claim was put",
                },
                "color": colour | {"title": "Claim measures"},
                **fill,
                "href": {"field": "href"},
                "tooltip": tip,
            },
        },
    ]


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
    x = {"field": "date", "type": "temporal", "title": None, "scale": x_scale}
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
                "x": {"field": "start", "type": "temporal", "scale": x_scale, "title": None},
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
                "x": {"field": "start", "type": "temporal", "scale": x_scale},
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
    layers += _claim_layers(
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
    spec = _base(title, subtitle, 420)
    spec["datasets"] = {"series": series, "markers": markers, "events": events, "waves": waves}
    spec["layer"] = layers
    spec["resolve"] = {"scale": {"color": "independent"}}
    return spec


def legend_values(maximum: float) -> list[float]:
    """Three round sizes for a symbol legend that fits a phone's width."""
    if maximum <= 0:
        return [1]
    step = 10 ** max(0, len(str(int(maximum))) - 1)
    top = max(step, int(maximum // step) * step)
    return sorted({max(step // 10 or 1, top // 4), max(1, top // 2), top})


def map_spec(
    title: str,
    subtitle: str,
    world: dict[str, Any],
    frames: list[dict[str, Any]],
    known: list[dict[str, Any]],
    origin: dict[str, Any],
    date: str,
    fit: dict[str, Any],
    value_title: str,
    routes: list[dict[str, Any]] | None = None,
    places: list[dict[str, Any]] | None = None,
    reached: list[str] | None = None,
) -> dict[str, Any]:
    """Proportional symbols at each destination for one date, and the ways there.

    With a scenario (`routes` and `places` located, `reached` the countries its routes reach)
    the lines are its routes, by road and by air, with its crossings, airports and origin
    regions marked, and straight lines only to countries it has no route to; without one,
    straight lines run from the origin to every country."""
    maximum = max((f["value"] or 0 for f in frames), default=1) or 1
    size = {
        "field": "value",
        "type": "quantitative",
        "title": value_title,
        "scale": {"type": "linear", "zero": True, "domain": [0, maximum], "range": [0, 2800]},
        "legend": {"values": legend_values(maximum), "columns": 3, "format": "~s"},
    }
    on_date = {"filter": "datum.date === date"}
    routed = set(reached or ())
    frames = [
        f
        | {
            "olon": origin["lon"],
            "olat": origin["lat"],
            "routed": f["destination"] in routed,
            "route": STRAIGHT,
        }
        for f in frames
    ]
    bases = [b for b in BASIS_COLOURS if any(f.get("basis") == b for f in frames)] or ["claim"]
    present = [r["route"] for r in routes or []]
    if any(f["value"] and not f["routed"] for f in frames):
        present.append(STRAIGHT)
    route_style = _route_style(present)
    layers: list[dict[str, Any]] = [
        {
            "data": world,
            "transform": [
                {
                    "lookup": "id",
                    "from": {
                        "data": {"name": "known"},
                        "key": "num",
                        "fields": ["iso3", "name", "href", "has_data"],
                    },
                },
            ],
            "mark": {"type": "geoshape", "stroke": "white", "strokeWidth": 0.5, "clip": True},
            "encoding": {
                "color": {
                    "condition": {"test": "datum.has_data", "value": "#c9d3dc"},
                    "value": "#ececec",
                },
                "href": {"field": "href"},
                "tooltip": {"field": "name"},
            },
        },
        {
            "data": {"name": "frames"},
            "transform": [on_date, {"filter": "datum.value > 0 && !datum.routed"}],
            "mark": {
                "type": "rule",
                "color": "#888",
                "strokeWidth": 1,
                "opacity": 0.6,
                "clip": True,
            },
            "encoding": {
                **_located("olon", "olat"),
                "longitude2": {"field": "lon"},
                "latitude2": {"field": "lat"},
                **(route_style if routes else {}),
            },
        },
        *(_route_layers(routes, route_style) if routes else []),
        {
            "data": {"name": "frames"},
            "transform": [on_date, {"filter": "datum.value > 0"}],
            "mark": {
                "type": "circle",
                "opacity": 0.75,
                "stroke": "white",
                "strokeWidth": 1,
                "clip": True,
            },
            "encoding": {
                **_located(),
                "size": size,
                "color": {
                    "field": "basis",
                    "type": "nominal",
                    "title": "Figure from",
                    "scale": {
                        "domain": bases,
                        "range": [BASIS_COLOURS[b] for b in bases],
                    },
                },
                "href": {"field": "href"},
                "tooltip": [
                    {"field": "name", "title": "Country"},
                    {"field": "text", "title": value_title},
                    {"field": "detail", "title": "Basis"},
                ],
            },
        },
        {
            "data": {"name": "frames"},
            "transform": [on_date, {"filter": "datum.value > 0"}],
            "mark": {"type": "text", "dy": -12, "fontSize": 10, "color": "#222", "clip": True},
            "encoding": {
                **_located(),
                "text": {"field": "name"},
                "href": {"field": "href"},
            },
        },
        *(_place_layers() if places else []),
        {
            "data": {"values": [origin]},
            "mark": {
                "type": "point",
                "shape": "diamond",
                "filled": True,
                "size": 160,
                "color": "#000",
            },
            "encoding": {
                **_located(),
                "tooltip": {"field": "label"},
            },
        },
        {
            "data": {"values": [origin]},
            "mark": {"type": "text", "dy": 14, "fontSize": 11, "fontWeight": "bold"},
            "encoding": {
                **_located(),
                "text": {"field": "label"},
            },
        },
    ]
    spec = _base(title, subtitle, 460)
    spec["autosize"] = {"type": "pad"}
    spec["params"] = [{"name": "date", "value": date}]
    spec["projection"] = {"type": "equalEarth", "fit": fit}
    spec["datasets"] = {"frames": frames, "known": known}
    if routes:
        spec["datasets"] |= {"routes": routes, "places": places or []}
    spec["layer"] = layers
    return spec


STRAIGHT = "straight line (no route)"
ROUTE_STYLES = {
    "by road": (OKABE_ITO["vermillion"], [1, 0]),
    "flight": (OKABE_ITO["blue"], [6, 3]),
    STRAIGHT: ("#888888", [2, 3]),
}
PLACE_SHAPES = {
    "origin region": "diamond",
    "land crossing": "square",
    "airport": "triangle-up",
    "destination": "circle",
}


def _located(lon: str = "lon", lat: str = "lat") -> dict[str, Any]:
    """Where a map layer's marks stand: the longitude and latitude fields of its data."""
    return {
        "longitude": {"field": lon, "type": "quantitative"},
        "latitude": {"field": lat, "type": "quantitative"},
    }


def _route_style(present: list[str]) -> dict[str, Any]:
    """Colour and dash together, so a route's kind never rests on colour alone."""
    domain = [k for k in ROUTE_STYLES if k in present]
    common = {"field": "route", "type": "nominal", "title": "Routes"}
    legend = {
        "symbolType": "stroke",
        "symbolStrokeWidth": 2.5,
        "symbolSize": 500,
        "labelLimit": 240,
    }
    return {
        "stroke": common
        | {
            "scale": {"domain": domain, "range": [ROUTE_STYLES[k][0] for k in domain]},
            "legend": legend,
        },
        "strokeDash": common
        | {"scale": {"domain": domain, "range": [ROUTE_STYLES[k][1] for k in domain]}},
    }


def _route_layers(routes: list[dict[str, Any]], style: dict[str, Any]) -> list[dict[str, Any]]:
    """The scenario's routes; a route shut on the chosen date is drawn faint."""
    closed = (
        "datum.closed_from && datum.closed_from <= date "
        "&& (!datum.closed_to || date < datum.closed_to)"
    )
    return [
        {
            "name": "routes",
            "data": {"name": "routes"},
            "mark": {"type": "rule", "strokeWidth": 1.8, "strokeCap": "round", "clip": True},
            "encoding": {
                **_located(),
                "longitude2": {"field": "lon2"},
                "latitude2": {"field": "lat2"},
                **style,
                "opacity": {"condition": {"test": closed, "value": 0.2}, "value": 0.85},
                "tooltip": [
                    {"field": "text", "title": "Route"},
                    {"field": "policy", "title": "Closed by policy"},
                    {"field": "source", "title": "Numbers from"},
                ],
            },
        }
    ]


def _place_layers() -> list[dict[str, Any]]:
    """The scenario's origin regions, crossings and airports as marked points; crossings named."""
    shown = {"filter": "datum.kind !== 'destination' && datum.kind !== 'town'"}
    kinds = [k for k in PLACE_SHAPES if k != "destination"]
    return [
        {
            "name": "places",
            "data": {"name": "places"},
            "transform": [shown],
            "mark": {
                "type": "point",
                "filled": True,
                "size": 46,
                "color": "#222222",
                "stroke": "#ffffff",
                "strokeWidth": 0.8,
                "opacity": 1,
                "clip": True,
            },
            "encoding": {
                **_located(),
                "shape": {
                    "field": "kind",
                    "type": "nominal",
                    "title": "Places",
                    "scale": {"domain": kinds, "range": [PLACE_SHAPES[k] for k in kinds]},
                },
                "tooltip": [
                    {"field": "label", "title": "Place"},
                    {"field": "kind", "title": "Kind"},
                    {"field": "source", "title": "Source"},
                ],
            },
        },
        *(
            {
                "name": f"crossing_labels_{where}",
                "data": {"name": "places"},
                "transform": [{"filter": f"datum.kind === 'land crossing' && {test}"}],
                "mark": {
                    "type": "text",
                    "align": "left",
                    "baseline": baseline,
                    "dx": 6,
                    "dy": dy,
                    "fontSize": 10,
                    "fontStyle": "italic",
                    "color": "#222",
                    "clip": True,
                },
                "encoding": {
                    **_located(),
                    "text": {"field": "name"},
                },
            }
            for where, test, baseline, dy in (
                ("beside", "!datum.label_below", "middle", 0),
                ("below", "datum.label_below", "top", 3),
            )
        ),
    ]


def country_spec(
    title: str,
    subtitle: str,
    points: list[dict[str, Any]],
    series: list[dict[str, Any]],
) -> dict[str, Any]:
    """One destination's claims over time, with its estimated arrivals and stock if known."""
    x = {
        "field": "date",
        "type": "temporal",
        "title": None,
        "scale": {"type": "utc", "padding": 16},
    }
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
    layers += _claim_layers(
        "points",
        x,
        {"title": "People", "axis": {"format": "~s"}},
        measures,
        tip,
        hollow_unreviewed=False,
        tip_on_range=False,
    )
    spec = _base(title, subtitle, 300)
    spec["datasets"] = {"points": points, "series": series}
    spec["layer"] = layers
    spec["resolve"] = {"scale": {"color": "independent"}}
    return spec


def policy_spec(title: str, subtitle: str, bars: list[dict[str, Any]]) -> dict[str, Any]:
    """Policies over time as bars from when they took effect to when they ended."""
    measures = sorted({b["measure"] for b in bars})
    spec = _base(title, subtitle, max(60, 28 * len(bars)))
    spec["data"] = {"values": bars}
    spec["mark"] = {"type": "bar", "height": 16, "cornerRadius": 2}
    spec["encoding"] = {
        "y": {
            "field": "label",
            "type": "nominal",
            "title": None,
            "sort": None,
            "axis": {"labelLimit": 260},
        },
        "x": {"field": "start", "type": "temporal", "title": None, "scale": {"type": "utc"}},
        "x2": {"field": "end"},
        "color": {
            "field": "measure",
            "type": "nominal",
            "title": "Measure",
            "scale": {"domain": measures, "range": POLICY_COLOURS[: len(measures)]},
        },
        "tooltip": [
            {"field": "label", "title": "Policy"},
            {"field": "period", "title": "In force"},
            {"field": "description", "title": "What it does"},
        ],
    }
    return spec


RUN_COLOURS = {"baseline": OKABE_ITO["blue"], "what-if": OKABE_ITO["orange"]}


def runs_totals_spec(
    title: str,
    subtitle: str,
    rows: list[dict[str, Any]],
    estimates: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Simulated arrivals by destination: baseline (and what-if) medians with 90 % intervals,
    and the estimate's arrivals over the same days as black ticks where it has them."""
    runs = sorted({r["run"] for r in rows}, key=list(RUN_COLOURS).index)
    order = [r["destination"] for r in rows if r["run"] == "baseline"]
    y = {"field": "destination", "type": "nominal", "title": None, "sort": order}
    spec = _base(title, subtitle, max(120, 26 * len(order) * len(runs)))
    spec["data"] = {"values": rows}
    colour = {
        "field": "run",
        "type": "nominal",
        "title": "Run",
        "scale": {"domain": runs, "range": [RUN_COLOURS[r] for r in runs]},
    }
    tip = [
        {"field": "destination", "title": "Destination"},
        {"field": "run", "title": "Run"},
        {"field": "median", "title": "Median arrivals", "format": ",.0f"},
        {"field": "low", "title": "5 %", "format": ",.0f"},
        {"field": "high", "title": "95 %", "format": ",.0f"},
    ]
    x_axis = {"format": "~s"}
    spec["layer"] = [
        {
            "mark": {"type": "bar", "height": {"band": 0.8}},
            "encoding": {
                "y": y,
                "yOffset": {"field": "run", "sort": runs},
                "x": {
                    "field": "median",
                    "type": "quantitative",
                    "title": "People arrived",
                    "axis": x_axis,
                },
                "color": colour,
                "tooltip": tip,
            },
        },
        {
            "mark": {"type": "rule", "color": "#222"},
            "encoding": {
                "y": y,
                "yOffset": {"field": "run", "sort": runs},
                "x": {"field": "low", "type": "quantitative"},
                "x2": {"field": "high"},
                "tooltip": tip,
            },
        },
    ]
    if estimates:
        est_tip = [
            {"field": "destination", "title": "Destination"},
            {"field": "estimate", "title": "Estimate (median)", "format": ",.0f"},
            {"field": "estimate_low80", "title": "80 % low", "format": ",.0f"},
            {"field": "estimate_high80", "title": "80 % high", "format": ",.0f"},
        ]
        spec["layer"] += [
            {
                "data": {"values": estimates},
                "mark": {"type": "rule", "color": "#000", "strokeWidth": 2},
                "encoding": {
                    "y": y,
                    "x": {"field": "estimate_low80", "type": "quantitative"},
                    "x2": {"field": "estimate_high80"},
                    "tooltip": est_tip,
                },
            },
            {
                "data": {"values": estimates},
                "mark": {"type": "tick", "color": "#000", "thickness": 3},
                "encoding": {
                    "y": y,
                    "x": {"field": "estimate", "type": "quantitative"},
                    "tooltip": est_tip,
                },
            },
        ]
    return spec


def runs_difference_spec(title: str, subtitle: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """What-if minus baseline by destination, with the 90 % interval of the paired difference."""
    order = [r["destination"] for r in sorted(rows, key=lambda r: r["difference"])]
    y = {"field": "destination", "type": "nominal", "title": None, "sort": order}
    spec = _base(title, subtitle, max(120, 26 * len(rows)))
    spec["data"] = {"values": rows}
    tip = [
        {"field": "destination", "title": "Destination"},
        {"field": "difference", "title": "Difference (median)", "format": "+,.0f"},
        {"field": "difference_low", "title": "5 %", "format": "+,.0f"},
        {"field": "difference_high", "title": "95 %", "format": "+,.0f"},
    ]
    spec["layer"] = [
        {
            "mark": {"type": "bar"},
            "encoding": {
                "y": y,
                "x": {
                    "field": "difference",
                    "type": "quantitative",
                    "title": "What-if minus baseline (people arrived)",
                    "axis": {"format": "~s"},
                },
                "color": {
                    "condition": {"test": "datum.difference < 0", "value": OKABE_ITO["vermillion"]},
                    "value": OKABE_ITO["blue"],
                },
                "tooltip": tip,
            },
        },
        {
            "mark": {"type": "rule", "color": "#222"},
            "encoding": {
                "y": y,
                "x": {"field": "difference_low", "type": "quantitative"},
                "x2": {"field": "difference_high"},
                "tooltip": tip,
            },
        },
        {"mark": {"type": "rule", "color": "#666"}, "encoding": {"x": {"datum": 0}}},
    ]
    return spec


def runs_monthly_spec(title: str, subtitle: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Arrivals per month for the largest destinations, baseline solid and what-if dashed."""
    dests = list(dict.fromkeys(r["destination"] for r in rows))
    runs = sorted({r["run"] for r in rows}, key=list(RUN_COLOURS).index)
    spec = _base(title, subtitle, 300)
    spec["data"] = {"values": rows}
    spec["mark"] = {"type": "line", "point": True, "strokeWidth": 2}
    spec["encoding"] = {
        "x": {
            "field": "month",
            "type": "temporal",
            "title": None,
            "scale": {"type": "utc"},
            "timeUnit": "utcyearmonth",
        },
        "y": {
            "field": "arrivals",
            "type": "quantitative",
            "title": "People arriving per month",
            "axis": {"format": "~s"},
        },
        "color": {
            "field": "destination",
            "type": "nominal",
            "title": "Destination",
            "sort": dests,
            "scale": {"range": POLICY_COLOURS},
        },
        "strokeDash": {
            "field": "run",
            "type": "nominal",
            "title": "Run",
            "scale": {"domain": runs, "range": [[1, 0], [5, 3]][: len(runs)]},
        },
        "tooltip": [
            {"field": "month", "title": "Month"},
            {"field": "destination", "title": "Destination"},
            {"field": "run", "title": "Run"},
            {"field": "arrivals", "title": "Arrivals (median)", "format": ",.0f"},
        ],
    }
    return spec


def runs_targets_spec(title: str, subtitle: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Each observation the scenario is calibrated to, beside what the runs give for it."""
    long = []
    for r in rows:
        for kind in ("observed", "simulated"):
            if r.get(kind) is not None:
                long.append({**r, "kind": kind, "people": r[kind]})
    y = {
        "field": "label",
        "type": "nominal",
        "title": None,
        "sort": None,
        "axis": {"labelLimit": 300},
    }
    spec = _base(title, subtitle, max(120, 24 * len(rows)))
    spec["data"] = {"values": long}
    tip = [
        {"field": "label", "title": "Observation"},
        {"field": "kind", "title": "Figure"},
        {"field": "people", "title": "People", "format": ",.0f"},
        {"field": "source", "title": "Claim"},
    ]
    spec["layer"] = [
        {
            "mark": {"type": "rule", "color": "#999"},
            "encoding": {
                "y": y,
                "x": {"field": "people", "type": "quantitative", "aggregate": "min"},
                "x2": {"field": "people", "aggregate": "max"},
                "detail": {"field": "label"},
            },
        },
        {
            "mark": {"type": "point", "filled": True, "size": 90},
            "encoding": {
                "y": y,
                "x": {
                    "field": "people",
                    "type": "quantitative",
                    "title": "People arrived",
                    "axis": {"format": "~s"},
                },
                "shape": {
                    "field": "kind",
                    "type": "nominal",
                    "title": None,
                    "scale": {"domain": ["observed", "simulated"], "range": ["diamond", "circle"]},
                },
                "color": {
                    "field": "kind",
                    "type": "nominal",
                    "title": None,
                    "scale": {
                        "domain": ["observed", "simulated"],
                        "range": ["#000000", OKABE_ITO["orange"]],
                    },
                },
                "href": {"field": "href"},
                "tooltip": tip,
            },
        },
    ]
    return spec
