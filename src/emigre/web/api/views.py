"""Cases and the data behind each page: overview, timeline, map and country, in JSON or CSV."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from emigre.model import EVENT_COLUMNS, POLICY_COLUMNS, Case
from emigre.store import repo
from emigre.web import estimates, network
from emigre.web.api.claims import claim_dict
from emigre.web.api.common import Format, csv_response, json_response
from emigre.web.deps import ConfigDep, EstimatesDep, SessionDep
from emigre.web.errors import bad_request
from emigre.web.params import parse_date
from emigre.web.views import geo, overview, timeline
from emigre.web.views.evidence import Evidence, read_evidence
from emigre.web.views.figure import Figure
from emigre.web.views.links import ServerLinks
from emigre.web.views.text import fit_text

router = APIRouter(tags=["cases and pages"])
LINKS = ServerLinks()


class CaseOut(Case):
    claims: int
    sources: int
    events: int
    policies: int
    newest_source: dt.date | None
    newest_claim_end: dt.date | None


def case_summary(ev: Evidence) -> dict[str, Any]:
    return ev.case.model_dump(mode="json") | {
        "claims": len(ev.claims),
        "sources": len(ev.sources),
        "events": len(ev.events),
        "policies": len(ev.policies),
        "newest_source": ev.newest_source.isoformat() if ev.newest_source else None,
        "newest_claim_end": ev.newest_claim_end.isoformat() if ev.newest_claim_end else None,
    }


def figure_json(fig: Figure) -> dict[str, Any]:
    return {
        "id": fig.id,
        "title": fig.title,
        "method": fig.method,
        "note": fig.note,
        "sources": [s.model_dump(mode="json") for s in fig.sources],
        "tables": {t.name: t.records() for t in fig.tables},
        "vega_lite": fig.spec,
    }


def figure_csv(fig: Figure, table: str | None) -> Response:
    names = [t.name for t in fig.tables]
    chosen = next((t for t in fig.tables if t.name == (table or names[0])), None)
    if chosen is None:
        raise bad_request(f"no table '{table}' here: expected one of {', '.join(names)}", "table")
    return csv_response(chosen.records(), [k for k, _ in chosen.columns], f"{fig.id}-{chosen.name}")


TableQ = Annotated[str | None, Query(description="Which table for CSV (default: the first)")]


@router.get("/cases", response_model=list[CaseOut], summary="List the cases in the store")
def list_cases(s: SessionDep) -> Response:
    return json_response([case_summary(read_evidence(s, c.id)) for c in repo.list_cases(s)])


@router.get("/cases/{case_id}", response_model=CaseOut, summary="One case")
def get_case(case_id: str, s: SessionDep) -> Response:
    return json_response(case_summary(read_evidence(s, case_id)))


def _band_fields(band: Any) -> dict[str, Any]:
    """A card's interval as CSV columns (a pydantic model, or nothing without an estimate)."""
    if band is None:
        return {}
    return band.model_dump(mode="json") if hasattr(band, "model_dump") else dict(band)


@router.get("/cases/{case_id}/overview", summary="The overview page's figures")
def get_overview(
    case_id: str, s: SessionDep, est_of: EstimatesDep, config: ConfigDep, format: Format = "json"
) -> Response:
    ev = read_evidence(s, case_id)
    est = est_of(case_id)
    cards = [
        dataclasses.asdict(c) | {"band": _band_fields(c.band) or None}
        for c in overview.cards(ev, est, LINKS)
    ]
    if format == "csv":
        rows = [c | (c.pop("band") or {}) for c in cards]
        cols = [
            "id",
            "title",
            "basis",
            "headline",
            "median",
            "low80",
            "high80",
            "low95",
            "high95",
            "as_of",
            "n_claims",
            "detail",
            "definition",
        ]
        return csv_response(rows, cols, "overview")
    return json_response(
        {
            "case": case_summary(ev),
            "cards": cards,
            "method": overview.METHOD_SUMMARY,
            "readings": [r.model_dump(mode="json") for r in est.readings] if est else [],
            "estimate_note": None if est else estimates.status(config.estimates),
        }
    )


@router.get("/cases/{case_id}/timeline", summary="The timeline's series, claims and events")
def get_timeline(
    case_id: str,
    s: SessionDep,
    est_of: EstimatesDep,
    wave: Annotated[str | None, Query(description="Zoom to this wave id")] = None,
    format: Format = "json",
    table: TableQ = None,
) -> Response:
    ev = read_evidence(s, case_id)
    est = est_of(case_id)
    view = timeline.build(ev, est, LINKS, wave or None)
    if format == "csv":
        return figure_csv(view.figure, table)
    out = figure_json(view.figure) | {
        "off_chart": [claim_dict(c) | {"reason": why} for c, why in view.off_chart],
        "waves": view.waves,
    }
    return json_response(out)


@router.get("/cases/{case_id}/map", summary="The map's figures by destination on a date")
def get_map(
    case_id: str,
    s: SessionDep,
    est_of: EstimatesDep,
    date: Annotated[str | None, Query(description="YYYY-MM-DD (default: the latest)")] = None,
    measure: Annotated[
        Literal["stock", "arrivals"], Query(description="stock (people present) or arrivals")
    ] = "stock",
    format: Format = "json",
    table: TableQ = None,
) -> Response:
    ev = read_evidence(s, case_id)
    est = est_of(case_id)
    view = geo.build_map(
        ev, est, LINKS, parse_date(date, "date"), measure, network.for_case(case_id)
    )
    if format == "csv":
        return figure_csv(view.figure, table)
    out = figure_json(view.figure)
    out.pop("vega_lite")
    out |= {"date": view.date, "dates": view.dates, "measure": view.kind}
    return json_response(out)


@router.get("/cases/{case_id}/countries/{code}", summary="One destination: claims, rules, events")
def get_country(
    case_id: str,
    code: str,
    s: SessionDep,
    est_of: EstimatesDep,
    format: Format = "json",
    table: Annotated[
        str | None, Query(description="claims, policies, events or estimate (CSV)")
    ] = None,
) -> Response:
    ev = read_evidence(s, case_id)
    est = est_of(case_id)
    view = geo.build_country(ev, est, LINKS, code)
    not_drawn = {str(c.id): why for c, why in view.off_chart}

    def claim_row(c: Any) -> dict[str, Any]:
        fit = est.fits.get(str(c.id)) if est else None
        return claim_dict(c) | {
            "fit": fit.fit if fit else None,
            "fit_text": fit_text(fit.fit) if fit else "not fitted",
            "contradicted": bool(fit and fit.contradicted),
            "not_drawn": not_drawn.get(str(c.id)),
        }

    tables: dict[str, tuple[list[dict[str, Any]], list[str]]] = {
        "claims": (
            [claim_row(c) for c in view.claims],
            [
                "id",
                "number",
                "measure",
                "start",
                "end",
                "group",
                "state",
                "flags",
                "fit_text",
                "contradicted",
                "not_drawn",
                "source_ids",
            ],
        ),
        "policies": (
            [p.model_dump(mode="json") for p in view.policies],
            [c for c in POLICY_COLUMNS if c != "nationality"],
        ),
        "events": (
            [e.model_dump(mode="json") for e in view.events],
            [c for c in EVENT_COLUMNS if c != "end"],
        ),
    }
    if view.estimate is not None:
        est_rows = [
            {"kind": kind, **b.model_dump(mode="json")}
            for kind, seq in (("arrivals", view.estimate.arrivals), ("stock", view.estimate.stock))
            for b in seq
        ]
        tables["estimate"] = (
            est_rows,
            ["kind", "date", "median", "low80", "high80", "low95", "high95"],
        )
    if format == "csv":
        name = table or "claims"
        if name not in tables:
            raise bad_request(
                f"no table '{name}' here: expected one of {', '.join(tables)}", "table"
            )
        rows, cols = tables[name]
        return csv_response(rows, cols, f"{view.code}-{name}")
    return json_response(
        {
            "code": view.code,
            "name": view.name,
            "estimate": view.estimate.model_dump(mode="json") if view.estimate else None,
            **{k: rows for k, (rows, _) in tables.items()},
        }
    )
