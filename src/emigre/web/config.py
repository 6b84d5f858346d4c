"""How a dashboard is set up: which store, whether it may write, whether it caches."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class WebConfig:
    db_url: str
    token: str | None = None
    """With a token the store opens read-write and write calls carrying it are allowed."""
    cache: bool = True
    """Keep rendered responses until the store changes (off for measuring the cold path)."""
    estimates: bool | None = None
    """Show estimates: None follows EMIGRE_ESTIMATES (on unless it says off)."""
    warm: bool = False
    """Start computing each case's estimate when the server starts, so the first page is fast."""
    plain_http_writes: bool = False
    """Accept writes from other machines over plain HTTP (off: their token would cross the
    network in clear)."""

    @property
    def writable(self) -> bool:
        return bool(self.token)

    @classmethod
    def from_env(cls, db_url: str, token: str | None = None) -> WebConfig:
        """Fill what the command line left out from EMIGRE_TOKEN and EMIGRE_WEB_CACHE."""
        token = token or os.environ.get("EMIGRE_TOKEN") or None
        cache = os.environ.get("EMIGRE_WEB_CACHE", "1").lower() not in ("0", "no", "false")
        return cls(db_url=db_url, token=token, cache=cache, warm=True)
