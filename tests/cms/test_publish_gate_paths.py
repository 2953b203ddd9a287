"""The publish gate on every way a page goes live: edit view, bulk publish, scheduled publishing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cms.models import MaterialPage
from tests.cms.test_publish_gate import EASY, HARD, material_data, set_gate

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def draft_page(parent, intro: str, slug: str = "gomi") -> MaterialPage:
    page = MaterialPage(title="ごみの 出し方", slug=slug, intro=intro, live=False)
    parent.add_child(instance=page)
    page.save_revision()
    return page


def edit(client, page, intro: str, action: str):
    data = material_data(intro, action)
    data["slug"] = page.slug
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data, follow=True)


def test_publishing_hard_text_from_the_edit_view_warns(editor_client, material_index):
    page = draft_page(material_index, EASY)
    response = edit(editor_client, page, HARD, "action-publish")
    page.refresh_from_db()
    assert page.live
    assert '<ul class="ej-gate-findings"><li>「当該事案」' in response.content.decode()


def test_publishing_easy_text_from_the_edit_view_does_not_warn(editor_client, material_index):
    page = draft_page(material_index, HARD)
    response = edit(editor_client, page, EASY, "action-publish")
    assert "ej-gate-findings" not in response.content.decode()


def test_the_block_setting_refuses_to_publish_from_the_edit_view(editor_client, material_index):
    set_gate("block")
    page = draft_page(material_index, EASY)
    response = edit(editor_client, page, HARD, "action-publish")
    page.refresh_from_db()
    assert not page.live
    errors = response.context["form"].non_field_errors().as_data()
    assert errors[0].code == "not_easy_enough"


def test_an_autosaved_hard_draft_is_still_refused_when_published(editor_client, material_index):
    set_gate("block")
    page = draft_page(material_index, EASY)
    edit(editor_client, page, HARD, "action-save")  # what autosave stores: a draft revision
    response = edit(editor_client, page, HARD, "action-publish")
    page.refresh_from_db()
    assert not page.live and response.context["form"].errors


def bulk_publish(client, *pages):
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
    query = "&".join(f"id={p.pk}" for p in pages)
    return client.post(f"{url}?{query}&next=/admin/pages/", {}, follow=True)


def test_bulk_publish_in_block_mode_refuses_while_a_page_is_too_hard(editor_client, material_index):
    set_gate("block")
    hard, easy = draft_page(material_index, HARD), draft_page(material_index, EASY, "easy")
    response = bulk_publish(editor_client, hard, easy)
    assert not MaterialPage.objects.filter(live=True, pk__in=[hard.pk, easy.pk]).exists()
    assert [m.level_tag for m in response.context["messages"] if hard.title in str(m)] == ["error"]


def test_bulk_publish_in_warn_mode_publishes_and_names_the_hard_page(editor_client, material_index):
    hard = draft_page(material_index, HARD)
    response = bulk_publish(editor_client, hard)
    hard.refresh_from_db()
    assert hard.live
    assert any(hard.title in str(m) for m in response.context["messages"])


def test_scheduled_publishing_in_block_mode_leaves_a_hard_page_unpublished_and_unscheduled(
    material_index,
):
    set_gate("block")
    page = draft_page(material_index, HARD)
    revision = page.save_revision(approved_go_live_at=timezone.now() - dt.timedelta(minutes=1))
    call_command("publish_scheduled")
    page.refresh_from_db()
    revision.refresh_from_db()
    assert not page.live and revision.approved_go_live_at is None


def test_scheduled_publishing_publishes_an_easy_page(material_index):
    set_gate("block")
    page = draft_page(material_index, EASY)
    page.save_revision(approved_go_live_at=timezone.now() - dt.timedelta(minutes=1))
    call_command("publish_scheduled")
    page.refresh_from_db()
    assert page.live


def test_revision_publish_in_block_mode_does_not_publish_hard_text(material_index):
    set_gate("block")
    page = draft_page(material_index, HARD)
    page.get_latest_revision().publish()
    page.refresh_from_db()
    assert not page.live
