"""Scheduling a B2B session: the engine's problem built from the database, runs in the
background (eagerly here), locked and moved meetings, publishing, what participants see, and
what happens at and after the meetings."""

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consortia.accounts.models import User
from consortia.core import clock
from consortia.core.permissions import NotPermitted
from consortia.engines.scheduling import Meeting as EngineMeeting
from consortia.engines.scheduling import Schedule, parse_problem, solve, violations
from consortia.events import scheduling
from consortia.events.models import (
    B2BSession,
    Mark,
    Meeting,
    MeetingRequest,
    Participant,
    ScheduleRun,
    Seat,
)
from consortia.events.selectors import b2b as b2b_selectors
from consortia.events.services import b2b as services
from consortia.insights.selectors import meeting_funnel
from consortia.messaging.kinds import get_kind
from consortia.messaging.models import Notification
from tests.conftest import World

from .test_b2b import joined, session_of

pytestmark = pytest.mark.django_db


def accepted(
    session: B2BSession,
    a: Participant,
    b: Participant,
    *,
    priority: int = 1,
    answer: int = 1,
    online: bool = False,
) -> MeetingRequest:
    request = services.request_meeting(
        session, by=a.contact, requester=a, recipient=b, priority=priority, online=online
    )
    return services.accept_request(request, by=b.contact, recipient_priority=answer)


def only(participant: Participant, hours: list[tuple[int, int]]) -> None:
    """Available in these UTC hours (given as Moscow local hours minus three)."""
    services.set_availability(
        participant,
        by=participant.contact,
        ranges=[
            (datetime(2026, 5, 20, start + 3, 0), datetime(2026, 5, 20, end + 3, 0))
            for start, end in hours
        ],
    )


def run(session: B2BSession, world: World, capture: Any, time_limit: float = 5) -> ScheduleRun:
    with capture(execute=True):
        started = services.start_schedule_run(
            session, by=world.users["admin_a"], time_limit=time_limit
        )
    started.refresh_from_db()
    return started


def stored_schedule(session: B2BSession) -> Schedule:
    meetings = [
        EngineMeeting(
            str(m.request.public_id), f"s{m.slot_id}", f"t{m.table_id}" if m.table_id else None
        )
        for m in Meeting.objects.filter(session=session).select_related("request")
    ]
    placed = {m.request for m in meetings}
    problem = scheduling.problem_for(session)
    unscheduled = [r["id"] for r in problem["requests"] if r["id"] not in placed]
    objective = sum(r["weight"] for r in problem["requests"] if r["id"] in placed)
    return Schedule(meetings, unscheduled, objective, objective, 0)


def assert_valid(session: B2BSession) -> None:
    problem = parse_problem(scheduling.problem_for(session))
    assert violations(problem, stored_schedule(session)) == []
    for meeting in Meeting.objects.filter(session=session):
        seats = list(meeting.seats.values_list("participant_id", "slot_id"))
        assert sorted(p for p, _ in seats) == sorted(
            [meeting.request.requester_id, meeting.request.recipient_id]
        )
        assert {s for _, s in seats} == {meeting.slot_id}


# --- The problem ------------------------------------------------------------------------------
def test_problem_for_weights_online_flags_quotas_and_tables(world: World):
    session = session_of(world)
    a, _ = joined(session, "Moscow Sensors", quota=4)
    b, _ = joined(session, "Kazan Drones")
    c, _ = joined(session, "Remote Labs", onsite=False)
    services.assign_fixed_table(b, session.tables.first(), by=world.users["admin_a"])
    plain = accepted(session, a, b, priority=3, answer=2)
    remote = accepted(session, a, c, online=True)
    services.mark(c, a, Mark.Kind.MUST_MEET, by=c.contact)
    services.request_meeting(session, by=b.contact, requester=b, recipient=c, online=True)

    problem = scheduling.problem_for(session)

    requests = {r["id"]: r for r in problem["requests"]}
    assert set(requests) == {str(plain.public_id), str(remote.public_id)}  # accepted only
    assert requests[str(plain.public_id)]["weight"] == 6  # 1 + 3 + 2
    assert requests[str(remote.public_id)]["weight"] == 6  # (1 + 1 + 1) × 2, must meet
    assert requests[str(remote.public_id)]["online"] is True
    participants = {p["id"]: p for p in problem["participants"]}
    assert participants[f"p{a.pk}"]["max_meetings"] == 4
    assert participants[f"p{c.pk}"]["onsite"] is False
    assert participants[f"p{b.pk}"]["fixed_table"] == f"t{session.tables.first().pk}"
    assert len(problem["slots"]) == 18 and len(problem["tables"]) == 3
    assert problem["locked"] == []
    assert parse_problem(problem).requests  # the engine accepts it


# --- Running ----------------------------------------------------------------------------------
def test_full_flow_requests_accept_run_gives_a_valid_schedule(
    world: World, django_capture_on_commit_callbacks: Any
):
    session = session_of(world, tables=2, quota=3)
    people = [joined(session, f"Company {i}")[0] for i in range(6)]
    remote = joined(session, "Remote Labs", "Asia/Shanghai", onsite=False)[0]
    for i, a in enumerate(people):
        for b in people[i + 1 :]:
            accepted(session, a, b)
    accepted(session, remote, people[0], online=True, priority=3)

    finished = run(session, world, django_capture_on_commit_callbacks)

    assert (finished.status, finished.progress, finished.error) == ("done", 100, "")
    assert finished.finished_at is not None
    assert finished.scheduled == Meeting.objects.filter(session=session).count() > 0
    assert finished.objective is not None and finished.objective <= finished.upper_bound
    assert_valid(session)
    for participant in [*people, remote]:
        assert Seat.objects.filter(participant=participant).count() <= 3
    assert Meeting.objects.get(request__requester=remote).table is None
    left_out = {item["request"] for item in finished.left_out}
    assert len(left_out) + finished.scheduled == 16
    session.refresh_from_db()
    assert session.status == "open"


def test_left_out_requests_say_why(world: World, django_capture_on_commit_callbacks: Any):
    session = session_of(world, tables=1, quota=4)
    early, _ = joined(session, "Early Birds")
    late, _ = joined(session, "Night Owls")
    busy, _ = joined(session, "Busy Corp", quota=1)
    x, _ = joined(session, "X Corp")
    y, _ = joined(session, "Y Corp")
    p, _ = joined(session, "P Corp")
    q, _ = joined(session, "Q Corp")
    only(early, [(6, 7)])
    only(late, [(13, 15)])
    for participant in (x, y, p, q):
        only(participant, [(8, 9)])
    # x, y, p and q share 08:00–09:00, two slots, and there is one table: busy–x (the heavier
    # of busy's requests) takes it in one slot, x–y or p–q in the other.
    no_common = accepted(session, early, late)
    quota_one = accepted(session, busy, x, priority=3, answer=3)
    quota_two = accepted(session, busy, y)
    table_a = accepted(session, x, y)
    table_b = accepted(session, p, q)

    finished = run(session, world, django_capture_on_commit_callbacks)

    reasons = {item["request"]: (item["code"], item["reason"]) for item in finished.left_out}
    assert reasons[str(no_common.public_id)] == ("no_common_slot", "no common free slot")
    assert reasons[str(quota_two.public_id)] == ("quota", "quota of Busy Corp reached")
    assert str(quota_one.public_id) not in reasons
    left = [reasons.get(str(r.public_id)) for r in (table_a, table_b)]
    assert left.count(None) == 1
    assert ("no_table", "no table free in common slots") in left
    assert finished.scheduled == 2
    assert_valid(session)


def test_do_not_meet_requests_are_left_out(world: World, django_capture_on_commit_callbacks: Any):
    session = session_of(world)
    a, _ = joined(session, "Moscow Sensors")
    b, _ = joined(session, "Kazan Drones")
    request = accepted(session, a, b)
    services.mark(b, a, Mark.Kind.DO_NOT_MEET, by=b.contact)

    finished = run(session, world, django_capture_on_commit_callbacks)

    assert finished.left_out == [
        {"request": str(request.public_id), "code": "do_not_meet", "reason": "marked “do not meet”"}
    ]
    assert Meeting.objects.count() == 0


def test_locked_meeting_is_kept_across_a_rerun(
    world: World, django_capture_on_commit_callbacks: Any
):
    session = session_of(world, tables=2, quota=4)
    people = [joined(session, f"Company {i}")[0] for i in range(4)]
    for i, a in enumerate(people):
        for b in people[i + 1 :]:
            accepted(session, a, b)
    run(session, world, django_capture_on_commit_callbacks)
    meeting = Meeting.objects.filter(session=session).order_by("id").first()
    last_slot = session.slots.order_by("-starts_at").first()
    services.move_meeting(meeting, by=world.users["admin_a"], slot=last_slot)
    meeting.refresh_from_db()
    where = (meeting.request_id, meeting.slot_id, meeting.table_id)

    again = run(session, world, django_capture_on_commit_callbacks)

    kept = Meeting.objects.get(request_id=where[0])
    assert (kept.request_id, kept.slot_id, kept.table_id, kept.locked) == (*where, True)
    assert again.status == "done" and again.scheduled == 6
    assert scheduling.problem_for(session)["locked"] == [
        {
            "request": str(kept.request.public_id),
            "slot": f"s{last_slot.pk}",
            "table": f"t{kept.table_id}",
        }
    ]
    assert_valid(session)


def test_one_run_at_a_time_and_the_task_is_safe_to_run_twice(
    world: World, django_capture_on_commit_callbacks: Any
):
    session = session_of(world)
    with django_capture_on_commit_callbacks(execute=False) as pending:
        queued = services.start_schedule_run(session, by=world.users["admin_a"])
    session.refresh_from_db()
    assert session.status == "scheduling" and len(pending) == 1

    with pytest.raises(ValidationError) as refused:
        services.start_schedule_run(session, by=world.users["operator"])
    assert "session" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.publish_schedule(session, by=world.users["admin_a"])
    assert "session" in refused.value.message_dict

    pending[0]()
    assert services.execute_schedule_run(queued.pk) is None  # already done: nothing happens
    queued.refresh_from_db()
    assert queued.status == "done" and ScheduleRun.objects.count() == 1
    assert b2b_selectors.latest_run(session) == queued


def test_a_run_cut_off_by_a_restart_is_failed_so_a_new_one_can_start(
    world: World, django_capture_on_commit_callbacks: Any
):
    session = session_of(world)
    started = clock.now()
    with clock.frozen(started), django_capture_on_commit_callbacks(execute=False):
        stuck = services.start_schedule_run(session, by=world.users["admin_a"], time_limit=30)

    with clock.frozen(started + timedelta(seconds=30 + 119)), pytest.raises(ValidationError):
        services.start_schedule_run(session, by=world.users["admin_a"])
    with (
        clock.frozen(started + timedelta(seconds=30 + 121)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        fresh = services.start_schedule_run(session, by=world.users["admin_a"])

    stuck.refresh_from_db()
    fresh.refresh_from_db()
    assert stuck.status == "failed" and stuck.error.startswith("Interrupted")
    assert fresh.status == "done"


def test_start_schedule_run_time_limit_beyond_two_minutes_refused(world: World):
    with pytest.raises(ValidationError) as refused:
        services.start_schedule_run(session_of(world), by=world.users["admin_a"], time_limit=121)

    assert refused.value.message_dict == {"time_limit": ["Give the scheduler from 1 to 120 seconds."]}
    assert not ScheduleRun.objects.exists()


@pytest.mark.parametrize("role", ["member_a", "member_b", "no_org"])
def test_start_schedule_run_refused_to_non_organisers(world: World, role: str):
    session = session_of(world)

    with pytest.raises(NotPermitted):
        services.start_schedule_run(session, by=world.users[role])

    assert ScheduleRun.objects.count() == 0


def test_start_schedule_run_refuses_a_bad_time_limit(world: World):
    session = session_of(world)

    with pytest.raises(ValidationError) as refused:
        services.start_schedule_run(session, by=world.users["admin_a"], time_limit=0)

    assert "time_limit" in refused.value.message_dict
    assert ScheduleRun.objects.count() == 0


def test_a_failed_run_records_its_error(world: World, django_capture_on_commit_callbacks: Any):
    session = session_of(world)
    a, _ = joined(session, "Moscow Sensors")
    b, _ = joined(session, "Kazan Drones")
    request = accepted(session, a, b)
    slot = session.slots.first()
    # A locked meeting in a slot b is not available in: no valid schedule can keep it.
    meeting = Meeting.objects.create(
        session=session, request=request, slot=slot, locked=True, table=session.tables.first()
    )
    Seat.objects.bulk_create(Seat(meeting=meeting, participant=p, slot=slot) for p in (a, b))
    b.available_slots.remove(slot)

    finished = run(session, world, django_capture_on_commit_callbacks)

    assert finished.status == "failed"
    assert "is not available" in finished.error
    assert finished.finished_at is not None


# --- Manual moves ---------------------------------------------------------------------------
def scheduled_pair(
    world: World, session: B2BSession, capture: Any
) -> tuple[Meeting, list[Participant]]:
    people = [joined(session, f"Company {i}")[0] for i in range(4)]
    accepted(session, people[0], people[1])
    accepted(session, people[2], people[3])
    run(session, world, capture)
    return Meeting.objects.get(request__requester=people[0]), people


def test_move_meeting_checks_availability_seats_and_tables(
    world: World, django_capture_on_commit_callbacks: Any
):
    session = session_of(world, tables=1)
    meeting, people = scheduled_pair(world, session, django_capture_on_commit_callbacks)
    other = Meeting.objects.get(request__requester=people[2])
    slots = list(session.slots.all())
    table = session.tables.get()
    free = next(s for s in slots if s.pk not in (meeting.slot_id, other.slot_id))
    people[1].available_slots.remove(slots[-1])

    cases = [
        ({"slot": slots[-1]}, "slot"),  # people[1] is not available then
        ({"slot": other.slot}, "table"),  # the only table is taken then
        ({"slot": free, "table": session_of(world).tables.first()}, "table"),
    ]
    for options, field in cases:
        with pytest.raises(ValidationError) as refused:
            services.move_meeting(meeting, by=world.users["admin_a"], **options)
        assert field in refused.value.message_dict, (options, refused.value)
    with pytest.raises(NotPermitted):
        services.move_meeting(meeting, by=people[0].contact, slot=free)
    services.move_meeting(meeting, by=world.users["operator"], slot=free)

    meeting.refresh_from_db()
    assert (meeting.slot, meeting.table, meeting.locked) == (free, table, True)
    assert set(Seat.objects.filter(meeting=meeting).values_list("slot_id", flat=True)) == {free.pk}
    assert_valid(session)


def test_move_meeting_refuses_a_side_already_meeting_then(
    world: World, django_capture_on_commit_callbacks: Any
):
    session = session_of(world, tables=3)
    a, _ = joined(session, "Alpha")
    b, _ = joined(session, "Bravo")
    c, _ = joined(session, "Charlie")
    accepted(session, a, b)
    accepted(session, a, c)
    run(session, world, django_capture_on_commit_callbacks)
    with_b = Meeting.objects.get(request__recipient=b)
    with_c = Meeting.objects.get(request__recipient=c)

    with pytest.raises(ValidationError) as refused:
        services.move_meeting(with_b, by=world.users["admin_a"], slot=with_c.slot)

    assert refused.value.message_dict == {"slot": ["Alpha already has a meeting then."]}
    assert Meeting.objects.get(pk=with_b.pk).slot_id == with_b.slot_id


def test_lock_and_unlock_meeting(world: World, django_capture_on_commit_callbacks: Any):
    session = session_of(world)
    meeting, people = scheduled_pair(world, session, django_capture_on_commit_callbacks)

    with pytest.raises(NotPermitted):
        services.lock_meeting(meeting, by=people[0].contact)
    services.lock_meeting(meeting, by=world.users["admin_a"])
    assert Meeting.objects.get(pk=meeting.pk).locked is True
    services.unlock_meeting(meeting, by=world.users["admin_a"])

    assert Meeting.objects.get(pk=meeting.pk).locked is False


def test_availability_and_onsite_cannot_drop_a_scheduled_meeting(
    world: World, django_capture_on_commit_callbacks: Any
):
    session = session_of(world)
    meeting, people = scheduled_pair(world, session, django_capture_on_commit_callbacks)
    moscow = ZoneInfo("Europe/Moscow")
    ranges = [
        (
            s.starts_at.astimezone(moscow).replace(tzinfo=None),
            s.ends_at.astimezone(moscow).replace(tzinfo=None),
        )
        for s in session.slots.all()
        if s.pk != meeting.slot_id
    ]

    with pytest.raises(ValidationError) as refused:
        services.set_availability(people[0], by=people[0].contact, ranges=ranges)
    assert "ranges" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.update_participant(people[0], by=people[0].contact, onsite=False)
    assert "onsite" in refused.value.message_dict

    assert people[0].available_slots.filter(pk=meeting.slot_id).exists()
    assert Participant.objects.get(pk=people[0].pk).onsite is True


def test_meetings_visible_to_takes_the_same_queries_for_one_and_three_meetings(
    world: World, django_capture_on_commit_callbacks: Any
):
    def queries_for(count: int) -> int:
        session = session_of(world)
        people = [joined(session, f"Company {count}-{i}")[0] for i in range(2 * count)]
        for a, b in zip(people[::2], people[1::2], strict=True):
            accepted(session, a, b)
        run(session, world, django_capture_on_commit_callbacks)
        user = User.objects.get(pk=world.users["admin_a"].pk)
        with CaptureQueriesContext(connection) as captured:
            rows = [
                (
                    m.slot.starts_at,
                    m.table,
                    m.request.requester.organisation.name,
                    m.request.recipient.organisation.name,
                )
                for m in b2b_selectors.meetings_visible_to(user, session)
            ]
        assert len(rows) == count
        return len(captured)

    assert queries_for(1) == queries_for(3)


# --- Publishing and what each person sees -------------------------------------------------
def test_meetings_are_visible_to_the_sides_only_once_published(
    world: World, django_capture_on_commit_callbacks: Any
):
    session = session_of(world)
    a = services.join_b2b_session(session, by=world.users["member_a"], organisation=world.org_a)
    b = services.join_b2b_session(session, by=world.users["member_b"], organisation=world.org_b)
    c, c_user = joined(session, "Charlie")
    d, d_user = joined(session, "Delta")
    accepted(session, a, c)
    accepted(session, c, d)
    run(session, world, django_capture_on_commit_callbacks)
    a_meeting = Meeting.objects.get(request__requester=a)

    def seen(user: Any) -> list[int]:
        return sorted(m.pk for m in b2b_selectors.meetings_visible_to(user, session))

    everything = sorted(Meeting.objects.values_list("pk", flat=True))
    assert seen(world.users["admin_a"]) == everything
    assert seen(world.users["member_a"]) == seen(world.users["member_b"]) == seen(c_user) == []

    with pytest.raises(NotPermitted):
        services.publish_schedule(session, by=world.users["member_a"])
    services.publish_schedule(session, by=world.users["admin_a"])
    session.refresh_from_db()

    assert session.status == "published" and session.published_at is not None
    assert seen(world.users["operator"]) == everything
    assert seen(world.users["member_a"]) == [a_meeting.pk]
    assert seen(world.users["member_b"]) == []  # B takes part but is in no meeting
    assert seen(c_user) == everything and len(seen(d_user)) == 1
    assert seen(world.users["no_org"]) == []
    published = Notification.objects.filter(kind="b2b.agenda_published")
    assert published.filter(recipient__user=world.users["member_b"]).get().data["count"] == 0
    assert published.filter(recipient__user=c_user).get().data["count"] == 2
    assert b2b_selectors.b2b_session_for(world.users["member_b"], session.public_id) == session
    assert [p.organisation.name for p in b2b_selectors.participants_of(session)] == [
        "Alpha Robotics",
        "Beta Payments",
        "Charlie",
        "Delta",
    ]
    assert b is not None


def test_draft_events_session_is_not_visible(world: World):
    session = session_of(world)
    session.event.status = "draft"
    session.event.save()

    with pytest.raises(Exception) as hidden:
        b2b_selectors.b2b_session_for(world.users["member_b"], session.public_id)

    assert type(hidden.value).__name__ == "NotVisible"
    assert b2b_selectors.b2b_session_for(world.users["admin_a"], session.public_id) == session


def test_changes_after_publishing_notify_the_sides(
    world: World, django_capture_on_commit_callbacks: Any
):
    session = session_of(world)
    meeting, people = scheduled_pair(world, session, django_capture_on_commit_callbacks)
    services.publish_schedule(session, by=world.users["admin_a"])
    free = next(
        s
        for s in session.slots.all()
        if not Seat.objects.filter(slot=s, participant__in=people[:2]).exists()
    )

    services.move_meeting(meeting, by=world.users["admin_a"], slot=free)
    services.cancel_request(MeetingRequest.objects.get(requester=people[2]), by=people[2].contact)

    changed = Notification.objects.filter(kind="b2b.agenda_changed")
    # The mover (an organiser) and the canceller are not told of their own action.
    assert sorted(n.recipient.user_id for n in changed) == sorted(
        [people[0].contact_id, people[1].contact_id, people[3].contact_id]
    )
    assert Meeting.objects.filter(request__requester=people[2]).count() == 0
    assert requests_of(people[0]) == ["accepted"]
    moved = changed.get(recipient__user_id=people[1].contact_id)
    assert get_kind("b2b.agenda_changed").describe(moved.data) == (
        f"The agenda of Company 1 at “Matchmaking” changed: a meeting moved to "
        f"{free.starts_at:%Y-%m-%d %H:%M} UTC"
    )
    cancelled = changed.get(recipient__user_id=people[3].contact_id)
    assert cancelled.data["change"] == "cancelled"
    assert "the meeting of Company 2 and Company 3 is cancelled" in get_kind(
        "b2b.agenda_changed"
    ).describe(cancelled.data)


def requests_of(participant: Participant) -> list[str]:
    return [r.status for r in b2b_selectors.requests_for(participant)]


# --- At and after the meeting ---------------------------------------------------------------
def test_check_in_no_show_and_follow_up(world: World, django_capture_on_commit_callbacks: Any):
    session = session_of(world)
    meeting, people = scheduled_pair(world, session, django_capture_on_commit_callbacks)
    other = Meeting.objects.get(request__requester=people[2])

    with pytest.raises(ValidationError):  # not published yet
        services.check_in(meeting, people[0], by=people[0].contact)
    services.publish_schedule(session, by=world.users["admin_a"])
    with pytest.raises(NotPermitted):
        services.check_in(meeting, people[0], by=people[1].contact)
    with pytest.raises(ValidationError) as refused:
        services.check_in(meeting, people[2], by=people[2].contact)
    assert "participant" in refused.value.message_dict
    with clock.frozen(meeting.slot.starts_at - timedelta(minutes=31)):
        with pytest.raises(ValidationError) as refused:
            services.check_in(meeting, people[0], by=people[0].contact)
        assert refused.value.message_dict == {
            "meeting": ["Check-in opens 30 minutes before the meeting."]
        }
    with clock.frozen(meeting.slot.starts_at - timedelta(minutes=30)):
        services.check_in(meeting, people[0], by=people[0].contact)
    assert Meeting.objects.get(pk=meeting.pk).status == "scheduled"
    services.check_in(meeting, people[1], by=world.users["admin_a"])
    assert Meeting.objects.get(pk=meeting.pk).status == "held"

    with pytest.raises(NotPermitted):
        services.mark_no_show(other, by=people[2].contact)
    with clock.frozen(datetime(2026, 5, 20, 5, 0, tzinfo=UTC)):
        with pytest.raises(ValidationError):
            services.mark_no_show(other, by=world.users["admin_a"])
        with pytest.raises(ValidationError) as refused:
            services.record_follow_up(meeting, people[0], by=people[0].contact, follow_up=True)
        assert "follow_up" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.mark_no_show(meeting, by=world.users["admin_a"])  # it was held
    services.mark_no_show(other, by=world.users["admin_a"])
    assert Meeting.objects.get(pk=other.pk).status == "no_show"

    with pytest.raises(NotPermitted):
        services.record_follow_up(meeting, people[0], by=people[1].contact, follow_up=True)
    with pytest.raises(ValidationError):
        services.record_follow_up(other, people[2], by=people[2].contact, follow_up=True)
    services.record_follow_up(meeting, people[0], by=people[0].contact, follow_up=True)
    services.record_follow_up(meeting, people[1], by=people[1].contact, follow_up=False)

    assert sorted(Seat.objects.filter(meeting=meeting).values_list("follow_up", flat=True)) == [
        False,
        True,
    ]
    funnel = meeting_funnel(world.users["operator"])
    assert [(stage.code, stage.count) for stage in funnel.stages[:2]] == [
        ("held", 1),
        ("follow_up", 1),
    ]


# --- Applying a schedule solved on a snapshot -------------------------------------------------
def test_apply_schedule_skips_what_changed_since_the_snapshot(world: World):
    session = session_of(world)
    a, _ = joined(session, "Alpha")
    b, _ = joined(session, "Bravo")
    c, _ = joined(session, "Charlie")
    kept = accepted(session, a, b)
    withdrawn = accepted(session, a, c)
    schedule = solve(parse_problem(scheduling.problem_for(session)), time_limit=2)
    services.cancel_request(withdrawn, by=a.contact)  # while the engine was solving
    pending = ScheduleRun.objects.create(session=session)

    stored = scheduling.apply_schedule(session, schedule, pending)

    assert len(schedule.meetings) == 2
    assert list(Meeting.objects.values_list("request_id", flat=True)) == [kept.pk]
    assert (stored.scheduled, stored.objective, stored.left_out) == (1, 3, [])
    assert_valid(session)


def test_a_rerun_after_publishing_tells_those_whose_agenda_changed(
    world: World, django_capture_on_commit_callbacks: Any
):
    session = session_of(world)
    meeting, people = scheduled_pair(world, session, django_capture_on_commit_callbacks)
    newcomer, _ = joined(session, "Newcomer")
    late = services.request_meeting(
        session, by=newcomer.contact, requester=newcomer, recipient=people[0]
    )
    services.publish_schedule(session, by=world.users["admin_a"])
    services.lock_meeting(meeting, by=world.users["admin_a"])
    services.cancel_request(MeetingRequest.objects.get(requester=people[2]), by=people[2].contact)
    services.accept_request(late, by=people[0].contact)

    again = run(session, world, django_capture_on_commit_callbacks)

    assert again.status == "done" and again.scheduled == 2
    changed = [
        n
        for n in Notification.objects.filter(kind="b2b.agenda_changed")
        if n.data["change"] == "recomputed"
    ]
    assert sorted(n.recipient.user_id for n in changed) == sorted(
        [people[0].contact_id, newcomer.contact_id]
    )
    session.refresh_from_db()
    assert session.status == "published"
