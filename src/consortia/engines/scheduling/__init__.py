"""B2B meeting scheduler: which requested meetings to hold, in which slot, at which table.

Pure Python (NumPy/SciPy), no Django. The file format is `shared/formats/schedule.md`.

    problem = parse_problem(json.load(stream))   # ProblemError names a bad item
    schedule = solve(problem, time_limit=30)      # always valid, within the limit
    assert not violations(problem, schedule)
"""

from .baseline import first_come_first_served
from .generate import generate
from .problem import (
    Meeting,
    Participant,
    Problem,
    ProblemError,
    Request,
    Schedule,
    Slot,
    Table,
    parse_problem,
)
from .solve import solve
from .validate import idle_slots, violations

__all__ = [
    "Meeting", "Participant", "Problem", "ProblemError", "Request", "Schedule", "Slot", "Table",
    "first_come_first_served", "generate", "idle_slots", "parse_problem", "solve", "violations",
]
