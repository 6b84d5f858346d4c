"""The map and the country pages: where people went, by date, and what each country did."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pycountry

from emigre.model import Claim, Event, Policy, Source, members
from emigre.web import charts
from emigre.web.errors import bad_request, not_found
from emigre.web.estimates import DatedBand, EstimateView, PlaceEstimate
from emigre.web.network import Network
from emigre.web.views import placement
from emigre.web.views.evidence import Evidence
from emigre.web.views.figure import Figure, Table
from emigre.web.views.links import Links, data_links
from emigre.web.views.text import claim_label, country_name, num, short
from emigre.web.views.timeline import BAND_COLUMNS, FIT_COLUMNS, MARKER_COLUMNS

ATLAS = Path(__file__).resolve().parent.parent / "static" / "vendor" / "world-atlas"
WORLD_URL = "/static/vendor/world-atlas/countries-110m.json"

KINDS = {
    "stock": ("People present", ("stock", "registration")),
    "arrivals": ("Arrivals since the start", ("flow",)),
}


@cache
def points() -> dict[str, tuple[float, float]]:
    """ISO numeric code -> (lon, lat) of the symbol for that country."""
    raw = json.loads((ATLAS / "country-points.json").read_text())
    return {k: (float(v[0]), float(v[1])) for k, v in raw.items()}


@cache
def world_topology() -> dict[str, Any]:
    return json.loads((ATLAS / "countries-110m.json").read_text())


def world_data(offline: bool) -> dict[str, Any]:
    """The world outline for Vega: a local URL on the dashboard, inline in the report."""
    fmt = {"type": "topojson", "feature": "countries"}
    if offline:
        return {"values": world_topology(), "format": fmt}
    return {"url": WORLD_URL, "format": fmt}


def numeric(code: str) -> str | None:
    c = pycountry.countries.get(alpha_3=code)
    return c.numeric if c is not None else None


# Where people leave from, for countries whose middle is far from where most people live.
POPULATION_CENTRES: dict[str, tuple[float, float]] = {
    "RUS": (37.6, 55.75),  # Moscow: most of the population lives west of the Urals
}


def position(code: str) -> tuple[float, float] | None:
    n = numeric(code)
    return points().get(n) if n else None


def month_ends(start: dt.date, end: dt.date) -> list[dt.date]:
    out: list[dt.date] = []
    y, m = start.year, start.month
    while True:
        nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
        last = nxt - dt.timedelta(days=1)
        if last > end:
            break
        out.append(last)
        y, m = nxt.year, nxt.month
    if not out or out[-1] < end:
        out.append(end)
    return out


def parse_kind(kind: str) -> str:
    if kind not in KINDS:
        raise bad_request(f"unknown map measure '{kind}': expected stock or arrivals", "measure")
    return kind


def _latest(claims: list[Claim], when: dt.date) -> Claim | None:
    dated = [c for c in claims if c.end is not None and c.end <= when]
    if not dated:
        return None
    return max(dated, key=lambda c: (c.end, c.state == "accepted", c.central))


@dataclass
class MapView:
    figure: Figure
    dates: list[str]
    date: str
    kind: str
    rows: list[dict[str, Any]]
    """The frame on the chosen date, for the table under the map."""
    routes: bool = False
    """Whether the lines are the routes of the case's scenario (else straight lines)."""


def _row(code: str, when: dt.date, links: Links, case_id: str) -> dict[str, Any]:
    lon, lat = position(code) or (None, None)
    return {
        "date": when.isoformat(),
        "destination": code,
        "name": country_name(code),
        "lon": lon,
        "lat": lat,
        "href": links.country(case_id, code, date=when.isoformat()),
    }


def frames(
    ev: Evidence, est: EstimateView | None, kind: str, dates: list[dt.date], links: Links
) -> list[dict[str, Any]]:
    measures = KINDS[kind][1]
    by_place: dict[str, list[Claim]] = {}
    for c in ev.usable:
        if c.destination and c.group == "all" and c.measure in measures:
            by_place.setdefault(c.destination, []).append(c)
    places = set(by_place)
    if est is not None:
        places |= {p.destination for p in est.destinations if len(p.destination) == 3}
    places = {p for p in places if position(p) is not None}
    rows: list[dict[str, Any]] = []
    for when in dates:
        for code in sorted(places):
            row = _row(code, when, links, ev.case.id)
            place = est.place(code) if est else None
            band = place.at(kind, when) if place else None
            if band is not None:
                row |= {
                    "value": band.median,
                    "low": band.low80,
                    "high": band.high80,
                    "basis": "estimate",
                    "text": f"{num(band.median)} (80 %: {short(band.low80)}–{short(band.high80)})",
                    "detail": "estimate, median and 80 % interval",
                    "claim": None,
                }
            else:
                c = _latest(by_place.get(code, []), when)
                if c is None:
                    continue
                row |= {
                    "value": c.central,
                    "low": c.low,
                    "high": c.high,
                    "basis": "claim",
                    "text": claim_label(c),
                    "detail": f"latest claim by this date ({c.id})",
                    "claim": c.id,
                }
            rows.append(row)
    return rows


def _sources(
    ev: Evidence,
    est: EstimateView | None,
    rows: list[dict[str, Any]],
    network: Network | None,
) -> list[Source]:
    """Where the map's numbers come from: the claims behind its figures (each country's latest
    claim, or the claims about the mapped countries that the estimate fitted), then those
    behind the scenario's routes and crossings."""
    used: dict[str, Claim] = {}
    for r in rows:
        c = ev.claim(str(r["claim"])) if r.get("claim") else None
        if c is not None:
            used.setdefault(str(c.id), c)
    if est is not None:
        shown = {r["destination"] for r in rows if r.get("basis") == "estimate"}
        for c in ev.usable:
            if c.destination in shown and (not est.fits or str(c.id) in est.fits):
                used.setdefault(str(c.id), c)
    found = ev.sources_of(list(used.values()))
    for ref in network.cited if network else ():
        claim = ev.claim(ref)
        if claim is not None:
            more = ev.sources_of([claim])
        else:
            more = [ev.sources[ref]] if ref in ev.sources else []
        found += [s for s in more if s.id not in {f.id for f in found}]
    return found


def build_map(
    ev: Evidence,
    est: EstimateView | None,
    links: Links,
    date: dt.date | None = None,
    kind: str = "stock",
    network: Network | None = None,
) -> MapView:
    """`network`: the case's scenario as a map (emigre.web.network.for_case), whose routes and
    crossings are drawn; without one, straight lines run from the origin to each country."""
    case = ev.case
    kind = parse_kind(kind)
    last = max(d for d in (ev.newest_claim_end, est.as_of if est else None, case.start) if d)
    dates = month_ends(case.start, last)
    if date is not None:
        if date < case.start:
            raise bad_request(f"date {date} is before the case starts ({case.start})", "date")
        if date not in dates:
            dates = sorted({*dates, date})
    chosen = date or dates[-1]
    rows = frames(ev, est, kind, dates, links)
    origin_pos = POPULATION_CENTRES.get(case.origin) or position(case.origin) or (0.0, 0.0)
    origin = {
        "lon": origin_pos[0],
        "lat": origin_pos[1],
        "label": country_name(case.origin),
        "iso3": case.origin,
    }
    with_data = {r["destination"] for r in rows}
    known = []
    for c in pycountry.countries:
        known.append(
            {
                "num": c.numeric,
                "iso3": c.alpha_3,
                "name": country_name(c.alpha_3),
                "href": links.country(case.id, c.alpha_3),
                "has_data": c.alpha_3 in with_data,
            }
        )
    coords = [[origin["lon"], origin["lat"]]] + [
        [r["lon"], r["lat"]] for r in rows if r["lon"] is not None
    ]
    coords += [[p["lon"], p["lat"]] for p in network.places] if network else []
    lons = [p[0] for p in coords]
    lats = [p[1] for p in coords]
    west, east = min(lons) - 12, max(lons) + 12
    south, north = max(-80, min(lats) - 10), min(85, max(lats) + 8)
    # All four corners: on the Equal Earth projection a parallel is wider nearer the equator,
    # so two opposite corners alone can leave a low-latitude place outside the frame.
    box = [[west, south], [east, south], [west, north], [east, north]]
    fit = {
        "type": "Feature",
        "geometry": {"type": "MultiPoint", "coordinates": box},
        "properties": {},
    }
    label, _ = KINDS[kind]
    sources = _sources(ev, est, rows, network)
    method = (
        "Estimate: emigre's measurement model (see Method)."
        if est
        else "Latest claim per country by the chosen date; no estimate yet."
    )
    if network is not None:
        method += " Routes and crossings: the case's simulation scenario."
    title = f"{label} by destination"
    spec = charts.map_spec(
        title,
        charts.footer(sources, method),
        world_data(links.offline),
        rows,
        known,
        origin,
        chosen.isoformat(),
        fit,
        label,
        network.routes if network else None,
        network.places if network else None,
        sorted(network.countries) if network else None,
    )
    on_date = [r for r in rows if r["date"] == chosen.isoformat()]
    on_date.sort(key=lambda r: -(r["value"] or 0))
    table = Table(
        "destinations",
        f"{label}, by destination, on the chosen date",
        [
            ("date", "Date"),
            ("destination", "Code"),
            ("name", "Country"),
            ("value", "Value"),
            ("low", "Low"),
            ("high", "High"),
            ("basis", "From"),
            ("text", "As reported"),
        ],
        on_date,
    )
    all_frames = Table(
        "frames",
        f"{label}, by destination and date",
        table.columns,
        rows,
    )
    tables = [table, all_frames]
    if network is not None:
        tables += [
            Table(
                "routes",
                "Routes of the case's simulation scenario",
                [
                    ("from", "From"),
                    ("to", "To"),
                    ("route", "Mode"),
                    ("km", "km"),
                    ("per_day", "People a day, at most"),
                    ("closed_from", "Closed from"),
                    ("closed_to", "Reopened"),
                    ("policy", "Policy"),
                    ("source", "Where the numbers come from"),
                ],
                network.routes,
            ),
            Table(
                "places",
                "Places of the case's simulation scenario",
                [
                    ("name", "Place"),
                    ("kind", "Kind"),
                    ("country", "Country"),
                    ("lat", "Latitude"),
                    ("lon", "Longitude"),
                    ("source", "Where the numbers come from"),
                ],
                network.places,
            ),
        ]
    note = (
        None
        if est
        else (
            "No estimate yet: each symbol is the latest claim for that country by the chosen date, "
            "as the source put it. Claims differ in what they count (entries, registrations, "
            "residents), so symbols are not strictly comparable."
        )
    )
    figure = Figure(
        id="map",
        title=title,
        spec=spec,
        tables=tables,
        sources=sources,
        method=method,
        note=note,
        api=data_links(links, f"cases/{case.id}/map", date=chosen.isoformat(), measure=kind),
    )
    return MapView(
        figure=figure,
        dates=[d.isoformat() for d in dates],
        date=chosen.isoformat(),
        kind=kind,
        rows=on_date,
        routes=network is not None,
    )


def check_country(code: str) -> str:
    c = pycountry.countries.get(alpha_3=code.upper()) if len(code) == 3 else None
    if c is None:
        raise not_found(f"'{code}' is not an ISO 3166-1 alpha-3 country code (e.g. GEO)")
    return c.alpha_3


@dataclass
class CountryView:
    code: str
    name: str
    claims: list[Claim]
    policies: list[Policy]
    events: list[Event]
    estimate: PlaceEstimate | None
    arrivals: DatedBand | None
    stock: DatedBand | None
    figure: Figure | None
    policy_figure: Figure | None
    off_chart: list[tuple[Claim, str]]
    """The country's claims its chart does not draw, with the reason."""
    mostly_prior: str | None
    """The bounds its estimate rests on, when it rests on bounds alone ('at least 3,000
    (pregnant women)'), else None."""


def build_country(ev: Evidence, est: EstimateView | None, links: Links, code: str) -> CountryView:
    code = check_country(code)
    case = ev.case
    claims = [c for c in ev.claims if c.destination == code]
    claims.sort(key=lambda c: (c.end or dt.date.min, str(c.id)))
    policies = [p for p in ev.policies if code in members(p.country)]
    events = [e for e in ev.events if code in members(e.country)]
    place = est.place(code) if est else None
    name = country_name(code)
    placed = placement.place_country(ev, est, links, claims, place)
    pts = placed.points
    drawn = [ev.claim(str(r["id"])) for r in pts + placed.periods]
    usable = [c for c in drawn if c is not None]
    series: list[dict[str, Any]] = []
    if place is not None:
        for kind, seq in (("arrivals", place.arrivals), ("stock", place.stock)):
            series += [
                {"kind": kind, "date": b.date.isoformat(), **b.model_dump(exclude={"date"})}
                for b in seq
            ]
    figure = None
    if pts or placed.periods or series:
        method = (
            "Estimate: emigre's measurement model (see Method)."
            if place
            else "Claims as reported; no estimate yet."
        )
        sources = ev.sources_of(usable)
        spec = charts.country_spec(
            f"{name}: claims over time",
            charts.footer(sources, method),
            pts,
            series,
            placed.periods,
            placement.domain(pts + placed.periods, series),
        )
        tables = [
            Table(
                "claims",
                f"Claims about {name} on the chart",
                [*MARKER_COLUMNS, *FIT_COLUMNS, ("sources", "Sources")],
                pts + placed.periods,
            )
        ]
        if series:
            tables.append(
                Table(
                    "estimate",
                    f"Estimated arrivals and stock in {name}",
                    [("kind", "Quantity"), *BAND_COLUMNS],
                    series,
                )
            )
        figure = Figure(
            id=f"country-{code}",
            title=f"{name}: claims over time",
            spec=spec,
            tables=tables,
            sources=sources,
            method=method,
            note=(
                "Each claim counts what its source counted: entries at a border count "
                "crossings, not people, so the estimate gives each kind of count its own "
                "bias, and a claim can stand off the line yet agree with it (see 'Against "
                "the estimate' below). Dashed segments are flows over part of the time, "
                "drawn up from the estimated arrivals at their start."
                if place
                else None
            ),
            api=data_links(links, f"cases/{case.id}/countries/{code}"),
        )
    policy_figure = None
    if policies:
        today = max(d for d in (ev.newest_claim_end, case.start) if d)
        bars = []
        for p in policies:
            end = p.effective_to or max(today, p.effective_from + dt.timedelta(days=30))
            bars.append(
                {
                    "id": p.id,
                    "label": f"{p.country}: {p.measure.replace('_', ' ')}"
                    + (f" ({p.days} days)" if p.days else ""),
                    "measure": p.measure,
                    "start": p.effective_from.isoformat(),
                    "end": end.isoformat(),
                    "period": f"{p.effective_from} → {p.effective_to or 'still in force'}",
                    "description": p.description,
                }
            )
        sources = ev.sources_of(policies)
        policy_figure = Figure(
            id=f"policies-{code}",
            title=f"Rules for citizens of {country_name(case.origin)} in {name}",
            spec=charts.policy_spec(
                f"Rules for citizens of {country_name(case.origin)} in {name}",
                charts.footer(sources, "Policies as the sources state them."),
                bars,
            ),
            tables=[
                Table(
                    "policies",
                    "Policies",
                    [
                        ("id", "Policy"),
                        ("label", "Rule"),
                        ("start", "From"),
                        ("period", "In force"),
                        ("description", "What it does"),
                    ],
                    bars,
                )
            ],
            sources=sources,
            method="Policies as the sources state them.",
        )
    return CountryView(
        code=code,
        name=name,
        claims=claims,
        policies=policies,
        events=events,
        estimate=place,
        arrivals=place.arrivals[-1] if place and place.arrivals else None,
        stock=place.stock[-1] if place and place.stock else None,
        figure=figure,
        policy_figure=policy_figure,
        off_chart=placed.off,
        mostly_prior=placement.mostly_prior(claims) if place is not None else None,
    )
