"""The reading data files: every row is valid, shows its example, and is needed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from simple_japanese.furigana import Reader, parse_brackets
from simple_japanese.furigana.data import DATA_DIR, DataError, load_knowledge, read_tsv

FILES = sorted(DATA_DIR.rglob("*.tsv"))
# Closed classes and packs state a reading whether or not UniDic happens to agree (a pack must
# hold for every tokenisation, a counter defines where a number ends, the weekdays are a set):
# their rows are checked on their example, not for being needed.
ASSERTED = {"counters.tsv", "weekdays.tsv", "iwate.tsv"}


def _rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    lines = path.read_text(encoding="utf-8").split("\n")
    header = None
    out = []
    for i, line in enumerate(lines):
        if not line or line.startswith("#"):
            continue
        if header is None:
            header = line.split("\t")
            continue
        out.append((i, dict(zip(header, line.split("\t"), strict=True))))
    return out


ROWS = [(p, i, row) for p in FILES for i, row in _rows(p)]


def _house(path: Path, row: dict[str, str]) -> dict:
    if path.name != "house_style.tsv":
        return {}
    return {"nippon": True} if row["option"] == "nippon" else {"tomorrow": row["value"]}


def _id(item) -> str:
    path, i, _row = item
    return f"{path.relative_to(DATA_DIR)}:{i + 1}"


@pytest.mark.parametrize("item", ROWS, ids=[_id(x) for x in ROWS])
def test_every_row_shows_its_example(item):
    path, _i, row = item
    text, _ = parse_brackets(row["example"])
    assert Reader(**_house(path, row)).furigana_brackets(text) == row["example"]


NEEDED = [x for x in ROWS if x[0].name not in ASSERTED]


@pytest.mark.parametrize("item", NEEDED, ids=[_id(x) for x in NEEDED])
def test_every_row_is_needed_by_its_example(item, tmp_path):
    path, i, row = item
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    target = data / path.relative_to(DATA_DIR)
    lines = target.read_text(encoding="utf-8").split("\n")
    del lines[i]
    target.write_text("\n".join(lines), encoding="utf-8")
    text, _ = parse_brackets(row["example"])
    reader = Reader(data_dir=data, packs=(data / "packs" / "iwate.tsv",), **_house(path, row))
    assert reader.furigana_brackets(text) != row["example"]


def test_the_packaged_data_loads():
    k = load_knowledge()
    assert k.counter_base["本"] == "ほん"
    assert k.weekdays["水"] == "すい"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "# version: 1\nword\treading\texample\n東京\ttokyo\t東京[とうきょう]\n",
            r"x\.tsv:3: reading must be kana",
        ),
        (
            "# version: 1\nword\treading\texample\n東京\tとうきょう\n",
            r"x\.tsv:3: expected 3 tab-separated fields",
        ),
        (
            "# version: 1\nword\treading\texample\n東京\tとうきょう\t\n",
            r"x\.tsv:3: every row needs an example",
        ),
        ("# version: 2\nword\treading\texample\n", r"x\.tsv:1: first line must be"),
        ("# version: 1\nword\treading\n", r"x\.tsv:2: header must be"),
        (
            "# version: 1\nword\treading\texample\n東京\tとうきょう\t東京[とうきょう]\n東京\tとうきょう\t東京[とうきょう]\n",
            r"x\.tsv:4: duplicate entry",
        ),
    ],
)
def test_a_bad_row_is_an_error_naming_file_and_line(tmp_path, content, message):
    from simple_japanese.furigana.data import word_readings

    p = tmp_path / "x.tsv"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(DataError, match=message):
        word_readings(p)


def test_an_unknown_pack_is_a_clear_error():
    with pytest.raises(DataError, match="unknown reading pack 'atlantis'"):
        Reader(packs=("atlantis",))


def test_read_tsv_names_the_header_columns(tmp_path):
    p = tmp_path / "c.tsv"
    p.write_text(
        "# version: 1\nrule\tword\texample\njin_after\t社会\t社会[しゃかい]人[じん]\n",
        encoding="utf-8",
    )
    assert [r["word"] for r in read_tsv(p, ("rule", "word", "example"))] == ["社会"]
