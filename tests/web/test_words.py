"""Plain words on the pages: nouns agree with their numbers, one name per country, refusals
that say what to do."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from emigre.web.views.text import count


def test_a_count_agrees_with_its_noun() -> None:
    assert count(1, "claim") == "1 claim"
    assert count(2, "claim") == "2 claims"
    assert count(1200, "policy", "policies") == "1,200 policies"


def test_no_page_says_1_claims_or_1_rows(client: TestClient) -> None:
    # Finland has one claim: its table says "1 row", not "1 rows"
    html = client.get("/cases/web-case/countries/FIN").text
    assert "(1 row)" in html
    for url in ("/cases/web-case", "/cases/web-case/countries/FIN", "/cases/web-case/sources"):
        text = client.get(url).text
        assert not re.search(r"\b1 (claims|rows|sources|events|policies)\b", text), url


def test_turkiye_is_named_one_way(client: TestClient) -> None:
    for url in ("/cases/web-case/evidence", "/cases/web-case/countries/TUR"):
        text = client.get(url).text
        assert "Türkiye" in text and "Turkey" not in text, url


def test_a_refused_write_tells_a_reviewer_what_to_do(writer: TestClient) -> None:
    r = writer.patch("/api/claims/fin-x", json={"state": "accepted"})
    assert r.status_code == 401
    message = r.json()["message"]
    assert "Write token" in message and "evidence page" in message
    assert "TOKEN" not in message
