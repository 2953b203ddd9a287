"""Disaster notice templates: the phrase data is complete, and a notice made from a template
reads in every language, with the editor's own text marked as not translated."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import nested_form_data, rich_text

from cms import emergency, notice_templates
from cms.models import EmergencyNoticePage
from core.checker import check_values
from tests.cms.conftest import publish
from tests.cms.factories import EmergencyNoticePageFactory

TYPES = notice_templates.NoticeType.values
FIXED_KEYS = {
    "format.time",
    "format.months",
    "format.am",
    "format.pm",
    "format.list_sep",
    "format.area_names",
    "note.not_translated",
    "note.japanese",
} | {f"level.{n}" for n in notice_templates.LEVELS}
QUAKE_TIME = dt.datetime(2026, 12, 7, 15, 0, tzinfo=dt.UTC) - dt.timedelta(hours=9)  # 15:00 JST


def template_keys() -> set[str]:
    return {f"{t}.{part}" for t in TYPES for part in ("title", "body")}


@pytest.mark.parametrize("locale", notice_templates.LANGUAGES)
def test_every_language_has_every_template_and_fixed_phrase(locale):
    keys = set(notice_templates.phrases(locale))
    assert template_keys() | FIXED_KEYS <= keys
    assert keys - template_keys() - FIXED_KEYS <= {"format.time_on_the_hour"}


@pytest.mark.parametrize("locale", notice_templates.LANGUAGES)
def test_placeholders_match_the_japanese_template(locale):
    source = notice_templates.phrases("ja")
    target = notice_templates.phrases(locale)
    for key in sorted(template_keys()):
        assert notice_templates.placeholders_in(target[key]) == (
            notice_templates.placeholders_in(source[key])
        ), f"{locale}: {key}"
        assert notice_templates.placeholders_in(target[key]) <= set(notice_templates.PLACEHOLDERS)


@pytest.mark.parametrize("locale", notice_templates.LANGUAGES)
def test_every_month_has_a_name(locale):
    assert len(notice_templates.phrases(locale)["format.months"].split(",")) == 12


def test_a_malformed_phrase_line_is_refused_naming_its_line():
    with pytest.raises(notice_templates.PhraseFileError, match=r"x.tsv:2: expected"):
        notice_templates.parse_phrases("a\tA\nno tab here\n", source="x.tsv")


def test_a_type_needs_the_fields_its_japanese_template_names():
    assert notice_templates.required_fields("heavy_rain") == {"areas", "level"}
    assert notice_templates.required_fields("shelter_opened") == {
        "areas",
        "shelter",
        "event_time",
    }


@pytest.mark.django_db
def test_every_japanese_phrase_meets_the_disaster_target():
    """The phrases themselves; place and shelter names are the editor's (kana stand-ins here)."""
    source = notice_templates.phrases("ja")
    stand_ins = {"areas": "ここ", "shelter": "がっこう", "time": "いま", "level": "3"}
    for key in sorted(template_keys() | {f"level.{n}" for n in notice_templates.LEVELS}):
        text = source[key].format(level_action="", **stand_ins)
        result = check_values(EmergencyNoticePage, {"template_text": text}, target="disaster")
        assert result.meets_target, (key, result.summary())


def test_one_notice_reads_in_every_language_with_its_fields():
    fields = notice_templates.NoticeFields(areas=("miyako", "kamaishi"), event_time=QUAKE_TIME)
    texts = notice_templates.render_all("earthquake", fields)
    assert set(texts) == set(notice_templates.LANGUAGES)
    assert texts["ja"].title == "宮古市、釜石市で 大きな 地震が ありました"
    assert texts["ja"].body.startswith("12月7日 午後3時に 大きな 地震が ありました。")
    assert texts["en"].title == "Strong earthquake in Miyako, Kamaishi"
    assert "Dec 7, 3:00 p.m." in texts["en"].body
    assert "15:00 ngày 7/12" in texts["vi"].body  # day first, as Vietnamese reads dates
    assert texts["zh_Hans"].title.startswith("宮古市、釜石市")


def test_the_level_brings_its_action_in_each_language():
    fields = notice_templates.NoticeFields(areas=("kuji",), level=4)
    ja = notice_templates.render("heavy_rain", fields, "ja")
    en = notice_templates.render("heavy_rain", fields, "en")
    assert "レベル4" in ja.title and "みんな 逃げて ください" in ja.body
    assert "Everyone in a dangerous place: evacuate now." in en.body


# --- The page ------------------------------------------------------------------------------------


@pytest.fixture
def quake(home):
    return publish(
        EmergencyNoticePageFactory(
            parent=home,
            title="",
            slug="quake",
            notice_type="earthquake",
            areas=["miyako"],
            event_time=QUAKE_TIME,
            body="<p>宮古駅の 前に 集まって ください。</p>",
        )
    )


@pytest.mark.django_db
def test_the_title_is_the_easy_japanese_of_the_template(quake):
    assert quake.title == "宮古市で 大きな 地震が ありました"
    assert quake.template_text.startswith("12月7日 午後3時に")


@pytest.mark.django_db
def test_the_page_reads_in_english_with_the_free_text_marked_untranslated(client, quake):
    html = client.get("/en/quake/").content.decode()
    assert "<h1>Strong earthquake in Miyako</h1>" in html
    assert "The following is in Japanese only (not translated)." in html
    assert "<ruby>宮古<rt>みやこ</rt></ruby>" in html  # the Japanese is there too, with ruby


@pytest.mark.django_db
def test_the_japanese_page_has_no_untranslated_note(client, quake):
    html = client.get("/quake/").content.decode()
    assert "ここからは 日本語だけです" not in html
    assert "<ruby>地震<rt>じしん</rt></ruby>" in html


@pytest.mark.django_db
def test_the_banner_carries_the_template_title_in_the_readers_language(quake):
    (banner,) = emergency.active_banners("vi")
    assert banner.title_local == "Động đất mạnh tại Miyako"
    assert "<ruby>地震<rt>じしん</rt></ruby>" in banner.title_html


@pytest.mark.django_db
def test_the_expiry_becomes_wagtails_expiry(quake):
    assert quake.expire_at == quake.expires_at


@pytest.mark.django_db
def test_publish_scheduled_unpublishes_an_expired_notice(quake):
    EmergencyNoticePage.objects.filter(pk=quake.pk).update(
        expire_at=timezone.now() - dt.timedelta(seconds=1)
    )
    call_command("publish_scheduled")
    assert not EmergencyNoticePage.objects.get(pk=quake.pk).live


# --- The admin form (the admin speaks the editor's language: Japanese by default) ------------------------------------------------------------------------------


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def notice_data(**overrides) -> dict:
    values = {
        "title": "",
        "slug": "",
        "notice_type": "heavy_rain",
        "severity": "danger",
        "expires_at": (timezone.localtime() + dt.timedelta(hours=2)).strftime("%Y-%m-%d %H:%M"),
        "area": "",
        "shelter": "",
        "event_time": "",
        "level": "4",
        "body": rich_text(""),
        "target_level": "disaster",
        "furigana_skip": "",
    }
    areas = overrides.pop("areas", ["miyako"])
    values.update(overrides)
    data = nested_form_data(values)
    data["areas"] = areas
    data["action-publish"] = "action-publish"
    return data


def post_notice(client, parent, data):
    url = reverse("wagtailadmin_pages:add", args=["cms", "emergencynoticepage", parent.pk])
    return client.post(url, data, follow=True)


@pytest.mark.django_db
def test_an_editor_publishes_a_notice_from_a_template_without_typing_a_title(editor_client, home):
    post_notice(editor_client, home, notice_data())
    notice = EmergencyNoticePage.objects.get()
    assert notice.live
    assert notice.title == "宮古市で 大雨です。 レベル4です"
    assert notice.expire_at == notice.expires_at


@pytest.mark.django_db
def test_a_notice_with_no_area_is_refused_with_a_message(editor_client, home):
    response = post_notice(editor_client, home, notice_data(areas=[]))
    assert not EmergencyNoticePage.objects.exists()
    assert response.context["form"].errors["areas"] == [
        "この お知らせの 市町村を 一つ 以上 えらんで ください。"
    ]


@pytest.mark.django_db
def test_a_free_notice_with_no_area_is_refused(editor_client, home):
    data = notice_data(notice_type="", title="川に 近づかないで ください", areas=[])
    response = post_notice(editor_client, home, data)
    assert not EmergencyNoticePage.objects.exists()
    assert (
        "市町村を 一つ 以上 えらぶか、 場所を 書いて ください。"
        in (response.context["form"].errors["areas"])
    )


@pytest.mark.django_db
def test_a_past_expiry_is_refused_with_a_message(editor_client, home):
    past = (timezone.localtime() - dt.timedelta(hours=1)).strftime("%Y-%m-%d %H:%M")
    response = post_notice(editor_client, home, notice_data(expires_at=past))
    assert not EmergencyNoticePage.objects.exists()
    assert response.context["form"].errors["expires_at"] == [
        "この 時間は もう 過ぎました。 これからの 時間を 書いて ください。"
    ]


@pytest.mark.django_db
def test_a_template_field_left_empty_is_named(editor_client, home):
    response = post_notice(editor_client, home, notice_data(level=""))
    assert response.context["form"].errors["level"] == [
        "警戒レベル（1から 5）を えらんで ください。"
    ]


@pytest.mark.django_db
def test_a_free_notice_needs_a_title(editor_client, home):
    response = post_notice(editor_client, home, notice_data(notice_type="", title=""))
    assert response.context["form"].errors["title"] == [
        "タイトルを 書いて ください。 または お知らせの 型を えらんで ください。"
    ]


@pytest.mark.django_db
def test_hard_free_text_on_a_templated_notice_warns_the_editor(editor_client, home):
    hard = (
        "<p>当該地域においては厳重な警戒が必要である。</p>"
        "<p>関係各所と連携の上、速やかに避難行動を開始されたい。</p>"
        "<p>詳細については追って通知する。</p>"
    )
    response = post_notice(editor_client, home, notice_data(body=rich_text(hard)))
    assert EmergencyNoticePage.objects.get().live
    assert '<ul class="ej-gate-findings">' in response.content.decode()
