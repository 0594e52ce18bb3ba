"""B2B session pages: who sees what (404/403), the web flow of two participants in different time
zones up to their published agendas, the organisers' page with its scheduler runs, and bad input
shown on the form with nothing changed."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consortia.core import clock
from consortia.events.models import (
    B2BSession,
    B2BStatus,
    Mark,
    Meeting,
    MeetingRequest,
    Participant,
    RequestStatus,
    ScheduleRun,
    Seat,
)
from consortia.events.services import b2b as services
from tests.conftest import ROLES, World
from tests.events.test_b2b import company, forum, joined, session_of

pytestmark = pytest.mark.django_db

BEFORE = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)


def client_of(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def scheduled(world: World, capture: Any) -> dict[str, Any]:
    """A session of A's forum where A and B take part, B asked A, A accepted, the scheduler ran
    and the schedule is published."""
    session = session_of(world)
    a = services.join_b2b_session(
        session, by=world.users["admin_a"], organisation=world.org_a, time_zone="Europe/Moscow"
    )
    b = services.join_b2b_session(
        session, by=world.users["member_b"], organisation=world.org_b, time_zone="Asia/Shanghai"
    )
    request = services.request_meeting(
        session, by=world.users["member_b"], requester=b, recipient=a
    )
    services.accept_request(request, by=world.users["admin_a"])
    with capture(execute=True):
        run = services.start_schedule_run(session, by=world.users["admin_a"], time_limit=5)
    services.publish_schedule(session, by=world.users["admin_a"])
    meeting = Meeting.objects.get(request=request)
    return {"session": session, "a": a, "b": b, "request": request, "run": run, "meeting": meeting}


# --- Who gets what --------------------------------------------------------------------------
EXPECTED_GET = {
    # role: (session page, organise page, run status fragment, create page)
    "anonymous": (200, 302, 302, 302),
    "no_org": (200, 403, 403, 403),
    "member_a": (200, 403, 403, 403),
    "admin_a": (200, 200, 200, 200),
    "member_b": (200, 403, 403, 403),
    "operator": (200, 200, 200, 200),
}


@pytest.mark.parametrize("role", ROLES)
def test_pages_answer_each_role(world: World, role: str, django_capture_on_commit_callbacks: Any):
    built = scheduled(world, django_capture_on_commit_callbacks)
    session = built["session"]
    client = world.client(role)
    urls = [
        reverse("events:b2b", args=[session.public_id]),
        reverse("events:b2b_organise", args=[session.public_id]),
        reverse("events:b2b_run_status", args=[built["run"].pk]),
        reverse("events:b2b_create", args=[session.event.public_id]),
    ]
    assert tuple(client.get(url).status_code for url in urls) == EXPECTED_GET[role]


@pytest.mark.parametrize("role", ROLES)
def test_a_draft_events_session_is_hidden_from_all_but_its_organisers(world: World, role: str):
    session = session_of(world, event=forum(world, status="draft"))
    response = world.client(role).get(reverse("events:b2b", args=[session.public_id]))
    assert response.status_code == (200 if role in {"admin_a", "operator"} else 404)


def test_unknown_session_request_meeting_and_run_are_404(world: World):
    client = world.client("admin_a")
    missing = "00000000-0000-0000-0000-000000000000"
    assert client.get(reverse("events:b2b", args=[missing])).status_code == 404
    assert client.get(reverse("events:b2b_run_status", args=[999999])).status_code == 404
    assert client.post(reverse("events:b2b_answer", args=[missing, "accept"])).status_code == 404
    assert client.post(reverse("events:b2b_lock", args=[missing])).status_code == 404


def test_member_b_sees_only_their_side_and_may_not_run_the_organisers_actions(
    world: World, django_capture_on_commit_callbacks: Any
):
    built = scheduled(world, django_capture_on_commit_callbacks)
    session, meeting = built["session"], built["meeting"]
    client = world.client("member_b")
    organiser_posts = [
        reverse("events:b2b_run", args=[session.public_id]),
        reverse("events:b2b_publish", args=[session.public_id]),
        reverse("events:b2b_lock", args=[meeting.public_id]),
        reverse("events:b2b_move", args=[meeting.public_id]),
        reverse("events:b2b_no_show", args=[meeting.public_id]),
    ]
    for url in organiser_posts:
        assert client.post(url, {"time_limit": 5}).status_code == 403, url
    # no_org is not a side of the meeting: it does not exist for them.
    assert world.client("no_org").post(organiser_posts[2]).status_code == 404
    # member_a may not answer or withdraw B's request: it is not A's member's to withdraw.
    cancel = reverse("events:b2b_cancel_request", args=[built["request"].public_id])
    assert world.client("member_a").post(cancel).status_code == 403
    assert world.client("no_org").post(cancel).status_code == 404
    assert MeetingRequest.objects.get(pk=built["request"].pk).status == RequestStatus.ACCEPTED
    assert not Meeting.objects.get(pk=meeting.pk).locked


def test_anonymous_posts_go_to_sign_in_and_gets_are_refused(world: World):
    session = session_of(world)
    client = world.client("anonymous")
    response = client.post(reverse("events:b2b_join", args=[session.public_id]))
    assert response.status_code == 302 and "login" in response["Location"]
    member = world.client("member_b")
    assert member.get(reverse("events:b2b_join", args=[session.public_id])).status_code == 405
    assert not Participant.objects.exists()


POSTS = [
    "b2b_create",
    "b2b_join",
    "b2b_participation",
    "b2b_availability",
    "b2b_request",
    "b2b_mark",
    "b2b_answer",
    "b2b_cancel_request",
    "b2b_check_in",
    "b2b_follow_up",
    "b2b_run",
    "b2b_publish",
    "b2b_lock",
    "b2b_move",
    "b2b_no_show",
]
# An empty POST by each role to a published schedule (anonymous, no_org, member_a, admin_a,
# member_b, operator): 302 sign-in or done, 400 the form again (bad input or a refusal), 403 not
# theirs to do, 404 not theirs to know about.
EXPECTED_POST = {
    "b2b_create": (302, 403, 403, 400, 403, 400),
    "b2b_join": (302, 400, 400, 400, 400, 400),
    "b2b_participation": (302, 403, 400, 400, 400, 403),
    "b2b_availability": (302, 403, 400, 400, 400, 403),
    "b2b_request": (302, 403, 400, 400, 400, 403),
    "b2b_mark": (302, 403, 400, 400, 400, 403),
    "b2b_answer": (302, 404, 400, 400, 403, 403),
    "b2b_cancel_request": (302, 404, 403, 403, 302, 403),
    # An organiser who is not a side names the side to check in (empty: 400).
    "b2b_check_in": (302, 404, 302, 302, 302, 400),
    "b2b_follow_up": (302, 404, 400, 400, 400, 403),
    "b2b_run": (302, 403, 403, 400, 403, 400),
    "b2b_publish": (302, 403, 403, 302, 403, 302),
    "b2b_lock": (302, 404, 403, 302, 403, 302),
    "b2b_move": (302, 404, 403, 400, 403, 400),
    "b2b_no_show": (302, 404, 403, 302, 403, 302),
}


@pytest.mark.parametrize("name", POSTS)
def test_posts_answer_each_role(world: World, name: str, django_capture_on_commit_callbacks: Any):
    statuses = []
    for role in ROLES:
        built = scheduled(world, django_capture_on_commit_callbacks)
        session, meeting, request = built["session"], built["meeting"], built["request"]
        args: dict[str, list[Any]] = {
            "b2b_create": [session.event.public_id],
            "b2b_answer": [request.public_id, "accept"],
            "b2b_cancel_request": [request.public_id],
        }
        for meeting_route in ("check_in", "follow_up", "lock", "move", "no_show"):
            args[f"b2b_{meeting_route}"] = [meeting.public_id]
        url = reverse(f"events:{name}", args=args.get(name, [session.public_id]))
        statuses.append(world.client(role).post(url, {}).status_code)
    assert tuple(statuses) == EXPECTED_POST[name]


# --- The web flow -----------------------------------------------------------------------------
def test_two_participants_in_different_zones_meet_through_the_pages(
    world: World, django_capture_on_commit_callbacks: Any
):
    event = forum(world)
    admin = world.client("admin_a")
    with clock.frozen(BEFORE):
        page = admin.get(reverse("events:event", args=[event.public_id]))
        assert reverse("events:b2b_create", args=[event.public_id]) in page.content.decode()
        response = admin.post(
            reverse("events:b2b_create", args=[event.public_id]),
            {
                "title": "Matchmaking",
                "mode": "hybrid",
                "meeting_minutes": 30,
                "starts_at": "2026-05-20T10:00",  # Moscow clocks: 07:00 UTC
                "ends_at": "2026-05-20T12:00",
                "tables": 2,
                "default_quota": 3,
            },
        )
        session = B2BSession.objects.get()
        assert response.status_code == 302 and response["Location"] == session.get_absolute_url()
        assert session.starts_at == datetime(2026, 5, 20, 7, 0, tzinfo=UTC)
        assert session.slots.count() == 4 and session.tables.count() == 2
        assert session.get_absolute_url() in admin.get(event.get_absolute_url()).content.decode()

        # Two companies, one in Shanghai (UTC+8), one in São Paulo (UTC-3).
        east_org, east_user = company("East Trade", "Asia/Shanghai")
        west_org, west_user = company("West Foods", "America/Sao_Paulo")
        east_client, west_client = client_of(east_user), client_of(west_user)
        url = reverse("events:b2b", args=[session.public_id])
        assert "Take part as East Trade" in east_client.get(url).content.decode()
        for client, organisation, zone in (
            (east_client, east_org, "Asia/Shanghai"),
            (west_client, west_org, "America/Sao_Paulo"),
        ):
            response = client.post(
                reverse("events:b2b_join", args=[session.public_id]),
                {
                    "organisation": organisation.pk,
                    "time_zone": zone,
                    "quota": 2,
                    "onsite": "yes",
                    "profile": "Tea and coffee",
                },
            )
            assert response.status_code == 302
        east = Participant.objects.get(organisation__name="East Trade")
        west = Participant.objects.get(organisation__name="West Foods")
        assert (east.time_zone, east.quota, east.onsite) == ("Asia/Shanghai", 2, True)

        # West is only free for the first hour of its morning there (04:00–05:00 in São Paulo).
        response = west_client.post(
            reverse("events:b2b_availability", args=[session.public_id]), {"ranges": "04:00–05:00"}
        )
        assert response.status_code == 302
        assert [s.starts_at.hour for s in west.available_slots.order_by("starts_at")] == [7, 7]

        page = east_client.get(url).content.decode()
        assert "West Foods" in page and "Request a meeting" in page
        response = east_client.post(
            reverse("events:b2b_request", args=[session.public_id]),
            {"recipient": str(west.public_id), "priority": 2, "message": "Let us talk"},
        )
        assert response.status_code == 302
        request = MeetingRequest.objects.get()
        assert (request.requester, request.recipient, request.priority) == (east, west, 2)
        page = west_client.get(url).content.decode()
        assert "Let us talk" in page
        assert reverse("events:b2b_answer", args=[request.public_id, "accept"]) in page
        response = west_client.post(
            reverse("events:b2b_answer", args=[request.public_id, "accept"]),
            {"recipient_priority": 3},
        )
        assert response.status_code == 302
        request.refresh_from_db()
        assert (request.status, request.recipient_priority) == (RequestStatus.ACCEPTED, 3)

        # The organiser runs the scheduler (inline in tests) and publishes.
        with django_capture_on_commit_callbacks(execute=True):
            response = admin.post(
                reverse("events:b2b_run", args=[session.public_id]), {"time_limit": 5}
            )
        assert response.status_code == 302
        run = ScheduleRun.objects.get()
        assert run.status == ScheduleRun.Status.DONE and run.scheduled == 1
        organise = admin.get(reverse("events:b2b_organise", args=[session.public_id]))
        text = organise.content.decode()
        assert "East Trade" in text and "West Foods" in text and "within 100" in text
        assert 'hx-trigger="every 2s"' not in text  # the run is over: no more polling
        meeting = Meeting.objects.get()
        assert f"meeting-{meeting.public_id}" in text
        # Before publishing the participants do not see their meeting.
        assert "My meetings" not in east_client.get(url).content.decode()
        response = admin.post(reverse("events:b2b_publish", args=[session.public_id]))
        assert response.status_code == 302
        session.refresh_from_db()
        assert session.status == B2BStatus.PUBLISHED

        # Each sees the meeting at 07:00 UTC: their own clock and the event's (10:00 MSK).
        east_page = east_client.get(url).content.decode()
        west_page = west_client.get(url).content.decode()
    assert meeting.slot.starts_at == datetime(2026, 5, 20, 7, 0, tzinfo=UTC)
    assert "20 May 2026, 15:00" in east_page and "event time 10:00 MSK" in east_page
    assert "20 May 2026, 04:00" in west_page and "event time 10:00 MSK" in west_page
    assert "West Foods" in east_page and "East Trade" in west_page
    assert meeting.table is not None and meeting.table.name in east_page

    # During the meeting: check in; after it: follow up.
    with clock.frozen(meeting.slot.starts_at + timedelta(minutes=5)):
        assert "Check in" in east_client.get(url).content.decode()
        response = east_client.post(reverse("events:b2b_check_in", args=[meeting.public_id]))
        assert response.status_code == 302
    with clock.frozen(meeting.slot.ends_at + timedelta(minutes=5)):
        assert "Follow up?" in west_client.get(url).content.decode()
        response = west_client.post(
            reverse("events:b2b_follow_up", args=[meeting.public_id]), {"follow_up": "yes"}
        )
        assert response.status_code == 302
    seats = {s.participant_id: s for s in Seat.objects.filter(meeting=meeting)}
    assert seats[east.pk].checked_in and not seats[west.pk].checked_in
    assert seats[west.pk].follow_up is True and seats[east.pk].follow_up is None


def test_marks_decline_and_cancel_through_the_pages(world: World):
    with clock.frozen(BEFORE):
        session = session_of(world)
        east, east_user = joined(session, "East Trade", "Asia/Shanghai")
        west, west_user = joined(session, "West Foods", "America/Sao_Paulo")
        north, _north_user = joined(session, "North Fish")
        east_client, west_client = client_of(east_user), client_of(west_user)
        mark_url = reverse("events:b2b_mark", args=[session.public_id])
        response = east_client.post(mark_url, {"other": north.public_id, "kind": "do_not_meet"})
        assert response.status_code == 302
        assert Mark.objects.get().kind == Mark.Kind.DO_NOT_MEET
        assert "Remove the mark" in east_client.get(session.get_absolute_url()).content.decode()
        east_client.post(mark_url, {"other": north.public_id, "kind": ""})
        assert not Mark.objects.exists()

        request_url = reverse("events:b2b_request", args=[session.public_id])
        east_client.post(request_url, {"recipient": str(west.public_id), "priority": 1})
        first = MeetingRequest.objects.get()
        response = west_client.post(reverse("events:b2b_answer", args=[first.public_id, "decline"]))
        assert response.status_code == 302
        first.refresh_from_db()
        assert first.status == RequestStatus.DECLINED
        # Answering again is refused on the page, and the answer stays.
        response = west_client.post(reverse("events:b2b_answer", args=[first.public_id, "accept"]))
        assert response.status_code == 400
        assert "answered already" in response.content.decode()
        first.refresh_from_db()
        assert first.status == RequestStatus.DECLINED
        east_client.post(request_url, {"recipient": str(west.public_id), "priority": 1})
        second = MeetingRequest.objects.exclude(pk=first.pk).get()
        # The recipient may not withdraw it; the requester may.
        cancel = reverse("events:b2b_cancel_request", args=[second.public_id])
        assert west_client.post(cancel).status_code == 403
        assert east_client.post(cancel).status_code == 302
        second.refresh_from_db()
        assert second.status == RequestStatus.CANCELLED


# --- Bad input ---------------------------------------------------------------------------------
def test_bad_input_names_the_field_and_changes_nothing(world: World):
    event = forum(world)
    admin = world.client("admin_a")
    with clock.frozen(BEFORE):
        response = admin.post(
            reverse("events:b2b_create", args=[event.public_id]),
            {
                "title": "Matchmaking",
                "mode": "hybrid",
                "meeting_minutes": 30,
                "starts_at": "2026-05-21T10:00",  # the day after the forum
                "ends_at": "2026-05-21T12:00",
                "tables": 2,
                "default_quota": 3,
            },
        )
        assert response.status_code == 400
        assert 'id="id_starts_at-errors"' in response.content.decode()
        assert not B2BSession.objects.exists()

        session = session_of(world)
        east, east_user = joined(session, "East Trade", "Asia/Shanghai")
        west, _west_user = joined(session, "West Foods")
        client = client_of(east_user)
        slots = set(east.available_slots.values_list("pk", flat=True))
        url = reverse("events:b2b_availability", args=[session.public_id])
        for ranges in ("lunch time", "25:00–26:00", "18:00–14:00"):
            response = client.post(url, {"ranges": ranges})
            assert response.status_code == 400, ranges
            assert 'id="id_ranges-errors"' in response.content.decode(), ranges
        assert set(east.available_slots.values_list("pk", flat=True)) == slots

        response = client.post(
            reverse("events:b2b_participation", args=[session.public_id]),
            {
                "contact": east_user.pk,
                "time_zone": "Asia/Shanghai",
                "quota": 999,
                "onsite": "yes",
            },
        )
        assert response.status_code == 400 and 'id="id_quota-errors"' in response.content.decode()
        east.refresh_from_db()
        assert east.quota == 6

        request_url = reverse("events:b2b_request", args=[session.public_id])
        response = client.post(request_url, {"recipient": "nobody", "priority": 1})
        assert response.status_code == 400
        assert 'id="id_recipient-errors"' in response.content.decode()
        assert not MeetingRequest.objects.exists()

        response = client.post(request_url, {"recipient": str(west.public_id), "priority": 1})
        assert response.status_code == 302
        # A second open request between them: the service refuses, naming the recipient.
        response = client.post(request_url, {"recipient": str(west.public_id), "priority": 1})
        assert response.status_code == 400
        assert "already open" in response.content.decode()
        assert MeetingRequest.objects.count() == 1

        response = admin.post(
            reverse("events:b2b_run", args=[session.public_id]), {"time_limit": 500}
        )
        assert response.status_code == 400
        assert 'id="id_time_limit-errors"' in response.content.decode()
        assert not ScheduleRun.objects.exists()


# --- Organisers: runs, moves, locks, no-shows ------------------------------------------------
def test_run_status_fragment_polls_while_running_and_reloads_when_done(
    world: World, django_capture_on_commit_callbacks: Any
):
    session = session_of(world)
    run = ScheduleRun.objects.create(session=session, requested_by=world.users["admin_a"])
    url = reverse("events:b2b_run_status", args=[run.pk])
    admin = world.client("admin_a")
    fragment = admin.get(url, {"poll": 1}, HTTP_HX_REQUEST="true")
    text = fragment.content.decode()
    assert fragment.status_code == 200 and 'hx-trigger="every 2s"' in text
    assert "<html" not in text and "HX-Refresh" not in fragment
    ScheduleRun.objects.filter(pk=run.pk).update(
        status=ScheduleRun.Status.DONE,
        objective=45.0,
        upper_bound=50.0,
        seconds=1.5,
        scheduled=3,
        left_out=[{"request": 0, "code": "no_common_slot", "reason": "English text"}],
    )
    fragment = admin.get(url, {"poll": 1}, HTTP_HX_REQUEST="true")
    text = fragment.content.decode()
    assert fragment["HX-Refresh"] == "true" and 'hx-trigger="every 2s"' not in text
    assert "within 90.0 % of the best possible" in text
    assert "no common free slot" in text and "English text" not in text


def test_organiser_moves_locks_and_marks_no_show(
    world: World, django_capture_on_commit_callbacks: Any
):
    with clock.frozen(BEFORE):
        built = scheduled(world, django_capture_on_commit_callbacks)
    session, meeting = built["session"], built["meeting"]
    admin = world.client("admin_a")
    target = session.slots.exclude(pk=meeting.slot_id).order_by("starts_at").last()
    with clock.frozen(BEFORE):
        response = admin.post(
            reverse("events:b2b_move", args=[meeting.public_id]), {"slot": target.pk, "table": ""}
        )
        assert response.status_code == 302
        meeting.refresh_from_db()
        assert meeting.slot == target and meeting.locked
        response = admin.post(
            reverse("events:b2b_move", args=[meeting.public_id]), {"slot": 0, "table": ""}
        )
        assert response.status_code == 400 and "slot" in response.content.decode()
        admin.post(reverse("events:b2b_lock", args=[meeting.public_id]), {"locked": "0"})
        meeting.refresh_from_db()
        assert not meeting.locked
        # Not started yet: the no-show is refused and shown, nothing changes.
        response = admin.post(reverse("events:b2b_no_show", args=[meeting.public_id]))
        assert response.status_code == 400
        assert "has not started yet" in response.content.decode()
    with clock.frozen(target.starts_at + timedelta(minutes=10)):
        page = admin.get(reverse("events:b2b_organise", args=[session.public_id])).content.decode()
        assert reverse("events:b2b_no_show", args=[meeting.public_id]) in page
        admin.post(reverse("events:b2b_no_show", args=[meeting.public_id]))
    meeting.refresh_from_db()
    assert meeting.status == "no_show"


# --- Query counts -------------------------------------------------------------------------------
def _session_page_queries(world: World, meetings: int, capture: Any) -> int:
    with clock.frozen(BEFORE):
        session = session_of(world, quota=6)
        me, user = joined(session, f"Hub {meetings}", "Asia/Shanghai")
        for n in range(meetings):
            other, other_user = joined(session, f"Partner {meetings}-{n}")
            request = services.request_meeting(session, by=user, requester=me, recipient=other)
            services.accept_request(request, by=other_user)
        with capture(execute=True):
            services.start_schedule_run(session, by=world.users["admin_a"], time_limit=5)
        services.publish_schedule(session, by=world.users["admin_a"])
        assert Meeting.objects.filter(session=session).count() == meetings
        client = client_of(user)
        url = session.get_absolute_url()
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("event time") == 2 + meetings
    return len(queries)


def test_session_page_queries_do_not_grow_with_meetings(
    world: World, django_capture_on_commit_callbacks: Any
):
    one = _session_page_queries(world, 1, django_capture_on_commit_callbacks)
    three = _session_page_queries(world, 3, django_capture_on_commit_callbacks)
    assert one == three
