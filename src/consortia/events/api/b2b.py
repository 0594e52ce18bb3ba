"""B2B sessions: setting one up, taking part (availability, quota, marks), meeting requests,
scheduler runs, the published schedule, check-in, no-shows and follow-up."""

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from ninja import Status
from ninja.pagination import paginate

from consortia.core.api import (
    LIST_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    ApiRequest,
    Pages,
    anyone,
    time_in_body,
)
from consortia.core.permissions import require
from consortia.directory.api import organisation_in_body
from consortia.directory.models import Person

from .. import policies
from ..models import B2BSession, Meeting, Participant
from ..selectors import b2b as selectors
from ..selectors import events as event_selectors
from ..services import b2b as services
from . import router
from .schemas import (
    AvailabilityIn,
    B2BSessionIn,
    B2BSessionOut,
    B2BSessionPatch,
    CheckInIn,
    FollowUpIn,
    JoinIn,
    MarkIn,
    MeetingOut,
    MeetingPatch,
    MeetingRequestIn,
    MeetingRequestOut,
    ParticipantOut,
    ParticipantPatch,
    RunIn,
    ScheduleRunOut,
)


def _session(request: ApiRequest, session_id: UUID) -> B2BSession:
    return selectors.b2b_session_for(request.auth, session_id)


def _organised(request: ApiRequest, session_id: UUID) -> B2BSession:
    session = _session(request, session_id)
    require(
        policies.can_organise(request.auth, session.event),
        _("Only the event's organisers do this."),
    )
    return session


def _participant_in(session: B2BSession, field: str, participant_id: UUID) -> Participant:
    """A participant of ``session`` a body names; any other id is a 422 on ``field``."""
    found = selectors.participants_of(session).filter(public_id=participant_id).first()
    if found is None:
        raise ValidationError({field: _("Choose a participant of this session.")})
    return found


def _own_participant(request: ApiRequest, session: B2BSession, chosen: UUID | None) -> Participant:
    """The participant the caller acts for: the one named, or their only one here."""
    mine = selectors.participants_acting_for(request.auth, session)
    if chosen is not None:
        found = mine.filter(public_id=chosen).first()
        if found is None:
            raise ValidationError({"requester": _("Choose a participant you act for.")})
        return found
    options = list(mine[:2])
    require(bool(options), _("Only participants do this."))
    if len(options) > 1:
        raise ValidationError({"requester": _("You act for several participants here: say which.")})
    return options[0]


# --- Sessions -------------------------------------------------------------------------------
@router.post(
    "/events/{uuid:event_id}/b2b",
    response={201: B2BSessionOut, **WRITE_ERRORS},
    url_name="create_b2b_session",
)
def create_b2b_session(request: ApiRequest, event_id: UUID, payload: B2BSessionIn) -> Any:
    """A session inside the event's times, cut into slots of ``meeting_minutes``; times
    without an offset are the event's local time."""
    event = event_selectors.event_for(request.auth, event_id)
    require(
        policies.can_organise(request.auth, event),
        _("Only the event's organisers add B2B sessions."),
    )
    values = payload.dict()
    for name in ("starts_at", "ends_at", "requests_close_at"):
        values[name] = time_in_body(values[name], event.time_zone)
    session = services.create_b2b_session(event, by=request.auth, **values)
    return Status(201, _session(request, session.public_id))


@router.get(
    "/b2b/{uuid:session_id}",
    response={200: B2BSessionOut, **READ_ERRORS},
    auth=anyone,
    url_name="get_b2b_session",
)
def get_b2b_session(request: ApiRequest, session_id: UUID) -> Any:
    """With its slots (UTC) and tables."""
    return _session(request, session_id)


@router.patch(
    "/b2b/{uuid:session_id}",
    response={200: B2BSessionOut, **WRITE_ERRORS},
    url_name="update_b2b_session",
)
def update_b2b_session(request: ApiRequest, session_id: UUID, payload: B2BSessionPatch) -> Any:
    """Only what leaves every meeting in place: title, quota for those joining from now on,
    when requests close, more tables."""
    session = _organised(request, session_id)
    changes = payload.dict(exclude_unset=True)
    if "requests_close_at" in changes:
        changes["requests_close_at"] = time_in_body(
            changes["requests_close_at"], session.event.time_zone
        )
    services.update_b2b_session(session, by=request.auth, **changes)
    return _session(request, session_id)


# --- Participants ---------------------------------------------------------------------------
@router.get(
    "/b2b/{uuid:session_id}/participants",
    response={200: list[ParticipantOut], **LIST_ERRORS, 403: WRITE_ERRORS[403]},
    url_name="list_participants",
)
@paginate(Pages)
def list_participants(request: ApiRequest, session_id: UUID) -> Any:
    """Who takes part, for the participants and the organisers."""
    session = _session(request, session_id)
    require(
        selectors.can_see_participants(request.auth, session),
        _("Only participants and the organisers see who takes part."),
    )
    return selectors.participants_of(session).prefetch_related("available_slots")


@router.post(
    "/b2b/{uuid:session_id}/participants",
    response={201: ParticipantOut, **WRITE_ERRORS},
    url_name="join_b2b_session",
)
def join_b2b_session(request: ApiRequest, session_id: UUID, payload: JoinIn) -> Any:
    """``organisation`` (a verified one of the caller's) takes part, the caller its contact;
    every slot is available until said otherwise."""
    session = _session(request, session_id)
    participant = services.join_b2b_session(
        session,
        by=request.auth,
        organisation=organisation_in_body(request, "organisation", payload.organisation),
        **payload.dict(exclude={"organisation"}),
    )
    return Status(201, selectors.participant_for(request.auth, participant.public_id))


@router.get(
    "/b2b/participants/{uuid:participant_id}",
    response={200: ParticipantOut, **READ_ERRORS},
    url_name="get_participant",
)
def get_participant(request: ApiRequest, participant_id: UUID) -> Any:
    return selectors.participant_for(request.auth, participant_id)


@router.patch(
    "/b2b/participants/{uuid:participant_id}",
    response={200: ParticipantOut, **WRITE_ERRORS},
    url_name="update_participant",
)
def update_participant(request: ApiRequest, participant_id: UUID, payload: ParticipantPatch) -> Any:
    """The participant's members or the organisers; only the fields given change, all or
    none. A new time zone changes how its times are shown, not its availability."""
    participant = selectors.participant_for(request.auth, participant_id)
    changes = payload.dict(exclude_unset=True)
    if changes.get("contact") is not None:
        contact = Person.objects.filter(public_id=changes["contact"], user__isnull=False).first()
        if contact is None:
            raise ValidationError({"contact": _("There is no such person.")})
        changes["contact"] = contact.user
    services.update_participant(participant, by=request.auth, **changes)
    return selectors.participant_for(request.auth, participant_id)


@router.put(
    "/b2b/participants/{uuid:participant_id}/availability",
    response={200: ParticipantOut, **WRITE_ERRORS},
    url_name="set_availability",
)
def set_availability(request: ApiRequest, participant_id: UUID, payload: AvailabilityIn) -> Any:
    """The slots lying wholly inside the ranges, which are wall-clock times in the
    participant's own time zone unless they carry an offset."""
    participant = selectors.participant_for(request.auth, participant_id)
    ranges = [(item.starts_at, item.ends_at) for item in payload.ranges]
    services.set_availability(participant, by=request.auth, ranges=ranges)
    return selectors.participant_for(request.auth, participant_id)


@router.put(
    "/b2b/participants/{uuid:participant_id}/marks/{uuid:other_id}",
    response={204: None, **WRITE_ERRORS},
    url_name="mark_participant",
)
def mark_participant(
    request: ApiRequest, participant_id: UUID, other_id: UUID, payload: MarkIn
) -> Any:
    """``participant`` must meet, or will not meet, ``other`` (one mark per pair)."""
    participant = selectors.participant_for(request.auth, participant_id)
    other = _participant_in(participant.session, "other", other_id)
    services.mark(participant, other, payload.kind, by=request.auth)
    return Status(204, None)


@router.delete(
    "/b2b/participants/{uuid:participant_id}/marks/{uuid:other_id}",
    response={204: None, **WRITE_ERRORS},
    url_name="unmark_participant",
)
def unmark_participant(request: ApiRequest, participant_id: UUID, other_id: UUID) -> Any:
    participant = selectors.participant_for(request.auth, participant_id)
    other = _participant_in(participant.session, "other", other_id)
    services.unmark(participant, other, by=request.auth)
    return Status(204, None)


# --- Requests -------------------------------------------------------------------------------
@router.get(
    "/b2b/{uuid:session_id}/requests",
    response={200: list[MeetingRequestOut], **LIST_ERRORS},
    url_name="list_meeting_requests",
)
@paginate(Pages)
def list_meeting_requests(request: ApiRequest, session_id: UUID) -> Any:
    """Every request for the organisers; those the caller's organisations made or received
    for anyone else."""
    requests = selectors.requests_visible_to(request.auth, _session(request, session_id))
    return requests.order_by("created_at", "id")


@router.post(
    "/b2b/{uuid:session_id}/requests",
    response={201: MeetingRequestOut, **WRITE_ERRORS},
    url_name="request_meeting",
)
def request_meeting(request: ApiRequest, session_id: UUID, payload: MeetingRequestIn) -> Any:
    session = _session(request, session_id)
    made = services.request_meeting(
        session,
        by=request.auth,
        requester=_own_participant(request, session, payload.requester),
        recipient=_participant_in(session, "recipient", payload.recipient),
        message=payload.message,
        priority=payload.priority,
        online=payload.online,
    )
    return Status(201, selectors.meeting_request_for(request.auth, made.public_id))


def _answer(request: ApiRequest, request_id: UUID, verb: str, **options: Any) -> Any:
    found = selectors.meeting_request_for(request.auth, request_id)
    act = {
        "accept": services.accept_request,
        "decline": services.decline_request,
        "cancel": services.cancel_request,
    }[verb]
    act(found, by=request.auth, **options)
    return selectors.meeting_request_for(request.auth, request_id)


@router.post(
    "/b2b/requests/{uuid:request_id}/accept",
    response={200: MeetingRequestOut, **WRITE_ERRORS},
    url_name="accept_meeting_request",
)
def accept_meeting_request(request: ApiRequest, request_id: UUID, priority: int = 1) -> Any:
    """The recipient accepts, with its own priority (1 normal, 2 high, 3 top)."""
    return _answer(request, request_id, "accept", recipient_priority=priority)


@router.post(
    "/b2b/requests/{uuid:request_id}/decline",
    response={200: MeetingRequestOut, **WRITE_ERRORS},
    url_name="decline_meeting_request",
)
def decline_meeting_request(request: ApiRequest, request_id: UUID) -> Any:
    return _answer(request, request_id, "decline")


@router.post(
    "/b2b/requests/{uuid:request_id}/cancel",
    response={200: MeetingRequestOut, **WRITE_ERRORS},
    url_name="cancel_meeting_request",
)
def cancel_meeting_request(request: ApiRequest, request_id: UUID) -> Any:
    """The requester withdraws; a meeting scheduled for it leaves the schedule."""
    return _answer(request, request_id, "cancel")


# --- The scheduler and the schedule ---------------------------------------------------------
@router.post(
    "/b2b/{uuid:session_id}/schedule-runs",
    response={202: ScheduleRunOut, **WRITE_ERRORS},
    url_name="start_schedule_run",
)
def start_schedule_run(request: ApiRequest, session_id: UUID, payload: RunIn) -> Any:
    """Queue a run over the accepted requests (one at a time); poll it for progress."""
    session = _organised(request, session_id)
    run = services.start_schedule_run(session, by=request.auth, time_limit=payload.time_limit)
    return Status(202, selectors.schedule_run_for(request.auth, run.pk))


@router.get(
    "/b2b/schedule-runs/{int:run_id}",
    response={200: ScheduleRunOut, **READ_ERRORS},
    url_name="get_schedule_run",
)
def get_schedule_run(request: ApiRequest, run_id: int) -> Any:
    """Progress, then the objective, the proven bound and each request left out with why."""
    return selectors.schedule_run_for(request.auth, run_id)


@router.post(
    "/b2b/{uuid:session_id}/publish",
    response={200: B2BSessionOut, **WRITE_ERRORS},
    url_name="publish_schedule",
)
def publish_schedule(request: ApiRequest, session_id: UUID) -> Any:
    """Each participant gets their agenda; later changes notify those affected."""
    services.publish_schedule(_organised(request, session_id), by=request.auth)
    return _session(request, session_id)


@router.get(
    "/b2b/{uuid:session_id}/meetings",
    response={200: list[MeetingOut], **LIST_ERRORS},
    url_name="list_meetings",
)
@paginate(Pages)
def list_meetings(request: ApiRequest, session_id: UUID) -> Any:
    """Every meeting for the organisers; the caller's organisations' once published."""
    session = _session(request, session_id)
    return selectors.meetings_visible_to(request.auth, session).order_by("slot__starts_at", "id")


def _meeting(request: ApiRequest, meeting_id: UUID) -> Meeting:
    return selectors.meeting_for(request.auth, meeting_id)


@router.patch(
    "/b2b/meetings/{uuid:meeting_id}",
    response={200: MeetingOut, **WRITE_ERRORS},
    url_name="update_meeting",
)
def update_meeting(request: ApiRequest, meeting_id: UUID, payload: MeetingPatch) -> Any:
    """Organisers move a meeting (which locks it) or lock/unlock it in place."""
    meeting = _meeting(request, meeting_id)
    require(
        policies.can_organise(request.auth, meeting.session.event),
        _("Only the event's organisers do this."),
    )
    changes = payload.dict(exclude_unset=True)
    with transaction.atomic():
        if changes.get("slot") is not None or changes.get("table") is not None:
            slot = meeting.session.slots.filter(pk=changes.get("slot", meeting.slot_id)).first()
            if slot is None:
                raise ValidationError({"slot": _("Choose a slot of this session.")})
            table = None
            if changes.get("table") is not None:
                table = meeting.session.tables.filter(name=changes["table"]).first()
                if table is None:
                    raise ValidationError({"table": _("Choose a table of this session.")})
            services.move_meeting(meeting, by=request.auth, slot=slot, table=table)
        if changes.get("locked") is True:
            services.lock_meeting(meeting, by=request.auth)
        elif changes.get("locked") is False:
            services.unlock_meeting(meeting, by=request.auth)
    return _meeting(request, meeting_id)


def _side(
    request: ApiRequest, meeting: Meeting, chosen: UUID | None, *, organisers: bool = False
) -> Participant:
    """The side named, or else the only side the caller acts for (``organisers``: or any
    side, once named)."""
    sides = [meeting.request.requester, meeting.request.recipient]
    if chosen is not None:
        for side in sides:
            if side.public_id == chosen:
                return side
        raise ValidationError({"participant": _("Choose one of the meeting's two sides.")})
    mine = [side for side in sides if policies.can_act_for(request.auth, side)]
    if len(mine) == 1:
        return mine[0]
    if mine or (organisers and policies.can_organise(request.auth, meeting.session.event)):
        raise ValidationError({"participant": _("Say which side of the meeting this is for.")})
    require(False, _("Only the participants' members do this."))
    raise AssertionError  # pragma: no cover


@router.post(
    "/b2b/meetings/{uuid:meeting_id}/check-in",
    response={200: MeetingOut, **WRITE_ERRORS},
    url_name="check_in",
)
def check_in(request: ApiRequest, meeting_id: UUID, payload: CheckInIn) -> Any:
    """A side has arrived (from 30 minutes before); when both have, the meeting is held."""
    meeting = _meeting(request, meeting_id)
    side = _side(request, meeting, payload.participant, organisers=True)
    services.check_in(meeting, side, by=request.auth)
    return _meeting(request, meeting_id)


@router.post(
    "/b2b/meetings/{uuid:meeting_id}/no-show",
    response={200: MeetingOut, **WRITE_ERRORS},
    url_name="mark_no_show",
)
def mark_no_show(request: ApiRequest, meeting_id: UUID) -> Any:
    """Organisers, once the slot has begun, unless the meeting was held."""
    meeting = _meeting(request, meeting_id)
    services.mark_no_show(meeting, by=request.auth)
    return _meeting(request, meeting_id)


@router.post(
    "/b2b/meetings/{uuid:meeting_id}/follow-up",
    response={204: None, **WRITE_ERRORS},
    url_name="record_follow_up",
)
def record_follow_up(request: ApiRequest, meeting_id: UUID, payload: FollowUpIn) -> Any:
    """After the meeting: does the caller's side want to follow up? (the insights funnel)"""
    meeting = _meeting(request, meeting_id)
    side = _side(request, meeting, payload.participant)
    services.record_follow_up(meeting, side, by=request.auth, follow_up=payload.follow_up)
    return Status(204, None)
