"""Printing records for people (Rich tables) and for programs (JSON, JSON lines, CSV)."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import Any, TextIO

from pydantic import BaseModel
from rich import box
from rich.console import Console
from rich.markup import escape
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


def print_json(data: Any, file: TextIO | None = None) -> None:
    out = file or sys.stdout
    out.write(json.dumps(to_jsonable(data), ensure_ascii=False, indent=2, default=str))
    out.write("\n")


def print_jsonl(rows: Iterable[Any], file: TextIO | None = None) -> None:
    out = file or sys.stdout
    for row in rows:
        out.write(json.dumps(to_jsonable(row), ensure_ascii=False, default=str) + "\n")


def print_csv(
    rows: Sequence[dict[str, Any]], columns: Sequence[str], file: TextIO | None = None
) -> None:
    writer = csv.DictWriter(file or sys.stdout, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(row.get(k)) for k in columns})


def _cell(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return ";".join(str(v) for v in value)
    return "" if value is None else value


_GAP = 2  # between columns: one space of padding and the box's one-space divider
_MIN_TEXT = 12  # the narrowest a wrapped text column may become


def plural(n: int, word: str, many: str | None = None) -> str:
    """'1 claim', '2 claims', '0 claims' (many for irregular plurals: 'policy', 'policies')."""
    return f"{n:,} {word if n == 1 else (many or word + 's')}"


def shorten_ids(ids: Sequence[str], width: int) -> dict[str, str]:
    """Each id at most `width` characters, its start and its end kept around an ellipsis, and
    still telling every id of the list apart: ids that would look alike keep more of their
    end; one that cannot be told apart within the width stays whole."""
    out = {i: i for i in ids}
    pending = [i for i in dict.fromkeys(ids) if len(i) > width]
    tail = max(4, width // 3)
    while pending and tail <= width - 2:
        short = {i: f"{i[: width - 1 - tail]}…{i[-tail:]}" for i in pending}
        taken = set(out.values()) - set(pending)
        seen: dict[str, int] = {}
        for form in short.values():
            seen[form] = seen.get(form, 0) + 1
        clashing = []
        for i, form in short.items():
            if seen[form] == 1 and form not in taken:
                out[i] = form
            else:
                clashing.append(i)
        pending = clashing
        tail += 1
    return out


def print_table(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[str],
    *,
    title: str | None = None,
    right: Sequence[str] = (),
    nowrap: Sequence[str] = (),
    ids: Sequence[str] = ("id",),
    headers: dict[str, str] | None = None,
    wide: bool = False,
    target: Console | None = None,
) -> bool:
    """A table that fits the terminal (80 columns in a pipe): ids, figures, codes and dates
    whole on one line, the other text wrapped between words; ids shortened visibly (head…tail)
    only when nothing else makes room, and never with `wide`. Returns whether ids were
    shortened."""
    cells = {c: [_plain(row.get(c)) for row in rows] for c in columns}
    label = {c: (headers or {}).get(c, c) for c in columns}
    fixed = [c for c in columns if c in right or c in nowrap or c in ids]
    texts = [c for c in columns if c not in fixed]

    def natural(c: str) -> int:
        return max([len(label[c]), *(len(v) for v in cells[c])])

    show = target or console
    width = show.width
    widths = {c: natural(c) for c in columns}
    floor = {c: min(widths[c], max(_MIN_TEXT, _longest_word(cells[c], 20))) for c in texts}
    room = width - _GAP * (len(columns) - 1) - sum(widths[c] for c in fixed)
    shortened = False
    id_cols = [c for c in fixed if c in ids]
    deficit = sum(floor.values()) - room
    if not wide and deficit > 0 and id_cols:
        for c in id_cols:
            budget = max(14, widths[c] - -(-deficit // len(id_cols)))
            if widths[c] > budget:
                short = shorten_ids(cells[c], budget)
                shortened |= any(short[v] != v for v in cells[c])
                cells[c] = [short[v] for v in cells[c]]
                # an id no shorter form tells apart folds onto a second line, whole
                widths[c] = min(natural(c), max(budget, len(label[c])))
        room = width - _GAP * (len(columns) - 1) - sum(widths[c] for c in fixed)
    if not wide:
        widths.update(_share(room, {c: widths[c] for c in texts}, floor))
    table = Table(
        title=title, title_justify="left", header_style="bold", box=box.SIMPLE_HEAD,
        show_edge=False, pad_edge=False, padding=(0, _GAP - 1, 0, 0), expand=False,
    )  # fmt: skip
    for c in columns:
        table.add_column(
            label[c], justify="right" if c in right else "left",
            no_wrap=c in fixed and c not in ids,
            overflow="fold", width=widths[c],
        )  # fmt: skip
    for i in range(len(rows)):
        table.add_row(*(escape(cells[c][i]) for c in columns))
    if wide:
        # as wide as the table is, on the same stream: a pager or a file keeps whole lines
        total = sum(widths.values()) + _GAP * (len(columns) - 1)
        Console(
            file=show.file, width=max(width, total), color_system=show.color_system,
            force_terminal=show.is_terminal, highlight=False,
        ).print(table)  # fmt: skip
    else:
        show.print(table)
    if shortened:
        show.print("[dim](ids shortened with …; --wide shows them whole)[/]", highlight=False)
    return shortened


def _longest_word(values: Sequence[str], cap: int) -> int:
    return min(cap, max((len(w) for v in values for w in v.split()), default=0))


def _share(room: int, natural: dict[str, int], floor: dict[str, int]) -> dict[str, int]:
    """Widths for the wrapped columns: all they need if it fits, else each its floor and the
    rest of the room in proportion to what each would still take."""
    if sum(natural.values()) <= room:
        return natural
    base = {c: floor[c] for c in natural}
    if sum(base.values()) > room:  # too many columns for the terminal: shrink the floors
        scale = max(room, 4 * len(base)) / max(1, sum(base.values()))
        return {c: max(4, int(w * scale)) for c, w in base.items()}
    spare = room - sum(base.values())
    want = {c: natural[c] - base[c] for c in natural}
    total = sum(want.values()) or 1
    out = {c: base[c] + spare * want[c] // total for c in natural}
    return out


def _plain(value: Any) -> str:
    if isinstance(value, list | tuple):
        value = ", ".join(str(v) for v in value)
    return "" if value is None else str(value)
