"""Furigana on interface strings: menus, labels, messages, only when the reader wants them."""

import pytest
from django.template import Context, Template
from django.utils import translation

from core.preferences import furigana_override
from core.templatetags import ui
from tests.cms.conftest import ensure_home

pytestmark = pytest.mark.django_db


def render(source: str, **context) -> str:
    return Template("{% load i18n ui %}" + source).render(Context(context))


def test_a_japanese_ui_string_gets_ruby_when_furigana_are_on():
    with translation.override("ja"), furigana_override(True):
        assert render("{{ text|ui }}", text="予約する") == "<ruby>予約<rt>よやく</rt></ruby>する"


def test_no_ruby_when_furigana_are_off():
    with translation.override("ja"), furigana_override(False):
        assert render("{{ text|ui }}", text="予約する") == "予約する"


def test_no_ruby_on_a_page_in_another_language():
    with translation.override("en"), furigana_override(True):
        assert render('{{ _("Classes")|ui }}') == "Classes"


def test_ui_strings_are_escaped_with_or_without_ruby():
    for on in (True, False):
        with translation.override("ja"), furigana_override(on):
            assert "<script>" not in render("{{ text|ui }}", text="<script>予約</script>")


def test_each_string_goes_through_the_engine_once(monkeypatch):
    calls = []
    ui._ruby_html.cache_clear()
    monkeypatch.setattr(ui.easyjp, "ruby_html", lambda html: calls.append(html) or html)
    with translation.override("ja"), furigana_override(True):
        for _ in range(3):
            render("{{ text|ui }}", text="出席しました")
    assert calls == ["出席しました"]
    ui._ruby_html.cache_clear()


def test_readings_in_brackets_for_plain_text_mail_leave_urls_alone():
    text = "予約する: https://example.org/予約/"
    assert ui.readings_in_brackets(text) == "予約（よやく）する: https://example.org/予約/"


def test_the_menu_and_a_form_label_carry_ruby_for_a_reader_with_furigana_on(client):
    from tests.learning.factories import class_index

    ensure_home()
    class_index().save_revision().publish()
    html = client.get("/classes/").content.decode()
    assert "クラスの <ruby>予定<rt>よてい</rt></ruby></a>" in html
    assert '<label for="id_municipality"><ruby>' in html
    client.cookies["furigana"] = "off"
    html = client.get("/classes/").content.decode()
    assert "<ruby>予定" not in html.split("<main")[0]
    assert '<label for="id_municipality">市町村</label>' in html


@pytest.mark.django_db
def test_an_edited_reading_dictionary_reaches_cached_ui_strings():
    from core.models import ReadingEntry

    with translation.override("ja"), furigana_override(True):
        entry = ReadingEntry.objects.create(word="北上", reading="きたかみ")
        assert "<rt>きたかみ</rt>" in render("{{ text|ui }}", text="北上")
        entry.reading = "ほくじょう"
        entry.save()
        assert "<rt>ほくじょう</rt>" in render("{{ text|ui }}", text="北上")
