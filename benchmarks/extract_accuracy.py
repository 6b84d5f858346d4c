"""Where claim extraction goes wrong on the shared annotated texts, so the biggest category of
error is the next work.

Runs `emigre extract --docs` on each set of ../shared/eval (seed, news-dev, news-dev2), matches
the predictions with the gold claims by the shared scorer's rules (../shared/eval/score.py,
imported at run time, never copied) and prints, per set, per language and per fold:

- the F1 at each step of the match: the number; + destination (the scorer's lenient F1);
  + measure; + qualifier; + end date within 7 days (its strict F1);
- the misses and false alarms by category (missed number, wrong destination, wrong measure,
  wrong qualifier, wrong period, non-claim extracted, figure repeated), biggest first.

Folds: fold of a document = int(sha1(doc_id), 16) % 4; folds 0-2 are for development, fold 3
is held out: its figures are printed, its texts and misses never are (`--details` lists the
misses and false alarms of folds 0-2 only).

    python benchmarks/extract_accuracy.py [--shared ../shared] [--sets seed news-dev news-dev2]
                                          [--details] [--eval DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"lenient": 0.92, "strict": 0.85}
SETS = ("seed", "news-dev", "news-dev2")
STEPS = ("number", "+destination", "+measure", "+qualifier", "+end date")
HELD_OUT = 3

Claim = dict[str, Any]


def fold_of(doc_id: str) -> int:
    return int(hashlib.sha1(doc_id.encode("utf-8")).hexdigest(), 16) % 4


def load_scorer(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("shared_score", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot import the scorer at {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- language ------------------------------------------------------------------------------


def language_of(text: str) -> str:
    """The language the extractor itself detects in the document."""
    from emigre.extract.lang.detect import language_of as detect

    return str(detect(text[:2000]))


# --- matching ------------------------------------------------------------------------------


def step_rules(score: ModuleType) -> list[Callable[[Claim, Claim], bool]]:
    """One matching rule per step, each the one before it and one more field."""

    def number(g: Claim, p: Claim) -> bool:
        return bool(score.same_number(g, p))

    def measure(g: Claim, p: Claim) -> bool:
        return bool(score.lenient(g, p)) and g.get("measure") == p.get("measure")

    def qualifier(g: Claim, p: Claim) -> bool:
        return measure(g, p) and g.get("qualifier") == p.get("qualifier")

    return [number, score.lenient, measure, qualifier, score.strict]


@dataclass
class Error:
    category: str
    detail: str
    doc_id: str
    gold: Claim | None = None
    pred: Claim | None = None


@dataclass
class Tally:
    """Counts of one slice (a set, a language, a fold)."""

    docs: int = 0
    gold: int = 0
    pred: int = 0
    steps: list[list[int]] = field(default_factory=lambda: [[0, 0, 0] for _ in STEPS])

    def add(self, other: Tally) -> None:
        self.docs += other.docs
        self.gold += other.gold
        self.pred += other.pred
        for mine, theirs in zip(self.steps, other.steps, strict=True):
            for i in range(3):
                mine[i] += theirs[i]


def _first_failed(g: Claim, p: Claim, rules: list[Callable[[Claim, Claim], bool]]) -> int:
    return next((i for i, ok in enumerate(rules) if not ok(g, p)), len(rules))


def _wrong(step: int, g: Claim, p: Claim) -> tuple[str, str]:
    """The category of a miss paired with the prediction that got its number right."""
    if step == 1:
        gd, pd = g.get("destination"), p.get("destination")
        if pd is None:
            how = "destination dropped"
        elif gd is None:
            how = "destination added"
        elif pd == g.get("origin"):
            how = "origin taken as destination"
        else:
            how = "another country"
        return "wrong destination", how
    if step == 2:
        return "wrong measure", f"{g.get('measure')} read as {p.get('measure')}"
    if step == 3:
        return "wrong qualifier", f"{g.get('qualifier')} read as {p.get('qualifier')}"
    if p.get("end") is None:
        return "wrong period", "no end date"
    return "wrong period", "end date more than 7 days off"


def classify(
    doc_id: str,
    gold: list[Claim],
    misses: list[Claim],
    false_alarms: list[Claim],
    score: ModuleType,
    rules: list[Callable[[Claim, Claim], bool]],
) -> list[Error]:
    """Each strict miss paired with the false alarm that matches it furthest (same number at
    least): its category is the first field that differs; a miss with no such false alarm is a
    missed number; a false alarm left over is a non-claim, or a figure repeated when its number
    is one of the document's gold figures."""
    errors: list[Error] = []
    left = list(false_alarms)
    for g in misses:
        best = max(
            ((_first_failed(g, p, rules), i) for i, p in enumerate(left) if rules[0](g, p)),
            default=None,
        )
        if best is None:
            errors.append(Error("missed number", "", doc_id, gold=g))
            continue
        p = left.pop(best[1])
        category, detail = _wrong(best[0], g, p)
        errors.append(Error(category, detail, doc_id, gold=g, pred=p))
    for p in left:
        if any(score.same_number(g, p) for g in gold):
            errors.append(Error("figure repeated or sub-count", "", doc_id, pred=p))
        else:
            errors.append(Error("non-claim extracted", "", doc_id, pred=p))
    return errors


@dataclass
class DocScore:
    doc_id: str
    language: str
    fold: int
    tally: Tally
    errors: list[Error]
    text: str


def score_doc(
    doc: dict[str, Any], gold: list[Claim], pred: list[Claim], score: ModuleType
) -> DocScore:
    cut = doc.get("score_until")
    if cut is not None:
        pred = [p for p in pred if not p.get("span") or p["span"][0] < cut]
    rules = step_rules(score)
    tally = Tally(docs=1, gold=sum(not g.get("optional") for g in gold), pred=len(pred))
    misses: list[Claim] = []
    fas: list[Claim] = []
    for i, ok in enumerate(rules):
        tp, misses, fas = score.match(gold, pred, ok)
        tally.steps[i] = [tp, len(misses), len(fas)]
    errors = classify(doc["doc_id"], gold, misses, fas, score, rules)
    text = doc.get("text") or ""
    return DocScore(doc["doc_id"], language_of(text), fold_of(doc["doc_id"]), tally, errors, text)


# --- running and printing -----------------------------------------------------------------


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def extract(docs: Path, pred: Path) -> None:
    cmd = [sys.executable, "-c", "from emigre.cli.main import run; run()", "--quiet",
           "extract", "--docs", str(docs), "--out", str(pred)]  # fmt: skip
    subprocess.run(cmd, check=True)


def score_set(eval_dir: Path, name: str, out_dir: Path, score: ModuleType) -> list[DocScore]:
    docs_path = eval_dir / f"{name}-docs.jsonl"
    pred_path = out_dir / f"{name}-pred.jsonl"
    extract(docs_path, pred_path)
    docs = {d["doc_id"]: d for d in read_jsonl(docs_path)}
    gold = {d["doc_id"]: d.get("claims", []) for d in read_jsonl(eval_dir / f"{name}-gold.jsonl")}
    pred = {d["doc_id"]: d.get("claims", []) for d in read_jsonl(pred_path)}
    return [
        score_doc(docs.get(doc_id, {"doc_id": doc_id}), claims, pred.get(doc_id, []), score)
        for doc_id, claims in gold.items()
    ]


def f1(tp: int, fn: int, fp: int) -> float:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def slices(scores: list[DocScore]) -> list[tuple[str, Tally]]:
    """The whole set, each language (most gold claims first), the dev folds and the held-out."""
    out: list[tuple[str, Tally]] = []
    whole = Tally()
    by_lang: dict[str, Tally] = defaultdict(Tally)
    by_fold = {"dev (folds 0-2)": Tally(), "held-out (fold 3)": Tally()}
    for d in scores:
        whole.add(d.tally)
        by_lang[d.language].add(d.tally)
        by_fold["held-out (fold 3)" if d.fold == HELD_OUT else "dev (folds 0-2)"].add(d.tally)
    out.append(("all", whole))
    for lang, t in sorted(by_lang.items(), key=lambda kv: (-kv[1].gold, kv[0])):
        out.append((f"language {lang}", t))
    out.extend(by_fold.items())
    return out


def print_steps(name: str, scores: list[DocScore]) -> dict[str, float]:
    head = "".join(f"{s:>13}" for s in STEPS)
    print(f"\n== {name}: F1 at each step of the match (lenient = +destination, strict = +end date)")
    print(f"{'slice':22}{'docs':>5}{'gold':>6}{'pred':>6}{head}")
    figures: dict[str, float] = {}
    for label, t in slices(scores):
        if not t.docs:
            print(f"{label:22}{0:5d}   (no documents)")
            continue
        cells = "".join(f"{f1(*s):13.3f}" for s in t.steps)
        print(f"{label:22}{t.docs:5d}{t.gold:6d}{t.pred:6d}{cells}")
        if label == "all":
            figures = {"lenient": f1(*t.steps[1]), "strict": f1(*t.steps[-1])}
    return figures


def print_errors(scores: list[DocScore], details: bool) -> None:
    dev = Counter(e.category for d in scores if d.fold != HELD_OUT for e in d.errors)
    held = Counter(e.category for d in scores if d.fold == HELD_OUT for e in d.errors)
    sub = Counter(
        (e.category, e.detail) for d in scores if d.fold != HELD_OUT for e in d.errors if e.detail
    )
    print("misses and false alarms by category, biggest first (dev: folds 0-2, held-out: fold 3)")
    print(f"  {'category':36}{'dev':>5}{'held-out':>10}")
    for category, _ in (dev + held).most_common():
        print(f"  {category:36}{dev[category]:5d}{held[category]:10d}")
        for (cat, detail), n in sub.most_common():
            if cat == category:
                print(f"      {detail:32}{n:5d}")
    if not details:
        return
    print("details (folds 0-2 only):")
    errors = [(e, d) for d in scores if d.fold != HELD_OUT for e in d.errors]
    for category, _ in dev.most_common():
        print(f"  -- {category}")
        for e, d in errors:
            if e.category == category:
                print("    " + describe(e, d.text))


def _brief(c: Claim | None) -> str:
    if c is None:
        return ""
    if c.get("qualifier") == "range" or c.get("value") is None:
        number = f"{c.get('low')}-{c.get('high')}"
    else:
        number = str(c.get("value"))
    return (
        f"{number} {c.get('qualifier')} {c.get('measure')} to={c.get('destination')} "
        f"{c.get('start') or ''}..{c.get('end') or ''} {c.get('group')}"
    )


def describe(e: Error, text: str) -> str:
    parts = [e.doc_id]
    if e.detail:
        parts.append(f"[{e.detail}]")
    if e.gold is not None:
        parts.append(f"gold: {_brief(e.gold)}")
    if e.pred is not None:
        parts.append(f"pred: {_brief(e.pred)}")
        span = e.pred.get("span")
        if span and text:
            sentence = " ".join(text[span[0] : span[1]].split())
            parts.append(f"«{sentence[:160]}{'…' if len(sentence) > 160 else ''}»")
    return "  ".join(parts)


def main(argv: Iterable[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--shared", type=Path, default=Path(os.environ.get("EMIGRE_SHARED", ROOT.parent / "shared"))
    )
    ap.add_argument("--eval", type=Path, help="folder of NAME-docs/NAME-gold files (default: "
                    "SHARED/eval)")  # fmt: skip
    ap.add_argument("--sets", nargs="+", default=list(SETS), help="set names to score")
    ap.add_argument("--details", action="store_true", help="list each miss and false alarm")
    a = ap.parse_args(list(argv) if argv is not None else None)
    scorer = a.shared / "eval" / "score.py"
    if not scorer.is_file():
        print(f"needs the shared scorer (not found at {scorer})")
        return 2
    score = load_scorer(scorer)
    eval_dir = a.eval or a.shared / "eval"
    totals: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in a.sets:
            scores = score_set(eval_dir, name, Path(tmp), score)
            totals[name] = print_steps(name, scores)
            print_errors(scores, a.details)
    print(f"\n{'set':12}{'lenient':>9}{'strict':>8}   targets: lenient >= 0.92, strict >= 0.85")
    ok = True
    for name, figures in totals.items():
        met = all(figures[k] >= TARGETS[k] for k in TARGETS)
        ok &= met
        print(f"{name:12}{figures['lenient']:9.3f}{figures['strict']:8.3f}   "
              f"{'ok' if met else 'below target'}")  # fmt: skip
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
