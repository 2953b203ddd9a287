"""The class schedule page: filters, live counts, and a query count that does not grow."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from learning import booking as rules
from learning.models import Session
from tests.learning.factories import SessionFactory, VenueFactory, class_index, make_course

pytestmark = pytest.mark.django_db
TOKYO = ZoneInfo("Asia/Tokyo")


def next_weekday(iso_weekday: int, hour: int = 18) -> datetime:
    today = timezone.localdate()
    day = today + timedelta(days=(iso_weekday - today.isoweekday()) % 7 or 7)
    return datetime(day.year, day.month, day.day, hour, 30, tzinfo=TOKYO)


@pytest.fixture
def catalogue():
    """Three courses in different places, levels, languages and formats."""
    morioka = VenueFactory(name="アイーナ", municipality="morioka")
    hanamaki = VenueFactory(name="花巻センター", municipality="hanamaki")
    beginner = make_course(
        "はじめての 日本語", venue=morioka, level_min="A1", level_max="A1", languages=["en", "vi"]
    )
    daily = make_course(
        "くらしの 日本語", venue=hanamaki, level_min="A2", level_max="B1", languages=["tl"]
    )
    online = make_course(
        "オンライン クラス", format="online", level_min="A1", level_max="A2", languages=["en"]
    )
    return {
        "tuesday_morioka": SessionFactory(course=beginner, starts_at=next_weekday(2)),
        "saturday_hanamaki": SessionFactory(course=daily, starts_at=next_weekday(6, 10)),
        "wednesday_online": SessionFactory(
            course=online, venue=None, is_online=True, starts_at=next_weekday(3, 20)
        ),
    }


def shown(client, query: str = "") -> set[int]:
    html = client.get(class_index().url + query).content.decode()
    return {s.pk for s in Session.objects.all() if f'data-session-id="{s.pk}"' in html}


def ids(catalogue, *names) -> set[int]:
    return {catalogue[name].pk for name in names}


def test_everything_upcoming_is_listed(client, catalogue):
    assert shown(client) == ids(catalogue, *catalogue)


@pytest.mark.parametrize(
    "query, expected",
    [
        ("?municipality=hanamaki", ["saturday_hanamaki"]),
        ("?level=A1", ["tuesday_morioka", "wednesday_online"]),
        ("?level=B1", ["saturday_hanamaki"]),
        ("?weekday=2", ["tuesday_morioka"]),
        ("?weekday=6", ["saturday_hanamaki"]),
        ("?language=vi", ["tuesday_morioka"]),
        ("?language=en", ["tuesday_morioka", "wednesday_online"]),
        ("?format=online", ["wednesday_online"]),
        ("?format=in_person", ["tuesday_morioka", "saturday_hanamaki"]),
        ("?format=in_person&language=en", ["tuesday_morioka"]),
    ],
)
def test_filters(client, catalogue, query, expected):
    assert shown(client, query) == ids(catalogue, *expected)


def test_filter_by_venue(client, catalogue):
    venue = catalogue["saturday_hanamaki"].venue
    assert shown(client, f"?venue={venue.pk}") == ids(catalogue, "saturday_hanamaki")


def test_bad_filter_values_show_everything_rather_than_fail(client, catalogue):
    response = client.get(class_index().url + "?weekday=funday&level=Z9")
    assert response.status_code == 200
    assert shown(client, "?weekday=funday&level=Z9") == ids(catalogue, *catalogue)


def test_past_cancelled_and_unpublished_sessions_are_not_listed(client, catalogue, coordinator):
    SessionFactory(
        course=catalogue["tuesday_morioka"].course, starts_at=timezone.now() - timedelta(days=1)
    )
    rules.cancel_session(coordinator, catalogue["saturday_hanamaki"])
    catalogue["wednesday_online"].course.unpublish()
    assert shown(client) == ids(catalogue, "tuesday_morioka")


def test_each_session_shows_seats_left_and_whether_a_teacher_is_needed(
    client, catalogue, make_learner, make_volunteer
):
    session = catalogue["tuesday_morioka"]
    rules.book(make_learner(), session)
    rules.claim(make_volunteer(), session)
    html = client.get(class_index().url).content.decode()
    card = html.split(f'data-session-id="{session.pk}"', 1)[1].split("</li>", 1)[0]
    assert '<strong data-field="seats_left">9</strong>' in card
    assert '<strong data-field="teachers_needed">1</strong>' in card
    assert 'aria-live="polite"' in card


def test_a_full_session_offers_the_waiting_list(client, make_learner):
    session = SessionFactory(capacity=1)
    rules.book(make_learner(), session)
    client.force_login(make_learner())
    html = client.get(class_index().url).content.decode()
    assert "data-label-wait" in html
    assert 'data-show-when="full">' in html  # shown, not hidden


def test_dates_read_the_easy_japanese_way(client):
    SessionFactory(
        starts_at=datetime(2030, 4, 9, 18, 30, tzinfo=TOKYO),
        ends_at=datetime(2030, 4, 9, 20, tzinfo=TOKYO),
    )
    html = client.get(class_index().url).content.decode()
    assert "2030年4月9日（火） 午後6時30分から 午後8時まで" in html


def page_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(class_index().url)
    assert response.status_code == 200
    return len(captured)


def test_the_page_needs_the_same_few_queries_for_3_or_40_sessions(client, make_learner):
    client.force_login(make_learner())
    course = make_course(venue=VenueFactory(), languages=["en", "vi"])
    for days in range(3):
        SessionFactory(course=course, starts_at=timezone.now() + timedelta(days=days + 1))
    client.get(class_index().url)  # warm caches that every page shares (site root, menu)
    few = page_queries(client)
    other = make_course("べつの クラス", venue=VenueFactory(), languages=["tl"])
    for days in range(37):
        SessionFactory(
            course=course if days % 2 else other,
            starts_at=timezone.now() + timedelta(days=days + 5),
        )
    many = page_queries(client)
    assert many == few
    assert many < 20


def test_counts_endpoint_answers_json_and_rejects_bad_ids(client, catalogue):
    session = catalogue["tuesday_morioka"]
    good = client.get(f"/learning/api/counts/?ids={session.pk}").json()["sessions"][str(session.pk)]
    assert good == {
        "seats_left": 10,
        "capacity": 10,
        "waitlist": 0,
        "teachers_needed": 2,
        "teacher_slots": 2,
        "assistants_needed": 1,
        "status": "scheduled",
        "state": "open",
    }
    bad = client.get("/learning/api/counts/?ids=1,two")
    assert bad.status_code == 400 and bad.json()["error"] == "bad_ids"
    too_many = client.get("/learning/api/counts/?ids=" + ",".join(str(i) for i in range(300)))
    assert too_many.status_code == 400


def test_the_counts_endpoint_uses_one_query_for_any_number_of_sessions(client, catalogue):
    """One query on the classes tables whatever the ids (site-wide middleware may add its own)."""

    def classes_queries(ids) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/learning/api/counts/?ids={ids}").status_code == 200
        return sum(1 for query in captured.captured_queries if "learning_" in query["sql"])

    one = classes_queries(catalogue["tuesday_morioka"].pk)
    all_three = classes_queries(",".join(str(s.pk) for s in catalogue.values()))
    assert one == all_three == 1
