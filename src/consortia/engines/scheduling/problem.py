"""The B2B scheduling problem and its schedule, as plain dataclasses.

`parse_problem` turns the JSON of `shared/formats/schedule.md` into a `Problem`, checking every
item once so that the solver, the baseline and the validator can trust ids and types. Bad input
raises `ProblemError` whose message names the offending item, because the organiser has to find
it in a file of thousands of entries.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


class ProblemError(ValueError):
    """The input is not a valid problem; the message names the offending item."""


@dataclass(frozen=True)
class Slot:
    id: str
    start: datetime
    end: datetime


@dataclass(frozen=True)
class Table:
    id: str


@dataclass(frozen=True)
class Participant:
    id: str
    available: frozenset[str]
    max_meetings: int | None = None  # None: unlimited
    onsite: bool = True
    fixed_table: str | None = None


@dataclass(frozen=True)
class Request:
    id: str
    participants: tuple[str, ...]
    weight: float = 1
    online: bool = False


@dataclass(frozen=True)
class Meeting:
    request: str
    slot: str
    table: str | None


@dataclass(frozen=True)
class Problem:
    slots: tuple[Slot, ...]
    tables: tuple[Table, ...]
    participants: tuple[Participant, ...]
    requests: tuple[Request, ...]
    locked: tuple[Meeting, ...] = ()

    def slots_in_time_order(self) -> list[Slot]:
        """Slots by start time; idle gaps are counted in this order."""
        return sorted(self.slots, key=lambda slot: (slot.start, slot.end, slot.id))


@dataclass
class Schedule:
    meetings: list[Meeting]
    unscheduled: list[str]
    objective: float
    upper_bound: float
    seconds: float
    details: dict[str, Any] = field(default_factory=dict)  # not part of the file format

    def to_dict(self) -> dict[str, Any]:
        return {
            "meetings": [
                {"request": m.request, "slot": m.slot, "table": m.table} for m in self.meetings
            ],
            "unscheduled": list(self.unscheduled),
            "objective": _plain_number(self.objective),
            "upper_bound": _plain_number(self.upper_bound),
            "seconds": round(self.seconds, 3),
        }


def schedule_from_dict(data: dict[str, Any]) -> Schedule:
    """Read a schedule file back (for the validator and the tests)."""
    meetings = [Meeting(m["request"], m["slot"], m.get("table")) for m in data["meetings"]]
    return Schedule(
        meetings=meetings,
        unscheduled=list(data["unscheduled"]),
        objective=data["objective"],
        upper_bound=data["upper_bound"],
        seconds=data.get("seconds", 0.0),
    )


def _plain_number(value: float) -> float | int:
    """Integral totals print as integers, as in the format's example."""
    if math.isfinite(value) and float(value).is_integer():
        return int(value)
    return value


# ---------------------------------------------------------------------------------------------
# Parsing


def parse_problem(data: Any) -> Problem:
    """Check and convert a problem dict; raise ProblemError naming the first bad item."""
    _expect(isinstance(data, dict), "problem: expected a JSON object")
    for key in data:
        _expect(
            key in {"slots", "tables", "participants", "requests", "locked"},
            f"problem: unknown key {key!r}",
        )
    slots = tuple(_parse_slot(item, i) for i, item in enumerate(_list(data, "slots")))
    tables = tuple(_parse_table(item, i) for i, item in enumerate(_list(data, "tables")))
    _unique(slots, "slot")
    _unique(tables, "table")
    slot_ids = {s.id for s in slots}
    table_ids = {t.id for t in tables}
    participants = tuple(
        _parse_participant(item, i, slot_ids, table_ids)
        for i, item in enumerate(_list(data, "participants"))
    )
    _unique(participants, "participant")
    by_id = {p.id: p for p in participants}
    requests = tuple(
        _parse_request(item, i, by_id) for i, item in enumerate(_list(data, "requests"))
    )
    _unique(requests, "request")
    locked = tuple(
        _parse_locked(item, i, {r.id: r for r in requests}, slot_ids, table_ids)
        for i, item in enumerate(data.get("locked", []) or [])
    )
    problem = Problem(slots, tables, participants, requests, locked)
    _check_locked_consistent(problem)
    return problem


def _expect(condition: bool, message: str) -> None:
    if not condition:
        raise ProblemError(message)


def _list(data: dict[str, Any], key: str) -> list[Any]:
    value = data.get(key, [])
    _expect(isinstance(value, list), f"{key}: expected a list")
    return value


def _object(item: Any, what: str) -> dict[str, Any]:
    _expect(isinstance(item, dict), f"{what}: expected an object")
    return item


def _identifier(item: dict[str, Any], what: str) -> str:
    value = item.get("id")
    if not isinstance(value, str) or value == "":
        raise ProblemError(f"{what}: 'id' must be a non-empty string")
    return value


def _unique(items: tuple[Any, ...], kind: str) -> None:
    seen: set[str] = set()
    for item in items:
        _expect(item.id not in seen, f"{kind} {item.id!r}: duplicate id")
        seen.add(item.id)


def _boolean(item: dict[str, Any], key: str, default: bool, what: str) -> bool:
    value = item.get(key, default)
    _expect(isinstance(value, bool), f"{what}: {key!r} must be true or false")
    return value


def _instant(value: Any, what: str) -> datetime:
    _expect(isinstance(value, str), f"{what}: expected an ISO 8601 instant")
    try:
        instant = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ProblemError(f"{what}: {value!r} is not an ISO 8601 instant") from None
    _expect(instant.tzinfo is not None, f"{what}: {value!r} has no time zone")
    return instant


def _parse_slot(item: Any, index: int) -> Slot:
    item = _object(item, f"slots[{index}]")
    slot_id = _identifier(item, f"slots[{index}]")
    start = _instant(item.get("start"), f"slot {slot_id!r} start")
    end = _instant(item.get("end"), f"slot {slot_id!r} end")
    _expect(end > start, f"slot {slot_id!r}: end is not after start")
    return Slot(slot_id, start, end)


def _parse_table(item: Any, index: int) -> Table:
    return Table(_identifier(_object(item, f"tables[{index}]"), f"tables[{index}]"))


def _parse_participant(
    item: Any, index: int, slot_ids: set[str], table_ids: set[str]
) -> Participant:
    item = _object(item, f"participants[{index}]")
    pid = _identifier(item, f"participants[{index}]")
    what = f"participant {pid!r}"
    available = item.get("available", [])
    _expect(isinstance(available, list), f"{what}: 'available' must be a list of slot ids")
    for slot_id in available:
        _expect(isinstance(slot_id, str), f"{what}: 'available' must be a list of slot ids")
        _expect(slot_id in slot_ids, f"{what}: unknown slot {slot_id!r}")
    max_meetings = item.get("max_meetings")
    if max_meetings is not None:
        _expect(
            isinstance(max_meetings, int) and not isinstance(max_meetings, bool),
            f"{what}: 'max_meetings' must be an integer",
        )
        _expect(max_meetings >= 0, f"{what}: 'max_meetings' is negative")
    fixed_table = item.get("fixed_table")
    if fixed_table is not None:
        _expect(isinstance(fixed_table, str), f"{what}: 'fixed_table' must be a table id")
        _expect(fixed_table in table_ids, f"{what}: unknown table {fixed_table!r}")
    onsite = _boolean(item, "onsite", True, what)
    return Participant(pid, frozenset(available), max_meetings, onsite, fixed_table)


def _parse_request(item: Any, index: int, participants: dict[str, Participant]) -> Request:
    item = _object(item, f"requests[{index}]")
    rid = _identifier(item, f"requests[{index}]")
    what = f"request {rid!r}"
    members = item.get("participants")
    _expect(isinstance(members, list), f"{what}: 'participants' must be a list of ids")
    _expect(len(members) >= 2, f"{what}: a meeting needs at least 2 participants")
    for pid in members:
        _expect(isinstance(pid, str), f"{what}: 'participants' must be a list of ids")
        _expect(pid in participants, f"{what}: unknown participant {pid!r}")
    _expect(len(set(members)) == len(members), f"{what}: a participant is listed twice")
    weight = item.get("weight", 1)
    _expect(
        isinstance(weight, (int, float)) and not isinstance(weight, bool),
        f"{what}: 'weight' must be a number",
    )
    _expect(math.isfinite(weight) and weight > 0, f"{what}: 'weight' must be positive")
    online = _boolean(item, "online", False, what)
    return Request(rid, tuple(members), weight, online)


def _parse_locked(
    item: Any, index: int, requests: dict[str, Request], slot_ids: set[str], table_ids: set[str]
) -> Meeting:
    item = _object(item, f"locked[{index}]")
    rid = item.get("request")
    what = f"locked meeting {rid!r}"
    _expect(isinstance(rid, str) and rid in requests, f"locked[{index}]: unknown request {rid!r}")
    slot_id = item.get("slot")
    _expect(isinstance(slot_id, str) and slot_id in slot_ids, f"{what}: unknown slot {slot_id!r}")
    table_id = item.get("table")
    if requests[rid].online:
        _expect(table_id is None, f"{what}: an online meeting takes no table")
    else:
        _expect(
            isinstance(table_id, str) and table_id in table_ids,
            f"{what}: unknown table {table_id!r}",
        )
    return Meeting(rid, slot_id, table_id)


def _check_locked_consistent(problem: Problem) -> None:
    """Locked meetings must themselves obey the hard rules, or no valid schedule exists."""
    participants = {p.id: p for p in problem.participants}
    requests = {r.id: r for r in problem.requests}
    seen_requests: set[str] = set()
    busy: set[tuple[str, str]] = set()
    tables_used: set[tuple[str, str]] = set()
    counts: dict[str, int] = {}
    for meeting in problem.locked:
        what = f"locked meeting {meeting.request!r}"
        _expect(meeting.request not in seen_requests, f"{what}: locked twice")
        seen_requests.add(meeting.request)
        request = requests[meeting.request]
        if meeting.table is not None:
            _expect((meeting.table, meeting.slot) not in tables_used, f"{what}: table taken")
            tables_used.add((meeting.table, meeting.slot))
        for pid in request.participants:
            person = participants[pid]
            _expect(meeting.slot in person.available, f"{what}: {pid!r} is not available")
            _expect((pid, meeting.slot) not in busy, f"{what}: {pid!r} has another meeting")
            busy.add((pid, meeting.slot))
            counts[pid] = counts.get(pid, 0) + 1
            limit = person.max_meetings
            _expect(limit is None or counts[pid] <= limit, f"{what}: {pid!r} over max_meetings")
            if not request.online:
                _expect(person.onsite, f"{what}: {pid!r} is not on site")
                fixed = person.fixed_table
                _expect(fixed in (None, meeting.table),
                        f"{what}: {pid!r} has fixed table {fixed!r}")
