"""Reads of B2B sessions: who sees a session, its participants, requests and meetings."""

from typing import Any
from uuid import UUID

from django.db.models import Exists, OuterRef, Q, QuerySet

from consortia.core.permissions import NotVisible
from consortia.directory import policies as directory

from .. import policies
from ..models import (
    B2BSession,
    B2BStatus,
    Meeting,
    MeetingRequest,
    Participant,
    ScheduleRun,
    Seat,
)


def b2b_session_for(user: Any, public_id: Any) -> B2BSession:
    """The session, if its event is visible to ``user``; otherwise 404."""
    try:
        session = B2BSession.objects.select_related("event").get(public_id=public_id)
    except (B2BSession.DoesNotExist, ValueError, TypeError) as error:
        raise NotVisible() from error
    if not policies.can_view_event(user, session.event):
        raise NotVisible()
    return session


def participants_of(session: B2BSession) -> QuerySet[Participant]:
    return (
        Participant.objects.filter(session=session)
        .select_related("organisation", "fixed_table", "contact__person")
        .order_by("organisation__name", "id")
    )


def participants_acting_for(user: Any, session: B2BSession) -> QuerySet[Participant]:
    """The participants of ``session`` that are the user's organisations, by name."""
    organisations = list(directory.memberships_by_organisation(user))
    return participants_of(session).filter(organisation_id__in=organisations)


def requests_visible_to(user: Any, session: B2BSession) -> QuerySet[MeetingRequest]:
    """Every request of the session for its organisers; those the user's organisations made
    or received for anyone else (``meeting_request_for`` answers one the same way)."""
    requests = MeetingRequest.objects.filter(session=session).select_related(
        "requester__organisation", "recipient__organisation"
    )
    if policies.can_organise(user, session.event):
        return requests
    mine = list(directory.memberships_by_organisation(user))
    return requests.filter(
        Q(requester__organisation_id__in=mine) | Q(recipient__organisation_id__in=mine)
    )


def requests_for(participant: Participant) -> QuerySet[MeetingRequest]:
    """Requests the participant made or received, oldest first."""
    return (
        MeetingRequest.objects.filter(Q(requester=participant) | Q(recipient=participant))
        .select_related("requester__organisation", "recipient__organisation")
        .order_by("created_at", "id")
    )


def meetings_visible_to(user: Any, session: B2BSession) -> QuerySet[Meeting]:
    """Organisers see every meeting; a participant's members only its own, once published."""
    meetings = Meeting.objects.filter(session=session).select_related(
        "slot", "table", "request__requester__organisation", "request__recipient__organisation"
    )
    if policies.can_organise(user, session.event):
        return meetings
    if session.status != B2BStatus.PUBLISHED:
        return meetings.none()
    organisations = list(directory.memberships_by_organisation(user))
    return meetings.filter(
        Exists(
            Seat.objects.filter(
                meeting=OuterRef("pk"), participant__organisation_id__in=organisations
            )
        )
    )


def participant_for(user: Any, public_id: Any) -> Participant:
    """A participant of a session whose participants the user may see (its members, the
    other participants and the organisers); otherwise 404."""
    found = (
        Participant.objects.select_related(
            "session__event", "organisation", "fixed_table", "contact__person"
        )
        .filter(public_id=_uuid(public_id))
        .first()
    )
    if found is None or not can_see_participants(user, found.session):
        raise NotVisible()
    return found


def can_see_participants(user: Any, session: B2BSession) -> bool:
    """Who takes part is shown to the organisers and to members of participants."""
    if not policies.can_view_event(user, session.event):
        return False
    if policies.can_organise(user, session.event):
        return True
    organisations = list(directory.memberships_by_organisation(user))
    return Participant.objects.filter(session=session, organisation_id__in=organisations).exists()


def meeting_request_for(user: Any, public_id: Any) -> MeetingRequest:
    """A request the user's organisation made or received, or one the organisers see; else
    404."""
    found = (
        MeetingRequest.objects.select_related(
            "session__event", "requester__organisation", "recipient__organisation"
        )
        .filter(public_id=_uuid(public_id))
        .first()
    )
    if found is None or not (
        policies.can_act_for(user, found.requester)
        or policies.can_act_for(user, found.recipient)
        or policies.can_organise(user, found.session.event)
    ):
        raise NotVisible()
    return found


def meeting_for(user: Any, public_id: Any) -> Meeting:
    """A meeting the user may see (organisers; the sides once published); else 404."""
    meeting = (
        Meeting.objects.select_related(
            "session__event",
            "slot",
            "table",
            "request__requester__organisation",
            "request__recipient__organisation",
        )
        .filter(public_id=_uuid(public_id))
        .first()
    )
    if meeting is None or not policies.can_see_meeting(user, meeting):
        raise NotVisible()
    return meeting


def schedule_run_for(user: Any, pk: int) -> ScheduleRun:
    """A scheduler run, for the event's organisers; 404 for anyone else."""
    found = ScheduleRun.objects.select_related("session__event").filter(pk=pk).first()
    if found is None or not policies.can_organise(user, found.session.event):
        raise NotVisible()
    return found


def _uuid(value: Any) -> Any:
    try:
        return UUID(str(value))
    except ValueError:
        return None


def latest_run(session: B2BSession) -> ScheduleRun | None:
    return ScheduleRun.objects.filter(session=session).order_by("-created_at", "-id").first()
