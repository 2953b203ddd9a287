"""Personal data of one person across every app: export it, or erase it on account deletion.

The foundation cannot import the feature apps, so each app registers what it holds about a
person in its AppConfig.ready():

    personal_data.register("learning", exporter=export_person, eraser=erase_person)

An exporter returns JSON-ready data (dicts, lists, strings, numbers) about the user and
nobody else; an eraser removes or unlinks it, keeping rows that counts and hours need but
without the person. `erase_user` runs every eraser and then blanks the account row itself,
all in one transaction: a failure leaves the account as it was.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

Exporter = Callable[[Any], Any]
Eraser = Callable[[Any], None]

ERASED_EMAIL_DOMAIN = "deleted.invalid"  # RFC 2606: can never receive mail


@dataclass(frozen=True)
class PersonalDataSource:
    name: str
    exporter: Exporter
    eraser: Eraser | None
    order: int


_sources: dict[str, PersonalDataSource] = {}


def register(
    name: str, *, exporter: Exporter, eraser: Eraser | None = None, order: int = 100
) -> None:
    """Register (or replace: ready() may run twice in tests) one app's exporter and eraser.

    Erasers run in `order` (lower first), so an app that must release seats before another
    deletes profiles can say so; accounts' own data is always erased last.
    """
    _sources[name] = PersonalDataSource(name, exporter, eraser, order)


def sources() -> list[PersonalDataSource]:
    return sorted(_sources.values(), key=lambda s: (s.order, s.name))


def jsonable(value: Any) -> Any:
    """Dates, times and decimals as strings, containers walked; everything else as it is."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [jsonable(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):  # time
        return value.isoformat()
    return value


def export_user(user) -> dict[str, Any]:
    """Everything the site holds about `user`, one key per registered app."""
    data: dict[str, Any] = {
        "format": "nihongo-link-personal-data/1",
        "exported_at": timezone.now().isoformat(),
    }
    for source in sources():
        data[source.name] = jsonable(source.exporter(user))
    return data


def erase_user(user) -> None:
    """Delete the account: every app's eraser, then the account row blanked and locked.

    The row itself stays (inactive, unusable password, an address that cannot receive mail)
    so that foreign keys elsewhere keep their shape; nothing in it names the person.
    """
    User = get_user_model()
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        for source in sources():
            if source.eraser is not None:
                source.eraser(user)
        _blank_account(user)


def _blank_account(user) -> None:
    from allauth.account.models import EmailAddress

    EmailAddress.objects.filter(user=user).delete()
    user.groups.clear()
    user.user_permissions.clear()
    user.email = f"deleted-{user.pk}-{secrets.token_hex(6)}@{ERASED_EMAIL_DOMAIN}"
    user.first_name = user.last_name = ""
    user.family_name_kana = user.given_name_kana = ""
    user.display_name = ""
    user.phone = ""
    user.preferred_language = ""
    user.contact_preference = "none"
    user.notify_reminders = user.notify_changes_email = False
    user.notify_changes_push = user.notify_matching_email = False
    user.is_active = False
    user.is_staff = user.is_superuser = False
    user.last_login = None
    user.erased_at = timezone.now()
    user.set_unusable_password()
    user.save()


def export_account(user) -> dict[str, Any]:
    """The account row itself: names, contact, language, notification settings."""
    from allauth.account.models import EmailAddress

    return {
        "email": user.email,
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user)
        ],
        "family_name": user.last_name,
        "given_name": user.first_name,
        "family_name_kana": user.family_name_kana,
        "given_name_kana": user.given_name_kana,
        "display_name": user.display_name,
        "preferred_language": user.preferred_language,
        "contact_preference": user.contact_preference,
        "phone": user.phone,
        "notification_settings": {
            "reminders_by_email": user.notify_reminders,
            "class_changes_by_email": user.notify_changes_email,
            "class_changes_by_push": user.notify_changes_push,
            "matching_by_email": user.notify_matching_email,
        },
        "roles": sorted(user.groups.values_list("name", flat=True)),
        "date_joined": user.date_joined,
        "last_login": user.last_login,
    }


def export_volunteer_applications(user) -> list[dict[str, Any]]:
    """The person's applications to volunteer as a teacher and what was decided."""
    from .models import VolunteerApplication

    return [
        {"status": a.status, "applied_at": a.applied_at, "decided_at": a.decided_at}
        for a in VolunteerApplication.objects.filter(user=user).order_by("applied_at", "id")
    ]


def erase_volunteer_applications(user) -> None:
    """Nothing counts applications: they go with the account."""
    from .models import VolunteerApplication

    VolunteerApplication.objects.filter(user=user).delete()
