"""Demo data for a believable Iwate association; every loader is idempotent.

Each app may add a `demo.py` with `load(stdout) -> None`; `load_demo` runs them after the
foundation's own data, in the order of DEMO_LOADERS.
"""

from __future__ import annotations

import importlib
import importlib.util
import secrets
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction

from accounts.roles import COORDINATOR, EDITOR, LEARNER, VOLUNTEER, grant_role

DEMO_LOADERS = ["learning.demo", "matching.demo", "cms.demo"]

WELCOME_TITLE = "いわての にほんご ひろば へ ようこそ"
WELCOME_INTRO = "岩手県で 日本語を 勉強したい 人の ための ページです。"
WELCOME_BODY = (
    "<p>岩手県には 外国から 来た 人が たくさん 住んでいます。</p>"
    "<p>このページで 日本語の クラスを さがすことが できます。クラスは 無料です。</p>"
    "<p>ボランティアの 先生と いっしょに 日本語を 勉強しましょう。</p>"
    "<p>わからない ことが あったら、協会に 電話してください。</p>"
)


@dataclass(frozen=True)
class DemoUser:
    email: str
    display_name: str
    roles: tuple[str, ...]
    is_superuser: bool = False


@dataclass(frozen=True)
class DemoAccount:
    """A demo user as loaded: `password` is the new random one, None if the account existed."""

    email: str
    roles: tuple[str, ...]
    is_superuser: bool
    password: str | None


# No password lives in the source: each new demo account gets a random one, printed once.
DEMO_USERS = [
    DemoUser("admin@example.com", "管理者", (COORDINATOR, EDITOR), is_superuser=True),
    DemoUser("coordinator@example.com", "佐藤 コーディネーター", (COORDINATOR,)),
    DemoUser("editor@example.com", "高橋 編集者", (EDITOR,)),
    DemoUser("volunteer@example.com", "鈴木 ボランティア", (VOLUNTEER,)),
    DemoUser("volunteer2@example.com", "田中 ボランティア", (VOLUNTEER,)),
    DemoUser("learner@example.com", "Nguyen Van An", (LEARNER,)),
    DemoUser("learner2@example.com", "Maria Santos", (LEARNER,)),
]


def random_password() -> str:
    """16 URL-safe characters from the OS's CSPRNG (about 96 bits)."""
    return secrets.token_urlsafe(12)


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


def load_users() -> list[DemoAccount]:
    User = get_user_model()
    accounts = []
    for spec in DEMO_USERS:
        user, created = User.objects.get_or_create(
            email=spec.email,
            defaults={
                "display_name": spec.display_name,
                "is_superuser": spec.is_superuser,
                "is_staff": spec.is_superuser,
            },
        )
        password = random_password() if created else None
        if created:
            user.set_password(password)
            user.save()
            from allauth.account.models import EmailAddress

            EmailAddress.objects.get_or_create(
                user=user, email=spec.email, defaults={"verified": True, "primary": True}
            )
        for role in spec.roles:
            grant_role(user, role)
        accounts.append(DemoAccount(spec.email, spec.roles, spec.is_superuser, password))
    return accounts


def load_venues() -> None:
    from learning.models import Venue

    for name, name_en, municipality, address, online in DEMO_VENUES:
        Venue.objects.update_or_create(
            name=name,
            municipality=municipality,
            defaults={"name_en": name_en, "address": address, "is_online": online},
        )


def load_home_page() -> None:
    from wagtail.models import Site

    from cms.models import HomePage

    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    if not isinstance(home, HomePage) or home.body:
        return  # an editor's page is never overwritten
    home.title = WELCOME_TITLE
    home.intro = WELCOME_INTRO
    home.body = WELCOME_BODY
    home.save_revision().publish()


def load_all(stdout=None) -> list[DemoAccount]:
    with transaction.atomic():
        users = load_users()
        load_venues()
        load_home_page()
    for module_name in DEMO_LOADERS:
        app_label = module_name.split(".")[0]
        if not apps.is_installed(app_label) or importlib.util.find_spec(module_name) is None:
            continue
        module = importlib.import_module(module_name)
        with transaction.atomic():
            module.load(stdout)
    return users
