"""A small hand-made case for store tests (not the built-in one, so tests stay independent)."""

from __future__ import annotations

from emigre.model import Case, CaseBundle, Claim, Event, FoundIn, Policy, Source, Wave


def small_bundle() -> CaseBundle:
    return CaseBundle(
        case=Case(
            id="test-case",
            title="A test case",
            origin="RUS",
            start="2022-02-24",
            description="Made up for the tests.",
            waves=[Wave(id="w1", name="Wave one", start="2022-02-24", description="First.")],
            document="doc",
        ),
        sources=[
            Source(id="doc", title="The article", url="https://example.org/a", kind="wiki"),
            Source(
                id="ref-1",
                publisher="Example News",
                title="Many cross the border",
                url="https://news.example.org/many-cross-the-border",
                published="2022-09-27",
                authors=["A. Writer"],
                language="en",
            ),
            Source(
                id="ref-2",
                title="Error: no |title= specified",
                url="https://other.example.org/x",
                flags=["missing_title", "undated"],
            ),
        ],
        claims=[
            Claim(
                id="c-kaz",
                value=98000,
                qualifier="exact",
                measure="flow",
                origin="RUS",
                destination="KAZ",
                start="2022-09-21",
                end="2022-09-28",
                source_ids=["ref-1"],
                state="accepted",
                found_in=FoundIn(document="doc", section="Third wave", span=(10, 20)),
                note="Entries in the first week of the call-up.",
            ),
            Claim(
                id="c-range",
                low=50000,
                high=70000,
                qualifier="range",
                measure="flow",
                origin="RUS",
                start="2022-02-24",
                end="2022-03-24",
                group="it_workers",
                source_ids=["ref-1", "ref-2"],
                state="accepted",
                flags=["broken_citation"],
            ),
            Claim(
                id="c-fc",
                value=15000,
                qualifier="about",
                measure="forecast",
                origin="RUS",
                group="millionaires",
                source_ids=["doc"],
                state="accepted",
                flags=["dated", "forecast"],
            ),
        ],
        events=[
            Event(
                id="e-mob",
                date="2022-09-21",
                country="RUS",
                kind="mobilization",
                title="Partial mobilisation",
                description="Call-up announced.",
                source_ids=["ref-1"],
            )
        ],
        policies=[
            Policy(
                id="p-sch",
                country="SCHENGEN",
                nationality="RUS",
                measure="stay_limit",
                days=90,
                effective_from="2022-01-01",
                description="Short stays capped.",
                source_ids=["ref-1"],
            )
        ],
    )
