"""HTML text-node walker and furigana_html: markup is never changed, only text nodes are."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from simple_japanese.furigana import furigana_html
from simple_japanese.html import iter_text_nodes, map_text_nodes, text_nodes

RUBY = "<ruby>日本<rt>にほん</rt></ruby>"


def strip_added_ruby(html: str) -> str:
    """Undo furigana_html: drop the <ruby>…<rt>…</rt></ruby> it added around kanji."""
    return re.sub(r"<ruby>([^<]*)<rt>[^<]*</rt></ruby>", r"\1", html)


def test_text_gets_ruby():
    assert furigana_html("<p>日本</p>") == f"<p>{RUBY}</p>"


def test_attributes_are_untouched():
    html = '<p title="日本" data-x=\'日本\'><a href="/日本/">日本</a><img alt=日本></p>'
    out = furigana_html(html)
    assert out == f'<p title="日本" data-x=\'日本\'><a href="/日本/">{RUBY}</a><img alt=日本></p>'


def test_attribute_with_gt_inside_quotes():
    html = '<a title="a > 日本">日本</a>'
    assert furigana_html(html) == f'<a title="a > 日本">{RUBY}</a>'


def test_script_and_style_are_untouched():
    html = '<script>var s = "<p>日本</p>"; if (a < b) {}</script><style>p::after{content:"日本"}</style>日本'
    assert furigana_html(html) == html[: -len("日本")] + RUBY


def test_script_end_tag_case_insensitive():
    html = "<SCRIPT type=text/javascript>x='日本'</SCRIPT>日本"
    assert furigana_html(html) == "<SCRIPT type=text/javascript>x='日本'</SCRIPT>" + RUBY


def test_unclosed_script_swallows_the_rest():
    html = "<script>日本"
    assert furigana_html(html) == html


def test_code_pre_textarea_title_option_untouched():
    for tag in ("code", "pre", "textarea", "title", "option", "kbd"):
        html = f"<{tag}>日本</{tag}>"
        assert furigana_html(html) == html, tag


def test_nested_skip_elements():
    html = "<pre><code>日本</code>日本</pre>日本"
    assert furigana_html(html) == "<pre><code>日本</code>日本</pre>" + RUBY


def test_existing_ruby_untouched():
    html = (
        "<ruby>漢字<rt>かんじ</rt></ruby>と<ruby>日本<rp>(</rp><rt>にっぽん</rt><rp>)</rp></ruby>"
    )
    out = furigana_html(html)
    assert out.startswith("<ruby>漢字<rt>かんじ</rt></ruby>と<ruby>日本<rp>(</rp><rt>にっぽん</rt>")
    assert out.count("<ruby>") == 2


def test_entities_preserved():
    html = "<p>東京&amp;大阪&nbsp;&#26085;&#x672C; &lt;日本&gt; A&B</p>"
    out = furigana_html(html)
    assert "&amp;" in out and "&nbsp;" in out and "&#26085;&#x672C;" in out and "&lt;" in out
    assert "<ruby>東京<rt>とうきょう</rt></ruby>&amp;<ruby>大阪<rt>おおさか</rt></ruby>" in out
    assert strip_added_ruby(out) == html


def test_comments_doctype_cdata_pi_untouched():
    html = "<!DOCTYPE html><!-- 日本 --><![CDATA[日本]]><?xml 日本?><p>日本</p><!-- unclosed 日本"
    out = furigana_html(html)
    assert (
        out
        == f"<!DOCTYPE html><!-- 日本 --><![CDATA[日本]]><?xml 日本?><p>{RUBY}</p><!-- unclosed 日本"
    )


def test_bare_lt_is_text():
    html = "1 < 2 日本"
    assert furigana_html(html) == "1 < 2 " + RUBY


def test_whitespace_and_newlines_kept():
    html = "<p>\n  日本語を\n  勉強します。\n</p>"
    assert strip_added_ruby(furigana_html(html)) == html


def test_min_level_and_overrides_pass_through():
    assert furigana_html("<p>日本</p>", min_level="N5") == "<p>日本</p>"
    assert (
        furigana_html("<p>日本</p>", overrides={"日本": "にっぽん"})
        == "<p><ruby>日本<rt>にっぽん</rt></ruby></p>"
    )


def test_empty():
    assert furigana_html("") == ""
    assert map_text_nodes("", str.upper) == ""
    assert text_nodes("") == []


def test_text_nodes_offsets_and_unescape():
    html = '<p class="x">東京&amp;大阪</p><script>日本</script><ruby>漢字<rt>かんじ</rt></ruby>'
    nodes = text_nodes(html)
    assert nodes == [(html.index("東京"), "東京&大阪"), (html.index("漢字"), "漢字")]
    for node in iter_text_nodes(html):
        assert html[node.start : node.end] == node.raw


def test_map_text_nodes_gets_raw_text():
    seen = []

    def fn(raw: str) -> str:
        seen.append(raw)
        return raw.upper()

    html = "<b>a&amp;b</b><code>x</code>c"
    assert map_text_nodes(html, fn) == "<b>A&AMP;B</b><code>x</code>C"
    assert seen == ["a&amp;b", "c"]


def test_map_text_nodes_custom_skip_tags():
    html = "<em>a</em><b>b</b>"
    assert map_text_nodes(html, str.upper, skip_tags=frozenset({"EM"})) == "<em>a</em><b>B</b>"


_HTML_PIECES = st.sampled_from(
    [
        "日本",
        "語",
        "を",
        "&amp;",
        "&",
        "<",
        ">",
        "<p>",
        "</p>",
        '<a href="日本">',
        "</a>",
        "<script>",
        "</script>",
        "<style>",
        "</style>",
        "<!--",
        "-->",
        "<ruby>",
        "<rt>",
        "</rt>",
        "</ruby>",
        "<br/>",
        "'",
        '"',
        "<code>",
        "</code>",
        "<pre>",
        "\n",
        " ",
        "1日",
        "東京",
        "<!DOCTYPE html>",
        "<img alt='日本'>",
        "<title>",
        "</title>",
        "<textarea>",
        "</textarea>",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_HTML_PIECES, max_size=30).map("".join))
def test_identity_map_is_byte_for_byte(html):
    assert map_text_nodes(html, lambda s: s) == html
    chunks = [n.raw for n in iter_text_nodes(html)]
    assert all(c in html for c in chunks)


# without <rt>, no input can already look like the ruby furigana_html adds
_NO_RT = _HTML_PIECES.filter(lambda p: "rt>" not in p)


@settings(max_examples=200, deadline=None)
@given(st.lists(_NO_RT, max_size=30).map("".join))
def test_furigana_html_only_adds_ruby(html):
    assert strip_added_ruby(furigana_html(html)) == html
