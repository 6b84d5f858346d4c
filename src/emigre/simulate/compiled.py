"""The day's movement kernel (`kernel.move_day`) as an extension module compiled ahead of time.

Numba's just-in-time kernel, even loaded from its on-disk cache, costs a process about 0.7 s
of CPU (importing numba, then its typing registries, which import scipy.linalg): more than the
whole simulation of most Flee scenarios. The same function compiled ahead of time by numba's
pycc is a plain extension module that loads in milliseconds and needs no numba to run. It is
built once (a few seconds) into the cache folder, under a name keyed by the kernel's source and
the numba, NumPy and Python it was built with; where it cannot be built (no C compiler, no
setuptools, pycc gone from numba), the just-in-time kernel runs instead. Both are compiled from
the same Python function and use numba's own random generator, so a seed gives the same run
with either (tests/simulate/test_compiled.py checks it).

    python -m emigre.simulate.compiled      # build it now (make does, after installing)
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.machinery
import importlib.util
import os
import platform
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np

_KERNEL = Path(__file__).with_name("kernel.py")
_loaded: Callable[..., None] | None = None


def cache_dir() -> Path:
    """Where built kernels live: $EMIGRE_CACHE_DIR/kernels, else the user cache folder's."""
    root = os.environ.get("EMIGRE_CACHE_DIR")
    if root:
        return Path(root) / "kernels"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("emigre")) / "kernels"


def have_numba() -> bool:
    """Whether numba is installed (found without importing it: the import alone costs 0.4 s)."""
    return importlib.util.find_spec("numba") is not None


def module_name() -> str:
    """The extension's name: changes whenever the kernel or what compiled it changes."""
    h = hashlib.sha1(_KERNEL.read_bytes())
    spec = importlib.util.find_spec("numba")
    if spec is not None and spec.submodule_search_locations:
        version = Path(next(iter(spec.submodule_search_locations))) / "_version.py"
        if version.is_file():
            h.update(version.read_bytes())
    h.update(f"{np.__version__} {sys.version} {platform.machine()}".encode())
    return f"emigre_kernel_{h.hexdigest()[:16]}"


def _path(name: str) -> Path:
    suffix = importlib.machinery.EXTENSION_SUFFIXES[0]
    return cache_dir() / f"{name}{suffix}"


def _load(name: str, path: Path) -> Callable[..., None]:
    loader = importlib.machinery.ExtensionFileLoader(name, str(path))
    spec = importlib.util.spec_from_file_location(name, path, loader=loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module.move_day  # type: ignore[no-any-return]


def signature():  # type: ignore[no-untyped-def]
    """move_day's argument types, in order, as the engine passes them (C-ordered arrays)."""
    from numba.core import types as T

    i8, f8, b1 = T.int64, T.float64, T.boolean

    def a(dtype, ndim):  # type: ignore[no-untyped-def]
        return T.Array(dtype, ndim, "C")

    args = [
        i8,  # seed
        a(i8, 2),  # place
        a(i8, 1),  # pend
        a(i8, 3),  # onlink
        a(i8, 3),  # bounce
        a(f8, 1),  # movechance
        a(b1, 1),  # is_camp
        a(f8, 1),  # capacity
        f8,  # cap_buffer
        a(f8, 1),  # score
        a(i8, 2),  # cand
        a(f8, 2),  # cand_dist
        a(b1, 2),  # cand_open
        a(i8, 1),  # rs_link
        a(i8, 1),  # rs_next
        a(i8, 1),  # rs_end
        a(i8, 1),  # src
        a(i8, 1),  # dst
        a(i8, 2),  # nights
        a(f8, 2),  # used
        a(f8, 1),  # walk_p
        b1,  # start_on_foot
        a(b1, 1),  # link_open
        a(i8, 1),  # cap_day
        a(i8, 1),  # entered
        a(i8, 1),  # arrivals_out
        a(b1, 1),  # foreign
        a(i8, 1),  # onward_out
        b1,  # uniform
        f8,  # ws
        f8,  # soft
        f8,  # dp
        f8,  # wp
        b1,  # en_route
        a(b1, 1),  # forced
    ]
    return T.none(*args)


def build(name: str | None = None) -> Path:
    """Compile move_day ahead of time into the cache folder (atomically: a half-built file is
    never seen by another process); return its path. Raises if pycc or a compiler is missing."""
    import warnings

    name = name or module_name()
    target = _path(name)
    target.parent.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pycc's pending-deprecation notice
        from numba.pycc import CC

        from emigre.simulate import kernel

        with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
            cc = CC(name)
            cc.output_dir = tmp
            cc.verbose = False
            cc.export("move_day", signature())(kernel.move_day.py_func)
            cc.compile()
            os.replace(Path(tmp) / target.name, target)
    return target


def move_day() -> Callable[..., None]:
    """The kernel: the ahead-of-time module (built now if missing), else numba's JIT one."""
    global _loaded
    if _loaded is not None:
        return _loaded
    name = module_name()
    path = _path(name)
    failed = path.with_name(name + ".failed")
    if not path.is_file() and not failed.is_file() and have_numba():
        try:
            build(name)
        except Exception as exc:  # no compiler or no pycc: the JIT kernel does the same work
            with contextlib.suppress(OSError):  # and the next process does not try again
                failed.parent.mkdir(parents=True, exist_ok=True)
                failed.write_text(f"{type(exc).__name__}: {exc}\n", encoding="utf-8")
    if path.is_file():
        try:
            _loaded = _load(name, path)
        except ImportError:  # a damaged or foreign file: the JIT kernel instead
            _loaded = None
    if _loaded is None:
        from emigre.simulate import kernel

        _loaded = kernel.move_day
    return _loaded


def built() -> bool:
    """Whether the ahead-of-time kernel for this source and these versions is in the cache."""
    return _path(module_name()).is_file()


def available() -> bool:
    """Whether a compiled kernel can run here (built already, or numba to build or JIT it)."""
    return _loaded is not None or built() or have_numba()


if __name__ == "__main__":
    try:
        print(f"built {build()}")
    except Exception as exc:  # an install without a C compiler still works, more slowly
        print(f"not built ({type(exc).__name__}: {exc}); numba's JIT kernel will run instead")
