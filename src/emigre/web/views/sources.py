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


@dataclass
class SourceFilter:
    """What the sources page is narrowed to: a kind, words, only those with a problem."""

    kind: str | None = None
    q: str | None = None
    problems: bool = False

    @property
    def active(self) -> bool:
        return bool(self.kind or self.q or self.problems)

    def keep(self, e: SourceEntry) -> bool:
        s = e.source
        if self.kind and s.kind != self.kind:
            return False
        if self.problems and not e.problems:
            return False
        if self.q:
            text = " ".join(filter(None, [s.id, s.title, s.publisher, s.host, s.url])).lower()
            if not all(w in text for w in self.q.lower().split()):
                return False
        return True


def kinds(all_entries: list[SourceEntry]) -> list[str]:
    return sorted({e.source.kind for e in all_entries if e.source.kind})
