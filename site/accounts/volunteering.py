"""Becoming a volunteer teacher: apply, then a coordinator accepts or declines.

One home for "who may become a volunteer": sign-up (accounts.signup_names), the "Become a
volunteer teacher" page and the coordinators' admin list all call these functions. Accepting
grants the volunteer role (accounts.roles); the training track (learning.training) then sees
a volunteer with nothing on the checklist, so they start in training and take assistant
places only. The applicant hears the decision by e-mail in their own language, after commit.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.errors import ServiceError
from core.mail import send_templated_mail

from .models import User, VolunteerApplication
from .roles import VOLUNTEER, grant_role, is_coordinator, user_has_role

Status = VolunteerApplication.Status

MESSAGES = {
    # Translators: ja: この 操作は できません。
    "forbidden": _("You may not do this."),
    # Translators: ja: あなたは もう ボランティアの 先生です。
    "already_volunteer": _("You are already a volunteer teacher."),
    # Translators: ja: この 申し込みは もう 決まっています。
    "already_decided": _("This application has already been decided."),
}


class VolunteerApplicationError(ServiceError):
    messages = MESSAGES
    forbidden_codes = frozenset({"forbidden"})


def pending_application(user) -> VolunteerApplication | None:
    """The person's application still waiting for a coordinator, if any."""
    if not getattr(user, "pk", None):
        return None
    return VolunteerApplication.objects.filter(user=user, status=Status.PENDING).first()


def applications_for_coordinators() -> QuerySet[VolunteerApplication]:
    """Every application, waiting ones first (oldest first), then the decided ones."""
    return (
        VolunteerApplication.objects.select_related("user", "decided_by")
        .annotate(
            waiting=Case(
                When(status=Status.PENDING, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("waiting", "-decided_at", "applied_at", "id")
    )


def apply(user: User) -> VolunteerApplication:
    """Ask to volunteer as a teacher; a second request while one waits returns the same one."""
    if user_has_role(user, VOLUNTEER):
        raise VolunteerApplicationError("already_volunteer")
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        existing = pending_application(user)
        if existing is not None:
            return existing
        return VolunteerApplication.objects.create(user=user)


def accept(actor: User, application: VolunteerApplication) -> VolunteerApplication:
    """Grant the volunteer role and tell the applicant. Accepting twice changes nothing."""
    return _decide(actor, application, Status.ACCEPTED)


def decline(actor: User, application: VolunteerApplication) -> VolunteerApplication:
    """Record the decline and tell the applicant; the person keeps their learner account."""
    return _decide(actor, application, Status.DECLINED)


def _decide(actor: User, application: VolunteerApplication, outcome: str) -> VolunteerApplication:
    if not is_coordinator(actor):
        raise VolunteerApplicationError("forbidden")
    with transaction.atomic():
        locked = VolunteerApplication.objects.select_for_update().get(pk=application.pk)
        if locked.status == outcome:
            return locked  # idempotent: a double click or a second coordinator
        if locked.status != Status.PENDING:
            raise VolunteerApplicationError("already_decided")
        locked.status = outcome
        locked.decided_at = timezone.now()
        locked.decided_by = actor
        locked.save(update_fields=["status", "decided_at", "decided_by"])
        applicant = locked.user
        if outcome == Status.ACCEPTED:
            grant_role(applicant, VOLUNTEER)
        transaction.on_commit(lambda: send_decision(locked))
    return locked


def language_for(user: User) -> str:
    """The person's preferred language when the site offers it, else the site's default."""
    wanted = (user.preferred_language or "").strip().lower().replace("_", "-")
    offered = {code for code, _name in settings.LANGUAGES}
    if wanted in offered:
        return wanted
    base = wanted.split("-")[0]
    return base if base in offered else settings.LANGUAGE_CODE


def send_decision(application: VolunteerApplication) -> None:
    """The e-mail saying accepted or declined, in the applicant's language."""
    user = application.user
    if not user.email or user.erased_at:
        return
    accepted = application.status == Status.ACCEPTED
    language = language_for(user)
    with translation.override(language):
        if accepted:
            # Translators: ja: ボランティアの 先生に なりました
            subject = gettext("You are now a volunteer teacher")
            link = _absolute(reverse("learning:board"))
        else:
            # Translators: ja: ボランティアの 先生の 申し込みに ついて
            subject = gettext("About your volunteer teacher application")
            link = _absolute(reverse("accounts:my-account"))
        send_templated_mail(
            f"[{_site_name()}] {subject}",
            f"accounts/email/volunteer_{application.status}",
            {"name": user.display_name or user.email, "link": link},
            [user.email],
        )


def _site_name() -> str:
    return str(getattr(settings, "SITE_NAME", "") or gettext("Nihongo Link"))


def _absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path
