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


@functools.cache
def model_digest(version: str) -> str:
    here = Path(__file__).parent
    h = hashlib.sha256(version.encode())
    for name in MODEL_FILES:
        path = here / name
        if path.is_file():
            h.update(path.read_bytes())
    return h.hexdigest()[:12]
