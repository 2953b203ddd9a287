"""The page tree every cms test starts from: Japanese home page as the default site's root.

Transactional tests (WebSocket, browser) run on a flushed database, where the tree that the
migrations made is gone; `home` rebuilds it the same way on both paths.
"""

from __future__ import annotations

import pytest

from tests.cms.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    MaterialIndexPageFactory,
    MaterialPageFactory,
    TopicFactory,
)


def ensure_home():
    from django.conf import settings
    from wagtail.models import Locale, Page, Site

    from cms.apps import ensure_locales
    from cms.models import HomePage

    ensure_locales()
    ja = Locale.objects.get(language_code=settings.LANGUAGE_CODE)
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site and isinstance(site.root_page.specific, HomePage):
        return site.root_page.specific
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=ja)
    )
    home = HomePage(title="ホーム", slug="home", locale=ja)
    root.add_child(instance=home)
    home.save_revision().publish()
    Site.objects.filter(is_default_site=True).delete()
    Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    return home


def publish(page):
    """Save a revision and publish it, as the admin does; returns the fresh specific page."""
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


@pytest.fixture
def home(db):
    return ensure_home()


@pytest.fixture
def material_index(home):
    return publish(MaterialIndexPageFactory(parent=home))


@pytest.fixture
def pages(home, material_index):
    """Two materials on different topics and levels, and an English article."""
    news = publish(ArticleIndexPageFactory(parent=home))
    disaster = TopicFactory(slug="disaster-t", name_ja="さいがい", name_en="Disaster")
    school = TopicFactory(slug="school-t", name_ja="学校", name_en="School")
    quake = MaterialPageFactory(
        parent=material_index,
        title="じしんの とき",
        level="A2",
        intro="",
        body=[{"type": "text", "value": "<p>揺れが止まったら避難所へ行きましょう。</p>"}],
    )
    quake.topics.set([disaster])
    quake = publish(quake)
    lunch = MaterialPageFactory(
        parent=material_index,
        title="きゅうしょく",
        level="A1",
        intro="",
        body=[{"type": "text", "value": "<p>学校で給食を食べます。</p>"}],
    )
    lunch.topics.set([school])
    lunch = publish(lunch)
    article = publish(
        ArticlePageFactory(
            parent=news,
            title="Volunteer teachers wanted",
            intro="",
            body=[{"type": "text", "value": "<p>We are looking for volunteers in Morioka.</p>"}],
        )
    )
    return {"quake": quake, "lunch": lunch, "article": article}
