"""POST /api/estimates/predict: what the cached estimate expects claims to state."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from emigre.web import WebConfig, create_app

STOCK = {
    "value": 60000, "qualifier": "exact", "measure": "stock", "origin": "RUS",
    "destination": "GEO", "start": None, "end": "2022-12-01", "group": "all",
}  # fmt: skip


@pytest.fixture(scope="module")
def client(shared_url: str) -> Iterator[TestClient]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("EMIGRE_ESTIMATES", "on")
        with TestClient(create_app(WebConfig(db_url=shared_url))) as c:
            assert c.get("/api/estimates?case=web-case").json()["available"]
            yield c


def test_predictions_need_no_token_and_come_in_order(client: TestClient) -> None:
    claims = [STOCK, {**STOCK, "measure": "registration"}]
    r = client.post("/api/estimates/predict?case=web-case", json=claims)
    assert r.status_code == 200, r.text
    preds = r.json()["predictions"]
    assert [p["claim"]["measure"] for p in preds] == ["stock", "registration"]
    assert all(p["low80"] <= p["median"] <= p["high80"] for p in preds)
    assert preds[0]["quantity"] == "stock:GEO@2022-12-01"
    same = client.post("/api/estimates/predict?case=web-case", json={"claims": claims})
    assert same.json()["predictions"] == preds


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (b"[", "body"),
        (b"[]", "body"),
        (b'{"x": 1}', "body"),
        (b"[" + b'"x",' * 600 + b'"x"]', "body"),
        (b"[" + b" " * (300 * 1024) + b"]", "body"),
    ],
)
def test_bad_bodies_are_refused_naming_the_body(client: TestClient, body, field) -> None:
    r = client.post(
        "/api/estimates/predict?case=web-case",
        content=body,
        headers={"content-type": "application/json"},
    )
    assert r.status_code == 400 and r.json()["field"] == field


def test_a_bad_claim_is_refused_naming_its_field(client: TestClient) -> None:
    r = client.post("/api/estimates/predict?case=web-case", json=[STOCK, {**STOCK, "value": -3}])
    assert r.status_code == 400
    assert r.json()["field"] == "claims[1].value"


def test_the_evidence_page_says_what_the_estimate_expected_of_a_claim_to_review(
    client: TestClient,
) -> None:
    import re

    html = client.get("/cases/web-case/evidence").text
    row = re.search(r'<tr id="claim-fin-x".*?</tr>', html, flags=re.S)
    assert row is not None
    assert re.search(r"the estimate expected [\d,]+–[\d,]+", row.group(0))
    accepted = re.search(r"<tr id=\"claim-geo-stock\".*?</tr>", html, flags=re.S)
    assert accepted is None or "the estimate expected" not in accepted.group(0)
