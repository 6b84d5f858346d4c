"""The scenarios page: the case's simulation runs beside the evidence, and what-if variants."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from emigre.model.country import lookup_country
from emigre.web import charts, runs
from emigre.web.estimates import Band
from emigre.web.views.evidence import Evidence
from emigre.web.views.figure import Figure, Table
from emigre.web.views.links import Links, data_links
from emigre.web.views.text import country_name

TOP = 6
METHOD = "emigre's agent-based simulation of the case's scenario (see its documentation)."


@dataclass
class ScenarioView:
    run: runs.RunView
    figures: list[Figure]


def _name(r: dict[str, Any]) -> str:
    """The country's usual name where the place is that country; else the place's own name
    (a place that stands for several countries, such as "Baltic states and Poland")."""
    code = r.get("country")
    if code and lookup_country(r["destination"]) == code:
        return country_name(code)
    return str(r["destination"])


def build(
    ev: Evidence, run: runs.RunView, links: Links, bands: dict[str, Band] | None = None
) -> ScenarioView:
    """`bands`: the estimate's arrivals by the scenario's end, by figure name, if known."""
    case_id = ev.case.id
    bands = bands or {}
    totals = [dict(r) for r in run.totals]  # the run is shared; the estimate is this view's
    for r in totals:
        b = bands.get(f"arrivals:{r['country']}@{run.end}") if r.get("country") else None
        if b is not None:
            r["estimate"], r["estimate_low80"], r["estimate_high80"] = (
                round(b.median),
                round(b.low80),
                round(b.high80),
            )
    what = f" ({run.runs} run{'s' if run.runs != 1 else ''}, seed {run.seed})"
    params: dict[str, Any] = {"what_if": run.whatifs, "runs": run.runs, "seed": run.seed}
    if run.calibrated_to == "estimate":
        # the estimate drives the run, so its evidence is the case's accepted claims
        cited = [c for c in ev.claims if c.state == "accepted"]
    else:
        cited = [c for c in (ev.claim(t["source"]) for t in run.targets) if c is not None]
    sources = ev.sources_of(cited)
    footer = charts.footer(sources, "Simulation: " + METHOD)
    bars: list[dict[str, Any]] = []
    for r in totals:
        bars.append(
            {
                "destination": _name(r),
                "run": "baseline",
                "median": r["baseline"],
                "low": r["baseline_low"],
                "high": r["baseline_high"],
            }
        )
        if "variant" in r:
            bars.append(
                {
                    "destination": _name(r),
                    "run": "what-if",
                    "median": r["variant"],
                    "low": None,
                    "high": None,
                }
            )
    totals_title = f"Simulated arrivals by destination, {run.start} + {run.days} days"
    api = data_links(links, "runs", case=case_id, **params)
    figures = [
        Figure(
            id="runs-totals",
            title=totals_title,
            spec=charts.runs_totals_spec(
                totals_title + what,
                footer,
                bars,
                [{**r, "destination": _name(r)} for r in totals if "estimate" in r],
            ),
            tables=[
                Table(
                    "totals",
                    "Arrivals by destination",
                    [
                        ("destination", "Destination"),
                        ("country", "Code"),
                        ("baseline", "Baseline (median)"),
                        ("baseline_low", "5 %"),
                        ("baseline_high", "95 %"),
                        ("variant", "What-if (median)"),
                        ("difference", "Difference"),
                        ("difference_low", "5 %"),
                        ("difference_high", "95 %"),
                    ],
                    totals,
                )
            ],
            sources=sources,
            method="Simulation: " + METHOD,
            note=" ".join(
                filter(
                    None,
                    [
                        "Thin dark lines: where 90 % of the simulation's runs end. Wide purple "
                        "bands with a black tick: the estimate of arrivals by the scenario's "
                        "last day from the claims (80 % interval and median)."
                        if bands
                        else "Thin dark lines: where 90 % of the simulation's runs end.",
                        None
                        if run.whatifs
                        else (
                            "Baseline only: the what-if form on the dashboard's Scenarios page "
                            "(or `emigre simulate run --what-if`) compares a variant."
                            if links.offline
                            else "Baseline only: ask a what-if below to compare."
                        ),
                    ],
                )
            )
            or None,
            api=api,
        )
    ]
    if run.whatifs:
        diff = [{**r, "destination": _name(r)} for r in totals]
        title = f"What-if: {run.label}"
        figures.append(
            Figure(
                id="runs-difference",
                title=title,
                spec=charts.runs_difference_spec(title + what, footer, diff),
                tables=[
                    Table(
                        "difference",
                        "What-if minus baseline",
                        [
                            ("destination", "Destination"),
                            ("difference", "Difference"),
                            ("difference_low", "5 %"),
                            ("difference_high", "95 %"),
                        ],
                        diff,
                    )
                ],
                sources=sources,
                method="Simulation: " + METHOD + " Paired runs: same seeds and parameters.",
                api=api,
            )
        )
    top = [r["destination"] for r in totals[:TOP]]
    monthly = [
        {**m, "month": m["month"] + "-01", "destination": _name(_row(run, m["destination"]))}
        for m in run.monthly
        if m["destination"] in top
    ]
    figures.append(
        Figure(
            id="runs-monthly",
            title="Arrivals per month",
            spec=charts.runs_monthly_spec(
                f"Arrivals per month, largest {len(top)} destinations", footer, monthly
            ),
            tables=[
                Table(
                    "monthly",
                    "Arrivals per month (median over runs)",
                    [
                        ("month", "Month"),
                        ("destination", "Destination"),
                        ("run", "Run"),
                        ("arrivals", "Arrivals"),
                    ],
                    monthly,
                )
            ],
            sources=sources,
            method="Simulation: " + METHOD,
            api=api,
        )
    )
    if run.targets and run.calibrated_to == "estimate":
        rows = [
            {
                **t,
                "label": f"{_name(t)}, {t['measure'].split(' ')[0]}"
                + (" (not in the scenario)" if not t["in_scenario"] else ""),
                "href": None,
            }
            for t in run.targets
        ]
        fit = run.fit
        figures.append(
            Figure(
                id="runs-targets",
                title="Simulated beside the estimate",
                spec=charts.runs_targets_spec(
                    f"Baseline beside the estimate it is calibrated to, on {fit['date']}",
                    footer,
                    rows,
                ),
                tables=[
                    Table(
                        "targets",
                        "Entries since the start and people present, estimated and simulated",
                        [
                            ("destination", "Destination"),
                            ("measure", "Figure"),
                            ("end", "On"),
                            ("observed", "Estimate (median)"),
                            ("observed_low80", "80 % low"),
                            ("observed_high80", "80 % high"),
                            ("simulated", "Simulated (median)"),
                            ("inside80", "Inside the 80 %"),
                        ],
                        rows,
                    )
                ],
                sources=sources,
                method="Simulation: " + METHOD,
                note="Black diamonds: the estimate from the claims; entries count first "
                "arrivals and onward moves from other destinations, as the estimate does."
                f" Inside the estimate's 80 % interval: entries "
                f"{fit['entries_inside80']} of {fit['destinations']} destinations, people "
                f"present {fit['stocks_inside80']} of {fit['destinations']}.",
                api=api,
            )
        )
    elif run.targets:
        rows = [
            {
                **t,
                "label": f"{_name(t)}, {t['start']} → {t['end']}",
                "href": links.claim(case_id, t["source"]) if ev.claim(t["source"]) else None,
            }
            for t in run.targets
        ]
        figures.append(
            Figure(
                id="runs-targets",
                title="Simulated beside observed",
                spec=charts.runs_targets_spec(
                    "Baseline beside the claims of its table of departures", footer, rows
                ),
                tables=[
                    Table(
                        "targets",
                        "Observed and simulated arrivals over the same periods",
                        [
                            ("destination", "Destination"),
                            ("start", "From"),
                            ("end", "To"),
                            ("observed", "Observed"),
                            ("simulated", "Simulated (median)"),
                            ("measure", "Measure"),
                            ("source", "Claim"),
                        ],
                        rows,
                    )
                ],
                sources=sources,
                method="Simulation: " + METHOD,
                api=api,
            )
        )
    return ScenarioView(run=run, figures=figures)


def _row(run: runs.RunView, destination: str) -> dict[str, Any]:
    return next(
        (r for r in run.totals if r["destination"] == destination), {"destination": destination}
    )
