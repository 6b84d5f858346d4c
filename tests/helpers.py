"""Helpers shared by tests of several areas."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from emigre.model import CaseBundle


def write_case_dir(bundle: CaseBundle, folder: Path) -> Path:
    """Write a bundle as a case folder of YAML files, the way built-in cases are kept."""
    folder.mkdir(parents=True, exist_ok=True)
    case = bundle.case.model_dump(mode="json", exclude_none=True)
    (folder / "case.yaml").write_text(yaml.safe_dump(case, sort_keys=False), encoding="utf-8")
    for kind in ("sources", "claims", "events", "policies"):
        items = [
            {
                k: v
                for k, v in item.model_dump(mode="json", exclude_none=True).items()
                if k != "case"
            }
            for item in getattr(bundle, kind)
        ]
        (folder / f"{kind}.yaml").write_text(
            yaml.safe_dump(items, sort_keys=False, allow_unicode=True), encoding="utf-8"
        )
    return folder


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run `emigre ARGS` in-process through the real entry point; returns (code, out, err)."""
    from emigre.cli.main import run

    capsys.readouterr()
    try:
        run(list(args))
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    out, err = capsys.readouterr()
    return code, out, err
