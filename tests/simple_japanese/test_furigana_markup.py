"""furigana_html reads a block as one string across inline tags, and escapes every reading."""

from __future__ import annotations

import html as _html
import re

from simple_japanese.furigana import Reader, furigana, furigana_html


def test_a_word_split_by_inline_markup_gets_no_wrong_ruby():
    out = furigana_html("<p>この<b>避</b>難所に</p>")
    # 避難 crosses </b>: left without ruby rather than split; 所 is read as part of 避難所
    assert out == "<p>この<b>避</b>難<ruby>所<rt>じょ</rt></ruby>に</p>"


def test_context_is_read_across_inline_tags():
    assert furigana_html("<p>避難<span>所</span></p>") == (
        "<p><ruby>避難<rt>ひなん</rt></ruby><span><ruby>所<rt>じょ</rt></ruby></span></p>"
    )
    assert "<ruby>1日<rt>ついたち</rt></ruby>" in furigana_html(
        "<li>9月<a href='#'>1日</a>から</li>"
    )


def test_blocks_are_read_apart():
    out = furigana_html("<p>避難</p><p>所</p>")
    assert "<rt>じょ</rt>" not in out


def test_a_word_inside_one_inline_element_keeps_its_ruby():
    assert furigana_html("<p><strong>勉強</strong>します</p>") == (
        "<p><strong><ruby>勉強<rt>べんきょう</rt></ruby></strong>します</p>"
    )


def test_character_references_are_kept_and_never_inside_ruby():
    out = furigana_html("<p>日本&amp;世界</p>")
    assert "&amp;" in out
    assert "<ruby>日本<rt>にほん</rt></ruby>" in out
    assert "<ruby>世界<rt>せかい</rt></ruby>" in out


def test_one_ruby_per_word_not_per_character():
    assert furigana("勉強") == "<ruby>勉強<rt>べんきょう</rt></ruby>"


def test_a_script_reading_from_the_dictionary_renders_as_text():
    evil = {"避難": "<script>alert(1)</script>"}
    for out in (
        furigana("避難所", overrides=evil),
        furigana_html("<p>避難所</p>", overrides=evil),
        Reader(user_dictionary=evil).furigana("避難所"),
    ):
        assert "<script>" not in out
        assert "&lt;script&gt;" in out
        visible = _html.unescape(re.sub(r"<[^>]+>", "", out))
        assert "<script>alert(1)</script>" in visible


def test_ampersand_in_a_reading_is_escaped():
    out = furigana_html("<p>日本</p>", overrides={"日本": "に&ほん"})
    assert "<rt>に&amp;ほん</rt>" in out
