"""Reads: the pages and API reads of ``load.py``, one request at a time, with their SQL counted.

``load.py`` measures the platform under 50 people at once; on a shared machine its percentiles
move with whatever else runs. This script asks the same pages one after another through the
whole middleware stack (``django.test.Client``, server time only) on the same demo world, so a
slow page shows as its own time and its own queries:

1. ``prepare``: a data directory (and, with ``--postgres-url``, a fresh PostgreSQL database)
   with the demo world loaded by ``consortia demo`` and the load accounts of ``load.py`` added
   (its ``PREPARE``); the plan is kept as ``plan.json`` in the directory.
2. ``measure``: for every page (anonymous and signed in as a load account's admin, as
   ``load.py`` browses) and every API read (with the account's token), ``--warmup`` requests,
   then ``--requests`` timed ones, then one more with its queries captured. Printed: median and
   p95 in ms, p95 over the bare view's p95 (a JSON view with no database work, measured in the
   same run, ten times as often), the median CPU time of the request's thread (SQLite's work
   included, PostgreSQL's not; unlike the wall clock it hardly moves when other processes
   share the cores), queries, and with ``--compare`` the earlier result and how
   many times faster the page is now, relative to the bare view of each run.

    .venv/bin/python benchmarks/reads.py prepare --data-dir /tmp/reads-sqlite
    .venv/bin/python benchmarks/reads.py measure --data-dir /tmp/reads-sqlite --label before
    .venv/bin/python benchmarks/reads.py prepare --data-dir /tmp/reads-pg \\
        --postgres-url postgres://postgres@127.0.0.1:5432/reads_pg
    .venv/bin/python benchmarks/reads.py measure --data-dir /tmp/reads-pg \\
        --postgres-url postgres://postgres@127.0.0.1:5432/reads_pg --compare before

Results: ``benchmarks/results/reads-<database>-<label>.json`` (not committed).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
import types
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load import (  # noqa: E402 - benchmarks/ is not a package
    PASSWORD,
    PREPARE,
    Servers,
    consortia,
    fresh_postgres,
    wait_healthy,
)

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
URLCONF = "consortia_reads_benchmark_urls"
TERMS = ["energy", "smart city", "технологии", "Москва", "智能", "battery", "water", "AI"]


def _environment(args: argparse.Namespace) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(CONSORTIA_DATA_DIR=str(args.data_dir), CONSORTIA_OPERATOR_MFA="optional")
    if args.postgres_url:
        env["DATABASE_URL"] = args.postgres_url
    return env


def prepare(args: argparse.Namespace) -> int:
    data_dir = Path(args.data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    if args.postgres_url:
        fresh_postgres(args.postgres_url)
    env = _environment(args)
    servers = Servers()
    log = data_dir / "demo.log"
    try:
        demo = servers.start(
            "demo",
            consortia("demo", "--port", str(args.port), "--orgs", str(args.orgs), "--workers", "1"),
            env,
            log,
        )
        wait_healthy(f"http://127.0.0.1:{args.port}", demo, log, timeout=1200)
    finally:
        servers.stop_all()
    code = PREPARE.replace("__COUNT__", str(args.accounts)).replace("__PASSWORD__", PASSWORD)
    prepared = subprocess.run(  # noqa: S603 - our own command
        consortia("manage", "shell", "-c", code),
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    plan = next((line for line in prepared.stdout.splitlines() if line.startswith("PLAN ")), "")
    if prepared.returncode != 0 or not plan:
        raise SystemExit(
            f"preparing the load accounts failed:\n{prepared.stdout}\n{prepared.stderr}"
        )
    (data_dir / "plan.json").write_text(plan[5:])
    print(f"prepared {data_dir}")
    return 0


def measure(args: argparse.Namespace) -> int:
    """Run the measuring in a process of its own: the settings read the environment at import."""
    return subprocess.run(  # noqa: S603 - this script
        [sys.executable, __file__, "_worker", *sys.argv[2:]],
        env={**_environment(args), "DJANGO_SETTINGS_MODULE": "consortia.settings"},
        cwd=ROOT,
        check=False,
    ).returncode


def _setup_django() -> None:
    import logging

    import django

    django.setup()
    logging.getLogger("django.request").setLevel(logging.CRITICAL)
    from django.http import JsonResponse
    from django.test.utils import override_settings
    from django.urls import include, path

    module = types.ModuleType(URLCONF)
    module.urlpatterns = [  # type: ignore[attr-defined]
        path("bench/bare", lambda request: JsonResponse({"ok": True})),
        path("", include("consortia.urls")),
    ]
    sys.modules[URLCONF] = module
    override_settings(ROOT_URLCONF=URLCONF, ALLOWED_HOSTS=["*"]).enable()


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def worker(args: argparse.Namespace) -> int:
    _setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from consortia.accounts.models import User

    plan = json.loads((Path(args.data_dir) / "plan.json").read_text())
    account = plan["accounts"][0]
    member = Client()
    member.force_login(User.objects.get(email=account["email"]))
    clients = {"anonymous": Client(), "member": member}
    api = Client(HTTP_AUTHORIZATION=f"Bearer {account['token']}")

    def links(client: Client, path: str, prefix: str) -> list[str]:
        html = client.get(path).content.decode()
        found = sorted(set(re.findall(rf'href="{prefix}([0-9a-f-]{{36}})/"', html)))
        return [f"{prefix}{item}/" for item in found]

    def api_ids(path: str, base: str) -> list[str]:
        items = api.get(path).json().get("items", [])
        return [f"{base}{item['id']}" for item in items]

    scenarios: list[tuple[str, Client, list[str]]] = [
        ("bare", clients["anonymous"], ["/bench/bare"])
    ]
    for role, client in clients.items():
        scenarios += [
            (f"page directory [{role}]", client, ["/directory/"]),
            (f"page directory search [{role}]", client, [f"/directory/?q={t}" for t in TERMS]),
            (
                f"page organisation [{role}]",
                client,
                links(client, "/directory/", "/directory/organisations/"),
            ),
            (f"page agreements [{role}]", client, ["/agreements/"]),
            (f"page agreement [{role}]", client, links(client, "/agreements/", "/agreements/")),
            (f"page events [{role}]", client, ["/events/"]),
            (f"page event [{role}]", client, links(client, "/events/", "/events/")),
        ]
    scenarios += [
        ("api organisations search", api, [f"/api/v1/organisations?q={t}" for t in TERMS]),
        ("api organisation", api, [f"/api/v1/organisations/{o}" for o in plan["organisations"]]),
        ("api agreements", api, ["/api/v1/agreements"]),
        ("api agreement", api, api_ids("/api/v1/agreements", "/api/v1/agreements/")),
        ("api events", api, ["/api/v1/events"]),
        ("api event", api, api_ids("/api/v1/events", "/api/v1/events/")),
    ]
    only = re.compile(args.only) if args.only else None
    results: dict[str, Any] = {}
    for name, client, urls in scenarios:
        if only and name != "bare" and not only.search(name):
            continue
        if not urls:
            print(f"{name}: no URLs found", file=sys.stderr)
            continue
        for index in range(args.warmup):
            client.get(urls[index % len(urls)])
        timings, cpu = [], []
        # The baseline is cheap and its percentiles jumpy: ask it ten times as often.
        for index in range(args.requests * (10 if name == "bare" else 1)):
            url = urls[index % len(urls)]
            started, started_cpu = time.perf_counter(), time.thread_time()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.thread_time() - started_cpu) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{name}: {url} answered {response.status_code}")
        queries = []
        for url in urls[: min(len(urls), 3)]:
            with CaptureQueriesContext(connection) as captured:
                client.get(url)
            queries.append(len(captured.captured_queries))
        results[name] = {
            "median_ms": round(statistics.median(timings), 1),
            "p95_ms": round(_percentile(timings, 0.95), 1),
            "cpu_median_ms": round(statistics.median(cpu), 1),
            "queries": max(queries),
            "urls": len(urls),
        }
    database = connection.vendor
    compare: dict[str, Any] = {}
    if args.compare:
        earlier = RESULTS / f"reads-{database}-{args.compare}.json"
        compare = json.loads(earlier.read_text())["results"] if earlier.exists() else {}
    bare = results["bare"]["p95_ms"] or 1.0
    header = f"{'page':<40} {'median':>8} {'p95':>8} {'p95/bare':>9} {'cpu':>6} {'queries':>8}"
    if compare:
        header += f"   {'earlier median':>14} {'p95':>8} {'cpu':>6} {'queries':>8}"
        header += f"  {'p95/bare then/now':>17}"
    print(f"\n{database}, {args.requests} requests each, {time.strftime('%H:%M:%S')}")
    print(header)
    for name, row in results.items():
        line = (
            f"{name:<40} {row['median_ms']:>8.1f} {row['p95_ms']:>8.1f} "
            f"{row['p95_ms'] / bare:>9.1f} {row['cpu_median_ms']:>6.1f} {row['queries']:>8}"
        )
        then = compare.get(name)
        if then:
            line += (
                f"   {then['median_ms']:>14.1f} {then['p95_ms']:>8.1f}"
                f" {then.get('cpu_median_ms', 0):>6.1f} {then['queries']:>8}"
                f"  {(then['p95_ms'] / compare['bare']['p95_ms']) / (row['p95_ms'] / bare):>17.2f}"
            )
        print(line)
    if args.label:
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / f"reads-{database}-{args.label}.json").write_text(
            json.dumps({"database": database, "results": results}, indent=2)
        )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("prepare", "measure", "_worker"):
        command = commands.add_parser(name)
        command.add_argument("--data-dir", required=True, type=Path)
        command.add_argument("--postgres-url", default="")
        if name == "prepare":
            command.add_argument("--port", type=int, default=8871)
            command.add_argument("--orgs", type=int, default=400)
            command.add_argument("--accounts", type=int, default=40)
        else:
            command.add_argument("--requests", type=int, default=40)
            command.add_argument("--warmup", type=int, default=3)
            command.add_argument("--label", default="", help="save as reads-<db>-<label>.json")
            command.add_argument("--compare", default="", help="label of an earlier result")
            command.add_argument("--only", default="", help="regular expression of page names")
    args = parser.parse_args()
    if args.command == "prepare":
        return prepare(args)
    if args.command == "measure":
        return measure(args)
    return worker(args)


if __name__ == "__main__":
    sys.exit(main())
