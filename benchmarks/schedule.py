"""B2B scheduler benchmark: the engine against first-come-first-served on generated events.

For each size (S, M, L, XL of `consortia.engines.scheduling.generate`) this script runs itself
again in a worker process per scheduler, so that each peak memory (maxrss) belongs to one
scheduler on one size. The worker generates the event (same seed for both), schedules it,
checks the result with the independent validator and prints its figures as JSON; the parent
prints one table (again after each size, to show progress). Peak memory is the larger of the
worker's and its HiGHS child's maxrss. `upper_bound` is the engine's proven bound, so "of
bound" for the baseline uses the engine's bound of the same run. Mutual requests are the
generator's heavier ones (weight ≥ 3).

    .venv/bin/python benchmarks/schedule.py              # S, M, L, XL
    .venv/bin/python benchmarks/schedule.py --sizes S M  # quick look
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TIME_LIMITS = {"S": 10.0, "M": 10.0, "L": 30.0, "XL": 60.0}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=list(TIME_LIMITS))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--worker", nargs=2, metavar=("SIZE", "SCHEDULER"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(_measure(args.worker[0], args.worker[1], args.seed)))
        return 0
    rows = []
    for size in args.sizes:
        engine = _run_worker(size, "engine", args.seed)
        baseline = _run_worker(size, "baseline", args.seed)
        baseline["upper_bound"] = engine["upper_bound"]
        rows += [engine, baseline]
        _print_table(rows)
    return 0


def _run_worker(size: str, scheduler: str, seed: int) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    command = [sys.executable, __file__, "--worker", size, scheduler, "--seed", str(seed)]
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _measure(size: str, scheduler: str, seed: int) -> dict[str, Any]:
    from consortia.engines.scheduling import (
        first_come_first_served,
        generate,
        idle_slots,
        parse_problem,
        solve,
        violations,
    )

    problem = parse_problem(generate(size, seed))
    started = time.perf_counter()
    if scheduler == "engine":
        schedule = solve(problem, time_limit=TIME_LIMITS[size])
    else:
        schedule = first_come_first_served(problem)
    seconds = time.perf_counter() - started
    held = {m.request for m in schedule.meetings}
    mutual = [r.id for r in problem.requests if r.weight >= 3]
    asking = {pid for r in problem.requests for pid in r.participants}
    idle = idle_slots(problem, schedule)
    return {
        "size": size, "scheduler": scheduler,
        "participants": len(problem.participants), "requests": len(problem.requests),
        "objective": schedule.objective, "upper_bound": schedule.upper_bound,
        "seconds": seconds,
        "peak_mb": max(resource.getrusage(who).ru_maxrss  # HiGHS may run in a child
                       for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024,
        "mutual_share": sum(r in held for r in mutual) / max(1, len(mutual)),
        "without_meeting": len(asking - set(idle)),
        "mean_idle": sum(idle.values()) / max(1, len(problem.participants)),
        "violations": len(violations(problem, schedule)),
        "method": schedule.details.get("method", "fcfs"),
    }


def _print_table(rows: list[dict[str, Any]]) -> None:
    print("\nsize scheduler  objective  upper_bound  of_bound  vs_fcfs  seconds  peak_MB  "
          "mutual_held  no_meeting  idle/person  violations  method")
    fcfs_objective = {r["size"]: r["objective"] for r in rows if r["scheduler"] == "baseline"}
    for r in rows:
        versus = r["objective"] / fcfs_objective[r["size"]] if r["size"] in fcfs_objective else 0
        print(f"{r['size']:<4} {r['scheduler']:<9} {r['objective']:>10.0f}"
              f" {r['upper_bound']:>12.1f} {r['objective'] / r['upper_bound']:>9.4f}"
              f" {versus:>8.3f} {r['seconds']:>8.2f}"
              f" {r['peak_mb']:>8.0f} {r['mutual_share']:>12.1%} {r['without_meeting']:>11}"
              f" {r['mean_idle']:>12.2f} {r['violations']:>11}  {r['method']}")
    sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
