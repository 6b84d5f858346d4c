"""Cells of Flee's CSV files, read with the file, line and field of every bad value."""

from __future__ import annotations

import csv
import datetime as dt
import math
from collections.abc import Iterator
from pathlib import Path

from emigre.errors import InputError


def rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(line number, stripped cells) for each non-empty row of a CSV file."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            reader = csv.reader(fh)
            try:
                for row in reader:
                    cells = [c.strip() for c in row]
                    if any(cells):
                        yield reader.line_num, cells
            except csv.Error as exc:
                raise InputError(
                    f"not valid CSV: {exc}", file=str(path), line=reader.line_num
                ) from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start})", file=str(path)) from exc
    except FileNotFoundError as exc:
        raise InputError("file is missing", file=str(path)) from exc
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", file=str(path)) from exc


def is_comment(cells: list[str]) -> bool:
    return cells[0].startswith("#")


def as_float(
    text: str, path: Path, line: int, field: str, *, default: float | None = None
) -> float:
    if text == "" and default is not None:
        return default
    try:
        value = float(text)
    except ValueError:
        raise InputError(
            f"not a number: {text!r}", file=str(path), line=line, field=field
        ) from None
    if not math.isfinite(value):
        raise InputError(f"not a finite number: {text!r}", file=str(path), line=line, field=field)
    return value


def as_int(text: str, path: Path, line: int, field: str, *, default: int | None = None) -> int:
    if text == "" and default is not None:
        return default
    try:
        return int(text)
    except ValueError:
        pass
    value = as_float(text, path, line, field)
    if value != int(value):
        raise InputError(f"not a whole number: {text!r}", file=str(path), line=line, field=field)
    return int(value)


def as_date(text: str, path: Path, line: int, field: str) -> dt.date:
    try:
        return dt.datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        raise InputError(
            f"not a date (YYYY-MM-DD): {text!r}", file=str(path), line=line, field=field
        ) from None
