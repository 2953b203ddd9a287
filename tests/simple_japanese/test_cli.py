"""The command line: check / furigana, exit codes, and one clear line for bad input."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from simple_japanese.cli import main

ROOT = Path(__file__).resolve().parents[2]


def run(argv, stdin_bytes: bytes | None = None):
    out, err = io.StringIO(), io.StringIO()
    stdin = io.TextIOWrapper(io.BytesIO(stdin_bytes or b""), encoding="utf-8")
    code = main(argv, stdout=out, stderr=err, stdin=stdin)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def write(tmp_path):
    def _write(data: bytes | str, name: str = "input.txt") -> str:
        path = tmp_path / name
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return str(path)

    return _write


def test_check_exits_1_when_there_are_errors(write):
    code, out, err = run(["check", write("行かないことはない。")])
    assert code == 1 and err == ""
    assert "[double-negative]" in out and "input.txt:1:" in out


def test_check_exits_0_without_errors(write):
    code, out, _ = run(["check", write("地震が 起きたら、机の 下に 入って ください。")])
    assert code == 0
    assert "score" in out and "passed:" in out


def test_check_json_is_the_report(write):
    code, out, _ = run(["check", write("先生が いらっしゃいます。"), "--json"])
    data = json.loads(out)
    assert code == 0
    assert data["target"] == "N4"
    assert [f["rule"] for f in data["findings"]] == ["honorific"]


def test_check_reads_stdin_and_takes_a_target():
    code, out, _ = run(
        ["check", "-", "--json", "--target", "disaster"],
        "大きな 地震の 時は 机の 下に 入って ください。".encode(),
    )
    assert code == 0 and json.loads(out)["target"] == "disaster"


def test_check_html_option_reads_text_nodes(write):
    code, out, _ = run(
        ["check", write("<p>先生が<b>いらっしゃいます</b>。</p>"), "--html", "--json"]
    )
    assert code == 0
    assert json.loads(out)["findings"][0]["rule"] == "honorific"


def test_user_dictionary_file(write):
    text = write("避難所へ 行きます。")
    words = write("避難所\n避難\n", "words.txt")
    _, out, _ = run(["check", text, "--json", "--user-dict", words])
    assert all(f["rule"] != "hard-word" for f in json.loads(out)["findings"])


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty input"),
        (b"  \n\t", "empty input"),
        (b"\x00\x01\x02binary", "binary"),
        ("日本語です".encode("shift_jis"), "not UTF-8"),
    ],
)
def test_bad_input_is_one_line_on_stderr_and_exit_2(write, data, message):
    code, out, err = run(["check", write(data)])
    assert code == 2 and out == ""
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_missing_file_and_directory_exit_2(tmp_path):
    code, _, err = run(["check", str(tmp_path / "nope.txt")])
    assert code == 2 and "no such file" in err
    code, _, err = run(["check", str(tmp_path)])
    assert code == 2 and "directory" in err


def test_utf8_bom_is_accepted(write):
    code, _, _ = run(["check", write("\ufeff地震が 来ます。".encode())])
    assert code == 0


def test_furigana_formats(write):
    path = write("食べ物を 食べる。")
    _, html, _ = run(["furigana", path])
    assert "<ruby>食<rt>た</rt></ruby>べ" in html
    _, brackets, _ = run(["furigana", path, "--format", "brackets"])
    assert brackets.startswith("食[た]べ物[もの]")
    _, js, _ = run(["furigana", path, "--format", "json"])
    assert json.loads(js)[0] == {"surface": "食", "reading": "た"}


def test_furigana_bad_input_exits_2(write):
    code, _, err = run(["furigana", write(b"\xff\xfe\x00")])
    assert code == 2 and err.startswith("error:")


def test_module_entry_point_runs_without_traceback(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x93\xfa\x96\x7b")  # Shift_JIS 日本
    proc = subprocess.run(
        [sys.executable, "-m", "simple_japanese", "check", str(bad)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    ok = subprocess.run(
        [sys.executable, "-m", "simple_japanese", "check", "-"],
        cwd=ROOT,
        input="雨が 降ります。",
        capture_output=True,
        text=True,
    )
    assert ok.returncode == 0
