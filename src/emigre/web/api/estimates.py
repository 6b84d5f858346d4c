"""Estimates and simulation runs, when the packages that make them are installed."""

from __future__ import annotations

import importlib.util
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response

from emigre.web import estimates
from emigre.web.api.common import Format, csv_response, json_response
from emigre.web.deps import SessionDep, StoreDep, resolve_case
from emigre.web.errors import WebError, bad_request
from emigre.web.params import parse_date

router = APIRouter(tags=["estimates and runs"])

SIMULATION_NOTE = (
    "Simulation runs are not available in this build: the simulation package "
    "(emigre.simulate) is not installed yet."
)

BAND = ["median", "low80", "high80", "low95", "high95"]


@router.get(
    "/estimates",
    summary="The case's estimates",
    description="Departures over time, arrivals and stock by destination, remaining abroad, "
    "and each claim's fit, each with median and 80 %/95 % intervals. "
    "`available` is false, with a note, where this build has no estimation package.",
)
def get_estimates(
    s: SessionDep,
    store: StoreDep,
    case: Annotated[str | None, Query(description="Case id")] = None,
    as_of: Annotated[str | None, Query(description="YYYY-MM-DD (default: latest)")] = None,
    format: Format = "json",
    table: Annotated[
        str | None, Query(description="departures, destinations or claims (CSV)")
    ] = None,
) -> Response:
    case_id = resolve_case(s, case)
    when = parse_date(as_of, "as_of")
    note = estimates.status()
    est = estimates.estimate_for(store, case_id, when)
    if est is None:
        if format == "csv":
            raise WebError(503, note or "no estimate for this case")
        return json_response({"case": case_id, "available": False, "note": note})
    if format == "csv":
        name = table or "departures"
        rows: list[dict[str, Any]]
        if name == "departures":
            rows, cols = [b.model_dump(mode="json") for b in est.departures], ["date", *BAND]
        elif name == "destinations":
            rows = [
                {"destination": p.destination, "kind": kind, **b.model_dump(mode="json")}
                for p in est.destinations
                for kind, seq in (("arrivals", p.arrivals), ("stock", p.stock))
                for b in seq
            ]
            cols = ["destination", "kind", "date", *BAND]
        elif name == "claims":
            rows = [f.model_dump(mode="json") for f in est.fits.values()]
            cols = ["claim_id", "fit", "contradicted", "conflicts_with"]
        else:
            raise bad_request(
                f"no table '{name}': expected departures, destinations or claims", "table"
            )
        return csv_response(rows, cols, f"estimates-{name}")
    return json_response({"available": True, **est.model_dump(mode="json")})


def simulation_available() -> bool:
    return importlib.util.find_spec("emigre.simulate") is not None


@router.get("/runs", summary="Simulation runs of a case")
def list_runs(
    s: SessionDep, case: Annotated[str | None, Query(description="Case id")] = None
) -> Response:
    case_id = resolve_case(s, case)
    if not simulation_available():
        return json_response(
            {"case": case_id, "available": False, "note": SIMULATION_NOTE, "runs": []}
        )
    return json_response({"case": case_id, "available": True, "runs": []})


@router.post(
    "/runs",
    summary="Start a what-if run (needs the write token)",
    status_code=202,
)
def start_run(s: SessionDep) -> Response:
    if not simulation_available():
        raise WebError(503, SIMULATION_NOTE)
    raise WebError(503, "what-if runs from the dashboard are not wired up yet")
