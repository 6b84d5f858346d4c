"""The sources page: every source with the claims that cite it, and the citations to repair."""

from __future__ import annotations

from dataclasses import dataclass

from emigre.model import Claim, Source
from emigre.web.views.evidence import Evidence


@dataclass
class SourceEntry:
    source: Source
    claims: list[Claim]
    problems: list[str]


def problems(source: Source) -> list[str]:
    out = []
    if "missing_title" in source.flags:
        out.append("the reference gives no title")
    if "title_mismatch" in source.flags:
        out.append("the title does not match the page its URL points to")
    if source.url is None:
        out.append("no URL")
    if "undated" in source.flags or source.published is None:
        out.append("no publication date")
    return out


def entries(ev: Evidence) -> list[SourceEntry]:
    cites: dict[str, list[Claim]] = {k: [] for k in ev.sources}
    for c in ev.claims:
        for k in c.source_ids:
            cites.setdefault(k, []).append(c)
    return [SourceEntry(s, cites.get(k, []), problems(s)) for k, s in ev.sources.items()]


@dataclass
class Broken:
    sources: list[SourceEntry]
    """Sources whose citation is broken: no title, or a title that does not match the URL."""
    claims: list[Claim]
    """Claims flagged as resting on a broken citation."""


def broken(ev: Evidence, all_entries: list[SourceEntry]) -> Broken:
    return Broken(
        sources=[e for e in all_entries if e.source.broken or e.source.url is None],
        claims=[c for c in ev.claims if "broken_citation" in c.flags],
    )
