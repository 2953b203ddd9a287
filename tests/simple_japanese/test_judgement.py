"""Issue 11's calibrated judgement: no stacking, score by sentence, compounds as one unit,
explained terms, everyday words, and each false-positive / miss class named in the issue."""

from __future__ import annotations

import importlib
import sys
from collections import Counter
from pathlib import Path

import pytest

from simple_japanese import Settings, analyze
from simple_japanese.lexicon import everyday_words, jlpt_index
from simple_japanese.report import Finding
from simple_japanese.rules import RULES_BY_ID
from simple_japanese.rules.grammar import grammar_patterns
from simple_japanese.rules.units import word_units
from simple_japanese.rules.vocabulary import checkable
from simple_japanese.scoring import CONCERN, dedupe
from simple_japanese.sentences import inline_readings
from simple_japanese.tokens import tokenize

ROOT = Path(__file__).resolve().parents[2]


def rules_of(text: str, **kwargs) -> list[str]:
    return [f.rule for f in analyze(text, **kwargs).findings]


# --- no stacking, score by sentence ----------------------------------------------------------


def test_one_passage_gets_at_most_one_finding_per_concern():
    report = analyze("避難訓練を実施します。")
    assert len(report.findings) <= 2  # was ~6: the word, its parts, the compound, the verb
    spans = [(f.start, f.end, CONCERN[f.rule]) for f in report.findings]
    for a, b in zip(spans, spans[1:], strict=False):
        assert not (a[2] == b[2] and a[0] < b[1] and b[0] < a[1])


def test_dedupe_keeps_the_strongest_of_overlapping_findings_of_one_concern():
    weak = Finding("hard-word", "info", 0, 2, "", "", sentence=0)
    strong = Finding("kango-compound", "warning", 0, 4, "", "", sentence=0)
    other = Finding("vague-expression", "warning", 1, 3, "", "", sentence=0)
    assert dedupe([weak, strong, other]) == [strong, other]


def test_score_drops_by_sentence_not_by_number_of_findings():
    one = analyze("避難して ください。")
    many = analyze("避難と 搬送と 救護と 撤収を ください。")
    assert len(many.findings) > len(one.findings)
    assert abs(many.stats["rules_score"] - one.stats["rules_score"]) < 1


# --- compounds --------------------------------------------------------------------------------


@pytest.mark.parametrize("word", ["熱中症", "避難所", "気象庁"])
def test_a_compound_the_dictionary_splits_is_judged_as_one_word(word):
    report = analyze(f"{word}に ついて 話します。")
    found = [f for f in report.findings if CONCERN[f.rule] == "word"]
    assert [(f.start, f.end) for f in found] == [(0, len(word))]


def test_an_organisation_name_is_information_not_a_hard_word():
    (finding,) = [f for f in analyze("気象庁が 話しました。").findings if f.rule == "hard-word"]
    assert finding.severity == "info" and "名前" in finding.message_ja


def test_a_compound_keeps_one_suggestion_for_the_whole_word():
    (finding,) = [f for f in analyze("避難所に 行きます。").findings if f.rule == "hard-word"]
    assert finding.suggestion == "にげるところ"


# --- explained terms --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "避難所（みんなが にげる ところ）に 行きます。",
        "避難所(ひなんじょ)（みんなが にげる ところ）に 行きます。",
        "熱中症は、暑さで 体の 具合が 悪く なる 病気です。熱中症に 気を つけましょう。",
        "「避難」は「にげる」という 意味です。すぐ 避難して ください。",
    ],
)
def test_an_explained_term_is_info_not_a_hard_word(text):
    report = analyze(text)
    assert "explained-term" in {f.rule for f in report.findings}
    assert not [f for f in report.findings if f.rule == "hard-word" and f.severity != "info"]


def test_a_term_in_the_page_glossary_is_explained():
    text = "ハザードマップを 見て ください。"
    assert "katakana-loanword" in rules_of(text)
    assert rules_of(text, glossary=["ハザードマップ"]) == ["explained-term"]


def test_a_reading_in_brackets_is_not_a_gloss():
    assert "explained-term" not in rules_of("避難(ひなん)して ください。")


def test_an_explained_term_costs_the_score_nothing():
    explained = analyze("避難所（みんなが にげる ところ）に 行きます。")
    assert explained.stats["rules_score"] == 100


# --- everyday vocabulary ----------------------------------------------------------------------


@pytest.mark.parametrize("word", ["父", "母", "顔", "多く", "週末", "給食", "運動会"])
def test_basic_everyday_words_are_easy_at_n4(word):
    assert (jlpt_index().written.get(word) or 0) >= 4


def test_every_everyday_word_has_a_known_domain():
    domains = {"family", "body", "time", "weather", "food", "school", "work", "disaster", "life"}
    assert everyday_words() and set(everyday_words().values()) <= domains


def _corpus():
    sys.path.insert(0, str(ROOT / "bench"))
    from easy_vs_regular import load_pairs

    return load_pairs()


# Terms the guidelines say to explain (HIR: keep 避難所 and explain it; 2020 guideline: name the
# office): hard-word is right to flag them where an easy text of the corpus leaves them bare.
NEEDS_EXPLAINING = {
    "避難所", "避難", "入管", "在留カード", "国民健康保険", "元栓", "土砂", "血圧", "妊娠",
    "保健センター", "水道局", "ハローワーク",
}  # fmt: skip
# Words in the corpus's easy texts that an editor should still change (the checker is right):
# an onomatopoeia, uncommon verbs and loanwords, and tokens of words UniDic splits oddly
# (消し|ゴム, すい|がら, 印|かん). Kept as found: held-out texts are not edited after evaluation.
CORPUS_FLAWS = {
    "むしむし", "しびれる", "あやしい", "しめす", "バドミントン", "ラケット", "ふん",
    "ゴム", "すい", "がら", "印", "管", "会",
}  # fmt: skip
_WORD_RULES = {"hard-word", "kango-compound", "katakana-loanword", "onomatopoeia"}


def _words(text: str) -> list[tuple[str, int, int]]:
    """The words of `text` as the checker judges them: compounds (word units) whole, other
    content tokens by their dictionary form, each with its span."""
    analyze_module = importlib.import_module("simple_japanese.analyze")
    ctx = analyze_module._context(text, tokenize(text), inline_readings(text), [], Settings())
    out, inside = [], set()
    for unit in word_units(ctx):
        out.append((unit.text, unit.start, unit.end))
        inside.update(range(unit.first, unit.last + 1))
    for i, t in enumerate(ctx.tokens):
        if i not in inside and (checkable(t) or t.goshu == "外"):
            out.append((t.orth_base or t.surface, t.start, t.end))
    return out


def test_the_1000_most_frequent_words_of_the_easy_corpus_are_easy_at_n4():
    counts: Counter[str] = Counter()
    flagged: set[str] = set()
    for row in _corpus():
        text = row["easy"]
        spans = [(f.start, f.end) for f in analyze(text).findings if f.rule in _WORD_RULES]
        for word, start, end in _words(text):
            counts[word] += 1
            if any(a < end and start < b for a, b in spans):
                flagged.add(word)
    top = {word for word, _ in counts.most_common(1000)}
    assert len(top) > 400
    hard = top & flagged
    assert hard <= NEEDS_EXPLAINING | CORPUS_FLAWS, sorted(hard - NEEDS_EXPLAINING - CORPUS_FLAWS)


# --- false positives and misses, by class ------------------------------------------------------


def test_tari_form_is_not_flagged_at_n4():  # plain grammar at the reader's level
    assert "tari-form" not in rules_of("雨が 降ったり、風が 吹いたり します。")


def test_a_potential_verb_has_its_verbs_level():  # もらえます was "hard"
    assert rules_of("避難所（みんなが にげる ところ）で 水を もらえます。") == ["explained-term"]


def test_kamoshirenai_inside_a_clause_is_not_flagged():  # plain-style class: clause-internal
    assert rules_of("雨が 降るかもしれない ときは、かさを 持って ください。") == []


def test_kamoshirenai_at_the_end_is_still_plain_style():
    assert "mixed-style" in rules_of("あしたは 雨が 降るかもしれない。")


@pytest.mark.parametrize("text", ["市から 知らせます。", "写真を 見せて ください。"])
def test_a_lexical_sase_verb_is_not_causative(text):
    assert "passive-causative" not in rules_of(text)


def test_a_real_causative_is_still_flagged():
    assert "passive-causative" in rules_of("子どもに 野菜を 食べさせます。")


def test_wake_ni_wa_ikimasen_is_an_obligation_circumlocution():
    (finding,) = [f for f in analyze("休むわけにはいきません。").findings]
    assert finding.rule == "hard-grammar" and finding.suggestion == "〜できません"


def test_negative_wake_ni_wa_ikanai_means_must():
    (finding,) = analyze("行かないわけにはいきません。").findings
    assert finding.rule == "double-negative" and finding.suggestion == "〜なければなりません"


@pytest.mark.parametrize(
    "text", ["大雨の おそれが あります。", "大雨の 恐れも あります。", "津波の おそれの ある 地域"]
)
def test_osore_ga_arimasu_is_a_hedge(text):
    assert "vague-expression" in rules_of(text)


def test_to_kangaeraremasu_is_a_hedge():
    (finding,) = analyze("原因は 地震と 考えられます。").findings
    assert finding.rule == "vague-expression"


@pytest.mark.parametrize(
    ("text", "fix"), [("一緒に 行こう。", "行きましょう"), ("早く 行け。", "行ってください")]
)
def test_plain_volitional_and_imperative_endings_are_plain_style(text, fix):
    (finding,) = [f for f in analyze(text).findings if f.rule == "mixed-style"]
    assert finding.suggestion == fix


@pytest.mark.parametrize(
    ("text", "fix"),
    [
        ("ご協力を お願い申し上げます。", "おねがいします"),
        ("ご案内申し上げます。", "案内します"),
        ("あとで ご連絡いたします。", "連絡します"),
    ],
)
def test_humble_support_verbs_are_rewritten_as_suru_not_iu(text, fix):
    found = [f for f in analyze(text).findings if f.rule == "honorific"]
    assert [f.suggestion for f in found] == [fix]


@pytest.mark.parametrize(
    "text",
    [
        "申し込みの 際は、名前を 書いて ください。",
        "届き次第、電話して ください。",
        "予約しない限り、入れません。",
    ],
)
def test_formal_conditionals_are_hard_grammar(text):
    assert "hard-grammar" in rules_of(text)


def test_basic_conditionals_pass():
    text = "雨が 降ったら、家に いて ください。時間が あれば、来て ください。"
    assert "hard-grammar" not in rules_of(text)


def test_every_grammar_row_loads_with_a_known_class():
    assert {p.grammar_class for p in grammar_patterns()} == {"conditional", "obligation"}


def test_every_rule_module_describes_itself():
    for rule in RULES_BY_ID.values():
        assert rule.__doc__ and rule.source and rule.threshold, rule.id


def test_every_lexical_causative_is_exempt_from_the_causative_rule():
    from simple_japanese.lexicon import data_rows

    only = [RULES_BY_ID["passive-causative"]]
    for (verb,) in data_rows("lexical_causatives.txt"):
        polite = verb[:-1] + "ます"  # 知らせる → 知らせます
        assert analyze(f"あとで {polite}。", rules=only).findings == [], verb


def test_every_name_suffix_makes_a_compound_a_name():
    from simple_japanese.lexicon import data_rows, name_suffix

    for (suffix,) in data_rows("name_suffixes.txt"):
        assert name_suffix("気象" + suffix) == suffix


def test_a_sentence_hard_in_several_ways_weighs_like_an_error_not_one_warning():
    """An official-circular sentence (hard words, kango, style) needs rewriting: a page of
    easy sentences with three such sentences falls below N4, one hard word does not."""
    easy = "ごみは 月曜日に 出します。" * 3
    circular = (
        "当該事案については関係各所と連携の上、速やかに対応するよう要請されたい。"
        "本件に係る申請書類は所定の様式により提出されたい。"
        "なお、期限を過ぎた場合は受理しかねるので留意されたい。"
    )
    assert analyze(easy + circular, target="N4").level in {"hard", "very-hard"}
    assert analyze(easy + "大切な 書類は 市役所に 出して ください。", target="N4").level in {
        "easy",
        "fairly-easy",
    }
