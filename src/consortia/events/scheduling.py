"""Between a B2B session in the database and the scheduling engine (which knows no Django).

`problem_for(session)` writes the session's accepted requests in the engine's format
(`shared/formats/schedule.md`); `apply_schedule` stores a solved schedule, replacing every
meeting the organisers have not locked, and says for each request left out why.

Ids in the problem: slots ``s<pk>``, tables ``t<pk>``, participants ``p<pk>``, requests their
public id (so that the run's list of requests left out can be shown and linked).
"""

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consortia.engines.scheduling import Schedule

from . import notifications_b2b as notifications
from .models import (
    B2BSession,
    B2BStatus,
    Mark,
    Meeting,
    MeetingRequest,
    Participant,
    RequestStatus,
    ScheduleRun,
    Seat,
    SessionMode,
)

# Why a request was left out of a run (the codes `apply_schedule` stores), for people to read.
LEFT_OUT_REASONS = {
    "do_not_meet": gettext_lazy("marked “do not meet”"),
    "no_common_slot": gettext_lazy("no common free slot"),
    "quota": gettext_lazy("a side's quota is reached"),
    "outweighed": gettext_lazy("not chosen: lower weight than the meetings held"),
    "no_table": gettext_lazy("no table free in common slots"),
    "time_limit": gettext_lazy("not placed within the time limit"),
}


def weight_of(request: MeetingRequest, must_meet: set[tuple[int, int]]) -> int:
    """1 + both sides' priorities (1–3 each), doubled when either side marked "must meet"."""
    weight = 1 + request.priority + request.recipient_priority
    pair = {
        (request.requester_id, request.recipient_id),
        (request.recipient_id, request.requester_id),
    }
    return weight * 2 if pair & must_meet else weight


def meets_online(request: MeetingRequest, session: B2BSession) -> bool:
    return bool(
        request.online
        or session.mode == SessionMode.ONLINE
        or not request.requester.onsite
        or not request.recipient.onsite
    )


@dataclass
class SessionData:
    """A snapshot of what the engine and the reasons need, read in a handful of queries."""

    session: B2BSession
    participants: dict[int, Participant]
    available: dict[int, set[int]]
    requests: dict[str, MeetingRequest]
    forbidden: dict[str, MeetingRequest]
    weights: dict[str, int]
    online: dict[str, bool]
    tables: list[int]
    slots: list[int]
    locked: list[Meeting] = field(default_factory=list)


def load(session: B2BSession) -> SessionData:
    participants = {
        p.pk: p for p in Participant.objects.filter(session=session).select_related("organisation")
    }
    available: dict[int, set[int]] = {pk: set() for pk in participants}
    through = Participant.available_slots.through
    for participant_id, slot_id in through.objects.filter(participant__session=session).values_list(
        "participant_id", "slot_id"
    ):
        available[participant_id].add(slot_id)
    marks = list(
        Mark.objects.filter(participant__session=session).values_list(
            "participant_id", "other_id", "kind"
        )
    )
    must_meet = {(a, b) for a, b, kind in marks if kind == Mark.Kind.MUST_MEET}
    do_not_meet = {frozenset((a, b)) for a, b, kind in marks if kind == Mark.Kind.DO_NOT_MEET}
    requests: dict[str, MeetingRequest] = {}
    forbidden: dict[str, MeetingRequest] = {}
    for request in MeetingRequest.objects.filter(
        session=session, status=RequestStatus.ACCEPTED
    ).order_by("created_at", "id"):
        request.requester = participants[request.requester_id]
        request.recipient = participants[request.recipient_id]
        pair = frozenset((request.requester_id, request.recipient_id))
        (forbidden if pair in do_not_meet else requests)[str(request.public_id)] = request
    locked = [
        m
        for m in Meeting.objects.filter(session=session, locked=True).select_related("request")
        if str(m.request.public_id) in requests
    ]
    return SessionData(
        session=session,
        participants=participants,
        available=available,
        requests=requests,
        forbidden=forbidden,
        weights={rid: weight_of(r, must_meet) for rid, r in requests.items()},
        online={rid: meets_online(r, session) for rid, r in requests.items()},
        tables=list(session.tables.order_by("id").values_list("pk", flat=True)),
        slots=list(session.slots.order_by("starts_at").values_list("pk", flat=True)),
        locked=locked,
    )


def _problem(data: SessionData) -> dict[str, Any]:
    slots = data.session.slots.order_by("starts_at")
    return {
        "slots": [
            {"id": f"s{s.pk}", "start": s.starts_at.isoformat(), "end": s.ends_at.isoformat()}
            for s in slots
        ],
        "tables": [{"id": f"t{pk}"} for pk in data.tables],
        "participants": [
            {
                "id": f"p{p.pk}",
                "available": [f"s{pk}" for pk in data.slots if pk in data.available[p.pk]],
                "max_meetings": p.quota,
                "onsite": p.onsite,
                "fixed_table": f"t{p.fixed_table_id}" if p.fixed_table_id else None,
            }
            for p in data.participants.values()
        ],
        "requests": [
            {
                "id": rid,
                "participants": [f"p{r.requester_id}", f"p{r.recipient_id}"],
                "weight": data.weights[rid],
                "online": data.online[rid],
            }
            for rid, r in data.requests.items()
        ],
        "locked": [
            {
                "request": str(m.request.public_id),
                "slot": f"s{m.slot_id}",
                "table": f"t{m.table_id}" if m.table_id else None,
            }
            for m in data.locked
        ],
    }


def problem_for(session: B2BSession) -> dict[str, Any]:
    """The session's accepted requests as an engine problem (a dict in the file format)."""
    return _problem(load(session))


def _number(prefixed: str | None) -> int | None:
    return int(prefixed[1:]) if prefixed else None


class Board:
    """Who sits where, to check new meetings against and to explain the ones left out."""

    def __init__(self, data: SessionData) -> None:
        self.data = data
        self.busy: set[tuple[int, int]] = set()
        self.tables_taken: set[tuple[int, int]] = set()
        self.counts: Counter[int] = Counter()
        self.placed: set[str] = set()

    def sides(self, rid: str) -> tuple[int, int]:
        request = self.data.requests[rid]
        return request.requester_id, request.recipient_id

    def table_for(self, rid: str, slot: int, wanted: int | None) -> int | None | bool:
        """The table the meeting takes in ``slot`` (None online), or False when none is free."""
        if self.data.online[rid]:
            return None if wanted is None else False
        fixed = {self.data.participants[p].fixed_table_id for p in self.sides(rid)} - {None}
        if len(fixed) > 1:
            return False
        choices = list(fixed) if fixed else self.data.tables
        if wanted is not None:
            choices = [wanted] if wanted in choices else []
        for table in choices:
            if (slot, table) not in self.tables_taken:
                return table
        return False

    def fits(self, rid: str, slot: int, wanted: int | None) -> int | None | bool:
        if rid in self.placed:
            return False
        for p in self.sides(rid):
            participant = self.data.participants[p]
            if slot not in self.data.available[p] or (p, slot) in self.busy:
                return False
            if self.counts[p] >= participant.quota:
                return False
            if not self.data.online[rid] and not participant.onsite:
                return False
        return self.table_for(rid, slot, wanted)

    def place(self, rid: str, slot: int, table: int | None) -> None:
        for p in self.sides(rid):
            self.busy.add((p, slot))
            self.counts[p] += 1
        if table is not None:
            self.tables_taken.add((slot, table))
        self.placed.add(rid)

    def reason(self, rid: str) -> tuple[str, str]:
        """Why ``rid`` is not on the schedule, from the final schedule's data."""
        a, b = self.sides(rid)
        names = {p: self.data.participants[p].organisation.name for p in (a, b)}
        common = [
            s for s in self.data.slots if s in self.data.available[a] & self.data.available[b]
        ]
        if not common:
            return "no_common_slot", _("no common free slot")
        for p in (a, b):
            if self.counts[p] >= self.data.participants[p].quota:
                return "quota", _("quota of %(name)s reached") % {"name": names[p]}
        free = [s for s in common if (a, s) not in self.busy and (b, s) not in self.busy]
        if not free:
            return "outweighed", _("not chosen: lower weight than the meetings held")
        if all(self.table_for(rid, s, None) is False for s in free):
            return "no_table", _("no table free in common slots")
        return "time_limit", _("not placed within the time limit")


def apply_schedule(session: B2BSession, schedule: Schedule, run: ScheduleRun) -> ScheduleRun:
    """Replace every unlocked meeting by the schedule's, in one transaction. The schedule was
    solved on a snapshot: a meeting that no longer fits what is stored now (a request cancelled,
    a slot no longer available, a meeting moved meanwhile) is left out, with its reason."""
    with transaction.atomic():
        B2BSession.objects.select_for_update().filter(pk=session.pk).first()
        data = load(session)
        published = session.status == B2BStatus.PUBLISHED
        before = _agenda(session) if published else {}
        Meeting.objects.filter(session=session, locked=False).delete()
        board = Board(data)
        for meeting in data.locked:
            board.place(str(meeting.request.public_id), meeting.slot_id, meeting.table_id)
        new_meetings: list[Meeting] = []
        for item in schedule.meetings:
            if item.request not in data.requests or item.request in board.placed:
                continue
            slot = _number(item.slot)
            assert slot is not None
            table = board.fits(item.request, slot, _number(item.table))
            if table is False:
                continue
            assert table is None or isinstance(table, int)
            board.place(item.request, slot, table)
            new_meetings.append(
                Meeting(
                    session=session,
                    request=data.requests[item.request],
                    slot_id=slot,
                    table_id=table,
                )
            )
        created = Meeting.objects.bulk_create(new_meetings)
        Seat.objects.bulk_create(
            Seat(meeting=m, participant_id=p, slot_id=m.slot_id)
            for m in created
            for p in (m.request.requester_id, m.request.recipient_id)
        )
        left_out = [
            {"request": rid, "code": "do_not_meet", "reason": _("marked “do not meet”")}
            for rid in data.forbidden
        ]
        for rid in data.requests:
            if rid not in board.placed:
                code, reason = board.reason(rid)
                left_out.append({"request": rid, "code": code, "reason": reason})
        objective = sum(data.weights[rid] for rid in board.placed)
        run.objective = objective
        run.upper_bound = max(schedule.upper_bound, objective)
        run.seconds = schedule.seconds
        run.scheduled = len(board.placed)
        run.left_out = left_out
        run.save(
            update_fields=[
                "objective",
                "upper_bound",
                "seconds",
                "scheduled",
                "left_out",
                "updated_at",
            ]
        )
        if published:
            after = _agenda(session)
            changed = [
                p
                for p in data.participants.values()
                if before.get(p.pk, set()) != after.get(p.pk, set())
            ]
            notifications.agenda_changed(session, changed, "recomputed", by=run.requested_by)
    return run


def _agenda(session: B2BSession) -> dict[int, set[tuple[int, int, int | None]]]:
    agenda: dict[int, set[tuple[int, int, int | None]]] = {}
    for participant, request, slot, table in Seat.objects.filter(
        meeting__session=session
    ).values_list("participant_id", "meeting__request_id", "slot_id", "meeting__table_id"):
        agenda.setdefault(participant, set()).add((request, slot, table))
    return agenda
