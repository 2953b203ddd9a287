"""Factories for cms pages and snippets (wagtail-factories builds the page tree)."""

from __future__ import annotations

import datetime as dt

import factory
import wagtail_factories
from django.utils import timezone

from cms.models import (
    ArticleIndexPage,
    ArticlePage,
    EmergencyNoticePage,
    MaterialIndexPage,
    MaterialPage,
)
from cms.snippets import Topic
from core.models import ReadingEntry


class MaterialIndexPageFactory(wagtail_factories.PageFactory):
    title = "がくしゅう ざいりょう"
    slug = factory.Sequence(lambda n: f"materials-{n}")

    class Meta:
        model = MaterialIndexPage


class MaterialPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"ごみの 出し方 {n}")
    slug = factory.Sequence(lambda n: f"material-{n}")
    level = "A1"
    intro = "ごみを 出す 日を おぼえましょう。"
    body = factory.LazyFunction(
        lambda: [{"type": "text", "value": "<p>月曜日に 燃える ごみを 出します。</p>"}]
    )

    class Meta:
        model = MaterialPage


class ArticleIndexPageFactory(wagtail_factories.PageFactory):
    title = "おしらせ"
    slug = factory.Sequence(lambda n: f"news-{n}")

    class Meta:
        model = ArticleIndexPage


class ArticlePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"日本語教室の お知らせ {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    intro = "新しい 教室が 始まります。"
    body = factory.LazyFunction(
        lambda: [{"type": "text", "value": "<p>土曜日の 午前10時から です。</p>"}]
    )

    class Meta:
        model = ArticlePage


class EmergencyNoticePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"大雨に 気を つけて ください {n}")
    slug = factory.Sequence(lambda n: f"notice-{n}")
    severity = "danger"
    expires_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(hours=6))
    body = "<p>川に 近づかないで ください。</p>"

    class Meta:
        model = EmergencyNoticePage


class ReadingEntryFactory(factory.django.DjangoModelFactory):
    word = factory.Sequence(lambda n: f"語{n}")
    reading = "ご"
    note = ""

    class Meta:
        model = ReadingEntry
        django_get_or_create = ["word"]


class TopicFactory(factory.django.DjangoModelFactory):
    slug = factory.Sequence(lambda n: f"topic-{n}")
    name_ja = factory.Sequence(lambda n: f"テーマ{n}")
    name_en = factory.Sequence(lambda n: f"Topic {n}")

    class Meta:
        model = Topic
        django_get_or_create = ["slug"]
