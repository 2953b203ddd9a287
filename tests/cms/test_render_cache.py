"""A page view reuses the furigana rendered for its revision instead of re-running the engine."""

from __future__ import annotations

import pytest

import core.easyjp
from tests.cms.conftest import publish
from tests.cms.factories import MaterialPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def engine_calls(monkeypatch):
    """Counts calls into the furigana engine (text and HTML)."""
    calls = []
    real_text, real_html = core.easyjp.ruby_text, core.easyjp.ruby_html

    def count_text(text, **kwargs):
        calls.append(text)
        return real_text(text, **kwargs)

    def count_html(html, **kwargs):
        calls.append(html)
        return real_html(html, **kwargs)

    monkeypatch.setattr(core.easyjp, "ruby_text", count_text)
    monkeypatch.setattr(core.easyjp, "ruby_html", count_html)
    return calls


def test_second_view_of_a_revision_is_served_from_the_cache(client, material_index, engine_calls):
    page = publish(MaterialPageFactory(parent=material_index))
    first = client.get(page.url).content.decode()
    assert engine_calls, "the first view renders furigana"
    engine_calls.clear()
    second = client.get(page.url).content.decode()
    assert engine_calls == []
    article = slice(first.index("<article"), first.index("</article>"))
    assert "<ruby>" in second and first[article] == second[article]


def test_a_new_revision_is_rendered_afresh(client, material_index, engine_calls):
    page = publish(MaterialPageFactory(parent=material_index, intro="月曜日に 出します。"))
    client.get(page.url)
    page.intro = "火曜日に 出します。"
    page = publish(page)
    engine_calls.clear()
    html = client.get(page.url).content.decode()
    assert any("火曜日" in call for call in engine_calls)
    assert '<p class="lead"><ruby>火曜<rt>かよう</rt></ruby>' in html


def test_a_changed_furigana_level_is_rendered_afresh(client, material_index):
    page = publish(MaterialPageFactory(parent=material_index, title="日本の 地震", body=[]))
    assert "<ruby>日本<rt>にほん</rt></ruby>" in client.get(page.url).content.decode()
    page.furigana_skip = "N5"
    page = publish(page)
    assert "<ruby>日本<rt>にほん</rt></ruby>" not in client.get(page.url).content.decode()


def test_the_cache_key_names_page_revision_level_dictionary_and_language(material_index):
    page = publish(MaterialPageFactory(parent=material_index))
    key = core.easyjp.cache_key(page, "body", page.body, "N5")
    parts = key.split(":")
    assert parts[2] == str(page.pk) and parts[3] == str(page.live_revision_id)
    assert parts[4] == "body" and parts[5] == "N5" and parts[7] == "ja"
