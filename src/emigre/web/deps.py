"""What routes share: the store, the case a request is about, and its evidence."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from emigre.store import Store, repo
from emigre.web import estimates
from emigre.web.auth import client_of
from emigre.web.config import WebConfig
from emigre.web.errors import bad_request
from emigre.web.estimates import EstimateView


def get_store(request: Request) -> Store:
    return request.app.state.store


def get_config(request: Request) -> WebConfig:
    return request.app.state.config


def get_session(store: Annotated[Store, Depends(get_store)]) -> Iterator[Session]:
    """One transaction per request: a read sees one consistent state of the store."""
    with store.session() as s:
        yield s


def get_client(request: Request) -> str | None:
    """The request's client for the limits of expensive work (None: it has the token)."""
    return client_of(request.scope, request.app.state.config.token)


def get_estimates(request: Request) -> Callable[..., EstimateView | None]:
    """estimate(case_id, as_of=None, wait=True): the case's estimate, kept while the store is
    unchanged; a missing one is computed in the queue of expensive work (web.work)."""
    store, version = request.app.state.store, request.app.state.version
    choice = request.app.state.config.estimates
    client = get_client(request)

    def estimate(
        case_id: str, as_of: dt.date | None = None, wait: bool = True
    ) -> EstimateView | None:
        return estimates.estimate_for(store, case_id, as_of, version, choice, client, wait)

    return estimate


SessionDep = Annotated[Session, Depends(get_session)]
EstimatesDep = Annotated[Callable[..., EstimateView | None], Depends(get_estimates)]
StoreDep = Annotated[Store, Depends(get_store)]
ConfigDep = Annotated[WebConfig, Depends(get_config)]
ClientDep = Annotated[str | None, Depends(get_client)]


def resolve_case(s: Session, case: str | None) -> str:
    """The case a request means: the one named, or the only one in the store."""
    if case:
        return repo.get_case(s, case).id
    cases = repo.list_cases(s)
    if len(cases) == 1:
        return cases[0].id
    known = ", ".join(c.id for c in cases) or "none loaded yet"
    raise bad_request(f"say which case with ?case=ID (cases: {known})", "case")
