"""Schemas of the events API. Every time goes out in UTC with the event's time zone beside it,
so a client can show both; times coming in may carry an offset, or are read as wall-clock
times in the event's (or, for availability, the participant's) time zone."""

from datetime import datetime
from typing import Any, Literal
from uuid import UUID
from zoneinfo import ZoneInfo

from django.urls import reverse
from ninja import Field, Schema

from consortia.core.api import ApiRequest, OrganisationRef

from .. import policies
from ..models import (
    AgendaSession,
    B2BSession,
    Event,
    Participant,
    Registration,
    ScheduleRun,
)
from ..scheduling import LEFT_OUT_REASONS


def _request(context: Any) -> ApiRequest:
    return context["request"]


def local_time(moment: datetime, zone: str) -> str:
    """The wall-clock time in ``zone``, as ISO 8601 with its offset."""
    return moment.astimezone(ZoneInfo(zone)).isoformat()


# --- Out ------------------------------------------------------------------------------------
class AgendaSessionOut(Schema):
    id: UUID = Field(..., alias="public_id")
    title: str
    description: str
    starts_at: datetime = Field(..., description="UTC")
    ends_at: datetime = Field(..., description="UTC")
    local_starts_at: str = Field(..., description="in the event's time zone, with its offset")
    room: str
    speakers: str
    online_url: str = Field(..., description="empty unless the caller takes part")
    calendar_url: str = Field(..., description="an ICS file of this session")

    @staticmethod
    def resolve_local_starts_at(obj: AgendaSession) -> str:
        return local_time(obj.starts_at, obj.event.time_zone)

    @staticmethod
    def resolve_online_url(obj: AgendaSession, context: Any) -> str:
        shown = policies.can_see_online_link(_request(context).auth, obj.event)
        return obj.online_url if shown else ""

    @staticmethod
    def resolve_calendar_url(obj: AgendaSession) -> str:
        return reverse("events:session_ics", args=[obj.public_id])


class B2BSessionRef(Schema):
    id: UUID = Field(..., alias="public_id")
    title: str
    mode: str = Field(..., description="onsite, online or hybrid")
    status: str


class EventOut(Schema):
    """An event as the list shows it."""

    id: UUID = Field(..., alias="public_id")
    kind: str = Field(
        ...,
        description="forum, exhibition, business_mission, ministerial, conference or "
        "online_session",
    )
    status: str = Field(..., description="draft, published or cancelled")
    title: str
    language: str
    organiser: OrganisationRef
    time_zone: str
    starts_at: datetime = Field(..., description="UTC")
    ends_at: datetime = Field(..., description="UTC")
    local_starts_at: str = Field(..., description="in the event's time zone, with its offset")
    local_ends_at: str
    country: str | None = Field(None, alias="country_id")
    city: str
    online: bool = Field(..., description="has an online meeting link")

    @staticmethod
    def resolve_local_starts_at(obj: Event) -> str:
        return local_time(obj.starts_at, obj.time_zone)

    @staticmethod
    def resolve_local_ends_at(obj: Event) -> str:
        return local_time(obj.ends_at, obj.time_zone)

    @staticmethod
    def resolve_online(obj: Event) -> bool:
        return bool(obj.online_url)


class EventDetailOut(EventOut):
    description: str
    co_organisers: list[OrganisationRef]
    topics: list[str]
    venue: str
    online_url: str = Field(..., description="empty unless the caller takes part")
    capacity: int | None
    requires_approval: bool
    registration_closes_at: datetime | None = Field(..., description="UTC")
    agenda: list[AgendaSessionOut]
    b2b_sessions: list[B2BSessionRef]
    calendar_url: str = Field(..., description="an ICS file of the event with its agenda")
    page_url: str

    @staticmethod
    def resolve_co_organisers(obj: Event) -> list[Any]:
        return list(obj.co_organisers.all())

    @staticmethod
    def resolve_topics(obj: Event) -> list[str]:
        return [topic.code for topic in obj.topics.all()]

    @staticmethod
    def resolve_online_url(obj: Event, context: Any) -> str:
        return obj.online_url if policies.can_see_online_link(_request(context).auth, obj) else ""

    @staticmethod
    def resolve_agenda(obj: Event) -> list[AgendaSession]:
        sessions = sorted(obj.sessions.all(), key=lambda s: (s.starts_at, s.pk))
        for session in sessions:
            session.event = obj
        return sessions

    @staticmethod
    def resolve_b2b_sessions(obj: Event) -> list[B2BSession]:
        return sorted(obj.b2b_sessions.all(), key=lambda s: (s.starts_at, s.pk))

    @staticmethod
    def resolve_calendar_url(obj: Event) -> str:
        return reverse("events:event_ics", args=[obj.public_id])

    @staticmethod
    def resolve_page_url(obj: Event) -> str:
        return reverse("events:event", args=[obj.public_id])


class RegistrationOut(Schema):
    id: UUID = Field(..., alias="public_id")
    event: UUID = Field(..., alias="event.public_id")
    person: str = Field(..., description="the registered person's name")
    organisation: OrganisationRef | None = Field(
        None, description="the delegation they belong to", alias="delegation.organisation"
    )
    status: str = Field(..., description="pending, confirmed, declined or cancelled")
    attendance: str = Field(..., description="onsite or online")
    note: str
    created_at: datetime

    @staticmethod
    def resolve_person(obj: Registration) -> str:
        person = getattr(obj.user, "person", None)
        return person.full_name if person is not None else obj.user.get_username()


class MyEventsOut(Schema):
    registered: list[RegistrationOut]
    organised: list[EventOut]


class AgendaItemOut(Schema):
    kind: Literal["event", "session", "meeting"]
    title: str = Field(..., description="for a meeting, the organisation met")
    event: UUID
    id: UUID = Field(..., description="the event's, session's or meeting's id")
    starts_at: datetime = Field(..., description="UTC")
    ends_at: datetime = Field(..., description="UTC")
    time_zone: str = Field(..., description="the event's")
    local_starts_at: str = Field(..., description="in the event's time zone")
    table: str = Field("", description="for an on-site meeting, its table")


class FeedOut(Schema):
    url: str = Field(..., description="the private subscription address; shown only now")


# --- B2B out --------------------------------------------------------------------------------
class SlotOut(Schema):
    id: int
    starts_at: datetime
    ends_at: datetime


class B2BSessionOut(Schema):
    id: UUID = Field(..., alias="public_id")
    event: UUID = Field(..., alias="event.public_id")
    title: str
    mode: str = Field(..., description="onsite, online or hybrid")
    status: str = Field(..., description="open, scheduling or published")
    meeting_minutes: int
    starts_at: datetime
    ends_at: datetime
    time_zone: str = Field(..., alias="event.time_zone")
    requests_close_at: datetime | None
    default_quota: int
    slots: list[SlotOut]
    tables: list[str]

    @staticmethod
    def resolve_slots(obj: B2BSession) -> list[Any]:
        return list(obj.slots.order_by("starts_at", "id"))

    @staticmethod
    def resolve_tables(obj: B2BSession) -> list[str]:
        return [table.name for table in obj.tables.order_by("id")]


class ParticipantOut(Schema):
    id: UUID = Field(..., alias="public_id")
    organisation: OrganisationRef
    contact: str = Field(..., description="the person who answers for it")
    time_zone: str
    quota: int
    onsite: bool
    profile: str
    table: str | None = Field(None, alias="fixed_table.name")
    available_slots: list[int] | None = Field(
        None, description="slot ids; only for the participant's own members and the organisers"
    )

    @staticmethod
    def resolve_contact(obj: Participant) -> str:
        person = getattr(obj.contact, "person", None)
        return person.full_name if person is not None else ""

    @staticmethod
    def resolve_available_slots(obj: Participant, context: Any) -> list[int] | None:
        user = _request(context).auth
        if policies.can_act_for(user, obj) or policies.can_organise(user, obj.session.event):
            return sorted(slot.pk for slot in obj.available_slots.all())
        return None


class MeetingRequestOut(Schema):
    id: UUID = Field(..., alias="public_id")
    requester: OrganisationRef = Field(..., alias="requester.organisation")
    requester_participant: UUID = Field(..., alias="requester.public_id")
    recipient: OrganisationRef = Field(..., alias="recipient.organisation")
    recipient_participant: UUID = Field(..., alias="recipient.public_id")
    message: str
    priority: int = Field(..., description="1 normal, 2 high, 3 top")
    online: bool
    status: str = Field(..., description="pending, accepted, declined or cancelled")
    created_at: datetime
    answered_at: datetime | None


class MeetingOut(Schema):
    id: UUID = Field(..., alias="public_id")
    request: UUID = Field(..., alias="request.public_id")
    requester: OrganisationRef = Field(..., alias="request.requester.organisation")
    recipient: OrganisationRef = Field(..., alias="request.recipient.organisation")
    starts_at: datetime = Field(..., alias="slot.starts_at")
    ends_at: datetime = Field(..., alias="slot.ends_at")
    slot: int = Field(..., alias="slot.id")
    table: str | None = Field(None, alias="table.name")
    online: bool = Field(..., alias="request.online")
    locked: bool
    status: str = Field(..., description="scheduled, held or no_show")


class LeftOutOut(Schema):
    request: str
    code: str = Field(
        ..., description="do_not_meet, no_common_slot, quota, outweighed, no_table, time_limit"
    )
    reason: str


class ScheduleRunOut(Schema):
    id: int
    session: UUID = Field(..., alias="session.public_id")
    status: str = Field(..., description="queued, running, done or failed")
    progress: int = Field(..., description="percent")
    time_limit: float
    objective: float | None = Field(..., description="total weight of the meetings scheduled")
    upper_bound: float | None = Field(..., description="proven: no schedule does better")
    seconds: float | None
    scheduled: int
    left_out: list[LeftOutOut]
    error: str
    created_at: datetime
    finished_at: datetime | None

    @staticmethod
    def resolve_left_out(obj: ScheduleRun) -> list[dict[str, str]]:
        return [
            {
                "request": str(item.get("request", "")),
                "code": str(item.get("code", "")),
                "reason": str(LEFT_OUT_REASONS.get(item.get("code", ""), item.get("reason", ""))),
            }
            for item in obj.left_out
        ]


# --- In -------------------------------------------------------------------------------------
class EventQuery(Schema):
    q: str = ""
    kind: str = ""
    country: str = ""
    when: str = Field("", description="upcoming, past, or empty for both")


class EventIn(Schema):
    organiser: UUID = Field(..., description="a verified organisation the caller administers")
    kind: str
    title: str
    description: str = ""
    language: str
    time_zone: str = Field(..., description="IANA name, e.g. Europe/Moscow")
    starts_at: datetime = Field(..., description="with an offset, or local to time_zone")
    ends_at: datetime
    country: str | None = Field(None, description="ISO 3166 alpha-2")
    city: str = ""
    venue: str = ""
    online_url: str = ""
    capacity: int | None = None
    requires_approval: bool = False
    registration_closes_at: datetime | None = None
    co_organisers: list[UUID] = []
    topics: list[str] = []


class EventPatch(Schema):
    kind: str | None = None
    title: str | None = None
    description: str | None = None
    language: str | None = None
    time_zone: str | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    country: str | None = None
    city: str | None = None
    venue: str | None = None
    online_url: str | None = None
    capacity: int | None = None
    requires_approval: bool | None = None
    registration_closes_at: datetime | None = None
    co_organisers: list[UUID] | None = None
    topics: list[str] | None = None


class AgendaSessionIn(Schema):
    title: str
    description: str = ""
    starts_at: datetime = Field(..., description="with an offset, or local to the event")
    ends_at: datetime
    room: str = ""
    online_url: str = ""
    speakers: str = ""


class AgendaSessionPatch(Schema):
    title: str | None = None
    description: str | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    room: str | None = None
    online_url: str | None = None
    speakers: str | None = None


class RegistrationIn(Schema):
    attendance: str = Field("onsite", description="onsite or online")
    organisation: UUID | None = Field(None, description="join this organisation's delegation")
    note: str = ""


class B2BSessionIn(Schema):
    title: str
    mode: str = Field(..., description="onsite, online or hybrid")
    meeting_minutes: int
    starts_at: datetime = Field(..., description="with an offset, or local to the event")
    ends_at: datetime
    tables: int | list[str] = Field(0, description="how many, or their names")
    default_quota: int = 12
    requests_close_at: datetime | None = None


class B2BSessionPatch(Schema):
    title: str | None = None
    default_quota: int | None = None
    requests_close_at: datetime | None = None
    add_tables: list[str] = []


class JoinIn(Schema):
    organisation: UUID
    time_zone: str | None = Field(None, description="default: the caller's")
    quota: int | None = None
    onsite: bool = True
    profile: str = ""


class ParticipantPatch(Schema):
    profile: str | None = Field(None, description="what we offer and look for")
    time_zone: str | None = None
    contact: UUID | None = Field(None, description="a person of the organisation")
    quota: int | None = None
    onsite: bool | None = None


class RangeIn(Schema):
    starts_at: datetime = Field(..., description="local to the participant, or with an offset")
    ends_at: datetime


class AvailabilityIn(Schema):
    ranges: list[RangeIn]


class MeetingRequestIn(Schema):
    recipient: UUID = Field(..., description="a participant of the session")
    requester: UUID | None = Field(
        None, description="the caller's participant; needed only if they belong to several"
    )
    message: str = ""
    priority: int = Field(1, description="1 normal, 2 high, 3 top")
    online: bool = False


class MarkIn(Schema):
    kind: str = Field(..., description="must_meet or do_not_meet")


class RunIn(Schema):
    time_limit: float = Field(30, description="seconds the scheduler may take")


class MeetingPatch(Schema):
    slot: int | None = Field(None, description="move to this slot (and lock)")
    table: str | None = Field(None, description="at this table (by name)")
    locked: bool | None = None


class CheckInIn(Schema):
    participant: UUID | None = Field(
        None, description="which side arrived; organisers must say, a side may leave it out"
    )


class FollowUpIn(Schema):
    follow_up: bool
    participant: UUID | None = Field(None, description="which side answers, if both are yours")
