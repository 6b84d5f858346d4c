"""Built-in cases, each a folder of human-readable YAML files inside the package."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from emigre.errors import InputError

if TYPE_CHECKING:  # the models are imported where a case is read, not to list the cases
    from emigre.model import CaseBundle

HERE = Path(__file__).parent
SCENARIO_FILE = "scenario.yaml"


def builtin_case_dirs() -> dict[str, Path]:
    """Case id -> folder, for every built-in case (folder names use '_', ids use '-')."""
    return {
        p.name.replace("_", "-"): p
        for p in sorted(HERE.iterdir())
        if p.is_dir() and (p / "case.yaml").is_file()
    }


def builtin_scenarios() -> dict[str, Path]:
    """Case id -> its simulation scenario file, for the built-in cases that have one."""
    found = {case: d / SCENARIO_FILE for case, d in builtin_case_dirs().items()}
    return {case: path for case, path in found.items() if path.is_file()}


def load_builtin(case_id: str) -> CaseBundle:
    dirs = builtin_case_dirs()
    if case_id not in dirs:
        known = ", ".join(dirs) or "none"
        raise InputError(f"no built-in case '{case_id}' (built-in cases: {known})")
    from emigre.cases.files import read_case_dir

    return read_case_dir(dirs[case_id])


def read_case(ref: str) -> CaseBundle:
    """A built-in case by id, or a case folder by path."""
    path = Path(ref)
    if path.is_dir():
        from emigre.cases.files import read_case_dir

        return read_case_dir(path)
    return load_builtin(ref)
