"""Accuracy of claim extraction on the shared annotated texts, scored by the shared scorer.

Runs `emigre extract --docs` on the seed article and on the news development set from
../shared/eval, scores each with ../shared/eval/score.py and prints precision, recall and F1,
strict and lenient, against the targets (strict F1 >= 0.85, lenient F1 >= 0.92 on each set).

    python benchmarks/extract_accuracy.py [--shared ../shared] [--details]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"strict": 0.85, "lenient": 0.92}
SETS = ("seed", "news-dev")


def run_set(shared: Path, name: str, out_dir: Path, details: bool) -> dict[str, dict[str, float]]:
    docs = shared / "eval" / f"{name}-docs.jsonl"
    gold = shared / "eval" / f"{name}-gold.jsonl"
    pred = out_dir / f"{name}-pred.jsonl"
    cmd = [sys.executable, "-c", "from emigre.cli.main import run; run()", "--quiet",
           "extract", "--docs", str(docs), "--out", str(pred)]  # fmt: skip
    subprocess.run(cmd, check=True)
    scorer = [
        sys.executable,
        str(shared / "eval" / "score.py"),
        str(gold),
        str(pred),
        "--docs",
        str(docs),
    ]
    if details:
        subprocess.run(scorer, check=True)
    res = subprocess.run([*scorer, "--json"], check=True, capture_output=True, text=True)
    return json.loads(res.stdout)


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--shared", type=Path, default=Path(os.environ.get("EMIGRE_SHARED", ROOT.parent / "shared"))
    )
    ap.add_argument("--details", action="store_true", help="also list misses and false alarms")
    a = ap.parse_args()
    if not (a.shared / "eval").is_dir():
        print(f"needs the shared eval folder (not found at {a.shared / 'eval'})")
        return 2
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        print(f"{'set':10} {'mode':8} {'P':>6} {'R':>6} {'F1':>6} {'target':>7}  tp/fn/fp")
        for name in SETS:
            summary = run_set(a.shared, name, Path(tmp), a.details)
            for mode in ("strict", "lenient"):
                s = summary[mode]
                met = s["f1"] >= TARGETS[mode]
                ok &= met
                print(
                    f"{name:10} {mode:8} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f} "
                    f"{TARGETS[mode]:>7.2f}  {s['tp']}/{s['fn']}/{s['fp']}  {'ok' if met else 'BELOW TARGET'}"  # noqa: E501
                )
    print("all targets met" if ok else "some targets not met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
