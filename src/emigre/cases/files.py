"""Read a case folder (one YAML file per kind) into a CaseBundle, naming file and line on error."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from emigre.errors import InputError, describe_validation
from emigre.model import Case, CaseBundle, Claim, Event, Policy, Source
from emigre.safe_read import check_regular, present, read_bounded

M = TypeVar("M", bound=BaseModel)

FILES: dict[str, type[BaseModel]] = {
    "sources.yaml": Source,
    "claims.yaml": Claim,
    "events.yaml": Event,
    "policies.yaml": Policy,
}

_LINES = "__lines__"
YAML_MAX_BYTES = 64 * 2**20
"""The largest YAML file read: a case of 100,000 claims is about 30 MB."""


class _LineLoader(yaml.SafeLoader):
    """Keeps the line of every mapping and of each of its keys, for error messages."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping = super().construct_mapping(node, deep=deep)
        lines = {"": node.start_mark.line + 1}
        for key_node, _ in node.value:
            if str(key_node.value) in lines:
                # PyYAML keeps the last value silently; the first would be lost without a word.
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key '{key_node.value}'", key_node.start_mark
                )
            lines[str(key_node.value)] = key_node.start_mark.line + 1
        mapping[_LINES] = lines
        return mapping


def _strip_lines(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_lines(v) for k, v in value.items() if k != _LINES}
    if isinstance(value, list):
        return [_strip_lines(v) for v in value]
    return value


def read_yaml(path: Path) -> Any:
    """Parse one YAML file (a regular file, or a symlink to one, of at most YAML_MAX_BYTES);
    syntax errors name the line."""
    data = read_bounded(path, YAML_MAX_BYTES)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start})", file=str(path)) from exc
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise InputError(f"not valid YAML: {exc.problem}", file=str(path), line=line) from exc


def build(model: type[M], raw: Any, path: Path, extra: dict[str, Any] | None = None) -> M:
    """Validate one mapping into a model, turning the first error into a located InputError."""
    if not isinstance(raw, dict):
        raise InputError(f"expected a mapping of fields, got {type(raw).__name__}", file=str(path))
    lines: dict[str, int] = raw.get(_LINES, {})
    data = _strip_lines(raw)
    if extra:
        data = {**extra, **data}
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        field, message = describe_validation(exc)
        top = field.split(".")[0] if field else ""
        line = lines.get(top) or lines.get("")
        raise InputError(message, file=str(path), line=line, field=field) from exc


def _items(path: Path) -> Iterator[Any]:
    data = read_yaml(path)
    if data is None:
        return
    if not isinstance(data, list):
        raise InputError("expected a list of entries ('- id: ...')", file=str(path), line=1)
    yield from data


def read_case_dir(folder: Path) -> CaseBundle:
    """Read case.yaml and the per-kind files beside it, then check the cross-references."""
    folder = Path(folder)
    case_file = folder / "case.yaml"
    if not present(case_file):
        raise InputError("a case folder needs a case.yaml", file=str(folder))
    check_regular(case_file)
    raw_case = read_yaml(case_file)
    case = build(Case, raw_case, case_file)
    parts: dict[str, list[Any]] = {}
    case_lines = raw_case.get(_LINES, {}) if isinstance(raw_case, dict) else {}
    lines: dict[tuple[str, str], tuple[Path, int | None]] = {
        ("case.yaml", "document"): (case_file, case_lines.get("document"))
    }
    for name, model in FILES.items():
        path = folder / name
        items: list[Any] = []
        # Anything by that name (a dangling symlink, a FIFO, a folder) is read or refused:
        # taking it for "no such file" would remove every entry of that kind from the store.
        if present(path):
            for raw in _items(path):
                item = build(
                    model, raw, path, extra={"case": case.id} if model is not Source else None
                )
                items.append(item)
                if isinstance(raw, dict):
                    lines[(name, str(getattr(item, "id", "")))] = (
                        path,
                        raw.get(_LINES, {}).get(""),
                    )
        parts[name.removesuffix(".yaml")] = items
    bundle = CaseBundle(case=case, **parts)
    check_references(bundle, lambda kind, key: lines.get((f"{kind}.yaml", key), (folder, None)))
    return bundle


def check_references(bundle: CaseBundle, where: Any = None) -> None:
    """Ids are unique and every source id a claim, event or policy names exists."""
    where = where or (lambda kind, key: (Path(kind), None))
    known = set()
    for s in bundle.sources:
        if s.id in known:
            path, line = where("sources", s.id)
            raise InputError(f"duplicate source id '{s.id}'", str(path), line, "id")
        known.add(s.id)
    for kind in ("claims", "events", "policies"):
        seen: set[str] = set()
        for item in getattr(bundle, kind):
            if item.id is not None:
                if item.id in seen:
                    path, line = where(kind, item.id)
                    raise InputError(f"duplicate id '{item.id}'", str(path), line, "id")
                seen.add(item.id)
            for sid in item.source_ids:
                if sid not in known:
                    path, line = where(kind, str(item.id))
                    raise InputError(
                        f"unknown source '{sid}': expected an id listed in sources.yaml",
                        str(path),
                        line,
                        "source_ids",
                    )
    if bundle.case.document is not None and bundle.case.document not in known:
        path, line = where("case", "document")
        raise InputError(
            f"unknown source '{bundle.case.document}': expected an id listed in sources",
            str(path),
            line,
            "document",
        )


def _timestamp_as_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
    # Dates stay text so the model parses them and a bad one ("2022-21-09") gets a located error.
    return str(loader.construct_scalar(node))


_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)
