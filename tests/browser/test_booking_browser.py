"""In Chromium: the last seat, the waiting list, a cancellation and the offer accepted.

Two people in two browser contexts. The schedule page keeps its counts live: it re-fetches
them over HTTP on every WebSocket message and, as here (pytest-django's live server speaks
HTTP only), by polling while no socket is open; the poll interval is shortened for the test.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from learning.models import Booking
from tests.factories import UserFactory
from tests.learning.factories import SessionFactory, class_index

pytestmark = pytest.mark.django_db(transaction=True)


def signed_in_page(new_page, live_server, user):
    """A browser context carrying the user's session cookie (log-in itself is tested elsewhere)."""
    client = (
        Client()
    )  # one per person: logging a second user into a client ends the first's session
    client.force_login(user)
    page = new_page()
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return page


def card(page, session):
    return page.locator(f"li.session-card[data-session-id='{session.pk}']")


def test_last_seat_waiting_list_cancellation_and_offer(new_page, live_server, settings, mailoutbox):
    settings.LEARNING_LIVE_POLL_SECONDS = 0.5
    session = SessionFactory(capacity=2)
    schedule_url = class_index().url
    someone = UserFactory(roles=["learner"])
    Booking.objects.create(session=session, learner=someone, status=Booking.Status.CONFIRMED)
    first = UserFactory(roles=["learner"], display_name="First Learner")
    second = UserFactory(roles=["learner"], display_name="Second Learner")
    first_page = signed_in_page(new_page, live_server, first)
    second_page = signed_in_page(new_page, live_server, second)

    # Both see one seat left.
    second_page.goto(schedule_url)
    expect(card(second_page, session).locator("[data-field='seats_left']")).to_have_text("1")
    first_page.goto(schedule_url)
    expect(card(first_page, session).locator("[data-field='seats_left']")).to_have_text("1")

    # The first learner books the last seat.
    card(first_page, session).locator("[data-book-button]").click()
    first_page.wait_for_load_state()
    expect(card(first_page, session).locator("[data-cancel-button]")).to_be_visible()

    # Without reloading, the second learner's page turns to "full" and offers the waiting list.
    second_card = card(second_page, session)
    expect(second_card.locator("[data-show-when='full']")).to_be_visible()
    book_button = second_card.locator("[data-book-button]")
    expect(book_button).to_have_text(book_button.get_attribute("data-label-wait"))

    # The second learner joins the waiting list.
    book_button.click()
    second_page.wait_for_load_state()
    assert Booking.objects.get(session=session, learner=second).status == Booking.Status.WAITLISTED
    expect(card(second_page, session).locator("form[action$='/cancel/']")).to_be_visible()

    # The first learner cancels, confirming in the dialog: the seat is offered to the second,
    # by e-mail in both languages.
    card(first_page, session).locator("[data-cancel-button]").click()
    dialog = first_page.locator("dialog.confirm-dialog")
    expect(dialog).to_be_visible()
    dialog.locator("[data-confirm-yes]").click()
    first_page.wait_for_load_state()
    expect(card(first_page, session).locator("[data-cancel-button]")).to_have_count(0)
    offer = Booking.objects.get(session=session, learner=second)
    assert offer.status == Booking.Status.OFFERED
    assert [m.to for m in mailoutbox] == [[second.email]]
    link = re.search(r"https?://[^/\s]+(/learning/offers/\d+/)", mailoutbox[0].body).group(1)

    # "My classes" shows the offer; the e-mailed link opens the same one-click confirmation.
    second_page.goto("/learning/my/")
    expect(
        second_page.locator(f"li[data-booking-id='{offer.pk}'] [data-accept-button]")
    ).to_be_visible()
    second_page.goto(link)
    second_page.locator("[data-accept-button]").click()
    second_page.wait_for_load_state()
    expect(second_page).to_have_url(re.compile(r"/learning/my/$"))
    expect(
        second_page.locator(f"li[data-booking-id='{offer.pk}'].booking--confirmed")
    ).to_be_visible()
    assert Booking.objects.get(session=session, learner=second).status == Booking.Status.CONFIRMED
    assert Booking.objects.filter(session=session, status=Booking.Status.CONFIRMED).count() == 2
