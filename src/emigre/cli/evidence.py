"""Commands over the evidence base: cases, load, claims, sources, events, policies, summary."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer
from pydantic import ValidationError

from emigre.cli.choices import (
    EventKindChoice,
    FlagChoice,
    MeasureChoice,
    PolicyMeasureChoice,
    QualifierChoice,
    SourceKindChoice,
    StateChoice,
    values,
)
from emigre.cli.claim_views import span_text as _span
from emigre.cli.context import console, settings
from emigre.cli.output import Format, plural, print_csv, print_json, print_jsonl, print_table
from emigre.errors import InputError, describe_validation
from emigre.model import EVENT_COLUMNS, POLICY_COLUMNS, Claim, ClaimQuery, country_name

CaseOpt = Annotated[str, typer.Option("--case", "-c", help="Case id, e.g. russia-2022.")]
FormatOpt = Annotated[
    Format, typer.Option("--format", "-f", help="table (for people), csv, json or jsonl.")
]
WideOpt = Annotated[
    bool, typer.Option("--wide", help="Tables: ids whole, however wide the table grows.")
]
SinceOpt = Annotated[
    dt.datetime | None,
    typer.Option(
        formats=["%Y-%m-%d"],
        metavar="YYYY-MM-DD",
        help="Ends (or is in force) on or after this date.",
    ),
]
UntilOpt = Annotated[
    dt.datetime | None,
    typer.Option(formats=["%Y-%m-%d"], metavar="YYYY-MM-DD", help="Starts on or before this date."),
]
CountryOpt = Annotated[
    list[str] | None,
    typer.Option("--country", help="ISO alpha-3 code (or EU, SCHENGEN); repeat for several."),
]


# ClaimQuery fields whose option has another name.
_OPTION_OF = {"total_only": "--total", "q": "--search"}


def _store(readonly: bool = False):
    from emigre.store import open_store

    return open_store(settings.db_url, readonly=readonly)


def cases() -> None:
    """List the built-in cases and the cases loaded in the store.

    Example: emigre cases
    """
    from emigre.cases import builtin_case_dirs, load_builtin
    from emigre.store import repo

    rows = []
    with _store().session() as s:
        loaded = {c.id: c for c in repo.list_cases(s)}
        counts = {cid: repo.count_claims(s, case=cid) for cid in loaded}
    for case_id in builtin_case_dirs():
        case = loaded.get(case_id) or load_builtin(case_id).case
        rows.append(
            {
                "id": case_id,
                "title": case.title,
                "built-in": "yes",
                "claims in store": counts.get(case_id, "not loaded"),
            }
        )
    for case_id, case in loaded.items():
        if case_id not in builtin_case_dirs():
            rows.append(
                {
                    "id": case_id,
                    "title": case.title,
                    "built-in": "no",
                    "claims in store": counts[case_id],
                }
            )
    print_table(rows, ["id", "title", "built-in", "claims in store"], right=["claims in store"])


def load(
    case: Annotated[str, typer.Argument(help="A built-in case id or a case folder.")],
) -> None:
    """Load a case (its YAML files) into the store, in one transaction; loading again is a no-op.

    Claims a reviewer changed since are kept as they are.

    Example: emigre load russia-2022
    """
    from emigre.cases import read_case
    from emigre.store import repo

    bundle = read_case(case)
    store = _store()
    with store.session() as s:
        report = repo.load_bundle(s, bundle)
    if settings.quiet:
        return
    rows = [
        {"kind": kind, **getattr(report, kind).model_dump()}
        for kind in ("sources", "claims", "events", "policies")
    ]
    cols = ["kind", "added", "updated", "unchanged", "removed", "kept"]
    print_table(rows, cols, title=f"Loaded {bundle.case.id} into {store.url}", right=cols[1:])


def _claim_row(c: Claim) -> dict[str, object]:
    number = f"{c.low:,}–{c.high:,}" if c.qualifier == "range" else f"{c.value:,}"
    prefix = {"about": "~", "at_least": "≥", "at_most": "≤", "exact": "", "range": ""}
    return {
        "id": c.id,
        # figure and measure share a cell that wraps between them in a narrow terminal
        "figure": f"{prefix[c.qualifier]}{number} {c.measure}",
        "to": c.destination or "all",
        "period": _span(c.start, c.end),
        "state": c.state,
        "group, flags": ", ".join([c.group, *c.flags]),
    }


CSV_COLUMNS = [
    "id", "case", "value", "low", "high", "qualifier", "measure", "origin", "destination",
    "start", "end", "group", "state", "flags", "source_ids", "note",
]  # fmt: skip


def claims(
    case: CaseOpt = "russia-2022",
    destination: Annotated[
        list[str] | None,
        typer.Option("--destination", "-d", help="ISO alpha-3 code; repeat for several."),
    ] = None,
    total: Annotated[
        bool, typer.Option("--total", help="Only figures about all destinations together.")
    ] = False,
    measure: Annotated[list[MeasureChoice] | None, typer.Option("--measure", "-m")] = None,
    qualifier: Annotated[list[QualifierChoice] | None, typer.Option("--qualifier")] = None,
    group: Annotated[list[str] | None, typer.Option("--group", "-g")] = None,
    state: Annotated[list[StateChoice] | None, typer.Option("--state", "-s")] = None,
    flag: Annotated[list[FlagChoice] | None, typer.Option("--flag")] = None,
    source_kind: Annotated[list[SourceKindChoice] | None, typer.Option("--source-kind")] = None,
    source: Annotated[
        str | None, typer.Option("--source", help="Claims citing this source.")
    ] = None,
    since: Annotated[
        dt.datetime | None,
        typer.Option(
            formats=["%Y-%m-%d"], metavar="YYYY-MM-DD", help="Period ends on or after this date."
        ),
    ] = None,
    until: Annotated[
        dt.datetime | None,
        typer.Option(
            formats=["%Y-%m-%d"], metavar="YYYY-MM-DD", help="Period ends on or before this date."
        ),
    ] = None,
    search: Annotated[str | None, typer.Option("--search", "-q", help="Words to find.")] = None,
    sort: Annotated[str, typer.Option(help="id, value, -value, end, -end, destination.")] = "id",
    limit: Annotated[int | None, typer.Option(min=1)] = None,
    fmt: FormatOpt = Format.table,
    wide: WideOpt = False,
) -> None:
    """List claims, filtered. jsonl prints the shared evaluation format, one document a line.

    Examples:
      emigre claims --destination GEO --measure flow
      emigre claims --flag unverified --format json
      emigre claims --format jsonl > claims.jsonl
    """
    from emigre.store import repo

    try:
        query = ClaimQuery(
            case=case,
            destination=[d.upper() if len(d) == 3 else d for d in destination or []],
            total_only=total,
            measure=values(measure),
            qualifier=values(qualifier),
            group=group or [],
            state=values(state),
            flag=values(flag),
            source_kind=values(source_kind),
            source=source,
            since=since.date() if since else None,
            until=until.date() if until else None,
            q=search,
            sort=sort,  # type: ignore[arg-type]
            limit=limit,
        )
    except ValidationError as exc:
        # Name the option, not the model's field ("--destination", not "destination.0").
        field, message = describe_validation(exc)
        top = (field or "").split(".")[0]
        option = _OPTION_OF.get(top, f"--{top.replace('_', '-')}") if top else None
        raise InputError(message, field=option) from exc
    with _store().session() as s:
        repo.get_case(s, case)
        found = repo.list_claims(s, query)
    if fmt is Format.json:
        print_json([c.model_dump(mode="json") for c in found])
    elif fmt is Format.jsonl:
        print_jsonl(eval_documents(found))
    elif fmt is Format.csv:
        print_csv([c.model_dump(mode="json") for c in found], CSV_COLUMNS)
    else:
        cols = ["id", "figure", "to", "period", "state", "group, flags"]
        title = f"{plural(len(found), 'claim')} in {case}"
        rows = [_claim_row(c) for c in found]
        print_table(rows, cols, title=title, nowrap=["to", "state"], wide=wide)


def eval_documents(found: list[Claim]) -> list[dict[str, object]]:
    """Claims grouped by the document they were read in, as score.py reads predictions."""
    docs: dict[str, list[dict[str, object]]] = {}
    for c in found:
        doc = (c.found_in.document if c.found_in else None) or c.source_ids[0]
        item = {**c.to_eval(), "id": c.id, "source_ids": c.source_ids, "flags": c.flags}
        docs.setdefault(doc, []).append(item)
    return [{"doc_id": doc, "claims": items} for doc, items in docs.items()]


def sources(
    case: CaseOpt = "russia-2022", fmt: FormatOpt = Format.table, wide: WideOpt = False
) -> None:
    """List a case's sources with how many claims cite each; broken citations are flagged.

    Example: emigre sources --format csv > sources.csv
    """
    from emigre.store import repo

    with _store().session() as s:
        repo.get_case(s, case)
        found = repo.list_sources(s, case)
        counts = repo.source_claim_counts(s, case)
    rows = [{**src.model_dump(mode="json"), "claims": counts.get(src.id, 0)} for src in found]
    if fmt is Format.json:
        print_json(rows)
    elif fmt is Format.jsonl:
        print_jsonl(rows)
    elif fmt is Format.csv:
        cols = [
            "id",
            "publisher",
            "title",
            "url",
            "published",
            "language",
            "kind",
            "authors",
            "flags",
            "claims",
            "note",
        ]
        print_csv(rows, cols)
    else:
        cols = ["id", "published", "claims", "publisher", "title", "flags"]
        title = f"{plural(len(rows), 'source')} in {case}"
        print_table(rows, cols, title=title, right=["claims"], nowrap=["published"], wide=wide)


def events(
    case: CaseOpt = "russia-2022",
    kind: Annotated[
        list[EventKindChoice] | None, typer.Option("--kind", "-k", help="Repeat for several.")
    ] = None,
    country: CountryOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    fmt: FormatOpt = Format.table,
    wide: WideOpt = False,
) -> None:
    """List a case's events in date order, filtered by kind, country and dates.

    Examples:
      emigre events --kind mobilization --since 2022-09-01
      emigre events --country GEO --format csv
    """
    from emigre.cli.filters import filter_events, period_bounds
    from emigre.store import repo

    start, end = period_bounds(since, until)
    with _store().session() as s:
        repo.get_case(s, case)
        found = filter_events(repo.list_events(s, case), values(kind), country or [], start, end)
    rows = [e.model_dump(mode="json") for e in found]
    if fmt is not Format.table:
        _emit(rows, EVENT_COLUMNS, fmt)
        return
    for row, e in zip(rows, found, strict=True):
        row["date"] = _span(e.date, e.end or e.date)
    title = f"{plural(len(rows), 'event')} in {case}"
    cols = ["id", "date", "country", "kind", "title"]
    print_table(rows, cols, title=title, nowrap=["country", "kind"], wide=wide)


def policies(
    case: CaseOpt = "russia-2022",
    measure: Annotated[
        list[PolicyMeasureChoice] | None,
        typer.Option("--measure", "-m", help="Kind of rule; repeat for several."),
    ] = None,
    country: CountryOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    fmt: FormatOpt = Format.table,
    wide: WideOpt = False,
) -> None:
    """List the rules that decided where people could go, by country; filtered by kind of
    rule, country and the dates they were in force.

    Examples:
      emigre policies --country GEO --country ARM
      emigre policies --measure visa_free --since 2023-01-01 --format json
    """
    from emigre.cli.filters import filter_policies, period_bounds
    from emigre.store import repo

    start, end = period_bounds(since, until)
    with _store().session() as s:
        repo.get_case(s, case)
        found = repo.list_policies(s, case)
        found = filter_policies(found, values(measure), country or [], start, end)
    rows = [p.model_dump(mode="json") for p in found]
    if fmt is not Format.table:
        _emit(rows, POLICY_COLUMNS, fmt)
        return
    for row, p in zip(rows, found, strict=True):
        until = p.effective_to
        row["in force"] = _span(p.effective_from, until) if until else f"from {p.effective_from}"
        row["rule"] = p.measure + (f", {p.days} days" if p.days else "")
        row["for"] = p.nationality
    title = f"{plural(len(rows), 'policy', 'policies')} in {case}"
    cols = ["id", "country", "for", "rule", "in force", "description"]
    nationalities = {p.nationality for p in found}
    if len(nationalities) == 1:  # one column less: whose citizens goes in the title
        title += f", for citizens of {country_name(nationalities.pop())}"
        cols.remove("for")
    print_table(
        rows, cols, title=title, nowrap=["country", "for"], headers={"country": "in"}, wide=wide
    )


def _emit(rows: list[dict[str, object]], cols: list[str], fmt: Format) -> None:
    if fmt is Format.json:
        print_json(rows)
    elif fmt is Format.jsonl:
        print_jsonl(rows)
    else:
        print_csv(rows, cols)


def summary(case: Annotated[str, typer.Argument(help="Case id.")] = "russia-2022") -> None:
    """Print a readable summary of a case: waves, headline figures, destinations, events.

    Example: emigre summary russia-2022
    """
    from emigre.cli.summary import render_summary
    from emigre.store import repo

    with _store().session() as s:
        bundle = repo.read_bundle(s, case)
    render_summary(bundle, console)


def register(app: typer.Typer) -> None:
    for command in (cases, load, claims, sources, events, policies, summary, schema):
        app.command()(command)
    from emigre.cli import exchange

    exchange.register(app)


def schema(
    name: Annotated[str, typer.Argument(help="case, source, claim, event, policy or bundle.")],
) -> None:
    """Print the JSON Schema of one kind of record, for people writing case files or tools.

    Example: emigre schema claim > claim.schema.json
    """
    from emigre.model import JSON_SCHEMA_MODELS

    model = JSON_SCHEMA_MODELS.get(name)
    if model is None:
        raise InputError(
            f"unknown record kind '{name}': expected one of {', '.join(JSON_SCHEMA_MODELS)}"
        )
    print_json(model.model_json_schema())
