"""Scheduling a B2B session: runs of the engine in the background, the organisers' manual
changes (lock, move), publishing, and what happens at the meetings (check-in, no-show,
follow-up).

Double booking is impossible: the database holds one meeting per table and slot and one seat
per participant and slot. A manual move also locks the slot's and both sides' rows, so
concurrent moves queue and the loser gets a clear refusal rather than an integrity error.
"""

import traceback
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from consortia.core import audit, clock
from consortia.core.permissions import require
from consortia.core.tasks import enqueue_long
from consortia.engines.scheduling import parse_problem, solve

from .. import notifications_b2b as notifications
from .. import policies, scheduling
from ..models import (
    B2BSession,
    B2BStatus,
    Meeting,
    MeetingStatus,
    Participant,
    ScheduleRun,
    Seat,
    Slot,
    Table,
)

UNDER_WAY = (ScheduleRun.Status.QUEUED, ScheduleRun.Status.RUNNING)
MAX_SECONDS = 120
CHECK_IN_OPENS = timedelta(minutes=30)
# A run still under way this long after its time limit was cut off (a worker or web process
# restarted mid-run); it is marked failed so that a new run can start.
GRACE = timedelta(seconds=120)


def _refuse(field: str, message: str) -> ValidationError:
    return ValidationError({field: message})


def _require_organiser(by: Any, session: B2BSession) -> None:
    require(policies.can_organise(by, session.event), _("Only the event's organisers do this."))


def start_schedule_run(session: B2BSession, *, by: Any, time_limit: float = 30) -> ScheduleRun:
    """Queue a run of the scheduler; one at a time per session. Requests stay open meanwhile:
    the run works on what is stored when it starts."""
    _require_organiser(by, session)
    if (
        isinstance(time_limit, bool)
        or not isinstance(time_limit, (int, float))
        or not (1 <= time_limit <= MAX_SECONDS)
    ):
        raise _refuse(
            "time_limit",
            _("Give the scheduler from 1 to %(most)s seconds.") % {"most": MAX_SECONDS},
        )
    with transaction.atomic():
        locked = B2BSession.objects.select_for_update().get(pk=session.pk)
        _fail_interrupted_runs(session)
        if ScheduleRun.objects.filter(session=session, status__in=UNDER_WAY).exists():
            raise _refuse("session", _("The scheduler is already running for this session."))
        run = ScheduleRun.objects.create(
            session=session, time_limit=float(time_limit), requested_by=by
        )
        if locked.status == B2BStatus.OPEN:
            B2BSession.objects.filter(pk=session.pk).update(status=B2BStatus.SCHEDULING)
            session.status = B2BStatus.SCHEDULING
        audit.record(
            "b2b.schedule_run_started",
            actor=by,
            target=run,
            organisation_id=session.event.organiser_id,
            data={"time_limit": time_limit},
        )
        from ..tasks import run_schedule

        enqueue_long(run_schedule, run.pk)
    return run


def _fail_interrupted_runs(session: B2BSession) -> None:
    now = clock.now()
    for run in ScheduleRun.objects.filter(session=session, status__in=UNDER_WAY):
        if run.created_at + timedelta(seconds=run.time_limit) + GRACE < now:
            _progress(
                run,
                status=ScheduleRun.Status.FAILED,
                error="Interrupted: the process running it stopped before it finished.",
                finished_at=now,
            )


def _progress(run: ScheduleRun, **fields: Any) -> None:
    for name, value in fields.items():
        setattr(run, name, value)
    ScheduleRun.objects.filter(pk=run.pk).update(**fields, updated_at=clock.now())


def execute_schedule_run(run_id: int) -> ScheduleRun | None:
    """The background half of `start_schedule_run`: build, solve, apply. Safe to run twice:
    only a queued run is picked up (and marked running under a lock)."""
    with transaction.atomic():
        run = (
            ScheduleRun.objects.select_for_update(of=("self",))
            .select_related("session__event", "requested_by")
            .filter(pk=run_id)
            .first()
        )
        if run is None or run.status != ScheduleRun.Status.QUEUED:
            return None
        _progress(run, status=ScheduleRun.Status.RUNNING, progress=0)
    session = run.session
    try:
        problem = parse_problem(scheduling.problem_for(session))
        _progress(run, progress=10)
        schedule = solve(problem, time_limit=run.time_limit)
        _progress(run, progress=90)
        scheduling.apply_schedule(session, schedule, run)
        _progress(run, progress=100, status=ScheduleRun.Status.DONE, finished_at=clock.now())
    except Exception as error:  # recorded for the organiser; the run is over either way
        detail = "".join(traceback.format_exception_only(type(error), error)).strip()
        _progress(run, status=ScheduleRun.Status.FAILED, error=detail, finished_at=clock.now())
    finally:
        B2BSession.objects.filter(pk=session.pk, status=B2BStatus.SCHEDULING).update(
            status=B2BStatus.OPEN
        )
    return run


# --- Manual changes -------------------------------------------------------------------------
def _set_locked(meeting: Meeting, *, by: Any, locked: bool) -> Meeting:
    _require_organiser(by, meeting.session)
    with transaction.atomic():
        Meeting.objects.filter(pk=meeting.pk).update(locked=locked, updated_at=clock.now())
        meeting.locked = locked
        audit.record(
            "b2b.meeting_locked" if locked else "b2b.meeting_unlocked",
            actor=by,
            target=meeting,
            organisation_id=meeting.session.event.organiser_id,
        )
    return meeting


def lock_meeting(meeting: Meeting, *, by: Any) -> Meeting:
    """A locked meeting stays where it is when the scheduler runs again."""
    return _set_locked(meeting, by=by, locked=True)


def unlock_meeting(meeting: Meeting, *, by: Any) -> Meeting:
    return _set_locked(meeting, by=by, locked=False)


def _sides(meeting: Meeting) -> list[Participant]:
    return [meeting.request.requester, meeting.request.recipient]


def _pick_table(
    meeting: Meeting, sides: list[Participant], slot: Slot, table: Table | None
) -> Table | None:
    online = scheduling.meets_online(meeting.request, meeting.session)
    if online:
        if table is not None:
            raise _refuse("table", _("An online meeting takes no table."))
        return None
    if table is not None and table.session_id != meeting.session_id:
        raise _refuse("table", _("Choose a table of this session."))
    fixed = {p.fixed_table_id for p in sides if p.fixed_table_id is not None}
    if len(fixed) > 1:
        raise _refuse("table", _("Both sides are exhibitors at their own tables."))
    if fixed and table is not None and table.pk not in fixed:
        raise _refuse("table", _("This participant stays at its own table."))
    if table is not None:
        return table
    taken = Meeting.objects.filter(slot=slot, table__isnull=False).exclude(pk=meeting.pk)
    candidates = meeting.session.tables.exclude(pk__in=taken.values("table_id"))
    if fixed:
        candidates = candidates.filter(pk__in=fixed)
    elif meeting.table_id is not None and candidates.filter(pk=meeting.table_id).exists():
        candidates = candidates.filter(pk=meeting.table_id)
    chosen = candidates.order_by("id").first()
    if chosen is None:
        raise _refuse("table", _("No table is free in that slot."))
    return chosen


def move_meeting(meeting: Meeting, *, by: Any, slot: Slot, table: Table | None = None) -> Meeting:
    """Put ``meeting`` in ``slot`` (at ``table``, or a free one; none online) and lock it."""
    _require_organiser(by, meeting.session)
    if slot.session_id != meeting.session_id:
        raise _refuse("slot", _("Choose a slot of this session."))
    try:
        with transaction.atomic():
            Slot.objects.select_for_update().filter(pk=slot.pk).first()
            current = (
                Meeting.objects.select_for_update(of=("self",))
                .select_related(
                    "request__requester__organisation",
                    "request__recipient__organisation",
                    "session__event",
                )
                .filter(pk=meeting.pk)
                .first()
            )
            if current is None:
                raise _refuse("meeting", _("This meeting is no longer on the schedule."))
            sides = list(
                Participant.objects.select_for_update(of=("self",))
                .select_related("organisation")
                .filter(pk__in=[current.request.requester_id, current.request.recipient_id])
                .order_by("pk")
            )
            chosen = _pick_table(current, sides, slot, table)
            for side in sides:
                if not side.available_slots.filter(pk=slot.pk).exists():
                    raise _refuse(
                        "slot", _("%(name)s is not available then.") % {"name": side.organisation}
                    )
                if (
                    Seat.objects.filter(participant=side, slot=slot)
                    .exclude(meeting=current)
                    .exists()
                ):
                    raise _refuse(
                        "slot",
                        _("%(name)s already has a meeting then.") % {"name": side.organisation},
                    )
            if (
                chosen is not None
                and Meeting.objects.filter(slot=slot, table=chosen).exclude(pk=current.pk).exists()
            ):
                raise _refuse("table", _("This table is already taken in that slot."))
            previous = (current.slot_id, current.table_id)
            current.slot = slot
            current.table = chosen
            current.locked = True
            current.save(update_fields=["slot", "table", "locked", "updated_at"])
            Seat.objects.filter(meeting=current).update(slot=slot)
            audit.record(
                "b2b.meeting_moved",
                actor=by,
                target=current,
                organisation_id=current.session.event.organiser_id,
                data={"from": list(previous), "to": [slot.pk, chosen.pk if chosen else None]},
            )
            if current.session.status == B2BStatus.PUBLISHED:
                notifications.agenda_changed(
                    current.session, sides, "moved", by=by, time=f"{slot.starts_at:%Y-%m-%d %H:%M}"
                )
    except IntegrityError:
        raise _refuse("slot", _("This slot or table is already taken.")) from None
    meeting.slot, meeting.table, meeting.locked = current.slot, current.table, True
    return meeting


def publish_schedule(session: B2BSession, *, by: Any) -> B2BSession:
    """Participants see their meetings from now on; every participant's members are told."""
    _require_organiser(by, session)
    with transaction.atomic():
        B2BSession.objects.select_for_update().filter(pk=session.pk).first()
        if ScheduleRun.objects.filter(session=session, status__in=UNDER_WAY).exists():
            raise _refuse("session", _("Wait until the scheduler has finished."))
        session.status = B2BStatus.PUBLISHED
        session.published_at = clock.now()
        session.save(update_fields=["status", "published_at", "updated_at"])
        counts: dict[int, int] = {}
        for participant_id in Seat.objects.filter(meeting__session=session).values_list(
            "participant_id", flat=True
        ):
            counts[participant_id] = counts.get(participant_id, 0) + 1
        audit.record(
            "b2b.schedule_published",
            actor=by,
            target=session,
            organisation_id=session.event.organiser_id,
            data={"meetings": sum(counts.values()) // 2},
        )
        for participant in session.participants.select_related("organisation"):
            notifications.agenda_published(
                session, participant, counts.get(participant.pk, 0), by=by
            )
    return session


# --- At the meeting -------------------------------------------------------------------------
def _seat(meeting: Meeting, participant: Participant) -> Seat:
    seat = Seat.objects.filter(meeting=meeting, participant=participant).first()
    if seat is None:
        raise _refuse("participant", _("This participant is not in the meeting."))
    return seat


def check_in(meeting: Meeting, participant: Participant, *, by: Any) -> Seat:
    """``participant`` has arrived; when every side has, the meeting is held. Check-in opens
    ``CHECK_IN_OPENS`` before the meeting's slot."""
    require(
        policies.can_organise(by, meeting.session.event) or policies.can_act_for(by, participant),
        _("Only the organisers and the participant's members check in."),
    )
    if clock.now() < meeting.slot.starts_at - CHECK_IN_OPENS:
        raise _refuse("meeting", _("Check-in opens 30 minutes before the meeting."))
    with transaction.atomic():
        current = (
            Meeting.objects.select_for_update(of=("self",))
            .select_related("session")
            .get(pk=meeting.pk)
        )
        if current.session.status != B2BStatus.PUBLISHED:
            raise _refuse("meeting", _("The schedule is not published yet."))
        if current.status == MeetingStatus.NO_SHOW:
            raise _refuse("meeting", _("This meeting is marked as a no-show."))
        seat = _seat(current, participant)
        seat.checked_in = True
        seat.save(update_fields=["checked_in"])
        if not current.seats.filter(checked_in=False).exists():
            current.status = MeetingStatus.HELD
            current.save(update_fields=["status", "updated_at"])
        meeting.status = current.status
        audit.record(
            "b2b.checked_in", actor=by, target=meeting, organisation_id=participant.organisation_id
        )
    return seat


def mark_no_show(meeting: Meeting, *, by: Any) -> Meeting:
    """Organisers only, once the meeting's slot has begun, unless it was held."""
    _require_organiser(by, meeting.session)
    if clock.now() < meeting.slot.starts_at:
        raise _refuse("meeting", _("The meeting has not started yet."))
    with transaction.atomic():
        current = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if current.status == MeetingStatus.HELD:
            raise _refuse("meeting", _("Both sides checked in: the meeting was held."))
        current.status = MeetingStatus.NO_SHOW
        current.save(update_fields=["status", "updated_at"])
        meeting.status = current.status
        audit.record(
            "b2b.no_show",
            actor=by,
            target=meeting,
            organisation_id=meeting.session.event.organiser_id,
        )
    return meeting


def record_follow_up(
    meeting: Meeting, participant: Participant, *, by: Any, follow_up: bool
) -> Seat:
    """The one-click "follow up?" after the meeting, for the insights funnel."""
    require(policies.can_act_for(by, participant), _("Only the participant's members answer."))
    if not isinstance(follow_up, bool):
        raise _refuse("follow_up", _("Answer yes or no."))
    if clock.now() < meeting.slot.ends_at:
        raise _refuse("follow_up", _("Answer after the meeting."))
    if meeting.status == MeetingStatus.NO_SHOW:
        raise _refuse("follow_up", _("This meeting did not take place."))
    with transaction.atomic():
        seat = _seat(meeting, participant)
        seat.follow_up = follow_up
        seat.save(update_fields=["follow_up"])
        audit.record(
            "b2b.follow_up",
            actor=by,
            target=meeting,
            organisation_id=participant.organisation_id,
            data={"follow_up": follow_up},
        )
    return seat
