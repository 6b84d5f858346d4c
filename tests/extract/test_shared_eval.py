"""The extractor on the shared annotated texts (read from ../shared at test time, never copied),
scored by the shared scorer: a guard against regressions, the benchmark prints the figures."""

from __future__ import annotations

import importlib.util
import json

import pytest

from emigre.extract.docs import eval_line, extract_record, read_docs

pytestmark = pytest.mark.shared


FLOORS = {
    # set: (lenient F1, strict F1) reached; a change that drops below one has broken something
    "seed": (0.98, 0.98),
    "news-dev": (0.97, 0.93),
    "news-dev2": (0.71, 0.42),
}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_accuracy_on_shared_sets(shared_dir, tmp_path, name):
    spec = importlib.util.spec_from_file_location("score", shared_dir / "eval" / "score.py")
    assert spec is not None and spec.loader is not None
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    docs = shared_dir / "eval" / f"{name}-docs.jsonl"
    pred = tmp_path / "pred.jsonl"
    with pred.open("w", encoding="utf-8") as fh:
        for rec in read_docs(docs):
            assert not isinstance(rec, Exception), rec
            fh.write(eval_line(rec.doc_id, extract_record(rec)) + "\n")
    gold = shared_dir / "eval" / f"{name}-gold.jsonl"
    out = tmp_path / "summary.json"
    import contextlib
    import io

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        score.main([str(gold), str(pred), "--docs", str(docs), "--json"])
    summary = json.loads(buf.getvalue())
    out.write_text(buf.getvalue())
    lenient, strict = FLOORS[name]
    assert summary["lenient"]["f1"] >= lenient
    assert summary["strict"]["f1"] >= strict
