"""API fuzzing at depth: tests/test_api_fuzz.py with many more examples per operation.

CI runs the fuzzing at 25 examples per operation per role (the issue's floor); this runs it at
``--examples`` (default 200) to look further, on SQLite or PostgreSQL, for the roles asked:

    .venv/bin/python benchmarks/fuzz.py                                   # 6 roles × 200, SQLite
    .venv/bin/python benchmarks/fuzz.py --role anonymous member_b --examples 500
    .venv/bin/python benchmarks/fuzz.py --database postgres --workers 2

Each role is one pytest case (the world of the authorization matrix, built once, every request
in a savepoint that is rolled back). Printed per role: operations, examples run (fewer than
operations × examples where an operation has fewer distinct inputs), failures, time. A failure
is printed in full (the check, the answer, a curl command to reproduce it) and the exit code is
1. PostgreSQL: ``--postgres-url`` (default postgres://postgres@127.0.0.1:5432/consortia_bench);
the test runner creates and drops ``test_<name>`` beside it.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROLES = ["anonymous", "no_org", "member_a", "admin_a", "member_b", "operator"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=200, help="per operation and role")
    parser.add_argument("--role", nargs="+", choices=ROLES, default=ROLES)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument(
        "--postgres-url", default="postgres://postgres@127.0.0.1:5432/consortia_bench"
    )
    parser.add_argument("--workers", type=int, default=1, help="pytest-xdist processes")
    parser.add_argument(
        "--match", default="", help='only operations whose label has this, e.g. "GET /api/v1/me"'
    )
    args = parser.parse_args()
    if args.database == "postgres" and args.postgres_url.rsplit("/", 1)[-1] in {"test", "postgres"}:
        parser.error("refusing to fuzz next to the databases named test or postgres")

    with tempfile.TemporaryDirectory() as data_dir:
        report = Path(data_dir) / "fuzz.jsonl"
        env = {
            **os.environ,
            "CONSORTIA_DATA_DIR": data_dir,
            "CONSORTIA_FUZZ_EXAMPLES": str(args.examples),
            "CONSORTIA_FUZZ_MATCH": args.match,
            "CONSORTIA_FUZZ_REPORT": str(report),
        }
        env.pop("DATABASE_URL", None)
        if args.database == "postgres":
            env["DATABASE_URL"] = args.postgres_url
        command = [
            str(ROOT / ".venv" / "bin" / "pytest"),
            "-q", "-p", "no:cacheprovider", "-m", "fuzz", "--tb=short",
            "tests/test_api_fuzz.py", "-k", " or ".join(args.role),
            *(["-n", str(args.workers)] if args.workers > 1 else []),
        ]  # fmt: skip
        done = subprocess.run(command, cwd=ROOT, env=env, check=False)
        runs = (
            [json.loads(line) for line in report.read_text().splitlines()]
            if report.exists()
            else []
        )

    print(f"\n{args.database}, {args.examples} examples per operation")
    print(f"{'role':<10} {'operations':>10} {'examples':>9} {'failures':>8} {'time':>8}")
    for run in sorted(runs, key=lambda run: ROLES.index(run["role"])):
        print(
            f"{run['role']:<10} {run['operations']:>10} {run['examples']:>9} "
            f"{len(run['failures']):>8} {run['seconds']:>7.0f}s"
        )
    missing = sorted(set(args.role) - {run["role"] for run in runs}, key=ROLES.index)
    if missing:
        print("no figures (the run stopped before they were written):", ", ".join(missing))
    failed = done.returncode != 0 or missing or any(run["failures"] for run in runs)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
