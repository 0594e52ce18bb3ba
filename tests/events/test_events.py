"""Creating, changing, publishing and cancelling events and their agenda; who sees what; and the
time shown to viewers in other time zones."""

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.utils import timezone

from consortia.core.models import AuditEvent
from consortia.core.permissions import ANONYMOUS, NotPermitted, NotVisible
from consortia.events.models import AgendaSession, Event, EventStatus
from consortia.events.selectors import events as selectors
from consortia.events.services import events as services
from tests.conftest import World

from .conftest import ENDS, STARTS, draft, forum_values, published

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_the_forum")]


def _refusal(call: Any) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as refused:
        call()
    return refused.value.message_dict


# Creating


def test_create_event_makes_a_draft_with_everything_given(world: World):
    event = draft(world, co_organisers=[world.org_b], topics=["artificial-intelligence"])

    assert event.status == EventStatus.DRAFT
    assert (event.title, event.time_zone, event.city, event.country_id) == (
        "BRICS innovation forum",
        "Europe/Moscow",
        "Moscow",
        "RU",
    )
    assert (event.starts_at, event.ends_at) == (STARTS, ENDS)
    assert list(event.co_organisers.all()) == [world.org_b]
    assert [t.code for t in event.topics.all()] == ["artificial-intelligence"]
    assert AuditEvent.objects.filter(action="event.created", target_id=str(event.pk)).count() == 1


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"kind": "party"}, "kind", "Unknown kind of event."),
        ({"title": "  "}, "title", "This field is required."),
        ({"title": "x" * 201}, "title", "At most 200 characters."),
        ({"language": "xx"}, "language", "Unknown language code “xx”."),
        ({"time_zone": "Mars/Olympus"}, "time_zone", "Unknown time zone “Mars/Olympus”."),
        ({"starts_at": datetime(2026, 5, 20, 9, 0)}, "starts_at", "Enter a date and time."),
        ({"ends_at": None}, "ends_at", "Enter a date and time."),
        ({"ends_at": STARTS}, "ends_at", "The event ends before it starts."),
        ({"country": "ZZ"}, "country", "Unknown country code “ZZ”."),
        (
            {"online_url": "ftp://x"},
            "online_url",
            "Enter a full web address starting with https://.",
        ),
        (
            {"kind": "online_session", "online_url": ""},
            "online_url",
            "An online session needs its meeting link.",
        ),
        (
            {"city": "", "online_url": ""},
            "city",
            "Give the city, or an online meeting link, or both.",
        ),
        (
            {"capacity": 0},
            "capacity",
            "Enter a number of places of one or more, or leave it blank.",
        ),
        (
            {"registration_closes_at": ENDS + timedelta(minutes=1)},
            "registration_closes_at",
            "Registration closes after the event has ended.",
        ),
        ({"topics": ["no-such-topic"]}, "topics", "Unknown topics: no-such-topic."),
    ],
)
def test_create_event_refuses_bad_input_naming_the_field(
    world: World, values: dict[str, Any], field: str, message: str
):
    assert _refusal(lambda: draft(world, **values)) == {field: [message]}
    assert Event.objects.count() == 0


def test_create_event_lists_every_bad_field_at_once(world: World):
    errors = _refusal(lambda: draft(world, title="", language="xx"))

    assert set(errors) == {"title", "language"}


def test_create_event_for_an_online_session_needs_no_city(world: World):
    event = draft(world, kind="online_session", city="", venue="", country=None)

    assert (event.city, event.online_url) == ("", "https://meet.example.org/forum")


@pytest.mark.parametrize("role", ["member_a", "member_b", "no_org"])
def test_create_event_is_refused_to_anyone_but_the_organisers_admins(world: World, role: str):
    with pytest.raises(NotPermitted):
        draft(world, by=role)

    assert Event.objects.count() == 0
    assert not AuditEvent.objects.filter(action="event.created").exists()


def test_create_event_is_refused_for_an_unverified_organiser(world: World):
    with pytest.raises(NotPermitted):
        services.create_event(by=world.users["member_a"], organiser=world.pending, **forum_values())

    assert Event.objects.count() == 0


def test_the_operator_creates_events_for_any_organisation(world: World):
    event = services.create_event(
        by=world.users["operator"], organiser=world.org_b, **forum_values()
    )

    assert event.organiser == world.org_b


# Changing, publishing, cancelling


def test_update_event_changes_only_what_is_given(world: World):
    event = draft(world)

    services.update_event(event, by=world.users["owner_a"], title="Forum 2026", capacity=50)

    event.refresh_from_db()
    assert (event.title, event.capacity, event.city) == ("Forum 2026", 50, "Moscow")
    assert AuditEvent.objects.get(action="event.updated").data == {"fields": ["capacity", "title"]}


def test_update_event_checks_the_whole_event_again(world: World):
    event = draft(world)

    errors = _refusal(
        lambda: services.update_event(
            event, by=world.users["admin_a"], ends_at=STARTS - timedelta(hours=1)
        )
    )

    assert errors == {"ends_at": ["The event ends before it starts."]}
    event.refresh_from_db()
    assert event.ends_at == ENDS


def test_update_event_keeps_the_agenda_inside_the_event(world: World):
    event = draft(world)
    services.add_agenda_session(
        event,
        by=world.users["admin_a"],
        title="Closing",
        starts_at=ENDS - timedelta(hours=1),
        ends_at=ENDS,
    )

    errors = _refusal(
        lambda: services.update_event(
            event, by=world.users["admin_a"], ends_at=ENDS - timedelta(hours=2)
        )
    )

    assert errors == {
        "starts_at": ["Some agenda sessions fall outside these times; move them first."]
    }


def test_update_event_is_refused_to_a_plain_member(world: World):
    event = draft(world)

    with pytest.raises(NotPermitted):
        services.update_event(event, by=world.users["member_a"], title="Hijacked")

    event.refresh_from_db()
    assert event.title == "BRICS innovation forum"


def test_a_co_organisers_admin_runs_the_event(world: World):
    event = services.create_event(
        by=world.users["operator"],
        organiser=world.org_b,
        **forum_values(co_organisers=[world.org_a]),
    )

    services.update_event(event, by=world.users["admin_a"], title="Joint forum")

    assert Event.objects.get(pk=event.pk).title == "Joint forum"


def test_publish_then_cancel_keeps_the_event_visible_and_marked(world: World):
    event = published(world)
    assert event.status == EventStatus.PUBLISHED

    services.cancel_event(event, by=world.users["admin_a"])

    assert event.status == EventStatus.CANCELLED
    assert selectors.event_for(world.users["member_b"], event.public_id) == event
    assert [a.action for a in AuditEvent.objects.order_by("id")][-2:] == [
        "event.published",
        "event.cancelled",
    ]


def test_a_cancelled_event_is_not_published_or_changed_again(world: World):
    event = services.cancel_event(draft(world), by=world.users["admin_a"])

    assert _refusal(lambda: services.publish_event(event, by=world.users["admin_a"])) == {
        "status": ["An event that is cancelled cannot become published."]
    }
    assert _refusal(
        lambda: services.update_event(event, by=world.users["admin_a"], title="Again")
    ) == {"status": ["A cancelled event is not changed any more."]}


def test_publish_event_is_refused_to_another_organisations_member(world: World):
    event = draft(world)

    with pytest.raises(NotPermitted):
        services.publish_event(event, by=world.users["member_b"])

    assert Event.objects.get(pk=event.pk).status == EventStatus.DRAFT


# The agenda


def test_agenda_sessions_are_added_changed_and_removed_inside_the_event(world: World):
    event = draft(world)
    admin = world.users["admin_a"]

    session = services.add_agenda_session(
        event,
        by=admin,
        title="Opening",
        starts_at=STARTS,
        ends_at=STARTS + timedelta(hours=1),
        speakers="Mayor",
    )
    services.update_agenda_session(session, by=admin, room="Hall A")
    services.remove_agenda_session(session, by=admin)

    assert session.room == "Hall A"
    assert not AgendaSession.objects.exists()
    assert [
        a.action
        for a in AuditEvent.objects.filter(action__startswith="event.session").order_by("id")
    ] == [
        "event.session_added",
        "event.session_updated",
        "event.session_removed",
    ]


@pytest.mark.parametrize(
    ("starts", "ends", "field", "message"),
    [
        (
            STARTS - timedelta(minutes=1),
            STARTS + timedelta(hours=1),
            "starts_at",
            "The session starts before the event.",
        ),
        (
            ENDS - timedelta(hours=1),
            ENDS + timedelta(minutes=1),
            "ends_at",
            "The session ends after the event.",
        ),
        (STARTS + timedelta(hours=1), STARTS, "ends_at", "The session ends before it starts."),
    ],
)
def test_add_agenda_session_refuses_times_outside_the_event(
    world: World, starts: datetime, ends: datetime, field: str, message: str
):
    event = draft(world)

    errors = _refusal(
        lambda: services.add_agenda_session(
            event, by=world.users["admin_a"], title="Panel", starts_at=starts, ends_at=ends
        )
    )

    assert errors == {field: [message]}
    assert not AgendaSession.objects.exists()


def test_add_agenda_session_is_refused_to_a_plain_member(world: World):
    event = draft(world)

    with pytest.raises(NotPermitted):
        services.add_agenda_session(
            event,
            by=world.users["member_a"],
            title="Panel",
            starts_at=STARTS,
            ends_at=STARTS + timedelta(hours=1),
        )

    assert not AgendaSession.objects.exists()


# Local wall-clock time


def test_local_wall_time_to_utc_places_the_clock_in_the_zone():
    assert services.local_wall_time_to_utc(date(2026, 5, 20), time(9, 0), "Europe/Moscow") == (
        datetime(2026, 5, 20, 6, 0, tzinfo=UTC)
    )


def test_local_wall_time_to_utc_refuses_a_time_the_clocks_skip():
    with pytest.raises(ValueError):
        services.local_wall_time_to_utc(date(2026, 3, 29), time(2, 30), "Europe/Berlin")


# Who sees what


@pytest.mark.parametrize("role", ["anonymous", "no_org", "member_a", "member_b"])
def test_a_draft_is_not_visible_to_anyone_but_its_organisers(world: World, role: str):
    event = draft(world)
    user = world.users.get(role, ANONYMOUS)

    with pytest.raises(NotVisible):
        selectors.event_for(user, event.public_id)

    assert event not in selectors.listed_events(user)


@pytest.mark.parametrize("role", ["admin_a", "owner_a", "operator"])
def test_a_draft_is_visible_to_its_organisers_and_the_operator(world: World, role: str):
    event = draft(world)

    assert selectors.event_for(world.users[role], event.public_id) == event
    assert list(selectors.listed_events(world.users[role])) == [event]


def test_listed_events_filter_by_kind_country_time_and_text(world: World):
    forum = published(world)
    mission = published(
        world,
        kind="business_mission",
        title="Mission to Shanghai",
        city="Shanghai",
        country="CN",
        time_zone="Asia/Shanghai",
        starts_at=datetime(2026, 4, 1, 1, 0, tzinfo=UTC),
        ends_at=datetime(2026, 4, 3, 9, 0, tzinfo=UTC),
    )
    user = world.users["member_b"]

    def listed(**filters: str) -> list[Event]:
        return list(selectors.listed_events(user, selectors.EventFilters(**filters)))

    assert listed() == [mission, forum]
    assert listed(kind="business_mission") == [mission]
    assert listed(country="RU") == [forum]
    assert listed(when="upcoming") == [forum]
    assert listed(when="past") == [mission]
    assert listed(q="shanghai") == [mission]


def test_my_events_lists_what_the_user_organises(world: World):
    event = draft(world)

    assert selectors.my_events(world.users["admin_a"]).organised == [event]
    assert selectors.my_events(world.users["member_a"]).organised == []


# Time display


def _render(template: str, **context: Any) -> str:
    return Template("{% load event_time %}" + template).render(Context(context))


def test_event_time_shows_the_viewers_time_and_the_events_beside_it(world: World):
    event = published(world)

    with timezone.override("Asia/Tokyo"):
        html = _render("{% event_time event.starts_at event.time_zone %}", event=event)

    assert html == (
        '<time datetime="2026-05-20T06:00:00+00:00">20 May 2026, 15:00</time> '
        '<small class="event-time">(event time 09:00 MSK)</small>'
    )


def test_event_time_shows_one_time_when_the_viewer_is_in_the_events_zone(world: World):
    event = published(world)

    with timezone.override("Europe/Moscow"):
        html = _render("{% event_time event.starts_at event.time_zone %}", event=event)

    assert html == '<time datetime="2026-05-20T06:00:00+00:00">20 May 2026, 09:00</time>'


def test_event_time_shows_the_events_date_when_it_differs(world: World):
    late = datetime(2026, 5, 20, 16, 30, tzinfo=UTC)

    with timezone.override("Asia/Tokyo"):
        html = _render("{% event_time moment 'Europe/Moscow' %}", moment=late)

    assert "21 May 2026, 01:30" in html
    assert "(event time 20 May 2026, 19:30 MSK)" in html
