"""`emigre report`: one HTML file, everything inline, that a browser shows with no network."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest

from emigre.cli.main import run
from tests.browser import Watched, needs_chromium
from tests.web.bundle import HOSTILE_TITLE, web_bundle
from tests.web.conftest import make_store


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("report")
    url = make_store(folder / "emigre.sqlite")
    out = folder / "out" / "report.html"
    argv = ["emigre", "--db", url, "report", "--case", "web-case", "--out", str(out)]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(sys, "argv", argv)
        with pytest.raises(SystemExit) as stop:
            run()
    assert stop.value.code in (0, None)
    return out


def test_report_is_one_self_contained_file(report: Path) -> None:
    html = report.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>")
    # Nothing is loaded from anywhere: no external scripts, styles, images or data URLs.
    assert not re.search(r"<script[^>]+src=", html)
    assert not re.search(r"<link[^>]+rel=\"stylesheet\"", html)
    assert not re.search(r"<img[^>]+src=\"http", html)
    assert "/static/" not in html
    assert '"url": "/' not in html and '"url":"/' not in html
    # The world outline is inside, as TopoJSON.
    assert '"type": "Topology"' in html or '"type":"Topology"' in html


def test_report_holds_every_claim_and_source(report: Path) -> None:
    html = report.read_text(encoding="utf-8")
    bundle = web_bundle()
    for c in bundle.claims:
        assert f'id="claim-{c.id}"' in html, c.id
    for s in bundle.sources:
        assert f'id="source-{s.id}"' in html, s.id
    for code in ("GEO", "KAZ", "ARM", "FIN"):
        assert f'id="country-{code}"' in html


def test_report_escapes_document_text(report: Path) -> None:
    html = report.read_text(encoding="utf-8")
    assert HOSTILE_TITLE not in html
    assert "&lt;script&gt;window.__pwned" in html


def test_report_bad_case_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = make_store(tmp_path / "emigre.sqlite")
    argv = ["emigre", "--db", url, "report", "--case", "nope", "--out", str(tmp_path / "r.html")]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(sys, "argv", argv)
        with pytest.raises(SystemExit) as stop:
            run()
    assert stop.value.code == 1
    assert "no case 'nope'" in capsys.readouterr().err
    assert not (tmp_path / "r.html").exists()


@needs_chromium
def test_report_works_offline(report: Path, browser: Any) -> None:
    context = browser.new_context(viewport={"width": 1200, "height": 900}, offline=True)
    web = Watched(context.new_page(), "file://")
    try:
        page = web.open(report.as_uri().removeprefix("file://"))
        views = page.evaluate("Object.keys(emigre.views)")
        assert {"timeline", "map", "country-GEO", "policies-FIN"} <= set(views)
        assert page.evaluate("emigre.views.timeline.data('markers').length") == 5
        assert page.locator("#vis-map svg .mark-symbol path").count() > 0
        # The map's slider works without a server.
        page.locator("#map-date").focus()
        page.keyboard.press("Home")
        assert page.locator("#map-countries li").count() == 0
        page.keyboard.press("End")
        assert page.locator("#map-countries li").count() == 5
        # Selecting a country jumps to its section.
        page.locator(
            '#vis-map svg [aria-roledescription="circle"][aria-label*="Kazakhstan"]'
        ).click()
        page.wait_for_function("location.hash === '#country-KAZ'")
        # The evidence table filters in the page.
        page.fill("#claims-filter", "Georgia")
        assert page.inner_text("#claim-count") == "2"
        assert page.evaluate("window.__pwned === undefined")
    finally:
        context.close()
    assert web.errors == []
    assert web.outside == []
