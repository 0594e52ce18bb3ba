"""The B2B scheduling engine: valid, complete, bounded, deterministic, optimal when tiny.

Plain pytest and Hypothesis: the engine needs no database, and `validate.violations` is the
independent check of every hard rule in `shared/formats/schedule.md`.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consortia.engines import scheduling
from consortia.engines.scheduling import (
    ProblemError,
    Schedule,
    first_come_first_served,
    generate,
    parse_problem,
    solve,
    violations,
)
from consortia.engines.scheduling.cli import main
from consortia.engines.scheduling.problem import Meeting

from .imports import foreign_imports

SLOT_TIMES = [f"2026-05-20T{h:02d}:00:00Z" for h in range(6, 20)]


@st.composite
def problems(draw: Any, max_slots: int = 4, max_people: int = 6, max_requests: int = 8) -> dict:
    """Small random problems in the file format, with locked meetings that obey the rules."""
    slot_count = draw(st.integers(1, max_slots))
    slots = [{"id": f"s{i}", "start": SLOT_TIMES[i], "end": SLOT_TIMES[i + 1]}
             for i in range(slot_count)]
    tables = [{"id": f"t{i}"} for i in range(draw(st.integers(0, 2)))]
    people = []
    for i in range(draw(st.integers(2, max_people))):
        available = draw(st.lists(st.sampled_from([s["id"] for s in slots]), unique=True))
        fixed = draw(st.sampled_from([None, None, *[t["id"] for t in tables]]))
        people.append({"id": f"p{i}", "available": available,
                       "max_meetings": draw(st.sampled_from([None, 0, 1, 2, 3])),
                       "onsite": draw(st.booleans()) or fixed is not None, "fixed_table": fixed})
    requests = []
    for i in range(draw(st.integers(0, max_requests))):
        members = draw(st.lists(st.sampled_from([p["id"] for p in people]),
                                min_size=2, max_size=3, unique=True))
        requests.append({"id": f"r{i}", "participants": members,
                         "weight": draw(st.integers(1, 5)), "online": draw(st.booleans())})
    data = {"slots": slots, "tables": tables, "participants": people, "requests": requests}
    fcfs = first_come_first_served(parse_problem(data))
    keep = draw(st.lists(st.booleans(), min_size=len(fcfs.meetings), max_size=len(fcfs.meetings)))
    data["locked"] = [{"request": m.request, "slot": m.slot, "table": m.table}
                      for m, kept in zip(fcfs.meetings, keep, strict=True) if kept]
    return data


def _listed_once(data: dict, schedule: Schedule) -> bool:
    listed = [m.request for m in schedule.meetings] + schedule.unscheduled
    return sorted(listed) == sorted(r["id"] for r in data["requests"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_solve_random_problem_gives_valid_complete_bounded_schedule(data: dict) -> None:
    problem = parse_problem(data)

    schedule = solve(problem, time_limit=5)

    assert violations(problem, schedule) == []
    assert _listed_once(data, schedule)
    assert set(problem.locked) <= set(schedule.meetings)
    assert schedule.objective <= schedule.upper_bound + 1e-6


@settings(max_examples=30, deadline=None)
@given(problems())
def test_solve_same_input_twice_gives_identical_output(data: dict) -> None:
    first = solve(parse_problem(data), time_limit=5).to_dict()
    second = solve(parse_problem(json.loads(json.dumps(data))), time_limit=5).to_dict()

    first.pop("seconds"), second.pop("seconds")
    assert first == second


@settings(max_examples=150, deadline=None)
@given(problems())
def test_baseline_random_problem_gives_valid_schedule(data: dict) -> None:
    problem = parse_problem(data)

    schedule = first_come_first_served(problem)

    assert violations(problem, schedule) == []
    assert _listed_once(data, schedule)


def _brute_force_optimum(data: dict) -> float:
    """Try every slot and table (or none) for every request; the best valid total weight."""
    problem = parse_problem(data)
    choices = [None] + [(s.id, t) for s in problem.slots
                        for t in [None] + [t.id for t in problem.tables]]
    best = 0.0
    for assignment in itertools.product(choices, repeat=len(problem.requests)):
        meetings = [Meeting(r.id, c[0], c[1]) for r, c in zip(problem.requests, assignment, strict=True) if c]
        unscheduled = [r.id for r, c in zip(problem.requests, assignment, strict=True) if not c]
        weights = {r.id: r.weight for r in problem.requests}
        total = sum(weights[m.request] for m in meetings)
        candidate = Schedule(meetings, unscheduled, total, float("inf"), 0.0)
        if total > best and not violations(problem, candidate):
            best = total
    return best


@settings(max_examples=60, deadline=None)
@given(problems(max_slots=2, max_people=4, max_requests=4))
def test_solve_tiny_problem_matches_brute_force_optimum(data: dict) -> None:
    optimum = _brute_force_optimum(data)

    schedule = solve(parse_problem(data), time_limit=5)

    assert schedule.objective == pytest.approx(optimum)
    assert schedule.upper_bound >= optimum - 1e-6


def test_solve_generated_small_event_beats_baseline_and_is_near_bound() -> None:
    problem = parse_problem(generate("S", seed=1))

    schedule = solve(problem, time_limit=10)
    baseline = first_come_first_served(problem)

    assert violations(problem, schedule) == []
    assert schedule.objective >= 1.10 * baseline.objective
    assert schedule.objective >= 0.99 * schedule.upper_bound


def test_solve_tiny_time_limit_still_gives_valid_schedule() -> None:
    problem = parse_problem(generate("M", seed=2))

    schedule = solve(problem, time_limit=0.01)

    assert violations(problem, schedule) == []


def _valid() -> dict:
    return {
        "slots": [{"id": "s1", "start": "2026-05-20T06:00:00Z", "end": "2026-05-20T06:30:00Z"}],
        "tables": [{"id": "t1"}],
        "participants": [{"id": "p1", "available": ["s1"]}, {"id": "p2", "available": ["s1"]}],
        "requests": [{"id": "r1", "participants": ["p1", "p2"], "weight": 2}],
        "locked": [],
    }


BAD_INPUTS = [
    (lambda d: d["participants"][0]["available"].append("s9"), "'s9'"),
    (lambda d: d["requests"][0]["participants"].append("p7"), "'p7'"),
    (lambda d: d["participants"][0].update(fixed_table="t5"), "'t5'"),
    (lambda d: d["locked"].append({"request": "r4", "slot": "s1", "table": "t1"}), "'r4'"),
    (lambda d: d["slots"][0].update(end="2026-05-20T05:00:00Z"), "slot 's1'"),
    (lambda d: d["slots"][0].update(end=d["slots"][0]["start"]), "slot 's1'"),
    (lambda d: d["participants"].append({"id": "p1"}), "participant 'p1'"),
    (lambda d: d["slots"].append(dict(d["slots"][0])), "slot 's1'"),
    (lambda d: d["tables"].append({"id": "t1"}), "table 't1'"),
    (lambda d: d["requests"].append(dict(d["requests"][0])), "request 'r1'"),
    (lambda d: d["requests"][0].update(weight=0), "request 'r1'"),
    (lambda d: d["requests"][0].update(weight=-3), "request 'r1'"),
    (lambda d: d["requests"][0].update(weight="3"), "request 'r1'"),
    (lambda d: d["requests"][0].update(online="yes"), "request 'r1'"),
    (lambda d: d["participants"][1].update(max_meetings=2.5), "participant 'p2'"),
    (lambda d: d["participants"][1].update(available="s1"), "participant 'p2'"),
    (lambda d: d["slots"][0].update(start="tomorrow"), "slot 's1'"),
    (lambda d: d["requests"][0].update(participants=["p1"]), "request 'r1'"),
]


@pytest.mark.parametrize(("spoil", "named"), BAD_INPUTS)
def test_parse_problem_bad_input_raises_error_naming_item(spoil: Any, named: str) -> None:
    data = _valid()
    spoil(data)

    with pytest.raises(ProblemError) as raised:
        parse_problem(data)

    assert named in str(raised.value)


def test_parse_problem_conflicting_locked_meetings_raises_error() -> None:
    data = _valid()
    data["requests"].append({"id": "r2", "participants": ["p1", "p2"], "online": True})
    data["locked"] = [{"request": "r1", "slot": "s1", "table": "t1"},
                      {"request": "r2", "slot": "s1", "table": None}]

    with pytest.raises(ProblemError, match="'r2'"):
        parse_problem(data)


def test_cli_bad_input_exits_2_and_writes_nothing(tmp_path: Path, capsys: Any) -> None:
    data = _valid()
    data["requests"][0]["weight"] = 0
    source, target = tmp_path / "problem.json", tmp_path / "schedule.json"
    source.write_text(json.dumps(data))

    status = main(["--input", str(source), "--output", str(target)])

    assert status == 2
    assert not target.exists()
    assert "request 'r1'" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["problem.json"]


def test_cli_invalid_json_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    source, target = tmp_path / "problem.json", tmp_path / "schedule.json"
    source.write_text("{not json")

    assert main(["--input", str(source), "--output", str(target)]) == 2
    assert not target.exists()


def test_cli_good_input_writes_schedule_in_the_format(tmp_path: Path) -> None:
    source, target = tmp_path / "problem.json", tmp_path / "schedule.json"
    source.write_text(json.dumps(_valid()))

    status = main(["--input", str(source), "--output", str(target), "--time-limit", "5"])

    assert status == 0
    written = json.loads(target.read_text())
    assert written["meetings"] == [{"request": "r1", "slot": "s1", "table": "t1"}]
    assert written["unscheduled"] == []
    assert written["objective"] == 2 and written["upper_bound"] == 2
    assert set(written) == {"meetings", "unscheduled", "objective", "upper_bound", "seconds"}


def test_engine_imports_nothing_of_django_or_the_platform() -> None:
    """Read every module's imports: the engine may use the standard library, NumPy, SciPy and
    itself, so that it runs and is benchmarked without the platform."""
    assert foreign_imports(scheduling.__file__, {"numpy", "scipy"}) == set()


def test_solve_medium_event_in_child_process_is_valid_within_limit() -> None:
    problem = parse_problem(generate("M", seed=4))  # over 20,000 columns: HiGHS runs in a child

    schedule = solve(problem, time_limit=10)  # the benchmark's limit for M

    assert violations(problem, schedule) == []
    assert schedule.seconds <= 10.0
    assert schedule.objective >= 0.99 * schedule.upper_bound


def test_solve_exact_model_stopped_far_from_bound_keeps_better_b_matching_schedule(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A loaded machine can stop the exact model with a poor answer; that answer must not
    replace the b-matching schedule, though its bound still counts."""
    import importlib

    from consortia.engines.scheduling.board import Board
    from consortia.engines.scheduling.timed import TimedResult

    solve_module = importlib.import_module("consortia.engines.scheduling.solve")

    problem = parse_problem(generate("S", seed=2))
    reference = solve(problem, time_limit=5)
    locked_weight = Board(problem).objective()
    poor = TimedResult(assignment=[], bound=reference.upper_bound - locked_weight, weight=0.0)
    monkeypatch.setattr(solve_module, "solve_timed", lambda board, time_limit: poor)

    schedule = solve(problem, time_limit=5)

    assert schedule.details["method"] == "b-matching"
    assert violations(problem, schedule) == []
    assert schedule.objective >= 0.97 * reference.objective
    assert schedule.upper_bound == reference.upper_bound  # the exact model's, tighter
