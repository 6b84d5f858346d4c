"""The dashboard's pages, rendered on the server; each view's state lives in its URL."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from emigre.errors import InputError
from emigre.model import ClaimQuery
from emigre.model.vocab import (
    CLAIM_FLAGS,
    EVENT_KINDS,
    MEASURES,
    POLICY_MEASURES,
    QUALIFIERS,
    REVIEW_STATES,
    SOURCE_KINDS,
)
from emigre.store import repo
from emigre.web import estimates, network, runs
from emigre.web.deps import ClientDep, EstimatesDep, SessionDep
from emigre.web.errors import WebError, not_found
from emigre.web.params import claim_filters, parse_date
from emigre.web.render import doc_html, env_globals, method_html
from emigre.web.views import chronicle, geo, overview, scenarios, sources, timeline
from emigre.web.views.evidence import read_evidence
from emigre.web.views.links import ServerLinks
from emigre.web.views.text import country_name
from emigre.web.work import HEAVY

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=HERE / "templates")
templates.env.globals.update(env_globals())
router = APIRouter(include_in_schema=False)
LINKS = ServerLinks()
PAGE_SIZE = 50
SOURCES_PAGE = 25
"""Sources a page: a phone scrolls through a few screens, not sixteen thousand pixels."""


def page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    config = request.app.state.config
    context.setdefault("links", LINKS)
    return templates.TemplateResponse(
        request,
        name,
        {
            "writable": config.writable,
            "estimate_note": estimates.status(config.estimates),
            **context,
        },
        status_code=status,
    )


def render_error(request: Request, status: int, message: str) -> Response:
    return page(request, "error.html", status=status, status_code=status, message=message)


@router.get("/favicon.ico")
def favicon() -> FileResponse:
    return FileResponse(HERE / "static" / "favicon.svg", media_type="image/svg+xml")


@router.get("/")
def home(s: SessionDep) -> Response:
    cases = repo.list_cases(s)
    if len(cases) == 1:
        return RedirectResponse(LINKS.page(cases[0].id), status_code=302)
    return RedirectResponse("/cases", status_code=302)


@router.get("/cases")
def cases_page(request: Request, s: SessionDep) -> HTMLResponse:
    return page(request, "cases.html", cases=repo.list_cases(s), nav=None)


def only_case(s: Any) -> Any:
    """The store's case when it holds just one: the documents then keep its navigation."""
    cases = repo.list_cases(s)
    return cases[0] if len(cases) == 1 else None


@router.get("/method")
def method_page(request: Request, s: SessionDep) -> HTMLResponse:
    return page(
        request, "method.html", body=method_html(), nav="method", doc="method", case=only_case(s)
    )


@router.get("/method/{name}")
def doc_page(request: Request, name: str, s: SessionDep) -> HTMLResponse:
    """The project's other documents, e.g. /method/simulation for docs/simulation.md."""
    body = doc_html(name)
    if body is None:
        raise not_found(f"no document '{name}' in this installation")
    return page(request, "method.html", body=body, nav="method", doc=name, case=only_case(s))


SITE_NAV = (
    '<nav class="site-bar" aria-label="Site" style="font: 15px system-ui, sans-serif; '
    'padding: .6rem 1rem; border-bottom: 1px solid #d9d9de; background: #f6f7f9">'
    '<a href="/" style="font-weight: 700; margin-right: 1rem">emigre</a> '
    '<a href="/cases">Cases</a> · <a href="/method">Method</a> · '
    '<a href="/method/glossary">Glossary</a> · <strong>API</strong></nav>'
)


def with_site_nav(response: HTMLResponse) -> HTMLResponse:
    """The API's documentation page (Swagger UI) with the site's way back to the pages."""
    html = bytes(response.body).decode().replace("<body>", "<body>" + SITE_NAV, 1)
    return HTMLResponse(html, status_code=response.status_code)


@router.get("/cases/{case_id}")
def overview_page(
    request: Request, case_id: str, s: SessionDep, est_of: EstimatesDep
) -> HTMLResponse:
    ev = read_evidence(s, case_id)
    est = est_of(case_id)
    return page(
        request,
        "overview.html",
        ev=ev,
        case=ev.case,
        cards=overview.cards(ev, est, LINKS),
        method=overview.METHOD_SUMMARY,
        est=est,
        nav="overview",
    )


@router.get("/cases/{case_id}/timeline")
def timeline_page(
    request: Request,
    case_id: str,
    s: SessionDep,
    est_of: EstimatesDep,
    wave: Annotated[str | None, Query()] = None,
) -> HTMLResponse:
    ev = read_evidence(s, case_id)
    est = est_of(case_id)
    view = timeline.build(ev, est, LINKS, wave or None)
    return page(request, "timeline.html", ev=ev, case=ev.case, view=view, nav="timeline")


@router.get("/cases/{case_id}/map")
def map_page(
    request: Request,
    case_id: str,
    s: SessionDep,
    est_of: EstimatesDep,
    date: Annotated[str | None, Query()] = None,
    measure: Annotated[str, Query()] = "stock",
) -> HTMLResponse:
    ev = read_evidence(s, case_id)
    est = est_of(case_id)
    view = geo.build_map(
        ev, est, LINKS, parse_date(date, "date"), measure, network.for_case(case_id)
    )
    return page(request, "map.html", ev=ev, case=ev.case, view=view, nav="map")


@router.get("/cases/{case_id}/countries/{code}")
def country_page(
    request: Request, case_id: str, code: str, s: SessionDep, est_of: EstimatesDep
) -> HTMLResponse:
    ev = read_evidence(s, case_id)
    est = est_of(case_id)
    view = geo.build_country(ev, est, LINKS, code)
    return page(request, "country.html", ev=ev, case=ev.case, view=view, est=est, nav="map")


def _filter_choices(destinations: list[str]) -> dict[str, list[tuple[str, str]]]:
    return {
        "destination": [(d, f"{country_name(d)} ({d})") for d in sorted(destinations)],
        "measure": [(m, m) for m in MEASURES],
        "qualifier": [(q, q.replace("_", " ")) for q in QUALIFIERS],
        "state": [(x, x) for x in REVIEW_STATES],
        "flag": [(f, f.replace("_", " ")) for f in CLAIM_FLAGS],
        "source_kind": [(k, k) for k in SOURCE_KINDS],
    }


@router.get("/cases/{case_id}/evidence")
def evidence_page(
    request: Request,
    case_id: str,
    s: SessionDep,
    est_of: EstimatesDep,
    query: Annotated[ClaimQuery, Depends(claim_filters)],
    page_no: Annotated[int, Query(alias="page", ge=1)] = 1,
) -> HTMLResponse:
    ev = read_evidence(s, case_id)
    q = query.model_copy(
        update={"case": case_id, "limit": PAGE_SIZE, "offset": (page_no - 1) * PAGE_SIZE}
    )
    total = repo.count_claims(s, q)
    claims = repo.list_claims(s, q)
    est = est_of(case_id)
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "page"]
    pages = max(1, -(-total // PAGE_SIZE))
    expected = _expected(request, case_id, claims) if est else {}
    return page(
        request,
        "evidence.html",
        ev=ev,
        case=ev.case,
        claims=claims,
        total=total,
        query=query,
        params=params,
        page_no=page_no,
        pages=pages,
        choices=_filter_choices(ev.destinations()),
        fits=est.fits if est else {},
        expected=expected,
        nav="evidence",
    )


def _expected(request: Request, case_id: str, claims: list[Any]) -> dict[str, Any]:
    """For claims not yet reviewed, what the estimate expected them to state (80 %)."""
    from emigre.web.estimates import predictions_for

    todo = [c for c in claims if c.state == "extracted"]
    state = request.app.state
    try:
        preds = predictions_for(state.store, case_id, todo, state.version, state.config.estimates)
    except Exception:  # a claim the estimate cannot read: the page shows it without
        return {}
    return {c.id: p for c, p in zip(todo, preds or [], strict=False) if p.predicted}


@router.get("/cases/{case_id}/claims/{claim_id}")
def claim_page(
    request: Request, case_id: str, claim_id: str, s: SessionDep, est_of: EstimatesDep
) -> HTMLResponse:
    ev = read_evidence(s, case_id)
    claim = ev.claim(claim_id)
    if claim is None:
        raise not_found(f"no claim '{claim_id}' in case '{case_id}'")
    est = est_of(case_id)
    fit = est.fits.get(claim_id) if est else None
    return page(request, "claim.html", ev=ev, case=ev.case, claim=claim, fit=fit, nav="evidence")


@router.get("/cases/{case_id}/sources")
def sources_page(
    request: Request,
    case_id: str,
    s: SessionDep,
    kind: Annotated[str | None, Query(description="official, news, ngo, academic, wiki")] = None,
    q: Annotated[
        str | None, Query(max_length=200, description="Words in the title or publisher")
    ] = None,
    problems: Annotated[bool, Query(description="Only sources with a problem")] = False,
    page_no: Annotated[int, Query(alias="page", ge=1, le=10**6)] = 1,
) -> HTMLResponse:
    ev = read_evidence(s, case_id)
    entries = sources.entries(ev)
    chosen = sources.SourceFilter(kind=kind or None, q=(q or "").strip() or None, problems=problems)
    kept = [e for e in entries if chosen.keep(e)]
    pages = max(1, -(-len(kept) // SOURCES_PAGE))
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "page"]
    return page(
        request,
        "sources.html",
        ev=ev,
        case=ev.case,
        entries=kept[(page_no - 1) * SOURCES_PAGE : page_no * SOURCES_PAGE],
        matched=len(kept),
        first=(page_no - 1) * SOURCES_PAGE + 1,
        page_no=page_no,
        pages=pages,
        params=params,
        all_count=len(entries),
        kinds=sources.kinds(entries),
        chosen=chosen,
        broken=sources.broken(ev, entries),
        nav="sources",
    )


DateQ = Annotated[str | None, Query(max_length=10, description="YYYY-MM-DD")]
CountryQ = Annotated[str | None, Query(max_length=10, description="Alpha-3 code, EU or SCHENGEN")]


def _chosen(kind: str | None, country: str | None, since: str | None, until: str | None) -> Any:
    return chronicle.Chosen(
        kind=kind or None,
        country=(country or "").strip().upper() or None,
        since=parse_date(since, "since"),
        until=parse_date(until, "until"),
    )


@router.get("/cases/{case_id}/events")
def events_page(
    request: Request,
    case_id: str,
    s: SessionDep,
    kind: Annotated[str | None, Query(max_length=40, description="law, mobilization, ...")] = None,
    country: CountryQ = None,
    since: DateQ = None,
    until: DateQ = None,
) -> HTMLResponse:
    ev = read_evidence(s, case_id)
    chosen = chronicle.check(_chosen(kind, country, since, until), EVENT_KINDS, "kind")
    return page(
        request,
        "events.html",
        ev=ev,
        case=ev.case,
        items=chronicle.events(ev.events, chosen),
        chosen=chosen,
        kinds=[k for k in EVENT_KINDS if any(e.kind == k for e in ev.events)],
        countries=chronicle.countries(ev.events),
        nav="events",
    )


@router.get("/cases/{case_id}/policies")
def policies_page(
    request: Request,
    case_id: str,
    s: SessionDep,
    measure: Annotated[
        str | None, Query(max_length=40, description="visa_free, entry_banned, ...")
    ] = None,
    country: CountryQ = None,
    since: DateQ = None,
    until: DateQ = None,
) -> HTMLResponse:
    ev = read_evidence(s, case_id)
    chosen = chronicle.check(_chosen(measure, country, since, until), POLICY_MEASURES, "measure")
    return page(
        request,
        "policies.html",
        ev=ev,
        case=ev.case,
        items=chronicle.policies(ev.policies, chosen),
        chosen=chosen,
        kinds=[k for k in POLICY_MEASURES if any(p.measure == k for p in ev.policies)],
        countries=chronicle.countries(ev.policies),
        nav="policies",
    )


@router.get("/cases/{case_id}/scenarios")
def scenarios_page(
    request: Request,
    case_id: str,
    s: SessionDep,
    est_of: EstimatesDep,
    client: ClientDep,
    what_if: Annotated[list[str] | None, Query()] = None,
    runs_n: Annotated[int, Query(alias="runs", ge=1, le=runs.MAX_RUNS)] = 5,
    seed: Annotated[int, Query(ge=0)] = 0,
) -> HTMLResponse:
    ev = read_evidence(s, case_id)
    typed = [v for v in (what_if or []) if v and v.strip()]
    whatif_error: str | None = None
    try:
        whatifs = runs.clean_whatifs(what_if or [])
    except WebError as exc:
        whatifs, whatif_error = [], exc.message
    view = None
    if runs.has_scenario(case_id):
        with HEAVY.admit(client):  # bounded, before it holds anything (web.work)
            est = est_of(case_id)
            config = request.app.state.config
            driver, why_not = None, estimates.status(config.estimates) or ""
            if est is not None:  # the estimate is ready: it drives the runs
                driver, why_not = estimates.simulation_driver(
                    request.app.state.store,
                    case_id,
                    runs_n > 1,
                    request.app.state.version,
                    config.estimates,
                )
            try:
                run = runs.compare(case_id, whatifs, runs_n, seed, driver, why_not, client)
            except InputError as exc:  # a typo in the what-if: say so beside the form
                whatifs, whatif_error = [], exc.message
                run = runs.compare(case_id, [], runs_n, seed, driver, why_not, client)
            bands = {}
            if est is not None:  # the estimate is ready: set it beside the runs
                names = [
                    f"arrivals:{r['country']}@{run.end}"
                    for r in run.totals
                    if r["country"] and est.place(r["country"]) is not None
                ]
                bands = estimates.figure_bands(
                    request.app.state.store,
                    case_id,
                    names,
                    request.app.state.version,
                    config.estimates,
                )
            view = scenarios.build(ev, run, LINKS, bands)
    return page(
        request,
        "scenarios.html",
        ev=ev,
        case=ev.case,
        view=view,
        available=runs.available(),
        note=runs.NOTE,
        examples=runs.EXAMPLES,
        whatifs=whatifs,
        typed=typed,
        whatif_error=whatif_error,
        runs_n=runs_n,
        seed=seed,
        max_runs=runs.MAX_RUNS,
        nav="scenarios",
        status=400 if whatif_error else 200,
    )
