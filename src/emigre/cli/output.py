"""Printing records for people (Rich tables) and for programs (JSON, JSON lines, CSV)."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import Any

from pydantic import BaseModel
from rich.table import Table

from emigre.cli.context import console


class Format(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


def to_jsonable(item: Any) -> Any:
    if isinstance(item, BaseModel):
        return item.model_dump(mode="json")
    return item


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(to_jsonable(data), ensure_ascii=False, indent=2, default=str))
    sys.stdout.write("\n")


def print_jsonl(rows: Iterable[Any]) -> None:
    for row in rows:
        sys.stdout.write(json.dumps(to_jsonable(row), ensure_ascii=False, default=str) + "\n")


def print_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> None:
    writer = csv.DictWriter(sys.stdout, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(row.get(k)) for k in columns})


def _cell(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return ";".join(str(v) for v in value)
    return "" if value is None else value


def print_table(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[str],
    *,
    title: str | None = None,
    right: Sequence[str] = (),
    nowrap: Sequence[str] = (),
) -> None:
    table = Table(title=title, show_lines=False, header_style="bold", title_justify="left")
    for col in columns:
        keep = col in right or col in nowrap
        table.add_column(col, justify="right" if col in right else "left", no_wrap=keep)
    for row in rows:
        table.add_row(*(_text(row.get(c)) for c in columns))
    console.print(table)


def _text(value: Any) -> str:
    from rich.markup import escape

    if isinstance(value, list | tuple):
        value = ", ".join(str(v) for v in value)
    return "" if value is None else escape(str(value))
