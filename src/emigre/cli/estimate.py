"""`emigre estimate` and `emigre explain`: the reconciled figures, and the claims behind one."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from emigre.cli.context import console, err_console, settings
from emigre.errors import InputError


class Format(StrEnum):
    table = "table"
    json = "json"


def _date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise InputError(f"not a date YYYY-MM-DD: {value!r}", field=option) from exc


def _check_span(start: dt.date, as_of: dt.date) -> None:
    """The model's weekly grid has a ceiling; past it say so, before any work is done."""
    from emigre.estimate.posterior import MAX_WEEKS, Grid

    if Grid.between(start, as_of).T > MAX_WEEKS:
        raise InputError(
            f"{start} to {as_of} is longer than the {MAX_WEEKS} weeks an estimate covers",
            field="--as-of",
        )


def _people(x: float) -> str:
    return f"{x:,.0f}"


def _band(i: Any) -> str:
    return f"{i.median:,.0f}  [{i.low95:,.0f} – {i.high95:,.0f}]"


@contextmanager
def _progress(enabled: bool) -> Iterator[Any]:
    """A progress bar on stderr while the sampler runs; nothing when quiet."""
    if not enabled:
        yield None
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("[bold]sampling the posterior"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} iterations"),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    ) as bar:
        task = bar.add_task("sample", total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def _request(
    case: str | None,
    claims: Path | None,
    docs: Path | None,
    start: str | None,
    as_of: str | None,
    origin: str,
    waves: list[str] | None,
    priors: Path | None,
    chains: int,
    warmup: int | None,
    draws: int | None,
    seed: int,
) -> Any:
    from emigre.estimate import Settings, case_priors_file, case_request, load_case, load_priors
    from emigre.estimate.claimfile import read_claims, read_document_dates
    from emigre.estimate.run import Request

    sampler = Settings(chains=chains, warmup=warmup, draws=draws, seed=seed)
    if case and claims:
        raise typer.BadParameter("give either --case or --claims, not both")
    when = _date(as_of, "--as-of")
    if claims is not None:
        begin = _date(start, "--start")
        if begin is None:
            raise typer.BadParameter("--claims needs --start (the date the emigration began)")
        items = read_claims(claims, read_document_dates(docs) if docs else None)
        if when is None:
            ends = [it.claim.end or it.document_date for it in items]
            known = [d for d in ends if d is not None]
            when = max(known) if known else None
        if when is None:
            raise typer.BadParameter("--claims needs --as-of when no claim has a date")
        if when < begin:
            raise InputError("the as-of date is before the start", field="--as-of")
        _check_span(begin, when)
        wave_dates = [d for d in (_date(w, "--wave") for w in waves or []) if d is not None]
        from emigre.model.country import is_alpha3, lookup_country

        if not is_alpha3(origin.upper()):
            near = lookup_country(origin)
            hint = f"; did you mean {near}?" if near else ""
            raise InputError(
                f"unknown country code {origin!r}: expected an ISO 3166-1 alpha-3 code{hint}",
                field="--origin",
            )
        return (
            Request(
                items=items,
                start=begin,
                as_of=when,
                origin=origin.upper(),
                waves=sorted(w for w in wave_dates if w > begin),
                priors=load_priors(priors),
                settings=sampler,
            ),
            None,
        )
    case_id = case or "russia-2022"
    bundle, note = load_case(case_id, settings.db_url)
    if when is not None and bundle.case.start is not None and when < bundle.case.start:
        raise InputError(
            f"the as-of date {when} is before the case starts ({bundle.case.start})",
            field="--as-of",
        )
    if when is not None and bundle.case.start is not None:
        _check_span(bundle.case.start, when)
    req = case_request(
        bundle,
        as_of=when,
        priors=load_priors(case_priors_file(case_id), priors),
        settings=sampler,
    )
    return req, note


def _estimate_table(est: Any) -> None:
    from emigre.model import country_name

    title = f"Estimate for {est.case or 'the claims given'}, {est.start} to {est.as_of}"
    console.print(f"[bold]{title}[/]  (medians, 95 % intervals in brackets)")
    t = Table(title="People who had left since the start", title_justify="left")
    t.add_column("by")
    t.add_column("median", justify="right")
    t.add_column("80 %", justify="right")
    t.add_column("95 %", justify="right")
    shown = [d for d in est.departures if d.date.month in (3, 6, 9, 12) and d.date.day > 24]
    picked: dict[tuple[int, int], Any] = {}
    for d in shown:
        picked[(d.date.year, d.date.month)] = d
    rows = list(picked.values())
    if not rows or rows[-1].date != est.departures[-1].date:  # the as-of date, once
        rows.append(est.departures[-1])
    for d in rows:
        t.add_row(
            str(d.date),
            _people(d.median),
            f"{d.low80:,.0f} – {d.high80:,.0f}",
            f"{d.low95:,.0f} – {d.high95:,.0f}",
        )
    console.print(t)
    t = Table(title=f"Abroad on {est.as_of}, by destination", title_justify="left")
    for col in ("destination", "arrived (entries)", "present", "share"):
        t.add_column(col, justify="left" if col == "destination" else "right")
    for d in est.destinations:
        name = (
            d.name
            if d.destination == "other"
            else f"{country_name(d.destination)} ({d.destination})"
        )
        t.add_row(name, _band(d.arrivals), _band(d.stock), f"{d.share_of_remaining.median:.0%}")
    r = est.remaining_abroad
    t.add_row("[bold]total abroad[/]", "", f"[bold]{_band(r)}[/]", "100%")
    console.print(t)
    console.print(f"Gone back by {est.as_of}: {_band(est.returned)}")
    t = Table(title="How each claim fits", title_justify="left")
    for col in ("#", "claim", "read as", "predicted", "fit", "support", "status"):
        t.add_column(col, justify="right" if col in ("#", "fit", "support") else "left")
    for c in est.claims:
        status = []
        if c.contradicted:
            others = ", ".join(map(str, c.conflicts_with[:6]))
            status.append(f"[red]contradicted[/]{' by ' + others if others else ''}")
        if c.unsupported:
            status.append("[yellow]no body figure supports it[/]")
        if not c.used and c.role != "forecast":
            status.append(f"[dim]left out: {c.reason}[/]")
        if c.role == "forecast":
            status.append("[dim]forecast, not fitted[/]")
        t.add_row(
            str(c.index),
            c.claim_id or c.label or "",
            f"{c.role} {c.quantity or ''}".strip(),
            _band(c.predicted) if c.predicted else "",
            f"{c.fit:.2f}" if c.fit is not None else "",
            f"{c.support:.3f}" if c.support is not None else "",
            "; ".join(status),
        )
    console.print(t)
    for n, r in enumerate(est.readings, 1):
        behind = "; ".join(f"{c.index} {c.label or c.claim_id or ''}".strip() for c in r.claims)
        console.print(
            f"[bold]Reading {n}[/] ({r.weight:.0%} of the posterior): left "
            f"{_band(r.departures)}, abroad {_band(r.remaining_abroad)}; behind it: "
            f"{behind or 'no claim in particular'}"
        )
    dg = est.diagnostics
    console.print(
        f"[dim]{dg.sampler}: {dg.chains} chains x {dg.draws} draws, R-hat {dg.rhat_max:.3f}, "
        f"bulk ESS {dg.ess_bulk_min:.0f}, tail ESS {dg.ess_tail_min:.0f}, {dg.seconds:.1f} s; "
        f"key {est.key}[/]"
    )
    for w in dg.warnings:
        err_console.print(f"[yellow]warning:[/] {w}")


def estimate(
    case: Annotated[
        str | None,
        typer.Option(
            "--case",
            help="Case id; its accepted claims come from the store "
            "(or the built-in files when the store has not loaded it).",
        ),
    ] = None,
    claims: Annotated[
        Path | None,
        typer.Option(
            "--claims",
            help="A JSONL file of claims in the shared evaluation format, "
            "each with a 'source' string.",
            dir_okay=False,
        ),
    ] = None,
    start: Annotated[
        str | None, typer.Option("--start", help="With --claims: the date the emigration began.")
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Last date of the estimate (default: the latest claim)."),
    ] = None,
    origin: Annotated[
        str, typer.Option("--origin", help="With --claims: the country people leave.")
    ] = "RUS",
    wave: Annotated[
        list[str] | None,
        typer.Option(
            "--wave", help="With --claims: a date a wave of departures began (repeatable)."
        ),
    ] = None,
    docs: Annotated[
        Path | None,
        typer.Option(
            "--docs",
            help="With --claims: a documents file (*-docs.jsonl) whose "
            "'published' dates stand in for missing end dates.",
            dir_okay=False,
        ),
    ] = None,
    priors: Annotated[
        Path | None,
        typer.Option(
            "--priors", help="A YAML file overriding priors (see docs/method.md).", dir_okay=False
        ),
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", help="table or json.")] = Format.table,
    chains: Annotated[int, typer.Option(min=2, help="Sampler chains.")] = 4,
    warmup: Annotated[
        int | None,
        typer.Option(
            min=20, help="Warm-up iterations per chain (default: 200, or 120 for large models)."
        ),
    ] = None,
    draws: Annotated[
        int | None,
        typer.Option(min=20, help="Draws kept per chain (default: 250, or 150 for large models)."),
    ] = None,
    seed: Annotated[int, typer.Option(help="Random seed (results are reproducible).")] = 0,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Recompute even if a cached estimate matches.")
    ] = False,
    predict: Annotated[
        Path | None,
        typer.Option(
            "--predict",
            help="A JSONL file of claims (one a line, or {doc_id, claims} lines) NOT to fit: "
            "each gets the interval the estimate expects it to state.",
            dir_okay=False,
        ),
    ] = None,
) -> None:
    """Reconcile the claims into how many left, when, to where, and how many remain.

    Examples:
      emigre estimate --case russia-2022 --as-of 2024-06-30
      emigre estimate --claims claims.jsonl --start 2022-02-24 --as-of 2023-12-31 --format json
    """
    from emigre.estimate import estimate as compute

    req, note = _request(
        case, claims, docs, start, as_of, origin, wave, priors, chains, warmup, draws, seed
    )
    if note and not settings.quiet:
        err_console.print(f"[dim]note: {note}[/]")
    preds = None
    if predict is not None:
        from emigre.cli import predictions
        from emigre.estimate import estimate_with_draws
        from emigre.estimate.predict import read_targets

        read_targets(predict)  # a bad file is refused before any sampling
        with _progress(not settings.quiet) as progress:
            result = estimate_with_draws(req, progress=progress, use_cache=not no_cache)
        est, preds = result.estimate, predictions.predictions(result, predict)
    else:
        with _progress(not settings.quiet) as progress:
            est = compute(req, progress=progress, use_cache=not no_cache)
    if fmt == Format.json:
        if preds is None:
            typer.echo(est.model_dump_json(indent=1))
        else:
            out = est.model_dump(mode="json")
            out["predictions"] = [p.model_dump(mode="json") for p in preds]
            typer.echo(json.dumps(out, indent=1))
        return
    _estimate_table(est)
    if preds is not None:
        predictions.table(preds)


def explain(
    figure: Annotated[
        str,
        typer.Argument(
            help="NAME[:PLACE]@[START..]END, e.g. stock:GEO@2023-01-01, "
            "departures@2022-12-31, remaining@2024-06-30, arrivals:KAZ@2022-12-31."
        ),
    ],
    case: Annotated[str | None, typer.Option("--case", help="Case id (see estimate).")] = None,
    claims: Annotated[
        Path | None, typer.Option("--claims", help="A JSONL claims file (see estimate).")
    ] = None,
    start: Annotated[str | None, typer.Option("--start")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of")] = None,
    origin: Annotated[str, typer.Option("--origin")] = "RUS",
    wave: Annotated[list[str] | None, typer.Option("--wave")] = None,
    docs: Annotated[Path | None, typer.Option("--docs")] = None,
    priors: Annotated[Path | None, typer.Option("--priors")] = None,
    fmt: Annotated[Format, typer.Option("--format", help="table or json.")] = Format.table,
    top: Annotated[int, typer.Option(min=1, help="How many claims to list.")] = 12,
    exact: Annotated[
        int,
        typer.Option(
            min=0,
            help="Refit without each of the first N listed claims whose shift is only roughly "
            "estimated (Pareto k above 0.7), for their exact shift; one estimate each.",
        ),
    ] = 0,
    chains: Annotated[int, typer.Option(min=2)] = 4,
    warmup: Annotated[int | None, typer.Option(min=20)] = None,
    draws: Annotated[int | None, typer.Option(min=20)] = None,
    seed: Annotated[int, typer.Option()] = 0,
) -> None:
    """The claims behind one estimated figure, how much each moved it, and the assumptions.

    Without --case or --claims it explains the most recent estimate.

    Examples:
      emigre explain stock:GEO@2023-01-01
      emigre explain departures@2022-12-31 --case russia-2022
    """
    from emigre.estimate import cache, estimate_with_draws, explain_figure
    from emigre.estimate.figures import parse_figure

    parse_figure(figure)  # bad names fail before any work
    result = None
    req = None
    if case is None and claims is None:
        key = cache.last_key()
        hit = cache.load_result(key) if key else None
        if hit is not None and (as_of is None or hit[0].estimate.as_of == _date(as_of, "--as-of")):
            result, req = hit
    if result is None:
        req, note = _request(
            case, claims, docs, start, as_of, origin, wave, priors, chains, warmup, draws, seed
        )
        if note and not settings.quiet:
            err_console.print(f"[dim]note: {note}[/]")
        with _progress(not settings.quiet) as progress:
            result = estimate_with_draws(req, progress=progress)
    if exact and not settings.quiet:
        err_console.print(f"[dim]refitting without up to {exact} claims, one estimate each…[/]")
    ex = explain_figure(result, figure, top=top, request=req, exact=exact)
    if fmt == Format.json:
        typer.echo(ex.model_dump_json(indent=1))
        return
    e = ex.estimate
    console.print(f"[bold]{ex.figure}[/]: {ex.description}")
    console.print(
        f"  median {e.median:,.0f}; 80 % {e.low80:,.0f} – {e.high80:,.0f}; "
        f"95 % {e.low95:,.0f} – {e.high95:,.0f}"
    )
    if ex.prior_only:
        console.print(
            "  [yellow]No claim moves this figure beyond sampling noise: it rests on "
            "the priors and on claims about other figures.[/]"
        )
    t = Table(
        title="Claims behind it (how much each moved the median: with it minus without it)",
        title_justify="left",
    )
    for col in ("#", "claim", "source", "moved it by", "%", "k"):
        t.add_column(col, justify="right" if col in ("#", "moved it by", "%", "k") else "left")
    for c in ex.claims:
        k = f"{c.pareto_k:.2f}" if c.pareto_k is not None else ""
        if c.exact:
            k = "[yellow]exact?[/]" if c.refit_warnings else "exact"
        elif c.pareto_k is not None and c.pareto_k > 0.7:
            k = f"[yellow]{k}[/]"
        t.add_row(
            str(c.index),
            c.summary,
            c.claim_id or c.label or "",
            f"{c.shift:+,.0f}",
            f"{c.shift_percent:+.1f}",
            k,
        )
    console.print(t)
    console.print("[bold]Assumptions[/]")
    for a in ex.assumptions:
        console.print(f"  - {a}", highlight=False)


def register(app: typer.Typer) -> None:
    app.command()(estimate)
    app.command()(explain)
