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
    # Türkiye has one claim: its table says "1 row", not "1 rows"
    html = client.get("/cases/web-case/countries/TUR").text
    assert "(1 row)" in html
    # Finland has one claim, which its chart cannot draw
    html = client.get("/cases/web-case/countries/FIN").text
    assert "1 claim about Finland not drawn" in html
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


def test_the_method_page_and_the_api_docs_have_site_navigation(client: TestClient) -> None:
    method = client.get("/method").text
    assert '<nav class="site"' in method and 'href="/method/glossary"' in method
    docs = client.get("/docs").text
    assert 'aria-label="Site"' in docs and 'href="/method"' in docs


def test_the_glossary_explains_the_terms_the_pages_keep(client: TestClient) -> None:
    html = client.get("/method/glossary").text
    for term in ("median", "interval", "against-the-estimate", "contradicted", "mostly-prior"):
        assert f'id="{term}' in html, term


def test_the_api_description_names_only_calls_that_exist(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    methods = {m.upper() for ops in spec["paths"].values() for m in ops}
    words = set(re.findall(r"\b(GET|POST|PUT|PATCH|DELETE)\b", spec["info"]["description"]))
    assert words <= methods, words - methods


def test_plain_words_on_the_claim_page(client: TestClient) -> None:
    html = client.get("/cases/web-case/claims/t-part").text
    assert "posterior" not in html.lower() and "predictive" not in html.lower()


def test_numbers_in_chart_tables_are_for_people() -> None:
    from emigre.web.views.text import table_number

    assert table_number("median", 1107770.3212345) == "1,107,770"
    assert table_number("lat", 41.716667) == "41.72"
    assert table_number("km", 200.0) == "200"
