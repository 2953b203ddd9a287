"""Cancel, leave the waiting list and drop ask first: GET shows a confirm page, POST acts."""

from __future__ import annotations

import pytest

from learning import booking as rules
from learning.models import Booking, TeachingClaim
from tests.learning.factories import SessionFactory

pytestmark = pytest.mark.django_db


def test_opening_the_cancel_url_asks_and_changes_nothing(client, session, learner):
    booking = rules.book(learner, session)
    client.force_login(learner)
    response = client.get(f"/learning/bookings/{booking.pk}/cancel/?next=/learning/my/")
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    html = response.content.decode()
    assert 'method="post"' in html and 'name="next" value="/learning/my/"' in html


def test_the_confirm_page_asks_a_waiting_learner_about_leaving_the_list(
    client, learner, make_learner
):
    full = SessionFactory(capacity=1)
    rules.book(make_learner(), full)
    waiting = rules.book(learner, full)
    client.force_login(learner)
    client.cookies.load({"django_language": "en"})
    response = client.get(f"/en/learning/bookings/{waiting.pk}/cancel/")
    assert "Leave the waiting list?" in response.content.decode()


def test_confirming_cancels_and_goes_back_to_next(client, session, learner):
    booking = rules.book(learner, session)
    client.force_login(learner)
    response = client.post(f"/learning/bookings/{booking.pk}/cancel/", {"next": "/learning/my/"})
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert response.status_code == 302 and response["Location"] == "/learning/my/"


def test_a_next_on_another_site_is_not_offered_on_the_confirm_page(client, session, learner):
    booking = rules.book(learner, session)
    client.force_login(learner)
    response = client.get(f"/learning/bookings/{booking.pk}/cancel/?next=https://evil.example/")
    assert 'name="next" value="/learning/my/"' in response.content.decode()


def test_opening_the_drop_url_asks_and_keeps_the_slot(client, session, volunteer):
    teaching = rules.claim(volunteer, session)
    client.force_login(volunteer)
    response = client.get(f"/learning/claims/{teaching.pk}/drop/")
    teaching.refresh_from_db()
    assert response.status_code == 200 and teaching.status == TeachingClaim.Status.CLAIMED


def test_someone_elses_cancel_confirm_page_is_not_found(client, session, learner, make_learner):
    booking = rules.book(make_learner(), session)
    client.force_login(learner)
    assert client.get(f"/learning/bookings/{booking.pk}/cancel/").status_code == 404


def test_my_classes_cancel_button_leads_to_the_confirm_page_without_javascript(
    client, session, learner
):
    booking = rules.book(learner, session)
    client.force_login(learner)
    html = client.get("/learning/my/").content.decode()
    assert f'<form method="get" action="/learning/bookings/{booking.pk}/cancel/"' in html
    assert "data-confirm=" in html and "learning/confirm.js" in html


def test_my_classes_shows_the_venue_address_and_a_map_link(client, session, learner):
    rules.book(learner, session)
    client.force_login(learner)
    html = client.get("/learning/my/").content.decode()
    assert session.venue.name in html and session.venue.address in html
    assert "https://www.openstreetmap.org/search?query=" in html


def test_my_classes_offers_a_webcal_subscribe_link_on_the_requests_host(client, learner, settings):
    settings.ALLOWED_HOSTS = ["classes.example.org"]
    client.force_login(learner)
    html = client.get("/learning/my/", HTTP_HOST="classes.example.org:8443").content.decode()
    assert 'href="webcal://classes.example.org:8443/learning/calendar/' in html
    assert "127.0.0.1:8000" not in html


def test_feed_event_links_use_the_requests_host_not_a_configured_port(
    client, session, learner, settings
):
    settings.ALLOWED_HOSTS = ["classes.example.org"]
    from learning import calendar

    rules.book(learner, session)
    token = calendar.feed_for(learner).token
    body = client.get(f"/learning/calendar/{token}.ics", HTTP_HOST="classes.example.org").content
    assert b"http://classes.example.org/learning/sessions/" in body
    assert b":8000" not in body


def test_the_roster_shows_the_learners_name_and_reading_not_the_email(client, session, coordinator):
    from tests.factories import UserFactory

    learner = UserFactory(
        roles=["learner"],
        display_name="Nguyen An",
        family_name_kana="グエン",
        given_name_kana="アン",
    )
    rules.book(learner, session)
    client.force_login(coordinator)
    html = client.get(f"/learning/sessions/{session.pk}/roster/").content.decode()
    assert "Nguyen An" in html and "グエン アン" in html
    assert learner.email not in html
