"""Run extraction over many documents: in this process, or on a Dask cluster (a local one
with N worker processes, or an existing one by address), reporting each document as it ends.

A document that cannot be read gives a result with an error; the others go on.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from emigre.errors import InputError
from emigre.extract.claims import Options, extract_document, source_id_for
from emigre.extract.document import Document
from emigre.extract.readers import MAX_BYTES, read_document
from emigre.model import Claim, Source
from emigre.safe_read import read_bounded


@dataclass
class DocResult:
    name: str
    claims: list[Claim] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    error: str | None = None
    chars: int = 0
    kind: str | None = None


@dataclass(frozen=True)
class Task:
    """One document to read: a file path, or text given inline (a record of a docs file)."""

    name: str
    path: str | None = None
    text: str | None = None
    published: dt.date | None = None
    url: str | None = None


def document_source_id(doc: Document) -> str:
    """The document's id as a source: from its address; else from its title, publisher and
    date; else from its title and text. Never from where the file happens to lie, so the same
    article read from two folders (or by two people) is one source."""
    if doc.url:
        return source_id_for(doc.url)
    title = " ".join((doc.title or "").split())[:120]
    if title and (doc.publisher or doc.published):
        key = f"{title}|{doc.publisher or ''}|{doc.published or ''}"
    else:
        key = " ".join(doc.text.split())
    digest = hashlib.sha1(key.encode("utf-8", "replace")).hexdigest()[:12]
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:40].strip("-")
    return f"{slug or 'doc'}-{digest}" if not slug[:1].isdigit() else f"d{slug}-{digest}"


def document_source(doc: Document) -> Source:
    """The document itself as a Source, so claims it makes without citing are still sourced."""
    from emigre.extract.citations import host_name

    url = doc.url if doc.url and doc.url.startswith(("http://", "https://")) else None
    flags = [] if doc.published else ["undated"]
    return Source(
        id=document_source_id(doc),
        publisher=doc.publisher or (host_name(url) if url else None),
        title=(doc.title or doc.name)[:300],
        url=url,
        published=doc.published,
        language=doc.language,
        kind="wiki" if doc.kind in ("wiki", "wikitext") else "news",
        flags=flags,  # type: ignore[arg-type]
        note=_DATE_NOTES.get(doc.date_from or ""),
    )


_DATE_NOTES = {
    "dateline": "publication date read from the dateline at the top of the text",
    "url": "publication date read from the web address",
}


def _with_source_id(claims: list[Claim], old: str, new: str) -> list[Claim]:
    """Claims the engine tied to the document under another id, tied to its source id."""
    if old == new:
        return claims
    out = []
    for c in claims:
        update: dict[str, Any] = {"source_ids": [new if i == old else i for i in c.source_ids]}
        if c.found_in is not None and c.found_in.document == old:
            update["found_in"] = c.found_in.model_copy(update={"document": new})
        out.append(c.model_copy(update=update))
    return out


def run_task(task: Task, options: Options | None = None) -> DocResult:
    """Read and extract one document; bad input becomes the result's error, never an exception."""
    try:
        if task.path is not None:
            # Bounded by the bytes read, not the size reported (/dev/zero reports 0); a FIFO
            # or a device is refused rather than waited on.
            data: bytes | str = read_bounded(Path(task.path), MAX_BYTES)
        else:
            data = task.text or ""
        doc = read_document(data, task.name, published=task.published, url=task.url)
        if doc.language is None:  # the source says which language it is written in
            from emigre.extract.lang.detect import language_of

            b0, b1 = doc.body
            doc.language = language_of(doc.text[b0 : min(b1, b0 + 2000)])
        claims = extract_document(doc, options)
        own = document_source(doc)
        claims = _with_source_id(claims, source_id_for(doc.url or doc.name), own.id)
        cited = {sid for c in claims for sid in c.source_ids}
        sources = [own]
        sources += [r.source for r in doc.references.values() if r.source and r.source.id in cited]
        seen: set[str] = set()
        unique = [s for s in sources if not (s.id in seen or seen.add(s.id))]  # type: ignore[func-returns-value]
        return DocResult(task.name, claims, unique, None, len(doc.text), doc.kind)
    except InputError as exc:
        msg = str(exc)
        return DocResult(task.name, error=msg if task.name in msg else f"{task.name}: {msg}")
    except OSError as exc:
        return DocResult(task.name, error=f"{task.name}: cannot read: {exc.strerror or exc}")
    except RecursionError:
        return DocResult(task.name, error=f"{task.name}: too deeply nested to read")


def _run_batch(tasks: Sequence[Task], options: Options | None) -> list[DocResult]:
    return [run_task(t, options) for t in tasks]


def _batches(tasks: Sequence[Task], target_chars: int) -> list[list[Task]]:
    """Group small documents so each Dask task carries about target_chars of text."""
    out: list[list[Task]] = []
    cur: list[Task] = []
    size = 0
    for t in tasks:
        n = len(t.text) if t.text is not None else _file_size(t.path)
        cur.append(t)
        size += n
        if size >= target_chars:
            out.append(cur)
            cur, size = [], 0
    if cur:
        out.append(cur)
    return out


def _file_size(path: str | None) -> int:
    try:
        return Path(path).stat().st_size if path else 0
    except OSError:
        return 0


def run(
    tasks: Sequence[Task],
    *,
    options: Options | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    batch_chars: int = 2_000_000,
) -> Iterator[DocResult]:
    """Results as documents finish: in order in-process, in completion order on a cluster."""
    if workers <= 1 and scheduler is None:
        for t in tasks:
            yield run_task(t, options)
        return
    yield from _run_dask(tasks, options, workers, scheduler, batch_chars)


def _run_dask(
    tasks: Sequence[Task],
    options: Options | None,
    workers: int,
    scheduler: str | None,
    batch_chars: int,
) -> Iterator[DocResult]:
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError as exc:  # pragma: no cover - installed with the package
        raise InputError("parallel extraction needs dask[distributed]", field="--workers") from exc
    import logging

    logging.getLogger("distributed").setLevel(logging.ERROR)
    cluster: Any = None
    try:
        if scheduler:
            try:
                client = Client(scheduler, timeout="10s")
            except (OSError, TimeoutError, ValueError) as exc:  # ValueError: a malformed address
                raise InputError(
                    f"cannot reach the Dask scheduler at {scheduler}: {exc}", field="--scheduler"
                ) from exc
        else:
            cluster = LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                silence_logs=logging.ERROR,
            )  # fmt: skip
            client = Client(cluster)
        try:
            n = max(1, len(client.scheduler_info().get("workers", {})) or workers)
            per = max(1, min(batch_chars, sum(_size(t) for t in tasks) // (4 * n) + 1))
            futures = [
                client.submit(_run_batch, b, options, pure=False) for b in _batches(tasks, per)
            ]
            for fut in as_completed(futures):
                yield from fut.result()
        finally:
            client.close()
    finally:
        if cluster is not None:
            cluster.close()


def _size(t: Task) -> int:
    return len(t.text) if t.text is not None else _file_size(t.path)


def tasks_for_files(paths: Iterable[Path]) -> list[Task]:
    return [Task(name=str(p), path=str(p)) for p in paths]


ProgressHook = Callable[[DocResult], None]
