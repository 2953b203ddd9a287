"""Demo content: readings of Iwate names, learning materials, news, two emergency notices.

Idempotent: everything is found by its slug (or word) and created only when missing, so an
editor's changes survive another `load_demo`. No notice is active: one has expired and one is a
draft, so publishing the draft in the admin shows the live banner on every open page.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from wagtail.models import Page, Site

READINGS = [
    ("盛岡", "もりおか", "県庁の ある 市"),
    ("一関", "いちのせき", "県南の 市"),
    ("陸前高田", "りくぜんたかた", "沿岸の 市"),
    ("奥州", "おうしゅう", "県南の 市"),
    ("花巻", "はなまき", "市"),
    ("北上", "きたかみ", "市"),
    ("釜石", "かまいし", "沿岸の 市"),
    ("宮古", "みやこ", "沿岸の 市"),
    ("岩手県国際交流協会", "いわてけんこくさいこうりゅうきょうかい", "この サイトの 協会"),
]

GOMI_BODY = [
    {
        "type": "text",
        "value": (
            "<h2>ごみの 日</h2>"
            "<p>ごみは 決まった 日の 朝 8時までに 出して ください。</p>"
            "<p>燃える ごみと 燃えない ごみを 分けます。</p>"
            "<p>わからない ときは 市役所に 聞いて ください。</p>"
        ),
    },
    {
        "type": "vocabulary",
        "value": {
            "heading": "ことば",
            "words": [
                {"word": "燃える", "reading": "もえる", "meaning": "火で なくなる"},
                {"word": "分別", "reading": "ぶんべつ", "meaning": "ごみを 分ける こと"},
                {"word": "市役所", "reading": "しやくしょ", "meaning": "市の 仕事を する ところ"},
            ],
        },
    },
    {
        "type": "examples",
        "value": {
            "heading": "れいぶん",
            "sentences": [
                {
                    "sentence": "月曜日に 燃える ごみを 出します。",
                    "translation": "I put out burnable trash on Monday.",
                },
                {
                    "sentence": "びんと かんは 水曜日です。",
                    "translation": "Bottles and cans go out on Wednesday.",
                },
            ],
        },
    },
]

JISHIN_BODY = [
    {
        "type": "text",
        "value": (
            "<p>地震が 来たら、机の 下に 入って ください。</p>"
            "<p>揺れが 止まったら、火を 消して ください。</p>"
            "<p>津波が 来るかも しれません。海から 離れて、高い ところへ 逃げて ください。</p>"
        ),
    },
    {
        "type": "vocabulary",
        "value": {
            "heading": "ことば",
            "words": [
                {"word": "地震", "reading": "じしん", "meaning": "地面が 揺れる こと"},
                {"word": "津波", "reading": "つなみ", "meaning": "海から 来る 大きな 波"},
                {"word": "避難所", "reading": "ひなんじょ", "meaning": "逃げて 行く ところ"},
            ],
        },
    },
]


def _write(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message + "\n")


def load_readings() -> int:
    from core.models import ReadingEntry

    created = 0
    for word, reading, note in READINGS:
        _entry, was_created = ReadingEntry.objects.get_or_create(
            word=word, defaults={"reading": reading, "note": note}
        )
        created += was_created
    return created


def _child(parent: Page, model, slug: str, **fields):
    """The live or draft child with this slug, or a new one published (or saved as draft)."""
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing is not None:
        return existing, False
    publish = fields.pop("_publish", True)
    topics = fields.pop("_topics", None)
    page = model(slug=slug, **fields)
    if not publish:
        page.live = False
    parent.add_child(instance=page)
    if topics is not None:
        page.topics.set(topics)
    revision = page.save_revision()
    if publish:
        revision.publish()
    return page, True


WELCOME_TITLE = "いわての にほんご ひろば へ ようこそ"
WELCOME_INTRO = "岩手県で 日本語を 勉強したい 人の ための ページです。"
WELCOME_BODY = (
    "<p>岩手県には 外国から 来た 人が たくさん 住んでいます。</p>"
    "<p>このページで 日本語の クラスを さがすことが できます。クラスは 無料です。</p>"
    "<p>ボランティアの 先生と いっしょに 日本語を 勉強しましょう。</p>"
    "<p>わからない ことが あったら、協会に 電話してください。</p>"
)


def load_home_page() -> None:
    from wagtail.models import Site

    from cms.models import HomePage

    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    if not isinstance(home, HomePage) or home.body:
        return  # an editor's page is never overwritten
    home.title = WELCOME_TITLE
    home.intro = WELCOME_INTRO
    home.body = WELCOME_BODY
    home.save_revision().publish()


def load(stdout=None) -> None:
    from cms.models import (
        ArticleIndexPage,
        ArticlePage,
        EmergencyNoticePage,
        HomePage,
        MaterialIndexPage,
        MaterialPage,
    )
    from cms.snippets import Topic

    load_home_page()

    readings = load_readings()
    site = Site.objects.filter(is_default_site=True).first()
    home = site.root_page.specific if site else None
    if not isinstance(home, HomePage):
        _write(stdout, "cms demo: the default site's root is not a HomePage; pages skipped")
        return
    now = timezone.now()
    topics = {topic.slug: topic for topic in Topic.objects.all()}

    materials, _ = _child(
        home,
        MaterialIndexPage,
        "materials",
        title="がくしゅう ざいりょう",
        intro="<p>くらしに やくだつ 日本語を 勉強しましょう。</p>",
        show_in_menus=True,
    )
    _child(
        materials,
        MaterialPage,
        "gomi",
        title="ごみの 出し方",
        level="A1",
        intro="ごみを 出す 日と 分け方を おぼえましょう。",
        body=GOMI_BODY,
        _topics=[t for slug, t in topics.items() if slug == "daily-life"],
    )
    _child(
        materials,
        MaterialPage,
        "jishin",
        title="地震の とき",
        level="A2",
        intro="地震の とき どう するか、おぼえましょう。",
        body=JISHIN_BODY,
        _topics=[t for slug, t in topics.items() if slug == "disaster"],
    )

    news, _ = _child(home, ArticleIndexPage, "news", title="おしらせ", show_in_menus=True)
    _child(
        news,
        ArticlePage,
        "new-class-morioka",
        title="盛岡で 新しい 日本語教室が 始まります",
        date=timezone.localdate(),
        intro="土曜日の 午前10時から です。だれでも 来る ことが できます。",
        body=[
            {
                "type": "text",
                "value": (
                    "<p>場所は アイーナの 5階です。お金は いりません。</p>"
                    "<p>岩手県国際交流協会に 電話して ください。</p>"
                ),
            }
        ],
    )
    _child(
        news,
        EmergencyNoticePage,
        "ooame-old",
        title="大雨の 情報（おわりました）",
        severity="warning",
        expires_at=now - dt.timedelta(days=3),
        area="沿岸の 町",
        body="<p>大雨は 止みました。</p>",
    )
    _child(
        news,
        EmergencyNoticePage,
        "ooame",
        title="大雨です。川に 近づかないで ください。",
        severity="danger",
        expires_at=now + dt.timedelta(days=1),
        area="盛岡市、一関市",
        body="<p>川の 水が 多く なって います。川や 海に 行かないで ください。</p>",
        _publish=False,
    )
    _write(
        stdout,
        f"cms demo: {readings} new readings; materials, news and two emergency notices "
        "(one expired, one draft to publish)",
    )
