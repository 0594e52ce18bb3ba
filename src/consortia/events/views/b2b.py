"""The participant's B2B pages: the session (joining, participation, availability, requests,
answers, marks, the agenda), check-in (also by the organisers, for a side they name) and
follow-up. The organisers' pages are in `b2b_organise`. Each view calls one service or
selector; bad input shows the form again (400), a refusal shows on the form that asked for it,
a success redirects (POST-redirect-GET)."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, re_path
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consortia.core import clock
from consortia.core.permissions import NotVisible, require
from consortia.directory import policies as directory
from consortia.directory.models import Organisation, VerificationStatus

from .. import policies
from ..forms_b2b import (
    AcceptForm,
    AvailabilityForm,
    FollowUpForm,
    JoinForm,
    MarkForm,
    ParticipationForm,
    RequestForm,
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
    Seat,
)
from ..selectors import b2b as selectors
from ..services import b2b as services
from ..services.b2b_sessions import requests_open, update_participant
from .b2b_common import attempt, check_in_open, refusal_form, session_named
from .b2b_organise import back_to_organise, organise_page


def _acting_for(request: HttpRequest) -> int | None:
    """The organisation the user acts for, named by ``as`` (its public id or number) in the
    query or the form: None when not named; 404 when the user is not one of its members."""
    chosen = str(request.POST.get("as") or request.GET.get("as") or "").strip()
    if not chosen:
        return None
    for organisation_id, membership in directory.memberships_by_organisation(request.user).items():
        if chosen in (str(organisation_id), str(membership.organisation.public_id)):
            return organisation_id
    raise NotVisible()


def _all_mine(user: Any, session: B2BSession) -> list[Participant]:
    return list(
        selectors.participants_acting_for(user, session).select_related("session__event")
    )


def _chosen(request: HttpRequest, mine: list[Participant]) -> Participant | None:
    """The participant the user acts for: the organisation named by ``as``, else the first."""
    chosen = _acting_for(request)
    if chosen is None:
        return mine[0] if mine else None
    return next((p for p in mine if p.organisation_id == chosen), None)


def _mine(request: HttpRequest, session: B2BSession) -> Participant | None:
    return _chosen(request, _all_mine(request.user, session))


def _participant(request: HttpRequest, session: B2BSession) -> Participant:
    participant = _mine(request, session)
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
                "check_in_open": check_in_open(meeting.slot, now),
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
    mine = _all_mine(user, session)
    participant = _chosen(request, mine)
    context: dict[str, Any] = {
        "session": session,
        "event": session.event,
        "organiser": organiser,
        "participant": participant,
        "mine": mine if len(mine) > 1 else [],
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
    return _session_page(request, session_named(request, public_id))


def _done(request: HttpRequest, session: B2BSession, message: str) -> HttpResponse:
    """Back to the session page, still acting for the organisation the form named."""
    messages.success(request, message)
    chosen = str(request.POST.get("as") or "").strip()
    if not chosen:
        return redirect(session)
    return redirect(f"{session.get_absolute_url()}?{urlencode({'as': chosen})}")


@login_required
@require_POST
def join(request: HttpRequest, public_id: Any) -> HttpResponse:
    session = session_named(request, public_id)
    organisations = Organisation.objects.filter(
        pk__in=list(directory.memberships_by_organisation(request.user))
    )
    form = JoinForm(request.POST, session=session, organisations=organisations)
    joined = attempt(
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
    session = session_named(request, public_id)
    participant = _participant(request, session)
    form = ParticipationForm(request.POST, participant=participant)
    saved = attempt(
        form,
        lambda form: update_participant(participant, by=request.user, **form.service_arguments()),
    )
    if saved is None:
        return _session_page(request, session, {"participation_form": form})
    return _done(request, session, _("Saved."))


@login_required
@require_POST
def availability(request: HttpRequest, public_id: Any) -> HttpResponse:
    session = session_named(request, public_id)
    participant = _participant(request, session)
    form = AvailabilityForm(
        request.POST, participant=participant, slots=list(participant.available_slots.all())
    )
    slots = attempt(
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
    session = session_named(request, public_id)
    participant = _participant(request, session)
    others = [p for p in selectors.participants_of(session) if p.pk != participant.pk]
    form = RequestForm(request.POST, others=others)
    made = attempt(
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


def _refused(
    request: HttpRequest, session: B2BSession, error: ValidationError, *, organise: bool = False
) -> HttpResponse:
    """A button's action refused by the service: the page again (400) with the reason on top."""
    page = organise_page if organise else _session_page
    return page(request, session, {"action_form": refusal_form(error)})


@login_required
@require_POST
def answer(request: HttpRequest, public_id: Any, verb: str) -> HttpResponse:
    meeting_request = selectors.meeting_request_for(request.user, public_id)
    _acting_for(request)  # an organisation the user is not a member of: 404
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
    meeting_request = selectors.meeting_request_for(request.user, public_id)
    _acting_for(request)  # an organisation the user is not a member of: 404
    try:
        services.cancel_request(meeting_request, by=request.user)
    except ValidationError as error:
        return _refused(request, meeting_request.session, error)
    return _done(request, meeting_request.session, _("Request withdrawn."))


@login_required
@require_POST
def mark(request: HttpRequest, public_id: Any) -> HttpResponse:
    session = session_named(request, public_id)
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


def _side(request: HttpRequest, meeting: Meeting) -> Participant:
    """The side the user acts for (the organisation named by ``as``, else the first of theirs)."""
    chosen = _acting_for(request)
    for side in (meeting.request.requester, meeting.request.recipient):
        if policies.can_act_for(request.user, side) and chosen in (None, side.organisation_id):
            return side
    require(False, _("Only the participants' members do this."))
    raise AssertionError  # pragma: no cover


def _named_side(request: HttpRequest, meeting: Meeting, public_id: str) -> Participant:
    """The side named by its public id: organisers name either, a side's members only their
    own; any other participant does not exist for them (404)."""
    organiser = policies.can_organise(request.user, meeting.session.event)
    for side in (meeting.request.requester, meeting.request.recipient):
        if str(side.public_id) == public_id.strip() and (
            organiser or policies.can_act_for(request.user, side)
        ):
            return side
    raise NotVisible()


def _arriving_side(request: HttpRequest, meeting: Meeting, *, organising: bool) -> Participant:
    """The side named by ``participant``, else the user's own; an organiser who is not a side
    names one."""
    named = str(request.POST.get("participant") or "")
    if named:
        return _named_side(request, meeting, named)
    if organising:
        raise ValidationError({"participant": _("Choose the side that has arrived.")})
    return _side(request, meeting)


@login_required
@require_POST
def check_in(request: HttpRequest, public_id: Any) -> HttpResponse:
    """A side checks in: its members for their own side; the organisers, from their page, for
    the side named by ``participant`` (the answer goes back to their page)."""
    meeting = selectors.meeting_for(request.user, public_id)
    sides = (meeting.request.requester, meeting.request.recipient)
    organising = policies.can_organise(request.user, meeting.session.event) and (
        bool(request.POST.get("participant"))
        or not any(policies.can_act_for(request.user, side) for side in sides)
    )
    try:
        side = _arriving_side(request, meeting, organising=organising)
        services.check_in(meeting, side, by=request.user)
    except ValidationError as error:
        return _refused(request, meeting.session, error, organise=organising)
    if organising:
        message = _("%(name)s checked in.") % {"name": side.organisation.name}
        return back_to_organise(request, meeting.session, message)
    return _done(request, meeting.session, _("Checked in."))


@login_required
@require_POST
def follow_up(request: HttpRequest, public_id: Any) -> HttpResponse:
    meeting = selectors.meeting_for(request.user, public_id)
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


routes: list[URLPattern] = [
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
]
