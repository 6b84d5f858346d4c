"""What every command shares: the console, the database URL, and how failures are reported."""

from __future__ import annotations

import os
from dataclasses import dataclass

from rich.console import Console

console = Console()
err_console = Console(stderr=True)


@dataclass
class Settings:
    """Global options, set once by the main callback."""

    db: str | None = None
    quiet: bool = False

    @property
    def db_url(self) -> str:
        from emigre.store.db import default_url

        return self.db or os.environ.get("EMIGRE_DB") or default_url()


settings = Settings()
