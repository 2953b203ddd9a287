"""Does the score separate easy Japanese from ordinary Japanese? ROC AUC, ours vs Lee & Hasebe.

Corpus: tests/data/easy_vs_regular/ (manifest.tsv says where each text comes from and how it was
made). Both figures are computed in the same run on the same texts; an AUC is the chance that a
random easy text scores higher (easier) than a random ordinary one.

Run from the repo root: .venv/bin/python bench/easy_vs_regular.py [--verbose]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from simple_japanese import analyze  # noqa: E402
from simple_japanese.readability import lee_hasebe  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "easy_vs_regular"
TARGET_AUC = 0.95


def load_corpus() -> list[tuple[str, str, str]]:
    """(file, class, text) for every manifest row."""
    rows = []
    for line in (CORPUS / "manifest.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, label = line.split("\t")[:2]
        rows.append((name, label, (CORPUS / name).read_text(encoding="utf-8")))
    return rows


def roc_auc(positives: list[float], negatives: list[float]) -> float:
    """Mann–Whitney AUC: P(positive > negative), ties count half."""
    wins = 0.0
    for p in positives:
        for n in negatives:
            wins += 1.0 if p > n else 0.5 if p == n else 0.0
    return wins / (len(positives) * len(negatives))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="print every text's figures")
    args = parser.parse_args()

    rows = load_corpus()
    ours: dict[str, list[float]] = {"easy": [], "regular": []}
    lh: dict[str, list[float]] = {"easy": [], "regular": []}
    rule_hits: dict[str, Counter[str]] = {"easy": Counter(), "regular": Counter()}
    for name, label, text in rows:
        report = analyze(text)
        score_lh = lee_hasebe(text)
        ours[label].append(report.score)
        lh[label].append(score_lh)
        rule_hits[label].update(f.rule for f in report.findings)
        if args.verbose:
            print(
                f"{name:38} {label:8} score {report.score:3d}  L&H {score_lh:5.2f}  "
                f"findings {len(report.findings):3d}"
            )

    auc_ours = roc_auc(ours["easy"], ours["regular"])
    auc_lh = roc_auc(lh["easy"], lh["regular"])
    n_easy, n_reg = len(ours["easy"]), len(ours["regular"])
    print(f"corpus: {n_easy} easy + {n_reg} ordinary texts ({CORPUS.relative_to(ROOT)})")
    print(
        f"mean score      easy {sum(ours['easy']) / n_easy:6.1f}   ordinary {sum(ours['regular']) / n_reg:6.1f}"
    )
    print(
        f"mean L&H        easy {sum(lh['easy']) / n_easy:6.2f}   ordinary {sum(lh['regular']) / n_reg:6.2f}"
    )
    print(f"min easy score {min(ours['easy'])}, max ordinary score {max(ours['regular'])}")
    print(
        f"ROC AUC  our score: {auc_ours:.3f}   baseline Lee & Hasebe alone: {auc_lh:.3f}   "
        f"target: >= {TARGET_AUC} and above the baseline"
    )
    print("findings per text, by rule (easy / ordinary):")
    for rule in sorted(set(rule_hits["easy"]) | set(rule_hits["regular"])):
        print(
            f"  {rule:20} {rule_hits['easy'][rule] / n_easy:5.2f} / {rule_hits['regular'][rule] / n_reg:5.2f}"
        )
    ok = auc_ours >= TARGET_AUC and auc_ours > auc_lh
    print("result:", "meets the target" if ok else "MISSES the target")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
