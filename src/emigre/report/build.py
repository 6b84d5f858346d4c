"""Build the report: the dashboard's views rendered once, with scripts, styles, data and the
world map inline, so the file opens anywhere, offline, and can travel as an attachment."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from emigre import __version__
from emigre.store import Store
from emigre.web import estimates, network, runs
from emigre.web.render import env_globals, method_html
from emigre.web.views import geo, overview, scenarios, sources, timeline
from emigre.web.views.evidence import Evidence, read_evidence
from emigre.web.views.links import ReportLinks

HERE = Path(__file__).resolve().parent
WEB = HERE.parent / "web"
STATIC = WEB / "static"
SCRIPTS = [
    "vendor/vega/vega.min.js",
    "vendor/vega-lite/vega-lite.min.js",
    "vendor/vega-embed/vega-embed.min.js",
    "js/emigre.js",
]
REPORT_RUNS = 5
"""Seeded baseline runs of the case's scenario shown in the report."""
LICENCES = [
    ("Vega", "vendor/vega/LICENSE"),
    ("Vega-Lite", "vendor/vega-lite/LICENSE"),
    ("Vega-Embed", "vendor/vega-embed/LICENSE"),
    ("world-atlas (Natural Earth)", "vendor/world-atlas/LICENSE"),
]


def _inline_js(text: str) -> str:
    """Script text safe inside <script>: a literal '</script' would end the element early."""
    return re.sub(r"</(script)", r"<\\/\1", text, flags=re.IGNORECASE)


def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader([HERE / "templates", WEB / "templates"]),
        autoescape=select_autoescape(["html"]),
        trim_blocks=False,
    )
    env.globals.update(env_globals())
    return env


def countries_to_show(ev: Evidence, rows: list[dict[str, Any]]) -> list[str]:
    """Every destination the claims or the map name, plus countries with their own rules."""
    codes = set(ev.destinations()) | {r["destination"] for r in rows}
    codes |= {p.country for p in ev.policies if len(p.country) == 3 and p.country != ev.case.origin}
    return sorted(codes, key=lambda c: geo.country_name(c))


def render_report(store: Store, case_id: str, today: dt.date | None = None) -> str:
    links = ReportLinks()
    with store.session() as s:
        ev = read_evidence(s, case_id)
    est = estimates.estimate_for(store, case_id)
    line = timeline.build(ev, est, links)
    world = geo.build_map(ev, est, links, network=network.for_case(case_id))
    all_rows = next(t for t in world.figure.tables if t.name == "frames").rows
    countries = [geo.build_country(ev, est, links, c) for c in countries_to_show(ev, all_rows)]
    entries = sources.entries(ev)
    scenario = None
    if runs.has_scenario(case_id):
        driver, why_not = None, estimates.status() or ""
        if est is not None:  # the estimate drives the runs, as on the dashboard
            driver, why_not = estimates.simulation_driver(store, case_id, REPORT_RUNS > 1)
        run = runs.compare(case_id, [], REPORT_RUNS, 0, driver, why_not)
        scenario = scenarios.build(ev, run, links)
    claims = sorted(ev.claims, key=lambda c: (c.destination or "", c.end or dt.date.min, c.id))
    env = environment()
    template = env.get_template("report.html")
    return template.render(
        case=ev.case,
        ev=ev,
        est=est,
        estimate_note=estimates.status(),
        cards=overview.cards(ev, est, links),
        method=overview.METHOD_SUMMARY,
        timeline=line,
        world=world,
        countries=countries,
        scenario=scenario,
        claims=claims,
        fits=est.fits if est else {},
        entries=entries,
        broken=sources.broken(ev, entries),
        method_body=method_html(),
        links=links,
        writable=False,
        generated=today or dt.date.today(),
        version=__version__,
        css=(STATIC / "css" / "emigre.css").read_text(encoding="utf-8"),
        scripts=[_inline_js((STATIC / p).read_text(encoding="utf-8")) for p in SCRIPTS],
        licences=[(name, (STATIC / p).read_text(encoding="utf-8")) for name, p in LICENCES],
    )


def write_report(store: Store, case_id: str, out: Path) -> int:
    """Write the report to `out`; returns its size in bytes."""
    html = render_report(store, case_id)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    data = html.encode("utf-8")
    out.write_bytes(data)
    return len(data)
