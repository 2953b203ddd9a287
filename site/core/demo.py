"""Demo data for a believable Iwate association; every loader is idempotent.

The foundation loads the people; each app adds a `demo.py` with `load(stdout) -> None` (and an
optional `DEMO_ORDER`, default 100), found by `demo_loaders()` and run after the people.
"""

from __future__ import annotations

import secrets
import sys
from dataclasses import dataclass
from types import ModuleType

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.module_loading import autodiscover_modules

from accounts.roles import COORDINATOR, EDITOR, LEARNER, VOLUNTEER, grant_role


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
    # A new volunteer teacher half way through the training track (learning/demo.py).
    DemoUser("volunteer3@example.com", "山本 新人ボランティア", (VOLUNTEER,)),
    DemoUser("learner@example.com", "Nguyen Van An", (LEARNER,)),
    DemoUser("learner2@example.com", "Maria Santos", (LEARNER,)),
]


def random_password() -> str:
    """16 URL-safe characters from the OS's CSPRNG (about 96 bits)."""
    return secrets.token_urlsafe(12)


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


def demo_loaders() -> list[ModuleType]:
    """Every installed app's `demo` module with a `load`, by DEMO_ORDER (then app order).

    Found like Django's admin.autodiscover(): an app takes part by having a demo.py.
    """
    autodiscover_modules("demo")
    found = []
    for position, config in enumerate(apps.get_app_configs()):
        module = sys.modules.get(f"{config.name}.demo")
        if (
            module is None
            or module.__name__ == __name__
            or not callable(getattr(module, "load", None))
        ):
            continue
        found.append((getattr(module, "DEMO_ORDER", 100), position, module))
    return [module for _order, _position, module in sorted(found, key=lambda item: item[:2])]


def load_all(stdout=None) -> list[DemoAccount]:
    with transaction.atomic():
        users = load_users()
    for module in demo_loaders():
        with transaction.atomic():
            module.load(stdout)
    return users
