"""Numba's disk cache of a compiled function is keyed on its own file only.

kernels.logp_grad compiles the process passes (process._forward, _backward) into itself, so
after a change to process.py alone Numba would load the old passes from kernels' cache while
process.forward runs the new ones: the sampler and the reported figures would follow two
different models (it happened: a change to onward moves reached the figures and not the
fit). So when a file that kernels.py compiles in has changed since kernels was last cached,
kernels' cached code is dropped and compiled again (once, some seconds).
"""

from __future__ import annotations

import os
from pathlib import Path

from emigre.estimate.version import files_digest

HERE = Path(__file__).parent
INLINED = ("process.py",)
"""Files whose compiled functions kernels.py calls, and so compiles into its own."""


def _cache_dirs(here: Path) -> list[Path]:
    out = [here / "__pycache__"]
    env = os.environ.get("NUMBA_CACHE_DIR")
    if env:
        out += [p.parent for p in Path(env).rglob("kernels.*.nbi")]
    return out


def drop_stale_kernels(here: Path = HERE) -> None:
    """Remove kernels' cached machine code when a file it inlines has changed."""
    digest = files_digest(here, INLINED)
    for d in _cache_dirs(here):
        stamp = d / "kernels.inlined"
        try:
            if stamp.is_file() and stamp.read_text() == digest:
                continue
            for f in d.glob("kernels.*.nb[ic]"):
                f.unlink(missing_ok=True)
            if d.is_dir():
                stamp.write_text(digest)
        except OSError:
            continue  # a read-only install: Numba then caches elsewhere or not at all
