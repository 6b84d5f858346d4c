"""An extracted claim as the terminal shows it: its figure, its period, the words around it in
its sentence, and the words of the text that decided each field (its cues)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rich.text import Text

from emigre.model import Claim
from emigre.model.cues import cue_spans, ordered_cues


def number(c: Claim) -> str:
    if c.qualifier == "range":
        return f"{c.low:,}–{c.high:,}"
    sign = {"about": "~", "at_least": "≥", "at_most": "≤"}.get(c.qualifier, "")
    return f"{sign}{c.value:,}"


def period(c: Claim) -> str:
    a = c.start.isoformat() if c.start else ""
    b = c.end.isoformat() if c.end else ""
    return f"{a}..{b}" if a or b else ""


def cues(c: Claim) -> dict[str, str]:
    """The words that decided each field, in reading order; empty when the engine kept none."""
    return ordered_cues(c.found_in.cues if c.found_in else None)


def cue_line(c: Claim) -> str:
    """'measure “fled” · destination “to Georgia”' (plain text: escape it for Rich)."""
    return " · ".join(f"{k} “{v}”" for k, v in cues(c).items())


def excerpt(c: Claim, width: int = 90) -> str:
    """The words around the figure in its sentence, so a table row stays short."""
    sentence = " ".join(((c.found_in.sentence or "") if c.found_in else "").split())
    if len(sentence) <= width:
        return sentence
    n = c.value if c.value is not None else c.low
    at = -1
    if n is not None:
        for form in (f"{n:,}", str(n), f"{n:,}".replace(",", "."), f"{n / 1e6:g} million"):
            at = sentence.find(form)
            if at >= 0:
                break
    start = max(0, min(at - width // 3, len(sentence) - width)) if at >= 0 else 0
    stop = start + width
    if start > 0 and sentence[start - 1] != " ":  # whole words only
        start = sentence.find(" ", start) + 1
    if stop < len(sentence) and sentence[stop] != " ":
        stop = sentence.rfind(" ", start, stop)
    text = sentence[start:stop].strip()
    return ("…" if start > 0 else "") + text + ("…" if stop < len(sentence) else "")


def span_text(start: dt.date | None, end: dt.date | None) -> str:
    """'2022-09-21 → 2022-10-04' (wraps after the arrow in a narrow column); one date for a
    single day; an open end as an arrow."""
    if start and end:
        return str(start) if start == end else f"{start} → {end}"
    if end:
        return f"→ {end}"
    return f"{start} →" if start else ""


def highlighted(sentence: str, words: dict[str, str] | None) -> Text:
    """The sentence with each cue's words in bold and underlined; a Text is never read as
    markup, so a sentence with [brackets] prints as written."""
    text = Text(sentence)
    for start, end, _ in cue_spans(sentence, words):
        text.stylize("bold underline", start, end)
    return text


def why(c: Claim) -> Text | None:
    """'why: measure “fled” · destination “to Georgia”' for a reviewer, or None."""
    found = cues(c)
    if not found:
        return None
    line = Text("  why: ", style="dim")
    for n, (key, words) in enumerate(found.items()):
        if n:
            line.append(" · ", style="dim")
        line.append(f"{key} ", style="dim")
        line.append(f"“{words}”", style="bold")
    return line


def claim_record(document: str, c: Claim) -> dict[str, Any]:
    """One claim as a program reads it: the document it came from, the claim, its cues."""
    return {"document": document, **c.model_dump(mode="json")}


CSV_COLUMNS = [
    "document", "value", "low", "high", "qualifier", "measure", "origin", "destination", "start",
    "end", "group", "flags", "source_ids", "sentence", "cues",
]  # fmt: skip


def csv_row(document: str, c: Claim) -> dict[str, Any]:
    row = c.model_dump(mode="json")
    row["document"] = document
    row["sentence"] = " ".join(((c.found_in.sentence or "") if c.found_in else "").split())
    row["cues"] = "; ".join(f"{k}={v}" for k, v in cues(c).items())
    return row


def table_row(c: Claim) -> dict[str, Any]:
    from emigre.model.country import country_name

    words = cue_line(c)
    return {
        "figure": f"{number(c)} {c.measure}",
        "to": country_name(c.destination) if c.destination else "all",
        "period": span_text(c.start, c.end),
        "group, flags": ", ".join([c.group, *c.flags]),
        "sentence": excerpt(c) + (f"\nwhy: {words}" if words else ""),
    }
