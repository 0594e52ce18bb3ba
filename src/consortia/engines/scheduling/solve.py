"""The scheduler: choose which meetings to hold, then give them slots and tables.

Step 1 (`selection.py`) solves a small integer programme over *which* requests to hold: a
weighted b-matching where each participant can take as many meetings as it has quota and open
slots, plus cheap per-slot capacity cuts for tables. It ignores which slot each meeting gets,
so it is a relaxation: its dual bound is a proven upper bound on the best schedule.

Step 2 places the chosen requests, most constrained first, in the slot that adds the fewest
idle gaps, moving already placed meetings out of the way when a request finds no free slot.
Step 3 fills what is left greedily by weight, and step 4 moves meetings to close idle gaps.

When the exact time-indexed model (`timed.py`) is small enough it is solved as well: its
bound is used when tighter, and its schedule when proven within PROVEN_GAP of that bound.
Stopped by the clock further from it (a loaded machine), its schedule is completed on a
copy and kept only if it beats the b-matching path.

Every step checks the clock and stops early, so a valid schedule is returned within the time
limit however large the input. Given the same input, and unless the time limit cuts a step
short, the result is the same: no randomness, and ties are broken by input order.
"""

from __future__ import annotations

import copy
import time

from .board import Board, bits
from .problem import Problem, Schedule
from .selection import select_requests
from .timed import TimedResult, columns_needed, solve_timed

SELECTION_SHARE = 0.5  # of the time left, for each integer programme
TIMED_MODEL_MAX_COLUMNS = 200_000  # above this the exact model is too slow to be worth it
PROVEN_GAP = 0.001  # an exact-model answer this close to its bound is used as it is


def solve(problem: Problem, time_limit: float = 30.0) -> Schedule:
    started = time.perf_counter()
    deadline = started + max(time_limit, 0.1) * 0.95
    board = Board(problem)
    locked_weight = board.objective()
    selection_budget = (deadline - time.perf_counter()) * SELECTION_SHARE
    chosen, bound = select_requests(board, time_limit=selection_budget)
    timed = None
    if columns_needed(board) <= TIMED_MODEL_MAX_COLUMNS:
        timed = solve_timed(board, time_limit=(deadline - time.perf_counter()) * SELECTION_SHARE)
    if timed is not None:
        bound = min(bound, timed.bound)
    if timed is not None and timed.weight >= (1 - PROVEN_GAP) * timed.bound:
        method, placed_chosen = "time-indexed", _complete_timed(board, timed, deadline)
    else:
        # The b-matching choice is the reliable path. An exact model stopped by the clock far
        # from its bound may still do better, so it is tried on a copy and kept if it does.
        fallback = copy.deepcopy(board) if timed is not None else None
        method, placed_chosen = "b-matching", _complete_chosen(board, chosen, deadline)
        if fallback is not None and timed is not None:
            placed_timed = _complete_timed(fallback, timed, deadline)
            if (fallback.objective(), -fallback.idle_total()) > (
                board.objective(), -board.idle_total()
            ):
                board, method, placed_chosen = fallback, "time-indexed", placed_timed
    objective = board.objective()
    upper_bound = max(locked_weight + bound, objective)
    return Schedule(
        meetings=board.meetings(),
        unscheduled=board.unscheduled(),
        objective=objective,
        upper_bound=upper_bound,
        seconds=time.perf_counter() - started,
        details={"method": method, "chosen": len(chosen), "placed_chosen": placed_chosen,
                 "idle_slots": board.idle_total()},
    )


def _complete_timed(board: Board, timed: TimedResult, deadline: float) -> int:
    """Place the exact model's meetings where it put them, then complete and tidy."""
    for r, slot in timed.assignment:
        if board.fits(r, slot):
            board.place(r, slot)
    return _complete_chosen(board, [r for r, _ in timed.assignment], deadline)


def _complete_chosen(board: Board, chosen: list[int], deadline: float) -> int:
    """Place the chosen requests not yet placed, fill by weight, close idle gaps."""
    placed_chosen = _place_chosen(board, [r for r in chosen if r not in board.placed], deadline)
    _fill_by_weight(board, deadline)
    _close_gaps(board, deadline)
    return placed_chosen


def _place_chosen(board: Board, chosen: list[int], deadline: float) -> int:
    """Place the selected requests, fewest feasible slots and highest weight first."""
    order = sorted(
        chosen,
        key=lambda r: (bin(board.requests[r].feasible).count("1"), -board.requests[r].weight, r),
    )
    placed = 0
    for r in order:
        if time.perf_counter() > deadline:
            break
        slot = board.best_slot(r)
        if slot is not None:
            board.place(r, slot)
            placed += 1
        elif _make_room(board, r, deadline, evict=False):
            placed += 1
    return placed


def _fill_by_weight(board: Board, deadline: float) -> None:
    """Offer every request still out a slot, heaviest first; swap out lighter ones if needed."""
    waiting = [info.index for info in board.requests
               if info.index not in board.placed and info.feasible]
    waiting.sort(key=lambda r: (-board.requests[r].weight,
                                bin(board.requests[r].feasible).count("1"), r))
    for evict in (False, True):
        for r in waiting:
            if time.perf_counter() > deadline:
                return
            if r in board.placed:
                continue
            slot = board.best_slot(r)
            if slot is not None:
                board.place(r, slot)
            else:
                _make_room(board, r, deadline, evict=evict)


def _make_room(board: Board, r: int, deadline: float, *, evict: bool) -> bool:
    """Free a slot for r by moving (or, if `evict`, dropping lighter) meetings in its way.

    For each slot r could use, the meetings blocking it are those sharing a participant with
    r, holding r's fixed table, or (when every table is taken) one movable on-site meeting.
    If at most two block, they are lifted out, r goes in, and each is put back in its best
    other slot (a Kempe-chain step of length one). If one cannot go anywhere, everything is
    undone, unless `evict` is set and r outweighs what would be left out.
    """
    info = board.requests[r]
    for slot in bits(info.feasible):
        if time.perf_counter() > deadline:
            return False
        blockers = _blockers(board, r, slot)
        if blockers is None or len(blockers) > 2:
            continue
        if _try_swap(board, r, slot, blockers, evict=evict):
            return True
    return False


def _blockers(board: Board, r: int, slot: int) -> list[int] | None:
    """Meetings to lift so that r fits in slot, or None if lifting cannot help."""
    info = board.requests[r]
    bit = 1 << slot
    found: set[int] = set()
    for p in info.members:
        if board.busy[p] & bit:
            found.add(board.holder[(p, slot)])
        elif board.count[p] >= board.capacity[p]:
            return None  # quota full: moving within slots does not help
    if info.onsite:
        holder = None
        if info.fixed_table is not None:
            holder = board.claimed_tables[slot].get(info.fixed_table)
        if holder is not None:
            found.add(holder)
        onsite_after = board.onsite_count[slot] - sum(board.requests[b].onsite for b in found)
        if onsite_after >= len(board.table_ids):
            movable = sorted(b for b in board.at_slot[slot]
                             if board.requests[b].onsite and b not in board.locked)
            if not movable:
                return None
            found.add(movable[0])
    if found & board.locked:
        return None
    return sorted(found)


def _try_swap(board: Board, r: int, slot: int, blockers: list[int], *, evict: bool) -> bool:
    original = {b: board.placed[b] for b in blockers}
    for b in blockers:
        board.remove(b)
    if not board.fits(r, slot):
        _restore(board, original)
        return False
    board.place(r, slot)
    moved = []
    for b in blockers:
        target = board.best_slot(b)
        if target is None:
            continue
        board.place(b, target)
        moved.append(b)
    left_out = [b for b in blockers if b not in moved]
    if not left_out:
        return True
    lost = sum(board.requests[b].weight for b in left_out)
    if evict and lost < board.requests[r].weight:
        return True
    board.remove(r)
    for b in moved:
        board.remove(b)
    _restore(board, original)
    return False


def _restore(board: Board, original: dict[int, int]) -> None:
    for b, slot in original.items():
        board.place(b, slot)


def _close_gaps(board: Board, deadline: float, passes: int = 3) -> None:
    """Move single meetings to slots that leave fewer idle gaps, until nothing improves."""
    for _ in range(passes):
        improved = False
        for r in sorted(board.placed):
            if time.perf_counter() > deadline:
                return
            if r in board.locked:
                continue
            current = board.placed[r]
            board.remove(r)
            stay_cost = board.idle_change(r, current)
            target = board.best_slot(r)
            better = target is not None and board.idle_change(r, target) < stay_cost
            if better and target is not None and target != current:
                board.place(r, target)
                improved = True
            else:
                board.place(r, current)
        if not improved:
            return
