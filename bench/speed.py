"""Throughput of tokenising, readings, furigana, analyze, pykakasi and jreadability, in one run.

All figures come from the same process on the same ~200 KB of Japanese, built from the texts in
tests/data (the easy/ordinary corpus and the sentences of furigana_gold.tsv, repeated) and cut
into ~2,000-character pages. The floor is bare fugashi: the shared tagger over each page with
the features we use read from every node. Each stage starts with an empty tokenisation cache,
so no stage profits from another's work.

Run from the repo root: .venv/bin/python bench/speed.py
"""

from __future__ import annotations

import gc
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pykakasi  # noqa: E402
from jreadability import compute_readability  # noqa: E402

from simple_japanese import analyze, furigana, readings  # noqa: E402
from simple_japanese.tokens import tagger, tokenize_cached  # noqa: E402

DATA = ROOT / "tests" / "data"
TARGET_BYTES = 200_000
PAGE_CHARS = 2_000


def corpus_text() -> str:
    parts = [p.read_text(encoding="utf-8") for p in sorted(DATA.glob("easy_vs_regular/*/*.txt"))]
    gold = DATA / "furigana_gold.tsv"
    if gold.exists():
        lines = gold.read_text(encoding="utf-8").splitlines()
        header = lines[0].split("\t") if lines else []
        if "sentence" in header:
            col = header.index("sentence")
            parts.append("\n".join(r.split("\t")[col] for r in lines[1:] if r.count("\t") >= col))
    base = "\n".join(parts)
    text = base
    while len(text.encode("utf-8")) < TARGET_BYTES:
        text += "\n" + base
    # Trim to ~200 KB at a line end.
    cut = text.encode("utf-8")[:TARGET_BYTES].decode("utf-8", "ignore")
    return cut[: cut.rfind("\n")]


def pages_of(text: str, size: int = PAGE_CHARS) -> list[str]:
    """Cut at line ends near `size` characters so no sentence is split."""
    pages, start = [], 0
    while start < len(text):
        end = text.find("\n", start + size)
        end = len(text) if end < 0 else end
        pages.append(text[start:end])
        start = end + 1
    return [p for p in pages if p.strip()]


def throughput(label: str, pages: list[str], fn: Callable[[str], object]) -> float:
    """Characters per second of `fn` over all pages (one pass, cold tokenisation cache)."""
    tokenize_cached.cache_clear()
    gc.collect()
    chars = sum(len(p) for p in pages)
    start = time.perf_counter()
    for page in pages:
        fn(page)
    seconds = time.perf_counter() - start
    rate = chars / seconds
    print(f"  {label:34} {rate / 1000:9.1f} k chars/s   ({seconds:6.2f} s)")
    return rate


def bare_fugashi(page: str) -> list[tuple[str, ...]]:
    t = tagger()
    out = []
    for line in page.splitlines():
        for word in t(line):
            f = word.feature
            out.append((word.surface, f.lemma, f.orthBase, f.kana, f.pos1, f.pos2, f.goshu, f.cForm))
    return out


def main() -> int:
    text = corpus_text()
    pages = pages_of(text)
    print(f"corpus: {len(text.encode('utf-8')) / 1000:.0f} KB UTF-8, {len(text):,} characters, "
          f"{len(pages)} pages of ~{PAGE_CHARS} characters (tests/data, repeated)")

    # Warm-up: load dictionaries, word lists and tables outside the timed runs.
    analyze(pages[0])
    furigana(pages[0])
    compute_readability(pages[0], tagger())

    print("throughput (same text, same run):")
    floor = throughput("fugashi bare + features (floor)", pages, bare_fugashi)
    rd = throughput("readings()", pages, readings)
    fg = throughput("furigana()", pages, furigana)
    an = throughput("analyze()", pages, analyze)
    jr = throughput("jreadability compute_readability()", pages,
                    lambda p: compute_readability(p, tagger()))

    # analyze() on one 2,000-character page: 100 distinct windows, cold cache each time.
    samples = []
    for k in range(100):
        start_at = (k * 997) % max(1, len(text) - PAGE_CHARS)
        page = text[start_at : start_at + PAGE_CHARS]
        tokenize_cached.cache_clear()
        start = time.perf_counter()
        analyze(page)
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p50 = statistics.median(samples)
    p95 = samples[94]
    # Our peak memory, before pykakasi (≈ 125 MB of dictionaries of its own) is loaded.
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux

    kks = pykakasi.kakasi()
    kks.convert(pages[0][:200])
    kk = throughput("pykakasi kakasi().convert()", pages, kks.convert)
    rss_all_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print("results beside their baselines and targets:")
    ok = True

    def line(label: str, value: str, baseline: str, target: str, passed: bool) -> None:
        nonlocal ok
        ok = ok and passed
        print(f"  {label:30} {value:>14}   baseline {baseline:28} target {target:12} "
              f"{'ok' if passed else 'MISSED'}")

    line("furigana vs fugashi floor", f"{fg / floor:.0%}", f"floor {floor / 1000:.0f} k chars/s",
         ">= 50%", fg / floor >= 0.5)
    line("furigana vs pykakasi", f"{fg / kk:.1f}x", f"pykakasi {kk / 1000:.1f} k chars/s",
         ">= 20x", fg / kk >= 20)
    line("readings vs fugashi floor", f"{rd / floor:.0%}", f"floor {floor / 1000:.0f} k chars/s",
         "(info)", True)
    line("analyze vs fugashi floor", f"{an / floor:.0%}", f"floor {floor / 1000:.0f} k chars/s",
         "(info)", True)
    line("analyze vs jreadability", f"{an / jr:.2f}x", f"jreadability {jr / 1000:.0f} k chars/s",
         "(info)", True)
    line("analyze 2,000 chars p50", f"{p50:.1f} ms", f"floor {PAGE_CHARS / floor * 1000:.1f} ms/page",
         "(info)", True)
    line("analyze 2,000 chars p95", f"{p95:.1f} ms", f"floor {PAGE_CHARS / floor * 1000:.1f} ms/page",
         "< 30 ms", p95 < 30)
    line("peak RSS, simple_japanese", f"{rss_mb:.0f} MB",
         f"process with pykakasi {rss_all_mb:.0f} MB", "< 200 MB", rss_mb < 200)
    print("result:", "all targets met" if ok else "SOME TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
