"""A person's agenda — the events they have a confirmed place at, those events' sessions and
the B2B meetings of their organisations once a schedule is published — and the single event or
session a calendar file is asked for."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from django.db.models import Q

from consortia.core.permissions import NotVisible
from consortia.directory import policies as directory
from consortia.directory.models import Organisation

from .. import policies
from ..models import (
    AgendaSession,
    B2BStatus,
    CalendarFeed,
    Event,
    EventStatus,
    Meeting,
    Registration,
    RegistrationStatus,
)

SHOWN_EVENT_STATUSES = (EventStatus.PUBLISHED, EventStatus.CANCELLED)


@dataclass(frozen=True)
class AgendaItem:
    """One line of the agenda: a whole event, one of its sessions, or a B2B meeting with the
    organisation on the other side (``counterpart``)."""

    event: Event
    session: AgendaSession | None = None
    meeting: Meeting | None = None
    counterpart: Organisation | None = None

    @property
    def kind(self) -> str:
        if self.meeting is not None:
            return "meeting"
        return "session" if self.session is not None else "event"

    @property
    def starts_at(self) -> datetime:
        if self.meeting is not None:
            return self.meeting.slot.starts_at
        return (self.session or self.event).starts_at

    @property
    def ends_at(self) -> datetime:
        if self.meeting is not None:
            return self.meeting.slot.ends_at
        return (self.session or self.event).ends_at

    @property
    def title(self) -> str:
        if self.meeting is not None:
            return self.counterpart_name
        return (self.session or self.event).title

    @property
    def counterpart_name(self) -> str:
        return self.counterpart.name if self.counterpart is not None else ""


def agenda_of(user: Any) -> list[AgendaItem]:
    """The user's agenda in time order. Drafts never appear: no draft event, and no meeting of
    a B2B session whose schedule is not published; meetings only of the user's organisations
    (the two sides that :func:`policies.can_see_meeting` lets see a published meeting)."""
    if not getattr(user, "is_authenticated", False):
        return []
    events = {
        registration.event_id: registration.event
        for registration in Registration.objects.filter(
            user_id=user.pk,
            status=RegistrationStatus.CONFIRMED,
            event__status__in=SHOWN_EVENT_STATUSES,
        ).select_related("event__country")
    }
    items = [AgendaItem(event=event) for event in events.values()]
    for agenda_session in AgendaSession.objects.filter(event_id__in=events):
        agenda_session.event = events[agenda_session.event_id]
        items.append(AgendaItem(event=agenda_session.event, session=agenda_session))
    items.extend(_meetings_of(user))
    order = {"event": 0, "session": 1, "meeting": 2}
    items.sort(key=lambda item: (item.starts_at, order[item.kind], item.title))
    return items


def _meetings_of(user: Any) -> list[AgendaItem]:
    organisation_ids = set(directory.memberships_by_organisation(user))
    if not organisation_ids:
        return []
    meetings = (
        Meeting.objects.filter(
            session__status=B2BStatus.PUBLISHED,
            session__event__status__in=SHOWN_EVENT_STATUSES,
        )
        .filter(
            Q(request__requester__organisation_id__in=organisation_ids)
            | Q(request__recipient__organisation_id__in=organisation_ids)
        )
        .select_related(
            "slot",
            "table",
            "session__event__country",
            "request__requester__organisation",
            "request__recipient__organisation",
        )
    )
    items = []
    for meeting in meetings:
        requester = meeting.request.requester.organisation
        recipient = meeting.request.recipient.organisation
        counterpart = recipient if requester.pk in organisation_ids else requester
        items.append(
            AgendaItem(event=meeting.session.event, meeting=meeting, counterpart=counterpart)
        )
    return items


def calendar_event(user: Any, public_id: UUID | str) -> Event:
    """The event whose calendar file ``user`` asks for; 404 if they may not see it."""
    event = Event.objects.select_related("country").filter(public_id=public_id).first()
    if event is None or not policies.can_view_event(user, event):
        raise NotVisible()
    return event


def calendar_session(user: Any, public_id: UUID | str) -> AgendaSession:
    """The agenda session whose calendar file ``user`` asks for; 404 unless its event is visible."""
    agenda_session = (
        AgendaSession.objects.select_related("event__country").filter(public_id=public_id).first()
    )
    if agenda_session is None or not policies.can_view_event(user, agenda_session.event):
        raise NotVisible()
    return agenda_session


def feed_of(user: Any) -> CalendarFeed | None:
    """The user's private calendar feed, if they have made one."""
    if not getattr(user, "is_authenticated", False):
        return None
    return CalendarFeed.objects.filter(user_id=user.pk).first()
