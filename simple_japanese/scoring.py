"""From findings to one judgement: no stacking, a score by sentence, the level.

Why it is built this way (issue 11, "calibrated judgement"): an editor who follows the
guidelines must see an easy page come out easy. Two things made pages red before:
- one passage collected several findings for one problem (避難訓練を実施します: the word, its
  parts, the compound and the nominalised verb); now findings are grouped by *concern* (word,
  grammar, sentence, kanji, style, date) and overlapping findings of one concern in one sentence
  keep only the strongest;
- the score fell with every finding; now each sentence gets one grade from its worst finding,
  and the score is the character-weighted mean grade (80 %) plus Lee & Hasebe's readability
  (20 %, it separates whole articles well and single sentences poorly).
"""

from __future__ import annotations

from collections.abc import Sequence

from simple_japanese.report import Finding, Sentence

# Which concern each rule speaks to: overlapping findings of one concern are one problem.
CONCERN: dict[str, str] = {
    "sentence-length": "sentence",
    "one-idea": "sentence",
    "kanji-count": "kanji",
    "kanji-ratio": "kanji",
    "kanji-no-furigana": "furigana",
    "hard-word": "word",
    "explained-term": "word",
    "kango-compound": "word",
    "kango-verb": "word",
    "nominalised-verb": "word",
    "katakana-loanword": "word",
    "onomatopoeia": "word",
    "honorific": "word",
    "romaji": "word",
    "vague-expression": "grammar",
    "hard-grammar": "grammar",
    "passive-causative": "grammar",
    "tari-form": "grammar",
    "double-negative": "grammar",
    "mixed-style": "style",
    "era-year": "date",
    "time-24h": "date",
    "time-range-tilde": "date",
    "date-weekday": "date",
    "text-length": "text",
}
_SEVERITY_RANK = {"error": 3, "warning": 2, "info": 1}
# When two findings of one concern are equally severe, the more specific rule speaks (its
# suggestion is the better one): an honorific over the hard word it also is, a compound over
# its parts.
_SPECIFIC = (
    "honorific",
    "onomatopoeia",
    "katakana-loanword",
    "double-negative",
    "nominalised-verb",
    "kango-compound",
    "kango-verb",
    "hard-grammar",
    "vague-expression",
    "one-idea",
    "kanji-count",
)
_SPECIFICITY = {rule: len(_SPECIFIC) - k for k, rule in enumerate(_SPECIFIC)}

# A sentence's grade from its worst finding (1 = nothing to fix). An explained term costs
# nothing: explaining a needed hard word is what the guidelines ask for.
GRADE = {None: 1.0, "info": 0.95, "warning": 0.5, "error": 0.2}
# A sentence with warnings of this many different concerns (words, grammar, sentence shape,
# kanji, style …) needs rewriting, not a word swapped: it is graded as an error. One hard word
# in an otherwise plain sentence stays a warning.
REWRITE_CONCERNS = 3
_FREE_RULES = frozenset({"explained-term"})
# A whole-text finding (text-length) costs the score this many points.
TEXT_PENALTY = {"error": 10.0, "warning": 5.0, "info": 2.0}
RULES_SHARE = 0.8
LH_LOW, LH_HIGH = 1.0, 6.0

LEVELS = (
    (80, "easy", "やさしい", "Easy Japanese"),
    (60, "fairly-easy", "すこし むずかしい", "Fairly easy"),
    (40, "hard", "むずかしい", "Hard"),
    (0, "very-hard", "とても むずかしい", "Very hard"),
)


def strength(f: Finding) -> tuple[int, int, int]:
    return (_SEVERITY_RANK[f.severity], _SPECIFICITY.get(f.rule, 0), f.end - f.start)


def dedupe(findings: Sequence[Finding]) -> list[Finding]:
    """One finding per span per concern: of overlapping findings of one concern in one
    sentence, keep the strongest (severity, then the more specific rule, then the longer span).
    """
    groups: dict[tuple[str, int | None], list[Finding]] = {}
    for f in findings:
        groups.setdefault((CONCERN.get(f.rule, f.rule), f.sentence), []).append(f)
    out: list[Finding] = []
    for group in groups.values():
        group.sort(key=lambda f: (f.start, -f.end))
        cluster: list[Finding] = []
        cluster_end = -1
        for f in group:
            if cluster and f.start >= cluster_end:
                out.append(max(cluster, key=strength))
                cluster = []
            cluster.append(f)
            cluster_end = max(cluster_end, f.end) if len(cluster) > 1 else f.end
        if cluster:
            out.append(max(cluster, key=strength))
    order = {"error": 0, "warning": 1, "info": 2}
    out.sort(key=lambda f: (f.start, order[f.severity], f.end, f.rule))
    return out


def rules_score(sentences: Sequence[Sentence], findings: Sequence[Finding]) -> float:
    """0–100: the character-weighted mean of the sentences' grades, minus whole-text penalties."""
    if not sentences:
        return 100.0
    worst: list[str | None] = [None] * len(sentences)
    concerns: list[set[str]] = [set() for _ in sentences]
    text_penalty = 0.0
    for f in findings:
        if f.sentence is None:
            text_penalty += TEXT_PENALTY[f.severity]
        elif f.rule not in _FREE_RULES:
            current = worst[f.sentence]
            if current is None or _SEVERITY_RANK[f.severity] > _SEVERITY_RANK[current]:
                worst[f.sentence] = f.severity
            if f.severity != "info":
                concerns[f.sentence].add(CONCERN.get(f.rule, f.rule))
    for i, kinds in enumerate(concerns):
        if len(kinds) >= REWRITE_CONCERNS:
            worst[i] = "error"
    weights = [max(s.chars, 1) for s in sentences]
    quality = sum(w * GRADE[g] for w, g in zip(weights, worst, strict=True)) / sum(weights)
    return max(0.0, 100.0 * quality - text_penalty)


def score(sentences: Sequence[Sentence], findings: Sequence[Finding], lh: float | None) -> int:
    """The 0–100 score: rules_score (80 %) and Lee & Hasebe mapped from 1.0–6.0 (20 %)."""
    rules = rules_score(sentences, findings)
    if lh is None:
        return round(rules)
    lh_part = 100.0 * min(1.0, max(0.0, (lh - LH_LOW) / (LH_HIGH - LH_LOW)))
    return round(RULES_SHARE * rules + (1 - RULES_SHARE) * lh_part)


def level_of(value: int) -> tuple[str, str, str]:
    """(level id, Japanese label, English label) for a score."""
    return next((lv[1], lv[2], lv[3]) for lv in LEVELS if value >= lv[0])
