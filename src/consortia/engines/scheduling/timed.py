"""The exact model, when it is small enough: x[r, s] = 1 if request r is held in slot s.

Unlike `selection.py` this programme knows the slots, so its integer optimum *is* the best
schedule and its LP relaxation is a much tighter upper bound. Tables need no variables of
their own: ordinary on-site meetings can use any table, so "at most as many on-site meetings
in a slot as free tables" is exact, plus "at most one meeting per fixed table and slot".
Rows: each request at most once; each participant at most one meeting per slot and at most
its quota left; each slot at most its free tables; each fixed table at most once per slot.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from scipy.sparse import coo_matrix, csr_matrix, hstack, identity, vstack

from .board import Board, bits
from .highs import Solution, maximise
from .selection import open_mask

NODE_LIMIT = 500
RELATIVE_GAP = 1e-5


@dataclass
class TimedResult:
    assignment: list[tuple[int, int]]  # (request, slot), best first
    bound: float  # proven upper bound on the weight added to the locked meetings
    weight: float  # the weight of the assignment (what it adds to the locked meetings)


def columns_needed(board: Board) -> int:
    return sum(bin(open_mask(board, info.index)).count("1")
               for info in board.requests if info.index not in board.placed)


def solve_timed(board: Board, *, time_limit: float) -> TimedResult | None:
    """Solve the exact model with HiGHS; None if it found no solution in time."""
    started = time.perf_counter()
    deadline = started + time_limit
    columns = [(info.index, slot) for info in board.requests if info.index not in board.placed
               for slot in bits(open_mask(board, info.index))]
    if not columns:
        return TimedResult([], 0.0, 0.0)
    weights = np.array([board.requests[r].weight for r, _ in columns], dtype=float)
    matrix, limits = _rows(board, columns)
    solution = maximise(weights, matrix, limits, time_limit=time_limit / 2,
                        node_limit=NODE_LIMIT, relative_gap=RELATIVE_GAP)
    if solution is None:
        return None
    bound = solution.dual_bound
    remaining = deadline - time.perf_counter()
    if remaining > 2 * (time.perf_counter() - started):
        covering = _cover_more_people(board, columns, weights, matrix, limits, solution.x,
                                      time_limit=remaining)
        if covering is not None:
            solution = covering
    chosen = [columns[i] for i in np.flatnonzero(solution.x > 0.5)]
    chosen.sort(key=lambda rs: (-board.requests[rs[0]].weight, rs))
    return TimedResult(chosen, bound, float(weights @ (solution.x > 0.5)))


def _cover_more_people(board: Board, columns: list[tuple[int, int]], weights: np.ndarray,
                       matrix: csr_matrix, limits: np.ndarray, best: np.ndarray, *,
                       time_limit: float) -> Solution | None:
    """Second pass: keep the weight found, and leave as few participants without a meeting.

    Adds y_p ≤ Σ x over p's columns (y_p in [0, 1]) and Σ w·x ≥ the weight found, and
    maximises Σ y_p. None if HiGHS finds nothing in time; the caller keeps the first answer.
    """
    people = sorted({p for r, _ in columns for p in board.requests[r].members})
    person_row = {p: i for i, p in enumerate(people)}
    rows, cols = [], []
    for column, (r, _slot) in enumerate(columns):
        for p in board.requests[r].members:
            rows.append(person_row[p])
            cols.append(column)
    linking = hstack([coo_matrix((-np.ones(len(rows)), (rows, cols)),
                                 shape=(len(people), len(columns))),
                      identity(len(people))])
    keep_weight = hstack([coo_matrix(-weights.reshape(1, -1)),
                          coo_matrix((1, len(people)))])
    original = hstack([matrix, coo_matrix((matrix.shape[0], len(people)))])
    combined = vstack([original, linking, keep_weight]).tocsr()
    combined_limits = np.concatenate([limits, np.zeros(len(people)),
                                      [-(float(weights @ best)) + 1e-6]])
    objective = np.concatenate([np.zeros(len(columns)), np.ones(len(people))])
    integrality = np.concatenate([np.ones(len(columns)), np.zeros(len(people))])
    found = maximise(objective, combined, combined_limits, time_limit=time_limit,
                     node_limit=NODE_LIMIT, relative_gap=1e-4, integrality=integrality)
    if found is None or float(weights @ found.x[: len(columns)]) < float(weights @ best) - 1e-6:
        return None
    return Solution(found.x[: len(columns)], 0.0)


def _rows(board: Board, columns: list[tuple[int, int]]) -> tuple[coo_matrix, np.ndarray]:
    row_of: dict[tuple, int] = {}
    limits: list[float] = []
    row_index: list[int] = []
    column_index: list[int] = []

    def enter(key: tuple, limit: float, column: int) -> None:
        row = row_of.get(key)
        if row is None:
            row = row_of[key] = len(limits)
            limits.append(limit)
        row_index.append(row)
        column_index.append(column)

    tables = len(board.table_ids)
    for column, (r, slot) in enumerate(columns):
        info = board.requests[r]
        enter(("request", r), 1, column)
        for p in info.members:
            enter(("person-slot", p, slot), 1, column)
            if board.capacity[p] - board.count[p] < bin(board.available[p]).count("1"):
                enter(("quota", p), board.capacity[p] - board.count[p], column)
        if info.onsite:
            enter(("tables", slot), tables - board.onsite_count[slot], column)
            if info.fixed_table is not None:
                enter(("fixed", info.fixed_table, slot), 1, column)
    data = np.ones(len(row_index))
    matrix = coo_matrix((data, (row_index, column_index)), shape=(len(limits), len(columns)))
    return matrix.tocsr(), np.array(limits, dtype=float)
