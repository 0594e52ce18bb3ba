"""Events, B2B sessions and meetings for tests that need them to exist (insights, the matrix);
the events' own tests go through the services."""

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import factory

from consortia.directory.models import Organisation
from consortia.events.models import (
    B2BSession,
    B2BStatus,
    Event,
    EventKind,
    EventStatus,
    Meeting,
    MeetingRequest,
    MeetingStatus,
    Participant,
    RequestStatus,
    Seat,
    SessionMode,
    Slot,
)

from .accounts import UserFactory
from .directory import OrganisationFactory, topic

# The forum's day: Moscow (UTC+3, no DST) from 09:00 to 18:00 local time.
FORUM_STARTS = datetime(2026, 5, 20, 6, 0, tzinfo=UTC)
FORUM_ENDS = datetime(2026, 5, 20, 15, 0, tzinfo=UTC)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    kind = EventKind.FORUM
    status = EventStatus.PUBLISHED
    title = factory.Sequence(lambda n: f"Innovation forum {n}")
    description = "Cities, startups and investors of the alliance meet."
    language = "en"
    organiser = factory.SubFactory(OrganisationFactory)
    time_zone = "Europe/Moscow"
    starts_at = FORUM_STARTS
    ends_at = FORUM_ENDS
    city = "Moscow"
    venue = "Technopark Skolkovo"
    online_url = "https://meet.example.org/forum"


# --- B2B sessions and meetings (for tests that need them to exist, e.g. insights) ---------
class B2BSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = B2BSession

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: f"B2B session {n}")
    mode = SessionMode.HYBRID
    meeting_minutes = 30
    starts_at = factory.SelfAttribute("event.starts_at")
    ends_at = factory.SelfAttribute("event.ends_at")
    status = B2BStatus.PUBLISHED


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    session = factory.SubFactory(B2BSessionFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    contact = factory.SubFactory(UserFactory)
    time_zone = "Europe/Moscow"
    quota = 12


def held_meeting(
    requester: Organisation,
    recipient: Organisation,
    *,
    at: datetime,
    follow_up: tuple[bool | None, bool | None] = (True, None),
    status: str = MeetingStatus.HELD,
    time_zone: str = "Europe/Moscow",
    topics: Sequence[str] = (),
) -> Meeting:
    """A meeting at ``at`` (UTC) in a fresh event in ``time_zone``, with each side's answer to
    "follow up?"."""
    event = EventFactory(
        time_zone=time_zone, starts_at=at - timedelta(hours=1), ends_at=at + timedelta(hours=8)
    )
    event.topics.set([topic(code) for code in topics])
    session = B2BSessionFactory(event=event)
    slot = Slot.objects.create(session=session, starts_at=at, ends_at=at + timedelta(minutes=30))
    sides = [
        ParticipantFactory(session=session, organisation=organisation, time_zone=time_zone)
        for organisation in (requester, recipient)
    ]
    request = MeetingRequest.objects.create(
        session=session, requester=sides[0], recipient=sides[1], status=RequestStatus.ACCEPTED
    )
    meeting = Meeting.objects.create(session=session, request=request, slot=slot, status=status)
    for side, answer in zip(sides, follow_up, strict=True):
        Seat.objects.create(
            meeting=meeting,
            participant=side,
            slot=slot,
            checked_in=status == MeetingStatus.HELD,
            follow_up=answer,
        )
    return meeting


