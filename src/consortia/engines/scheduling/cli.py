"""`--input problem.json --output schedule.json [--time-limit SECONDS]` on its own.

`consortia schedule` adds these arguments and calls `run`; `main` runs the same without Django,
so the engine can be compared and benchmarked on its own. Bad input prints one message naming the offending
item on stderr and exits with status 2, writing nothing.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import tempfile
from pathlib import Path

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
        problem = parse_problem(_read_json(args.input))
    except ProblemError as error:
        print(f"{args.input}: {error}", file=sys.stderr)
        return BAD_INPUT
    schedule = solve(problem, time_limit=args.time_limit)
    _write_atomically(args.output, json.dumps(schedule.to_dict(), indent=1))
    return 0


def _read_json(path: Path) -> object:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ProblemError(f"cannot read the file: {error.strerror}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ProblemError(f"not valid JSON: {error}") from None


def _write_atomically(path: Path, text: str) -> None:
    """Write beside the target and rename, so a reader never sees half a schedule."""
    handle, temporary = tempfile.mkstemp(dir=path.parent or ".", prefix=f".{path.name}.")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(text + "\n")
    os.replace(temporary, path)


if __name__ == "__main__":
    sys.exit(main())
