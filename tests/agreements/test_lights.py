"""The traffic-light rules at each boundary, with the day given (no clock needed)."""

from datetime import date

import pytest

from consortia.agreements.lights import CommitmentState, Light, agreement_light, commitment_light

TODAY = date(2026, 11, 23)
SIGNED = date(2026, 1, 15)


def state(
    *,
    due_on: date | None = None,
    last_report_on: date | None = None,
    started_on: date = SIGNED,
    done: bool = False,
    dropped: bool = False,
) -> CommitmentState:
    return CommitmentState(
        done=done,
        dropped=dropped,
        due_on=due_on,
        last_report_on=last_report_on,
        started_on=started_on,
    )


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        # done is green whatever else is true; dropped has no light
        (state(done=True, due_on=date(2020, 1, 1)), Light.GREEN),
        (state(dropped=True, due_on=date(2020, 1, 1)), None),
        # reported within 6 months: green; the day after 6 months: amber
        (state(last_report_on=date(2026, 5, 23)), Light.GREEN),
        (state(last_report_on=date(2026, 5, 22)), Light.AMBER),
        # 12 months old exactly: still amber; one day more: red
        (state(last_report_on=date(2025, 11, 23)), Light.AMBER),
        (state(last_report_on=date(2025, 11, 22)), Light.RED),
        # never reported: silence counts from the start
        (state(started_on=date(2026, 9, 1)), Light.GREEN),
        (state(started_on=date(2026, 3, 1)), Light.AMBER),
        (state(started_on=date(2025, 11, 1)), Light.RED),
        # due in 31 days: green; in 30 days or today: amber; yesterday: red (overdue)
        (state(last_report_on=date(2026, 11, 1), due_on=date(2026, 12, 24)), Light.GREEN),
        (state(last_report_on=date(2026, 11, 1), due_on=date(2026, 12, 23)), Light.AMBER),
        (state(last_report_on=date(2026, 11, 1), due_on=TODAY), Light.AMBER),
        (state(last_report_on=date(2026, 11, 20), due_on=date(2026, 11, 22)), Light.RED),
    ],
)
def test_commitment_light_at_its_boundaries(case: CommitmentState, expected: Light | None):
    assert commitment_light(case, today=TODAY) == expected


def test_agreement_light_is_the_worst_of_its_commitments():
    assert agreement_light([Light.GREEN, None, Light.AMBER]) == Light.AMBER
    assert agreement_light([Light.GREEN, Light.RED, Light.AMBER]) == Light.RED
    assert agreement_light([None]) is None
    assert agreement_light([]) is None
