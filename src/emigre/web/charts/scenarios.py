"""The scenarios page: simulated arrivals, what-if differences, months and calibration."""

from __future__ import annotations

from typing import Any

from emigre.web.charts.common import OKABE_ITO, POLICY_COLOURS, TIME_AXIS, base, long_labels

SIMULATION_SPREAD = "simulation, 90 % of runs"
ESTIMATE_INTERVAL = "estimate, 80 % interval"


def interval_key(label: str, colour: str) -> dict[str, Any]:
    """A constant colour with its own legend entry, so each interval says what it is."""
    return {
        "datum": label,
        "type": "nominal",
        "scale": {"domain": [label], "range": [colour]},
        "legend": {
            "title": None,
            "symbolType": "stroke",
            "symbolStrokeWidth": 4,
        },
    }


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
    spec = base(title, subtitle, max(120, 26 * len(order) * len(runs)))
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
            "mark": {"type": "rule", "strokeWidth": 1.5},
            "encoding": {
                "y": y,
                "yOffset": {"field": "run", "sort": runs},
                "x": {"field": "low", "type": "quantitative"},
                "x2": {"field": "high"},
                "color": interval_key(SIMULATION_SPREAD, "#222222"),
                "tooltip": tip,
            },
        },
    ]
    spec["resolve"] = {"scale": {"color": "independent"}}
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
                "mark": {"type": "rule", "strokeWidth": 7, "opacity": 0.55, "strokeCap": "butt"},
                "encoding": {
                    "y": y,
                    "x": {"field": "estimate_low80", "type": "quantitative"},
                    "x2": {"field": "estimate_high80"},
                    "color": interval_key(ESTIMATE_INTERVAL, OKABE_ITO["purple"]),
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
    spec = base(title, subtitle, max(120, 26 * len(rows)))
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
    spec = base(title, subtitle, 300)
    spec["data"] = {"values": rows}
    spec["mark"] = {"type": "line", "point": True, "strokeWidth": 2}
    spec["encoding"] = {
        "x": {
            "field": "month",
            "type": "temporal",
            "title": None,
            "scale": {"type": "utc"},
            "timeUnit": "utcyearmonth",
            "axis": TIME_AXIS,
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
    }
    spec = long_labels(base(title, subtitle, max(120, 24 * len(rows))), 300)
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
