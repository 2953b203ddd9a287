"""Does the checker judge easy Japanese easy and regular Japanese hard? AUCs and level confusion.

Corpus: bench/data/easy_regular_pairs.tsv, 300 pairs of the same content (weather, disaster,
health, school, procedures, daily life), written for this project (see its header). Every fifth
pair is held out: never used to tune the rules; its figures are printed apart.

Printed, for the tuning part, the held-out part and all pairs:
- article-level ROC AUC (each text's score; easy should score higher), beside Lee & Hasebe alone;
- sentence-level ROC AUC (each sentence analysed alone);
- the level confusion table: how many easy and how many regular texts land in each level.
Targets (issue 11): >= 90 % of easy texts easy/fairly-easy, >= 90 % of regular texts
hard/very-hard, sentence AUC >= 0.95. The exit status is non-zero when the full corpus misses one.

Run from the repo root: .venv/bin/python bench/easy_vs_regular.py [--verbose]
"""

from __future__ import annotations

import sys

# bench/http.py is a bench script, not the standard library's `http`: Python puts a script's
# folder first on the import path, so move it last (bench modules still import, after stdlib)
sys.path.append(sys.path.pop(0))

import argparse
import os
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from simple_japanese import analyze  # noqa: E402
from simple_japanese.readability import lee_hasebe  # noqa: E402
from simple_japanese.sentences import split_sentences  # noqa: E402

CORPUS = ROOT / "bench" / "data" / "easy_regular_pairs.tsv"
# An older, independent corpus (40 longer texts, each restating a public page in our words; see
# its manifest): never looked at while tuning this round's rules. Printed for information.
OLD_CORPUS = ROOT / "tests" / "data" / "easy_vs_regular"
LEVELS = ("easy", "fairly-easy", "hard", "very-hard")
TARGET_SHARE = 0.90
TARGET_SENTENCE_AUC = 0.95


def load_pairs(path: Path = CORPUS) -> list[dict[str, str]]:
    """Rows of the corpus as dicts (id, topic, split, easy, regular)."""
    lines = [
        ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")
    ]
    header = lines[0].split("\t")
    return [dict(zip(header, ln.split("\t"), strict=True)) for ln in lines[1:]]


def roc_auc(positives: list[float], negatives: list[float]) -> float:
    """Mann–Whitney AUC: P(positive > negative), ties count half (rank-based, O(n log n))."""
    ranked = sorted([(v, 1) for v in positives] + [(v, 0) for v in negatives])
    rank_sum, i = 0.0, 0
    while i < len(ranked):
        j = i
        while j < len(ranked) and ranked[j][0] == ranked[i][0]:
            j += 1
        mean_rank = (i + j + 1) / 2  # ranks are 1-based
        rank_sum += mean_rank * sum(1 for k in range(i, j) if ranked[k][1])
        i = j
    n_pos, n_neg = len(positives), len(negatives)
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def machine() -> str:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"machine: {len(os.sched_getaffinity(0))} cores (nproc), load average {load}"


def evaluate(rows: list[dict[str, str]], verbose: bool) -> dict[str, object]:
    scores: dict[str, list[float]] = {"easy": [], "regular": []}
    lh: dict[str, list[float]] = {"easy": [], "regular": []}
    sentences: dict[str, list[float]] = {"easy": [], "regular": []}
    levels: dict[str, Counter[str]] = {"easy": Counter(), "regular": Counter()}
    hits: dict[str, Counter[str]] = {"easy": Counter(), "regular": Counter()}
    for row in rows:
        for label in ("easy", "regular"):
            text = row[label]
            report = analyze(text)
            scores[label].append(report.score)
            lh[label].append(lee_hasebe(text) or 0.0)
            levels[label][report.level] += 1
            hits[label].update(f.rule for f in report.findings if f.severity != "info")
            for span in split_sentences(text):
                sentences[label].append(analyze(text[span.start : span.end]).score)
            if verbose:
                rules = ",".join(f.rule for f in report.findings if f.severity != "info")
                print(f"  {row['id']:>3} {label:7} {report.score:3d} {report.level:11} {rules}")
    return {
        "n": len(rows),
        "article_auc": roc_auc(scores["easy"], scores["regular"]),
        "lh_auc": roc_auc(lh["easy"], lh["regular"]),
        "sentence_auc": roc_auc(sentences["easy"], sentences["regular"]),
        "n_sentences": (len(sentences["easy"]), len(sentences["regular"])),
        "levels": levels,
        "hits": hits,
        "mean": {k: sum(v) / len(v) for k, v in scores.items()},
    }


def report(name: str, r: dict[str, object]) -> bool:
    n = r["n"]
    levels: dict[str, Counter[str]] = r["levels"]  # type: ignore[assignment]
    easy_ok = (levels["easy"]["easy"] + levels["easy"]["fairly-easy"]) / n  # type: ignore[operator]
    reg_ok = (levels["regular"]["hard"] + levels["regular"]["very-hard"]) / n  # type: ignore[operator]
    ne, nr = r["n_sentences"]  # type: ignore[misc]
    print(f"{name}: {n} pairs ({ne} easy / {nr} regular sentences)")
    print(
        f"  article AUC {r['article_auc']:.3f}  (Lee & Hasebe alone {r['lh_auc']:.3f})   "
        f"sentence AUC {r['sentence_auc']:.3f}   mean score easy {r['mean']['easy']:.1f} / "  # type: ignore[index]
        f"regular {r['mean']['regular']:.1f}"  # type: ignore[index]
    )
    print(f"  {'level':12}" + "".join(f"{lv:>12}" for lv in LEVELS))
    for label in ("easy", "regular"):
        print(f"  {label:12}" + "".join(f"{levels[label][lv]:>12}" for lv in LEVELS))
    ok = easy_ok >= TARGET_SHARE and reg_ok >= TARGET_SHARE
    ok = ok and r["sentence_auc"] >= TARGET_SENTENCE_AUC  # type: ignore[operator]
    print(
        f"  easy texts easy/fairly-easy {easy_ok:.1%}, regular texts hard/very-hard {reg_ok:.1%}"
        f"  (targets >= {TARGET_SHARE:.0%}; sentence AUC >= {TARGET_SENTENCE_AUC})"
        f"  {'ok' if ok else 'MISSED'}"
    )
    return ok


def old_corpus_table() -> None:
    """Level confusion on tests/data/easy_vs_regular (information only)."""
    levels: dict[str, Counter[str]] = {"easy": Counter(), "regular": Counter()}
    scores: dict[str, list[float]] = {"easy": [], "regular": []}
    for line in (OLD_CORPUS / "manifest.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, label = line.split("\t")[:2]
        report = analyze((OLD_CORPUS / name).read_text(encoding="utf-8"))
        levels[label][report.level] += 1
        scores[label].append(report.score)
    print(
        f"independent corpus {OLD_CORPUS.relative_to(ROOT)} (information): "
        f"{len(scores['easy'])} easy / {len(scores['regular'])} regular texts, "
        f"article AUC {roc_auc(scores['easy'], scores['regular']):.3f}"
    )
    print(f"  {'level':12}" + "".join(f"{lv:>12}" for lv in LEVELS))
    for label in ("easy", "regular"):
        print(f"  {label:12}" + "".join(f"{levels[label][lv]:>12}" for lv in LEVELS))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="print every text's figures")
    parser.add_argument("--split", choices=("tune", "holdout"), help="evaluate one part only")
    args = parser.parse_args()

    rows = load_pairs()
    print(machine())
    print(f"corpus: {CORPUS.relative_to(ROOT)} (original text, see its header)")
    parts = {"tune": [r for r in rows if r["split"] == "tune"]}
    parts["holdout"] = [r for r in rows if r["split"] == "holdout"]
    results = {}
    for name in ("tune", "holdout"):
        if args.split and args.split != name:
            continue
        results[name] = evaluate(parts[name], args.verbose)
        report(f"{name} part", results[name])
    if args.split:
        return 0
    whole = evaluate(rows, False)
    ok = report("all pairs", whole)
    old_corpus_table()
    hits: dict[str, Counter[str]] = whole["hits"]  # type: ignore[assignment]
    print("warnings and errors per text, by rule (easy / regular):")
    for rule in sorted(set(hits["easy"]) | set(hits["regular"])):
        print(
            f"  {rule:20} {hits['easy'][rule] / len(rows):5.2f} / {hits['regular'][rule] / len(rows):5.2f}"
        )
    print("result:", "meets the targets" if ok else "MISSES the targets")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
