"""The cms demo content loads, twice without duplicates, with no active emergency banner."""

from __future__ import annotations

import pytest
from wagtail.models import Page

from cms import emergency
from cms.models import EmergencyNoticePage, MaterialPage
from core.demo import load_all
from core.models import ReadingEntry

pytestmark = pytest.mark.django_db


def test_demo_content_is_idempotent_and_has_no_active_notice(client):
    load_all()
    counts = (Page.objects.count(), ReadingEntry.objects.count())
    load_all()
    assert (Page.objects.count(), ReadingEntry.objects.count()) == counts
    assert ReadingEntry.objects.get(word="陸前高田").reading == "りくぜんたかた"
    assert MaterialPage.objects.live().filter(slug__in=["gomi", "jishin"]).count() == 2
    notices = EmergencyNoticePage.objects.all()
    assert {n.slug for n in notices} == {"ooame-old", "ooame"}
    assert not EmergencyNoticePage.objects.get(slug="ooame").live
    assert emergency.active_banners("ja") == []


def test_demo_pages_render_with_furigana(client):
    load_all()
    gomi = MaterialPage.objects.get(slug="gomi")
    html = client.get(gomi.url).content.decode()
    assert "<ruby>燃える<rt>もえる</rt></ruby>" in html  # the vocabulary entry's own reading
    assert client.get("/materials/?topic=disaster").status_code == 200
    assert "地震" in client.get("/materials/?topic=disaster").content.decode()
