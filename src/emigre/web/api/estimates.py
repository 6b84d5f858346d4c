"""Estimates and simulation runs, when the packages that make them are installed."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from emigre.store import repo
from emigre.web import estimates
from emigre.web import runs as runs_mod
from emigre.web.api.common import Format, csv_response, json_response
from emigre.web.deps import (
    ClientDep,
    ConfigDep,
    EstimatesDep,
    SessionDep,
    StoreDep,
    resolve_case,
)
from emigre.web.errors import WebError, bad_request
from emigre.web.params import parse_date
from emigre.web.work import HEAVY, RETRY_AFTER

router = APIRouter(tags=["estimates and runs"])

BAND = ["median", "low80", "high80", "low95", "high95"]


def queued(case_id: str, when: Any, position: int) -> Response:
    """202: the estimate is in the queue; ask again (Retry-After) for the answer."""
    ahead = "being computed now" if position == 0 else f"{position} ahead of it in the queue"
    body = {
        "case": case_id,
        "as_of": str(when),
        "available": False,
        "status": "queued",
        "position": position,
        "note": f"the estimate at {when} is queued ({ahead}): ask again in a little while",
    }
    response = json_response(body, 202)
    response.headers["Retry-After"] = str(RETRY_AFTER)
    return response


@router.get(
    "/estimates",
    summary="The case's estimates",
    description="Departures over time, arrivals and stock by destination, remaining abroad, "
    "and each claim's fit, each with median and 80 %/95 % intervals. "
    "`available` is false, with a note, where this build has no estimation package.",
)
def get_estimates(
    request: Request,
    s: SessionDep,
    est_of: EstimatesDep,
    config: ConfigDep,
    case: Annotated[str | None, Query(description="Case id")] = None,
    as_of: Annotated[str | None, Query(description="YYYY-MM-DD (default: latest)")] = None,
    format: Format = "json",
    table: Annotated[
        str | None, Query(description="departures, destinations or claims (CSV)")
    ] = None,
) -> Response:
    case_id = resolve_case(s, case)
    when = parse_date(as_of, "as_of")
    start = repo.get_case(s, case_id).start
    if when is not None and start is not None and when < start:
        # An estimate ending before the emigration began is all zeros, not an answer.
        raise bad_request(f"as_of {when} is before the case starts ({start})", "as_of")
    if when is not None and start is not None:
        from emigre.estimate.posterior import MAX_WEEKS, Grid

        if Grid.between(start, when).T > MAX_WEEKS:
            raise bad_request(
                f"{start} to {when} is longer than the {MAX_WEEKS} weeks an estimate covers",
                "as_of",
            )
    note = estimates.status(config.estimates)
    if when is not None and estimates.available(config.estimates):
        # A date of the asker's choosing is a new estimate (half a minute of CPU): it is
        # queued, and the answer says where, rather than holding the request that long.
        key = estimates.estimate_key(case_id, when, request.app.state.version)
        if key is not None and not estimates.remembered(key)[0]:
            est_of(case_id, when, wait=False)
            position = HEAVY.position(key)
            if position is not None:
                return queued(case_id, when, position)
    est = est_of(case_id, when)
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
    # The estimation package's own record: every figure, each claim's fit, the diagnostics,
    # the assumptions and priors it was made with.
    return json_response({"available": True, **est.full})


MAX_PREDICT_BYTES = 256 * 1024
MAX_PREDICT_CLAIMS = 500


@router.post(
    "/estimates/predict",
    summary="What the estimate expects claims it was not given to state",
    description="Body: a JSON list of claims in the shared evaluation format (or "
    '`{"claims": [...]}`). Each gets the posterior predictive interval of the figure it '
    "measures, its measurement model included, from the case's cached estimate; nothing is "
    "fitted or stored, so no token is needed. 503 while the estimate is not computed.",
)
async def predict_claims(
    request: Request,
    s: SessionDep,
    store: StoreDep,
    config: ConfigDep,
    case: Annotated[str | None, Query(description="Case id")] = None,
) -> Response:
    case_id = resolve_case(s, case)
    rows = _predict_rows(await request.body())
    from emigre.errors import InputError
    from emigre.estimate.claimfile import parse_claim

    claims = []
    for j, raw in enumerate(rows):
        if not isinstance(raw, dict):
            raise bad_request("expected a claim object", f"claims[{j}]")
        try:
            fields = {k: v for k, v in raw.items() if k not in ("source", "doc_id")}
            claims.append(parse_claim(fields, "predict", "body", j + 1))
        except InputError as exc:
            raise bad_request(exc.message, f"claims[{j}].{exc.field or ''}".rstrip(".")) from exc
    preds = estimates.predictions_for(
        store, case_id, claims, request.app.state.version, config.estimates
    )
    if preds is None:
        note = estimates.status(config.estimates) or (
            "the case's estimate is not computed yet: open the overview or GET /api/estimates"
        )
        raise WebError(503, note)
    return json_response(
        {"case": case_id, "predictions": [p.model_dump(mode="json") for p in preds]}
    )


def _predict_rows(body: bytes) -> list[Any]:
    import json

    if len(body) > MAX_PREDICT_BYTES:
        raise bad_request(f"the body is larger than {MAX_PREDICT_BYTES // 1024} KiB", "body")
    try:
        data = json.loads(body or b"null")
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise bad_request(f"the body is not JSON: {exc}", "body") from exc
    if isinstance(data, dict) and "claims" in data:
        data = data["claims"]
    if not isinstance(data, list) or not data:
        raise bad_request("expected a non-empty JSON list of claims", "body")
    if len(data) > MAX_PREDICT_CLAIMS:
        raise bad_request(f"at most {MAX_PREDICT_CLAIMS} claims at once", "body")
    return data


@router.get(
    "/runs",
    summary="Simulation runs of a case's scenario, with what-if variants",
    description="Runs the case's built-in scenario (seeded, so the same question gives the "
    "same answer) and, with `what_if` (repeatable, e.g. `close GEO from 2022-09-25`, "
    "`open FIN`, `cap GEO 5000/day from 2022-09-21`, `visa-required GEO from 2022-09-25`), "
    "the variant with the same seeds: arrivals by destination (median and 90 % interval), "
    "the difference, arrivals per month, and what the scenario is calibrated to (the case's "
    "estimate, which also drives departures once it is ready, else the claims). "
    "`available` is false, with a note, where the simulation package or the case's scenario "
    "is missing.",
)
def list_runs(
    s: SessionDep,
    est_of: EstimatesDep,
    request: Request,
    client: ClientDep,
    case: Annotated[str | None, Query(description="Case id")] = None,
    what_if: Annotated[list[str] | None, Query(description="A what-if; repeat for several")] = None,
    runs: Annotated[int, Query(ge=1, le=runs_mod.MAX_RUNS, description="Runs (seeds)")] = 5,
    seed: Annotated[int, Query(ge=0, description="First seed")] = 0,
    format: Format = "json",
    table: Annotated[
        str | None, Query(description="totals, monthly, targets or routes (CSV)")
    ] = None,
) -> Response:
    whatifs = runs_mod.clean_whatifs(what_if or [])  # a bad what-if costs nothing
    with HEAVY.admit(client):  # a burst is refused before it holds the store's connections
        case_id = resolve_case(s, case)
        if not runs_mod.available() or not runs_mod.has_scenario(case_id):
            note = (
                runs_mod.NOTE
                if not runs_mod.available()
                else (f"case '{case_id}' has no built-in scenario to simulate")
            )
            if format == "csv":
                raise WebError(503, note)
            return json_response({"case": case_id, "available": False, "note": note})
        s.close()  # the rest reads the store on its own, or not at all: give the connection back
        config = request.app.state.config
        driver, why_not = None, estimates.status(config.estimates) or ""
        if est_of(case_id) is not None:  # the estimate is ready: it drives the runs
            driver, why_not = estimates.simulation_driver(
                request.app.state.store,
                case_id,
                runs > 1,
                request.app.state.version,
                config.estimates,
            )
        view = runs_mod.compare(case_id, whatifs, runs, seed, driver, why_not, client)
    if format == "csv":
        name = table or "totals"
        tables = {
            "totals": view.totals,
            "monthly": view.monthly,
            "targets": view.targets,
            "routes": view.routes,
        }
        if name not in tables:
            raise bad_request(f"no table '{name}': expected {', '.join(tables)}", "table")
        rows = tables[name]
        cols = list(rows[0]) if rows else []
        return csv_response(rows, cols, f"runs-{name}")
    return json_response({"available": True, **dataclasses.asdict(view), "label": view.label})
