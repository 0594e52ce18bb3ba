"""`--input problem.json --output schedule.json [--time-limit SECONDS]` on its own.

`consortia schedule` adds these arguments and calls `run`; `main` runs the same without Django,
so the engine can be compared and benchmarked on its own. Bad input prints one message naming the offending
item on stderr and exits with status 2, writing nothing.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

from ..files import read_json, write_atomically
from .problem import ProblemError, parse_problem
from .solve import solve

BAD_INPUT = 2


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {value!r}") from None
    if not 0 < seconds < math.inf:
        raise argparse.ArgumentTypeError(f"expected more than 0 seconds, got {value}")
    return seconds


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--input", required=True, type=Path, help="problem (JSON)")
    parser.add_argument("--output", required=True, type=Path, help="where to write the schedule")
    parser.add_argument(
        "--time-limit", type=_seconds, default=30.0, help="seconds to search (default 30)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="schedule", description=__doc__)
    add_arguments(parser)
    return run(parser.parse_args(argv))


def run(args: argparse.Namespace) -> int:
    try:
        problem = parse_problem(read_json(args.input, ProblemError))
    except ProblemError as error:
        print(f"{args.input}: {error}", file=sys.stderr)
        return BAD_INPUT
    schedule = solve(problem, time_limit=args.time_limit)
    write_atomically(args.output, json.dumps(schedule.to_dict(), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
