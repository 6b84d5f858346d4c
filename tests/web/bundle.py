"""A made-up case for the dashboard's tests: enough claims of each kind to draw every view.

The numbers are invented (round, plausible magnitudes), not taken from any document; one source
title is hostile markup, to prove that pages show it as text.
"""

from __future__ import annotations

from emigre.model import Case, CaseBundle, Claim, Event, Policy, Source, Wave

HOSTILE_TITLE = "<script>window.__pwned = 1</script><img src=x onerror=alert(1)> Exit figures"


def _src(i: int, **kw: object) -> Source:
    base: dict[str, object] = {
        "id": f"s{i}",
        "publisher": f"Publisher {i}",
        "title": f"Report number {i}",
        "url": f"https://news{i}.example.org/report-{i}",
        "published": f"2022-{(i % 12) + 1:02d}-15",
        "kind": "news",
    }
    base.update(kw)
    return Source(**base)  # type: ignore[arg-type]


def _claim(cid: str, **kw: object) -> Claim:
    base: dict[str, object] = {
        "id": cid,
        "qualifier": "exact",
        "measure": "flow",
        "origin": "RUS",
        "source_ids": ["s1"],
        "state": "accepted",
    }
    base.update(kw)
    return Claim(**base)  # type: ignore[arg-type]


def web_bundle() -> CaseBundle:
    case = Case(
        id="web-case",
        title="A made-up exodus",
        origin="RUS",
        start="2022-02-24",
        description="Invented for the dashboard tests: people leave in two waves.",
        waves=[
            Wave(
                id="early",
                name="Early wave",
                start="2022-02-24",
                end="2022-06-30",
                description="The first months.",
            ),
            Wave(
                id="late",
                name="Late wave",
                start="2022-09-21",
                end="2022-12-31",
                description="After a call-up.",
            ),
        ],
    )
    sources = [
        _src(1),
        _src(2, kind="official", publisher="Ministry of Examples"),
        _src(3, title=HOSTILE_TITLE),
        _src(
            4,
            title="Error: no |title= specified",
            flags=["missing_title", "undated"],
            published=None,
        ),
        _src(5, kind="academic"),
        _src(6, kind="ngo"),
    ]
    claims = [
        _claim(
            "t-mar",
            value=150000,
            qualifier="about",
            start="2022-02-24",
            end="2022-03-31",
            source_ids=["s1"],
        ),
        _claim(
            "t-aug",
            value=500000,
            qualifier="at_least",
            start="2022-02-24",
            end="2022-08-31",
            source_ids=["s2"],
        ),
        _claim(
            "t-oct",
            low=700000,
            high=900000,
            qualifier="range",
            start="2022-02-24",
            end="2022-10-15",
            source_ids=["s5"],
        ),
        _claim(
            "t-part",
            value=400000,
            qualifier="about",
            start="2022-09-21",
            end="2022-10-05",
            source_ids=["s3"],
        ),
        _claim(
            "t-max",
            value=2000000,
            qualifier="at_most",
            start="2022-02-24",
            end="2022-12-31",
            source_ids=["s6"],
            flags=["unverified"],
        ),
        _claim(
            "t-stock",
            value=650000,
            qualifier="about",
            measure="stock",
            end="2023-06-30",
            source_ids=["s5"],
        ),
        _claim(
            "geo-entries",
            value=200000,
            measure="flow",
            destination="GEO",
            start="2022-02-24",
            end="2022-12-31",
            source_ids=["s2"],
        ),
        _claim(
            "geo-stock",
            value=60000,
            qualifier="about",
            measure="stock",
            destination="GEO",
            end="2022-12-31",
            source_ids=["s2"],
        ),
        _claim(
            "kaz-stock",
            value=100000,
            qualifier="at_least",
            measure="stock",
            destination="KAZ",
            end="2022-11-30",
            source_ids=["s1"],
        ),
        _claim(
            "arm-stock",
            value=110000,
            qualifier="about",
            measure="stock",
            destination="ARM",
            end="2022-10-31",
            source_ids=["s6"],
        ),
        _claim(
            "srb-reg",
            value=104000,
            measure="registration",
            destination="SRB",
            end="2022-12-31",
            source_ids=["s4"],
            flags=["broken_citation"],
        ),
        _claim(
            "tur-stock",
            value=150000,
            qualifier="about",
            measure="stock",
            destination="TUR",
            end="2023-03-31",
            source_ids=["s1"],
        ),
        _claim(
            "isr-arr",
            value=40000,
            qualifier="about",
            measure="flow",
            destination="ISR",
            start="2022-02-24",
            end="2022-12-31",
            source_ids=["s5"],
        ),
        _claim(
            "fin-x",
            value=66000,
            measure="flow",
            destination="FIN",
            start="2022-09-21",
            end="2022-09-28",
            source_ids=["s1"],
            state="extracted",
        ),
        _claim(
            "mil-fc",
            value=15000,
            qualifier="about",
            measure="forecast",
            group="millionaires",
            source_ids=["s6"],
            flags=["forecast"],
        ),
    ]
    events = [
        Event(
            id="e-start",
            date="2022-02-24",
            country="RUS",
            kind="invasion",
            title="The war begins",
            description="The starting point.",
            source_ids=["s1"],
        ),
        Event(
            id="e-call",
            date="2022-09-21",
            country="RUS",
            kind="mobilization",
            title="Call-up announced",
            description="Men are called up.",
            source_ids=["s2"],
        ),
        Event(
            id="e-fin",
            date="2022-09-30",
            country="FIN",
            kind="border_closure",
            title="Finland closes to tourists",
            description="Entry limited.",
            source_ids=["s6"],
        ),
    ]
    policies = [
        Policy(
            id="p-geo",
            country="GEO",
            nationality="RUS",
            measure="visa_free",
            days=365,
            effective_from="2012-01-01",
            description="A year without a visa.",
            source_ids=["s1"],
        ),
        Policy(
            id="p-sch",
            country="SCHENGEN",
            nationality="RUS",
            measure="stay_limit",
            days=90,
            effective_from="2013-01-01",
            description="90 days in 180.",
            source_ids=["s2"],
        ),
        Policy(
            id="p-fin",
            country="FIN",
            nationality="RUS",
            measure="entry_banned",
            effective_from="2022-09-30",
            description="Tourists turned away.",
            source_ids=["s6"],
        ),
    ]
    return CaseBundle(case=case, sources=sources, claims=claims, events=events, policies=policies)
