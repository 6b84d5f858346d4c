"""The map: proportional symbols at destinations, routes and places of a scenario."""

from __future__ import annotations

from typing import Any

from emigre.web.charts.common import BASIS_COLOURS, OKABE_ITO, base

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
    lons = [f["lon"] for f in frames if f.get("lon") is not None] or [0.0]
    frames = [
        f
        | {
            "olon": origin["lon"],
            "olat": origin["lat"],
            "routed": f["destination"] in routed,
            "route": STRAIGHT,
            "label_align": label_align(f.get("lon") or 0.0, min(lons), max(lons)),
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
        *_name_layers(on_date),
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
    spec = base(title, subtitle, 460)
    spec["autosize"] = {"type": "pad"}
    spec["params"] = [{"name": "date", "value": date}]
    spec["projection"] = {"type": "equalEarth", "fit": fit}
    spec["datasets"] = {"frames": frames, "known": known}
    if routes:
        spec["datasets"] |= {"routes": routes, "places": places or []}
    spec["layer"] = layers
    return spec


def _name_layers(on_date: dict[str, Any]) -> list[dict[str, Any]]:
    """Countries' names over their symbols; at the map's west and east edges a name runs
    inwards from its symbol, so the edge does not cut it ("ed States")."""
    return [
        {
            "data": {"name": "frames"},
            "transform": [
                on_date,
                {"filter": f"datum.value > 0 && datum.label_align === '{align}'"},
            ],
            "mark": {
                "type": "text",
                "dy": -12,
                "dx": dx,
                "align": align,
                "fontSize": 10,
                "color": "#222",
                "clip": True,
            },
            "encoding": {
                **_located(),
                "text": {"field": "name"},
                "href": {"field": "href"},
            },
        }
        for align, dx in (("center", 0), ("left", -6), ("right", 6))
    ]


def label_align(lon: float, west: float, east: float) -> str:
    """Where a name stands against its symbol: inwards near the map's edges."""
    span = max(east - west, 1e-9)
    if lon <= west + 0.15 * span:
        return "left"
    if lon >= east - 0.15 * span:
        return "right"
    return "center"


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
