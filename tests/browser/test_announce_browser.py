"""In Chromium: the result of booking is announced (focus on the message) and Escape closes
the phone menu; the furigana toggle keeps one name and states its state with aria-pressed."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_booking_browser import card, signed_in_page
from tests.factories import UserFactory
from tests.learning.factories import SessionFactory, class_index

pytestmark = pytest.mark.django_db(transaction=True)


def test_booking_from_the_keyboard_moves_focus_to_the_announced_result(new_page, live_server):
    session = SessionFactory(capacity=3)
    page = signed_in_page(new_page, live_server, UserFactory(roles=["learner"]))
    page.goto(class_index().url)
    card(page, session).locator("[data-book-button]").focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    focused = page.locator("ul.messages[role='status']")
    expect(focused).to_be_focused()
    expect(focused).not_to_be_empty()


def test_escape_closes_the_phone_menu(new_page, live_server):
    page = new_page()
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server.url + "/")
    toggle = page.locator(".nav-toggle")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_be_focused()


def test_the_furigana_toggle_keeps_its_name_when_pressed(new_page, live_server):
    page = new_page()
    page.goto(live_server.url + "/")
    button = page.locator("#furigana-toggle")
    pressed_before = button.get_attribute("aria-pressed")
    # The state ("ふりがな：あり") is visible text but not part of the name: aria-pressed says it.
    expect(button).to_have_accessible_name(re.compile("仮名"))
    expect(button).not_to_have_accessible_name(re.compile("："))
    button.click()
    expect(button).not_to_have_attribute("aria-pressed", pressed_before)
    expect(button).not_to_have_accessible_name(re.compile("："))
