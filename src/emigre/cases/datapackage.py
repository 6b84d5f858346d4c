"""A case as a Frictionless data package: datapackage.json with a schema per table, CSV files.

The package is lossless: reading back what was written gives the same CaseBundle.
"""

from __future__ import annotations

import csv
import json
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from emigre.cases.files import check_references
from emigre.errors import InputError, describe_validation
from emigre.model import Case, CaseBundle, Claim, Event, FoundIn, Policy, Source, Wave
from emigre.model.vocab import (
    CLAIM_FLAGS,
    EVENT_KINDS,
    MEASURES,
    POLICY_MEASURES,
    QUALIFIERS,
    REVIEW_STATES,
    SOURCE_FLAGS,
    SOURCE_KINDS,
)
from emigre.safe_read import check_regular, read_bounded

Field = dict[str, Any]


def _f(name: str, type_: str = "string", required: bool = False, **extra: Any) -> Field:
    field: Field = {"name": name, "type": type_}
    constraints = {k: v for k, v in extra.items() if k in ("enum", "minimum", "pattern")}
    if required:
        constraints["required"] = True
    if constraints:
        field["constraints"] = constraints
    field.update({k: v for k, v in extra.items() if k in ("description",)})
    return field


ID = {"pattern": r"^[a-z0-9][a-z0-9._-]*$"}

TABLES: dict[str, list[Field]] = {
    "case": [
        _f("id", required=True, **ID), _f("title", required=True),
        _f("origin", required=True), _f("start", "date", required=True),
        _f("description", required=True), _f("document"),
    ],
    "waves": [
        _f("case", required=True), _f("id", required=True, **ID), _f("name", required=True),
        _f("start", "date", required=True), _f("end", "date"),
        _f("description", required=True),
    ],
    "sources": [
        _f("id", required=True, **ID), _f("publisher"), _f("title"), _f("url"),
        _f("published", "date"), _f("retrieved", "date"), _f("language"),
        _f("kind", required=True, enum=list(SOURCE_KINDS)),
        _f("authors", "array", description="JSON list of names"),
        _f("flags", "array", description=f"JSON list of: {', '.join(SOURCE_FLAGS)}"),
        _f("note"),
    ],
    "claims": [
        _f("id", required=True, **ID), _f("value", "integer", minimum=0),
        _f("low", "integer", minimum=0), _f("high", "integer", minimum=0),
        _f("qualifier", required=True, enum=list(QUALIFIERS)),
        _f("measure", required=True, enum=list(MEASURES)),
        _f("origin"), _f("destination"), _f("start", "date"), _f("end", "date"),
        _f("group", required=True), _f("state", required=True, enum=list(REVIEW_STATES)),
        _f("flags", "array", description=f"JSON list of: {', '.join(CLAIM_FLAGS)}"),
        _f("note"), _f("found_document"), _f("found_section"),
        _f("span_start", "integer", minimum=0), _f("span_end", "integer", minimum=0),
        _f("sentence"),
        _f("cues", "object", description="JSON object: field -> the words that decided it"),
        _f("counting", "object", description="JSON object: what the figure counts (Counting)"),
    ],
    "claim_sources": [_f("claim", required=True), _f("source", required=True),
                      _f("position", "integer", required=True)],
    "events": [
        _f("id", required=True, **ID), _f("date", "date", required=True), _f("end", "date"),
        _f("country", required=True), _f("kind", required=True, enum=list(EVENT_KINDS)),
        _f("title", required=True), _f("description", required=True),
    ],
    "event_sources": [_f("event", required=True), _f("source", required=True),
                      _f("position", "integer", required=True)],
    "policies": [
        _f("id", required=True, **ID), _f("country", required=True),
        _f("nationality", required=True),
        _f("measure", required=True, enum=list(POLICY_MEASURES)),
        _f("days", "integer", minimum=1), _f("effective_from", "date", required=True),
        _f("effective_to", "date"), _f("description", required=True),
    ],
    "policy_sources": [_f("policy", required=True), _f("source", required=True),
                       _f("position", "integer", required=True)],
}  # fmt: skip

KEYS: dict[str, dict[str, Any]] = {
    "case": {"primaryKey": ["id"]},
    "waves": {"primaryKey": ["id"], "foreignKeys": [
        {"fields": ["case"], "reference": {"resource": "case", "fields": ["id"]}}]},
    "sources": {"primaryKey": ["id"]},
    "claims": {"primaryKey": ["id"]},
    "events": {"primaryKey": ["id"]},
    "policies": {"primaryKey": ["id"]},
    "claim_sources": {"primaryKey": ["claim", "source"], "foreignKeys": [
        {"fields": ["claim"], "reference": {"resource": "claims", "fields": ["id"]}},
        {"fields": ["source"], "reference": {"resource": "sources", "fields": ["id"]}}]},
    "event_sources": {"primaryKey": ["event", "source"], "foreignKeys": [
        {"fields": ["event"], "reference": {"resource": "events", "fields": ["id"]}},
        {"fields": ["source"], "reference": {"resource": "sources", "fields": ["id"]}}]},
    "policy_sources": {"primaryKey": ["policy", "source"], "foreignKeys": [
        {"fields": ["policy"], "reference": {"resource": "policies", "fields": ["id"]}},
        {"fields": ["source"], "reference": {"resource": "sources", "fields": ["id"]}}]},
}  # fmt: skip


def _cell(value: Any, type_: str) -> str:
    if value is None:
        return ""
    if type_ == "array":
        return json.dumps(list(value), ensure_ascii=False)
    if type_ == "object":
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value.isoformat() if hasattr(value, "isoformat") else value)


def _rows(bundle: CaseBundle) -> dict[str, list[dict[str, Any]]]:
    case = bundle.case
    claims = []
    for c in bundle.claims:
        f = c.found_in or FoundIn()
        row = c.model_dump(exclude={"case", "source_ids", "found_in", "counting"})
        row.update(
            found_document=f.document,
            found_section=f.section,
            sentence=f.sentence,
            cues=f.cues,
            counting=c.counting.model_dump(mode="json") if c.counting else None,
            span_start=f.span[0] if f.span else None,
            span_end=f.span[1] if f.span else None,
        )
        claims.append(row)

    def links(items: list[Any], key: str) -> list[dict[str, Any]]:
        return [
            {key: it.id, "source": sid, "position": i}
            for it in items
            for i, sid in enumerate(it.source_ids)
        ]

    return {
        "case": [case.model_dump(exclude={"waves"})],
        "waves": [{"case": case.id, **w.model_dump()} for w in case.waves],
        "sources": [s.model_dump() for s in bundle.sources],
        "claims": claims,
        "claim_sources": links(bundle.claims, "claim"),
        "events": [e.model_dump(exclude={"case", "source_ids"}) for e in bundle.events],
        "event_sources": links(bundle.events, "event"),
        "policies": [p.model_dump(exclude={"case", "source_ids"}) for p in bundle.policies],
        "policy_sources": links(bundle.policies, "policy"),
    }


def write_package(bundle: CaseBundle, folder: Path) -> Path:
    """Write the case as CSV files plus datapackage.json; returns the descriptor's path."""
    missing = [c for c in bundle.claims if c.id is None]
    if missing:
        raise InputError("every claim needs an id to be exported", field="id")
    folder.mkdir(parents=True, exist_ok=True)
    resources = []
    for name, rows in _rows(bundle).items():
        fields = TABLES[name]
        path = folder / f"{name}.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow([f["name"] for f in fields])
            for row in rows:
                writer.writerow([_cell(row.get(f["name"]), f["type"]) for f in fields])
        resources.append(
            {
                "name": name,
                "path": path.name,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {"fields": fields, **KEYS[name]},
            }
        )
    descriptor = {
        "profile": "tabular-data-package",
        "name": bundle.case.id,
        "title": bundle.case.title,
        "description": bundle.case.description,
        "resources": resources,
    }
    out = folder / "datapackage.json"
    out.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return out


DESCRIPTOR_MAX_BYTES = 16 * 2**20


def _table_paths(descriptor: Path) -> dict[str, Path]:
    """The file of each table, as the descriptor names it: one plain file name beside
    datapackage.json (no list, no absolute path, no '..', no URL), a regular file and not a
    symlink. Validation runs trusted (to read local files), so anything else would be read;
    the importer then reads exactly these files."""
    try:
        meta = json.loads(read_bounded(descriptor, DESCRIPTOR_MAX_BYTES).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(
            f"not a valid data package descriptor: {exc}", file=str(descriptor)
        ) from exc
    resources = meta.get("resources") if isinstance(meta, dict) else None
    if not isinstance(resources, list):
        raise InputError("expected a list of resources", file=str(descriptor), field="resources")
    paths: dict[str, Path] = {}
    for i, res in enumerate(resources):
        name = res.get("name") if isinstance(res, dict) else None
        where = res.get("path") if isinstance(res, dict) else None
        if name not in TABLES or name in paths:
            what = "a second resource" if name in paths else f"an unknown resource {name!r}"
            raise InputError(
                f"{what}: expected one each of {', '.join(TABLES)}",
                file=str(descriptor),
                field=f"resources.{i}.name",
            )
        if not isinstance(where, str):
            raise InputError(
                f"a table's path must be one file name, not {type(where).__name__}",
                file=str(descriptor),
                field=f"resources.{i}.path",
            )
        if "/" in where or "\\" in where or where.startswith(".") or ":" in where:
            raise InputError(
                f"a table must be a file beside datapackage.json, not {where!r}",
                file=str(descriptor),
                field=f"resources.{i}.path",
            )
        check_regular(descriptor.parent / where, follow_symlinks=False)
        paths[name] = descriptor.parent / where
    missing = [n for n in TABLES if n not in paths]
    if missing:
        raise InputError(
            f"no resource for {', '.join(missing)}", file=str(descriptor), field="resources"
        )
    return paths


def _validate(descriptor: Path) -> dict[str, Path]:
    """Frictionless checks types, constraints and keys; the first problem becomes an error.
    Returns the files that were validated, for the reader to read."""
    from frictionless import Package, system

    paths = _table_paths(descriptor)
    with system.use_context(trusted=True):
        try:
            report = Package(str(descriptor)).validate()
        except Exception as exc:  # frictionless raises its own error types for bad descriptors
            raise InputError(f"not a valid data package: {exc}", file=str(descriptor)) from exc
    if report.valid:
        return paths
    for task in report.tasks:
        for err in task.errors:
            row = getattr(err, "row_number", None)
            field = getattr(err, "field_name", None)
            path = paths.get(task.name, descriptor) if task.name else descriptor
            raise InputError(err.message, file=str(path), line=row, field=field)
    raise InputError("not a valid data package", file=str(descriptor))


def _read(path: Path, name: str) -> Iterator[tuple[int, dict[str, Any]]]:
    fields = {f["name"]: f["type"] for f in TABLES[name]}
    with path.open(encoding="utf-8", newline="") as fh:
        for i, row in enumerate(csv.DictReader(fh), start=2):
            out: dict[str, Any] = {}
            for k, v in row.items():
                if v == "" or k not in fields:
                    continue
                out[k] = (
                    _json_cell(v, path, i, k, fields[k]) if fields[k] in ("array", "object") else v
                )
            yield i, out


def _json_cell(value: str, path: Path, line: int, field: str, type_: str) -> Any:
    """A JSON list (array) or mapping (object) cell; anything else names file, line and field."""
    want, example = (list, '["a", "b"]') if type_ == "array" else (dict, '{"a": 1}')
    try:
        out = json.loads(value)
    except json.JSONDecodeError:
        out = None
    if not isinstance(out, want):
        raise InputError(
            f"expected a JSON {type_}, e.g. {example}", file=str(path), line=line, field=field
        )
    return out


def _build(model: Callable[..., Any], data: dict[str, Any], path: Path, line: int) -> Any:
    try:
        return model(**data)
    except ValidationError as exc:
        field, message = describe_validation(exc)
        raise InputError(message, file=str(path), line=line, field=field) from exc


def read_package(path: Path) -> CaseBundle:
    """Read a package written by write_package: a folder, its datapackage.json, or a zip of it."""
    path = Path(path)
    if path.is_file() and path.suffix.lower() == ".zip":
        return _read_zip(path)
    return _read_folder(path)


def _read_zip(path: Path) -> CaseBundle:
    """Unpack to a scratch folder and read that; errors name the member inside the zip."""
    with tempfile.TemporaryDirectory(prefix="emigre-import-") as tmp:
        try:
            with zipfile.ZipFile(path) as zf:
                zf.extractall(tmp)  # member names are sanitised: nothing lands outside tmp
        except (zipfile.BadZipFile, EOFError) as exc:
            raise InputError(f"not a readable zip file ({exc})", file=str(path)) from exc
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror or exc}", file=str(path)) from exc
        root = Path(tmp)
        found = sorted(root.rglob("datapackage.json"), key=lambda p: len(p.parts))
        if not found:
            raise InputError("no datapackage.json in the zip", file=str(path))
        try:
            return _read_folder(found[0].parent)
        except InputError as exc:
            if exc.file and exc.file.startswith(tmp):
                inner = Path(exc.file).relative_to(root).as_posix()
                exc.file = f"{path}:{inner}"
            exc.message = exc.message.replace(tmp + "/", "")
            raise


def _read_folder(path: Path) -> CaseBundle:
    descriptor = path / "datapackage.json" if path.is_dir() else path
    if not descriptor.is_file():
        raise InputError("no datapackage.json here", file=str(path))
    tables = _validate(descriptor)

    def links(name: str, key: str) -> dict[str, list[str]]:
        out: dict[str, list[tuple[int, str]]] = {}
        for _, row in _read(tables[name], name):
            out.setdefault(row[key], []).append((int(row["position"]), row["source"]))
        return {k: [s for _, s in sorted(v)] for k, v in out.items()}

    case_rows = list(_read(tables["case"], "case"))
    if len(case_rows) != 1:
        raise InputError("case.csv must hold exactly one case", file=str(tables["case"]))
    waves = [
        _build(Wave, {k: v for k, v in r.items() if k != "case"}, tables["waves"], i)
        for i, r in _read(tables["waves"], "waves")
    ]
    line, case_row = case_rows[0]
    case = _build(Case, {**case_row, "waves": waves}, tables["case"], line)
    sources = [
        _build(Source, r, tables["sources"], i) for i, r in _read(tables["sources"], "sources")
    ]
    cl_links = links("claim_sources", "claim")
    claims = []
    for i, r in _read(tables["claims"], "claims"):
        span = None
        if "span_start" in r and "span_end" in r:
            span = (int(r.pop("span_start")), int(r.pop("span_end")))
        found = {
            k: r.pop(f)
            for f, k in (
                ("found_document", "document"),
                ("found_section", "section"),
                ("sentence", "sentence"),
                ("cues", "cues"),
            )
            if f in r
        }
        if span:
            found["span"] = span
        r.pop("span_start", None)
        r.pop("span_end", None)
        claims.append(
            _build(
                Claim,
                {
                    **r,
                    "case": case.id,
                    "source_ids": cl_links.get(r["id"], []),
                    "found_in": found or None,
                },
                tables["claims"],
                i,
            )
        )
    ev_links = links("event_sources", "event")
    events = [
        _build(
            Event,
            {**r, "case": case.id, "source_ids": ev_links.get(r["id"], [])},
            tables["events"],
            i,
        )
        for i, r in _read(tables["events"], "events")
    ]
    po_links = links("policy_sources", "policy")
    policies = [
        _build(
            Policy,
            {**r, "case": case.id, "source_ids": po_links.get(r["id"], [])},
            tables["policies"],
            i,
        )
        for i, r in _read(tables["policies"], "policies")
    ]
    bundle = CaseBundle(case=case, sources=sources, claims=claims, events=events, policies=policies)
    check_references(bundle, lambda kind, key: (tables.get(kind, descriptor), None))
    return bundle
