"""The events and policies pages: every event and rule, narrowed by kind, country and date."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient


def listed(client: TestClient, url: str, prefix: str) -> list[str]:
    r = client.get(url)
    assert r.status_code == 200, r.text[:300]
    return re.findall(rf'<tr id="{prefix}-([^"]+)"', r.text)


def test_events_filter_by_kind_country_and_date(client: TestClient) -> None:
    url = "/cases/web-case/events"
    assert listed(client, url, "event") == ["e-start", "e-call", "e-fin"]
    assert listed(client, url + "?kind=mobilization", "event") == ["e-call"]
    assert listed(client, url + "?country=fin", "event") == ["e-fin"]
    assert listed(client, url + "?since=2022-09-01&until=2022-09-25", "event") == ["e-call"]


def test_policies_filter_by_measure_country_and_date(client: TestClient) -> None:
    url = "/cases/web-case/policies"
    assert listed(client, url, "policy") == ["p-geo", "p-sch", "p-fin"]
    assert listed(client, url + "?measure=entry_banned", "policy") == ["p-fin"]
    # Finland's own ban and the Schengen rule that holds there
    assert listed(client, url + "?country=FIN", "policy") == ["p-sch", "p-fin"]
    # in force at some time before the ban began
    assert listed(client, url + "?until=2022-09-01", "policy") == ["p-geo", "p-sch"]


def test_bad_filters_name_the_parameter(client: TestClient) -> None:
    r = client.get("/cases/web-case/events?kind=parade")
    assert r.status_code == 400 and "kind" in r.text
    r = client.get("/cases/web-case/policies?since=2023-01-01&until=2022-01-01")
    assert r.status_code == 400 and "until" in r.text
    r = client.get("/cases/web-case/events?since=yesterday")
    assert r.status_code == 400 and "since" in r.text


def test_both_pages_are_in_the_site_navigation(client: TestClient) -> None:
    nav = client.get("/cases/web-case").text
    assert 'href="/cases/web-case/events"' in nav and 'href="/cases/web-case/policies"' in nav
