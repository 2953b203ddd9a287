"""In Chromium: a schedule page left open stops offering a seat once the class is cancelled."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from learning import booking as rules
from tests.browser.test_booking_browser import card, signed_in_page
from tests.factories import UserFactory
from tests.learning.factories import SessionFactory, class_index

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_open_page_hides_booking_when_the_class_is_cancelled(new_page, live_server, settings):
    settings.LEARNING_LIVE_POLL_SECONDS = 0.5
    session = SessionFactory(capacity=3)
    learner = UserFactory(roles=["learner"])
    page = signed_in_page(new_page, live_server, learner)
    page.goto(class_index().url)
    book = card(page, session).locator("[data-book-button]")
    expect(book).to_be_visible()
    rules.cancel_session(UserFactory(roles=["coordinator"]), session)
    expect(book).to_be_hidden()
    expect(card(page, session).locator("[data-show-when='cancelled']")).to_be_visible()
