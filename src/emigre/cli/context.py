"""What every command shares: the console, the database URL, and how failures are reported."""

from __future__ import annotations

import os
from dataclasses import dataclass

from rich.console import Console
from rich.text import Text

# Emoji codes stay text: a claim id or a file name like 'bad:smile:id' is printed as it is.
console = Console(emoji=False)
err_console = Console(stderr=True, emoji=False)


def print_error(message: str) -> None:
    """One 'error: ...' line; the message is plain text (no Rich markup or emoji read in it)."""
    err_console.print(Text.assemble(("error:", "bold red"), " ", message), soft_wrap=True)


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
