"""Forms: the schedule's filters, cancelling a session, and validation of admin edits."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.choices import CEFR_LEVELS, Format
from core.iwate import MUNICIPALITY_CHOICES
from core.models import Language
from core.widgets import LangAwareSelect

from .records import Booking, Session, Venue

WEEKDAY_CHOICES = [
    # ISO weekday numbers, as the database's iso_week_day lookup counts them.
    (1, _("Monday")),
    (2, _("Tuesday")),
    (3, _("Wednesday")),
    (4, _("Thursday")),
    (5, _("Friday")),
    (6, _("Saturday")),
    (7, _("Sunday")),
]
FORMAT_CHOICES = Format.choices


class ScheduleFilterForm(forms.Form):
    """The schedule's filters; every field is optional and an empty form shows everything."""

    # Translators: ja: 市町村
    municipality = forms.ChoiceField(
        label=_("Town or city"), required=False, widget=LangAwareSelect
    )
    # Translators: ja: 場所
    venue = forms.ModelChoiceField(
        label=_("Place"),
        queryset=Venue.objects.filter(is_online=False),
        required=False,
        widget=LangAwareSelect,
    )
    # Translators: ja: レベル
    level = forms.ChoiceField(
        label=_("Level"), choices=[("", "---------")] + CEFR_LEVELS, required=False
    )
    # Translators: ja: 曜日
    weekday = forms.TypedChoiceField(
        label=_("Day of the week"),
        choices=[("", "---------")] + WEEKDAY_CHOICES,
        coerce=int,
        required=False,
        empty_value=None,
    )
    # Translators: ja: 助けて くれる ことば
    language = forms.ModelChoiceField(
        label=_("Language of support"),
        queryset=Language.objects.all(),
        to_field_name="code",
        required=False,
    )
    # Translators: ja: 教室 / オンライン
    format = forms.ChoiceField(
        label=_("In person or online"), choices=[("", "---------")] + FORMAT_CHOICES, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = [("", "---------")] + MUNICIPALITY_CHOICES

    def filters(self) -> dict:
        """The cleaned filters (empty when the form is invalid, so bad input shows everything)."""
        if not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value not in (None, "")}


class CancelSessionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to everyone booked)"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _learners():
    from django.contrib.auth import get_user_model

    from accounts.roles import LEARNER

    return get_user_model().objects.filter(groups__name=LEARNER).order_by("display_name", "email")


PLACES_CHOICES = [
    ("", "---------"),
    # Translators: ja: ボランティアの ための 研修
    ("training", _("Training sessions to attend")),
    # Translators: ja: アシスタントの 枠が ある（研修中の 人）
    ("assistant", _("Assistant places free (in training)")),
    # Translators: ja: 先生の 枠が ある（ひとりで 教えられる 人）
    ("lead", _("Teacher places free (signed off)")),
]


class BoardFilterForm(ScheduleFilterForm):
    """The volunteers' board filters: area, day, language of support, in person or online,
    and training status (training sessions, assistant places, teacher places).

    The class level filter is the learners' concern, so the board leaves it out.
    """

    # Translators: ja: 研修と 枠
    places = forms.ChoiceField(label=_("Training status"), choices=PLACES_CHOICES, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["level"]
        del self.fields["venue"]
        # Translators: ja: 地域
        self.fields["municipality"].label = _("Area")


class BookOnBehalfForm(forms.Form):
    """A coordinator picks the learner who phoned or walked in."""

    learner = forms.ModelChoiceField(queryset=None, label=_("Learner"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["learner"].queryset = _learners()
        self.fields["learner"].label_from_instance = lambda user: (
            f"{user.display_name} ({user.email})" if user.display_name else user.email
        )


class MoveBookingForm(forms.Form):
    """Where a coordinator moves a learner's booking: an upcoming session of any class."""

    to_session = forms.ModelChoiceField(queryset=None, label=_("Move to"))

    def __init__(self, *args, exclude_session=None, **kwargs):
        super().__init__(*args, **kwargs)
        from .records import Session

        sessions = Session.objects.upcoming().select_related("course", "venue")
        if exclude_session is not None:
            sessions = sessions.exclude(pk=exclude_session)
        self.fields["to_session"].queryset = sessions


class SessionAdminFormMixin:
    """Admin edits may not squeeze out people who already hold a seat or a slot."""

    def clean(self):
        cleaned = super().clean()
        instance = self.instance
        if instance.pk:
            taken = Booking.objects.filter(session=instance, status__in=Booking.HOLDS_SEAT).count()
            capacity = cleaned.get("capacity")
            if capacity is not None and capacity < taken:
                self.add_error(
                    "capacity",
                    _("%(taken)s seats are already taken; cancel bookings first.")
                    % {"taken": taken},
                )
            holding = instance.claims.filter(status__in=("claimed", "taught"))
            slots = cleaned.get("teacher_slots")
            claimed = holding.filter(role="lead").count()
            if slots is not None and slots < claimed:
                self.add_error(
                    "teacher_slots",
                    _("%(claimed)s teachers have already claimed this session.")
                    % {"claimed": claimed},
                )
            assistant_slots = cleaned.get("assistant_slots")
            assisting = holding.filter(role="assistant").count()
            if assistant_slots is not None and assistant_slots < assisting:
                self.add_error(
                    "assistant_slots",
                    _("%(claimed)s assistants have already claimed this session.")
                    % {"claimed": assisting},
                )
        if (
            cleaned.get("status") == Session.Status.CANCELLED
            and instance.status != Session.Status.CANCELLED
        ):
            self.add_error(
                "status", _("Use the “Cancel session” button: it tells everyone booked.")
            )
        return cleaned
