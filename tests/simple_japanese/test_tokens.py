"""The tokeniser's fast path (one `Tagger.parse` string per line) against fugashi's node API."""

from __future__ import annotations

import importlib
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simple_japanese.tokens import Token, tagger, tokenize

T = importlib.import_module("simple_japanese.tokens")
F = importlib.import_module("simple_japanese.furigana")


def node_api_tokens(text: str) -> list[Token]:
    """What `tokenize` did before the fast path: fugashi's nodes, line by line, each surface
    searched forward for its offset, features by name."""
    out = []
    pos = 0
    for line in re.sub("[\x00\ud800-\udfff]", "\ufffd", text).splitlines(keepends=True):
        cursor = 0
        for node in tagger()(line):
            s = node.surface
            if not s:
                continue
            idx = line.find(s, cursor)
            f = node.feature

            def get(name: str, f=f) -> str:
                v = getattr(f, name, None)
                return "" if v is None or v == "*" else v

            out.append(
                Token(
                    s,
                    pos + idx,
                    pos + idx + len(s),
                    get("lemma"),
                    get("orthBase"),
                    get("kana"),
                    get("pron"),
                    get("pos1"),
                    get("pos2"),
                    get("pos3"),
                    get("goshu"),
                    get("cType"),
                    get("cForm"),
                    bool(node.is_unk),
                )
            )
            cursor = idx + len(s)
        pos += len(line)
    return out


TRICKY = [
    "",
    "食べ物を食べる。",
    "地震が 起きたら、机の 下に 入って ください。",  # spaces between words
    " 先頭の空白\t\tとタブ",
    "末尾の空白  \n\n  \n次の行",
    "　全角空白　です　",
    "行1\r\n行2\r行3\n\n行4\u2028行5\u2029行6\x0b行7\x0c行8\x1c行9\x85行10",
    "日本\x00日本語\x00",
    "\ud800日本\udfff語",
    'a,b "c" \'d\' *e* ＊ ,,, ""',
    "😀東京𠮷野家🍣に行く",
    "ＸＹＺ株式会社とabcdef、令和7年10月5日13時",
    "日本\x1f語\x1e東京",  # the parse format's own separators: the node API path
    "   \t  ",
    "\n",
    "日本\n",
    "日本 \t\n",
]


@pytest.mark.parametrize("text", TRICKY)
def test_tokenize_matches_the_node_api(text):
    assert tokenize(text) == node_api_tokens(text)


_TEXT = st.text(
    alphabet=st.sampled_from(
        list(
            "日本語今日一中方人所月米何年分本時盛岡市避難食べる取り扱いのはがをにでとですます。、「」"
        )
        + list("0123456789０１２３ 　\n\r\t\x0b\x0c\x00\x1f\x1e\u2028abc<>&\"',*")
        + ["\ud800", "😀"]
    ),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_tokenize_matches_the_node_api_on_any_text(text):
    assert tokenize(text) == node_api_tokens(text)


@settings(max_examples=200, deadline=None)
@given(_TEXT)
def test_fast_path_and_node_api_path_agree(text):
    text = re.sub("[\x00\ud800-\udfff\x1e\x1f]", "\ufffd", text)
    fast = T._fast(text, {}, T._token_fields)
    slow = T._slow(text, T._token_fields)
    # the records differ only in the white space counted before a morpheme
    assert [r[:1] + r[2:] for r in fast[0]] == [r[:1] + r[2:] for r in slow[0]]
    assert fast[1:] == slow[1:]


def test_the_parse_format_is_ours_and_the_node_api_is_untouched():
    out = tagger().parse("食べ物")
    fields = out.split(T._US)
    assert fields[1] == "食べ物" and fields[-1] == "0"
    assert [w.surface for w in tagger()("食べ物を食べる")] == ["食べ物", "を", "食べる"]
    assert tagger()("食べ物")[0].feature.kana == "タベモノ"


def test_furigana_morphs_match_tokens():
    text = "9月1日、盛岡市の避難所に2人が行きました。\n 明日は 雨です。\t方法"
    tables = importlib.import_module("simple_japanese.furigana.tables")
    seq = F.default_reader()._T.morphs(text)
    toks = tokenize(text)
    K, P1, P2, L, P3 = tables.K, tables.P1, tables.P2, tables.L, tables.P3
    assert [
        (r[0], b, e, r[K], r[P1], r[P2], r[L], r[P3])
        for r, b, e in zip(seq.r, seq.b, seq.e, strict=True)
    ] == [(t.surface, t.start, t.end, t.kana, t.pos1, t.pos2, t.lemma, t.pos3) for t in toks]


def test_morpheme_cache_is_bounded(monkeypatch):
    monkeypatch.setattr(T, "MORPHEME_CACHE_MAX", 5)
    cache: dict = {}
    for text in ("日本語を勉強します。", "東京と大阪と京都に行きました。", "雨です。"):
        T.morphemes(text, cache, T._token_fields)
        assert len(cache) <= 5 + 8  # emptied once past the limit, before the next text
    assert T.morphemes("雨です。", cache, T._token_fields)[0]
