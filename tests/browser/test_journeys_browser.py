"""Whole journeys in Chromium, one per role, as a person walks them (issue 13's acceptance).

- An editor edits a page in Wagtail's edit view, makes it too hard and publishes: stopped when
  the publish gate blocks, published with the findings when it warns.
- A learner signs up with a name, books a class, finds its venue in "my classes", subscribes
  to the calendar and cancels after confirming.
- A coordinator books a learner who phoned, then moves the session's time: the learner is
  e-mailed both times, in their own language (Vietnamese here).
(The volunteer's journey lives in its own file.)
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone, translation
from playwright.sync_api import expect

from cms.models import MaterialPage
from learning import dates
from learning.models import Booking, Session
from matching.models import LearnerProfile
from tests.browser.journey_steps import sign_up
from tests.browser.test_booking_browser import signed_in_page
from tests.browser.test_cms_browser import HARD, material_page
from tests.cms.test_publish_gate import set_gate
from tests.factories import UserFactory
from tests.learning.factories import SessionFactory, class_index
from tests.matching.factories import language

pytestmark = pytest.mark.django_db(transaction=True)
EASY = "ごみは 月曜日に 出します。"


def admin_in_english(user):
    """Wagtail's admin speaks the user's chosen language: English, so the test reads its words."""
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


def click_publish(page) -> None:
    """Publish from the edit view's footer (behind the save button's menu when it is folded)."""
    publish = page.locator("button[name='action-publish']")
    if not publish.is_visible():
        page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    publish.click()


def latest_revision_intro(material: MaterialPage) -> str:
    return MaterialPage.objects.get(pk=material.pk).get_latest_revision_as_object().intro


# --- editor -----------------------------------------------------------------------------------


def test_editor_publishing_a_too_hard_page_from_the_edit_view_is_stopped(new_page, live_server):
    set_gate("block")
    material = material_page(intro=EASY)
    editor = admin_in_english(UserFactory(roles=["editor"]))
    page = signed_in_page(new_page, live_server, editor)

    page.goto(f"/admin/pages/{material.pk}/edit/")
    page.locator("#id_intro").fill(HARD)
    click_publish(page)
    page.wait_for_load_state()

    # Still in the edit view, told why, with the hard word among the findings.
    expect(page).to_have_url(re.compile(rf"/admin/pages/{material.pk}/edit/"))
    expect(page.locator("body")).to_contain_text(
        "Not published: this page is harder than its target level (N4)"
    )
    expect(page.locator("body")).to_contain_text("当該事案")
    assert MaterialPage.objects.get(pk=material.pk).intro == EASY  # the live page is untouched
    assert latest_revision_intro(material) == EASY  # and nothing was stored

    # A draft still saves (drafts are never gated); the readers' page stays the easy one.
    page.locator("#id_intro").fill(HARD)
    page.locator("footer button.action-save").click()  # "Save draft"
    page.wait_for_load_state()
    expect(page.locator(".messages")).to_contain_text("has been updated")
    assert MaterialPage.objects.get(pk=material.pk).intro == EASY
    assert latest_revision_intro(material) == HARD


def test_editor_publishing_a_too_hard_page_from_the_edit_view_is_warned(new_page, live_server):
    set_gate("warn")
    material = material_page(intro=EASY)
    editor = admin_in_english(UserFactory(roles=["editor"]))
    page = signed_in_page(new_page, live_server, editor)

    page.goto(f"/admin/pages/{material.pk}/edit/")
    page.locator("#id_intro").fill(HARD)
    click_publish(page)
    page.wait_for_load_state()

    warning = page.locator(".messages")
    expect(warning).to_contain_text("Published, but this page is harder than its target level (N4)")
    expect(warning.locator("ul.ej-gate-findings li").first).to_contain_text("当該事案")
    assert MaterialPage.objects.get(pk=material.pk).intro == HARD  # it did go live


# --- learner ----------------------------------------------------------------------------------


def test_learner_signs_up_books_sees_the_venue_subscribes_and_cancels(
    new_page, live_server, mailoutbox
):
    session = SessionFactory(capacity=5)
    venue = session.venue
    page = new_page()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])

    # Sign up with a name and its reading in kana; confirm from the e-mail (that signs in).
    sign_up(page, mailoutbox, "lan@example.com", ("Tran", "Lan", "チャン", "ラン"))
    expect(page.locator(".signed-in-as")).to_have_text("Tran Lan")
    learner = get_user_model().objects.get(email="lan@example.com")
    assert (learner.family_name_kana, learner.given_name_kana) == ("チャン", "ラン")

    # The learner fills the profile: first language, level, area, a need and two cells of the
    # weekly grid; the page says it was saved and the profile holds it.
    page.goto("/matching/me/learner/")
    form = page.locator("#learner-profile-form")
    form.locator("select[name=mother_tongue]").select_option(str(language("vi").pk))
    form.locator("select[name=level]").select_option("2")
    form.locator("select[name=municipality]").select_option("morioka")
    form.locator("textarea[name=needs]").fill("病院で 話したいです")
    form.locator("#id_availability_0-morning").check()
    form.locator("#id_availability_2-evening").check()
    form.locator("#save-profile").click()
    page.wait_for_load_state()
    expect(page.locator("#form-errors")).to_have_count(0)
    profile = LearnerProfile.objects.get(user=learner)
    assert (profile.mother_tongue.code, profile.level, profile.municipality) == ("vi", 2, "morioka")
    assert profile.availability.count() == 2

    # Book from the schedule; the result is announced.
    page.goto(class_index().url)
    card = page.locator(f"li.session-card[data-session-id='{session.pk}']")
    card.locator("[data-book-button]").click()
    page.wait_for_load_state()
    expect(page.locator("ul.messages[role='status']")).to_be_focused()
    booking = Booking.objects.get(session=session, learner=learner)
    assert booking.status == Booking.Status.CONFIRMED

    # "My classes" shows where: the venue, its address and a map link.
    page.goto("/learning/my/")
    item = page.locator(f"li[data-booking-id='{booking.pk}']")
    expect(item.locator(".venue")).to_contain_text(venue.name)
    expect(item.locator(".venue .address")).to_have_text(venue.address)
    expect(item.locator(".venue a")).to_have_attribute("href", re.compile(r"openstreetmap"))

    # Subscribe: a webcal:// link to this server (its own host and port, not a fixed one), and
    # a copy button that puts the https-or-http address on the clipboard and says so.
    host = live_server.url.split("://", 1)[1]
    subscribe = page.locator("[data-subscribe]")
    expect(subscribe).to_have_attribute(
        "href", re.compile(rf"^webcal://{re.escape(host)}/learning/calendar/[^/]+\.ics$")
    )
    feed_url = page.locator("#calendar-url").input_value()
    assert feed_url == "http://" + subscribe.get_attribute("href").removeprefix("webcal://")
    copy = page.locator("[data-copy-target='calendar-url']")
    copy.click()
    expect(page.locator(".copy-status")).to_have_text(copy.get_attribute("data-copied"))
    assert page.evaluate("navigator.clipboard.readText()") == feed_url
    feed = page.request.get(feed_url)
    assert feed.ok and "text/calendar" in feed.headers["content-type"]
    assert "BEGIN:VEVENT" in feed.text()

    # Cancel, confirming in the dialog; the result is announced and the seat is free again.
    item.locator("[data-cancel-button]").click()
    dialog = page.locator("dialog.confirm-dialog")
    expect(dialog).to_be_visible()
    dialog.locator("[data-confirm-yes]").click()
    page.wait_for_load_state()
    expect(page.locator("ul.messages[role='status']")).to_be_focused()
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED


# --- coordinator ------------------------------------------------------------------------------


def test_coordinator_books_for_a_learner_and_moves_the_time_learner_told_in_vietnamese(
    new_page, live_server, mailoutbox
):
    session = SessionFactory(capacity=5)
    learner = UserFactory(roles=["learner"], display_name="Nguyen Thi Hoa", preferred_language="vi")
    coordinator = admin_in_english(UserFactory(roles=["coordinator"]))
    page = signed_in_page(new_page, live_server, coordinator)

    # Book the learner who phoned in, from the session's page in the admin.
    page.goto(f"/admin/learning_session/inspect/{session.pk}/")
    page.locator(f"a[href$='/learning_session/book/{session.pk}/']").click()
    page.locator("select[name=learner]").select_option(str(learner.pk))
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator(".messages")).to_contain_text("Nguyen Thi Hoa")
    expect(page.locator("main table.listing")).to_contain_text("Nguyen Thi Hoa")
    booking = Booking.objects.get(session=session, learner=learner)
    assert booking.status == Booking.Status.CONFIRMED
    assert [m.to for m in mailoutbox] == [[learner.email]]
    with translation.override("vi"):
        booked_subject = translation.gettext("The association booked a class for you")
    assert booked_subject != "The association booked a class for you"  # it is translated
    assert booked_subject in mailoutbox[0].subject

    # Move the session an hour later in the edit view.
    new_start = timezone.localtime(session.starts_at) + dt.timedelta(hours=1)
    new_end = timezone.localtime(session.ends_at) + dt.timedelta(hours=1)
    page.goto(f"/admin/learning_session/edit/{session.pk}/")
    for field, value in (("#id_starts_at", new_start), ("#id_ends_at", new_end)):
        page.locator(field).fill(value.strftime("%Y-%m-%d %H:%M"))
        page.locator(field).press("Escape")
    page.locator("footer .actions--primary button[type=submit]").first.click()  # "Save"
    page.wait_for_load_state()
    expect(page.locator(".messages")).to_contain_text("has been told about the change")
    session = Session.objects.get(pk=session.pk)
    assert session.starts_at == new_start.replace(second=0, microsecond=0)

    # The learner's notice: their language, the new time.
    notices = [m for m in mailoutbox[1:] if m.to == [learner.email]]
    assert len(notices) == 1
    notice = notices[0]
    with translation.override("vi"):
        changed_subject = translation.gettext("Your class has changed")
    assert changed_subject != "Your class has changed"
    assert changed_subject in notice.subject
    assert dates.span(session.starts_at, session.ends_at, "vi") in notice.body
    assert "Lớp học của bạn đã thay đổi" in notice.body  # the body too, not only the subject
