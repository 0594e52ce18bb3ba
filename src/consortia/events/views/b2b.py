"""B2B session pages: the session (participation, availability, requests, marks, agenda),
setting one up, and the organisers' page (scheduler runs, the meeting grid, lock/move, publish,
no-shows). Each view calls one service or selector; bad input shows the form again (400), a
refusal shows on the form that asked for it, a success redirects (POST-redirect-GET)."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, re_path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from consortia.core import clock
from consortia.core.forms import add_service_errors
from consortia.core.permissions import NotVisible, require
from consortia.directory import policies as directory
from consortia.directory.models import Organisation, VerificationStatus

from .. import policies
from ..forms_b2b import (
    AcceptForm,
    AvailabilityForm,
    B2BSessionForm,
    FollowUpForm,
    JoinForm,
    MarkForm,
    MoveForm,
    ParticipationForm,
    RequestForm,
    RunForm,
    availability_summary,
)
from ..models import (
    B2BSession,
    B2BStatus,
    Mark,
    Meeting,
    MeetingRequest,
    Participant,
    RequestStatus,
    ScheduleRun,
    Seat,
)
from ..selectors import b2b as selectors
from ..selectors import events as event_selectors
from ..services import b2b as services
from ..services.b2b_sessions import requests_open

# Why the scheduler left a request out, by the code it stores (the stored text is English).
LEFT_OUT_REASONS = {
    "do_not_meet": gettext_lazy("marked “do not meet”"),
    "no_common_slot": gettext_lazy("no common free slot"),
    "quota": gettext_lazy("a side's quota is reached"),
    "outweighed": gettext_lazy("not chosen: lower weight than the meetings held"),
    "no_table": gettext_lazy("no table free in common slots"),
    "time_limit": gettext_lazy("not placed within the time limit"),
}


def _attempt(form: forms.Form, call: Callable[[Any], Any]) -> Any:
    """Validate ``form`` and call the service; on refusal the errors go onto the form and None
    comes back."""
    if not form.is_valid():
        return None
    try:
        return call(form)
    except ValidationError as error:
        add_service_errors(form, error)
        return None


def _session(request: HttpRequest, public_id: Any) -> B2BSession:
    return selectors.b2b_session_for(request.user, public_id)


def _organised(request: HttpRequest, public_id: Any) -> B2BSession:
    session = _session(request, public_id)
    require(
        policies.can_organise(request.user, session.event),
        _("Only the event's organisers do this."),
    )
    return session


def _mine(user: Any, session: B2BSession) -> Participant | None:
    """The participant the user acts for: the first of their organisations taking part."""
    organisations = list(directory.memberships_by_organisation(user))
    if not organisations:
        return None
    return (
        selectors.participants_of(session)
        .select_related("session__event")
        .filter(organisation_id__in=organisations)
        .first()
    )


def _participant(request: HttpRequest, session: B2BSession) -> Participant:
    participant = _mine(request.user, session)
    require(participant is not None, _("Only participants do this."))
    assert participant is not None
    return participant


def _joinable(user: Any, session: B2BSession) -> Any:
    """The user's verified organisations not yet taking part, if the session takes them."""
    if not getattr(user, "is_authenticated", False) or not requests_open(session):
        return Organisation.objects.none()
    return (
        Organisation.objects.filter(
            pk__in=list(directory.memberships_by_organisation(user)),
            verification_status=VerificationStatus.VERIFIED,
        )
        .exclude(pk__in=session.participants.values("organisation_id"))
        .order_by("name", "id")
    )


def _agenda(user: Any, session: B2BSession, participant: Participant) -> list[dict[str, Any]]:
    now = clock.now()
    meetings = (
        selectors.meetings_visible_to(user, session)
        .filter(seats__participant=participant)
        .prefetch_related(Prefetch("seats", queryset=Seat.objects.order_by("id")))
        .order_by("slot__starts_at", "id")
    )
    rows = []
    for meeting in meetings:
        mine = next(s for s in meeting.seats.all() if s.participant_id == participant.pk)
        request = meeting.request
        other = request.recipient if request.requester_id == participant.pk else request.requester
        rows.append(
            {
                "meeting": meeting,
                "seat": mine,
                "other": other,
                "started": now >= meeting.slot.starts_at,
                "over": now >= meeting.slot.ends_at,
            }
        )
    return rows


def _session_page(
    request: HttpRequest,
    session: B2BSession,
    bound: dict[str, forms.Form] | None = None,
) -> HttpResponse:
    bound = bound or {}
    user = request.user
    organiser = policies.can_organise(user, session.event)
    participant = _mine(user, session)
    context: dict[str, Any] = {
        "session": session,
        "event": session.event,
        "organiser": organiser,
        "participant": participant,
        "open": requests_open(session),
    }
    if participant is not None:
        slots = list(participant.available_slots.all())
        others = [
            p
            for p in selectors.participants_of(session).select_related("organisation__country")
            if p.pk != participant.pk
        ]
        marks = {m.other_id: m.kind for m in Mark.objects.filter(participant=participant)}
        requests = list(
            selectors.requests_for(participant).filter(
                status__in=[RequestStatus.PENDING, RequestStatus.ACCEPTED]
            )
        )
        context |= {
            "availability": availability_summary(participant, slots),
            "participation_form": ParticipationForm(participant=participant),
            "availability_form": AvailabilityForm(participant=participant, slots=slots),
            "request_form": RequestForm(others=others),
            "others": [(p, marks.get(p.pk, "")) for p in others],
            "incoming": [r for r in requests if r.recipient_id == participant.pk],
            "outgoing": [r for r in requests if r.requester_id == participant.pk],
            "agenda": _agenda(user, session, participant)
            if session.status == B2BStatus.PUBLISHED
            else None,
            "priorities": MeetingRequest.Priority.choices,
        }
    organisations = _joinable(user, session)
    if policies.can_register(user, session.event) and organisations.exists():
        context["join_form"] = JoinForm(
            session=session,
            organisations=organisations,
            initial={"time_zone": getattr(getattr(user, "person", None), "time_zone", "UTC")},
        )
    context |= bound
    status = 400 if any(form.errors for form in bound.values()) else 200
    return render(request, "events/b2b.html", context, status=status)


def session_page(request: HttpRequest, public_id: Any) -> HttpResponse:
    return _session_page(request, _session(request, public_id))


@login_required
def create(request: HttpRequest, public_id: Any) -> HttpResponse:
    event = event_selectors.event_for(request.user, public_id)
    require(
        policies.can_organise(request.user, event),
        _("Only the event's organisers add B2B sessions."),
    )
    form = B2BSessionForm(request.POST if request.method == "POST" else None, event=event)
    if request.method == "POST":
        session = _attempt(
            form,
            lambda form: services.create_b2b_session(event, by=request.user, **form.cleaned_data),
        )
        if session is not None:
            messages.success(request, _("The B2B session is set up."))
            return redirect(session)
    status = 400 if form.errors else 200
    return render(request, "events/b2b_form.html", {"form": form, "event": event}, status=status)


def _done(request: HttpRequest, session: B2BSession, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect(session)


@login_required
@require_POST
def join(request: HttpRequest, public_id: Any) -> HttpResponse:
    session = _session(request, public_id)
    organisations = Organisation.objects.filter(
        pk__in=list(directory.memberships_by_organisation(request.user))
    )
    form = JoinForm(request.POST, session=session, organisations=organisations)
    joined = _attempt(
        form,
        lambda form: services.join_b2b_session(
            session, by=request.user, **form.service_arguments()
        ),
    )
    if joined is None:
        return _session_page(request, session, {"join_form": form})
    return _done(request, session, _("You take part. Now ask for meetings."))


@login_required
@require_POST
def participation(request: HttpRequest, public_id: Any) -> HttpResponse:
    session = _session(request, public_id)
    participant = _participant(request, session)
    form = ParticipationForm(request.POST, participant=participant)

    def save(form: ParticipationForm) -> Participant:
        with transaction.atomic():
            services.set_quota(participant, by=request.user, quota=form.cleaned_data["quota"])
            if form.onsite() != participant.onsite:
                services.set_onsite(participant, by=request.user, onsite=form.onsite())
        return participant

    if _attempt(form, save) is None:
        return _session_page(request, session, {"participation_form": form})
    return _done(request, session, _("Saved."))


@login_required
@require_POST
def availability(request: HttpRequest, public_id: Any) -> HttpResponse:
    session = _session(request, public_id)
    participant = _participant(request, session)
    form = AvailabilityForm(
        request.POST, participant=participant, slots=list(participant.available_slots.all())
    )
    slots = _attempt(
        form,
        lambda form: services.set_availability(
            participant, by=request.user, ranges=form.cleaned_data["ranges"]
        ),
    )
    if slots is None:
        return _session_page(request, session, {"availability_form": form})
    return _done(
        request,
        session,
        _("Saved: you are available in %(count)d slots.") % {"count": len(slots)},
    )


@login_required
@require_POST
def make_request(request: HttpRequest, public_id: Any) -> HttpResponse:
    session = _session(request, public_id)
    participant = _participant(request, session)
    others = [p for p in selectors.participants_of(session) if p.pk != participant.pk]
    form = RequestForm(request.POST, others=others)
    made = _attempt(
        form,
        lambda form: services.request_meeting(
            session,
            by=request.user,
            requester=participant,
            recipient=form.chosen_recipient(),
            message=form.cleaned_data["message"],
            priority=form.cleaned_data["priority"],
            online=form.cleaned_data["online"],
        ),
    )
    if made is None:
        return _session_page(request, session, {"request_form": form})
    return _done(request, session, _("Request sent."))


def _meeting_request(request: HttpRequest, public_id: Any) -> MeetingRequest:
    """A request the user's organisation made or received (or the organisers see); else 404."""
    try:
        found = MeetingRequest.objects.select_related(
            "session__event", "requester__organisation", "recipient__organisation"
        ).get(public_id=public_id)
    except (MeetingRequest.DoesNotExist, ValidationError, ValueError):
        found = None
    if found is None:
        raise NotVisible()
    user = request.user
    if not (
        policies.can_act_for(user, found.requester)
        or policies.can_act_for(user, found.recipient)
        or policies.can_organise(user, found.session.event)
    ):
        raise NotVisible()
    return found


def _refused(
    request: HttpRequest, session: B2BSession, error: ValidationError, *, organise: bool = False
) -> HttpResponse:
    """A button's action refused by the service: the page again (400) with the reason on top."""
    form = forms.Form(data={})
    form.is_valid()
    add_service_errors(form, error)
    page = _organise_page if organise else _session_page
    return page(request, session, {"action_form": form})


@login_required
@require_POST
def answer(request: HttpRequest, public_id: Any, verb: str) -> HttpResponse:
    meeting_request = _meeting_request(request, public_id)
    session = meeting_request.session
    form = AcceptForm(request.POST)
    if not form.is_valid():
        return _session_page(request, session, {"accept_form": form})
    try:
        if verb == "accept":
            services.accept_request(
                meeting_request,
                by=request.user,
                recipient_priority=form.cleaned_data["recipient_priority"]
                or MeetingRequest.Priority.NORMAL,
            )
        else:
            services.decline_request(meeting_request, by=request.user)
    except ValidationError as error:
        return _refused(request, session, error)
    return _done(request, session, _("Accepted.") if verb == "accept" else _("Declined."))


@login_required
@require_POST
def cancel_request(request: HttpRequest, public_id: Any) -> HttpResponse:
    meeting_request = _meeting_request(request, public_id)
    try:
        services.cancel_request(meeting_request, by=request.user)
    except ValidationError as error:
        return _refused(request, meeting_request.session, error)
    return _done(request, meeting_request.session, _("Request withdrawn."))


@login_required
@require_POST
def mark(request: HttpRequest, public_id: Any) -> HttpResponse:
    session = _session(request, public_id)
    participant = _participant(request, session)
    form = MarkForm(request.POST)
    if not form.is_valid():
        return _session_page(request, session, {"mark_form": form})
    other = session.participants.filter(public_id=form.cleaned_data["other"]).first()
    if other is None:
        form.add_error("other", _("Choose a participant of this session."))
        return _session_page(request, session, {"mark_form": form})
    kind = form.cleaned_data["kind"]
    try:
        if kind:
            services.mark(participant, other, kind, by=request.user)
        else:
            services.unmark(participant, other, by=request.user)
    except ValidationError as error:
        return _refused(request, session, error)
    return _done(request, session, _("Saved."))


def _meeting(request: HttpRequest, public_id: Any) -> Meeting:
    """A meeting the user may see (organisers; the sides once published); else 404."""
    meeting = (
        Meeting.objects.select_related(
            "session__event", "slot", "request__requester", "request__recipient"
        )
        .filter(public_id=public_id)
        .first()
    )
    if meeting is None or not policies.can_see_meeting(request.user, meeting):
        raise NotVisible()
    return meeting


def _side(request: HttpRequest, meeting: Meeting) -> Participant:
    for side in (meeting.request.requester, meeting.request.recipient):
        if policies.can_act_for(request.user, side):
            return side
    require(False, _("Only the participants' members do this."))
    raise AssertionError  # pragma: no cover


@login_required
@require_POST
def check_in(request: HttpRequest, public_id: Any) -> HttpResponse:
    meeting = _meeting(request, public_id)
    try:
        services.check_in(meeting, _side(request, meeting), by=request.user)
    except ValidationError as error:
        return _refused(request, meeting.session, error)
    return _done(request, meeting.session, _("Checked in."))


@login_required
@require_POST
def follow_up(request: HttpRequest, public_id: Any) -> HttpResponse:
    meeting = _meeting(request, public_id)
    side = _side(request, meeting)
    form = FollowUpForm(request.POST)
    if not form.is_valid():
        return _session_page(request, meeting.session, {"follow_up_form": form})
    try:
        services.record_follow_up(
            meeting, side, by=request.user, follow_up=form.cleaned_data["follow_up"] == "yes"
        )
    except ValidationError as error:
        return _refused(request, meeting.session, error)
    return _done(request, meeting.session, _("Thank you."))


# --- Organisers ------------------------------------------------------------------------------
def _run_context(run: ScheduleRun | None) -> dict[str, Any]:
    if run is None:
        return {"run": None}
    share = None
    if run.objective is not None and run.upper_bound:
        share = round(100 * run.objective / run.upper_bound, 1)
    ids = [item.get("request") for item in run.left_out]
    pairs = {
        r.pk: r
        for r in MeetingRequest.objects.filter(pk__in=ids).select_related(
            "requester__organisation", "recipient__organisation"
        )
    }
    left_out = [
        {
            "request": pairs.get(item.get("request")),
            "reason": LEFT_OUT_REASONS.get(item.get("code", ""), _("other reason")),
        }
        for item in run.left_out
    ]
    return {
        "run": run,
        "share": share,
        "left_out": left_out,
        "under_way": run.status in (ScheduleRun.Status.QUEUED, ScheduleRun.Status.RUNNING),
    }


def _organise_page(
    request: HttpRequest, session: B2BSession, bound: dict[str, forms.Form] | None = None
) -> HttpResponse:
    bound = bound or {}
    participants = list(selectors.participants_of(session))
    counts: dict[int, dict[str, int]] = {p.pk: {"sent": 0, "received": 0} for p in participants}
    accepted = 0
    for requester, recipient, state in MeetingRequest.objects.filter(session=session).values_list(
        "requester_id", "recipient_id", "status"
    ):
        if state in (RequestStatus.PENDING, RequestStatus.ACCEPTED):
            counts.setdefault(requester, {"sent": 0, "received": 0})["sent"] += 1
            counts.setdefault(recipient, {"sent": 0, "received": 0})["received"] += 1
        accepted += state == RequestStatus.ACCEPTED
    slots = list(session.slots.order_by("starts_at"))
    tables = list(session.tables.order_by("id"))
    meetings = list(selectors.meetings_visible_to(request.user, session))
    placed: dict[tuple[int, int | None], list[Meeting]] = {}
    for meeting in meetings:
        placed.setdefault((meeting.slot_id, meeting.table_id), []).append(meeting)
    now = clock.now()
    grid = [
        {
            "slot": slot,
            "started": now >= slot.starts_at,
            "cells": [placed.get((slot.pk, table.pk), []) for table in tables],
            "online": placed.get((slot.pk, None), []),
        }
        for slot in slots
    ]
    context: dict[str, Any] = {
        "session": session,
        "event": session.event,
        "participants": [(p, counts.get(p.pk, {})) for p in participants],
        "accepted": accepted,
        "run_form": RunForm(),
        "slots": slots,
        "tables": tables,
        "grid": grid,
        "meetings": len(meetings),
        "published": session.status == B2BStatus.PUBLISHED,
        **_run_context(selectors.latest_run(session)),
        **bound,
    }
    status = 400 if any(form.errors for form in bound.values()) else 200
    return render(request, "events/b2b_organise.html", context, status=status)


@login_required
def organise(request: HttpRequest, public_id: Any) -> HttpResponse:
    return _organise_page(request, _organised(request, public_id))


def _back(request: HttpRequest, session: B2BSession, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect(reverse("events:b2b_organise", args=[session.public_id]))


@login_required
@require_POST
def run(request: HttpRequest, public_id: Any) -> HttpResponse:
    session = _organised(request, public_id)
    form = RunForm(request.POST)
    started = _attempt(
        form,
        lambda form: services.start_schedule_run(
            session, by=request.user, time_limit=form.cleaned_data["time_limit"]
        ),
    )
    if started is None:
        return _organise_page(request, session, {"run_form": form})
    return _back(request, session, _("The scheduler is running."))


@login_required
@require_GET
def run_status(request: HttpRequest, pk: int) -> HttpResponse:
    found = ScheduleRun.objects.select_related("session__event").filter(pk=pk).first()
    if found is None or not policies.can_view_event(request.user, found.session.event):
        raise NotVisible()
    require(
        policies.can_organise(request.user, found.session.event),
        _("Only the event's organisers do this."),
    )
    context: dict[str, Any] = {
        "session": found.session,
        "event": found.session.event,
        **_run_context(found),
    }
    response = render(request, "events/b2b_run.html", context)
    if request.GET.get("poll") and not context["under_way"]:
        response["HX-Refresh"] = "true"  # the run is over: reload the page for the new grid
    return response


@login_required
@require_POST
def publish(request: HttpRequest, public_id: Any) -> HttpResponse:
    session = _organised(request, public_id)
    try:
        services.publish_schedule(session, by=request.user)
    except ValidationError as error:
        return _refused(request, session, error, organise=True)
    return _back(request, session, _("The schedule is published; the participants are told."))


def _organiser_meeting(request: HttpRequest, public_id: Any) -> Meeting:
    meeting = _meeting(request, public_id)
    require(
        policies.can_organise(request.user, meeting.session.event),
        _("Only the event's organisers do this."),
    )
    return meeting


@login_required
@require_POST
def lock(request: HttpRequest, public_id: Any) -> HttpResponse:
    meeting = _organiser_meeting(request, public_id)
    locked = request.POST.get("locked") != "0"
    change = services.lock_meeting if locked else services.unlock_meeting
    change(meeting, by=request.user)
    return _back(request, meeting.session, _("Locked.") if locked else _("Unlocked."))


@login_required
@require_POST
def move(request: HttpRequest, public_id: Any) -> HttpResponse:
    meeting = _organiser_meeting(request, public_id)
    form = MoveForm(request.POST, session=meeting.session)
    moved = _attempt(
        form,
        lambda form: services.move_meeting(
            meeting,
            by=request.user,
            slot=form.cleaned_data["slot"],
            table=form.cleaned_data["table"],
        ),
    )
    if moved is None:
        return _organise_page(request, meeting.session, {"move_form": form})
    return _back(request, meeting.session, _("Moved and locked."))


@login_required
@require_POST
def no_show(request: HttpRequest, public_id: Any) -> HttpResponse:
    meeting = _organiser_meeting(request, public_id)
    try:
        services.mark_no_show(meeting, by=request.user)
    except ValidationError as error:
        return _refused(request, meeting.session, error, organise=True)
    return _back(request, meeting.session, _("Marked as a no-show."))


routes: list[URLPattern] = [
    path("events/<uuid:public_id>/b2b/new/", create, name="b2b_create"),
    path("events/b2b/<uuid:public_id>/", session_page, name="b2b"),
    path("events/b2b/<uuid:public_id>/join/", join, name="b2b_join"),
    path("events/b2b/<uuid:public_id>/participation/", participation, name="b2b_participation"),
    path("events/b2b/<uuid:public_id>/availability/", availability, name="b2b_availability"),
    path("events/b2b/<uuid:public_id>/requests/", make_request, name="b2b_request"),
    path("events/b2b/<uuid:public_id>/mark/", mark, name="b2b_mark"),
    re_path(
        r"^events/b2b/requests/(?P<public_id>[0-9a-f-]{36})/(?P<verb>accept|decline)/$",
        answer,
        name="b2b_answer",
    ),
    path("events/b2b/requests/<uuid:public_id>/cancel/", cancel_request, name="b2b_cancel_request"),
    path("events/b2b/meetings/<uuid:public_id>/check-in/", check_in, name="b2b_check_in"),
    path("events/b2b/meetings/<uuid:public_id>/follow-up/", follow_up, name="b2b_follow_up"),
    path("events/b2b/<uuid:public_id>/organise/", organise, name="b2b_organise"),
    path("events/b2b/<uuid:public_id>/run/", run, name="b2b_run"),
    path("events/b2b/runs/<int:pk>/", run_status, name="b2b_run_status"),
    path("events/b2b/<uuid:public_id>/publish/", publish, name="b2b_publish"),
    path("events/b2b/meetings/<uuid:public_id>/lock/", lock, name="b2b_lock"),
    path("events/b2b/meetings/<uuid:public_id>/move/", move, name="b2b_move"),
    path("events/b2b/meetings/<uuid:public_id>/no-show/", no_show, name="b2b_no_show"),
]
