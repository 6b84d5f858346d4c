"""What templates share (filters, words) and the method document rendered as HTML."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt

from emigre.model.cues import cue_segments, ordered_cues
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
    table_number,
)

DOCS = Path(__file__).resolve().parents[3] / "docs"


def env_globals() -> dict[str, Any]:
    return {
        "num": num,
        "count": count,
        "fit_text": fit_text,
        "short": short,
        "table_number": table_number,
        "number_text": number_text,
        "period_text": period_text,
        "place_text": place_text,
        "country_name": country_name,
        "ordered_cues": ordered_cues,
        "cue_segments": cue_segments,
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
    return anchored(md.render(path.read_text(encoding="utf-8")))


def anchored(html: str) -> str:
    """Section headings with ids ("Against the estimate" -> #against-the-estimate), so a
    page can link to the term it uses."""

    def one(m: re.Match[str]) -> str:
        slug = re.sub(r"[^a-z0-9]+", "-", re.sub(r"<[^>]+>", "", m.group(2)).lower()).strip("-")
        return f'<h{m.group(1)} id="{slug}">{m.group(2)}</h{m.group(1)}>'

    return re.sub(r"<h([23])>(.*?)</h\1>", one, html)


def method_html() -> str | None:
    return doc_html("method")
