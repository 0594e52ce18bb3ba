"""First come, first served: the naive scheduler the engine is measured against.

Requests are taken in input order; each gets the earliest slot in which all its participants
are free and available, under their quotas, with a table if it is on site. This is what an
organiser does by hand, so the engine has to beat it clearly to be worth its complexity.
"""

from __future__ import annotations

import time

from .board import Board
from .problem import Problem, Schedule


def first_come_first_served(problem: Problem) -> Schedule:
    started = time.perf_counter()
    board = Board(problem)
    for info in board.requests:
        if info.index in board.placed:
            continue
        free = board.free_slots(info.index)
        if free:
            board.place(info.index, free[0])
    objective = board.objective()
    return Schedule(
        meetings=board.meetings(),
        unscheduled=board.unscheduled(),
        objective=objective,
        upper_bound=sum(r.weight for r in problem.requests),
        seconds=time.perf_counter() - started,
    )
