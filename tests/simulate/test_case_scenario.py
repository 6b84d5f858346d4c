"""The built-in case's scenario says where each of its numbers came from, and every id it cites
is a claim, source or policy of the case."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from emigre.cases import load_builtin
from emigre.simulate.own_format import case_scenario_path

CASE = "russia-2022"
PROVENANCE = ("claim", "source", "assumption")
# Ids named in free text: "(claim bell-remaining-abroad-650000)", "(seed-ref-27)".
MENTIONED = re.compile(r"\b(?:claim|source) ([a-z0-9][a-z0-9-]*[a-z0-9])\b|\b(seed-ref-\d+)\b")


@pytest.fixture(scope="module")
def path() -> Path:
    return case_scenario_path(CASE)


@pytest.fixture(scope="module")
def doc(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def ids() -> dict[str, set[str]]:
    bundle = load_builtin(CASE)
    return {
        "claim": {str(c.id) for c in bundle.claims},
        "source": {s.id for s in bundle.sources},
        "policy": {p.id for p in bundle.policies},
    }


def entries(doc: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Every list entry of the scenario, with where it sits."""
    out = [("places", x) for x in doc["places"]]
    out += [("routes", x) for x in doc["routes"]]
    out += [("departures", x) for x in doc["departures"]["points"]]
    out += [("policies", x) for x in doc.get("policies") or []]
    out += [("targets", x) for x in doc.get("targets") or []]
    return out


def numbers(entry: dict[str, Any]) -> list[str]:
    return [
        k
        for k, v in entry.items()
        if isinstance(v, int | float) and not isinstance(v, bool) and k not in ("from", "to")
    ]


def test_every_cited_id_is_in_the_case(doc: dict[str, Any], ids: dict[str, set[str]]) -> None:
    known = ids["claim"] | ids["source"]
    cited = 0
    for where, entry in entries(doc):
        for key in ("claim", "source"):
            if key in entry:
                cited += 1
                assert str(entry[key]) in ids[key], f"{where}: {key} {entry[key]!r} is unknown"
        for key in ("assumption", "note"):
            for m in MENTIONED.finditer(str(entry.get(key, ""))):
                ref = m.group(1) or m.group(2)
                assert ref in known, f"{where}: {key} names {ref!r}, not in the case"
        if where == "policies":
            assert entry["policy"] in ids["policy"], entry["policy"]
    assert cited > 20


def test_every_number_says_where_it_came_from(doc: dict[str, Any]) -> None:
    for where, entry in entries(doc):
        if numbers(entry):
            assert any(entry.get(k) for k in PROVENANCE), (
                f"{where}: {entry.get('name') or entry.get('from') or entry.get('date')} has "
                f"{', '.join(numbers(entry))} but no claim, source or assumption"
            )


def test_origin_populations_cite_the_census(doc: dict[str, Any]) -> None:
    origins = [p for p in doc["places"] if p["kind"] == "origin"]
    assert origins and all(p["source"] == "rosstat-census-2020" for p in origins)
    # The 2020 census (held in 2021) counted about 147 million residents.
    assert 140e6 < sum(p["population"] for p in origins) < 150e6


@pytest.mark.parametrize("block", ["modes", "rules"])
def test_every_setting_is_explained(path: Path, block: str) -> None:
    """Settings are not list entries: each line says why in a comment."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, t in enumerate(lines) if t.startswith(f"{block}:"))
    setting = re.compile(r"^\s+\w+:\s*\S")
    checked = 0
    for text in lines[start + 1 :]:
        if text and not text[0].isspace():
            break
        if setting.match(text):
            checked += 1
            assert "#" in text, f"{block}: {text.strip()} has no comment saying why"
    assert checked
