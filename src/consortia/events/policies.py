"""Who may see, organise and take part in events and B2B sessions. Plain predicates."""

from typing import Any

from consortia.core.permissions import is_operator
from consortia.directory import policies as directory
from consortia.directory.models import Organisation

from .models import (
    B2BSession,
    B2BStatus,
    Event,
    EventStatus,
    Meeting,
    Participant,
    RegistrationStatus,
)


def _admin_of(user: Any, organisation_id: int) -> bool:
    membership = directory.memberships_by_organisation(user).get(organisation_id)
    return membership is not None and membership.can_manage


def _member_of(user: Any, organisation_id: int) -> bool:
    return organisation_id in directory.memberships_by_organisation(user)


def can_create_event_for(user: Any, organiser: Organisation) -> bool:
    """The operator, or an admin of a verified organisation."""
    return is_operator(user) or (_admin_of(user, organiser.pk) and organiser.is_verified)


def can_organise(user: Any, event: Event) -> bool:
    """The operator and the admins of the organiser and co-organisers run the event: edit it,
    decide registrations, set up and schedule its B2B sessions."""
    if is_operator(user):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    organisers = {event.organiser_id, *(o.pk for o in event.co_organisers.all())}
    return any(_admin_of(user, organisation) for organisation in organisers)


def can_view_event(user: Any, event: Event) -> bool:
    """Published and cancelled events are public; a draft only for those who organise it."""
    return event.status != EventStatus.DRAFT or can_organise(user, event)


def can_register(user: Any, event: Event) -> bool:
    return getattr(user, "is_authenticated", False) and event.status == EventStatus.PUBLISHED


def can_act_for(user: Any, participant: Participant) -> bool:
    """Any member of the participating organisation requests, answers and marks for it."""
    return _member_of(user, participant.organisation_id)


def can_join_b2b_for(user: Any, session: B2BSession, organisation: Organisation) -> bool:
    return (
        session.event.status == EventStatus.PUBLISHED
        and session.status != B2BStatus.PUBLISHED
        and _member_of(user, organisation.pk)
        and organisation.is_verified
    )


def can_see_meeting(user: Any, meeting: Meeting) -> bool:
    """The organisers always; the two sides' members once the schedule is published."""
    if can_organise(user, meeting.session.event):
        return True
    if meeting.session.status != B2BStatus.PUBLISHED:
        return False
    return _member_of(user, meeting.request.requester.organisation_id) or _member_of(
        user, meeting.request.recipient.organisation_id
    )


def can_see_online_link(user: Any, event: Event) -> bool:
    """The online-meeting link is for those taking part: the organisers and the people with a
    confirmed registration (pages, calendar files and feeds alike)."""
    if can_organise(user, event):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return event.registrations.filter(user_id=user.pk, status=RegistrationStatus.CONFIRMED).exists()
