"""In Chromium, with the keyboard alone: a learner books a seat, then cancels it after saying yes
in the confirm dialog, and each result is announced (focus lands on the message, a role=status
region, so a screen reader reads it at once instead of a silent reload). No mouse, no .focus()
from the test: Tab, Shift+Tab, Enter, Space and Escape only."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from learning.models import Booking
from tests.browser.test_booking_browser import signed_in_page
from tests.factories import UserFactory
from tests.learning.factories import SessionFactory, class_index

pytestmark = pytest.mark.django_db(transaction=True)

MAX_TABS = 80  # far more than the schedule page has stops; a missing target fails, not hangs


def is_focused(locator) -> bool:
    return locator.evaluate("element => element === document.activeElement")


def tab_to(page, locator, *, key: str = "Tab") -> int:
    """Press Tab (or Shift+Tab) until `locator` has focus; the number of presses it took."""
    for presses in range(1, MAX_TABS + 1):
        page.keyboard.press(key)
        if is_focused(locator):
            return presses
    raise AssertionError(f"{key} never reached {locator}")


def announced(page):
    """The result message: focused on load, and it says something."""
    message = page.locator("ul.messages[role='status']")
    expect(message).to_be_focused()
    expect(message).not_to_be_empty()
    return message.inner_text()


def test_a_learner_books_and_cancels_a_seat_with_the_keyboard_alone(new_page, live_server):
    session = SessionFactory(capacity=3)
    learner = UserFactory(roles=["learner"])
    page = signed_in_page(new_page, live_server, learner)
    page.goto(class_index().url)
    card = page.locator(f"li.session-card[data-session-id='{session.pk}']")

    # The first stop is the skip link, as it should be for keyboard users.
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()

    # Book with Enter.
    tab_to(page, card.locator("[data-book-button]"))
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    booked_text = announced(page)
    assert Booking.objects.get(session=session, learner=learner).status == "confirmed"

    # Cancel with Space: the question opens in a dialog, with focus on its answer.
    cancel = card.locator("[data-cancel-button]")
    tab_to(page, cancel)
    page.keyboard.press("Space")
    dialog = page.locator("dialog.confirm-dialog")
    expect(dialog).to_be_visible()
    yes = dialog.locator("[data-confirm-yes]")
    expect(yes).to_be_focused()

    # Escape closes it without cancelling and gives focus back to the button.
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    expect(cancel).to_be_focused()
    assert Booking.objects.get(session=session, learner=learner).status == "confirmed"

    # Again, moving between the answers with Tab and Shift+Tab, then yes with Enter.
    page.keyboard.press("Enter")
    expect(yes).to_be_focused()
    page.keyboard.press("Tab")
    expect(dialog.locator("button:not([data-confirm-yes])")).to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(yes).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    cancelled_text = announced(page)
    assert cancelled_text != booked_text
    assert Booking.objects.get(session=session, learner=learner).status == "cancelled"
    expect(card.locator("[data-book-button]")).to_be_visible()
