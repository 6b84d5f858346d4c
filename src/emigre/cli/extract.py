"""Commands from documents to the evidence base: extract (read claims), ingest (add them to a
case as `extracted`), review (accept, reject or edit them)."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from emigre.cli import claim_views as views
from emigre.cli.claim_views import excerpt as _excerpt
from emigre.cli.claim_views import number as _number
from emigre.cli.claim_views import period as _period
from emigre.cli.context import console, err_console, settings
from emigre.cli.output import Format, plural, print_csv, print_json, print_jsonl, print_table
from emigre.errors import InputError
from emigre.model import Claim
from emigre.model.country import country_name

WorkersOpt = Annotated[
    int, typer.Option("--workers", "-w", min=1, help="Worker processes on a local Dask cluster.")
]
SchedulerOpt = Annotated[
    str | None,
    typer.Option(
        "--scheduler", help="Address of an existing Dask scheduler, e.g. tcp://10.0.0.5:8786."
    ),
]
RefDateOpt = Annotated[
    dt.datetime | None,
    typer.Option(
        "--reference-date",
        formats=["%Y-%m-%d"],
        metavar="YYYY-MM-DD",
        help="Date to read undated documents against (relative dates, months without a year).",
    ),
]


def _options(reference: dt.datetime | None) -> Any:
    from emigre.extract.claims import Options

    return Options(reference=reference.date() if reference else None)


def _progress(total: int) -> Progress:
    return Progress(
        TextColumn("[bold]documents"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("claims {task.fields[claims]}  errors {task.fields[errors]}"),
        TimeElapsedColumn(),
        console=err_console,
        disable=settings.quiet or total < 2,
        transient=False,
    )


def _run(tasks: Sequence[Any], workers: int, scheduler: str | None, options: Any) -> Iterator[Any]:
    """Results with a progress bar of documents done, claims found and errors."""
    from emigre.extract.runner import run

    with _progress(len(tasks)) as progress:
        bar = progress.add_task("extract", total=len(tasks), claims=0, errors=0)
        claims = errors = 0
        for result in run(tasks, options=options, workers=workers, scheduler=scheduler):
            claims += len(result.claims)
            errors += result.error is not None
            progress.update(bar, advance=1, claims=claims, errors=errors)
            yield result


def extract(
    files: Annotated[
        list[Path] | None,
        typer.Argument(help="Documents: HTML, wiki text, wikitext or plain text."),
    ] = None,
    docs: Annotated[
        Path | None,
        typer.Option("--docs", help="A documents file (JSON lines: doc_id, text, published, url)."),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Write there instead of printing (JSON lines unless -f)."),
    ] = None,
    fmt: Annotated[
        Format | None,
        typer.Option(
            "--format",
            "-f",
            help="table, csv, json or jsonl (default: a table for FILE..., for --docs the "
            "evaluation format: jsonl, one document a line).",
        ),
    ] = None,
    workers: WorkersOpt = 1,
    scheduler: SchedulerOpt = None,
    reference_date: RefDateOpt = None,
) -> None:
    """Read the claims about people on the move out of documents.

    Example: emigre extract article.html notes.txt
    Example: emigre extract article.txt --format csv > claims.csv
    Example: emigre extract --docs seed-docs.jsonl --out pred.jsonl --workers 2
    """
    from emigre.extract.runner import tasks_for_files

    options = _options(reference_date)
    if docs is None and not files:
        raise typer.BadParameter("give documents to read, or --docs FILE", param_hint="FILE")
    results: list[Any] = []
    failed = 0
    if docs is not None:
        tasks, failed = _docs_tasks(docs)
        done = {r.name: r for r in _run(tasks, workers, scheduler, options)}
        results += [done[t.name] for t in tasks]  # in the file's order, however they finished
    if files:
        results += list(_run(tasks_for_files(files), workers, scheduler, options))
    for r in results:
        if r.error:
            failed += 1
            err_console.print(f"[red]error:[/] {escape(r.error)}", highlight=False, soft_wrap=True)
    kind = fmt or (Format.jsonl if out is not None or docs is not None else Format.table)
    evaluation = docs is not None and not files
    readable = [r for r in results if not r.error] if not evaluation else results
    if out is None:
        _write_claims(readable, kind, sys.stdout, evaluation)
    else:
        with out.open("w", encoding="utf-8") as fh:
            _write_claims(readable, kind, fh, evaluation)
        if not settings.quiet:
            n = sum(len(r.claims) for r in readable)
            err_console.print(
                f"{plural(n, 'claim')} from {plural(len(readable), 'document')} written to {out}"
            )
    if failed:
        err_console.print(f"[red]{plural(failed, 'document')} could not be read[/]")
        raise typer.Exit(1)


def _docs_tasks(docs: Path) -> tuple[list[Any], int]:
    """The records of a documents file as tasks; a bad line is reported and counted."""
    from emigre.extract.docs import read_docs
    from emigre.extract.runner import Task

    tasks: list[Task] = []
    failed = 0
    for rec in read_docs(docs):
        if isinstance(rec, InputError):
            err_console.print(f"[red]error:[/] {escape(str(rec))}", highlight=False, soft_wrap=True)
            failed += 1
            continue
        url = rec.url if rec.url and rec.url.startswith(("http://", "https://")) else None
        tasks.append(Task(name=rec.doc_id, text=rec.text, published=rec.published, url=url))
    return tasks, failed


def _write_claims(results: list[Any], fmt: Format, fh: TextIO, evaluation: bool) -> None:
    """Claims in the chosen format. With --docs alone, jsonl and json are the shared
    evaluation format (a document a line, every document listed even with no claim)."""
    from emigre.cli import claim_views as views

    if evaluation and fmt is Format.jsonl:
        from emigre.extract.docs import eval_line

        fh.writelines(eval_line(r.name, r.claims) + "\n" for r in results)
    elif evaluation and fmt is Format.json:
        docs = [{"doc_id": r.name, "claims": [c.to_eval() for c in r.claims]} for r in results]
        print_json(docs, file=fh)
    elif fmt is Format.jsonl:
        print_jsonl((views.claim_record(r.name, c) for r in results for c in r.claims), file=fh)
    elif fmt is Format.json:
        print_json([views.claim_record(r.name, c) for r in results for c in r.claims], file=fh)
    elif fmt is Format.csv:
        rows = [views.csv_row(r.name, c) for r in results for c in r.claims]
        print_csv(rows, views.CSV_COLUMNS, file=fh)
    else:
        target = None if fh is sys.stdout else Console(file=fh, width=100, color_system=None)
        for r in results:
            print_document(r, target)


def print_document(r: Any, target: Console | None) -> None:
    from emigre.cli import claim_views as views

    show = target or console
    if r.error:
        return
    if not r.claims:
        show.print(f"{escape(r.name)}: no figures about people on the move", highlight=False)
        return
    rows = [views.table_row(c) for c in r.claims]
    cols = ["figure", "to", "period", "group, flags", "sentence"]
    title = f"{r.name}: {plural(len(r.claims), 'claim')}"
    print_table(rows, cols, title=title, ids=(), target=target)


def ingest(
    files: Annotated[list[Path], typer.Argument(help="Documents to read.")],
    case: Annotated[
        str, typer.Option("--case", "-c", help="Case to add the claims to.")
    ] = "russia-2022",
    workers: WorkersOpt = 1,
    scheduler: SchedulerOpt = None,
    skip_bad: Annotated[
        bool, typer.Option("--skip-bad", help="Ingest the readable documents even if some are not.")
    ] = False,
    reference_date: RefDateOpt = None,
) -> None:
    """Add the claims documents make to a case, as `extracted`, with their sources.

    Everything goes in one transaction: a claim already known (same source, number, measure,
    place and period) is reported and left as it is; claims that contradict accepted ones are
    listed. Reviewed claims are never overwritten.

    Example: emigre ingest article.txt --case russia-2022
    """
    from emigre.extract.runner import tasks_for_files
    from emigre.store import open_store
    from emigre.store.repo import add_claims

    options = _options(reference_date)
    if reference_date is None:
        options.reference = _case_start(case)
    results = list(_run(tasks_for_files(files), workers, scheduler, options))
    bad = [r for r in results if r.error]
    for r in bad:
        err_console.print(
            f"[red]error:[/] {escape(r.error or '')}", highlight=False, soft_wrap=True
        )
    if bad and not skip_bad:
        err_console.print("nothing was ingested (use --skip-bad to ingest the readable documents)")
        raise typer.Exit(1)
    claims = [c for r in results for c in r.claims]
    sources = {s.id: s for r in results for s in r.sources}
    store = open_store(settings.db_url)
    with store.session() as s:
        claims, new_sources = _reuse_known_sources(s, case, claims, list(sources.values()))
        report = add_claims(s, case, claims, new_sources)
    console.print(
        f"{case}: {plural(len(report.added), 'claim')} added as extracted, "
        f"{len(report.known)} already known, {plural(len(report.sources_added), 'source')} added, "
        f"from {plural(len(results) - len(bad), 'document')}"
    )
    for conflict in report.conflicts:
        console.print(
            f"[yellow]conflict:[/] {conflict.claim} vs accepted {conflict.accepted}: {conflict.reason}"  # noqa: E501
        )
    if report.added and not settings.quiet:
        console.print("review them with: emigre review --case " + case)
    if bad:
        raise typer.Exit(1)


def _reuse_known_sources(
    s: Any, case: str, claims: list[Claim], sources: list[Any]
) -> tuple[list[Claim], list[Any]]:
    """A reference the case already holds (same address) keeps its id, so the claims it backs
    are recognised as known instead of being added twice."""
    from emigre.store.repo import get_case, list_sources

    get_case(s, case)
    by_url = {src.url.rstrip("/"): src.id for src in list_sources(s, case) if src.url}
    rename = {
        src.id: by_url[src.url.rstrip("/")]
        for src in sources
        if src.url and src.url.rstrip("/") in by_url
    }
    if not rename:
        return claims, sources
    renamed = [
        c.model_copy(
            update={"source_ids": list(dict.fromkeys(rename.get(i, i) for i in c.source_ids))}
        )
        for c in claims
    ]
    return renamed, [src for src in sources if src.id not in rename]


def _case_start(case: str) -> dt.date | None:
    try:
        from emigre.cases import builtin_case_dirs, load_builtin

        if case in builtin_case_dirs():
            return load_builtin(case).case.start
    except (InputError, OSError):
        return None
    return None


_EDITABLE = {
    "value", "low", "high", "qualifier", "measure", "origin", "destination", "start", "end",
    "group", "note",
}  # fmt: skip


def _parse_sets(pairs: list[str]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for pair in pairs:
        if "=" not in pair:
            raise InputError(f"expected FIELD=VALUE, got {pair!r}", field="--set")
        key, value = pair.split("=", 1)
        key = key.strip()
        if key not in _EDITABLE:
            raise InputError(
                f"cannot edit '{key}' (editable: {', '.join(sorted(_EDITABLE))})", field="--set"
            )
        v: Any = value.strip()
        if v.lower() in ("", "null", "none"):
            v = None
        elif key in ("value", "low", "high"):
            try:
                v = int(v.replace(",", "").replace("_", ""))
            except ValueError as exc:
                raise InputError(
                    f"'{key}' must be a whole number, got {value!r}", field="--set"
                ) from exc
        fields[key] = v
    return fields


def review(
    case: Annotated[
        str, typer.Option("--case", "-c", help="Case whose claims to review.")
    ] = "russia-2022",
    accept: Annotated[
        list[str] | None, typer.Option("--accept", help="Accept a claim by id.")
    ] = None,
    reject: Annotated[
        list[str] | None, typer.Option("--reject", help="Reject a claim by id.")
    ] = None,
    edit: Annotated[
        str | None, typer.Option("--edit", help="Edit a claim by id (with --set).")
    ] = None,
    sets: Annotated[
        list[str] | None,
        typer.Option("--set", help="FIELD=VALUE for --edit, e.g. destination=GEO."),
    ] = None,
    interactive: Annotated[
        bool, typer.Option("--interactive", "-i", help="Go through the claims one by one.")
    ] = False,
    limit: Annotated[int, typer.Option(min=1, help="How many claims to list.")] = 50,
) -> None:
    """List extracted claims with their sentence and source; accept, reject or edit them.

    Example: emigre review --case russia-2022
    Example: emigre review --accept x-1a2b3c4d5e6f --reject x-0f9e8d7c6b5a
    Example: emigre review --edit x-1a2b3c4d5e6f --set destination=GEO --set qualifier=about
    """
    from emigre.store import open_store
    from emigre.store.repo import (
        get_case,
        list_claims,
        list_sources,
        set_claim_state,
        update_claim,
    )

    store = open_store(settings.db_url)
    if accept or reject or edit:
        if sets and not edit:
            raise typer.BadParameter("--set needs --edit ID", param_hint="--set")
        both = sorted(set(accept or []) & set(reject or []))
        if both:
            raise typer.BadParameter(
                f"claim '{both[0]}' is given to both --accept and --reject", param_hint="--reject"
            )
        done: list[str] = []  # printed once the transaction commits, so nothing claims success
        with store.session() as s:
            for cid in accept or []:
                set_claim_state(s, case, cid, "accepted")
                done.append(f"accepted {cid}")
            for cid in reject or []:
                set_claim_state(s, case, cid, "rejected")
                done.append(f"rejected {cid}")
            if edit:
                fields = _parse_sets(sets or [])
                if not fields:
                    raise typer.BadParameter(
                        "give the changes with --set FIELD=VALUE", param_hint="--set"
                    )
                claim = update_claim(s, case, edit, **fields)
                done.append(
                    f"edited {edit}: {_number(claim)} {claim.measure} {claim.destination or 'all'}"
                )
        for line in done:
            console.print(line)
        return
    with store.session() as s:
        get_case(s, case)  # an unknown case is an error, not "nothing to review"
        claims = list_claims(s, case=case, state="extracted")
        sources = {src.id: src for src in list_sources(s, case)}
    if not claims:
        console.print(f"{case}: no extracted claims waiting for review")
        return
    if not interactive:
        shown = claims[:limit]
        console.print(f"[bold]{case}: {plural(len(claims), 'extracted claim')} to review[/]")
        for c in shown:
            _print_claim(c, sources)
        if len(claims) > len(shown):
            console.print(f"… and {len(claims) - len(shown)} more (--limit)")
        console.print("accept with --accept ID, reject with --reject ID, or go one by one with -i")
        return
    _interactive(store, case, claims, sources)


def _print_claim(c: Claim, sources: dict[str, Any]) -> None:
    """One claim as a reviewer reads it: the figure, its words in the text, its source."""
    to = country_name(c.destination) if c.destination else "all destinations"
    flags = f"  [yellow]{', '.join(c.flags)}[/]" if c.flags else ""
    console.print(
        f"\n[bold cyan]{c.id}[/]  [bold]{_number(c)}[/] {c.measure} → {escape(to)}  "
        f"{_period(c) or 'no period'}  {c.group}{flags}",
        highlight=False,
    )
    quote = views.highlighted(_excerpt(c, 110), views.cues(c))
    console.print(Text.assemble("  “", quote, "”"), highlight=False)
    why = views.why(c)
    if why is not None:
        console.print(why, highlight=False)
    src = sources.get(c.source_ids[0]) if c.source_ids else None
    if src is not None:
        when = f" ({src.published})" if src.published else ""
        name = " — ".join(x for x in (src.publisher, src.title) if x) or src.id
        console.print(f"  source: {escape(name[:120])}{when}", highlight=False)


def _interactive(store: Any, case: str, claims: list[Claim], sources: dict[str, Any]) -> None:
    from emigre.store.repo import set_claim_state, update_claim

    for n, c in enumerate(claims, 1):
        src = sources.get(c.source_ids[0]) if c.source_ids else None
        console.rule(f"{n}/{len(claims)}  {c.id}")
        console.print(
            f"[bold]{_number(c)}[/] {c.measure}, to {c.destination or 'all'}, {_period(c) or 'no period'}, group {c.group}"  # noqa: E501
        )
        if c.found_in and c.found_in.sentence:
            console.print(views.highlighted(c.found_in.sentence, views.cues(c)), style="italic")
        why = views.why(c)
        if why is not None:
            console.print(why, highlight=False)
        if src:
            console.print(
                f"source: {escape(src.publisher or '')} {escape(src.title or '')} {src.url or ''}"
            )
        answer = (
            typer.prompt("[a]ccept, [r]eject, [e]dit, [s]kip, [q]uit", default="s").strip().lower()
        )
        if answer.startswith("q"):
            break
        with store.session() as s:
            if answer.startswith("a"):
                set_claim_state(s, case, str(c.id), "accepted")
            elif answer.startswith("r"):
                set_claim_state(s, case, str(c.id), "rejected")
            elif answer.startswith("e"):
                pairs = typer.prompt("changes as FIELD=VALUE, separated by spaces").split()
                update_claim(s, case, str(c.id), **_parse_sets(pairs))


def register(app: typer.Typer) -> None:
    app.command()(extract)
    app.command()(ingest)
    app.command()(review)
