"""The private calendar feed: made, used without signing in, replaced, revoked."""

import hashlib
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import icalendar
import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from consortia.accounts.models import User
from consortia.core import clock
from consortia.core.models import AuditEvent
from consortia.core.permissions import NotPermitted
from consortia.events.models import CalendarFeed, Event, Registration, RegistrationStatus
from consortia.events.services.feeds import create_feed, feed_user, revoke_feed

from ..conftest import World
from ..factories.events import FORUM_STARTS, EventFactory
from ..races import THREADS, assert_threads_can_write_concurrently, race

LINK = "https://meet.example.org/forum"


def feed_path(secret: str) -> str:
    return reverse("events:feed", args=[secret])


@pytest.fixture
def forum(world: World) -> Event:
    event = EventFactory(organiser=world.org_b, title="Alliance forum")
    Registration.objects.create(
        event=event, user=world.users["member_a"], status=RegistrationStatus.CONFIRMED
    )
    return event


def secret_leaks(secret: str) -> list[AuditEvent]:
    return [
        event
        for event in AuditEvent.objects.all()
        if secret in json.dumps(event.data) or secret in (event.target_id + event.action)
    ]


# The service ------------------------------------------------------------------------------


def test_create_feed_stores_only_the_secrets_digest_and_audits_without_it(world: World):
    user = world.users["member_a"]

    feed, secret = create_feed(user)

    assert len(secret) >= 43
    assert feed.user == user
    assert feed.token_digest == hashlib.sha256(secret.encode()).hexdigest()
    assert feed.token_digest != secret
    assert secret not in CalendarFeed.objects.values_list("token_digest", flat=True)
    audit = AuditEvent.objects.get(action="calendar_feed.created")
    assert audit.actor == user
    assert audit.target_id == str(feed.pk)
    assert audit.data == {"replaced": False}
    assert secret_leaks(secret) == []


def test_create_feed_again_replaces_the_old_one(world: World):
    user = world.users["member_a"]
    _first, old_secret = create_feed(user)

    feed, new_secret = create_feed(user)

    assert list(CalendarFeed.objects.filter(user=user)) == [feed]
    assert feed_user(old_secret) is None
    assert feed_user(new_secret) == user
    assert AuditEvent.objects.filter(action="calendar_feed.created").latest("id").data == {
        "replaced": True
    }
    assert secret_leaks(old_secret) == [] and secret_leaks(new_secret) == []


def test_revoke_feed_deletes_it_and_the_secret_stops_working(world: World):
    user = world.users["member_a"]
    feed, secret = create_feed(user)

    assert revoke_feed(user) is True

    assert not CalendarFeed.objects.filter(user=user).exists()
    assert feed_user(secret) is None
    audit = AuditEvent.objects.get(action="calendar_feed.revoked")
    assert (audit.actor, audit.target_id, audit.data) == (user, str(feed.pk), {})
    assert revoke_feed(user) is False
    assert AuditEvent.objects.filter(action="calendar_feed.revoked").count() == 1


def test_feeds_are_per_person(world: World):
    _feed_a, secret_a = create_feed(world.users["member_a"])
    _feed_b, secret_b = create_feed(world.users["member_b"])

    revoke_feed(world.users["member_b"])

    assert feed_user(secret_a) == world.users["member_a"]
    assert feed_user(secret_b) is None


@pytest.mark.parametrize("secret", ["", "x", "not-a-real-secret", "a" * 43, "b" * 5000])
def test_feed_user_of_an_unknown_secret_is_none(world: World, secret: str):
    create_feed(world.users["member_a"])

    assert feed_user(secret) is None


def test_feed_user_of_an_inactive_person_is_none(world: World):
    user = world.users["member_a"]
    _feed, secret = create_feed(user)
    user.is_active = False
    user.save(update_fields=["is_active"])

    assert feed_user(secret) is None


def test_feed_notes_its_last_use_at_most_once_an_hour(world: World):
    user = world.users["member_a"]
    feed, secret = create_feed(user)
    first = datetime(2026, 5, 1, 8, 0, tzinfo=UTC)

    uses = []
    for minutes in (0, 30, 59, 61):
        with clock.frozen(first + timedelta(minutes=minutes)):
            assert feed_user(secret) == user
        feed.refresh_from_db()
        uses.append(feed.last_used_at)

    assert uses == [first, first, first, first + timedelta(minutes=61)]


def test_feed_services_refuse_anonymous_people(world: World):
    with pytest.raises(NotPermitted):
        create_feed(AnonymousUser())
    with pytest.raises(NotPermitted):
        revoke_feed(AnonymousUser())

    assert CalendarFeed.objects.count() == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_thirty_two_feeds_made_at_once_leave_one_that_works(world: World):
    secrets: list[str] = [""] * THREADS

    def prepare(i: int) -> Callable[[], Any]:
        user = User.objects.get(pk=world.users["member_a"].pk)

        def attempt() -> None:
            secrets[i] = create_feed(user)[1]

        return attempt

    assert_threads_can_write_concurrently()
    outcomes = race(prepare)

    assert outcomes == ["won"] * THREADS
    feed = CalendarFeed.objects.get(user=world.users["member_a"])
    working = [secret for secret in secrets if feed_user(secret) is not None]
    assert len(working) == 1
    assert feed.token_digest == hashlib.sha256(working[0].encode()).hexdigest()
    assert AuditEvent.objects.filter(action="calendar_feed.created").count() == THREADS


# The address -----------------------------------------------------------------------------


def test_feed_address_works_without_signing_in(world: World, forum: Event):
    _feed, secret = create_feed(world.users["member_a"])

    response = world.client("anonymous").get(feed_path(secret))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'inline; filename="consortia.ics"'
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex"
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H" in response.content
    assert b"X-PUBLISHED-TTL:PT1H" in response.content
    calendar = icalendar.Calendar.from_ical(response.content)
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Alliance forum"
    assert vevent.start.astimezone(UTC) == FORUM_STARTS
    assert [c.uri for c in vevent.conferences] == [LINK]
    assert str(vevent["URL"]) == "http://testserver" + forum.get_absolute_url()


def test_feed_address_shows_its_owners_agenda_whoever_is_signed_in(world: World, forum: Event):
    _feed, secret = create_feed(world.users["member_b"])

    response = world.client("member_a").get(feed_path(secret))

    assert response.status_code == 200
    assert icalendar.Calendar.from_ical(response.content).walk("VEVENT") == []
    assert b"Alliance forum" not in response.content


def test_old_address_is_404_after_a_new_one_and_after_revoking(world: World, forum: Event):
    user = world.users["member_a"]
    _feed, old_secret = create_feed(user)
    _feed, new_secret = create_feed(user)
    anonymous = world.client("anonymous")

    old = anonymous.get(feed_path(old_secret))
    new = anonymous.get(feed_path(new_secret))
    revoke_feed(user)
    revoked = anonymous.get(feed_path(new_secret))

    assert (old.status_code, new.status_code, revoked.status_code) == (404, 200, 404)
    assert b"Alliance forum" not in old.content + revoked.content


def test_unknown_feed_address_is_404(world: World):
    response = world.client("anonymous").get(feed_path("x" * 43))

    assert response.status_code == 404


# The page ---------------------------------------------------------------------------------


def test_making_a_feed_on_the_page_shows_the_address_once(world: World):
    client = world.client("member_a")

    made = client.post(reverse("events:create_feed"))
    first = client.get(reverse("events:calendar"))
    second = client.get(reverse("events:calendar"))

    assert made.status_code == 302
    assert made["Location"] == reverse("events:calendar")
    feed = CalendarFeed.objects.get(user=world.users["member_a"])
    shown = first.content.decode()
    start = shown.index("http://testserver/events/feed/")
    url = shown[start : shown.index('"', start)]
    secret = url.removeprefix("http://testserver/events/feed/").removesuffix(".ics")
    assert hashlib.sha256(secret.encode()).hexdigest() == feed.token_digest
    assert "webcal://testserver/events/feed/" in shown
    assert "no-store" in first["Cache-Control"]
    assert secret not in second.content.decode()
    assert "/events/feed/" not in second.content.decode()
    assert reverse("events:revoke_feed") in second.content.decode()
    assert secret_leaks(secret) == []


def test_revoking_on_the_page_turns_the_address_off(world: World):
    client = world.client("member_a")
    _feed, secret = create_feed(world.users["member_a"])

    response = client.post(reverse("events:revoke_feed"))

    assert response.status_code == 302
    assert not CalendarFeed.objects.exists()
    assert world.client("anonymous").get(feed_path(secret)).status_code == 404
    page = client.get(reverse("events:calendar")).content.decode()
    assert reverse("events:revoke_feed") not in page
    assert reverse("events:create_feed") in page


@pytest.mark.parametrize("name", ["events:create_feed", "events:revoke_feed"])
def test_feed_actions_need_post_and_sign_in(world: World, name: str):
    anonymous = world.client("anonymous").post(reverse(name))
    by_get = world.client("member_a").get(reverse(name))

    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("account_login"))
    assert by_get.status_code == 405
    assert CalendarFeed.objects.count() == 0


def test_calendar_page_needs_sign_in(world: World):
    response = world.client("anonymous").get(reverse("events:calendar"))

    assert response.status_code == 302
