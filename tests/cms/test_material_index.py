"""The materials page lists materials in the reader's language, by topic and level."""

from __future__ import annotations

import pytest

from tests.cms.conftest import publish
from tests.cms.factories import MaterialPageFactory

pytestmark = pytest.mark.django_db


def test_the_materials_page_filters_by_topic_and_level(client, pages, material_index):
    def shown(**params) -> set[str]:
        html = client.get(material_index.url, params).content.decode()
        return {title for title in ("じしんの とき", "きゅうしょく") if pages_title_in(html, title)}

    def pages_title_in(html: str, title: str) -> bool:
        page = pages["quake"] if title == "じしんの とき" else pages["lunch"]
        return f'href="{page.url}"' in html

    assert shown() == {"じしんの とき", "きゅうしょく"}
    assert shown(topic="disaster-t") == {"じしんの とき"}
    assert shown(level="A1") == {"きゅうしょく"}
    assert shown(topic="school-t", level="A2") == set()
    assert shown(topic="no-such-topic") == {
        "じしんの とき",
        "きゅうしょく",
    }  # unknown filters are ignored


def test_the_materials_page_costs_the_same_queries_for_two_or_twelve_materials(
    client, pages, material_index
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        client.get(material_index.url)  # warm the furigana cache: count the steady state
        with CaptureQueriesContext(connection) as captured:
            assert client.get(material_index.url).status_code == 200
        return len(captured.captured_queries)

    two = queries()
    for n in range(10):
        publish(MaterialPageFactory(parent=material_index, title=f"ざいりょう {n}"))
    assert queries() == two
