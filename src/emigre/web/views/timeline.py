"""The timeline: cumulative departures as a fan chart, with the claims and events on it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from emigre.model import Claim, Event
from emigre.web import charts
from emigre.web.errors import bad_request
from emigre.web.estimates import EstimateView
from emigre.web.views import select
from emigre.web.views.evidence import Evidence
from emigre.web.views.figure import Figure, Table
from emigre.web.views.links import Links, data_links
from emigre.web.views.text import FLAG_LABELS, STATE_LABELS, claim_label, fit_text

PAD = dt.timedelta(days=20)


@dataclass
class Timeline:
    figure: Figure
    waves: list[dict[str, Any]]
    wave: str | None
    off_chart: list[tuple[Claim, str]]
    """Claims about the total that the chart cannot place, with the reason."""


def _publishers(ev: Evidence, c: Claim) -> str:
    names = []
    for k in c.source_ids:
        s = ev.sources.get(k)
        if s is not None:
            names.append(s.publisher or s.host or s.id)
    return "; ".join(dict.fromkeys(names))


MARKER_COLUMNS = [
    ("id", "Claim"),
    ("date", "Period end"),
    ("start", "Period start"),
    ("qualifier", "Qualifier"),
    ("value", "Value"),
    ("low", "Low"),
    ("high", "High"),
    ("measure", "Measure"),
    ("state", "Review"),
]
"""The first columns of a table of markers (what a claim said); a chart adds its own."""

FIT_COLUMNS = [("fit", "Fit to the estimate"), ("contradicted", "Contradicted")]
"""How a drawn claim sits with the estimate, in every table of claims."""

BAND_COLUMNS = [
    ("date", "Date"),
    ("median", "Median"),
    ("low80", "80 % low"),
    ("high80", "80 % high"),
    ("low95", "95 % low"),
    ("high95", "95 % high"),
]
"""A table of an estimate's dated medians and intervals, after the column naming the series."""


def marker(
    ev: Evidence,
    c: Claim,
    y: float,
    links: Links,
    est: EstimateView | None,
    span: float,
    implied: bool = False,
) -> dict[str, Any]:
    """A claim as a chart mark: a point, a bound with a short arrow, or a range bar."""
    y_low = y_high = None
    shift = y - c.central if implied else 0.0
    if c.qualifier == "range":
        y_low, y_high = float(c.low or 0) + shift, float(c.high or 0) + shift
    elif c.qualifier == "at_least":
        y_low, y_high = y, y + 0.06 * span
    elif c.qualifier == "at_most":
        y_low, y_high = max(0.0, y - 0.06 * span), y
    fit = est.fits.get(str(c.id)) if est else None
    return {
        "id": c.id,
        "date": c.end.isoformat() if c.end else None,
        "start": c.start.isoformat() if c.start else None,
        "y": y,
        "y_low": y_low,
        "y_high": y_high,
        "value": c.value,
        "low": c.low,
        "high": c.high,
        "qualifier": c.qualifier,
        "measure": c.measure,
        "state": STATE_LABELS[c.state],
        "reviewed": c.state == "accepted",
        "flags": ", ".join(FLAG_LABELS.get(f, f) for f in c.flags) or "none",
        "contradicted": bool(fit and fit.contradicted),
        "fit": fit_text(fit.fit) if fit else "not fitted",
        "implied": implied,
        "label": claim_label(c) + (" (placed on the running total)" if implied else ""),
        "sources": _publishers(ev, c),
        "href": links.claim(ev.case.id, str(c.id)),
    }


KIND_WEIGHT = {
    "invasion": 0,
    "mobilization": 0,
    "border_closure": 1,
    "law": 1,
    "decree": 1,
    "route_suspension": 2,
    "visa_policy": 2,
    "refuge_policy": 3,
    "asylum_policy": 3,
    "deportation": 3,
    "statement": 4,
    "other": 5,
}


def label_events(events: list[Event], window: tuple[dt.date, dt.date] | None) -> set[str]:
    """Which events get a written label: the weightiest first, none crowding another.

    Every event keeps its line and tooltip; labels only where there is room for them.
    """
    if not events:
        return set()
    first = window[0] if window else min(e.date for e in events)
    last = window[1] if window else max(e.date for e in events)
    gap = max(7, (last - first).days // 14)
    taken: list[dt.date] = []
    out: set[str] = set()
    for e in sorted(events, key=lambda e: (KIND_WEIGHT.get(e.kind, 5), e.date)):
        if all(abs((e.date - d).days) >= gap for d in taken):
            taken.append(e.date)
            out.add(e.id)
    return out


def cluster_events(
    events: list[Event], window: tuple[dt.date, dt.date], labelled: set[str]
) -> list[dict[str, Any]]:
    """Events close in time as one line, so September's dozen do not merge into a black bar.

    Two events share a line when they are closer than a ninetieth of the window; the line
    stands at the first one and its tooltip names them all."""
    gap = max(3, (window[1] - window[0]).days // 90)
    groups: list[list[Event]] = []
    for e in sorted(events, key=lambda e: e.date):
        if groups and (e.date - groups[-1][0].date).days < gap:
            groups[-1].append(e)
        else:
            groups.append([e])
    out = []
    for g in groups:
        first = g[0]
        names = "; ".join(f"{e.date:%d %b}: {e.title}" for e in g)
        if len(g) == 1:
            short = first.title if len(first.title) <= 34 else first.title[:32] + "…"
        else:
            short = f"{len(g)} events from {first.date:%d %b}"
        out.append(
            {
                "date": first.date.isoformat(),
                "n": len(g),
                "title": first.title if len(g) == 1 else f"{len(g)} events",
                "description": first.description if len(g) == 1 else names,
                "short": short if any(e.id in labelled for e in g) else "",
            }
        )
    return out


def build(
    ev: Evidence, est: EstimateView | None, links: Links, wave: str | None = None
) -> Timeline:
    case = ev.case
    waves = [
        {
            "id": w.id,
            "name": w.name,
            "start": w.start.isoformat(),
            "end": (w.end or (est.as_of if est else ev.newest_claim_end) or w.start).isoformat(),
            "period": f"{w.start} → {w.end or 'open'}",
            "href": links.page(case.id, "timeline", wave=w.id),
        }
        for w in case.waves
    ]
    window: tuple[dt.date, dt.date] | None = None
    if wave:
        chosen = next((w for w in case.waves if w.id == wave), None)
        if chosen is None:
            known = ", ".join(w.id for w in case.waves) or "none"
            raise bad_request(f"no wave '{wave}' in case '{case.id}' (waves: {known})", "wave")
        last = chosen.end or (est.as_of if est else ev.newest_claim_end) or chosen.start
        window = (chosen.start - PAD, last + PAD)

    def inside(d: dt.date | None) -> bool:
        return d is not None and (window is None or window[0] <= d <= window[1])

    series = [
        {"series": "left", "date": b.date.isoformat(), **b.model_dump(exclude={"date"})}
        for b in (est.departures if est else [])
        if inside(b.date)
    ] + [
        {"series": "still abroad", "date": b.date.isoformat(), **b.model_dump(exclude={"date"})}
        for b in (est.remaining if est else [])
        if inside(b.date)
    ]
    totals = [c for c in ev.usable if select.is_total(c)]
    values = [c.high or c.value or 0 for c in totals] + [s["high95"] for s in series]
    span = float(max(values, default=1) or 1)
    markers: list[dict[str, Any]] = []
    off: list[tuple[Claim, str]] = []
    for c in totals:
        if c.end is None:
            off.append((c, "no date"))
            continue
        if c.measure in ("registration", "application"):
            off.append((c, f"a {c.measure} count, not a count of people who left"))
            continue
        if c.end < case.start:
            off.append((c, "about the time before the case began (a level to compare with)"))
            continue
        otherwise = select.counted_otherwise(c)
        if otherwise is not None:
            off.append((c, otherwise))
            continue
        if c.measure == "flow" and not select.since_start(c, case):
            if est is None or c.start is None:
                off.append((c, "covers part of the period only; needs the estimate to place"))
                continue
            base = est.departures_at(c.start)
            if base is None:
                off.append((c, "starts before the estimate does"))
                continue
            if inside(c.end):
                markers.append(marker(ev, c, base.median + c.central, links, est, span, True))
            continue
        if inside(c.end):
            markers.append(marker(ev, c, c.central, links, est, span))
    shown = [e for e in ev.events if inside(e.date)]
    events = [
        {
            "id": e.id,
            "date": e.date.isoformat(),
            "title": e.title,
            "short": e.title if len(e.title) <= 34 else e.title[:32] + "…",
            "description": e.description,
            "kind": e.kind,
            "country": e.country,
        }
        for e in shown
    ]
    if window is None:
        dates = [dt.date.fromisoformat(m["date"]) for m in markers]
        dates += [dt.date.fromisoformat(r["date"]) for r in series]
        last = max([*dates, case.start + dt.timedelta(days=60)])
        window = (case.start - dt.timedelta(days=10), last + PAD)
    domain = (window[0].isoformat(), window[1].isoformat())
    labelled = label_events(shown, window)
    event_marks = cluster_events(shown, window, labelled)
    y_values = [m["y_high"] or m["y"] for m in markers] + [r["high95"] for r in series]
    y_max = max([*y_values, 1.0]) * 1.08
    shown_claims = [ev.claim(str(m["id"])) for m in markers]
    sources = ev.sources_of([c for c in shown_claims if c] + list(ev.events))
    method = (
        "Estimate: emigre's measurement model (see Method)."
        if est
        else ("Claims as reported; no estimate yet.")
    )
    title = "Cumulative departures" + (f": {chosen.name}" if wave else "")
    subtitle = charts.footer(sources, method)
    spec = charts.timeline_spec(
        title, subtitle, series, markers, event_marks, waves, domain, y_max, events
    )
    tables = []
    if series:
        tables.append(
            Table(
                "departures",
                "Estimated cumulative departures and people still abroad",
                [("series", "Estimate of"), *BAND_COLUMNS],
                series,
            )
        )
    tables.append(
        Table(
            "claims",
            "Claims on the chart",
            [
                *MARKER_COLUMNS,
                ("flags", "Flags"),
                *FIT_COLUMNS,
                ("sources", "Sources"),
            ],
            markers,
        )
    )
    tables.append(
        Table(
            "events",
            "Events",
            [("date", "Date"), ("title", "Event"), ("kind", "Kind"), ("country", "Who")],
            events,
        )
    )
    if est is None:
        note: str | None = (
            "No estimate yet: the chart shows the claims themselves. Claims about part of the "
            "period cannot be placed on a running total without one and are listed below."
        )
    elif est.warnings:
        note = (
            "The estimate's own checks raise warnings (listed on the overview): read its "
            "intervals with care."
        )
    else:
        note = None
    params = {"wave": wave} if wave else {}
    figure = Figure(
        id="timeline",
        title=title,
        spec=spec,
        tables=tables,
        sources=sources,
        method=method,
        note=note,
        api=data_links(links, f"cases/{case.id}/timeline", **params),
    )
    return Timeline(figure=figure, waves=waves, wave=wave, off_chart=off)
