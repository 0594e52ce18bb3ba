"""Reads of B2B sessions: who sees a session, its participants, requests and meetings."""

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from consortia.core.permissions import NotVisible
from consortia.directory import policies as directory

from .. import policies
from ..models import (
    B2BSession,
    B2BStatus,
    Meeting,
    MeetingRequest,
    MeetingStatus,
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
        .select_related("organisation", "fixed_table")
        .order_by("organisation__name", "id")
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


def latest_run(session: B2BSession) -> ScheduleRun | None:
    return ScheduleRun.objects.filter(session=session).order_by("-created_at", "-id").first()


def meeting_follow_up_counts() -> dict[str, int]:
    """For the insights funnel: meetings held, and of those how many a side wants to follow up."""
    held = Meeting.objects.filter(status=MeetingStatus.HELD)
    follow_up = held.filter(Exists(Seat.objects.filter(meeting=OuterRef("pk"), follow_up=True)))
    return {"held": held.count(), "follow_up": follow_up.count()}
