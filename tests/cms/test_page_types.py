"""Each page type can be created where it belongs (through the admin) and renders."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from cms.models import (
    ArticleIndexPage,
    ArticlePage,
    EmergencyNoticePage,
    HomePage,
    MaterialIndexPage,
    MaterialPage,
)
from tests.cms.conftest import ensure_home, publish
from tests.cms.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    EmergencyNoticePageFactory,
    MaterialIndexPageFactory,
    MaterialPageFactory,
    TopicFactory,
)


class PageTypesTests(WagtailPageTestCase):
    def setUp(self):
        self.home = ensure_home()
        self.user = self.login()

    def test_where_each_page_type_may_be_created(self):
        self.assertAllowedSubpageTypes(MaterialIndexPage, {MaterialPage})
        self.assertAllowedSubpageTypes(ArticleIndexPage, {ArticlePage, EmergencyNoticePage})
        self.assertAllowedParentPageTypes(MaterialPage, {MaterialIndexPage})
        self.assertAllowedParentPageTypes(EmergencyNoticePage, {HomePage, ArticleIndexPage})
        self.assertCanCreateAt(HomePage, MaterialIndexPage)
        self.assertCanCreateAt(HomePage, ArticleIndexPage)
        self.assertCanNotCreateAt(HomePage, MaterialPage)
        self.assertCanNotCreateAt(MaterialPage, ArticlePage)

    def test_material_page_is_created_through_the_admin_with_every_block_kind(self):
        index = publish(MaterialIndexPageFactory(parent=self.home))
        topic = TopicFactory(slug="daily-life-test")
        body = streamfield(
            [
                ("text", rich_text("<p>ごみは 朝 8時までに 出して ください。</p>")),
                (
                    "vocabulary",
                    {
                        "heading": "ことば",
                        "words": streamfield(
                            [
                                (
                                    "item",
                                    {
                                        "word": "燃える",
                                        "reading": "もえる",
                                        "meaning": "火で なくなる",
                                    },
                                )
                            ]
                        ),
                    },
                ),
                (
                    "examples",
                    {
                        "heading": "",
                        "sentences": streamfield(
                            [
                                (
                                    "item",
                                    {
                                        "sentence": "ごみを 出します。",
                                        "translation": "I take out the trash.",
                                    },
                                )
                            ]
                        ),
                    },
                ),
            ]
        )
        data = nested_form_data(
            {
                "title": "ごみの 出し方",
                "slug": "gomi",
                "level": "A1",
                "intro": "ごみの 日を おぼえましょう。",
                "body": body,
                "target_level": "N4",
                "furigana_skip": "",
            }
        )
        data["topics"] = [topic.pk]  # a multiple choice: not something nested_form_data flattens
        self.assertCanCreate(index, MaterialPage, data)
        page = MaterialPage.objects.get(slug="gomi")
        assert page.live and [block.block_type for block in page.body] == [
            "text",
            "vocabulary",
            "examples",
        ]
        assert list(page.topics.values_list("slug", flat=True)) == ["daily-life-test"]

    def test_emergency_notice_is_created_through_the_admin(self):
        expires = (timezone.localtime() + dt.timedelta(hours=3)).strftime("%Y-%m-%d %H:%M")
        data = nested_form_data(
            {
                "title": "大雨です。川に 行かないで ください。",
                "slug": "ooame",
                "severity": "danger",
                "expires_at": expires,
                "area": "沿岸の 町",
                "body": rich_text("<p>高い ところに 行って ください。</p>"),
                "target_level": "disaster",
                "furigana_skip": "",
            }
        )
        self.assertCanCreate(self.home, EmergencyNoticePage, data)
        notice = EmergencyNoticePage.objects.get(slug="ooame")
        assert notice.is_active()

    def test_new_emergency_notices_are_checked_as_disaster_information(self):
        assert EmergencyNoticePage().target_level == "disaster"
        assert MaterialPage().target_level == "N4"

    def test_every_cms_page_type_renders(self):
        index = publish(MaterialIndexPageFactory(parent=self.home))
        news = publish(ArticleIndexPageFactory(parent=self.home))
        pages = [
            self.home,
            index,
            publish(MaterialPageFactory(parent=index)),
            news,
            publish(ArticlePageFactory(parent=news)),
            publish(EmergencyNoticePageFactory(parent=news)),
        ]
        for page in pages:
            self.assertPageIsRenderable(page)
        # The edit form's StreamFields are drawn by JavaScript, so Wagtail's helper can only
        # replay the forms of pages without one (test_preview.py posts a material by hand).
        for page in (self.home, index, news, pages[-1]):
            self.assertPageIsPreviewable(page)
