"""Races for one slot: 32 organisers' moves at once, each on its own database connection,
released together by a barrier. Exactly as many succeed as the slot has room for; the rest are
refused with a clear message; afterwards no participant and no table is in two meetings in one
slot. Runs on SQLite (a file copy of the test database; tests/races.py says why) and on
PostgreSQL."""

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.db.models import Count

from consortia.accounts.models import User
from consortia.core.models import AuditEvent
from consortia.directory.models import Organisation
from consortia.events.models import (
    B2BSession,
    Meeting,
    MeetingRequest,
    Participant,
    RequestStatus,
    Seat,
    Slot,
)
from consortia.events.services import b2b as services
from tests.conftest import World
from tests.factories.directory import OrganisationFactory
from tests.races import THREADS, assert_threads_can_write_concurrently, race

from .test_b2b import session_of

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _participants(session: B2BSession, count: int, prefix: str) -> list[Participant]:
    """``count`` on-site (online in an online session) participants, free in every slot."""
    contact = User.objects.order_by("pk").values_list("pk", flat=True).first()
    organisations = Organisation.objects.bulk_create(
        OrganisationFactory.build(name=f"{prefix} {i}") for i in range(count)
    )
    participants = Participant.objects.bulk_create(
        Participant(
            session=session,
            organisation=o,
            contact_id=contact,
            time_zone="Europe/Moscow",
            quota=40,
            onsite=session.mode != "online",
        )
        for o in organisations
    )
    slots = list(session.slots.all())
    Participant.available_slots.through.objects.bulk_create(
        Participant.available_slots.through(participant_id=p.pk, slot_id=s.pk)
        for p in participants
        for s in slots
    )
    return participants


def _meetings(
    session: B2BSession, pairs: list[tuple[Participant, Participant]], *, table: Any
) -> list[int]:
    """One accepted request and meeting per pair, the i-th in slot i + 1, so slot 0 is free."""
    slots = list(session.slots.all())
    requests = MeetingRequest.objects.bulk_create(
        MeetingRequest(
            session=session,
            requester=a,
            recipient=b,
            status=RequestStatus.ACCEPTED,
            online=table is None,
        )
        for a, b in pairs
    )
    meetings = Meeting.objects.bulk_create(
        Meeting(session=session, request=r, slot=slots[i + 1], table=table)
        for i, r in enumerate(requests)
    )
    Seat.objects.bulk_create(
        Seat(meeting=m, participant_id=p, slot=m.slot)
        for m, (a, b) in zip(meetings, pairs, strict=True)
        for p in (a.pk, b.pk)
    )
    return [m.pk for m in meetings]


def _moves(
    world: World, meetings: list[int], slot: Slot, table_id: int | None
) -> Callable[[int], Callable[[], Any]]:
    organisers = [world.users["admin_a"].pk, world.users["owner_a"].pk, world.users["operator"].pk]

    def prepare(i: int) -> Callable[[], Any]:
        meeting = Meeting.objects.select_related("session__event", "request").get(pk=meetings[i])
        target = Slot.objects.get(pk=slot.pk)
        organiser = User.objects.get(pk=organisers[i % len(organisers)])
        table = meeting.session.tables.get(pk=table_id) if table_id else None
        return lambda: services.move_meeting(meeting, by=organiser, slot=target, table=table)

    return prepare


def _assert_no_double_booking(session: B2BSession) -> None:
    seats = Seat.objects.filter(meeting__session=session)
    assert not seats.values("participant", "slot").annotate(n=Count("id")).filter(n__gt=1)
    tables = Meeting.objects.filter(session=session, table__isnull=False)
    assert not tables.values("table", "slot").annotate(n=Count("id")).filter(n__gt=1)
    for meeting in Meeting.objects.filter(session=session).prefetch_related("seats"):
        assert {seat.slot_id for seat in meeting.seats.all()} == {meeting.slot_id}


def test_the_test_database_is_one_that_threads_can_write_to_concurrently():
    assert_threads_can_write_concurrently()


def test_thirty_two_moves_to_one_table_and_slot_leave_exactly_one_winner(world: World):
    session = session_of(world, minutes=15, tables=2, quota=36)
    people = _participants(session, 2 * THREADS, "Company")
    first, second = list(session.tables.all())
    meetings = _meetings(session, list(zip(people[::2], people[1::2], strict=True)), table=first)
    target = session.slots.order_by("starts_at").first()

    outcomes = race(_moves(world, meetings, target, second.pk))

    assert outcomes.count("won") == 1, outcomes
    assert (
        outcomes.count(str({"table": ["This table is already taken in that slot."]})) == THREADS - 1
    ), outcomes
    moved = Meeting.objects.get(slot=target)
    assert (moved.table_id, moved.locked) == (second.pk, True)
    assert Meeting.objects.filter(session=session, locked=True).count() == 1
    assert AuditEvent.objects.filter(action="b2b.meeting_moved").count() == 1
    _assert_no_double_booking(session)


def test_thirty_two_moves_into_a_slot_with_three_tables_seat_exactly_three(world: World):
    session = session_of(world, minutes=15, tables=4, quota=36)
    people = _participants(session, 2 * THREADS, "Company")
    tables = list(session.tables.all())
    meetings = _meetings(
        session, list(zip(people[::2], people[1::2], strict=True)), table=tables[0]
    )
    target = session.slots.order_by("starts_at").first()
    # One of the four tables is already taken in the target slot by an exhibitor's meeting.
    exhibitor = _participants(session, 2, "Exhibitor")
    _meetings(session, [(exhibitor[0], exhibitor[1])], table=tables[3])
    Meeting.objects.filter(request__requester=exhibitor[0]).update(slot=target)
    Seat.objects.filter(participant__in=exhibitor).update(slot=target)

    outcomes = race(_moves(world, meetings, target, None))

    assert outcomes.count("won") == 3, outcomes
    assert outcomes.count(str({"table": ["No table is free in that slot."]})) == THREADS - 3
    assert sorted(Meeting.objects.filter(slot=target).values_list("table_id", flat=True)) == [
        t.pk for t in tables
    ]
    _assert_no_double_booking(session)


def test_thirty_two_moves_of_one_participants_meetings_into_one_slot_leave_one(world: World):
    session = session_of(world, mode="online", minutes=15, quota=36)
    popular, *others = _participants(session, THREADS + 1, "Company")
    meetings = _meetings(session, [(popular, other) for other in others], table=None)
    target = session.slots.order_by("starts_at").first()

    outcomes = race(_moves(world, meetings, target, None))

    assert outcomes.count("won") == 1, outcomes
    refusal = str({"slot": [f"{popular.organisation.name} already has a meeting then."]})
    assert outcomes.count(refusal) == THREADS - 1, outcomes
    assert Seat.objects.filter(participant=popular, slot=target).count() == 1
    assert (
        Counter(
            Seat.objects.filter(participant=popular).values_list("slot_id", flat=True)
        ).most_common(1)[0][1]
        == 1
    )
    _assert_no_double_booking(session)
