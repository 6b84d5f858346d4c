"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("EMIGRE_SHARED", ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The steering folder ../shared (eval sets, Flee scenarios); absent in a user's clone."""
    if not (SHARED / "eval").is_dir():
        pytest.skip(
            f"needs ../shared (not found at {SHARED}): present in CI, not in a user's clone"
        )
    return SHARED
