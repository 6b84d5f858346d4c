"""Claims drawn as points shaped by how they were put, on the timeline and country charts."""

from __future__ import annotations

from typing import Any

from emigre.web.charts.common import measure_scale, qualifier_scale

MEASURE_LEGEND = (
    "{'flow': 'left or arrived', 'stock': 'present', 'registration': 'registered', "
    "'application': 'applied', 'forecast': 'forecast', 'return': 'returned'}[datum.label]"
    " || datum.label"
)
"""What each measure counts, in the words of the pages' tables."""


def claim_layers(
    data: str,
    rows: list[dict[str, Any]],
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
    colour = {"field": "measure", "type": "nominal", "scale": measure_scale(measures)}
    qualifiers = sorted({r["qualifier"] for r in rows})
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
                    "scale": qualifier_scale(qualifiers),
                    "title": "How the claim was put",
                    "legend": {"labelExpr": "replace(datum.label, /_/g, ' ')"},
                },
                "color": colour
                | {"title": "Claim measures", "legend": {"labelExpr": MEASURE_LEGEND}},
                **fill,
                "href": {"field": "href"},
                "tooltip": tip,
            },
        },
    ]
