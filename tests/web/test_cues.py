"""The evidence page and the claim page show why an extracted claim reads as it does: the
words of its text that decided each field, marked in its sentence, escaped."""

from __future__ import annotations

import datetime as dt
import re

from fastapi.testclient import TestClient

from emigre.model import Claim, FoundIn, Source
from emigre.store import open_store, repo
from emigre.web import WebConfig, create_app

SENTENCE = "On Monday, about 4,300 Russians crossed <b>into Georgia</b> & Armenia, officials said."


def _ingest(url: str) -> str:
    source = Source(id="cue-article", publisher="Example Daily", title="Border figures")
    claim = Claim(
        value=4300, qualifier="about", measure="flow", origin="RUS", destination="GEO",
        start=dt.date(2022, 9, 26), end=dt.date(2022, 9, 26), source_ids=["cue-article"],
        found_in=FoundIn(
            document="cue-article", span=(0, len(SENTENCE)), sentence=SENTENCE,
            cues={"measure": "crossed", "destination": "into Georgia", "qualifier": "about",
                  "period": "On Monday", "group": "not in the sentence"},
        ),
    )  # fmt: skip
    store = open_store(url)
    with store.session() as s:
        report = repo.add_claims(s, "web-case", [claim], [source])
    store.dispose()
    (added,) = report.added
    return str(added)


def test_evidence_and_claim_pages_mark_the_cues_escaped(fresh_url: str) -> None:
    claim_id = _ingest(fresh_url)
    with TestClient(create_app(WebConfig(db_url=fresh_url))) as client:
        page = client.get("/cases/web-case/evidence?state=extracted").text
        row = page[page.index(f'id="claim-{claim_id}"') :].split("</tr>", 1)[0]
        detail = client.get(f"/cases/web-case/claims/{claim_id}").text
    for html in (row, detail):
        assert '<mark data-cue="measure" title="measure">crossed</mark>' in html
        assert '<mark data-cue="period" title="period">On Monday</mark>' in html
        # the sentence's markup is text: escaped inside and around the marks
        assert "&lt;b&gt;<mark" in html and "&amp; Armenia" in html and "<b>" not in html
        # a cue the sentence does not hold is still listed
        assert re.search(r"<dt>group</dt><dd>“not in the sentence”</dd>", html)
    assert '<details class="cues" open>' in detail


def test_claims_without_cues_show_no_why(client: TestClient) -> None:
    page = client.get("/cases/web-case/evidence").text
    assert 'class="cues"' not in page
