"""Flee's source_data/: the spawn total and the observed count of each camp (data_layout.csv)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from emigre.errors import InputError
from emigre.model.scenario import Series
from emigre.simulate.flee_csv import as_float, is_comment, rows


def read_count_file(path: Path, start: dt.date, name: str) -> Series:
    """A `date,count` file: comments (#) and a header line are skipped, dates may be sparse."""
    points: dict[int, float] = {}
    first = True
    for line, cells in rows(path):
        if is_comment(cells) or cells[0] == "":
            first = False
            continue
        try:
            date = dt.datetime.strptime(cells[0], "%Y-%m-%d").date()
        except ValueError:
            if first:  # a header line
                first = False
                continue
            raise InputError(
                f"not a date (YYYY-MM-DD): {cells[0]!r}", str(path), line, "date"
            ) from None
        first = False
        if len(cells) < 2 or cells[1] == "":
            continue
        value = as_float(cells[1], path, line, "count")
        if value < 0:
            raise InputError(f"negative count {value}", str(path), line, "count")
        points[(date - start).days] = value
    if not points:
        raise InputError("no dated counts", file=str(path))
    days = sorted(points)
    return Series(name=name, days=days, values=[points[d] for d in days])


def _sum_series(name: str, parts: list[Series]) -> Series:
    """Several files for one camp (inside and outside it): each interpolated, then added."""
    if len(parts) == 1:
        return parts[0].model_copy(update={"name": name})
    from emigre.simulate.series import interpolate

    days = sorted({d for p in parts for d in p.days})
    total = [0.0] * len(days)
    for p in parts:
        vals = interpolate(p.days, p.values, days)
        total = [a + b for a, b in zip(total, vals, strict=True)]
    return Series(name=name, days=days, values=total)


def read_layout(
    src: Path, start: dt.date, known: set[str], warnings: list[str]
) -> tuple[Series | None, list[Series]]:
    """The spawn total and the per-camp observations.

    A row for a camp that is not a place of the graph is skipped with a warning (Flee never
    compares it with anything either).
    """
    layout = src / "data_layout.csv"
    total: Series | None = None
    camps: list[Series] = []
    seen: dict[str, tuple[int, list[str]]] = {}
    for line, cells in rows(layout):
        if is_comment(cells):
            continue
        files = [c for c in cells[1:] if c]
        if not files:
            raise InputError("no data file named", str(layout), line, "file")
        name = cells[0]
        if name != "total" and name not in known:
            warnings.append(
                f"data_layout.csv, line {line}: {name!r} is not in locations.csv; its data "
                "were not used"
            )
            continue
        if name in seen:
            if seen[name][1] == files:  # the same files again: Flee reads them twice, alike
                warnings.append(
                    f"data_layout.csv, line {line}: {name!r} repeats line {seen[name][0]}; "
                    "read once"
                )
                continue
            raise InputError(
                f"{name!r} listed twice (line {seen[name][0]}, other files)",
                str(layout),
                line,
                "name",
            )
        seen[name] = (line, files)
        parts = []
        for f in files:
            path = src / f
            if not path.is_file():
                raise InputError(f"data file {f!r} is missing", str(layout), line, "file")
            parts.append(read_count_file(path, start, name))
        series = _sum_series(name, parts)
        if name == "total":
            total = series
        else:
            camps.append(series)
    if total is None:
        raise InputError("no 'total' row (the file of all displaced people)", str(layout))
    return total, camps
