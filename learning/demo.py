"""Demo classes: a schedule page, five courses across Iwate and online, weekly sessions.

Idempotent: pages are created only when no class schedule exists, rules are matched by course,
day and time, and sessions by course and start (learning/sessions.py never duplicates).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from . import booking
from .models import OnboardingChecklist, RecurrenceRule, Session, TeachingClaim, Venue
from .sessions import generate_sessions

DEMO_ORDER = 10  # venues and classes first: other apps' demo data refer to them

WEEKS = 8


@dataclass(frozen=True)
class DemoCourse:
    slug: str
    title: str
    description: str
    venue: str  # Venue.name_en from core.demo
    weekday: int
    start: time
    end: time
    level_min: str = "A1"
    level_max: str = "A2"
    audience: str = "adults"
    languages: tuple[str, ...] = ("en",)
    capacity: int = 10
    online: bool = False
    teacher_slots: int = 2
    assistant_slots: int = 1


DEMO_COURSES = [
    DemoCourse(
        "hajimete-morioka",
        "はじめての 日本語（盛岡）",
        "<p>ひらがなと あいさつから 始めます。日本語が はじめての 人も 大丈夫です。</p>",
        "Aiina Center",
        1,
        time(18, 30),
        time(20, 0),
        "A1",
        "A1",
        languages=("en", "vi", "zh"),
    ),
    DemoCourse(
        "kurashi-hanamaki",
        "くらしの 日本語（花巻）",
        "<p>買い物や 病院で 使う 日本語を 練習します。</p>",
        "Hanamaki International Center",
        5,
        time(10, 0),
        time(11, 30),
        "A1",
        "A2",
        languages=("vi", "tl"),
    ),
    DemoCourse(
        "oyako-kitakami",
        "親子で 日本語（北上）",
        "<p>子どもと いっしょに 歌や ゲームで 日本語を 楽しみます。</p>",
        "Kitakami Lifelong Learning Center",
        6,
        time(10, 0),
        time(11, 30),
        audience="families",
        languages=("en", "ne"),
        capacity=8,
    ),
    DemoCourse(
        "online-yoru",
        "オンライン 日本語 クラス（夜）",
        "<p>家から パソコンや スマートフォンで 参加できます。</p>",
        "Online classroom",
        2,
        time(20, 0),
        time(21, 0),
        "A2",
        "B1",
        languages=("en", "id", "my"),
        capacity=6,
        online=True,
    ),
    DemoCourse(
        "shigoto-oshu",
        "しごとの 日本語（奥州）",
        "<p>仕事で 使う ことばや 電話の かけかたを 勉強します。</p>",
        "Oshu Mizusawa Community Center",
        3,
        time(19, 0),
        time(20, 30),
        "A2",
        "B1",
        languages=("vi", "id"),
    ),
    DemoCourse(
        "volunteer-training-morioka",
        "ボランティア 先生の 研修（盛岡）",
        "<p>新しい ボランティアの 先生の ための 研修です。やさしい 日本語での 教え方を 練習します。</p>",
        "Aiina Center",
        6,
        time(13, 0),
        time(15, 0),
        audience="volunteers",
        languages=(),
        capacity=12,
        teacher_slots=0,
        assistant_slots=0,
    ),
]


# (name, English name, municipality, address, online)
DEMO_VENUES = [
    (
        "アイーナ（いわて県民情報交流センター）",
        "Aiina Center",
        "morioka",
        "盛岡市盛岡駅西通1-7-1",
        False,
    ),
    ("花巻市国際交流センター", "Hanamaki International Center", "hanamaki", "花巻市花城町", False),
    (
        "北上市生涯学習センター",
        "Kitakami Lifelong Learning Center",
        "kitakami",
        "北上市本通り",
        False,
    ),
    ("奥州市水沢地区センター", "Oshu Mizusawa Community Center", "oshu", "奥州市水沢", False),
    (
        "一関市国際交流協会",
        "Ichinoseki International Association",
        "ichinoseki",
        "一関市大手町",
        False,
    ),
    ("宮古市民交流センター", "Miyako Community Center", "miyako", "宮古市宮町", False),
    ("釜石市教育センター", "Kamaishi Education Center", "kamaishi", "釜石市鈴子町", False),
    ("オンライン教室", "Online classroom", "", "", True),
]


def load_venues() -> None:
    for name, name_en, municipality, address, online in DEMO_VENUES:
        Venue.objects.update_or_create(
            name=name,
            municipality=municipality,
            defaults={"name_en": name_en, "address": address, "is_online": online},
        )


def _ensure_pages(stdout=None):
    from wagtail.models import Site

    from core.models import Language

    from .models import ClassIndexPage, CoursePage

    index = ClassIndexPage.objects.first()
    if index is None:
        home = Site.objects.get(is_default_site=True).root_page
        index = home.add_child(
            instance=ClassIndexPage(
                title="日本語クラスの 予定",
                slug="classes",
                intro="<p>岩手県の 日本語クラスです。席を 予約してください。無料です。</p>",
            )
        )
        if stdout:
            stdout.write("Created the class schedule page /classes/")
    courses = []
    for spec in DEMO_COURSES:
        course = CoursePage.objects.filter(slug=spec.slug).first()
        if course is None:
            venue = Venue.objects.filter(name_en=spec.venue).first()
            course = index.add_child(
                instance=CoursePage(
                    title=spec.title,
                    slug=spec.slug,
                    description=spec.description,
                    venue=venue,
                    level_min=spec.level_min,
                    level_max=spec.level_max,
                    audience=spec.audience,
                    format="online" if spec.online else "in_person",
                    meeting_link="https://meet.example.org/iwate-nihongo" if spec.online else "",
                )
            )
            course.support_languages.set(Language.objects.filter(code__in=spec.languages))
            course.save()
        courses.append((spec, course))
    return courses


def load(stdout=None) -> None:
    load_venues()
    courses = _ensure_pages(stdout)
    today = timezone.localdate()
    created = 0
    for spec, course in courses:
        rule, _new = RecurrenceRule.objects.get_or_create(
            course=course,
            weekday=spec.weekday,
            start_time=spec.start,
            defaults={
                "end_time": spec.end,
                "first_date": today,
                "last_date": today + timedelta(weeks=WEEKS),
                "capacity": spec.capacity,
                "teacher_slots": spec.teacher_slots,
                "assistant_slots": spec.assistant_slots,
                "skip_holidays": True,
            },
        )
        created += len(generate_sessions(rule))
    _demo_training()  # first: the veterans' sign-off lets them take teacher places
    _demo_bookings()
    if stdout:
        stdout.write(f"Classes: {created} demo sessions created")


def _demo_bookings() -> None:
    """The demo learner holds a seat and the demo volunteer teaches the first Morioka class."""
    User = get_user_model()
    learner = User.objects.filter(email="learner@example.com").first()
    volunteer = User.objects.filter(email="volunteer@example.com").first()
    first = Session.objects.upcoming().filter(course__slug="hajimete-morioka").first()
    if first is None:
        return
    if learner is not None:
        try:
            booking.book(learner, first)
        except booking.BookingError:
            pass  # closed or clashing on this run's dates: the demo works without it
    if volunteer is not None:
        try:
            booking.claim(volunteer, first)
        except booking.BookingError:
            pass


def _demo_training() -> None:
    """The two demo volunteers teach alone; the new one is half way through the training track:
    orientation done, two hours from an outside course, a training session booked and an
    assistant place beside the first Morioka class's teacher."""
    User = get_user_model()
    today = timezone.localdate()
    for email in ("volunteer@example.com", "volunteer2@example.com"):
        user = User.objects.filter(email=email).first()
        if user is not None:
            OnboardingChecklist.objects.get_or_create(
                volunteer=user, defaults={"signed_off_on": today - timedelta(days=200)}
            )
    newcomer = User.objects.filter(email="volunteer3@example.com").first()
    if newcomer is None:
        return
    OnboardingChecklist.objects.get_or_create(
        volunteer=newcomer,
        defaults={
            "orientation_on": today - timedelta(days=14),
            "outside_training_hours": Decimal("2"),
            "notes": "市の 日本語ボランティア 入門講座に 参加（2時間）。",
        },
    )
    upcoming = Session.objects.upcoming()
    first_training = upcoming.filter(course__slug="volunteer-training-morioka").first()
    first_class = upcoming.filter(course__slug="hajimete-morioka").first()
    # The newcomer assists beside the demo volunteer's teacher place (claimed in _demo_bookings).
    for session, act in (
        (first_training, lambda s: booking.book(newcomer, s)),
        (first_class, lambda s: booking.claim(newcomer, s, role=TeachingClaim.Role.ASSISTANT)),
    ):
        if session is None:
            continue
        try:
            act(session)
        except booking.BookingError:
            pass  # closed or clashing on this run's dates: the demo works without it
