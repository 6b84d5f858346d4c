"""Small, fast estimation problems for the tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from emigre.estimate import Item, Priors, Request, Settings
from emigre.model import Claim

START = dt.date(2022, 2, 24)
DEC = dt.date(2022, 12, 31)
FAST = Settings(chains=4, warmup=120, draws=150, seed=3)


def claim(value: int | None = None, **fields: Any) -> Claim:
    """A claim about people leaving Russia; everything but the number has a default."""
    data: dict[str, Any] = {
        "value": value,
        "qualifier": "exact",
        "measure": "flow",
        "origin": "RUS",
        "destination": None,
        "start": START,
        "end": dt.date(2022, 6, 30),
        "source_ids": ["test"],
        "state": "accepted",
    }
    data.update(fields)
    return Claim.model_validate(data)


def request(
    claims: list[Claim],
    as_of: dt.date = dt.date(2022, 12, 31),
    priors: Priors | None = None,
    settings: Settings = FAST,
    waves: list[dt.date] | None = None,
) -> Request:
    return Request(
        items=[Item(i, c, line=i + 1, label=f"test {i}") for i, c in enumerate(claims)],
        start=START,
        as_of=as_of,
        origin="RUS",
        waves=waves or [],
        priors=priors or Priors(),
        settings=settings,
    )


def by_date(series: list[Any], day: dt.date) -> Any:
    """The entry of a dated series on a date."""
    return next(x for x in series if x.date == day)
