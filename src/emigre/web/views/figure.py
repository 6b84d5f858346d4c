"""A chart with what it needs to be honest: its numbers as tables and the sources behind it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from emigre.model import Source

PEOPLE_FIELDS = frozenset(
    {
        "value",
        "low",
        "high",
        "y",
        "y_low",
        "y_high",
        "median",
        "low80",
        "high80",
        "low95",
        "high95",
        "estimate",
        "estimate_low80",
        "estimate_high80",
        "difference",
        "difference_low",
        "difference_high",
        "arrivals",
        "people",
        "observed",
        "simulated",
        "per_day",
    }
)
"""Columns that count people: a CSV gives them as whole people (JSON keeps every digit)."""


def people_cell(key: str, value: Any) -> Any:
    """A count of people as a whole number for CSV; anything else unchanged."""
    if key in PEOPLE_FIELDS and isinstance(value, float) and value == value:
        return round(value)
    return value


@dataclass
class Table:
    name: str
    title: str
    columns: list[tuple[str, str]]
    """(key, heading) pairs, in order."""
    rows: list[dict[str, Any]]

    def records(self) -> list[dict[str, Any]]:
        """Rows with only the table's columns, for JSON and CSV."""
        keys = [k for k, _ in self.columns]
        return [{k: r.get(k) for k in keys} for r in self.rows]

    def people(self) -> list[str]:
        """The columns a CSV rounds to whole people."""
        return [k for k, _ in self.columns if k in PEOPLE_FIELDS]


@dataclass
class Figure:
    id: str
    title: str
    spec: dict[str, Any]
    tables: list[Table]
    sources: list[Source]
    method: str
    """One line saying how the numbers were made."""
    note: str | None = None
    api: dict[str, str] = field(default_factory=dict)
    """Links to the same numbers from the API: {'JSON': url, 'CSV': url}."""
