"""Where a view links to: real URLs on the dashboard, anchors inside the one-file report."""

from __future__ import annotations

from typing import Any, Protocol
from urllib.parse import quote, urlencode


def _query(params: dict[str, Any]) -> str:
    pairs: list[tuple[str, str]] = []
    for k, v in params.items():
        if v is None or v == "" or v is False or v == []:
            continue
        if isinstance(v, list | tuple):
            pairs.extend((k, str(x)) for x in v)
        elif v is True:
            pairs.append((k, "1"))
        else:
            pairs.append((k, str(v)))
    return ("?" + urlencode(pairs)) if pairs else ""


class Links(Protocol):
    offline: bool

    def page(self, case_id: str, name: str = "", **params: Any) -> str: ...
    def claim(self, case_id: str, claim_id: str) -> str: ...
    def country(self, case_id: str, code: str, **params: Any) -> str: ...
    def source(self, case_id: str, source_id: str) -> str: ...
    def evidence(self, case_id: str, **filters: Any) -> str: ...
    def method(self) -> str: ...
    def api(self, path: str, **params: Any) -> str | None: ...


def data_links(links: Links, path: str, **params: Any) -> dict[str, str]:
    """A figure's data from the API as JSON and as CSV (empty where there is no API)."""
    return {
        "JSON": links.api(path, **params) or "",
        "CSV": links.api(path, **params, format="csv") or "",
    }


class ServerLinks:
    """Links between the dashboard's pages; every view state is in the URL."""

    offline = False

    def page(self, case_id: str, name: str = "", **params: Any) -> str:
        base = f"/cases/{quote(case_id)}" + (f"/{name}" if name else "")
        return base + _query(params)

    def claim(self, case_id: str, claim_id: str) -> str:
        return f"/cases/{quote(case_id)}/claims/{quote(claim_id)}"

    def country(self, case_id: str, code: str, **params: Any) -> str:
        return f"/cases/{quote(case_id)}/countries/{quote(code)}" + _query(params)

    def source(self, case_id: str, source_id: str) -> str:
        # the sources page comes a page at a time: find the source by its id
        return self.page(case_id, "sources", q=source_id) + f"#source-{quote(source_id)}"

    def evidence(self, case_id: str, **filters: Any) -> str:
        return self.page(case_id, "evidence", **filters)

    def method(self) -> str:
        return "/method"

    def api(self, path: str, **params: Any) -> str | None:
        return "/api/" + path.lstrip("/") + _query(params)


class ReportLinks:
    """Links inside the report: each page is a section, each claim and country an anchor."""

    offline = True

    def page(self, case_id: str, name: str = "", **params: Any) -> str:
        return f"#{name or 'overview'}"

    def claim(self, case_id: str, claim_id: str) -> str:
        return f"#claim-{claim_id}"

    def country(self, case_id: str, code: str, **params: Any) -> str:
        return f"#country-{code}"

    def source(self, case_id: str, source_id: str) -> str:
        return f"#source-{source_id}"

    def evidence(self, case_id: str, **filters: Any) -> str:
        return "#evidence"

    def method(self) -> str:
        return "#method"

    def api(self, path: str, **params: Any) -> str | None:
        return None
