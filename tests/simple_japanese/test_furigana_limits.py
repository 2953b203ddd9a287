"""Furigana on long input: read in chunks with the same result, and a clear error past the limit."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from simple_japanese import MAX_INPUT_CHARS, InputTooLong
from simple_japanese.chunking import CHUNK_CHARS
from simple_japanese.cli import main
from simple_japanese.furigana import (
    Reader,
    default_reader,
    furigana,
    furigana_brackets,
    furigana_html,
    furigana_json,
    readings,
)
from simple_japanese.tokens import tokenize

ROOT = Path(__file__).resolve().parents[2]
UNIT = "9月1日（水）、盛岡市の避難所に2人が行きました。日本語を勉強しています。\n"
LONG = UNIT * (3 * CHUNK_CHARS // len(UNIT) + 1)  # several chunks
TOO_LONG = "あ" * (MAX_INPUT_CHARS + 1)


def test_long_text_in_chunks_reads_like_its_sentences():
    assert len(LONG) > 2 * CHUNK_CHARS
    assert furigana(LONG) == furigana(UNIT) * (len(LONG) // len(UNIT))


def test_long_text_needing_escapes_reads_like_its_sentences():
    unit = "<b>避難所</b> & 盛岡駅。\n"
    text = unit * (2 * CHUNK_CHARS // len(unit) + 1)
    assert furigana(text) == furigana(unit) * (len(text) // len(unit))


def test_long_text_with_min_level_reads_like_its_sentences():
    text = UNIT * (2 * CHUNK_CHARS // len(UNIT) + 1)
    one = furigana(UNIT, min_level="N5")
    assert furigana(text, min_level="N5") == one * (len(text) // len(UNIT))


def test_long_text_with_its_tokens_reads_like_without():
    assert furigana(LONG, tokens=tokenize(LONG)) == furigana(LONG)
    assert readings(LONG, tokens=tokenize(LONG)) == readings(LONG)


def test_readings_of_a_long_text_cover_it_with_exact_offsets():
    segs = readings(LONG)
    assert "".join(s for s, _ in segs) == LONG
    assert sum(1 for _, r in segs if r == "ついたち") == LONG.count("1日")
    assert sum(1 for _, r in segs if r == "すい") == LONG.count("（水）")


def test_name_hits_of_a_long_text_point_at_the_names():
    hits = default_reader().name_hits(LONG)
    morioka = [(a, b) for a, b, r, _ in hits if r.startswith("もりおか")]
    assert len(morioka) == LONG.count("盛岡")
    assert all(LONG[a : a + 2] == "盛岡" for a, _ in morioka)


def test_a_kanji_run_with_no_boundary_is_read_whole():
    run = "避難訓練実施気象庁熱中症注意報" * 1_100  # 16,500 kanji, no sentence end
    segs = readings(run)
    assert "".join(s for s, _ in segs) == run
    assert all(r for s, r in segs)  # every piece of an all-kanji text gets a reading


def test_a_giant_single_block_in_html_reads_like_plain_text():
    html = furigana_html(f"<p>{LONG}</p>")
    assert html == f"<p>{furigana(LONG)}</p>"


def test_a_giant_text_node_with_character_references_keeps_them():
    unit = "避難所&amp;盛岡駅。"
    text = unit * (2 * CHUNK_CHARS // len(unit) + 1)
    html = furigana_html(f"<div>{text}</div>")
    assert html.count("&amp;") == text.count("&amp;")
    assert html == "<div>" + furigana_html(unit) * text.count(unit) + "</div>"


def test_a_word_split_by_a_tag_in_a_long_block_stays_without_ruby():
    html = furigana_html(f"<p>{LONG}<b>避</b>難所</p>")
    # 避難 (one morph) is cut by the tag and gets none; 所 gets its own, as in a short block
    assert html.endswith("<b>避</b>難<ruby>所<rt>じょ</rt></ruby></p>")


@pytest.mark.parametrize(
    "call",
    [
        furigana,
        furigana_html,
        readings,
        furigana_brackets,
        furigana_json,
        default_reader().furigana,
        default_reader().furigana_html,
        default_reader().readings,
        default_reader().parts,
        Reader(packs=()).furigana,
    ],
)
def test_input_over_the_limit_raises_input_too_long(call):
    with pytest.raises(InputTooLong, match="limit is 1,000,000 characters"):
        call(TOO_LONG)


def test_input_at_the_limit_is_read():
    text = (UNIT * (MAX_INPUT_CHARS // len(UNIT) + 1))[:MAX_INPUT_CHARS]
    assert furigana_html(text[: MAX_INPUT_CHARS - 7] + "<p></p>").count("<rt>") > 0


def run_cli(argv, stdin_bytes: bytes = b""):
    out, err = io.StringIO(), io.StringIO()
    stdin = io.TextIOWrapper(io.BytesIO(stdin_bytes), encoding="utf-8")
    code = main(argv, stdout=out, stderr=err, stdin=stdin)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("fmt", ["html", "brackets", "json"])
def test_cli_furigana_too_long_is_one_line_on_stderr(tmp_path, fmt):
    path = tmp_path / "big.txt"
    path.write_text(TOO_LONG, encoding="utf-8")
    code, out, err = run_cli(["furigana", str(path), "--format", fmt])
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "limit is 1,000,000 characters" in err


def test_cli_furigana_html_too_long_is_one_line_on_stderr(tmp_path):
    path = tmp_path / "big.html"
    path.write_text("<p>" + TOO_LONG + "</p>", encoding="utf-8")
    code, out, err = run_cli(["furigana", str(path), "--html"])
    assert code == 2 and out == "" and err.count("\n") == 1 and "limit" in err


@pytest.mark.parametrize("command", ["check", "furigana"])
def test_cli_refuses_a_huge_file_without_reading_it_all(tmp_path, command):
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.truncate(MAX_INPUT_CHARS * 4 + 100)  # sparse: more bytes than any text in the limit
    code, out, err = run_cli([command, str(path)])
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "limit is 1,000,000 characters" in err


@pytest.mark.parametrize("command", ["check", "furigana"])
def test_cli_stdin_too_long_is_one_line_on_stderr(command):
    code, out, err = run_cli([command, "-"], ("漢" * (MAX_INPUT_CHARS + 1)).encode())
    assert code == 2 and out == "" and err.count("\n") == 1 and "limit" in err


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (None, "no such file"),
        (b"\x00\x01\x02binary", "binary"),
        ("日本語です".encode("shift_jis"), "not UTF-8"),
        (b"", "empty input"),
    ],
)
@pytest.mark.parametrize("command", ["check", "furigana"])
def test_cli_bad_input_is_one_line_on_stderr_and_exit_2(tmp_path, command, data, message):
    path = tmp_path / "input.txt"
    if data is not None:
        path.write_bytes(data)
    code, out, err = run_cli([command, str(path)])
    assert code == 2 and out == ""
    assert err.startswith("error: ") and err.count("\n") == 1 and message in err


def test_cli_process_furigana_too_long_exits_2_without_traceback(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text(TOO_LONG, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "simple_japanese", "furigana", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.startswith("error: ") and proc.stderr.count("\n") == 1


@pytest.mark.parametrize("command", ["check", "furigana"])
def test_cli_process_missing_file_exits_2_without_traceback(tmp_path, command):
    proc = subprocess.run(
        [sys.executable, "-m", "simple_japanese", command, str(tmp_path / "nope.txt")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr == f"error: {tmp_path / 'nope.txt'}: no such file\n"


def test_cache_clear_changes_no_answer():
    reader = default_reader()
    before = reader.furigana(UNIT)
    reader.cache_clear()
    assert reader._T.morph_cache == {}
    assert reader.furigana(UNIT) == before
