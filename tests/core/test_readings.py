"""The site's furigana Reader follows settings.FURIGANA and the installed reading dictionary."""

from __future__ import annotations

import pytest

from core import readings


@pytest.fixture
def fresh_readers():
    readings.base_reader.cache_clear()
    readings._with_dictionary.cache_clear()
    saved = readings._reader
    yield
    readings._reader = saved
    readings.base_reader.cache_clear()
    readings._with_dictionary.cache_clear()


def test_the_furigana_setting_configures_the_sites_reader(settings, fresh_readers):
    settings.FURIGANA = {"packs": ["iwate"], "nippon": True}
    assert readings.base_reader().furigana("日本") == "<ruby>日本<rt>にっぽん</rt></ruby>"


def test_the_installed_dictionary_reaches_the_template_filters(fresh_readers):
    from core.templatetags.furigana import furigana_text

    readings.use_reading_dictionary({"山田": "さんだ"})
    assert "<rt>さんだ</rt>" in furigana_text("山田さん")
    readings.use_reading_dictionary(None)
    assert "<rt>やまだ</rt>" in furigana_text("山田さん")
