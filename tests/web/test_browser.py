"""The dashboard in a real browser (Debian's chromium driven by Playwright) against a real
server on 127.0.0.1: pages load cleanly and locally, charts draw, filters, clicks, review."""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from emigre.store import open_store, repo
from emigre.web import WebConfig, create_app, estimates, runs
from tests.browser import Watched, needs_chromium
from tests.web.conftest import TOKEN, copy_store

pytestmark = needs_chromium
expect = pytest.importorskip("playwright.sync_api", reason="needs the playwright package").expect


SCREENSHOTS = os.environ.get("EMIGRE_SCREENSHOTS")


@pytest.fixture(scope="session")
def served(template_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One server for all browser tests, with the write token and estimates on, over the test
    case; when refreshing the README's screenshots, over the built-in case too."""
    url = copy_store(template_store, tmp_path_factory.mktemp("browser") / "emigre.sqlite")
    cases = ["web-case"]
    if SCREENSHOTS:
        from emigre.cases import load_builtin

        store = open_store(url)
        with store.session() as s:
            repo.load_bundle(s, load_builtin("russia-2022"))
        store.dispose()
        cases.append("russia-2022")
    # Estimates on (the other web tests see the claims alone): the pages as people see them.
    app = create_app(WebConfig(db_url=url, token=TOKEN, estimates=True))
    for case_id in cases:
        # Computed (or read from the suite's estimate cache) before any page asks for it.
        estimates.estimate_for(app.state.store, case_id, None, app.state.version, True)
    with serve(app) as base:
        yield base


@contextmanager
def serve(app: Any) -> Iterator[str]:
    """The app on a free port of 127.0.0.1, in a thread, until the block ends."""
    import uvicorn

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "server did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@pytest.fixture(scope="module")
def served_builtin(builtin_url: str) -> Iterator[str]:
    """The built-in case (it has a scenario to draw), with estimates off: its estimate takes
    half a minute, and the routes do not depend on it."""
    with serve(create_app(WebConfig(db_url=builtin_url, estimates=False))) as base:
        yield base


@pytest.fixture(scope="session")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where screenshots go: $EMIGRE_SCREENSHOTS (e.g. docs/img), else a temporary folder."""
    folder = Path(SCREENSHOTS) if SCREENSHOTS else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def shown_case(served: str) -> str:
    """The case the page tests show: the built-in one for the README's screenshots (set
    EMIGRE_SCREENSHOTS=docs/img), else the test case, which keeps the suite quick."""
    return "russia-2022" if SCREENSHOTS else "web-case"


@pytest.fixture
def web(browser: Any, served: str) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    watched = Watched(context.new_page(), served)
    yield watched
    context.close()
    assert watched.errors == [], watched.errors
    assert watched.outside == [], watched.outside


# Form controls and buttons with no accessible name (no label, no text, no aria-label).
UNNAMED_CONTROLS = """
Array.from(document.querySelectorAll('main input:not([type=hidden]), main select, main button'))
  .filter(el => !el.hidden && !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
          && !(el.textContent || '').trim())
  .map(el => el.outerHTML.slice(0, 120))
"""

PAGES = {
    "overview": "",
    "timeline": "/timeline",
    "map": "/map",
    "evidence": "/evidence",
    "sources": "/sources",
    "country": "/countries/GEO",
    "scenarios": "/scenarios",
}


@pytest.mark.parametrize("name", list(PAGES))
def test_page_loads_cleanly_and_locally(web: Watched, shown_case: str, name: str) -> None:
    page = web.open(f"/cases/{shown_case}{PAGES[name]}")
    assert page.locator("h1").count() == 1
    assert page.evaluate(UNNAMED_CONTROLS) == [], "controls a screen reader cannot name"


def test_api_docs_are_local(web: Watched) -> None:
    page = web.open("/docs", charts=False)
    page.wait_for_selector(".swagger-ui .opblock", timeout=15000)
    assert page.locator(".opblock").count() > 10


def test_timeline_draws_the_claims_and_events(web: Watched) -> None:
    page = web.open("/cases/web-case/timeline")
    markers = page.evaluate("emigre.views.timeline.data('markers').length")
    # events close together share a line: every event is on one
    events = page.evaluate("emigre.views.timeline.data('event_marks').reduce((a, e) => a + e.n, 0)")
    assert markers >= 5 and events == 3
    symbols = page.locator("#vis-timeline svg .mark-symbol path").count()
    assert symbols >= markers
    rows = page.locator('details[data-table="claims"] tbody tr').count()
    assert rows == markers
    if estimates.installed():  # the fan: median line and interval bands
        assert page.evaluate("emigre.views.timeline.data('series').length") > 0
        assert page.locator("#vis-timeline svg .mark-area path").count() >= 2
    page.click('nav.zoom a:has-text("Late wave")')
    page.wait_for_selector("body[data-charts-ready]")
    assert "wave=late" in page.url


def test_map_slider_changes_the_date_by_keyboard(web: Watched) -> None:
    page = web.open("/cases/web-case/map")
    assert page.locator("#vis-map svg .mark-symbol path, #vis-map svg .mark-symbol circle").count()
    slider = page.locator("#map-date")
    slider.focus()
    page.keyboard.press("Home")
    dates = page.evaluate("JSON.parse(document.getElementById('map-date').dataset.dates)")
    for _ in range(dates.index("2022-10-31")):
        page.keyboard.press("ArrowRight")
    assert page.inner_text("#map-date-label") == "2022-10-31"
    assert "date=2022-10-31" in page.url
    assert page.evaluate("emigre.views.map.signal('date')") == "2022-10-31"
    # The table under the map follows the slider.
    dates = page.locator('details[data-table="destinations"] tbody td:first-child')
    assert dates.count() > 0
    assert set(dates.all_text_contents()) == {"2022-10-31"}


@pytest.mark.skipif(
    not runs.has_scenario("russia-2022"), reason="needs emigre.simulate and the case's scenario"
)
def test_map_draws_the_scenario_routes(browser: Any, served_builtin: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    web = Watched(context.new_page(), served_builtin)
    try:
        page = web.open("/cases/russia-2022/map")
        routes = page.evaluate("emigre.views.map.data('routes')")
        assert len(routes) > 20 and {r["route"] for r in routes} == {"by road", "flight"}
        lines = page.locator("#vis-map svg .routes_marks line")
        assert lines.count() == len(routes)
        crossings = page.locator("#vis-map svg [class*=crossing_labels] text").all_text_contents()
        assert {"Verkhny Lars", "Kazakh checkpoints", "Finnish crossings", "Kyakhta"} <= set(
            crossings
        )
        assert page.locator("#vis-map svg .places_marks path").count() > len(crossings)
        legend = page.locator("#vis-map svg .role-legend[aria-label*=Routes]")
        # the routes' kinds, and the dotted line to a country the scenario has no route to
        # only where one is drawn
        label = legend.get_attribute("aria-label") or ""
        straight = page.evaluate(
            "emigre.views.map.data('frames').some(f => f.value > 0 && !f.routed"
            " && f.date === emigre.views.map.signal('date'))"
        )
        values = "3 values: by road, flight, straight" if straight else "2 values: by road, flight"
        assert values in label, label
        # Finland's crossings closed on 30 September 2022: faint after it, not before.
        finland = lines.nth(
            next(
                i
                for i, r in enumerate(routes)
                if (r["from"], r["to"]) == ("Finnish crossings", "Finland")
            )
        )
        assert float(finland.get_attribute("opacity") or 1) < 0.5  # the latest date
        page.locator("#map-date").focus()
        page.keyboard.press("Home")
        assert float(finland.get_attribute("opacity") or 1) > 0.5
    finally:
        context.close()
    assert web.errors == [] and web.outside == []


def test_clicking_a_country_opens_its_page(web: Watched) -> None:
    page = web.open("/cases/web-case/map")
    symbol = page.locator(
        '#vis-map svg [aria-roledescription="circle"][aria-label*="Country: Kazakhstan"]'
    )
    symbol.click()
    page.wait_for_url(re.compile(r"/countries/KAZ"))
    assert page.inner_text("h1").startswith("Kazakhstan")
    assert "at least 100,000" in page.inner_text("main")


def test_a_filter_narrows_the_evidence_table(web: Watched) -> None:
    page = web.open("/cases/web-case/evidence", charts=False)
    rows = page.locator("#claims-table tbody tr")
    before = rows.count()
    page.select_option('select[name="destination"]', "GEO")
    page.click('form.filters button[type="submit"]')
    page.wait_for_url(re.compile(r"destination=GEO"))
    after = rows.count()
    assert 0 < after < before
    assert page.inner_text("#claim-count") == str(after)


def test_review_fails_without_the_token_and_works_with_it(web: Watched) -> None:
    page = web.open("/cases/web-case/evidence?state=extracted", charts=False)
    row = page.locator('tr[data-claim="fin-x"]')
    row.locator('button[data-review="accepted"]').click()
    status = page.locator("#review-status")
    status.filter(has_text="401").wait_for()
    expect(row.locator("td.state")).to_have_text("not reviewed")
    page.fill("#write-token", TOKEN)
    page.click("#save-token")
    row.locator('button[data-review="accepted"]').click()
    status.filter(has_text="now accepted").wait_for()
    expect(row.locator("td.state")).to_have_text("accepted")
    api = page.evaluate("fetch('/api/claims/fin-x').then(r => r.json())")
    assert api["claim"]["state"] == "accepted"
    # the refusal is the point here; the browser may report it on the console at any time
    # after the page showed it, so it is set aside only now
    web.errors = [e for e in web.errors if "401" not in e]


def test_chart_saves_svg_png_and_csv(web: Watched) -> None:
    page = web.open("/cases/web-case/timeline")
    fig = page.locator("#fig-timeline")
    with page.expect_download() as svg:
        fig.locator('button[data-action="svg"]').click()
    assert Path(svg.value.path()).read_text().lstrip().startswith("<svg")
    with page.expect_download() as png:
        fig.locator('button[data-action="png"]').click()
    assert Path(png.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with page.expect_download() as csv:
        fig.locator('button[data-action="csv"][data-table="claims"]').click()
    text = Path(csv.value.path()).read_text()
    assert text.splitlines()[0].startswith("id,date,start,qualifier,value")
    markers = page.evaluate("emigre.views.timeline.data('markers').length")
    assert len(text.splitlines()) == 1 + markers


def test_hostile_title_does_not_run(web: Watched) -> None:
    page = web.open("/cases/web-case/sources", charts=False)
    assert page.evaluate("window.__pwned === undefined")
    assert "<script>window.__pwned" in page.inner_text("#source-s3")


def test_phone_sized_screen_and_keyboard(browser: Any, served: str, shown_case: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    web = Watched(context.new_page(), served)
    try:
        for path in ("", "/map"):
            page = web.open(f"/cases/{shown_case}{path}")
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 390 + 1, f"{path or 'overview'} scrolls sideways ({width}px)"
        page = web.open(f"/cases/{shown_case}")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip"
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main"
    finally:
        context.close()
    assert web.errors == [] and web.outside == []


# Elements that stick out of their box: each element of the page (charts' insides aside)
# whose right edge passes its parent's, where the parent lets it show (overflow visible)
# and nothing above it clips or scrolls it.
OVERFLOWING = """
() => {
  const out = [];
  const clipped = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const cs = getComputedStyle(a);
      if (cs.overflowX !== "visible" || cs.clip !== "auto" || cs.clipPath !== "none") return true;
    }
    return false;
  };
  for (const el of document.querySelectorAll("body *")) {
    if (el.closest("svg, .vega, script, style, datalist, template")) continue;
    const p = el.parentElement;
    const r = el.getBoundingClientRect();
    if (!p || r.width === 0 || getComputedStyle(el).position === "absolute") continue;
    if (r.right > p.getBoundingClientRect().right + 1 && !clipped(el)) {
      const name = (e) => `${e.tagName.toLowerCase()}.${e.className}`;
      out.push(`${name(el)} in ${name(p)}`);
    }
  }
  return out.slice(0, 8);
}
"""

# Each chart: its drawing as wide as its box (not wider, not collapsed), and an x axis with
# room to read it (the phone's bar chart had gone to a zero-width "0k").
CHART_WIDTHS = """
() => Array.from(document.querySelectorAll("figure.chart")).map((fig) => {
  const box = fig.querySelector(".vega").getBoundingClientRect().width;
  const svg = fig.querySelector(".vega svg");
  const axis = svg && svg.querySelector('[aria-roledescription="axis"][aria-label^="X-axis"]');
  const legends = svg ? Array.from(svg.querySelectorAll(".role-legend")) : [];
  const right = svg ? svg.getBoundingClientRect().right : 0;
  const labels = axis ? Array.from(axis.querySelectorAll(".role-axis-label text")) : [];
  return {
    id: fig.id,
    box: box,
    labels: labels.map((t) => t.textContent),
    svg: svg ? svg.getBoundingClientRect().width : 0,
    axis: axis ? axis.getBoundingClientRect().width : null,
    legendOut: legends.some((l) => l.getBoundingClientRect().right > right + 1),
  };
})
"""

SIZES = {"phone": (390, 844), "desktop": (1440, 900)}
LAYOUT_PAGES = {
    "": "overview",
    "/timeline": "timeline",
    "/map": "map",
    "/countries/GEO": "country",
    "/countries/TUR": "country-TUR",  # one claim in the test case: its axis still reads months
    "/evidence": "evidence",
    "/sources": "sources",
    "/events": "events",
}
"""Pages and the names of their screenshots (docs/img/NAME.png at 1440 px, phone-NAME.png)."""


@pytest.mark.parametrize("size", list(SIZES))
def test_pages_fit_phone_and_desktop(
    browser: Any, served: str, shown_case: str, shots: Path, size: str
) -> None:
    """No sideways scrolling, nothing sticking out of its box, every chart drawn at the width
    of its box with a readable axis and its legends inside; screenshots at both sizes."""
    width, height = SIZES[size]
    context = browser.new_context(
        viewport={"width": width, "height": height}, is_mobile=size == "phone"
    )
    web = Watched(context.new_page(), served)
    pages = dict(LAYOUT_PAGES)
    if runs.has_scenario(shown_case):
        pages["/scenarios"] = "scenarios"
    try:
        for path, name in pages.items():
            # the scenarios page runs the simulation on its first visit
            page = web.open(f"/cases/{shown_case}{path}", timeout=180_000)
            scroll = page.evaluate("document.documentElement.scrollWidth")
            assert scroll <= width + 1, f"{name} scrolls sideways at {width}px ({scroll}px)"
            assert page.evaluate(OVERFLOWING) == [], f"{name} at {width}px"
            for chart in page.evaluate(CHART_WIDTHS):
                assert chart["svg"] > 0.8 * chart["box"] - 30, (name, chart)
                assert chart["svg"] <= chart["box"] + 1, (name, chart)
                assert chart["axis"] is None or chart["axis"] > 0.4 * chart["box"], (name, chart)
                assert not chart["legendOut"], (name, chart)
                if chart["id"] == "fig-timeline" or chart["id"].startswith("fig-country-"):
                    # a time axis names the year on every label, never a weekday ("Tue 02")
                    assert chart["labels"], (name, chart)
                    assert all(re.search(r"\b20\d\d\b", x) for x in chart["labels"]), chart
            if path == "/evidence" and size == "desktop":
                table = page.evaluate(
                    "[document.querySelector('#claims-table').getBoundingClientRect().width,"
                    " document.querySelector('#claims-table').parentElement.clientWidth]"
                )
                assert table[0] <= table[1] + 1, f"the evidence table is wider than its box {table}"
            full = page.evaluate("document.documentElement.scrollHeight")
            if path == "/sources":
                assert full < 9000, f"the sources page runs {full}px"
            page.screenshot(
                path=str(shots / (f"phone-{name}.png" if size == "phone" else f"{name}.png")),
                clip={"x": 0, "y": 0, "width": width, "height": min(full, 2 * height)},
                full_page=True,
            )
    finally:
        context.close()
    assert web.errors == [] and web.outside == []
