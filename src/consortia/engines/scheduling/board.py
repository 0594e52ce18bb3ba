"""The solver's working state: who is busy when, which tables are taken, what is placed.

Slots are numbered in time order and a participant's busy slots are a bit mask (a Python int),
so "is everyone free in slot s" is a few AND operations even with 35,000 requests. Ordinary
on-site meetings are only counted per slot while solving and get concrete tables at the end
(`meetings`), because any free table will do for them; meetings that must use one particular
table (a fixed-table participant, or a locked meeting) claim it at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from .problem import Meeting, Problem

UNLIMITED = 1 << 30


@dataclass
class RequestInfo:
    """One request in solver terms: member indexes, feasible-slot mask and table needs."""

    index: int
    id: str
    members: tuple[int, ...]
    weight: float
    onsite: bool
    fixed_table: int | None  # the one table it must use, if any
    feasible: int  # bit mask of slots where every member is available (and on site if needed)


class Board:
    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.slot_ids = [s.id for s in problem.slots_in_time_order()]
        slot_index = {sid: i for i, sid in enumerate(self.slot_ids)}
        self.table_ids = [t.id for t in problem.tables]
        table_index = {tid: i for i, tid in enumerate(self.table_ids)}
        people = problem.participants
        self.person_index = {p.id: i for i, p in enumerate(people)}
        self.available = [_mask(slot_index[s] for s in p.available) for p in people]
        self.capacity = [UNLIMITED if p.max_meetings is None else p.max_meetings for p in people]
        fixed = [None if p.fixed_table is None else table_index[p.fixed_table] for p in people]
        self.requests = [
            _request_info(i, r, self.person_index, self.available, people, fixed)
            for i, r in enumerate(problem.requests)
        ]
        self.request_index = {r.id: r.index for r in self.requests}
        slots = len(self.slot_ids)
        self.busy = [0] * len(people)
        self.count = [0] * len(people)
        self.onsite_count = [0] * slots
        self.claimed_tables: list[dict[int, int]] = [{} for _ in range(slots)]  # table → request
        self.placed: dict[int, int] = {}  # request index → slot
        self.holder: dict[tuple[int, int], int] = {}  # (participant, slot) → request
        self.at_slot: list[set[int]] = [set() for _ in range(slots)]
        self.locked: set[int] = set()
        for meeting in problem.locked:
            index = self.request_index[meeting.request]
            table = None if meeting.table is None else table_index[meeting.table]
            self.place(index, slot_index[meeting.slot], table=table)
            self.locked.add(index)

    # -- questions -----------------------------------------------------------------------

    def fits(self, r: int, slot: int) -> bool:
        """Could request r be placed in slot now without breaking a hard rule?"""
        info = self.requests[r]
        bit = 1 << slot
        if not info.feasible & bit:
            return False
        for p in info.members:
            if self.busy[p] & bit or self.count[p] >= self.capacity[p]:
                return False
        if info.onsite:
            if self.onsite_count[slot] >= len(self.table_ids):
                return False
            if info.fixed_table is not None and info.fixed_table in self.claimed_tables[slot]:
                return False
        return True

    def free_slots(self, r: int) -> list[int]:
        return [s for s in _bits(self.requests[r].feasible) if self.fits(r, s)]

    def idle_change(self, r: int, slot: int) -> int:
        """How many idle slots placing r in slot adds (negative: it fills a gap)."""
        change = 0
        for p in self.requests[r].members:
            busy = self.busy[p]
            if not busy:
                continue
            first = (busy & -busy).bit_length() - 1
            last = busy.bit_length() - 1
            if first < slot < last:
                change -= 1
            elif slot < first:
                change += first - slot - 1
            else:
                change += slot - last - 1
        return change

    def best_slot(self, r: int) -> int | None:
        """The free slot adding fewest idle slots, earliest on ties; None if none is free."""
        best = None
        best_cost = 0
        for s in self.free_slots(r):
            cost = self.idle_change(r, s)
            if best is None or cost < best_cost:
                best, best_cost = s, cost
        return best

    def idle_total(self) -> int:
        total = 0
        for busy, count in zip(self.busy, self.count, strict=True):
            if busy:
                first = (busy & -busy).bit_length() - 1
                total += busy.bit_length() - first - count
        return total

    # -- changes -------------------------------------------------------------------------

    def place(self, r: int, slot: int, *, table: int | None = None) -> None:
        info = self.requests[r]
        bit = 1 << slot
        for p in info.members:
            self.busy[p] |= bit
            self.count[p] += 1
            self.holder[(p, slot)] = r
        self.at_slot[slot].add(r)
        if info.onsite:
            self.onsite_count[slot] += 1
            claim = info.fixed_table if table is None else table
            if claim is not None:
                self.claimed_tables[slot][claim] = r
        self.placed[r] = slot

    def remove(self, r: int) -> None:
        info = self.requests[r]
        slot = self.placed.pop(r)
        bit = 1 << slot
        for p in info.members:
            self.busy[p] &= ~bit
            self.count[p] -= 1
            del self.holder[(p, slot)]
        self.at_slot[slot].discard(r)
        if info.onsite:
            self.onsite_count[slot] -= 1
            claimed = self.claimed_tables[slot]
            for table, holder in list(claimed.items()):
                if holder == r:
                    del claimed[table]

    # -- result --------------------------------------------------------------------------

    def objective(self) -> float:
        return sum(self.requests[r].weight for r in self.placed)

    def meetings(self) -> list[Meeting]:
        """Placed requests as meetings with concrete tables, in input order."""
        tables: dict[int, int] = {}
        for claimed in self.claimed_tables:
            for claimed_table, r in claimed.items():
                tables[r] = claimed_table
        free_by_slot = [
            [t for t in range(len(self.table_ids)) if t not in claimed]
            for claimed in self.claimed_tables
        ]
        result = []
        for r in sorted(self.placed):
            info = self.requests[r]
            slot = self.placed[r]
            table: int | None = None
            if info.onsite:
                table = tables[r] if r in tables else free_by_slot[slot].pop(0)
            table_id = None if table is None else self.table_ids[table]
            result.append(Meeting(info.id, self.slot_ids[slot], table_id))
        return result

    def unscheduled(self) -> list[str]:
        return [info.id for info in self.requests if info.index not in self.placed]


def _mask(indexes: object) -> int:
    mask = 0
    for i in indexes:  # type: ignore[attr-defined]
        mask |= 1 << i
    return mask


def _bits(mask: int) -> list[int]:
    result = []
    while mask:
        low = mask & -mask
        result.append(low.bit_length() - 1)
        mask ^= low
    return result


def bits(mask: int) -> list[int]:
    """The slot indexes set in a mask, in time order."""
    return _bits(mask)


def _request_info(  # type: ignore[no-untyped-def]
    index, request, person_index, available, people, fixed
) -> RequestInfo:
    members = tuple(person_index[pid] for pid in request.participants)
    feasible = -1
    for p in members:
        feasible &= available[p]
    onsite = not request.online
    fixed_table = None
    if onsite:
        tables = {fixed[p] for p in members if fixed[p] is not None}
        if not all(people[p].onsite for p in members) or len(tables) > 1:
            feasible = 0
        elif tables:
            fixed_table = tables.pop()
    return RequestInfo(index, request.id, members, request.weight, onsite, fixed_table,
                       max(feasible, 0))
