"""The traffic light of a commitment and of an agreement: pure rules over dates (no Django).

- green: done, or reported on within the last 6 months;
- amber: due within the next 30 days, or the last report is 6–12 months old;
- red: overdue (past its due date and not done), or silent for more than 12 months.

Red wins over amber, amber over green. "Silent since" is the last report, or the day the
commitment started (the agreement's signing) when there has been no report yet. A dropped
commitment has no light. An agreement's light is the worst light of its commitments.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import IntEnum

from dateutil.relativedelta import relativedelta

DUE_SOON = timedelta(days=30)
FRESH = relativedelta(months=6)
STALE = relativedelta(months=12)


class Light(IntEnum):
    GREEN = 1
    AMBER = 2
    RED = 3

    @property
    def code(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, slots=True)
class CommitmentState:
    done: bool
    dropped: bool
    due_on: date | None
    last_report_on: date | None
    started_on: date


def commitment_light(state: CommitmentState, *, today: date) -> Light | None:
    if state.dropped:
        return None
    if state.done:
        return Light.GREEN
    silent_since = state.last_report_on or state.started_on
    if (state.due_on is not None and state.due_on < today) or silent_since < today - STALE:
        return Light.RED
    if (state.due_on is not None and state.due_on <= today + DUE_SOON) or (
        silent_since < today - FRESH
    ):
        return Light.AMBER
    return Light.GREEN


def agreement_light(lights: list[Light | None]) -> Light | None:
    """The worst light among the commitments; None when none has a light."""
    lit = [light for light in lights if light is not None]
    return max(lit) if lit else None
