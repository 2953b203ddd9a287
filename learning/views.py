"""Pages and endpoints for learners and volunteers. Thin: the rules are in booking.py.

Buttons post a form and come back with a message (no JavaScript needed); the same URLs answer
JSON when asked with `Accept: application/json`, errors as 4xx with {"error", "message"}.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.db.models import Sum
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from wagtail.models import Site

from accounts.roles import VOLUNTEER, is_coordinator, user_has_role
from core import pagecache
from core.http import (
    json_error,
    login_required_json,
    redirect_back,
    service_error_response,
    wants_json,
)
from core.throttle import rate_limited

from . import booking as rules
from . import calendar, schedule, training, visibility
from .forms import BoardFilterForm
from .models import TRAINING_AUDIENCE, Booking, CalendarFeed, Session, TeachingClaim

MAX_COUNT_IDS = 200
BOARD_TRAININGS_SHOWN = 3  # the board shows the next few trainings; the filter shows them all


def _respond(
    request,
    fallback: str,
    *,
    ok_message=None,
    payload=None,
    error: rules.BookingError | None = None,
):
    """One place that turns a service result into a redirect with a message, or JSON."""
    if error is not None:
        return service_error_response(request, error, fallback)
    if wants_json(request):
        return JsonResponse(payload or {})
    if ok_message:
        messages.success(request, ok_message)
    return redirect_back(request, fallback)


def booking_message(booking: Booking) -> str:
    if booking.status == Booking.Status.CONFIRMED:
        # Translators: ja: 予約が できました。
        return _("Your seat is booked.")
    if booking.status == Booking.Status.OFFERED:
        # Translators: ja: 席が あります。「予約する」を おしてください。
        return _("A seat is offered to you: please confirm it.")
    # Translators: ja: 席が いっぱいです。キャンセル待ちに 入りました。席が あいたら メールで 知らせます。
    return _(
        "The class is full: you are on the waiting list. We will e-mail you when a seat is free."
    )


def booking_payload(booking: Booking) -> dict:
    return {
        "booking": booking.pk,
        "session": booking.session_id,
        "status": booking.status,
        "offer_expires_at": booking.offer_expires_at.isoformat()
        if booking.offer_expires_at
        else None,
    }


# --- learners ---------------------------------------------------------------------------------


@require_POST
@login_required_json
@rate_limited("booking")
def book(request: HttpRequest, pk: int) -> HttpResponse:
    try:  # marked as checked: the service's visibility check then needs no query of its own
        session = visibility.visible_session(request.user, pk)
    except Session.DoesNotExist:
        raise Http404 from None
    fallback = reverse_lazy("learning:session", args=[pk])  # only a redirect needs it
    try:
        result = rules.book(request.user, session)
    except rules.BookingError as exc:
        return _respond(request, fallback, error=exc)
    return _respond(
        request, fallback, ok_message=booking_message(result), payload=booking_payload(result)
    )


def _own_booking(request: HttpRequest, pk: int) -> Booking:
    """A booking only its learner (or a coordinator) may see; 404 keeps others from probing."""
    booking = get_object_or_404(
        Booking.objects.select_related("session__course", "session__venue"), pk=pk
    )
    if booking.learner_id != request.user.pk and not is_coordinator(request.user):
        raise Http404
    return booking


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return target
    return fallback


def _confirm_page(
    request: HttpRequest, *, question: str, button: str, session, fallback: str
) -> HttpResponse:
    """GET of a cancel/leave/drop URL: ask first; the form on this page POSTs to the same URL.

    Works without JavaScript; with it, the same question is asked in a <dialog> (confirm.js).
    """
    return render(
        request,
        "learning/confirm.html",
        {
            "question": question,
            "button": button,
            "session": session,
            "next": _safe_next(request, fallback),
        },
    )


def booking_question(booking: Booking) -> tuple[str, str]:
    """The confirm question and button for giving up a booking, by its state."""
    if booking.status == Booking.Status.WAITLISTED:
        # Translators: ja: キャンセル待ちを やめますか。 / やめる
        return _("Leave the waiting list?"), _("Yes, leave the waiting list")
    if booking.status == Booking.Status.OFFERED:
        # Translators: ja: この 席は いりませんか。 / いりません
        return _("Give this seat to the next person?"), _("Yes, I do not need it")
    # Translators: ja: 予約を キャンセルしますか。 / キャンセルする
    return _("Cancel your seat?"), _("Yes, cancel my seat")


@never_cache
@require_http_methods(["GET", "POST"])
@login_required_json
@rate_limited("booking")
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    booking = _own_booking(request, pk)
    if request.method == "GET":
        question, button = booking_question(booking)
        return _confirm_page(
            request,
            question=question,
            button=button,
            session=booking.session,
            fallback=reverse("learning:my_classes"),
        )
    fallback = reverse("learning:my_classes")
    try:
        result = rules.cancel_booking(request.user, booking)
    except rules.BookingError as exc:
        return _respond(request, fallback, error=exc)
    # Translators: ja: キャンセルしました。
    return _respond(
        request,
        fallback,
        ok_message=_("Your booking is cancelled."),
        payload=booking_payload(result),
    )


@never_cache
@require_http_methods(["GET", "POST"])
@login_required_json
@rate_limited("booking")
def offer(request: HttpRequest, pk: int) -> HttpResponse:
    """The link in the offer e-mail: one button confirms the seat."""
    booking = _own_booking(request, pk)
    if request.method == "POST":
        fallback = reverse("learning:my_classes")
        try:
            result = rules.accept_offer(request.user, booking)
        except rules.BookingError as exc:
            return _respond(request, fallback, error=exc)
        return _respond(
            request, fallback, ok_message=booking_message(result), payload=booking_payload(result)
        )
    return render(request, "learning/offer.html", {"booking": booking, "session": booking.session})


@never_cache
@login_required_json
def my_classes(request: HttpRequest) -> HttpResponse:
    """A learner's bookings: offers first, then upcoming seats and places in queues, then past."""
    now = timezone.now()
    bookings = list(
        Booking.objects.filter(learner=request.user)
        .exclude(status=Booking.Status.CANCELLED, session__starts_at__lt=now)
        .select_related("session__course", "session__venue")
        .order_by("session__starts_at")
    )
    for booking in bookings:
        booking.can_cancel = booking.status == Booking.Status.WAITLISTED or (
            booking.status == Booking.Status.CONFIRMED and now <= booking.session.cancel_until
        )
        if booking.status == Booking.Status.WAITLISTED:
            booking.position = (
                Booking.objects.filter(
                    session_id=booking.session_id,
                    status=Booking.Status.WAITLISTED,
                    waitlisted_at__lte=booking.waitlisted_at,
                )
                .exclude(waitlisted_at=booking.waitlisted_at, pk__gt=booking.pk)
                .count()
            )
    # A seat the learner gave up is gone from the list; one the association cancelled stays, explained.
    bookings = [
        b
        for b in bookings
        if not (
            b.status == Booking.Status.CANCELLED and b.cancel_reason == Booking.CancelReason.LEARNER
        )
    ]
    upcoming = [b for b in bookings if b.session.ends_at >= now]
    context = {
        "offers": [b for b in upcoming if b.status == Booking.Status.OFFERED],
        "upcoming": [b for b in upcoming if b.status != Booking.Status.OFFERED],
        "past": [b for b in bookings if b.session.ends_at < now][::-1],
        "feed_url": (feed_url := _feed_url(request)),
        "webcal_url": webcal_url(feed_url),
        "is_volunteer": user_has_role(request.user, VOLUNTEER),
    }
    return render(request, "learning/my_classes.html", context)


def site_base_url(request: HttpRequest) -> str:
    """Scheme and host the reader reached the site by, from the site record, never a set port.

    The host is the Wagtail site's domain matched to the request (with the port only when the
    request used one), the scheme is the request's (https behind a proxy that says so).
    """
    site = Site.find_for_request(request)
    host = request.get_host()
    if (
        site is not None
        and site.hostname not in ("", "*", "localhost")
        and (host.split(":")[0] != site.hostname)
    ):
        host = site.hostname
    return f"{request.scheme}://{host}"


def _feed_url(request: HttpRequest) -> str:
    feed = calendar.feed_for(request.user)
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("learning:calendar_feed", args=[feed.token])
    return site_base_url(request) + path


def webcal_url(feed_url: str) -> str:
    """The same feed as a webcal:// link: phones open it in their calendar app to subscribe."""
    return "webcal://" + feed_url.split("://", 1)[1]


# --- the session page ---------------------------------------------------------------------------


@pagecache.for_readers  # anonymous readers: from the page cache (core/pagecache.py)
@never_cache
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One session: what, when, where, live counts, and the reader's buttons."""
    session = get_object_or_404(
        visibility.visible_sessions(
            request.user,
            Session.objects.with_counts().select_related("course", "course__locale", "venue"),
        ),
        pk=pk,
    )
    row = schedule.rows_for([session], request.user, get_language())[0]
    manages = request.user.is_authenticated and rules.can_manage_session(request.user, session)
    # Volunteers claim places on classes; on a training session they book a seat like learners.
    for_teachers = user_has_role(request.user, VOLUNTEER) and (
        bool(row.claim_status) or not (row.booking_status or session.is_training)
    )
    context = {
        "session": session,
        "row": row,
        "manages": manages,
        # The online link: for people with a confirmed seat, the teachers and coordinators only.
        "show_link": session.online and (row.show_meeting_link or manages),
        "for_teachers": for_teachers,
        "live": schedule.live_config(session.pk),
    }
    # The card shows the link to a learner with a seat; everyone else allowed sees it below it.
    context["link_below_card"] = context["show_link"] and (
        for_teachers or row.booking_status != "confirmed"
    )
    return render(request, "learning/session_detail.html", context)


@require_GET
def counts(request: HttpRequest) -> JsonResponse:
    """Live counts for the sessions on a page: ?ids=1,2,3 (the database is the source of truth)."""
    raw = request.GET.get("ids", "")
    try:
        ids = [int(part) for part in raw.split(",") if part.strip()]
    except ValueError:
        return json_error("bad_ids", "ids must be comma-separated numbers", 400)
    if len(ids) > MAX_COUNT_IDS:
        return json_error("too_many_ids", f"at most {MAX_COUNT_IDS} ids", 400)
    response = JsonResponse({"sessions": schedule.live_counts(ids, request.user)})
    response["Cache-Control"] = "no-store"
    return response


# --- volunteers ---------------------------------------------------------------------------------


@require_POST
@login_required_json
@rate_limited("booking")
def claim(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(visibility.visible_sessions(request.user), pk=pk)
    fallback = reverse("learning:board")
    role = request.POST.get("role") or TeachingClaim.Role.LEAD
    try:
        result = rules.claim(request.user, session, role=role)
    except rules.BookingError as exc:
        return _respond(request, fallback, error=exc)
    payload = {
        "claim": result.pk,
        "session": result.session_id,
        "status": result.status,
        "role": result.role,
    }
    if result.role == TeachingClaim.Role.ASSISTANT:
        # Translators: ja: アシスタントとして いっしょに 教えます。ありがとうございます。
        ok_message = _("You assist in this session, beside its teachers. Thank you!")
    else:
        ok_message = _("You are teaching this session. Thank you!")
    return _respond(request, fallback, ok_message=ok_message, payload=payload)


@never_cache
@require_http_methods(["GET", "POST"])
@login_required_json
@rate_limited("booking")
def drop(request: HttpRequest, pk: int) -> HttpResponse:
    teaching = get_object_or_404(TeachingClaim.objects.select_related("session__course"), pk=pk)
    if teaching.volunteer_id != request.user.pk and not is_coordinator(request.user):
        raise Http404
    if request.method == "GET":
        return _confirm_page(
            request,
            # Translators: ja: この クラスを 教えるのを やめますか。 / やめる
            question=_("Stop teaching this session?"),
            button=_("Yes, drop this session"),
            session=teaching.session,
            fallback=reverse("learning:my_sessions"),
        )
    fallback = reverse("learning:my_sessions")
    try:
        result = rules.drop_claim(request.user, teaching)
    except rules.BookingError as exc:
        return _respond(request, fallback, error=exc)
    payload = {"claim": result.pk, "session": result.session_id, "status": result.status}
    return _respond(
        request, fallback, ok_message=_("You no longer teach this session."), payload=payload
    )


def _require_volunteer(request: HttpRequest) -> None:
    if not (user_has_role(request.user, VOLUNTEER) or is_coordinator(request.user)):
        raise Http404


@never_cache
@login_required_json
def board(request: HttpRequest) -> HttpResponse:
    """Open sessions for volunteers, understaffed and soonest first."""
    _require_volunteer(request)
    form = BoardFilterForm(request.GET or None)
    filters = form.filters() if request.GET else {}
    places = filters.get("places")
    training_rows: list = []
    if places == schedule.PLACES_TRAINING:
        sessions = schedule.apply_filters(schedule.training_sessions(user=request.user), filters)
    else:
        sessions = schedule.apply_filters(schedule.board_sessions(user=request.user), filters)
        if not places:  # the next training sessions above the places to teach
            trainings = schedule.apply_filters(
                schedule.training_sessions(user=request.user), filters
            )
            training_rows = schedule.rows_for(
                trainings[:BOARD_TRAININGS_SHOWN], request.user, get_language()
            )
    page = schedule.page_of(sessions, request.GET.get("page"))
    rows = schedule.rows_for(page.rows, request.user, get_language())
    query = request.GET.copy()
    query.pop("page", None)
    own_progress = (
        training.progress(request.user) if user_has_role(request.user, VOLUNTEER) else None
    )
    return render(
        request,
        "learning/board.html",
        {
            "rows": rows,
            "training_rows": training_rows,
            # Training sessions are booked (seat buttons); classes are claimed (place buttons).
            "rows_for_teachers": places != schedule.PLACES_TRAINING,
            "progress": own_progress,
            "page_obj": page,
            "live": schedule.live_config(),
            "filter_form": form,
            "filtered": bool(filters),
            "query_without_page": query.urlencode(),
        },
    )


@never_cache
@login_required_json
def my_sessions(request: HttpRequest) -> HttpResponse:
    """A volunteer's teaching: upcoming sessions, past ones and the hours taught."""
    _require_volunteer(request)
    now = timezone.now()
    claims = list(
        TeachingClaim.objects.filter(volunteer=request.user)
        .exclude(status=TeachingClaim.Status.DROPPED, session__starts_at__lt=now)
        .select_related("session__course", "session__venue")
        .order_by("session__starts_at")
    )
    hours = (
        TeachingClaim.objects.filter(
            volunteer=request.user, status=TeachingClaim.Status.TAUGHT
        ).aggregate(total=Sum("hours"))["total"]
        or 0
    )
    trainings = list(
        Booking.objects.filter(
            learner=request.user,
            status__in=Booking.ACTIVE,
            session__course__audience=TRAINING_AUDIENCE,
            session__ends_at__gte=now,
        )
        .select_related("session__course", "session__venue")
        .order_by("session__starts_at")
    )
    return render(
        request,
        "learning/my_sessions.html",
        {
            "upcoming": [
                c
                for c in claims
                if c.session.ends_at >= now and c.status != TeachingClaim.Status.DROPPED
            ],
            "past": [c for c in claims if c.session.ends_at < now][::-1],
            "hours_total": hours,
            "progress": training.progress(request.user),
            "trainings": trainings,
            "feed_url": (feed_url := _feed_url(request)),
            "webcal_url": webcal_url(feed_url),
            "now": now,
        },
    )


# --- teachers after the class -------------------------------------------------------------------


def _managed_session(request: HttpRequest, pk: int) -> Session:
    session = get_object_or_404(Session.objects.select_related("course", "venue"), pk=pk)
    if not rules.can_manage_session(request.user, session):
        raise Http404
    return session


@never_cache
@login_required_json
def roster(request: HttpRequest, pk: int) -> HttpResponse:
    """Who is coming: for the session's teachers and coordinators only."""
    session = _managed_session(request, pk)
    bookings = session.bookings.select_related("learner").order_by(
        "status", "waitlisted_at", "created_at"
    )
    seated = [b for b in bookings if b.status in Booking.HOLDS_SEAT]
    waiting = [b for b in bookings if b.status == Booking.Status.WAITLISTED]
    teachers = session.claims.filter(status__in=TeachingClaim.HOLDS_SLOT).select_related(
        "volunteer"
    )
    return render(
        request,
        "learning/roster.html",
        {
            "session": session,
            "seated": seated,
            "waiting": waiting,
            "teachers": teachers,
            "started": timezone.now() >= session.starts_at,
        },
    )


@require_POST
@login_required_json
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    booking = get_object_or_404(Booking, pk=pk)
    fallback = reverse("learning:roster", args=[booking.session_id])
    value = request.POST.get("attended")
    if value not in ("1", "0"):
        if wants_json(request):
            return json_error("bad_value", "attended must be 1 or 0", 400)
        messages.error(request, _("Choose attended or did not come."))
        return redirect_back(request, fallback)
    try:
        result = rules.mark_attendance(request.user, booking, value == "1")
    except rules.BookingError as exc:
        if exc.code == "forbidden":
            raise Http404 from exc
        return _respond(request, fallback, error=exc)
    return _respond(
        request,
        fallback,
        ok_message=_("Attendance saved."),
        payload={"booking": result.pk, "status": result.status},
    )


@require_POST
@login_required_json
def complete(request: HttpRequest, pk: int) -> HttpResponse:
    session = _managed_session(request, pk)
    fallback = reverse("learning:roster", args=[pk])
    try:
        rules.complete_session(request.user, session)
    except rules.BookingError as exc:
        return _respond(request, fallback, error=exc)
    return _respond(
        request,
        fallback,
        ok_message=_("The session is closed and teaching hours are logged."),
        payload={"session": pk, "status": Session.Status.COMPLETED},
    )


# --- calendar feeds -----------------------------------------------------------------------------


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The private feed: whoever holds the URL sees that person's classes, nobody else's."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        raise Http404
    response = HttpResponse(
        calendar.build_calendar(feed.user, base_url=site_base_url(request)),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'inline; filename="nihongo-link.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response


@require_POST
@login_required_json
def calendar_reset(request: HttpRequest) -> HttpResponse:
    feed = calendar.reset_feed(request.user)
    with translation.override(settings.LANGUAGE_CODE):
        url = site_base_url(request) + reverse("learning:calendar_feed", args=[feed.token])
    # Translators: ja: カレンダーの 新しい URLを 作りました。前の URLは もう 使えません。
    return _respond(
        request,
        reverse("learning:my_classes"),
        ok_message=_("Your calendar has a new address; the old one no longer works."),
        payload={"feed_url": url},
    )
