"""Calendar files: an event, a session and a person's agenda, parsed back with icalendar."""

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consortia.core import clock
from consortia.events.calendar import agenda_calendar, vtimezone
from consortia.events.models import (
    AgendaSession,
    B2BSession,
    B2BStatus,
    Event,
    EventStatus,
    Meeting,
    MeetingRequest,
    Participant,
    Registration,
    RegistrationStatus,
    RequestStatus,
    Seat,
    SessionMode,
    Slot,
    Table,
)
from consortia.events.selectors.agenda import agenda_of

from ..conftest import World
from ..factories.directory import OrganisationFactory, country
from ..factories.events import FORUM_ENDS, FORUM_STARTS, EventFactory

LINK = "https://meet.example.org/forum"


def parse(body: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(body)


def only_event(calendar: icalendar.Calendar) -> icalendar.Event:
    (vevent,) = calendar.walk("VEVENT")
    return vevent


def register(event: Event, user: Any, status: str = RegistrationStatus.CONFIRMED) -> Registration:
    return Registration.objects.create(event=event, user=user, status=status)


@pytest.fixture
def forum(world: World) -> Event:
    return EventFactory(organiser=world.org_a, country=country("RU"), title="BRICS forum")


def get_ics(world: World, role: str, name: str, public_id: Any) -> Any:
    return world.client(role).get(reverse(name, args=[public_id]))


# One event ---------------------------------------------------------------------------------


def test_event_ics_keeps_moscow_wall_time_and_the_stored_instant(world: World, forum: Event):
    response = get_ics(world, "anonymous", "events:event_ics", forum.public_id)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="brics-forum.ics"'
    assert b"DTSTART;TZID=Europe/Moscow:20260520T090000" in response.content
    assert b"DTEND;TZID=Europe/Moscow:20260520T180000" in response.content
    calendar = parse(response.content)
    vevent = only_event(calendar)
    assert vevent["DTSTART"].params["TZID"] == "Europe/Moscow"
    assert vevent.start.astimezone(UTC) == FORUM_STARTS
    assert vevent.end.astimezone(UTC) == FORUM_ENDS
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Moscow"]
    assert calendar.get_missing_tzids() == set()
    (standard,) = calendar.timezones[0].standard
    assert standard["TZOFFSETTO"].td == timedelta(hours=3)


def test_event_ics_says_what_where_and_links_back(world: World, forum: Event):
    page = "http://testserver" + forum.get_absolute_url()

    vevent = only_event(
        parse(get_ics(world, "anonymous", "events:event_ics", forum.public_id).content)
    )

    assert str(vevent["UID"]) == f"{forum.public_id}@consortia"
    assert str(vevent["SUMMARY"]) == "BRICS forum"
    assert str(vevent["URL"]) == page
    assert str(vevent["LOCATION"]) == "Technopark Skolkovo, Moscow, Russia"
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert vevent["DTSTAMP"].dt.tzinfo is not None
    assert str(vevent["DESCRIPTION"]) == (
        f"Cities, startups and investors of the alliance meet.\n\nOn Consortia: {page}"
    )


def test_event_ics_crossing_the_berlin_dst_switch_keeps_local_wall_times(world: World):
    # Saturday 09:00 CET (UTC+1) to Monday 18:00 CEST (UTC+2): clocks go forward on Sunday.
    event = EventFactory(
        organiser=world.org_a,
        time_zone="Europe/Berlin",
        city="Berlin",
        starts_at=datetime(2026, 3, 28, 8, 0, tzinfo=UTC),
        ends_at=datetime(2026, 3, 30, 16, 0, tzinfo=UTC),
    )

    response = get_ics(world, "anonymous", "events:event_ics", event.public_id)

    assert b"DTSTART;TZID=Europe/Berlin:20260328T090000" in response.content
    assert b"DTEND;TZID=Europe/Berlin:20260330T180000" in response.content
    calendar = parse(response.content)
    vevent = only_event(calendar)
    assert vevent.end.astimezone(UTC) == datetime(2026, 3, 30, 16, 0, tzinfo=UTC)
    (berlin,) = calendar.timezones
    assert berlin.tz_name == "Europe/Berlin"
    onsets = {
        (o.name, o["DTSTART"].dt, o["TZOFFSETFROM"].td, o["TZOFFSETTO"].td)
        for o in berlin.walk()
        if o.name in ("STANDARD", "DAYLIGHT")
    }
    hour = timedelta(hours=1)
    assert ("DAYLIGHT", datetime(2026, 3, 29, 2, 0), hour, 2 * hour) in onsets
    assert ("STANDARD", datetime(2026, 10, 25, 3, 0), 2 * hour, hour) in onsets


@pytest.mark.parametrize(
    "zone",
    ["Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "Europe/Moscow"],
)
def test_vtimezone_gives_the_zone_databases_offset_at_every_hour(zone: str):
    first = datetime(2026, 1, 1, tzinfo=UTC)

    component = vtimezone(zone, first=first, last=first + timedelta(days=300))

    changes = sorted(
        (o["DTSTART"].dt - o["TZOFFSETFROM"].td, o["TZOFFSETTO"].td)
        for o in component.walk()
        if o.name in ("STANDARD", "DAYLIGHT")
    )
    for hours in range(0, 365 * 24, 1):
        moment = first + timedelta(hours=hours, minutes=30)
        naive_utc = moment.replace(tzinfo=None)
        offset = [to for onset, to in changes if onset <= naive_utc][-1]
        assert offset == moment.astimezone(ZoneInfo(zone)).utcoffset(), moment


@pytest.mark.parametrize(
    ("role", "registration", "sees"),
    [
        ("anonymous", None, False),
        ("no_org", None, False),
        ("member_b", None, False),
        ("member_b", RegistrationStatus.PENDING, False),
        ("member_b", RegistrationStatus.CANCELLED, False),
        ("member_b", RegistrationStatus.CONFIRMED, True),
        ("member_a", None, False),
        ("admin_a", None, True),
        ("operator", None, True),
    ],
)
def test_event_ics_online_link_only_for_people_taking_part(
    world: World, forum: Event, role: str, registration: str | None, sees: bool
):
    if registration:
        register(forum, world.users[role], registration)

    response = get_ics(world, role, "events:event_ics", forum.public_id)

    vevent = only_event(parse(response.content))
    assert (LINK.encode() in response.content) is sees
    assert [c.uri for c in vevent.conferences] == ([LINK] if sees else [])
    assert (f"Join online: {LINK}" in str(vevent["DESCRIPTION"])) is sees


def test_online_only_event_is_located_at_its_link_for_participants_only(world: World):
    event = EventFactory(organiser=world.org_a, city="", venue="")
    register(event, world.users["member_b"])

    hidden = only_event(
        parse(get_ics(world, "no_org", "events:event_ics", event.public_id).content)
    )
    shown = only_event(
        parse(get_ics(world, "member_b", "events:event_ics", event.public_id).content)
    )

    assert str(hidden["LOCATION"]) == "Online"
    assert str(shown["LOCATION"]) == LINK


def test_cancelled_event_ics_says_cancelled(world: World):
    event = EventFactory(organiser=world.org_a, status=EventStatus.CANCELLED)

    vevent = only_event(
        parse(get_ics(world, "anonymous", "events:event_ics", event.public_id).content)
    )

    assert str(vevent["STATUS"]) == "CANCELLED"


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 404),
        ("no_org", 404),
        ("member_a", 404),
        ("member_b", 404),
        ("admin_a", 200),
        ("operator", 200),
    ],
)
def test_draft_event_and_session_ics_only_for_the_organisers(world: World, role: str, status: int):
    draft = EventFactory(organiser=world.org_a, status=EventStatus.DRAFT)
    agenda_session = AgendaSession.objects.create(
        event=draft,
        title="Plenary",
        starts_at=FORUM_STARTS,
        ends_at=FORUM_STARTS + timedelta(hours=1),
    )

    event_response = get_ics(world, role, "events:event_ics", draft.public_id)
    session_response = get_ics(world, role, "events:session_ics", agenda_session.public_id)

    assert event_response.status_code == status
    assert session_response.status_code == status
    if status == 404:
        assert draft.title.encode() not in event_response.content
        assert b"Plenary" not in session_response.content


def test_unknown_event_ics_is_404(world: World):
    response = world.client("admin_a").get(
        reverse("events:event_ics", args=["5b0f5a3e-0000-4000-8000-000000000000"])
    )

    assert response.status_code == 404


# One session -------------------------------------------------------------------------------


def test_session_ics_has_room_place_speakers_and_its_own_link(world: World, forum: Event):
    agenda_session = AgendaSession.objects.create(
        event=forum,
        title="Smart cities panel",
        starts_at=datetime(2026, 5, 20, 7, 0, tzinfo=UTC),
        ends_at=datetime(2026, 5, 20, 8, 30, tzinfo=UTC),
        room="Hall 2",
        speakers="A. Ivanova, L. Wei",
        online_url="https://meet.example.org/panel",
    )
    register(forum, world.users["member_b"])

    anonymous = get_ics(world, "anonymous", "events:session_ics", agenda_session.public_id)
    registered = get_ics(world, "member_b", "events:session_ics", agenda_session.public_id)

    assert anonymous["Content-Disposition"] == 'attachment; filename="smart-cities-panel.ics"'
    vevent = only_event(parse(anonymous.content))
    assert str(vevent["UID"]) == f"{agenda_session.public_id}@consortia"
    assert b"DTSTART;TZID=Europe/Moscow:20260520T100000" in anonymous.content
    assert vevent.start.astimezone(UTC) == datetime(2026, 5, 20, 7, 0, tzinfo=UTC)
    assert str(vevent["LOCATION"]) == "Hall 2, Technopark Skolkovo, Moscow, Russia"
    assert "Speakers: A. Ivanova, L. Wei" in str(vevent["DESCRIPTION"])
    assert str(vevent["URL"]).endswith(f"#session-{agenda_session.public_id}")
    assert vevent.conferences == []
    assert b"meet.example.org" not in anonymous.content
    seen = only_event(parse(registered.content))
    assert [c.uri for c in seen.conferences] == ["https://meet.example.org/panel"]


# A person's agenda -------------------------------------------------------------------------


@pytest.fixture
def b2b(world: World, forum: Event) -> dict[str, Any]:
    """A published B2B session at the forum where A meets B at a table and A meets C online,
    and an unpublished one where A meets B again."""
    org_c = OrganisationFactory(name="Gamma Logistics")
    published = B2BSession.objects.create(
        event=forum,
        title="Smart city brokerage",
        mode=SessionMode.HYBRID,
        meeting_minutes=30,
        starts_at=datetime(2026, 5, 20, 11, 0, tzinfo=UTC),
        ends_at=datetime(2026, 5, 20, 13, 0, tzinfo=UTC),
        status=B2BStatus.PUBLISHED,
    )
    draft = B2BSession.objects.create(
        event=forum,
        title="Fintech brokerage",
        mode=SessionMode.ONSITE,
        meeting_minutes=30,
        starts_at=datetime(2026, 5, 20, 13, 0, tzinfo=UTC),
        ends_at=datetime(2026, 5, 20, 14, 0, tzinfo=UTC),
        status=B2BStatus.SCHEDULING,
    )

    def meeting(session: B2BSession, requester: Any, recipient: Any, at: datetime, table: str):
        slot = Slot.objects.get_or_create(
            session=session, starts_at=at, defaults={"ends_at": at + timedelta(minutes=30)}
        )[0]
        sides = []
        for organisation in (requester, recipient):
            contact = organisation.memberships.first()
            sides.append(
                Participant.objects.get_or_create(
                    session=session,
                    organisation=organisation,
                    defaults={
                        "contact": contact.person.user if contact else world.users["operator"],
                        "time_zone": "Europe/Moscow",
                        "quota": 6,
                    },
                )[0]
            )
        request = MeetingRequest.objects.create(
            session=session,
            requester=sides[0],
            recipient=sides[1],
            status=RequestStatus.ACCEPTED,
        )
        table_row = Table.objects.get_or_create(session=session, name=table)[0] if table else None
        made = Meeting.objects.create(session=session, request=request, slot=slot, table=table_row)
        for side in sides:
            Seat.objects.create(meeting=made, participant=side, slot=slot)
        return made

    return {
        "table": meeting(published, world.org_a, world.org_b, published.starts_at, "T3"),
        "online": meeting(
            published, org_c, world.org_a, published.starts_at + timedelta(minutes=30), ""
        ),
        "draft": meeting(draft, world.org_a, world.org_b, draft.starts_at, "T1"),
        "others": meeting(
            published, org_c, world.org_b, published.starts_at + timedelta(minutes=60), "T4"
        ),
    }


def test_agenda_holds_the_persons_events_sessions_and_published_meetings_only(
    world: World, forum: Event, b2b: dict[str, Any]
):
    AgendaSession.objects.create(
        event=forum,
        title="Opening",
        starts_at=FORUM_STARTS,
        ends_at=FORUM_STARTS + timedelta(hours=1),
    )
    register(forum, world.users["member_a"])
    pending = EventFactory(organiser=world.org_b)
    register(pending, world.users["member_a"], RegistrationStatus.PENDING)
    cancelled_registration = EventFactory(organiser=world.org_b)
    register(cancelled_registration, world.users["member_a"], RegistrationStatus.CANCELLED)
    draft = EventFactory(organiser=world.org_b, status=EventStatus.DRAFT)
    register(draft, world.users["member_a"])
    someone_elses = EventFactory(organiser=world.org_b)
    register(someone_elses, world.users["member_b"])

    items = agenda_of(world.users["member_a"])

    assert [(item.kind, item.title) for item in items] == [
        ("event", "BRICS forum"),
        ("session", "Opening"),
        ("meeting", "Beta Payments"),
        ("meeting", "Gamma Logistics"),
    ]
    assert items[2].meeting == b2b["table"]
    assert items[3].meeting == b2b["online"]


def test_agenda_of_anonymous_and_of_people_without_anything_is_empty(world: World, b2b: Any):
    assert agenda_of(world.users["no_org"]) == []
    assert agenda_of(AnonymousUser()) == []


def test_agenda_meetings_seen_from_the_other_side_name_the_requester(
    world: World, b2b: dict[str, Any]
):
    items = agenda_of(world.users["member_b"])

    assert [(item.counterpart_name, item.meeting) for item in items] == [
        ("Alpha Robotics", b2b["table"]),
        ("Gamma Logistics", b2b["others"]),
    ]


def test_agenda_ics_shows_meetings_at_their_table_or_online(
    world: World, forum: Event, b2b: dict[str, Any]
):
    response = world.client("member_a").get(reverse("events:my_calendar_ics"))

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    calendar = parse(response.content)
    assert str(calendar["X-WR-CALNAME"]) == "My agenda on Consortia"
    by_summary = {str(v["SUMMARY"]): v for v in calendar.walk("VEVENT")}
    assert set(by_summary) == {"B2B: Beta Payments", "B2B: Gamma Logistics"}
    at_table = by_summary["B2B: Beta Payments"]
    assert str(at_table["UID"]) == f"{b2b['table'].public_id}@consortia"
    assert str(at_table["LOCATION"]) == "Table T3, Technopark Skolkovo, Moscow, Russia"
    assert at_table.start.astimezone(UTC) == datetime(2026, 5, 20, 11, 0, tzinfo=UTC)
    assert b"DTSTART;TZID=Europe/Moscow:20260520T140000" in response.content
    assert at_table.conferences == []
    online = by_summary["B2B: Gamma Logistics"]
    assert str(online["LOCATION"]) == LINK
    assert [c.uri for c in online.conferences] == [LINK]
    assert str(online["URL"]) == "http://testserver" + b2b["online"].session.get_absolute_url()


def test_agenda_ics_of_a_cancelled_event_marks_everything_cancelled(
    world: World, forum: Event, b2b: dict[str, Any]
):
    register(forum, world.users["member_a"])
    Event.objects.filter(pk=forum.pk).update(status=EventStatus.CANCELLED)

    calendar = parse(world.client("member_a").get(reverse("events:my_calendar_ics")).content)

    assert {str(v["STATUS"]) for v in calendar.walk("VEVENT")} == {"CANCELLED"}
    assert len(calendar.walk("VEVENT")) == 3


def test_my_calendar_ics_needs_sign_in(world: World):
    response = world.client("anonymous").get(reverse("events:my_calendar_ics"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_agenda_in_several_zones_has_one_vtimezone_each(world: World, forum: Event):
    berlin = EventFactory(
        organiser=world.org_a,
        time_zone="Europe/Berlin",
        city="Berlin",
        starts_at=datetime(2026, 11, 2, 8, 0, tzinfo=UTC),
        ends_at=datetime(2026, 11, 2, 16, 0, tzinfo=UTC),
    )
    for event in (forum, berlin):
        register(event, world.users["member_b"])

    calendar = parse(
        agenda_calendar(agenda_of(world.users["member_b"]), name="Mine", base_url="https://x.test")
    )

    assert sorted(tz.tz_name for tz in calendar.timezones) == ["Europe/Berlin", "Europe/Moscow"]
    assert calendar.get_missing_tzids() == set()
    starts = sorted(v.start.astimezone(UTC) for v in calendar.walk("VEVENT"))
    assert starts == [FORUM_STARTS, datetime(2026, 11, 2, 8, 0, tzinfo=UTC)]


@pytest.mark.parametrize("count", [1, 3])
def test_agenda_of_takes_the_same_number_of_queries_for_one_or_three_events(
    world: World, count: int
):
    for number in range(count):
        event = EventFactory(organiser=world.org_b)
        AgendaSession.objects.create(
            event=event,
            title=f"Session {number}",
            starts_at=FORUM_STARTS,
            ends_at=FORUM_STARTS + timedelta(hours=1),
        )
        register(event, world.users["member_a"])
    user = world.users["member_a"]

    with CaptureQueriesContext(connection) as captured:
        items = agenda_of(user)
        agenda_calendar(items, name="Mine", base_url="https://x.test")

    assert len(items) == 2 * count
    assert len(captured.captured_queries) == 4


# The page ----------------------------------------------------------------------------------


def test_calendar_page_lists_whats_coming_in_both_zones(world: World, forum: Event):
    register(forum, world.users["member_b"])
    past = EventFactory(
        organiser=world.org_a,
        title="Last year's forum",
        starts_at=FORUM_STARTS - timedelta(days=365),
        ends_at=FORUM_ENDS - timedelta(days=365),
    )
    register(past, world.users["member_b"])

    with clock.frozen(datetime(2026, 5, 1, tzinfo=UTC)):
        response = world.client("member_b").get(reverse("events:calendar"))

    assert response.status_code == 200
    assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))
    page = response.content.decode()
    assert "BRICS forum" in page
    assert "Last year&#x27;s forum" not in page
    assert "in Europe/Moscow" in page
    assert reverse("events:event_ics", args=[forum.public_id]) in page
    assert reverse("events:create_feed") in page


def test_calendar_page_lists_meetings_at_their_table_or_online(
    world: World, forum: Event, b2b: dict[str, Any]
):
    with clock.frozen(datetime(2026, 5, 1, tzinfo=UTC)):
        response = world.client("member_a").get(reverse("events:calendar"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "B2B: Beta Payments" in page
    assert "B2B: Gamma Logistics" in page
    assert "Table T3" in page
    assert "Fintech brokerage" not in page
    assert page.count('class="agenda-meeting"') == 2
