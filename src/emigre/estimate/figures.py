"""Names of figures ("stock:GEO@2023-01-01") and their values in every posterior draw.

The grammar is NAME[:PLACE]@[START..]END:
  departures@END            people who had left the origin by END (since the case start)
  remaining@END             people abroad at END, all destinations together
  returned@END              people who had left and gone back by END
  stock:GEO@END             people present in a destination at END
  arrivals:KAZ@[START..]END entries into a destination over the period
  leavers:KAZ@[START..]END  people leaving a destination over the period
  returns[:FIN]@[START..]END people going back to the origin over the period
A missing START means the case start. Every claim's `quantity` is such a name.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import numpy as np

from emigre.errors import InputError
from emigre.model import country_name
from emigre.model.country import is_alpha3

_PATTERN = re.compile(
    r"^(?P<name>[a-z]+)(?::(?P<place>[A-Za-z]{3}|other))?@"
    r"(?:(?P<start>\d{4}-\d{2}-\d{2})\.\.)?(?P<end>\d{4}-\d{2}-\d{2})$"
)
LEVELS = {"stock", "remaining"}
NEEDS_PLACE = {"stock", "arrivals", "leavers"}
NO_PLACE = {"departures", "remaining", "returned"}
NAMES = ("departures", "remaining", "returned", "stock", "arrivals", "leavers", "returns")


@dataclass(frozen=True)
class Figure:
    name: str
    place: str | None
    start: dt.date | None
    end: dt.date

    @property
    def key(self) -> str:
        place = f":{self.place}" if self.place else ""
        period = f"{self.start.isoformat()}.." if self.start else ""
        return f"{self.name}{place}@{period}{self.end.isoformat()}"

    def describe(self) -> str:
        where = country_name(self.place) if self.place and self.place != "other" else None
        if self.place == "other":
            where = "destinations no claim names"
        since = f"from {self.start.isoformat()} " if self.start else ""
        until = f"to {self.end.isoformat()}"
        return {
            "departures": f"people who left {since}{until}",
            "remaining": f"people abroad on {self.end.isoformat()}",
            "returned": f"people who had gone back by {self.end.isoformat()}",
            "stock": f"people present in {where} on {self.end.isoformat()}",
            "arrivals": f"entries into {where} {since}{until}",
            "leavers": f"people leaving {where} {since}{until}",
            "returns": f"people going back from {where or 'abroad'} {since}{until}",
        }[self.name]


def parse_figure(text: str) -> Figure:
    m = _PATTERN.match(text.strip())
    if not m:
        raise InputError(
            f"cannot read the figure '{text}': expected NAME[:PLACE]@[START..]END, for example "
            "stock:GEO@2023-01-01, departures@2022-12-31 or arrivals:KAZ@2022-09-21..2022-09-28"
        )
    name = m["name"]
    if name not in NAMES:
        raise InputError(f"unknown figure '{name}': expected one of {', '.join(NAMES)}")
    place = m["place"]
    if place and place != "other":
        place = place.upper()
    if place and place != "other" and not is_alpha3(place):
        raise InputError(
            f"unknown country code '{place}' in '{text}': expected an ISO 3166-1 alpha-3 code "
            "such as GEO, or 'other'"
        )
    if name in NEEDS_PLACE and not place:
        raise InputError(f"'{name}' needs a destination, for example {name}:GEO@2023-01-01")
    if name in NO_PLACE and place:
        raise InputError(f"'{name}' is about all destinations: leave out ':{place}'")
    try:
        end = dt.date.fromisoformat(m["end"])
        start = dt.date.fromisoformat(m["start"]) if m["start"] else None
    except ValueError as exc:
        raise InputError(f"not a date in '{text}': {exc}") from exc
    if start and start > end:
        raise InputError(f"the period of '{text}' ends before it starts")
    if name in LEVELS and start:
        raise InputError(f"'{name}' is a level on one date: give only END")
    return Figure(name, place, start, end)


def figure_rows(post: object, fig: Figure) -> tuple[list[tuple[int, int, float]], str | None]:
    """The weighted (row, time point) entries whose sum is the figure, or a reason it cannot
    be computed (a destination the estimate does not model, a date outside the grid)."""
    from emigre.estimate.evidence import days_from
    from emigre.estimate.posterior import Posterior

    assert isinstance(post, Posterior)
    lay, grid = post.layout, post.grid
    start = grid.start
    if fig.end < start:
        return [], f"{fig.end.isoformat()} is before the case start {start.isoformat()}"
    if fig.end > post.ev.as_of:
        return [], f"{fig.end.isoformat()} is after the as-of date {post.ev.as_of.isoformat()}"
    if fig.place and fig.place != "other" and fig.place not in post.place_index:
        known = ", ".join([*post.places, "other"])
        return [], f"no claim names {fig.place}; it is part of 'other' (modelled: {known})"
    k = (
        lay.K if fig.place == "other" else (post.place_index[fig.place] if fig.place else None)  # type: ignore[index]
    )
    t1 = float(days_from(start, fig.end) + 1)
    t0 = float(days_from(start, fig.start)) if fig.start and fig.start > start else None
    name = fig.name
    if name == "departures":
        rows = [0]
    elif name == "remaining":
        rows = [lay.row("stock", j) for j in range(lay.K1)]
    elif name == "returned" or (name == "returns" and k is None):
        rows = [lay.row("returns", j) for j in range(lay.K1)]
    else:
        rows = [lay.row(name, k)]  # type: ignore[arg-type]
    out: list[tuple[int, int, float]] = []
    for r in rows:
        out += [(r, n, w) for n, w in grid.weights(t1)]
        if t0 is not None and name not in LEVELS:
            out += [(r, n, -w) for n, w in grid.weights(t0)]
    return out, None


def evaluate(X: np.ndarray, rows: list[tuple[int, int, float]]) -> np.ndarray:
    """The figure in every draw, from stacked series X (S, n_series, T + 1)."""
    total = np.zeros(X.shape[0])
    for r, n, w in rows:
        if w:
            total += w * X[:, r, n]
    return total
