"""What templates share (filters, words) and the method document rendered as HTML."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt

from emigre.web.views.text import (
    FLAG_LABELS,
    MEASURE_LABELS,
    STATE_LABELS,
    count,
    country_name,
    fit_text,
    num,
    number_text,
    period_text,
    place_text,
    short,
)

DOCS = Path(__file__).resolve().parents[3] / "docs"


def env_globals() -> dict[str, Any]:
    return {
        "num": num,
        "count": count,
        "fit_text": fit_text,
        "short": short,
        "number_text": number_text,
        "period_text": period_text,
        "place_text": place_text,
        "country_name": country_name,
        "FLAG_LABELS": FLAG_LABELS,
        "MEASURE_LABELS": MEASURE_LABELS,
        "STATE_LABELS": STATE_LABELS,
    }


@cache
def doc_html(name: str) -> str | None:
    """docs/NAME.md as HTML (raw HTML in it is escaped), or None where it is not shipped."""
    if not re.fullmatch(r"[a-z][a-z0-9_-]*", name):
        return None
    path = DOCS / f"{name}.md"
    if not path.is_file():
        return None
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    return md.render(path.read_text(encoding="utf-8"))


def method_html() -> str | None:
    return doc_html("method")
