"""The user model: email login, kept small; profiles live in the apps that need them."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    # Not in migrations: they would import this module; data migrations use the historical
    # model's plain manager.
    use_in_migrations = False

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class ContactPreference(models.TextChoices):
    """How the association may contact a person about their classes or matches."""

    # Translators: ja: メール
    EMAIL = "email", _("By e-mail")
    # Translators: ja: 電話
    PHONE = "phone", _("By phone")
    # Translators: ja: 連絡しないで ください
    NONE = "none", _("Please do not contact me")


class User(AbstractUser):
    """A person who signs in with an email address; roles are groups (see roles.py).

    The contact preference and the notification settings live here, on the one row every app
    already reads, so learning, matching and cms honour them without importing each other
    (accounts.notify.wants() is the one question they ask).
    """

    username = None
    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(_("name shown to others"), max_length=100, blank=True)
    preferred_language = models.CharField(_("preferred language"), max_length=10, blank=True)
    # The family and given names are AbstractUser's last_name and first_name; their readings:
    family_name_kana = models.CharField(_("family name in kana"), max_length=150, blank=True)
    given_name_kana = models.CharField(_("given name in kana"), max_length=150, blank=True)
    contact_preference = models.CharField(
        _("how we may contact you"),
        max_length=10,
        choices=ContactPreference.choices,
        default=ContactPreference.EMAIL,
    )
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    # Notification settings (accounts.notify): what the site sends, and over which channel.
    notify_reminders = models.BooleanField(_("reminder the day before a class"), default=True)
    notify_changes_email = models.BooleanField(
        _("e-mail when a class changes or is cancelled"), default=True
    )
    notify_changes_push = models.BooleanField(
        _("push notice when a class changes or is cancelled"), default=True
    )
    notify_matching_email = models.BooleanField(_("e-mail about partner matching"), default=True)
    # Set when the person deleted their account: the row stays (so history keeps its shape)
    # but holds nothing about them (accounts.personal_data.erase_user).
    erased_at = models.DateTimeField(_("account deleted at"), null=True, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        if self.erased_at:
            return str(_("Deleted account"))
        return self.display_name or self.email

    def clean(self) -> None:
        """A name is one line of text: rosters, CSV exports and e-mails show it as it is."""
        super().clean()
        self.display_name = " ".join((self.display_name or "").split())
        if any(ord(ch) < 32 or ord(ch) == 127 for ch in self.display_name):
            raise ValidationError({"display_name": _("Write the name on one line.")})

    @property
    def name_reading(self) -> str:
        """The name in kana, family name first ('' when not given)."""
        return f"{self.family_name_kana} {self.given_name_kana}".strip()

    def has_role(self, role: str) -> bool:
        from .roles import user_has_role

        return user_has_role(self, role)


class VolunteerApplication(models.Model):
    """A person asked to volunteer as a teacher; a coordinator accepts or declines.

    Only an accepted application grants the volunteer role (accounts.volunteering.accept): a
    learner never becomes a volunteer by themselves. At most one application per person is
    pending at a time; decided ones stay as the record of what was decided and when.
    """

    class Status(models.TextChoices):
        # Translators: ja: 返事を 待っています
        PENDING = "pending", _("Waiting for a coordinator")
        # Translators: ja: 受け付けました
        ACCEPTED = "accepted", _("Accepted")
        # Translators: ja: 受け付けませんでした
        DECLINED = "declined", _("Declined")

    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="volunteer_applications",
        verbose_name=_("applicant"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    applied_at = models.DateTimeField(_("applied at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )

    class Meta:
        verbose_name = _("volunteer application")
        verbose_name_plural = _("volunteer applications")
        ordering = ["applied_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status="pending"),
                name="one_pending_volunteer_application_per_user",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_status_display()})"
