"""The site's furigana Reader follows settings.FURIGANA and the editors' reading dictionary."""

from __future__ import annotations

import pytest

from core import easyjp
from core.models import ReadingEntry


@pytest.fixture
def fresh_readers():
    easyjp.base_reader.cache_clear()
    easyjp._reader_for.cache_clear()
    yield
    easyjp.base_reader.cache_clear()
    easyjp._reader_for.cache_clear()


def test_the_furigana_setting_configures_the_sites_reader(settings, fresh_readers):
    settings.FURIGANA = {"packs": ["iwate"], "nippon": True}
    assert easyjp.base_reader().furigana("日本") == "<ruby>日本<rt>にっぽん</rt></ruby>"


@pytest.mark.django_db
def test_a_dictionary_entry_reaches_the_template_filters_and_leaves_with_it(fresh_readers):
    from core.templatetags.furigana import furigana_text

    entry = ReadingEntry.objects.create(word="山田", reading="さんだ")
    assert "<rt>さんだ</rt>" in furigana_text("山田さん")
    entry.delete()
    assert "<rt>やまだ</rt>" in furigana_text("山田さん")
