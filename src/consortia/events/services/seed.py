"""Loading the demo events drawn from the seed documents.

The BRICS innovation forum in Moscow with its agenda and a hybrid B2B session already scheduled
and published (participants from ten countries and time zones, on site and online, with their
availability, requests, answers, a scheduler run); the Moscow Innovation Cluster's business
mission to Belgrade with its delegations; the Russian–Chinese subcommittee on communications
and IT meeting in Beijing, whose registrations need approval; and an online session of the
US–Russia dialogue on innovation.

Every event, agenda item, registration, participant, request, answer, run and publication goes
through the services. The contacts' accounts and their memberships are made as the
opportunities seed makes its reviewers (``opportunities.services.seed``), as no service does.

Days are offsets from the day of loading in the event's time zone and times are wall-clock
times there; B2B availability is given in each participant's own time zone. A past event
(``held_on``, its first day) is loaded as of three weeks before it, on a frozen clock, so the
services accept what they would have then; its meetings' check-ins, no-shows and "follow up?"
answers (a request's ``outcome``) are then recorded each at its own time. That is what feeds
the insights funnel from meetings to agreements and projects. What the seed texts
do not say is invented and explained in each event's ``demo_note``; invented details are
marked "[демо]"/"[demo]" in the texts themselves.
"""

import json
import zoneinfo
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from django.db import transaction

from consortia.core import audit, clock
from consortia.opportunities.services.seed import (
    SeedResult,
    _ensure_reviewers,
    _organisation,
    _users,
)

from ..models import B2BSession, Event, Meeting, MeetingRequest, Participant, ScheduleRun
from . import b2b
from .events import add_agenda_session, create_event, local_wall_time_to_utc, publish_event
from .registrations import approve_registration, decline_registration, register

SEED_EVENTS = Path(__file__).resolve().parent.parent / "data" / "seed_events.json"
PAST_LOADED_DAYS_BEFORE = 21

__all__ = ["SEED_EVENTS", "SeedResult", "load_seed_events"]


def _clock_time(value: str) -> time:
    return time.fromisoformat(value)


def _moment(start: date, day: int, at: str, zone: str) -> datetime:
    """``at`` (wall-clock time in ``zone``) ``day`` days after ``start``, in UTC."""
    return local_wall_time_to_utc(start + timedelta(days=day), _clock_time(at), zone)


def _when(start: date, offset: list[Any], zone: str) -> datetime:
    """An ``[days, "HH:MM"]`` pair of the seed file."""
    day, at = offset
    return _moment(start, int(day), str(at), zone)


def _user(email: str, *, by: Any) -> Any:
    return _users([email], by=by)[0]


def _register(event: Event, rows: list[dict[str, Any]], *, by: Any) -> None:
    for row in rows:
        organisation = _organisation(row["organisation"]) if row.get("organisation") else None
        registration = register(
            event,
            by=_user(row["email"], by=by),
            organisation=organisation,
            attendance=row.get("attendance", "onsite"),
            note=row.get("note", ""),
        )
        if row.get("decision") == "approve":
            approve_registration(registration, by=by)
        elif row.get("decision") == "decline":
            decline_registration(registration, by=by)


def _load_b2b(event: Event, spec: dict[str, Any], *, by: Any, first_day: date) -> B2BSession:
    """Set up, join, ask, answer, schedule and publish; the run is done before this returns.
    Days count from the event's first day (requests close a few days before it)."""
    zone = event.time_zone
    day = first_day + timedelta(days=spec["day"])
    session = b2b.create_b2b_session(
        event,
        by=by,
        title=spec["title"],
        mode=spec["mode"],
        meeting_minutes=spec["meeting_minutes"],
        starts_at=_moment(first_day, spec["day"], spec["starts"], zone),
        ends_at=_moment(first_day, spec["day"], spec["ends"], zone),
        tables=spec["tables"],
        default_quota=spec["default_quota"],
        requests_close_at=_when(first_day, spec["requests_close"], zone),
    )
    tables = {table.name: table for table in session.tables.all()}
    participants: dict[str, Participant] = {}
    for row in spec["participants"]:
        participant = b2b.join_b2b_session(
            session,
            by=_user(row["contact"], by=by),
            organisation=_organisation(row["organisation"]),
            time_zone=row["time_zone"],
            quota=row.get("quota"),
            onsite=row["onsite"],
            profile=row.get("profile", ""),
        )
        if row.get("availability"):
            # Wall-clock times in the participant's own zone, on the session's day there.
            local_day = (
                datetime.combine(day, _clock_time(spec["starts"]), tzinfo=zoneinfo.ZoneInfo(zone))
                .astimezone(zoneinfo.ZoneInfo(row["time_zone"]))
                .date()
            )
            b2b.set_availability(
                participant,
                by=participant.contact,
                ranges=[
                    (
                        datetime.combine(local_day, _clock_time(start)),
                        datetime.combine(local_day, _clock_time(end)),
                    )
                    for start, end in row["availability"]
                ],
            )
        if row.get("fixed_table"):
            b2b.assign_fixed_table(participant, tables[row["fixed_table"]], by=by)
        participants[row["key"]] = participant
    for row in spec["requests"]:
        requester, recipient = participants[row["from"]], participants[row["to"]]
        request = b2b.request_meeting(
            session,
            by=requester.contact,
            requester=requester,
            recipient=recipient,
            message=row["message"],
            priority=row["priority"],
            online=not (requester.onsite and recipient.onsite),
        )
        _answer(request, row, recipient)
    run = b2b.start_schedule_run(session, by=by, time_limit=spec.get("time_limit", 10))
    # The queued task only starts once the outer transaction commits (and then finds the run
    # done): run it here so the schedule exists before publishing.
    b2b.execute_schedule_run(run.pk)
    run.refresh_from_db()
    if run.status != ScheduleRun.Status.DONE:
        raise RuntimeError(f"The demo B2B schedule run failed: {run.error}")
    session.refresh_from_db()
    return b2b.publish_schedule(session, by=by)


def _record_outcomes(session: B2BSession, spec: dict[str, Any], *, by: Any) -> None:
    """Check-ins, no-shows and "follow up?" answers of a past session, each at its time."""
    participants = {
        p.organisation.name: p for p in session.participants.select_related("organisation")
    }
    keys = {row["key"]: participants[row["organisation"]] for row in spec["participants"]}
    for row in spec["requests"]:
        outcome = row.get("outcome")
        if not outcome:
            continue
        requester, recipient = keys[row["from"]], keys[row["to"]]
        meeting = (
            Meeting.objects.select_related("slot", "session__event", "request")
            .filter(session=session, request__requester=requester, request__recipient=recipient)
            .first()
        )
        if meeting is None:
            raise RuntimeError(f"The demo meeting {row['from']}→{row['to']} was not scheduled.")
        slot = meeting.slot
        if outcome.get("no_show"):
            with clock.frozen(slot.starts_at + timedelta(minutes=10)):
                b2b.mark_no_show(meeting, by=by)
            continue
        with clock.frozen(slot.starts_at - timedelta(minutes=5)):
            for side in (requester, recipient):
                b2b.check_in(meeting, side, by=side.contact)
        with clock.frozen(slot.ends_at + timedelta(hours=1)):
            for side, answer in zip((requester, recipient), outcome["follow_up"], strict=True):
                if answer is not None:
                    b2b.record_follow_up(meeting, side, by=side.contact, follow_up=answer)


def _answer(request: MeetingRequest, row: dict[str, Any], recipient: Participant) -> None:
    if row["answer"] == "accepted":
        b2b.accept_request(
            request, by=recipient.contact, recipient_priority=row.get("their_priority", 1)
        )
    elif row["answer"] == "declined":
        b2b.decline_request(request, by=recipient.contact)


def _load_one(row: dict[str, Any], *, by: Any, now: datetime) -> Event:
    if row.get("held_on"):
        # A past event: its days count from its own first day, loaded as of before it.
        first = date.fromisoformat(row["held_on"])
        today = first - timedelta(days=row["starts"][0])
        loaded_at = local_wall_time_to_utc(
            first - timedelta(days=PAST_LOADED_DAYS_BEFORE), time(9, 0), row["time_zone"]
        )
        with clock.frozen(loaded_at):
            event = _load_from(row, by=by, today=today)
        if row.get("b2b"):
            _record_outcomes(event.b2b_sessions.get(), row["b2b"], by=by)
        return event
    return _load_from(row, by=by, today=now.astimezone(zoneinfo.ZoneInfo(row["time_zone"])).date())


def _load_from(row: dict[str, Any], *, by: Any, today: date) -> Event:
    zone = row["time_zone"]
    event = create_event(
        by=by,
        organiser=_organisation(row["organiser"]),
        kind=row["kind"],
        title=row["title"],
        description=row["description"],
        language=row["language"],
        time_zone=zone,
        starts_at=_when(today, row["starts"], zone),
        ends_at=_when(today, row["ends"], zone),
        country=row.get("country"),
        city=row.get("city", ""),
        venue=row.get("venue", ""),
        online_url=row.get("online_url", ""),
        capacity=row.get("capacity"),
        requires_approval=row.get("requires_approval", False),
        co_organisers=[_organisation(name) for name in row.get("co_organisers", [])],
        topics=row.get("topics", []),
    )
    first_day = today + timedelta(days=row["starts"][0])  # agenda and B2B days count from it
    for item in row.get("agenda", []):
        add_agenda_session(
            event,
            by=by,
            title=item["title"],
            description=item.get("description", ""),
            starts_at=_moment(first_day, item["day"], item["starts"], zone),
            ends_at=_moment(first_day, item["day"], item["ends"], zone),
            room=item.get("room", ""),
            online_url=item.get("online_url", ""),
            speakers=item.get("speakers", ""),
        )
    event = publish_event(event, by=by)
    _register(event, row.get("registrations", []), by=by)
    if row.get("b2b"):
        _load_b2b(event, row["b2b"], by=by, first_day=first_day)
    return event


def load_seed_events(*, by: Any, path: Path = SEED_EVENTS) -> SeedResult:
    """The demo events of the seed documents with their agenda, registrations and the forum's
    scheduled B2B session. Needs the seed world and the demo sign-ins (``ensure_demo_logins``);
    ``by`` is an operator. Safe to run again: an event with the same title is skipped."""
    data = json.loads(path.read_text(encoding="utf-8"))
    rows: list[dict[str, Any]] = data["events"]
    existing = set(
        Event.objects.filter(title__in=[row["title"] for row in rows]).values_list(
            "title", flat=True
        )
    )
    fresh = [row for row in rows if row["title"] not in existing]
    if not fresh:
        return SeedResult(created=0, skipped=len(rows))
    now = clock.now()
    with transaction.atomic():
        _ensure_reviewers(data.get("contacts", []))
        for row in fresh:
            _load_one(row, by=by, now=now)
        audit.record(
            "event.seed_loaded",
            actor=by,
            data={"created": len(fresh), "keys": [row["key"] for row in fresh]},
        )
    return SeedResult(created=len(fresh), skipped=len(rows) - len(fresh))
