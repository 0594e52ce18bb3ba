"""An independent check of a schedule against every hard rule of the format.

Written apart from the solver on purpose: it reads the rules straight from
`shared/formats/schedule.md` and shares no code with `solve.py`, so a bug in the solver's
bookkeeping cannot hide itself here.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from .problem import Problem, Schedule


def violations(problem: Problem, schedule: Schedule) -> list[str]:
    """Every broken hard rule, one message each; empty when the schedule is valid."""
    found: list[str] = []
    found += _every_request_once(problem, schedule)
    found += _meetings_well_formed(problem, schedule)
    found += _nobody_double_booked(problem, schedule)
    found += _tables_single_use(problem, schedule)
    found += _quotas_respected(problem, schedule)
    found += _locked_kept(schedule, problem)
    found += _objective_correct(problem, schedule)
    return found


def idle_slots(problem: Problem, schedule: Schedule) -> dict[str, int]:
    """Per participant with meetings: slots between its first and last meeting without one."""
    order = {s.id: i for i, s in enumerate(problem.slots_in_time_order())}
    members = {r.id: r.participants for r in problem.requests}
    positions: dict[str, list[int]] = defaultdict(list)
    for meeting in schedule.meetings:
        for pid in members.get(meeting.request, ()):
            positions[pid].append(order[meeting.slot])
    return {pid: max(p) - min(p) + 1 - len(p) for pid, p in positions.items()}


def _every_request_once(problem: Problem, schedule: Schedule) -> list[str]:
    listed = Counter([m.request for m in schedule.meetings] + list(schedule.unscheduled))
    known = {r.id for r in problem.requests}
    found = [f"request {rid!r} appears {n} times" for rid, n in listed.items() if n > 1]
    found += [f"request {rid!r} is unknown" for rid in listed if rid not in known]
    found += [f"request {rid!r} is missing" for rid in sorted(known - set(listed))]
    return found


def _meetings_well_formed(problem: Problem, schedule: Schedule) -> list[str]:
    requests = {r.id: r for r in problem.requests}
    people = {p.id: p for p in problem.participants}
    slots = {s.id for s in problem.slots}
    tables = {t.id for t in problem.tables}
    found = []
    for m in schedule.meetings:
        request = requests.get(m.request)
        if request is None:
            continue
        if m.slot not in slots:
            found.append(f"meeting {m.request!r}: unknown slot {m.slot!r}")
            continue
        for pid in request.participants:
            if m.slot not in people[pid].available:
                found.append(f"meeting {m.request!r}: {pid!r} not available in {m.slot!r}")
        if request.online:
            if m.table is not None:
                found.append(f"meeting {m.request!r}: online meeting has a table")
            continue
        if m.table not in tables:
            found.append(f"meeting {m.request!r}: on-site meeting without a valid table")
        for pid in request.participants:
            if not people[pid].onsite:
                found.append(f"meeting {m.request!r}: {pid!r} is not on site")
            fixed = people[pid].fixed_table
            if fixed is not None and fixed != m.table:
                found.append(f"meeting {m.request!r}: {pid!r} must use table {fixed!r}")
    return found


def _nobody_double_booked(problem: Problem, schedule: Schedule) -> list[str]:
    members = {r.id: r.participants for r in problem.requests}
    seen: Counter[tuple[str, str]] = Counter()
    for m in schedule.meetings:
        for pid in members.get(m.request, ()):
            seen[(pid, m.slot)] += 1
    return [f"{pid!r} has {n} meetings in slot {sid!r}" for (pid, sid), n in seen.items() if n > 1]


def _tables_single_use(problem: Problem, schedule: Schedule) -> list[str]:
    seen = Counter((m.table, m.slot) for m in schedule.meetings if m.table is not None)
    return [f"table {t!r} holds {n} meetings in slot {s!r}" for (t, s), n in seen.items() if n > 1]


def _quotas_respected(problem: Problem, schedule: Schedule) -> list[str]:
    members = {r.id: r.participants for r in problem.requests}
    counts = Counter(pid for m in schedule.meetings for pid in members.get(m.request, ()))
    return [
        f"{p.id!r} has {counts[p.id]} meetings, more than max_meetings {p.max_meetings}"
        for p in problem.participants
        if p.max_meetings is not None and counts[p.id] > p.max_meetings
    ]


def _locked_kept(schedule: Schedule, problem: Problem) -> list[str]:
    present = set(schedule.meetings)
    return [f"locked meeting {m.request!r} changed or dropped" for m in problem.locked
            if m not in present]


def _objective_correct(problem: Problem, schedule: Schedule) -> list[str]:
    weights = {r.id: r.weight for r in problem.requests}
    total = sum(weights.get(m.request, 0) for m in schedule.meetings)
    found = []
    if abs(total - schedule.objective) > 1e-6 * max(1.0, abs(total)):
        found.append(f"objective {schedule.objective} but meetings weigh {total}")
    if schedule.objective > schedule.upper_bound + 1e-6 * max(1.0, abs(total)):
        found.append(f"objective {schedule.objective} above upper bound {schedule.upper_bound}")
    return found
