"""What events hold about a person (core.privacy): registrations, delegations they head, B2B
participation as their organisation's contact, schedule runs and the calendar feed."""

from typing import Any

from django.db.models import QuerySet

from consortia.core import clock
from consortia.core.privacy import Erase, Holding

from .models import (
    Registration,
    RegistrationStatus,
)

ORGANISERS = "The organisers' record of their event; it names only the pseudonymised account."


def _scrub_registrations(rows: QuerySet[Registration], user: Any) -> None:
    """Places at events still to come are given back; every note to the organisers goes."""
    rows.filter(
        event__ends_at__gt=clock.now(),
        status__in=[RegistrationStatus.PENDING, RegistrationStatus.CONFIRMED],
    ).update(status=RegistrationStatus.CANCELLED)
    rows.update(note="")


HOLDINGS = [
    Holding(
        "events.Registration",
        refs=("user",),
        erase=Erase.SCRUB,
        mine="user_id",
        columns=("event__public_id", "event__title", "event__starts_at", "status", "note"),
        scrub=_scrub_registrations,
    ),
    Holding(
        "events.Registration",
        refs=("decided_by",),
        part="decided",
        erase=Erase.KEEP,
        mine="decided_by_id",
        why=ORGANISERS + " Not exported: the registrations are other people's.",
    ),
    Holding(
        "events.Event",
        refs=("organiser", "co_organisers", "created_by"),
        erase=Erase.KEEP,
        mine="created_by_id",
        columns=("public_id", "title", "organiser__name", "starts_at", "status"),
        why=ORGANISERS,
    ),
    Holding(
        "events.Event_co_organisers",
        refs=("organisation",),
        erase=Erase.EXEMPT,
        why="Which organisations organise an event: nothing about a person.",
    ),
    Holding(
        "events.Delegation",
        refs=("organisation", "head"),
        erase=Erase.KEEP,
        mine="head_id",
        columns=("event__title", "organisation__name", "created_at"),
        why="A delegation is its organisation's; it names only the pseudonymised account.",
    ),
    Holding(
        "events.Participant",
        refs=("organisation", "contact"),
        erase=Erase.KEEP,
        mine="contact_id",
        columns=("session__event__title", "session__title", "organisation__name", "time_zone"),
        why="A B2B participant is the organisation's seat at the session, with meetings agreed "
        "with others; the contact shows as the pseudonymised account.",
    ),
    Holding(
        "events.ScheduleRun",
        refs=("requested_by",),
        erase=Erase.KEEP,
        mine="requested_by_id",
        columns=("session__title", "status", "created_at"),
        why=ORGANISERS,
    ),
    Holding(
        "events.CalendarFeed",
        refs=("user",),
        erase=Erase.DELETE,
        mine="user_id",
        columns=("created_at", "last_used_at"),
    ),
]
