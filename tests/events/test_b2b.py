"""B2B sessions: setting up, joining, availability in the participant's own time zone, quotas,
tables, meeting requests and marks — each service's validation and permission."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from consortia.core.models import AuditEvent
from consortia.core.permissions import NotPermitted
from consortia.directory.models import Organisation
from consortia.events.models import (
    B2BSession,
    Event,
    Mark,
    MeetingRequest,
    Participant,
    RequestStatus,
    Slot,
    Table,
)
from consortia.events.services import b2b as services
from consortia.messaging.models import Notification
from tests.conftest import World
from tests.factories.directory import MembershipFactory, OrganisationFactory
from tests.factories.events import FORUM_ENDS, FORUM_STARTS, EventFactory

pytestmark = pytest.mark.django_db


# --- Helpers shared by the B2B test modules -------------------------------------------------
def forum(world: World, **fields: Any) -> Event:
    """Organisation A's published forum in Moscow, 09:00–18:00 local (06:00–15:00 UTC)."""
    return EventFactory(organiser=world.org_a, **fields)


def session_of(
    world: World,
    *,
    event: Event | None = None,
    mode: str = "hybrid",
    minutes: int = 30,
    tables: Any = 3,
    quota: int = 6,
    starts_at: datetime = FORUM_STARTS,
    ends_at: datetime = FORUM_ENDS,
) -> B2BSession:
    return services.create_b2b_session(
        event or forum(world),
        by=world.users["admin_a"],
        title="Matchmaking",
        mode=mode,
        meeting_minutes=minutes,
        starts_at=starts_at,
        ends_at=ends_at,
        tables=tables,
        default_quota=quota,
    )


def company(name: str, time_zone: str = "Europe/Moscow") -> tuple[Organisation, Any]:
    """A verified organisation with one member living in ``time_zone``."""
    membership = MembershipFactory(
        organisation=OrganisationFactory(name=name), person__time_zone=time_zone
    )
    return membership.organisation, membership.person.user


def joined(
    session: B2BSession, name: str, time_zone: str = "Europe/Moscow", **options: Any
) -> tuple[Participant, Any]:
    organisation, user = company(name, time_zone)
    participant = services.join_b2b_session(session, by=user, organisation=organisation, **options)
    return participant, user


def contact(participant: Participant) -> Any:
    return participant.contact


def slot_starts(slots: Any) -> list[str]:
    return [f"{slot.starts_at.astimezone(UTC):%H:%M}" for slot in slots]


# --- Setting up a session -------------------------------------------------------------------
def test_create_b2b_session_makes_consecutive_slots_and_named_tables(world: World):
    session = session_of(world, minutes=40, tables=["Hall A", "Hall B"])

    slots = list(session.slots.all())
    assert len(slots) == 13  # 9 hours of 40 minutes: the fourteenth would end after 15:00
    assert slots[0].starts_at == FORUM_STARTS
    assert slots[-1].ends_at == FORUM_STARTS + timedelta(minutes=13 * 40)
    assert [t.name for t in session.tables.all()] == ["Hall A", "Hall B"]
    assert (
        AuditEvent.objects.filter(
            action="b2b_session.created", actor=world.users["admin_a"]
        ).count()
        == 1
    )


def test_create_b2b_session_online_has_no_tables_and_counts_tables_otherwise(world: World):
    online = session_of(world, mode="online", tables=5)
    onsite = session_of(world, mode="onsite", tables=2)

    assert online.tables.count() == 0
    assert [t.name for t in onsite.tables.all()] == ["Table 1", "Table 2"]
    assert online.slots.count() == 18


@pytest.mark.parametrize("role", ["member_a", "member_b", "no_org"])
def test_create_b2b_session_refused_to_non_organisers(world: World, role: str):
    event = forum(world)

    with pytest.raises(NotPermitted):
        services.create_b2b_session(
            event,
            by=world.users[role],
            title="M",
            mode="hybrid",
            meeting_minutes=30,
            starts_at=FORUM_STARTS,
            ends_at=FORUM_ENDS,
            tables=2,
            default_quota=4,
        )

    assert B2BSession.objects.count() == 0


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": " "}, "title"),
        ({"mode": "sometimes"}, "mode"),
        ({"meeting_minutes": 3}, "meeting_minutes"),
        ({"starts_at": FORUM_STARTS - timedelta(hours=1)}, "starts_at"),
        ({"ends_at": FORUM_ENDS + timedelta(minutes=1)}, "starts_at"),
        ({"ends_at": FORUM_STARTS}, "ends_at"),
        ({"starts_at": datetime(2026, 5, 20, 9, 0)}, "starts_at"),
        ({"tables": 0}, "tables"),
        ({"tables": ["A", "A"]}, "tables"),
        ({"default_quota": 0}, "default_quota"),
        ({"default_quota": 19}, "default_quota"),
        ({"ends_at": FORUM_STARTS + timedelta(minutes=20)}, "meeting_minutes"),
        ({"requests_close_at": FORUM_STARTS + timedelta(hours=1)}, "requests_close_at"),
    ],
)
def test_create_b2b_session_refuses_bad_input_naming_the_field(
    world: World, changes: dict[str, Any], field: str
):
    values: dict[str, Any] = {
        "title": "Matchmaking",
        "mode": "hybrid",
        "meeting_minutes": 30,
        "starts_at": FORUM_STARTS,
        "ends_at": FORUM_ENDS,
        "tables": 3,
        "default_quota": 6,
    } | changes
    event = forum(world)

    with pytest.raises(ValidationError) as refused:
        services.create_b2b_session(event, by=world.users["admin_a"], **values)

    assert field in refused.value.message_dict
    assert B2BSession.objects.count() == 0 and Slot.objects.count() == 0


def test_update_b2b_session_changes_only_what_keeps_meetings(world: World):
    session = session_of(world)

    services.update_b2b_session(
        session,
        by=world.users["operator"],
        title="Matchmaking II",
        default_quota=4,
        add_tables=["Lounge"],
    )

    session.refresh_from_db()
    assert (session.title, session.default_quota) == ("Matchmaking II", 4)
    assert session.tables.count() == 4 and session.slots.count() == 18
    with pytest.raises(ValidationError) as refused:
        services.update_b2b_session(session, by=world.users["admin_a"], add_tables=["Lounge"])
    assert "add_tables" in refused.value.message_dict
    with pytest.raises(NotPermitted):
        services.update_b2b_session(session, by=world.users["member_a"], title="Mine")
    session.refresh_from_db()
    assert session.title == "Matchmaking II"


# --- Joining ------------------------------------------------------------------------------
def test_join_b2b_session_defaults_to_the_persons_zone_the_quota_and_every_slot(world: World):
    session = session_of(world, quota=5)
    organisation, user = company("Gamma Shanghai", "Asia/Shanghai")

    participant = services.join_b2b_session(session, by=user, organisation=organisation)

    assert participant.time_zone == "Asia/Shanghai"
    assert participant.quota == 5 and participant.onsite is True
    assert participant.contact == user
    assert participant.available_slots.count() == 18


def test_join_b2b_session_refusals(world: World):
    session = session_of(world)
    online = session_of(world, mode="online")
    onsite = session_of(world, mode="onsite")
    services.join_b2b_session(session, by=world.users["member_b"], organisation=world.org_b)

    with pytest.raises(NotPermitted):  # not a member of B
        services.join_b2b_session(session, by=world.users["member_a"], organisation=world.org_b)
    with pytest.raises(NotPermitted):  # the pending organisation is not verified
        services.join_b2b_session(session, by=world.users["member_a"], organisation=world.pending)
    cases = [
        (session, {"organisation": world.org_b}, "organisation"),
        (online, {"organisation": world.org_b}, "onsite"),
        (onsite, {"organisation": world.org_b, "onsite": False}, "onsite"),
        (
            online,
            {"organisation": world.org_b, "onsite": False, "time_zone": "Mars/Base"},
            "time_zone",
        ),
        (online, {"organisation": world.org_b, "onsite": False, "quota": 0}, "quota"),
    ]
    for target, options, field in cases:
        with pytest.raises(ValidationError) as refused:
            services.join_b2b_session(target, by=world.users["member_b"], **options)
        assert field in refused.value.message_dict, (options, refused.value)
    assert Participant.objects.count() == 1


def test_join_b2b_session_refused_once_requests_close(world: World):
    session = session_of(world)
    session.requests_close_at = datetime(2020, 1, 1, tzinfo=UTC)
    session.save()

    with pytest.raises(ValidationError) as refused:
        services.join_b2b_session(session, by=world.users["member_b"], organisation=world.org_b)

    assert "session" in refused.value.message_dict
    assert Participant.objects.count() == 0


# --- Availability in the participant's own time zone ------------------------------------------
def test_availability_in_sao_paulo_and_shanghai_on_a_moscow_session(world: World):
    session = session_of(world)  # 30-minute slots from 06:00 to 15:00 UTC
    brazil, brazil_user = joined(session, "Sao Paulo Ventures", "America/Sao_Paulo")
    china, china_user = joined(session, "Shanghai Robotics", "Asia/Shanghai")

    # 03:00–06:00 in São Paulo (UTC−3) is 06:00–09:00 UTC; 14:00–18:00 in Shanghai (UTC+8) is
    # 06:00–10:00 UTC, and 22:00–23:45 there is 14:00–15:45 UTC, past the session's end.
    brazil_slots = services.set_availability(
        brazil,
        by=brazil_user,
        ranges=[(datetime(2026, 5, 20, 3, 0), datetime(2026, 5, 20, 6, 0))],
    )
    china_slots = services.set_availability(
        china,
        by=china_user,
        ranges=[
            (datetime(2026, 5, 20, 14, 0), datetime(2026, 5, 20, 18, 0)),
            (datetime(2026, 5, 20, 22, 0), datetime(2026, 5, 20, 23, 45)),
        ],
    )

    assert slot_starts(brazil_slots) == ["06:00", "06:30", "07:00", "07:30", "08:00", "08:30"]
    assert slot_starts(brazil.available_slots.all()) == slot_starts(brazil_slots)
    assert slot_starts(china_slots) == [
        "06:00",
        "06:30",
        "07:00",
        "07:30",
        "08:00",
        "08:30",
        "09:00",
        "09:30",
        "14:00",
        "14:30",
    ]


def test_availability_takes_only_slots_wholly_inside_and_joins_touching_ranges(world: World):
    session = session_of(world)
    brazil, user = joined(session, "Sao Paulo Ventures", "America/Sao_Paulo")

    slots = services.set_availability(
        brazil,
        by=user,
        ranges=[
            (datetime(2026, 5, 20, 3, 15), datetime(2026, 5, 20, 4, 15)),  # 06:15–07:15 UTC
            (datetime(2026, 5, 20, 4, 15), datetime(2026, 5, 20, 5, 0)),  # touches: to 08:00
        ],
    )

    assert slot_starts(slots) == ["06:30", "07:00", "07:30"]


def test_availability_across_the_spring_gap_and_the_autumn_fold(world: World):
    # Berlin skips 02:00–03:00 on 29 March 2026 (at 01:00 UTC) and repeats 02:00–03:00 on
    # 25 October 2026 (03:00 CEST becomes 02:00 CET at 01:00 UTC).
    spring = forum(
        world,
        starts_at=datetime(2026, 3, 29, 0, 0, tzinfo=UTC),
        ends_at=datetime(2026, 3, 29, 3, 0, tzinfo=UTC),
    )
    autumn = forum(
        world,
        starts_at=datetime(2026, 10, 25, 0, 0, tzinfo=UTC),
        ends_at=datetime(2026, 10, 25, 3, 0, tzinfo=UTC),
    )
    spring_session = session_of(
        world, event=spring, starts_at=spring.starts_at, ends_at=spring.ends_at, quota=2
    )
    autumn_session = session_of(
        world, event=autumn, starts_at=autumn.starts_at, ends_at=autumn.ends_at, quota=2
    )
    in_spring, spring_user = joined(spring_session, "Berlin Spring", "Europe/Berlin")
    in_autumn, autumn_user = joined(autumn_session, "Berlin Autumn", "Europe/Berlin")

    # 01:00 CET = 00:00 UTC; 02:30 does not exist and means the jump, 01:00 UTC.
    spring_slots = services.set_availability(
        in_spring,
        by=spring_user,
        ranges=[(datetime(2026, 3, 29, 1, 0), datetime(2026, 3, 29, 2, 30))],
    )
    # 02:30 happens twice: at 00:30 UTC (CEST) and at 01:30 UTC (CET); the range takes both.
    autumn_slots = services.set_availability(
        in_autumn,
        by=autumn_user,
        ranges=[(datetime(2026, 10, 25, 2, 30), datetime(2026, 10, 25, 2, 30))],
    )

    assert slot_starts(spring_slots) == ["00:00", "00:30"]
    assert slot_starts(autumn_slots) == ["00:30", "01:00"]


@pytest.mark.parametrize(
    "ranges",
    [
        [(datetime(2026, 5, 20, 12, 0), datetime(2026, 5, 20, 11, 0))],
        [("09:00", "10:00")],
        [(datetime(2026, 5, 20, 12, 0),)],
    ],
)
def test_set_availability_refuses_bad_ranges_and_keeps_the_old_ones(world: World, ranges: Any):
    session = session_of(world)
    participant, user = joined(session, "Moscow Sensors")

    with pytest.raises(ValidationError) as refused:
        services.set_availability(participant, by=user, ranges=ranges)

    assert list(refused.value.message_dict) == ["ranges"]
    assert participant.available_slots.count() == 18


def test_set_availability_by_others_refused_but_organisers_may(world: World):
    session = session_of(world)
    participant, _user = joined(session, "Moscow Sensors")
    ranges = [(datetime(2026, 5, 20, 9, 0), datetime(2026, 5, 20, 10, 0))]

    with pytest.raises(NotPermitted):
        services.set_availability(participant, by=world.users["member_b"], ranges=ranges)
    assert participant.available_slots.count() == 18
    services.set_availability(participant, by=world.users["admin_a"], ranges=ranges)

    assert slot_starts(participant.available_slots.all()) == ["06:00", "06:30"]


# --- Quota, attendance, tables ------------------------------------------------------------
def test_update_participant_quota_and_its_limits(world: World):
    session = session_of(world)
    participant, user = joined(session, "Moscow Sensors")

    services.update_participant(participant, by=user, quota=3)

    participant.refresh_from_db()
    assert participant.quota == 3
    for bad in (0, 19, "3"):
        with pytest.raises(ValidationError) as refused:
            services.update_participant(participant, by=user, quota=bad)
        assert "quota" in refused.value.message_dict
    with pytest.raises(NotPermitted):
        services.update_participant(participant, by=world.users["member_b"], quota=2)
    participant.refresh_from_db()
    assert participant.quota == 3


def test_update_participant_onsite_off_makes_open_requests_online(world: World):
    session = session_of(world)
    a, a_user = joined(session, "Moscow Sensors")
    b, _b_user = joined(session, "Kazan Drones")
    request = services.request_meeting(session, by=a_user, requester=a, recipient=b)

    services.update_participant(a, by=a_user, onsite=False)

    request.refresh_from_db()
    a.refresh_from_db()
    assert a.onsite is False and request.online is True
    online = session_of(world, mode="online")
    c, c_user = joined(online, "Online Only", onsite=False)
    with pytest.raises(ValidationError) as refused:
        services.update_participant(c, by=c_user, onsite=True)
    assert "onsite" in refused.value.message_dict


def test_assign_fixed_table(world: World):
    session = session_of(world)
    exhibitor, _user = joined(session, "Exhibitor One")
    other, _other_user = joined(session, "Exhibitor Two")
    remote, _remote_user = joined(session, "Remote", onsite=False)
    table = session.tables.first()
    foreign = session_of(world).tables.first()

    services.assign_fixed_table(exhibitor, table, by=world.users["admin_a"])

    exhibitor.refresh_from_db()
    assert exhibitor.fixed_table == table
    with pytest.raises(NotPermitted):
        services.assign_fixed_table(other, table, by=contact(other))
    for participant, target in [(other, table), (other, foreign), (remote, table)]:
        with pytest.raises(ValidationError) as refused:
            services.assign_fixed_table(participant, target, by=world.users["admin_a"])
        assert "table" in refused.value.message_dict
    assert Participant.objects.filter(fixed_table__isnull=False).count() == 1
    assert Table.objects.get(pk=table.pk).exhibitor == exhibitor


# --- Requests -----------------------------------------------------------------------------
def test_request_meeting_notifies_the_recipients_members(world: World):
    session = session_of(world)
    a, a_user = joined(session, "Moscow Sensors")
    b, b_user = joined(session, "Kazan Drones")

    request = services.request_meeting(
        session, by=a_user, requester=a, recipient=b, message="Let us talk sensors", priority=3
    )

    assert (request.status, request.priority, request.online) == ("pending", 3, False)
    notes = Notification.objects.filter(kind="b2b.request_received")
    assert [n.recipient.user for n in notes] == [b_user]
    assert notes[0].data["requester"] == "Moscow Sensors"


def test_request_meeting_refusals(world: World):
    session = session_of(world)
    onsite = session_of(world, mode="onsite")
    a, a_user = joined(session, "Moscow Sensors")
    b, b_user = joined(session, "Kazan Drones")
    c, _c_user = joined(session, "Remote Labs", onsite=False)
    d, _d_user = joined(session, "Avoided Inc")
    e, e_user = joined(onsite, "Onsite One")
    f, _f_user = joined(onsite, "Onsite Two")
    services.request_meeting(session, by=a_user, requester=a, recipient=b)
    services.mark(d, a, Mark.Kind.DO_NOT_MEET, by=contact(d))

    with pytest.raises(NotPermitted):
        services.request_meeting(session, by=b_user, requester=a, recipient=c)
    cases = [
        (session, a_user, a, a, {}, "recipient"),
        (session, a_user, a, b, {}, "recipient"),  # already open
        (session, b_user, b, a, {}, "recipient"),  # the other way round
        (session, a_user, a, d, {}, "recipient"),  # d will not meet a
        (session, a_user, a, c, {}, "online"),  # c is not on site
        (session, a_user, a, c, {"online": True, "priority": 7}, "priority"),
        (session, a_user, a, e, {}, "recipient"),  # another session's participant
        (onsite, e_user, e, f, {"online": True}, "online"),
        (session, a_user, a, c, {"online": True, "message": "x" * 2001}, "message"),
    ]
    for target, user, requester, recipient, options, field in cases:
        with pytest.raises(ValidationError) as refused:
            services.request_meeting(
                target, by=user, requester=requester, recipient=recipient, **options
            )
        assert field in refused.value.message_dict, (requester, recipient, refused.value)
    assert MeetingRequest.objects.count() == 1


def test_request_after_a_decline_is_allowed_again(world: World):
    session = session_of(world)
    a, a_user = joined(session, "Moscow Sensors")
    b, b_user = joined(session, "Kazan Drones")
    first = services.request_meeting(session, by=a_user, requester=a, recipient=b)
    services.decline_request(first, by=b_user)

    again = services.request_meeting(session, by=b_user, requester=b, recipient=a)

    assert again.status == RequestStatus.PENDING
    assert MeetingRequest.objects.filter(status="declined").count() == 1


def test_accept_and_decline_by_the_recipients_members_only(world: World):
    session = session_of(world)
    a, a_user = joined(session, "Moscow Sensors")
    b, b_user = joined(session, "Kazan Drones")
    c, c_user = joined(session, "Minsk Optics")
    to_b = services.request_meeting(session, by=a_user, requester=a, recipient=b)
    to_c = services.request_meeting(session, by=a_user, requester=a, recipient=c)

    with pytest.raises(NotPermitted):
        services.accept_request(to_b, by=a_user)
    services.accept_request(to_b, by=b_user, recipient_priority=2)
    services.decline_request(to_c, by=c_user)

    to_b.refresh_from_db()
    to_c.refresh_from_db()
    assert (to_b.status, to_b.recipient_priority) == ("accepted", 2)
    assert to_b.answered_at is not None and to_c.status == "declined"
    with pytest.raises(ValidationError) as refused:
        services.decline_request(to_b, by=b_user)
    assert "status" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.accept_request(to_c, by=c_user, recipient_priority=9)
    assert "recipient_priority" in refused.value.message_dict
    kinds = sorted(
        Notification.objects.filter(recipient__user=a_user).values_list("kind", flat=True)
    )
    assert kinds == ["b2b.request_accepted", "b2b.request_declined"]


def test_cancel_request_by_the_requester_only(world: World):
    session = session_of(world)
    a, a_user = joined(session, "Moscow Sensors")
    b, b_user = joined(session, "Kazan Drones")
    request = services.request_meeting(session, by=a_user, requester=a, recipient=b)

    with pytest.raises(NotPermitted):
        services.cancel_request(request, by=b_user)
    services.cancel_request(request, by=a_user)

    request.refresh_from_db()
    assert request.status == RequestStatus.CANCELLED
    with pytest.raises(ValidationError):
        services.cancel_request(request, by=a_user)


def test_mark_and_unmark(world: World):
    session = session_of(world)
    a, a_user = joined(session, "Moscow Sensors")
    b, _b_user = joined(session, "Kazan Drones")

    services.mark(a, b, Mark.Kind.MUST_MEET, by=a_user)
    services.mark(a, b, Mark.Kind.DO_NOT_MEET, by=a_user)

    assert list(Mark.objects.values_list("kind", flat=True)) == ["do_not_meet"]
    for other, kind in [(a, "must_meet"), (b, "maybe")]:
        with pytest.raises(ValidationError):
            services.mark(a, other, kind, by=a_user)
    with pytest.raises(NotPermitted):
        services.mark(a, b, Mark.Kind.MUST_MEET, by=world.users["member_b"])
    services.unmark(a, b, by=a_user)
    assert Mark.objects.count() == 0
