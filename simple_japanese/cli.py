"""Command line: `python -m simple_japanese check FILE|-` and `python -m simple_japanese furigana FILE|-`.

Exit codes: 0 no error-level findings (or furigana written), 1 error-level findings, 2 bad input
(missing file, binary data, not UTF-8, empty, longer than config.MAX_INPUT_CHARS) or bad
arguments. Bad input is reported as one
line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from simple_japanese.chunking import InputTooLong
from simple_japanese.config import MAX_INPUT_CHARS, TARGETS

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2
# Bytes read at most: MAX_INPUT_CHARS characters of 4-byte UTF-8 plus a BOM. More cannot be a
# text within the limit, so a huge file is refused without being read into memory.
MAX_INPUT_BYTES = MAX_INPUT_CHARS * 4 + 3


class InputError(Exception):
    """Input the checker cannot read; the message is the one line the user sees."""


def read_input(source: str, stdin: TextIO | None = None) -> str:
    """Read FILE or '-' (stdin) as UTF-8 text; reject missing, binary, non-UTF-8 and empty input."""
    name = "stdin" if source == "-" else source
    if source == "-":
        stream = stdin if stdin is not None else sys.stdin
        buffer = getattr(stream, "buffer", None)
        if buffer is not None:
            data = buffer.read(MAX_INPUT_BYTES + 1)
        else:
            data = stream.read(MAX_INPUT_CHARS + 2).encode("utf-8")
    else:
        path = Path(source)
        if not path.exists():
            raise InputError(f"{name}: no such file")
        if path.is_dir():
            raise InputError(f"{name}: is a directory, not a file")
        try:
            with path.open("rb") as f:
                data = f.read(MAX_INPUT_BYTES + 1)
        except OSError as exc:
            raise InputError(f"{name}: cannot read ({exc.strerror or exc})") from None
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(
            f"{name}: more than {MAX_INPUT_BYTES:,} bytes; the limit is {MAX_INPUT_CHARS:,} "
            "characters (split it into smaller texts)"
        )
    if b"\x00" in data:
        raise InputError(f"{name}: looks like a binary file (contains NUL bytes); give UTF-8 text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: not UTF-8 text (invalid byte at offset {exc.start}); "
            "convert it first, e.g. iconv -f SHIFT_JIS -t UTF-8"
        ) from None
    if not text.strip():
        raise InputError(f"{name}: empty input; nothing to check")
    return text


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def _format_report(report, name: str, lang: str) -> str:
    """Human-readable report: one line per finding (file:line:col), then a summary."""
    out: list[str] = []
    text = report.text
    for f in report.findings:
        line, col = _line_col(text, f.start)
        excerpt = text[f.start : f.end].replace("\n", " ")
        if len(excerpt) > 24:
            excerpt = excerpt[:23] + "…"
        if lang == "ja":
            message = f.message_ja
        elif lang == "en":
            message = f.message_en
        else:
            message = f"{f.message_en} / {f.message_ja}"
        hint = f"  → {f.suggestion}" if f.suggestion else ""
        out.append(f"{name}:{line}:{col}: {f.severity} [{f.rule}] 「{excerpt}」 {message}{hint}")
    counts = report.counts()
    rd = report.readability
    lh = f"{rd.score:.2f} ({rd.label_en}, {rd.label_ja})" if rd else "n/a"
    out.append("")
    out.append(
        f"score {report.score}/100 — {report.level_en} ({report.level_ja}), target {report.target}"
    )
    out.append(f"Lee & Hasebe readability: {lh}")
    out.append(
        f"{counts['error']} errors, {counts['warning']} warnings, {counts['info']} notes "
        f"in {report.stats.get('sentences', 0)} sentences"
    )
    if report.passed:
        out.append("passed: " + ", ".join(r.id for r in report.passed))
    return "\n".join(out)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m simple_japanese",
        description="Check easy Japanese (やさしい日本語) and add furigana.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", help="check a text against the easy-Japanese rules")
    check.add_argument("file", help="UTF-8 text file, or - for stdin")
    check.add_argument("--json", action="store_true", help="print the report as JSON")
    check.add_argument(
        "--target", default="N4", choices=TARGETS, help="reader level / preset (default N4)"
    )
    check.add_argument(
        "--html", action="store_true", help="input is HTML: check its text nodes only"
    )
    check.add_argument(
        "--no-furigana",
        action="store_true",
        help="the text will be shown without furigana: flag kanji without readings",
    )
    check.add_argument(
        "--lang",
        choices=("en", "ja", "both"),
        default="both",
        help="language of the messages in the text output (default both)",
    )
    check.add_argument(
        "--user-dict",
        metavar="FILE",
        help="words the reader knows, one a line (names, local terms)",
    )

    furi = sub.add_parser("furigana", help="add furigana to a text")
    furi.add_argument("file", help="UTF-8 text file, or - for stdin")
    furi.add_argument(
        "--format",
        choices=("html", "brackets", "json"),
        default="html",
        help="html: <ruby>; brackets: 食[た]べる; json: segments (default html)",
    )
    furi.add_argument(
        "--html",
        action="store_true",
        help="input is HTML: add ruby to its text nodes (html format only)",
    )
    furi.add_argument(
        "--min-level",
        choices=("N5", "N4", "N3", "N2", "N1"),
        help="no ruby on words whose kanji are all at this JLPT level or easier",
    )
    furi.add_argument("--overrides", metavar="TSV", help="reading overrides: word<TAB>reading")
    return parser


def _run_check(args: argparse.Namespace, stdout: TextIO, stdin: TextIO | None) -> int:
    from dataclasses import replace

    from simple_japanese.analyze import analyze, analyze_html
    from simple_japanese.config import Settings

    text = read_input(args.file, stdin)
    user_words: list[str] = []
    if args.user_dict:
        user_words = [
            w.strip()
            for w in read_input(args.user_dict).splitlines()
            if w.strip() and not w.startswith("#")
        ]
    settings = Settings.for_target(args.target)
    if args.no_furigana:
        settings = replace(settings, furigana=False)
    run = analyze_html if args.html else analyze
    report = run(text, settings=settings, user_dictionary=user_words)
    if args.json:
        json.dump(report.to_dict(), stdout, ensure_ascii=False, indent=2)
        stdout.write("\n")
    else:
        name = "stdin" if args.file == "-" else args.file
        stdout.write(_format_report(report, name, args.lang) + "\n")
    return EXIT_FINDINGS if report.has_errors else EXIT_OK


def _run_furigana(args: argparse.Namespace, stdout: TextIO, stdin: TextIO | None) -> int:
    from simple_japanese.furigana import (
        furigana,
        furigana_brackets,
        furigana_html,
        furigana_json,
        load_overrides_tsv,
    )

    text = read_input(args.file, stdin)
    overrides = None
    if args.overrides:
        if not Path(args.overrides).is_file():
            raise InputError(f"{args.overrides}: no such file")
        try:
            overrides = load_overrides_tsv(args.overrides)
        except (ValueError, UnicodeDecodeError) as exc:
            raise InputError(f"{args.overrides}: {exc}") from None
    if args.html and args.format != "html":
        raise InputError("--html input can only be written as --format html")
    if args.format == "html":
        if args.html:
            out = furigana_html(text, min_level=args.min_level, overrides=overrides)
        else:
            out = furigana(text, min_level=args.min_level, overrides=overrides)
        stdout.write(out if out.endswith("\n") else out + "\n")
    elif args.format == "brackets":
        out = furigana_brackets(text, overrides=overrides)
        stdout.write(out if out.endswith("\n") else out + "\n")
    else:
        json.dump(furigana_json(text, overrides=overrides), stdout, ensure_ascii=False, indent=2)
        stdout.write("\n")
    return EXIT_OK


def main(
    argv: Sequence[str] | None = None,
    *,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    stdin: TextIO | None = None,
) -> int:
    """Run the CLI and return its exit code (streams are parameters so tests can pass their own)."""
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    args = build_parser().parse_args(argv)
    try:
        if args.command == "check":
            return _run_check(args, stdout, stdin)
        return _run_furigana(args, stdout, stdin)
    except InputError as exc:
        stderr.write(f"error: {exc}\n")
        return EXIT_BAD_INPUT
    except InputTooLong as exc:
        stderr.write(f"error: {exc}\n")
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # `… | head`: the reader went away; not our error
        return EXIT_OK
