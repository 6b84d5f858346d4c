"""What every chart shares: the palette, the base specification and the source footer.

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
    "about": "diamond",
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


TIME_AXIS: dict[str, Any] = {
    "format": "%b %Y",
    "tickCount": {"interval": "month"},
    "labelOverlap": "greedy",
    "labelSeparation": 6,
    "labelFlush": True,
}
"""Every time axis names the month and the year ("Sep 2022"), however few days it spans:
never a weekday ("Tue 02") and never a month without its year."""


def footer(sources: list[Source], method: str, limit: int = 5) -> str:
    """The grapher-style source line that travels with an exported image."""
    names: list[str] = []
    for s in sources:
        name = s.publisher or s.host or s.id
        if name not in names:
            names.append(name)
    shown = ", ".join(names[:limit])
    if len(names) > limit:
        shown += " and others"
    # Counted as the caption under the chart counts them: sources, not publishers.
    text = f"Sources ({len(sources)}): {shown}." if shown else "Sources: none yet."
    return f"{text} {method}"


def long_labels(spec: dict[str, Any], limit: int) -> dict[str, Any]:
    """Room for long category names on the y axis, set in the chart's config (not on the
    axis itself) so that a phone's page can narrow it to fit its width."""
    spec["config"] = spec["config"] | {
        "axisY": spec["config"].get("axisY", {}) | {"labelLimit": limit}
    }
    return spec


def base(title: str, subtitle: str, height: int) -> dict[str, Any]:
    return {
        "$schema": SCHEMA,
        "title": {"text": title, "subtitle": subtitle},
        "width": "container",
        "height": height,
        "autosize": {"type": "fit-x", "contains": "padding"},
        "config": BASE_CONFIG,
    }


def measure_scale(measures: list[str]) -> dict[str, Any]:
    domain = [m for m in MEASURE_COLOURS if m in measures] or ["flow"]
    return {"domain": domain, "range": [MEASURE_COLOURS[m] for m in domain]}


def qualifier_scale(present: list[str] | None = None) -> dict[str, Any]:
    """Shapes for the ways a claim is put; the legend lists only those drawn."""
    domain = [q for q in QUALIFIER_SHAPES if present is None or q in present] or ["exact"]
    return {"domain": domain, "range": [QUALIFIER_SHAPES[q] for q in domain]}
