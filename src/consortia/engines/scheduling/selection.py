"""Which requests to hold: an integer programme that ignores slot order, solved by HiGHS.

Variables: x_r in {0, 1} for every request not locked and with at least one open slot.
Constraints, each true of every valid schedule, so the programme is a relaxation:

- a participant holds at most min(quota left, number of distinct open slots among its
  requests) meetings, since its meetings are in distinct slots;
- the requests that must use one fixed table fit in the distinct open slots they could use;
- all on-site requests together fit in the free tables of the slots they could use.

Its optimum, or HiGHS's dual bound when stopped early, is therefore a proven upper bound on
the weight any schedule can add to the locked meetings. The chosen set is usually (not
always) placeable; the placement step repairs what is not.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csr_matrix

from .board import Board
from .highs import maximise

NODE_LIMIT = 200  # keeps the search deterministic: stops on nodes, not on the clock
RELATIVE_GAP = 1e-4


def open_mask(board: Board, r: int) -> int:
    """Slots where r could still go given the locked meetings."""
    info = board.requests[r]
    mask = info.feasible
    for p in info.members:
        mask &= ~board.busy[p]
    if info.onsite and info.fixed_table is not None:
        for slot, claimed in enumerate(board.claimed_tables):
            if info.fixed_table in claimed:
                mask &= ~(1 << slot)
    return mask


def select_requests(board: Board, *, time_limit: float) -> tuple[list[int], float]:
    """The requests to hold (indexes) and an upper bound on the weight they can add."""
    candidates = [info.index for info in board.requests
                  if info.index not in board.placed and open_mask(board, info.index)]
    if not candidates:
        return [], 0.0
    weights = np.array([board.requests[r].weight for r in candidates], dtype=float)
    matrix, limits = _constraints(board, candidates)
    if matrix.shape[0] == 0:
        return candidates, float(weights.sum())
    solution = maximise(weights, matrix, limits, time_limit=time_limit,
                        node_limit=NODE_LIMIT, relative_gap=RELATIVE_GAP)
    if solution is not None:
        chosen = [r for r, x in zip(candidates, solution.x, strict=True) if x > 0.5]
        return chosen, max(solution.dual_bound, float(weights @ solution.x))
    return _select_by_linear_programme(candidates, weights, matrix, limits, time_limit)


def _select_by_linear_programme(  # type: ignore[no-untyped-def]
    candidates, weights, matrix, limits, time_limit
):
    """Fallback when the integer programme finds nothing in time: round the LP down."""
    result = linprog(-weights, A_ub=matrix, b_ub=limits, bounds=(0, 1), method="highs",
                     options={"time_limit": max(time_limit, 0.05)})
    if result.status == 0:
        order = np.argsort(-result.x, kind="stable")
        return [candidates[i] for i in order if result.x[i] > 1e-6], -float(result.fun)
    return list(candidates), float(weights.sum())  # trivially true bound


def _constraints(board: Board, candidates: list[int]) -> tuple[csr_matrix, np.ndarray]:
    rows: list[list[int]] = []
    limits: list[float] = []
    masks = {r: open_mask(board, r) for r in candidates}

    def add(group: list[int], limit: int) -> None:
        if len(group) > limit:  # otherwise the row cannot bind
            rows.append(group)
            limits.append(limit)

    by_person: dict[int, list[int]] = {}
    by_table: dict[int, list[int]] = {}
    onsite: list[int] = []
    for column, r in enumerate(candidates):
        info = board.requests[r]
        for p in info.members:
            by_person.setdefault(p, []).append(column)
        if info.onsite:
            onsite.append(column)
            if info.fixed_table is not None:
                by_table.setdefault(info.fixed_table, []).append(column)
    for p, columns in sorted(by_person.items()):
        quota = board.capacity[p] - board.count[p]
        add(columns, min(quota, _union_size(candidates, masks, columns)))
    for _table, columns in sorted(by_table.items()):
        add(columns, _union_size(candidates, masks, columns))
    if onsite:
        union = 0
        for column in onsite:
            union |= masks[candidates[column]]
        free_tables = sum(len(board.table_ids) - board.onsite_count[s]
                          for s in range(len(board.slot_ids)) if union >> s & 1)
        add(onsite, free_tables)
    indptr = np.cumsum([0] + [len(row) for row in rows])
    indices = np.fromiter((c for row in rows for c in row), dtype=np.int64, count=int(indptr[-1]))
    data = np.ones(len(indices))
    matrix = csr_matrix((data, indices, indptr), shape=(len(rows), len(candidates)))
    return matrix, np.array(limits, dtype=float)


def _union_size(candidates: list[int], masks: dict[int, int], columns: list[int]) -> int:
    union = 0
    for column in columns:
        union |= masks[candidates[column]]
    return bin(union).count("1")
