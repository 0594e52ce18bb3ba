"""The events API through Django's test client: an organiser sets up a forum with its agenda and
a B2B session, two participants in different time zones state when they can meet, request and
accept a meeting, the scheduler places it, and both sides check in and answer "follow up?" —
plus bad bodies, hidden drafts and links, and the calendar feed."""

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.test import Client

from consortia.core import clock
from consortia.directory.policies import forget_memberships
from consortia.events.models import (
    AgendaSession,
    B2BSession,
    Event,
    Meeting,
    MeetingStatus,
    Participant,
    Seat,
)
from consortia.events.services import b2b
from tests.conftest import World
from tests.factories.directory import MembershipFactory, OrganisationFactory

from .conftest import BEFORE, draft, published

V1 = "/api/v1"
pytestmark = pytest.mark.django_db


def _send(client: Client, method: str, url: str, body: dict[str, Any] | None = None) -> Any:
    return client.generic(method, url, data=json.dumps(body or {}), content_type="application/json")


def _ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.content
    return response.json() if response.content else None


def test_api_forum_to_held_meeting_across_time_zones(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    admin_a, member_b = world.client("admin_a"), world.client("member_b")
    with clock.frozen(BEFORE):
        # Local wall-clock times are read in the event's zone (Moscow, UTC+3).
        event = _ok(
            _send(
                admin_a,
                "POST",
                f"{V1}/events",
                {
                    "organiser": str(world.org_a.public_id),
                    "kind": "forum",
                    "title": "BRICS innovation forum",
                    "language": "en",
                    "time_zone": "Europe/Moscow",
                    "starts_at": "2026-05-20T09:00:00",
                    "ends_at": "2026-05-20T18:00:00",
                    "city": "Moscow",
                    "online_url": "https://meet.example.org/forum",
                    "topics": ["robotics"],
                },
            ),
            201,
        )
        assert event["status"] == "draft"
        assert event["starts_at"].startswith("2026-05-20T06:00:00")
        assert event["local_starts_at"] == "2026-05-20T09:00:00+03:00"
        assert event["topics"] == ["robotics"]
        url = f"{V1}/events/{event['id']}"
        session = _ok(
            _send(
                admin_a,
                "POST",
                f"{url}/agenda",
                {
                    "title": "Plenary",
                    "starts_at": "2026-05-20T10:00:00+03:00",
                    "ends_at": "2026-05-20T11:00:00+03:00",
                    "room": "Hall A",
                },
            ),
            201,
        )
        assert session["local_starts_at"] == "2026-05-20T10:00:00+03:00"
        assert _ok(_send(admin_a, "POST", f"{url}/publish"))["status"] == "published"

        registered = _ok(
            _send(
                member_b,
                "POST",
                f"{url}/registrations",
                {"attendance": "online", "organisation": str(world.org_b.public_id)},
            ),
            201,
        )
        assert (registered["status"], registered["organisation"]["name"]) == (
            "confirmed",
            world.org_b.name,
        )
        # Confirmed, member B now sees the online link; the public does not.
        assert _ok(member_b.get(url))["online_url"] == "https://meet.example.org/forum"
        assert _ok(Client().get(url))["online_url"] == ""

        b2b = _ok(
            _send(
                admin_a,
                "POST",
                f"{url}/b2b",
                {
                    "title": "Matchmaking",
                    "mode": "hybrid",
                    "meeting_minutes": 20,
                    "starts_at": "2026-05-20T11:00:00",
                    "ends_at": "2026-05-20T13:00:00",
                    "tables": ["T1", "T2"],
                    "default_quota": 4,
                },
            ),
            201,
        )
        assert len(b2b["slots"]) == 6 and b2b["tables"] == ["T1", "T2"]
        b2b_url = f"{V1}/b2b/{b2b['id']}"
        side_a = _ok(
            _send(
                admin_a,
                "POST",
                f"{b2b_url}/participants",
                {
                    "organisation": str(world.org_a.public_id),
                    "time_zone": "Asia/Shanghai",
                    "onsite": True,
                },
            ),
            201,
        )
        side_b = _ok(
            _send(
                member_b,
                "POST",
                f"{b2b_url}/participants",
                {
                    "organisation": str(world.org_b.public_id),
                    "time_zone": "America/Sao_Paulo",
                    "onsite": False,
                },
            ),
            201,
        )
        # B can meet from 05:40 in São Paulo (UTC−3): the first two slots are out.
        b_after = _ok(
            _send(
                member_b,
                "PUT",
                f"{V1}/b2b/participants/{side_b['id']}/availability",
                {
                    "ranges": [
                        {"starts_at": "2026-05-20T05:40:00", "ends_at": "2026-05-20T07:00:00"}
                    ]
                },
            )
        )
        assert b_after["available_slots"] == [slot["id"] for slot in b2b["slots"][2:]]
        # A member of A sees B take part, but not B's availability.
        listed = _ok(world.client("member_a").get(f"{b2b_url}/participants"))
        by_id = {item["id"]: item for item in listed["items"]}
        assert by_id[side_b["id"]]["available_slots"] is None
        assert by_id[side_a["id"]]["available_slots"] is not None

        asked = _ok(
            _send(
                member_b,
                "POST",
                f"{b2b_url}/requests",
                {
                    "recipient": side_a["id"],
                    "message": "Pilot in Campinas?",
                    "priority": 3,
                    "online": True,
                },
            ),
            201,
        )
        assert (asked["status"], asked["requester"]["name"]) == ("pending", world.org_b.name)
        accepted = _ok(
            _send(
                world.client("member_a"),
                "POST",
                f"{V1}/b2b/requests/{asked['id']}/accept?priority=2",
            )
        )
        assert accepted["status"] == "accepted"

        with django_capture_on_commit_callbacks(execute=True):
            run = _ok(_send(admin_a, "POST", f"{b2b_url}/schedule-runs", {"time_limit": 5}), 202)
        finished = _ok(admin_a.get(f"{V1}/b2b/schedule-runs/{run['id']}"))
        assert finished["status"] == "done", finished
        assert finished["scheduled"] == 1 and finished["left_out"] == []
        assert finished["objective"] == pytest.approx(finished["upper_bound"])
        # Not published: B does not see the meeting yet.
        assert _ok(member_b.get(f"{b2b_url}/meetings"))["count"] == 0
        _ok(_send(admin_a, "POST", f"{b2b_url}/publish"))

        [meeting] = _ok(member_b.get(f"{b2b_url}/meetings"))["items"]
        starts = datetime.fromisoformat(meeting["starts_at"])
        assert starts >= datetime(2026, 5, 20, 8, 40, tzinfo=UTC)
        assert meeting["online"] is True and meeting["table"] is None
        agenda = _ok(member_b.get(f"{V1}/agenda"))
        [item] = [entry for entry in agenda if entry["kind"] == "meeting"]
        assert (item["title"], item["id"]) == (world.org_a.name, meeting["id"])
        assert datetime.fromisoformat(item["local_starts_at"]) == starts
        assert item["local_starts_at"].endswith("+03:00")

    with clock.frozen(starts - timedelta(minutes=10)):
        _ok(_send(member_b, "POST", f"{V1}/b2b/meetings/{meeting['id']}/check-in", {}))
        # The operator organises: it checks in side A when told which side that is.
        operator = world.client("operator")
        refused = _send(operator, "POST", f"{V1}/b2b/meetings/{meeting['id']}/check-in", {})
        assert refused.status_code == 422
        assert refused.json()["errors"][0]["field"] == "participant"
        held = _ok(
            _send(
                operator,
                "POST",
                f"{V1}/b2b/meetings/{meeting['id']}/check-in",
                {"participant": side_a["id"]},
            )
        )
        assert held["status"] == MeetingStatus.HELD
    with clock.frozen(starts + timedelta(minutes=30)):
        _ok(
            _send(
                member_b,
                "POST",
                f"{V1}/b2b/meetings/{meeting['id']}/follow-up",
                {"follow_up": True},
            ),
            204,
        )
    seat = Seat.objects.get(meeting__public_id=meeting["id"], participant__public_id=side_b["id"])
    assert (seat.checked_in, seat.follow_up) == (True, True)


def test_api_bad_event_body_names_each_field_and_stores_nothing(world: World) -> None:
    admin_a = world.client("admin_a")
    body = {
        "organiser": str(world.org_a.public_id),
        "kind": "forum",
        "title": "Backwards forum",
        "language": "en",
        "time_zone": "Europe/Moscow",
        "starts_at": "2026-05-20T18:00:00",
        "ends_at": "2026-05-20T09:00:00",
        "city": "Moscow",
    }
    with clock.frozen(BEFORE):
        backwards = _send(admin_a, "POST", f"{V1}/events", body)
        nowhere = _send(admin_a, "POST", f"{V1}/events", {**body, "time_zone": "Mars/Olympus"})
        party = _send(admin_a, "POST", f"{V1}/events", {**body, "kind": "party"})

    assert backwards.status_code == 422
    assert [e["field"] for e in backwards.json()["errors"]] == ["ends_at"]
    assert nowhere.status_code == 422
    assert [e["field"] for e in nowhere.json()["errors"]] == ["time_zone"]
    assert party.status_code == 422
    assert "kind" in [e["field"] for e in party.json()["errors"]]
    assert not Event.objects.exists()


def test_api_agenda_session_outside_event_is_refused_and_event_kept(world: World) -> None:
    with clock.frozen(BEFORE):
        event = published(world)
        response = _send(
            world.client("admin_a"),
            "POST",
            f"{V1}/events/{event.public_id}/agenda",
            {
                "title": "Night",
                "starts_at": "2026-05-20T22:00:00",
                "ends_at": "2026-05-20T23:00:00",
            },
        )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] in {"starts_at", "ends_at"}
    assert not AgendaSession.objects.exists()


def test_api_draft_and_its_agenda_are_404_to_everyone_but_its_organisers(world: World) -> None:
    with clock.frozen(BEFORE):
        event = draft(world)
        answers = {
            role: world.client(role).get(f"{V1}/events/{event.public_id}").status_code
            for role in ("member_a", "member_b", "admin_a", "operator")
        }
        listed = _ok(world.client("member_b").get(f"{V1}/events"))
    assert answers == {"member_a": 404, "member_b": 404, "admin_a": 200, "operator": 200}
    assert listed["count"] == 0


def test_api_meeting_move_to_a_slot_where_a_side_is_busy_is_refused(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    with clock.frozen(BEFORE):
        first, second = _two_meetings_of_a(world, django_capture_on_commit_callbacks)
        response = _send(
            world.client("admin_a"),
            "PATCH",
            f"{V1}/b2b/meetings/{first.public_id}",
            {"slot": second.slot_id},
        )
    assert response.status_code == 422, response.content
    first.refresh_from_db()
    assert first.slot_id != second.slot_id and not first.locked


def _two_meetings_of_a(world: World, capture: Any) -> list[Meeting]:
    """B and C each meet A, in different slots of a published schedule."""
    event = published(world)
    admin_a = world.users["admin_a"]
    session = b2b.create_b2b_session(
        event,
        by=admin_a,
        title="Matchmaking",
        mode="hybrid",
        meeting_minutes=20,
        starts_at=event.starts_at + timedelta(hours=1),
        ends_at=event.starts_at + timedelta(hours=2),
        tables=2,
        default_quota=3,
    )
    org_c = OrganisationFactory(name="Campinas Tech Park")
    MembershipFactory(organisation=org_c, person=admin_a.person)
    forget_memberships(admin_a)
    a = b2b.join_b2b_session(session, by=admin_a, organisation=world.org_a)
    b = b2b.join_b2b_session(session, by=world.users["member_b"], organisation=world.org_b)
    c = b2b.join_b2b_session(session, by=admin_a, organisation=org_c)
    for requester, by in ((b, world.users["member_b"]), (c, admin_a)):
        request = b2b.request_meeting(session, by=by, requester=requester, recipient=a)
        b2b.accept_request(request, by=world.users["member_a"])
    with capture(execute=True):
        b2b.start_schedule_run(session, by=admin_a, time_limit=5)
    b2b.publish_schedule(session, by=admin_a)
    return list(Meeting.objects.filter(session=session).order_by("id"))


def test_api_request_and_meeting_lists_hold_only_what_each_caller_may_see(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    with clock.frozen(BEFORE):
        first, second = _two_meetings_of_a(world, django_capture_on_commit_callbacks)
        session = first.session
        url = f"{V1}/b2b/{session.public_id}"
        seen = {
            role: (
                {
                    r["requester"]["name"]
                    for r in _ok(world.client(role).get(f"{url}/requests"))["items"]
                },
                {m["id"] for m in _ok(world.client(role).get(f"{url}/meetings"))["items"]},
            )
            for role in ("member_b", "admin_a", "no_org")
        }
    b_meeting = next(m for m in (first, second) if m.request.requester.organisation == world.org_b)
    assert seen["member_b"] == ({world.org_b.name}, {str(b_meeting.public_id)})
    assert seen["admin_a"] == (
        {world.org_b.name, "Campinas Tech Park"},
        {str(first.public_id), str(second.public_id)},
    )
    assert seen["no_org"] == (set(), set())


def test_api_calendar_feed_is_made_shown_once_and_revoked(world: World) -> None:
    member_a = world.client("member_a")
    with clock.frozen(BEFORE):
        published(world)
        feed = _ok(_send(member_a, "POST", f"{V1}/agenda/feed"), 201)
        path = feed["url"].split("testserver", 1)[1]
        assert Client().get(path).status_code == 200
        _ok(_send(member_a, "DELETE", f"{V1}/agenda/feed"), 204)
        assert Client().get(path).status_code == 404
        assert _send(member_a, "DELETE", f"{V1}/agenda/feed").status_code == 404


def test_api_participant_acting_for_two_organisations_must_say_which(world: World) -> None:
    with clock.frozen(BEFORE):
        event = published(world)
        session: B2BSession = b2b.create_b2b_session(
            event,
            by=world.users["admin_a"],
            title="Matchmaking",
            mode="hybrid",
            meeting_minutes=20,
            starts_at=event.starts_at + timedelta(hours=1),
            ends_at=event.starts_at + timedelta(hours=2),
            tables=2,
            default_quota=3,
        )
        MembershipFactory(organisation=world.org_b, person=world.users["admin_a"].person)
        forget_memberships(world.users["admin_a"])
        a = b2b.join_b2b_session(session, by=world.users["admin_a"], organisation=world.org_a)
        b = b2b.join_b2b_session(session, by=world.users["admin_a"], organisation=world.org_b)
        client = world.client("admin_a")
        unclear = _send(
            client,
            "POST",
            f"{V1}/b2b/{session.public_id}/requests",
            {"recipient": str(b.public_id)},
        )
        clear = _send(
            client,
            "POST",
            f"{V1}/b2b/{session.public_id}/requests",
            {"recipient": str(b.public_id), "requester": str(a.public_id)},
        )
    assert unclear.status_code == 422
    assert unclear.json()["errors"][0]["field"] == "requester"
    assert clear.status_code == 201, clear.content
    assert clear.json()["requester_participant"] == str(a.public_id)
    assert Participant.objects.filter(session=session).count() == 2
    assert Meeting.objects.count() == 0
