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


MAX_ALIASES = 100
"""Aliases (*name) a YAML file may use: case files need none; a few copies are fine, but each
alias of an alias multiplies (a 1 KB "billion laughs" file expands to gigabytes)."""
MAX_DEPTH = 64
"""Nesting of lists and mappings: case files nest three or four levels."""
MAX_ALIAS_GROWTH = 10_000
"""Values an alias may add once expanded, over the whole file: a hundred aliases of aliases
would otherwise still expand a few lines into billions of values."""


class _LineLoader(yaml.SafeLoader):
    """Keeps the line of every mapping and of each of its keys, for error messages; refuses
    alias bombs and deep nesting before they cost memory or the stack."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._aliases = 0
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                raise yaml.composer.ComposerError(
                    None,
                    None,
                    f"more than {MAX_ALIASES} aliases (*name): refused",
                    self.peek_event().start_mark,
                )
            return super().compose_node(parent, index)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise yaml.composer.ComposerError(
                    None,
                    None,
                    f"nested more than {MAX_DEPTH} levels deep: refused",
                    self.peek_event().start_mark,
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def compose_document(self) -> Any:
        node = super().compose_document()
        expanded: dict[int, int] = {}
        seen: set[int] = set()

        def size(n: yaml.Node) -> int:  # values once aliases are expanded (memoised per node)
            if id(n) not in expanded:
                seen.add(id(n))
                if isinstance(n, yaml.SequenceNode):
                    expanded[id(n)] = 1 + sum(size(c) for c in n.value)
                elif isinstance(n, yaml.MappingNode):
                    expanded[id(n)] = 1 + sum(size(k) + size(v) for k, v in n.value)
                else:
                    expanded[id(n)] = 1
            return expanded[id(n)]

        if node is not None and size(node) > len(seen) + MAX_ALIAS_GROWTH:
            raise yaml.composer.ComposerError(
                None,
                None,
                f"its aliases (*name) expand to more than {MAX_ALIAS_GROWTH:,} values: refused",
                node.start_mark,
            )
        return node

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
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise InputError("not valid YAML: it holds a NUL byte", file=str(path), line=line)
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise InputError(f"not valid YAML: {exc.problem}", file=str(path), line=line) from exc
    except yaml.YAMLError as exc:  # the reader's own errors (a control character) carry no mark
        where = getattr(exc, "position", None)
        line = text.count("\n", 0, where) + 1 if isinstance(where, int) else None
        reason = getattr(exc, "reason", None) or "unreadable"
        raise InputError(f"not valid YAML: {reason}", file=str(path), line=line) from exc
    except RecursionError as exc:
        raise InputError("not valid YAML: nested too deeply", file=str(path)) from exc


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
