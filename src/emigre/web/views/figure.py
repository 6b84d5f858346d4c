"""A chart with what it needs to be honest: its numbers as tables and the sources behind it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from emigre.model import Source


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
