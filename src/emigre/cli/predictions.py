"""`emigre estimate --predict`: what the estimate expects claims it was not given to state."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.table import Table

from emigre.cli.context import console


def predictions(result: Any, path: Path) -> list[Any]:
    from emigre.estimate.predict import predict, read_targets

    return predict(result, read_targets(path))


def _claim(c: dict[str, Any]) -> str:
    value = f"{c['value']:,}" if c.get("value") is not None else f"{c['low']:,}–{c['high']:,}"
    where = c.get("destination") or "all"
    return f"{value} {c['qualifier']} {c['measure']} {where} {c.get('end') or ''}".strip()


def table(preds: list[Any]) -> None:
    t = Table(title="Predicted, not fitted (--predict)", title_justify="left")
    for col in ("line", "claim", "figure", "expected (80 %)", "95 %", "holds", "support"):
        t.add_column(col, justify="right" if col in ("line", "holds") else "left")
    for p in preds:
        if not p.predicted:
            t.add_row(str(p.line), _claim(p.claim), f"[dim]{p.reason}[/]", "", "", "", "")
            continue
        t.add_row(
            str(p.line),
            _claim(p.claim),
            p.quantity or "",
            f"{p.median:,.0f}  [{p.low80:,.0f} – {p.high80:,.0f}]",
            f"{p.low95:,.0f} – {p.high95:,.0f}",
            f"{p.holds:.2f}",
            f"{p.claims_same_place} claims on it, {p.claims_in_fit} in the fit",
        )
    console.print(t)
