"""Stored XSS: script in every editor-written field is inert in every template that renders it.

Draftail only produces whitelisted HTML, but rich text also arrives by import, the shell or a
compromised editor session; the render path must not trust it. Each test stores the payload
in one field, renders the pages that show that field and looks for live markup.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.cms.conftest import publish
from tests.cms.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    EmergencyNoticePageFactory,
    MaterialIndexPageFactory,
    MaterialPageFactory,
    TopicFactory,
)
from tests.learning.factories import SessionFactory, VenueFactory, class_index, make_course

pytestmark = pytest.mark.django_db

PAYLOAD = (
    '<script>alert("xss")</script><img src=x onerror=alert(1)><a href="javascript:alert(2)">x</a>'
)
LIVE = [
    re.compile(r"<script>alert", re.I),
    re.compile(r"<img[^>]*\sonerror", re.I),
    re.compile(r"""<a[^>]*href=["']?\s*javascript:""", re.I),
]


def assert_inert(html: str) -> None:
    for pattern in LIVE:
        match = pattern.search(html)
        assert match is None, f"live markup {match.group(0)!r} in the page"


def render(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_home_page_rich_text_and_lead_are_inert(client, home):
    home.intro = PAYLOAD
    home.body = f"<p>ようこそ</p>{PAYLOAD}"
    publish(home)
    assert_inert(render(client, "/"))


def test_material_stream_blocks_and_intro_are_inert(client, home):
    index = publish(MaterialIndexPageFactory(parent=home, intro=f"<p>{PAYLOAD}</p>"))
    short = "<script>alert(1)</script><img src=x onerror=alert(1)>"  # fits max_length=60
    topic = TopicFactory(name_ja=short, name_en=short)
    page = MaterialPageFactory(
        parent=index,
        intro=PAYLOAD,
        body=[
            {"type": "text", "value": f"<p>にほんご</p>{PAYLOAD}"},
            {
                "type": "vocabulary",
                "value": {
                    "heading": PAYLOAD,
                    "words": [{"word": PAYLOAD, "reading": PAYLOAD, "meaning": PAYLOAD}],
                },
            },
            {
                "type": "examples",
                "value": {
                    "heading": PAYLOAD,
                    "sentences": [{"sentence": PAYLOAD, "translation": PAYLOAD}],
                },
            },
        ],
    )
    page.topics.set([topic])
    page = publish(page)
    assert_inert(render(client, page.url))
    assert_inert(render(client, index.url))
    assert_inert(render(client, "/search/?q=にほんご"))


def test_article_stream_and_index_are_inert(client, home):
    news = publish(ArticleIndexPageFactory(parent=home, intro=f"<p>{PAYLOAD}</p>"))
    article = publish(
        ArticlePageFactory(
            parent=news,
            title=PAYLOAD,
            intro=PAYLOAD,
            body=[{"type": "text", "value": f"<p>おしらせ</p>{PAYLOAD}"}],
        )
    )
    assert_inert(render(client, article.url))
    assert_inert(render(client, news.url))


def test_emergency_banner_and_notice_page_are_inert(client, home):
    notice = publish(
        EmergencyNoticePageFactory(
            parent=home,
            title=PAYLOAD,
            area=PAYLOAD,
            body=f"<p>にげて</p>{PAYLOAD}",
            expires_at=timezone.now() + timedelta(hours=3),
        )
    )
    assert_inert(render(client, "/"))  # the banner on every page
    assert_inert(render(client, notice.url))
    assert_inert(client.get("/notices/banners/").json()["html"])


def test_course_description_venue_and_session_notes_are_inert(client, home):
    index = class_index()
    index.intro = f"<p>{PAYLOAD}</p>"
    publish(index)
    venue = VenueFactory(name=PAYLOAD, address=PAYLOAD, access_notes=PAYLOAD)
    course = make_course(title="にほんご", venue=venue, description=f"<p>{PAYLOAD}</p>")
    course = publish(course)
    session = SessionFactory(course=course, venue=venue, notes=PAYLOAD)
    assert_inert(render(client, course.url))
    assert_inert(render(client, index.url))
    assert_inert(render(client, f"/learning/sessions/{session.pk}/"))
