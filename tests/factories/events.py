"""Events for tests that need one to exist; the events' own tests go through the services."""

from datetime import UTC, datetime

import factory

from consortia.events.models import Event, EventKind, EventStatus

from .directory import OrganisationFactory

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
