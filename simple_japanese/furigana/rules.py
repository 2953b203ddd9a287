"""Per-token context rules: a word whose reading depends on its neighbours (方 かた/ほう,
中 ちゅう/じゅう, 所 しょ/じょ, 市場 いちば/しじょう, 山 after a mountain name, rendaku …).

Each rule is ``rule(text, morphs, i, T) -> kana``; the words each rule looks for are data
(context.tsv, compounds.tsv), the decision is code.
"""

from __future__ import annotations

from simple_japanese.furigana.chars import DIGIT_VALUE, HAS_KANJI, KATAKANA_WORD, to_hiragana
from simple_japanese.furigana.tables import P1, P2, P3, B, E, K, L, S, Seq, Tables

_PARTICLES = frozenset(
    {"を", "が", "は", "も", "に", "へ", "で", "と", "の", "や", "から", "まで", "より"}
)


def _prev_text_in(text: str, pos: int, words: frozenset[str]) -> bool:
    for n in (3, 2, 1):
        w = text[max(0, pos - n) : pos]
        if len(w) == n and w in words:
            if w[0] in DIGIT_VALUE and pos - n > 0 and text[pos - n - 1] in DIGIT_VALUE:
                return False  # 11日中 is not 1日中
            return True
    return False


def _next_surface(morphs: Seq, i: int) -> str:
    return morphs.r[i + 1][S] if i + 1 < len(morphs.r) and morphs.b[i + 1] == morphs.e[i] else ""


def _glued_prev(morphs: Seq, i: int) -> tuple | None:
    return morphs[i - 1] if i and morphs.e[i - 1] == morphs.b[i] else None


def adjacent_noun(morphs: Seq, i: int) -> tuple | None:
    """The token right before morph i if it is a noun glued to it (no particle, no space) that
    can start a compound: not a number, not an adverbial time word (毎日|会社 is two words)."""
    prev = _glued_prev(morphs, i)
    if (
        prev is None
        or prev[P1] not in ("名詞", "接尾辞", "形状詞")
        or prev[P2] == "数詞"
        or prev[P3] == "副詞可能"
    ):
        return None
    return prev


def _naka(text: str, morphs: Seq, i: int, T: Tables) -> str:
    if _prev_text_in(text, morphs.b[i], T.k.context["juu_after"]):
        return "じゅう"
    return morphs.r[i][K]


def _sho(text: str, morphs: Seq, i: int, T: Tables) -> str:
    prev = _glued_prev(morphs, i)
    if prev is not None and prev[S] in T.k.context["jo_after"]:
        return "じょ"
    return morphs.r[i][K]


def _kata(text: str, morphs: Seq, i: int, T: Tables) -> str:
    """方: かた for people (希望する方は, ご希望の方, 外国人の方), ほう for comparison/direction."""
    m = morphs[i]
    kana = m[K]
    if m[P1] == "接尾辞" or not i or morphs[i - 1][E] != m[B]:
        return kana  # 読み方, 使い方: UniDic's suffix かた
    prev = morphs[i - 1]
    nxt = morphs[i + 1][S] if i + 1 < len(morphs) else ""
    if "より" in text[max(0, m[B] - 20) : m[E] + 20]:
        return "ほう"
    if prev[P1] in ("動詞", "助動詞"):
        return "ほう" if nxt == "が" else "かた"
    if prev[S] in ("この", "その", "あの", "どの") and nxt != "が":
        return "かた"
    if prev[S] == "の" and i >= 2:
        noun = morphs[i - 2]
        if noun[S].endswith(tuple(T.k.context["person_ending"])):
            return "かた"
        if i >= 3 and morphs[i - 3][S] in ("お", "ご", "御"):
            return "かた"
    return kana


def _nani(text: str, morphs: Seq, i: int, T: Tables) -> str:
    nxt = morphs[i + 1][S] if i + 1 < len(morphs) else ""
    if nxt in ("を", "が", "か", "も", "に", "へ", "から", "より", "か月"):
        return "なに"
    return morphs.r[i][K]


def _kome(text: str, morphs: Seq, i: int, T: Tables) -> str:
    nxt = morphs[i + 1] if i + 1 < len(morphs) else None
    if nxt is None or nxt[P1] in ("助詞", "補助記号", "助動詞", "空白"):
        return "こめ"
    return morphs.r[i][K]


def _ichinichi(text: str, morphs: Seq, i: int, T: Tables) -> str:
    b = morphs.b[i]
    return "ついたち" if text[max(0, b - 1) : b] == "月" else "いちにち"


def _hi(text: str, morphs: Seq, i: int, T: Tables) -> str:
    """日 as the second part of a compound is び (月曜日, 誕生日, 給料日); UniDic says ひ."""
    m = morphs.r[i]
    if m[K] != "ヒ" or not i:
        return m[K]
    prev = _glued_prev(morphs, i)
    if prev is not None and prev[S].endswith("曜"):
        return "び"
    prev = adjacent_noun(morphs, i)
    if prev is not None and len(prev[S]) >= 2 and HAS_KANJI.search(prev[S][-1]):
        return "び"
    return m[K]


def _compound(text: str, morphs: Seq, i: int, T: Tables) -> str:
    """Rendaku (compounds.tsv): 通り どおり, 風呂 ぶろ, 係 がかり, 桜 ざくら, 袋 ぶくろ and
    会社 がいしゃ right after a noun UniDic split off (予定|通り, 露天|風呂, 旅行|会社)."""
    m = morphs.r[i]
    voiced = T.k.compounds[m[S]]
    prev = _glued_prev(morphs, i)
    if (
        prev is None
        or prev[P1] not in ("名詞", "接尾辞", "動詞")
        or prev[P2] == "数詞"
        or prev[P3] == "副詞可能"  # 毎日|風呂, 今日|会社: two words
    ):
        return m[K]
    if prev[P1] == "動詞" and m[S] != "袋":  # 持ち出し袋; a verb before 通り is 思った通り
        return m[K]
    if m[S] == "会社":
        if prev[P3] == "人名" or _next_surface(morphs, i) == "員":
            return m[K]  # 毎日|会社, 田中|会社員: two words
    if m[S] == "通り" and prev[S].endswith(("この", "その", "言う")):
        return m[K]
    return voiced


def _jin(text: str, morphs: Seq, i: int, T: Tables) -> str:
    """人 is じん after a country/place or an attribute (外国人, 日本人, 社会人); UniDic says にん."""
    m = morphs[i]
    if m[P1] != "接尾辞" or not i or morphs[i - 1][E] != m[B]:
        return m[K]
    prev = morphs[i - 1]
    ps = prev[S]
    if prev[P2] == "固有名詞" or ps in T.k.context["jin_after"] or KATAKANA_WORD.fullmatch(ps):
        return "じん"
    return m[K]


def _kitakami(text: str, morphs: Seq, i: int, T: Tables) -> str:
    """北上: the city (きたかみ) before の/へ/まで/から or after 岩手; else UniDic (ほくじょう)."""
    nxt = morphs[i + 1][S] if i + 1 < len(morphs) else ""
    b = morphs.b[i]
    if nxt in ("の", "へ", "まで", "から", "駅", "市", "川") or text[max(0, b - 2) : b] in (
        "岩手",
        "手県",
    ):
        return "きたかみ"
    return morphs.r[i][K]


def _ichiba(text: str, morphs: Seq, i: int, T: Tables) -> str:
    """市場: いちば (a market you shop at) unless finance is meant (株式市場, 市場経済)."""
    prev = _glued_prev(morphs, i)
    if prev is not None and prev[S] in T.k.context["shijou_before"]:
        return "しじょう"
    if _next_surface(morphs, i) in T.k.context["shijou_after"]:
        return "しじょう"
    return "いちば"


def _tane(text: str, morphs: Seq, i: int, T: Tables) -> str:
    """種: たね (a seed) as a word of its own; UniDic's しゅ (a kind) only as a suffix (3種)."""
    m = morphs.r[i]
    if m[P1] == "名詞" and (
        i + 1 >= len(morphs.r)
        or morphs.r[i + 1][S] in _PARTICLES
        or morphs.r[i + 1][P1] == "補助記号"
    ):
        prev = _glued_prev(morphs, i)
        if prev is None or prev[P1] not in ("名詞", "接頭辞") or prev[P2] == "数詞":
            return "たね"
    return m[K]


def _after_name(morphs: Seq, i: int) -> bool:
    prev = _glued_prev(morphs, i)
    return prev is not None and (
        prev[P2] == "固有名詞"
        or (prev[P1] == "名詞" and prev[K] == "" and HAS_KANJI.search(prev[S]) is not None)
    )


def _name_suffix(text: str, morphs: Seq, i: int, T: Tables) -> str:
    """山 さん, 岳 だけ, 川 がわ after a mountain's or river's name (name_suffixes.tsv);
    elsewhere UniDic's reading (山 やま)."""
    m = morphs.r[i]
    return T.k.name_suffixes[m[S]] if _after_name(morphs, i) else m[K]


def _ashita(text: str, morphs: Seq, i: int, T: Tables) -> str:
    """明日: the house style's reading (あした, or あす) from surface.tsv / house_style.tsv."""
    return T.surface.get("明日") or morphs.r[i][K]


RULES = {
    "日": _hi,
    "人": _jin,
    "北上": _kitakami,
    "中": _naka,
    "所": _sho,
    "方": _kata,
    "何": _nani,
    "米": _kome,
    "一日": _ichinichi,
    "市場": _ichiba,
    "種": _tane,
    "明日": _ashita,
}


def aku(text: str, morphs: Seq, i: int, T: Tables) -> str:
    """開く: あく when something is open (窓が開いています), ひらく when someone opens it
    (本を開いて, 会議を開く, 会議が開かれる). Decided by the nearest を/が/は/も before it."""
    m = morphs.r[i]
    kana = m[K]
    if not kana.startswith("ヒラ"):
        return kana
    if i + 1 < len(morphs.r) and morphs.r[i + 1][L] in ("れる", "られる"):
        return kana  # passive of ひらく
    for k in range(i - 1, max(-1, i - 8), -1):
        s = morphs.r[k][S]
        if s in ("を", "が", "は", "も"):
            return kana if s == "を" else "ア" + kana[2:]
        if morphs.r[k][P1] == "補助記号" and s in ("。", "！", "？"):
            break
    return kana


def lemma_reading(text: str, morphs: Seq, i: int, T: Tables) -> str:
    m = morphs.r[i]
    if m[L] == "開く":
        return aku(text, morphs, i, T)
    old, new = T.k.lemma_prefix[m[L]]  # hiragana: 辛い つら… → から…
    kana = to_hiragana(m[K])
    return new + kana[len(old) :] if kana.startswith(old) else kana


def rule_for(surface: str, T: Tables):
    """The context rule deciding `surface`, or None."""
    rule = RULES.get(surface)
    if rule is None:
        if surface in T.k.compounds:
            return _compound
        if surface in T.k.name_suffixes:
            return _name_suffix
    return rule
