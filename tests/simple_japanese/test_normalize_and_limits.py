"""NFKC before every rule with offsets into the original text; chunked analysis; the size limit."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simple_japanese import MAX_INPUT_CHARS, InputTooLong, analyze
from simple_japanese.chunking import chunk_spans
from simple_japanese.cli import main
from simple_japanese.normalize import normalize

ROOT = Path(__file__).resolve().parents[2]


def test_half_width_katakana_become_full_width_with_voiced_marks_composed():
    norm, omap = normalize("ｶﾞｽを使います")
    assert norm == "ガスを使います"
    assert omap.to_orig(1) == 2 and omap.to_orig(1, end=True) == 2


def test_full_width_letters_and_digits_become_ascii_keeping_offsets():
    norm, omap = normalize("長さは１０ｋｍです")
    assert norm == "長さは10kmです" and omap.identity


def test_an_expanding_character_maps_back_to_itself():
    text = "あ…い"
    norm, omap = normalize(text)
    assert norm == "あ...い"
    assert omap.to_orig(1) == 1 and omap.to_orig(4, end=True) == 2 and omap.to_orig(4) == 2


def test_half_width_katakana_do_not_escape_the_loanword_rule():
    text = "ｷｬﾝｾﾙして ください。"
    (finding,) = [f for f in analyze(text).findings if f.rule == "katakana-loanword"]
    assert text[finding.start : finding.end] == "ｷｬﾝｾﾙ"


def test_full_width_units_are_not_romaji():
    assert "romaji" not in {
        f.rule for f in analyze("長さは １０ｋｍ、重さは ５ｋｇです。").findings
    }


def test_full_width_romaji_is_still_romaji_and_points_into_the_original():
    text = "Ｐｌｅａｓｅ 来て ください。"
    (finding,) = [f for f in analyze(text).findings if f.rule == "romaji"]
    assert text[finding.start : finding.end] == "Ｐｌｅａｓｅ"


def test_full_width_24_hour_time_is_found():
    text = "１３時に 来て ください。"
    (finding,) = [f for f in analyze(text).findings if f.rule == "time-24h"]
    assert text[finding.start : finding.end] == "１３時" and finding.suggestion == "午後1時"


def test_sentences_of_a_normalised_text_slice_the_original():
    text = "ｶﾞｽが とまりました。ﾃﾚﾋﾞを 見て ください。"
    report = analyze(text)
    assert report.text == text
    assert [s.text for s in report.sentences] == ["ｶﾞｽが とまりました。", "ﾃﾚﾋﾞを 見て ください。"]


_ALPHABET = "あいうかきｶﾞｷﾞﾃﾚﾋﾞ漢字１２ＡＢａｂ…㍻①。、「」（）\n "


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=120))
def test_every_offset_stays_inside_the_original_text(text):
    report = analyze(text)
    for f in report.findings:
        assert 0 <= f.start <= f.end <= len(text)
    for s in report.sentences:
        assert text[s.start : s.end] == s.text


# --- chunking and the size limit -------------------------------------------------------------


def test_chunks_cover_the_text_and_end_at_sentence_ends():
    text = "あめが ふります。" * 2000
    spans = list(chunk_spans(text, 1000))
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:], strict=False))
    assert all(text[b - 1] == "。" for _, b in spans)
    assert all(b - a <= 1000 for a, b in spans)


def test_a_run_without_boundaries_is_cut_at_the_chunk_size():
    spans = list(chunk_spans("漢" * 2500, 1000))
    assert spans == [(0, 1000), (1000, 2000), (2000, 2500)]


def test_a_long_text_is_analysed_in_chunks_with_global_offsets_and_sentence_indices():
    sentence = "きょうは 雨です。あしたは 晴れる。"
    text = sentence * 600  # ~11,000 characters: three chunks
    report = analyze(text)
    plain = [f for f in report.findings if f.rule == "mixed-style"]
    assert len(plain) == 600
    for f in plain:
        assert text[f.start : f.end] == "晴れる"
        assert report.sentences[f.sentence].start <= f.start < report.sentences[f.sentence].end
    assert len(report.sentences) == 1200
    assert [f.rule for f in report.findings if f.sentence is None] == ["text-length"]


def test_a_page_is_one_chunk():
    text = "地震が 起きたら、机の 下に 入って ください。" * 40
    assert len(list(chunk_spans(text))) == 1


def test_input_over_the_limit_raises_a_clear_error():
    with pytest.raises(InputTooLong, match="limit is 1,000,000 characters"):
        analyze("あ" * (MAX_INPUT_CHARS + 1))


def test_input_at_the_limit_is_checked():
    # Cheap text at exactly the limit: the limit is inclusive.
    report = analyze(" " * MAX_INPUT_CHARS)
    assert report.level == "empty"


def test_cli_rejects_input_over_the_limit_with_one_line_on_stderr(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("あ" * (MAX_INPUT_CHARS + 1), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = main(["check", str(path)], stdout=out, stderr=err)
    assert code == 2 and out.getvalue() == ""
    assert err.getvalue().count("\n") == 1 and "limit is 1,000,000 characters" in err.getvalue()


def test_cli_process_exits_non_zero_without_a_traceback_on_too_long_input(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("あ" * (MAX_INPUT_CHARS + 1), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "simple_japanese", "check", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1


def test_a_very_long_line_is_tagged_in_pieces_with_exact_offsets():
    import simple_japanese.tokens as tokens_module

    text = "地震が 起きたら、机の 下に 入って ください。  " * 400 + "漢" * 12_000 + " あ"
    records, starts, ends = tokens_module._fast(text, {}, tokens_module._token_fields)
    assert ends[-1] == len(text)  # the fast path itself, not the node-API fallback
    assert all(text[a:b] == r[0] for r, a, b in zip(records, starts, ends, strict=True))


def test_long_html_keeps_ruby_and_offsets_across_chunks():
    from simple_japanese import analyze_html

    paragraph = "<p><ruby>避難所<rt>ひなんじょ</rt></ruby>に ｷｬﾝｾﾙは ありません。</p>"
    html = paragraph * 400  # ~8,000 characters of text: two chunks
    report = analyze_html(html)
    loanwords = [f for f in report.findings if f.rule == "katakana-loanword"]
    assert len(loanwords) == 400
    for f in loanwords:
        start = report.source_offset(f.start)
        assert html[start : start + 5] == "ｷｬﾝｾﾙ"
