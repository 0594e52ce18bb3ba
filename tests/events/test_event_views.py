"""The event pages through Django's test client: each renders, a bad form names the field and
changes nothing, POSTs redirect, drafts stay hidden, times show in the viewer's zone."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consortia.directory.models import Person, Role
from consortia.events.models import AgendaSession, Event, EventStatus, Registration
from consortia.events.services import events as event_services
from consortia.events.services import registrations as registration_services
from tests.conftest import World
from tests.factories.directory import MembershipFactory, OrganisationFactory

from .conftest import STARTS, draft, published

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_the_forum")]

NEW = "/events/new/"


def _new(world: World, **changes: Any) -> dict[str, Any]:
    """What the new-event page posts for organisation A's forum, in Moscow's wall time."""
    return {
        "organiser": world.org_a.pk,
        "kind": "forum",
        "title": "Moscow innovation forum",
        "description": "Cities and startups meet.",
        "language": "en",
        "time_zone": "Europe/Moscow",
        "starts_at": "2026-05-20T09:00",
        "ends_at": "2026-05-20T18:00",
        "country": "RU",
        "city": "Moscow",
        "venue": "Technopark",
        "online_url": "",
        "capacity": "100",
    } | changes


def test_the_list_shows_published_events_and_filters(world: World):
    forum = published(world)
    hidden = draft(world, title="Secret draft")

    response = world.client("anonymous").get("/events/", {"kind": "forum", "when": "upcoming"})

    assert response.status_code == 200
    assert forum.title in response.text
    assert hidden.title not in response.text


def test_the_list_with_a_bad_filter_says_so(world: World):
    response = world.client("anonymous").get("/events/", {"kind": "party"})

    assert response.status_code == 400


def test_the_nav_links_to_events(world: World):
    response = world.client("member_b").get("/events/")

    assert f'href="{reverse("events:list")}"' in response.text


def test_a_new_event_is_a_draft_with_its_times_in_the_events_zone(world: World):
    response = world.client("admin_a").post(NEW, _new(world))

    event = Event.objects.get()
    assert response.status_code == 302
    assert response["Location"] == event.get_absolute_url()
    assert event.status == EventStatus.DRAFT
    assert (event.starts_at, event.ends_at) == (
        datetime(2026, 5, 20, 6, 0, tzinfo=UTC),
        datetime(2026, 5, 20, 15, 0, tzinfo=UTC),
    )
    assert (event.country_id, event.capacity) == ("RU", 100)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": ""}, "title"),
        ({"ends_at": "2026-05-20T08:00"}, "ends_at"),
        ({"city": "", "online_url": ""}, "city"),
        ({"kind": "online_session", "online_url": ""}, "online_url"),
        ({"capacity": "0"}, "capacity"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
    ],
)
def test_a_new_event_with_bad_input_names_the_field_and_creates_nothing(
    world: World, changes: dict[str, Any], field: str
):
    response = world.client("admin_a").post(NEW, _new(world, **changes))

    assert response.status_code == 400
    assert f'id="id_{field}-errors"' in response.text
    assert not Event.objects.exists()


def test_a_new_event_refuses_a_time_the_clocks_skip(world: World):
    response = world.client("admin_a").post(
        NEW,
        _new(
            world,
            time_zone="Europe/Berlin",
            starts_at="2026-03-29T02:30",
            ends_at="2026-03-29T10:00",
        ),
    )

    assert response.status_code == 400
    assert "The clocks skip this time in that time zone." in response.text
    assert not Event.objects.exists()


@pytest.mark.parametrize("role", ["no_org", "member_a", "member_b"])
def test_the_new_event_page_is_refused_to_those_who_administer_nothing(world: World, role: str):
    assert world.client(role).get(NEW).status_code == 403
    assert world.client(role).post(NEW, _new(world)).status_code == 403
    assert not Event.objects.exists()


def test_the_new_event_page_sends_anonymous_people_to_sign_in(world: World):
    response = world.client("anonymous").get(NEW)

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_edit_shows_the_events_wall_time_and_saves(world: World):
    event = draft(world)
    url = reverse("events:edit", args=[event.public_id])
    client = world.client("admin_a")

    page = client.get(url)
    response = client.post(url, _new(world, title="Renamed forum"))

    assert 'value="2026-05-20T09:00"' in page.text
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.title, event.starts_at) == ("Renamed forum", STARTS)


def test_edit_is_refused_to_another_organisations_admin_and_hidden_while_draft(world: World):
    event = draft(world)
    url = reverse("events:edit", args=[event.public_id])

    assert world.client("member_b").get(url).status_code == 404
    assert world.client("member_a").get(url).status_code == 404
    event_services.publish_event(event, by=world.users["admin_a"])
    assert world.client("member_b").post(url, _new(world, title="X")).status_code == 403
    assert Event.objects.get().title == "BRICS innovation forum"


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
def test_a_draft_page_is_404_for_all_but_its_organisers(world: World, role: str, status: int):
    event = draft(world)

    assert world.client(role).get(event.get_absolute_url()).status_code == status


@pytest.mark.parametrize(
    "role", ["anonymous", "no_org", "member_a", "admin_a", "member_b", "operator"]
)
def test_a_published_event_page_renders_for_everyone(world: World, role: str):
    event = published(world)

    page = world.client(role).get(event.get_absolute_url())

    assert page.status_code == 200
    assert event.title in page.text
    assert ("Sign in to register." in page.text) == (role == "anonymous")


def test_publish_and_cancel_redirect_and_the_cancelled_event_stays_marked(world: World):
    event = draft(world)
    client = world.client("admin_a")

    published_response = client.post(reverse("events:publish", args=[event.public_id]))
    cancelled_response = client.post(reverse("events:cancel", args=[event.public_id]))
    page = world.client("anonymous").get(event.get_absolute_url())

    assert published_response.status_code == cancelled_response.status_code == 302
    assert Event.objects.get().status == EventStatus.CANCELLED
    assert page.status_code == 200
    assert "This event is cancelled." in page.text


def test_cancel_is_post_only_and_refused_to_a_member(world: World):
    event = published(world)
    url = reverse("events:cancel", args=[event.public_id])

    assert world.client("admin_a").get(url).status_code == 405
    assert world.client("member_a").post(url).status_code == 403
    assert Event.objects.get().status == EventStatus.PUBLISHED


def test_the_detail_shows_times_in_the_viewers_zone_with_the_events_beside(world: World):
    event = published(world)
    Person.objects.filter(user=world.users["member_b"]).update(time_zone="Asia/Tokyo")

    page = world.client("member_b").get(event.get_absolute_url())

    assert page.status_code == 200
    assert "20 May 2026, 15:00</time>" in page.text
    assert "(event time 09:00 MSK)" in page.text


def test_the_online_link_is_only_for_registered_people_and_organisers(world: World):
    event = published(world)
    link = "https://meet.example.org/forum"

    assert link not in world.client("member_b").get(event.get_absolute_url()).text
    assert link in world.client("admin_a").get(event.get_absolute_url()).text
    registration_services.register(event, by=world.users["member_b"])
    assert link in world.client("member_b").get(event.get_absolute_url()).text


def test_the_online_link_waits_for_an_approved_registration(world: World):
    event = published(world, requires_approval=True)
    link = "https://meet.example.org/forum"
    pending = registration_services.register(event, by=world.users["member_b"])

    assert link not in world.client("member_b").get(event.get_absolute_url()).text
    registration_services.approve_registration(pending, by=world.users["admin_a"])
    assert link in world.client("member_b").get(event.get_absolute_url()).text


def test_agenda_sessions_are_added_in_the_events_wall_time_and_removed(world: World):
    event = draft(world)
    client = world.client("admin_a")

    added = client.post(
        reverse("events:add_session", args=[event.public_id]),
        {"title": "Opening", "starts_at": "2026-05-20T09:00", "ends_at": "2026-05-20T10:00"},
    )
    session = AgendaSession.objects.get()
    removed = client.post(
        reverse("events:remove_session", args=[event.public_id, session.public_id])
    )

    assert added.status_code == removed.status_code == 302
    assert session.starts_at == STARTS
    assert not AgendaSession.objects.exists()


def test_an_agenda_session_outside_the_event_names_the_field(world: World):
    event = draft(world)

    response = world.client("admin_a").post(
        reverse("events:add_session", args=[event.public_id]),
        {"title": "Too early", "starts_at": "2026-05-20T08:00", "ends_at": "2026-05-20T10:00"},
    )

    assert response.status_code == 400
    assert 'id="id_starts_at-errors"' in response.text
    assert "The session starts before the event." in response.text
    assert not AgendaSession.objects.exists()


def test_register_with_a_delegation_then_cancel(world: World):
    event = published(world)
    client = world.client("member_a")

    registered = client.post(
        reverse("events:register", args=[event.public_id]),
        {"organisation": world.org_a.pk, "attendance": "onsite"},
    )
    page = client.get(event.get_absolute_url())
    registration = Registration.objects.get()
    cancelled = client.post(reverse("events:cancel_registration", args=[registration.public_id]))

    assert registered.status_code == cancelled.status_code == 302
    assert "You are registered." in page.text
    assert "Alpha Robotics" in page.text
    assert Registration.objects.get().status == "cancelled"


def test_register_when_full_shows_the_refusal_and_changes_nothing(world: World):
    event = published(world, capacity=1)
    registration_services.register(event, by=world.users["member_a"])

    response = world.client("member_b").post(
        reverse("events:register", args=[event.public_id]), {"attendance": "onsite"}
    )

    assert response.status_code == 400
    assert "Every place is taken." in response.text
    assert Registration.objects.count() == 1


def test_registering_for_a_draft_is_404(world: World):
    event = draft(world)

    response = world.client("member_b").post(
        reverse("events:register", args=[event.public_id]), {"attendance": "onsite"}
    )

    assert response.status_code == 404
    assert not Registration.objects.exists()


def test_organisers_approve_and_decline_on_the_registrations_page(world: World):
    event = published(world, requires_approval=True)
    first = registration_services.register(event, by=world.users["member_b"])
    second = registration_services.register(event, by=world.users["no_org"])
    client = world.client("admin_a")

    page = client.get(reverse("events:registrations", args=[event.public_id]))
    approved = client.post(reverse("events:approve_registration", args=[first.public_id]))
    declined = client.post(reverse("events:decline_registration", args=[second.public_id]))

    assert page.status_code == 200
    assert page.text.count("Approve</button>") == 2
    assert approved.status_code == declined.status_code == 302
    assert approved["Location"] == reverse("events:registrations", args=[event.public_id])
    assert Registration.objects.get(pk=first.pk).status == "confirmed"
    assert Registration.objects.get(pk=second.pk).status == "declined"


def test_the_registrations_page_and_decisions_are_refused_to_others(world: World):
    event = published(world, requires_approval=True)
    registration = registration_services.register(event, by=world.users["member_b"])

    assert (
        world.client("member_a")
        .get(reverse("events:registrations", args=[event.public_id]))
        .status_code
        == 403
    )
    assert (
        world.client("member_b")
        .post(reverse("events:approve_registration", args=[registration.public_id]))
        .status_code
        == 403
    )
    assert (
        world.client("no_org")
        .post(reverse("events:approve_registration", args=[registration.public_id]))
        .status_code
        == 404
    )
    assert Registration.objects.get().status == "pending"


def test_my_events_lists_registrations_and_organised_events(world: World):
    event = published(world)
    registration_services.register(event, by=world.users["member_b"])

    registered = world.client("member_b").get(reverse("events:mine"))
    organised = world.client("admin_a").get(reverse("events:mine"))

    assert registered.status_code == organised.status_code == 200
    assert event.title in registered.text
    assert event.title in organised.text
    assert world.client("anonymous").get(reverse("events:mine")).status_code == 302


def test_the_past_events_are_listed_latest_first(world: World):
    older = published(
        world,
        title="Older",
        starts_at=STARTS - timedelta(days=60),
        ends_at=STARTS - timedelta(days=59),
    )
    newer = published(
        world,
        title="Newer",
        starts_at=STARTS - timedelta(days=30),
        ends_at=STARTS - timedelta(days=29),
    )

    page = world.client("anonymous").get("/events/", {"when": "past"})

    assert page.text.index(newer.title) < page.text.index(older.title)


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("url", ["/events/", "/events/mine/"])
def test_the_lists_take_as_many_queries_for_one_event_as_for_three(world: World, url: str):
    client = world.client("member_b")
    registration_services.register(published(world, title="One"), by=world.users["member_b"])
    one = _queries(client, url)
    for title in ("Two", "Three"):
        registration_services.register(published(world, title=title), by=world.users["member_b"])

    three = _queries(client, url)

    assert one == three


def test_the_detail_takes_as_many_queries_for_one_delegation_as_for_three(world: World):
    event = published(world)
    client = world.client("anonymous")
    registration_services.register(event, by=world.users["member_a"], organisation=world.org_a)
    one = _queries(client, event.get_absolute_url())
    registration_services.register(event, by=world.users["member_b"], organisation=world.org_b)
    gamma = MembershipFactory(organisation=OrganisationFactory(name="Gamma"), role=Role.MEMBER)
    registration_services.register(event, by=gamma.person.user, organisation=gamma.organisation)

    three = _queries(client, event.get_absolute_url())
    page = client.get(event.get_absolute_url()).text

    assert three == one
    assert page.count("(head of delegation)") == 3
    assert world.users["member_a"].person.full_name in page
