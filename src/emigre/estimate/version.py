"""Which code made an estimate: part of its cache key."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

MODEL_FILES = (
    "counting.py", "evidence.py", "functional.py", "kernels.py", "layout.py", "parts.py",
    "posterior.py", "process.py", "sampler.py", "modes.py",
)  # fmt: skip
"""The modules whose code decides an estimate: a change to any of them is a new model, so
cached estimates made by the old code are not served for it."""


def files_digest(here: Path, names: tuple[str, ...], prefix: str = "") -> str:
    """SHA-256 of PREFIX and the bytes of the files NAMES in HERE (those that exist)."""
    h = hashlib.sha256(prefix.encode())
    for name in names:
        path = here / name
        if path.is_file():
            h.update(path.read_bytes())
    return h.hexdigest()


@functools.cache
def model_digest(version: str) -> str:
    return files_digest(Path(__file__).parent, MODEL_FILES, version)[:12]
