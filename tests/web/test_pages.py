"""The pages as HTML: each renders, links carry the view's state, documents' text is escaped."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import TOKEN

PAGES = [
    "/cases/web-case",
    "/cases/web-case/timeline",
    "/cases/web-case/timeline?wave=late",
    "/cases/web-case/map",
    "/cases/web-case/map?date=2022-10-31&measure=arrivals",
    "/cases/web-case/countries/GEO",
    "/cases/web-case/evidence",
    "/cases/web-case/claims/t-part",
    "/cases/web-case/sources",
    "/cases/web-case/scenarios",
    "/cases",
    "/method",
]


@pytest.mark.parametrize("url", PAGES)
def test_page_renders_with_local_assets_only(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 200, r.text[:500]
    assert r.headers["content-type"].startswith("text/html")
    html = r.text
    for ref in re.findall(r'(?:src|href)="([^"]+)"', html):
        if ref.startswith(("http://", "https://", "//")):
            # Only links a person follows (sources) go elsewhere; nothing is loaded from there.
            assert not re.search(rf'<(script|link|img)[^>]+"{re.escape(ref)}"', html), ref
    for asset in re.findall(r'<script src="([^"]+)"', html):
        assert asset.startswith("/static/"), asset
        assert client.get(asset).status_code == 200


def test_home_goes_to_the_only_case(client: TestClient) -> None:
    r = client.get("/", follow_redirects=False)
    assert r.status_code == 302
    assert r.headers["location"] == "/cases/web-case"


def test_hostile_title_is_shown_as_text(client: TestClient) -> None:
    for url in (
        "/cases/web-case/sources",
        "/cases/web-case/evidence",
        "/cases/web-case/claims/t-part",
        "/cases/web-case/timeline",
    ):
        html = client.get(url).text
        assert "<script>window.__pwned" not in html, url
        assert "<img src=x" not in html, url
    html = client.get("/cases/web-case/sources").text
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;&lt;img src=x" in html


def test_evidence_filters_narrow_the_table(client: TestClient) -> None:
    def rows(url: str) -> list[str]:
        return re.findall(r'<tr id="claim-([^"]+)"', client.get(url).text)

    everything = rows("/cases/web-case/evidence")
    assert len(everything) == 15
    assert set(rows("/cases/web-case/evidence?destination=GEO")) == {"geo-entries", "geo-stock"}
    assert rows("/cases/web-case/evidence?q=Examples&measure=stock") == ["geo-stock"]
    sorted_rows = rows("/cases/web-case/evidence?total=1&measure=flow&sort=-value")
    assert sorted_rows[0] == "t-max"
    page = client.get("/cases/web-case/evidence?destination=GEO").text
    assert 'value="GEO" selected' in page
    # The page's data links keep the filters.
    assert "/api/claims?case=web-case&amp;destination=GEO" in page


def test_no_review_controls_without_a_token(client: TestClient) -> None:
    html = client.get("/cases/web-case/evidence").text
    assert "data-review" not in html
    assert "read-only" in html


def test_review_controls_with_a_token(writer: TestClient) -> None:
    html = writer.get("/cases/web-case/evidence").text
    assert 'data-review="accepted"' in html
    assert TOKEN not in html  # the page never carries the token itself


def test_bad_page_parameters_give_an_html_error(client: TestClient) -> None:
    r = client.get("/cases/web-case/evidence?destination=XYZ")
    assert r.status_code == 400
    assert "unknown country code" in r.text
    assert r.headers["content-type"].startswith("text/html")
    r = client.get("/cases/nope")
    assert r.status_code == 404
    assert "no case" in r.text
    r = client.get("/cases/web-case/map?date=<script>")
    assert r.status_code == 400
    assert "<script>" not in r.text


def test_country_page(client: TestClient) -> None:
    html = client.get("/cases/web-case/countries/FIN").text
    assert "<h1>Finland" in html
    assert "Finland closes to tourists" in html
    assert "entry banned" in html  # its policy chart
    assert "SCHENGEN: stay limit (90 days)" in html


def test_map_page_carries_its_date(client: TestClient) -> None:
    html = client.get("/cases/web-case/map?date=2022-10-31").text
    assert 'id="map-date-label" for="map-date">2022-10-31<' in html
    assert "/api/cases/web-case/map?date=2022-10-31" in html


def test_sources_page_lists_broken_citations(client: TestClient) -> None:
    html = client.get("/cases/web-case/sources").text
    broken = html.split('id="broken-h"')[1].split("</section>")[0]
    assert "sources?q=s4#source-s4" in broken
    assert "the reference gives no title" in broken


def test_documents_render_as_pages(client: TestClient) -> None:
    from emigre.web.render import DOCS

    title = (DOCS / "simulation.md").read_text().splitlines()[0].lstrip("# ").strip()
    html = client.get("/method/simulation").text
    assert f"<h1>{title}</h1>" in html
    assert client.get("/method/..%2Fpyproject").status_code == 404
    assert client.get("/method/no-such-doc").status_code == 404


def test_the_sources_page_filters_by_kind_words_and_problems(client: TestClient) -> None:
    def shown(query: str) -> set[str]:
        html = client.get(f"/cases/web-case/sources{query}").text
        listed = html[html.index('id="all-sources-h"') :]
        return set(re.findall(r'<li id="source-([^"]+)"', listed))

    everything = shown("")
    assert len(everything) == 6
    assert shown("?kind=official") == {"s2"}
    assert shown("?q=ministry+examples") == {"s2"}
    problems = shown("?problems=true")
    assert "s4" in problems and problems < everything
    html = client.get("/cases/web-case/sources?kind=official").text
    assert '<span id="source-count">1</span> of 6 sources' in html
