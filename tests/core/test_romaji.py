"""Kana to romaji (core/data/kana_romaji.tsv) and romaji slugs from Japanese titles."""

from __future__ import annotations

import pytest

from core import easyjp
from core.romaji import kana_to_romaji, load_table


def test_the_table_loads_with_ascii_romaji_for_every_kana():
    table = load_table()
    assert len(table) > 100
    assert all(value.isascii() and value for value in table.values())


@pytest.mark.parametrize(
    ("kana", "romaji"),
    [
        ("しんぶん", "shinbun"),
        ("きっぷ", "kippu"),
        ("まっちゃ", "matcha"),
        ("ふじさん", "fujisan"),
        ("じゅぎょう", "jugyou"),
        ("コーヒー", "kohi"),
        ("ヴァイオリン", "vaiorin"),
        ("ティッシュ", "tisshu"),
    ],
)
def test_kana_are_written_in_hepburn(kana, romaji):
    assert kana_to_romaji(kana) == romaji


def test_long_vowels_are_written_once_when_asked():
    assert kana_to_romaji("とうきょう", shorten_long_vowels=True) == "tokyo"


@pytest.mark.django_db  # the reading dictionary (editors' readings) is in the database
def test_a_japanese_title_gets_a_romaji_slug_word_by_word():
    assert easyjp.romaji_slug("盛岡の日本語教室") == "morioka-no-nihongo-kyoshitsu"


@pytest.mark.django_db
def test_particles_are_written_as_pronounced_and_spaces_end_words():
    assert easyjp.romaji_slug("地震の ときは") == "jishin-no-toki-wa"


@pytest.mark.django_db
def test_latin_letters_and_digits_stay_and_nothing_readable_gives_an_empty_slug():
    assert easyjp.romaji_slug("Hello 2024") == "hello-2024"
    assert easyjp.romaji_slug("！？") == ""
