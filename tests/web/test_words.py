"""Words on the pages that count right."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_a_one_row_table_says_row(client: TestClient) -> None:
    html = client.get("/cases/web-case/countries/ARM").text
    assert "(1 row)" in html and "(1 rows)" not in html
