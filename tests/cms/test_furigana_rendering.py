"""Rendered pages carry furigana as <ruby> in text only: tags, attributes and links stay intact."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
import wagtail_factories

from tests.cms.conftest import publish
from tests.cms.factories import MaterialPageFactory

pytestmark = pytest.mark.django_db


class _Audit(HTMLParser):
    """Collects attribute values, links and ruby nesting of a page."""

    def __init__(self):
        super().__init__()
        self.attributes: list[str] = []
        self.links: list[str] = []
        self.depth = 0
        self.nested_ruby = False
        self.in_title = False
        self.title = ""

    def handle_starttag(self, tag, attrs):
        self.attributes.extend(value or "" for _, value in attrs)
        if tag == "a":
            self.links.append(dict(attrs).get("href", ""))
        if tag == "ruby":
            self.nested_ruby |= self.depth > 0
            self.depth += 1
        self.in_title = tag == "title"

    def handle_endtag(self, tag):
        if tag == "ruby":
            self.depth -= 1
        if tag == "title":
            self.in_title = False

    def handle_data(self, data):
        if self.in_title:
            self.title += data


def audit(html: str) -> _Audit:
    parser = _Audit()
    parser.feed(html)
    return parser


@pytest.fixture
def image(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return wagtail_factories.ImageFactory(title="地震の あとの 町")


@pytest.fixture
def material(material_index, image):
    return publish(
        MaterialPageFactory(
            parent=material_index,
            title="地震の とき",
            intro="地震が 来たら 机の 下に 入ります。",
            body=[
                {
                    "type": "text",
                    "value": '<p>地震の ときは <a href="/jishin/">避難所</a>に 行きます。</p>',
                },
                {
                    "type": "image",
                    "value": {
                        "image": image.pk,
                        "alt": "地震で こわれた 家",
                        "caption": "こわれた 家",
                    },
                },
                {
                    "type": "vocabulary",
                    "value": {
                        "heading": "",
                        "words": [
                            {"word": "避難所", "reading": "ひなんじょ", "meaning": "にげる ところ"}
                        ],
                    },
                },
            ],
        )
    )


def test_kanji_in_text_get_ruby_readings(client, material):
    html = client.get(material.url).content.decode()
    assert "<ruby>地震<rt>じしん</rt></ruby>" in html
    assert "<ruby>机<rt>つくえ</rt></ruby>" in html
    assert re.search(r"<h1><ruby>地震<rt>じしん</rt></ruby>の とき</h1>", html)


def test_links_attributes_and_the_title_are_left_alone(client, material):
    html = client.get(material.url).content.decode()
    page = audit(html)
    assert "/jishin/" in page.links
    # The link text gets ruby inside the <a>; the link itself is unchanged.
    assert re.search(r'<a href="/jishin/">(<ruby>[^<>]+<rt>[^<>]+</rt></ruby>)+</a>', html)
    assert not [value for value in page.attributes if "<" in value or "ruby" in value]
    assert 'alt="地震で こわれた 家"' in html
    assert page.title.startswith("地震の とき")


def test_a_reading_the_editor_gave_is_kept_and_never_nested(client, material):
    html = client.get(material.url).content.decode()
    assert '<dt lang="ja"><ruby>避難所<rt>ひなんじょ</rt></ruby></dt>' in html
    assert not audit(html).nested_ruby


def test_a_page_can_leave_easy_kanji_without_furigana(client, material_index):
    page = publish(
        MaterialPageFactory(
            parent=material_index, title="日本の 地震", intro="", body=[], furigana_skip="N5"
        )
    )
    html = client.get(page.url).content.decode()
    assert "<ruby>地震<rt>じしん</rt></ruby>" in html
    assert "<ruby>日本<rt>にほん</rt></ruby>" not in html and "日本の" in html


def test_readers_who_turn_furigana_off_get_the_same_ruby_hidden_by_css(client, material):
    client.cookies["furigana"] = "off"
    html = client.get(material.url).content.decode()
    assert 'class="furigana-off"' in html
    assert "<ruby>地震<rt>じしん</rt></ruby>" in html
