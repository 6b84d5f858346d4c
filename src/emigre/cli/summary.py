"""The main job's text view of a case: what a reader needs first, each figure with its source."""

from __future__ import annotations

import datetime as dt

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from emigre.model import CaseBundle, Claim, Source, country_name

_SIGN = {"about": "about ", "at_least": "at least ", "at_most": "up to ", "exact": "", "range": ""}


def figure(c: Claim) -> str:
    """A claim's number as a reader would say it: 'at least 500,000', '50,000–70,000'."""
    if c.qualifier == "range":
        return f"{c.low:,}–{c.high:,}"
    return f"{_SIGN[c.qualifier]}{c.value:,}"


def period(c: Claim) -> str:
    if c.start and c.end:
        return f"{c.start:%d %b %Y} – {c.end:%d %b %Y}"
    if c.end:
        return f"by {c.end:%d %b %Y}"
    if c.start:
        return f"since {c.start:%d %b %Y}"
    return "undated"


def cite(sources: list[Source]) -> str:
    parts = []
    for s in sources:
        who = s.publisher or s.host or s.id
        when = f", {s.published:%d %b %Y}" if s.published else ""
        parts.append(f"{who}{when}")
    return "; ".join(parts)


def _table(title: str, *columns: str) -> Table:
    """One look for the summary's tables; figures line up on the right, figures and periods
    never break over lines."""
    table = Table(title=title, title_justify="left", header_style="bold")
    for col in columns:
        table.add_column(
            col,
            justify="right" if col == "figure" else "left",
            no_wrap=col in ("figure", "period"),
            overflow="fold",
        )
    return table


def render_summary(bundle: CaseBundle, console: Console) -> None:
    case = bundle.case
    by_id = {s.id: s for s in bundle.sources}
    # Figures about people leaving the case's origin; others (onward moves) stay in `claims`.
    accepted = [
        c for c in bundle.claims if c.state == "accepted" and c.origin in (case.origin, None)
    ]

    def srcs(c: Claim) -> str:
        return escape(cite([by_id[k] for k in c.source_ids if k in by_id]))

    console.print(
        Panel(
            escape(case.description),
            title=f"[bold]{escape(case.title)}[/]",
            subtitle=f"origin {country_name(case.origin)} · from {case.start}",
        )
    )

    if case.waves:
        waves = _table("Waves", "wave", "from", "to", "who left")
        for w in case.waves:
            waves.add_row(w.name, str(w.start), str(w.end or "…"), escape(w.description))
        console.print(waves)

    head = [c for c in accepted if c.destination is None and c.group == "all"]
    head.sort(key=lambda c: (c.end or dt.date.max, c.start or case.start, c.central))
    table = _table(
        "Headline figures (all destinations)", "figure", "counts", "period", "source", "flags"
    )
    for c in head:
        table.add_row(figure(c), c.measure, period(c), srcs(c), ", ".join(c.flags))
    console.print(table)

    best: dict[str, Claim] = {}
    for c in accepted:
        counts = c.destination and c.group == "all" and c.measure in ("flow", "stock")
        if counts and (c.destination not in best or c.central > best[c.destination].central):
            best[c.destination] = c
    top = sorted(best.values(), key=lambda c: -c.central)[:12]
    dest = _table(
        "Top destinations (largest reported figure each)",
        "destination",
        "figure",
        "counts",
        "period",
        "source",
    )
    for c in top:
        dest.add_row(country_name(c.destination or ""), figure(c), c.measure, period(c), srcs(c))
    console.print(dest)

    if bundle.events:
        ev = _table("Events", "date", "where", "what")
        for e in sorted(bundle.events, key=lambda e: e.date):
            ev.add_row(
                str(e.date),
                e.country if len(e.country) > 3 else country_name(e.country),
                escape(e.title),
            )
        console.print(ev)

    console.print(_counts(bundle, accepted), highlight=False)


def _counts(bundle: CaseBundle, shown: list[Claim]) -> str:
    """What the store holds, each claim counted once: by review state, and the accepted ones
    the tables above leave out because they are about people leaving another country."""
    from collections import Counter

    from emigre.cli.output import plural

    states = Counter(c.state for c in bundle.claims)
    accepted = states.get("accepted", 0)
    parts = [f"{accepted:,} accepted"]
    other = accepted - len(shown)
    if other:
        parts[0] += (
            f" ({other:,} of them about people leaving another country than "
            f"{country_name(bundle.case.origin)}, not in the tables above)"
        )
    parts += [f"{states[k]:,} {k}" for k in ("extracted", "disputed", "rejected") if states[k]]
    flagged = sum(1 for c in shown if c.flags)
    if flagged:
        parts.append(f"{flagged:,} of those shown flagged")
    return (
        f"{plural(len(bundle.claims), 'claim')}: {', '.join(parts)}; "
        f"{plural(len(bundle.sources), 'source')}, {plural(len(bundle.events), 'event')}, "
        f"{plural(len(bundle.policies), 'policy', 'policies')}. Every figure names its source: "
        "`emigre claims`, `emigre sources`."
    )
