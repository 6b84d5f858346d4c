"""Column types the dialects do not share: a flag list that filters with LIKE everywhere."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Text
from sqlalchemy.types import TypeDecorator


class FlagList(TypeDecorator[list[str]]):
    """A sorted list of words stored as ',a,b,' so `LIKE '%,a,%'` finds a flag on any database."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> str:
        items = sorted(set(value or []))
        return "," + ",".join(items) + "," if items else ""

    def coerce_compared_value(self, op: Any, value: Any) -> Any:
        # Comparisons (LIKE patterns) bind plain text, not a list to be joined.
        return Text() if isinstance(value, str) else self

    def process_result_value(self, value: Any, dialect: Any) -> list[str]:
        return [v for v in (value or "").split(",") if v]


def flag_pattern(flag: str) -> str:
    return f"%,{flag},%"
