"""The estimator on realistic evidence: the annotated claims of ../shared/eval, read at test
time (never copied into the project)."""

from __future__ import annotations

import datetime as dt
import json

from emigre.estimate import Settings
from emigre.estimate.claimfile import read_claims, read_document_dates
from emigre.estimate.run import Request, run
from tests.estimate.helpers import START


def _claims_file(shared_dir, tmp_path, names):
    path = tmp_path / "claims.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for name in names:
            for line in (shared_dir / "eval" / name).read_text(encoding="utf-8").splitlines():
                doc = json.loads(line)
                for c in doc["claims"]:
                    out.write(json.dumps({**c, "source": doc["doc_id"]}) + "\n")
    return path


def test_gold_claims_of_the_seed_and_the_news(shared_dir, tmp_path):
    path = _claims_file(shared_dir, tmp_path, ["seed-gold.jsonl", "news-dev-gold.jsonl"])
    dates = {}
    for name in ("seed-docs.jsonl", "news-dev-docs.jsonl"):
        dates.update(read_document_dates(shared_dir / "eval" / name))
    items = read_claims(path, dates)
    req = Request(
        items=items,
        start=START,
        as_of=dt.date(2024, 7, 31),
        origin="RUS",
        waves=[dt.date(2022, 9, 21)],
        settings=Settings(warmup=100, draws=100),
    )
    est = run(req).estimate
    by = {c.index: c for c in est.claims}
    assert len(by) == len(items)
    # other displacements (Ukrainians into Poland, Sudanese into Chad) are left out, saying why
    other = [it.index for it in items if it.claim.origin in ("UKR", "SDN")]
    assert other and all(not by[i].used and "not this case's origin" in by[i].reason for i in other)
    # Russians' claims are read; a forecast is shown but not fitted
    assert sum(c.used for c in est.claims) > 40
    assert any(c.role == "forecast" and c.predicted is not None for c in est.claims)
    d = est.departures[-1]
    assert 300_000 < d.median < 5_000_000 and d.low95 < d.median < d.high95
    assert est.remaining_abroad.median <= d.median
