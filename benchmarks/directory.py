"""Directory volume benchmark: load a large generated world, then time the list pages and the API.

For each database (SQLite in a fresh temporary data directory, then PostgreSQL) this script runs
itself again in a worker process, because the settings read the environment once, at import. The
worker:

1. migrates a fresh database and loads ``--orgs`` generated organisations (about two people and
   half an offer each) with ``consortia.directory.services.bulk.load_generated``, timing the load;
2. times ``--requests`` requests (after ``--warmup`` warm-up requests) per scenario through the
   whole middleware stack with ``django.test.Client`` (server time only, no network): the
   directory page and the API list with a search term and two filters, the directory without
   filters (page 1 and a deep page), the people page with a search term, and a bare JSON view as
   the baseline;
3. replays a sample of each scenario with every SQL statement timed, to count the queries per
   request and find the slowest one, which it then EXPLAINs;
4. writes ``benchmarks/results/directory-<database>.json``.

    .venv/bin/python benchmarks/directory.py                  # both databases, 150,000 orgs
    .venv/bin/python benchmarks/directory.py --orgs 5000 --requests 50 --database sqlite

PostgreSQL: ``--postgres-url`` (default postgres://postgres@127.0.0.1:5432/consortia_bench); the
database is dropped and created again for each run unless ``--reuse`` is given.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import types
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlparse

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/consortia_bench"
FORBIDDEN_DATABASES = {"test", "test_test", "postgres", "template0", "template1"}
URLCONF = "consortia_benchmark_urls"

# Words that occur in the generated world (names, descriptions, topic labels and synonyms in
# three languages, country names), from very common to rare; prefixes as users type them.
ORGANISATION_WORDS = [
    "технолог",
    "data",
    "智能",
    "robot",
    "платформ",
    "блокчейн",
    "energy",
    "агро",
    "城市",
    "cloud",
    "медицин",
    "security",
    "инвест",
    "space",
    "нейро",
    "数据",
    "university",
    "материал",
    "transport",
    "космос",
]
PEOPLE_WORDS = [
    "директор",
    "engineer",
    "менеджер",
    "工程师",
    "analyst",
    "руководитель",
    "data",
    "research",
    "аналитик",
    "founder",
    "经理",
    "иван",
    "anna",
    # Typed with "е" as people do; the data says "партнёр" and search does not fold ё to е, so
    # this one finds nobody (kept: a zero-hit query is realistic too).
    "партнер",
]
# (country, kind) pairs from the most to the least populated.
FILTER_PAIRS = [
    ("RU", "startup"),
    ("RU", "corporation"),
    ("CN", "startup"),
    ("KZ", "startup"),
    ("BY", "startup"),
    ("IN", "corporation"),
    ("RU", "university"),
    ("UZ", "technopark"),
    ("CN", "corporation"),
    ("KZ", "government"),
    ("BR", "startup"),
    ("RU", "investor"),
]
TARGETS_MS = {"directory_search": 150.0, "api_search": 100.0}


# ------------------------------------------------------------------------------------------
# The parent: one worker process per database, then a summary
# ------------------------------------------------------------------------------------------


def _clean_environment(src: Path) -> dict[str, str]:
    env = dict(os.environ)
    for name in (
        "DATABASE_URL",
        "REDIS_URL",
        "CELERY_BROKER_URL",
        "EMAIL_URL",
        "CONSORTIA_DEBUG",
        "CONSORTIA_PRODUCTION",
        "CONSORTIA_DATA_DIR",
    ):
        env.pop(name, None)
    env["DJANGO_SETTINGS_MODULE"] = "consortia.settings"
    env["CONSORTIA_LOG_LEVEL"] = "WARNING"
    # Ahead of the editable install, so --src can point at a patched copy of the code.
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(src), env.get("PYTHONPATH", "")) if p)
    return env


def _postgres_database(url: str) -> str:
    name = urlparse(url).path.lstrip("/")
    if not name or name in FORBIDDEN_DATABASES:
        raise SystemExit(f"refusing to use PostgreSQL database {name!r}: pick a benchmark database")
    return name


def _recreate_postgres(url: str) -> None:
    import psycopg

    name = _postgres_database(url)
    admin = urlparse(url)._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def _drop_postgres(url: str) -> None:
    import psycopg

    name = _postgres_database(url)
    admin = urlparse(url)._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_parent(args: argparse.Namespace) -> int:
    databases = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
    RESULTS.mkdir(parents=True, exist_ok=True)
    if args.reuse and not args.data_dir:
        raise SystemExit("--reuse needs --data-dir (the data directory of the run to reuse)")
    failures = 0
    succeeded = []
    for database in databases:
        env = _clean_environment(Path(args.src).resolve())
        data_dir = Path(args.data_dir) if args.data_dir else None
        if data_dir is None:
            data_dir = Path(tempfile.mkdtemp(prefix=f"consortia-bench-{database}-"))
        else:
            data_dir = data_dir / database
            if not args.reuse and data_dir.exists():
                shutil.rmtree(data_dir)
            data_dir.mkdir(parents=True, exist_ok=True)
        env["CONSORTIA_DATA_DIR"] = str(data_dir)
        if database == "postgresql":
            _postgres_database(args.postgres_url)
            if not args.reuse:
                _recreate_postgres(args.postgres_url)
            env["DATABASE_URL"] = args.postgres_url
        print(f"\n=== {database}: data directory {data_dir} ===", flush=True)
        command = [
            sys.executable,
            str(Path(__file__).resolve()),
            "--worker",
            "--database",
            database,
            *_forwarded_options(args),
        ]
        returncode = subprocess.call(command, env=env, cwd=ROOT)
        if returncode:
            print(f"{database} worker failed with exit code {returncode}", file=sys.stderr)
            failures += 1
        else:
            succeeded.append(database)
        if not args.keep and not args.data_dir:
            shutil.rmtree(data_dir, ignore_errors=True)
            if database == "postgresql":
                _drop_postgres(args.postgres_url)
        elif args.keep or args.data_dir:
            print(f"(kept data directory {data_dir})")
    print("\n=== Summary ===")
    for database in succeeded:
        path = _result_path(database, args.label)
        if path.exists():
            print(format_table(json.loads(path.read_text(encoding="utf-8"))))
    return 1 if failures else 0


_FORWARDED = (
    "orgs",
    "requests",
    "warmup",
    "diagnose",
    "seed",
    "request_timeout",
    "max_timeouts",
    "scenario_budget",
    "explain_over_ms",
    "label",
    "src",
)
_FORWARDED_FLAGS = ("reuse", "sqlite_analyze", "no_pg_analyze")


def _forwarded_options(args: argparse.Namespace) -> list[str]:
    options = []
    for name in _FORWARDED:
        options += [f"--{name.replace('_', '-')}", str(getattr(args, name))]
    for name in _FORWARDED_FLAGS:
        if getattr(args, name):
            options.append(f"--{name.replace('_', '-')}")
    return options


def _result_path(database: str, label: str = "") -> Path:
    suffix = f"-{label}" if label else ""
    return RESULTS / f"directory-{database}{suffix}.json"


# ------------------------------------------------------------------------------------------
# The worker: load, measure, diagnose
# ------------------------------------------------------------------------------------------


def _install_urlconf() -> None:
    """consortia.urls plus a bare JSON view, as a module that lives only in this process."""
    from django.http import JsonResponse
    from django.urls import include, path

    module = types.ModuleType(URLCONF)
    module.urlpatterns = [  # type: ignore[attr-defined]
        path("bench/bare", lambda request: JsonResponse({"ok": True}), name="bench-bare"),
        path("", include("consortia.urls")),
    ]
    sys.modules[URLCONF] = module


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "consortia.settings")
    import logging

    import django

    django.setup()
    # A request aborted at the timeout is counted, not logged with its traceback; any other error
    # still reaches the benchmark, since the test client re-raises it.
    logging.getLogger("django.request").setLevel(logging.CRITICAL)
    from django.test.utils import override_settings

    _install_urlconf()
    override_settings(ROOT_URLCONF=URLCONF).enable()


def _load(args: argparse.Namespace) -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import connection
    from tqdm import tqdm

    from consortia.directory.models import Membership, Offer, Organisation, Person
    from consortia.directory.services.bulk import generated_so_far, load_generated

    result: dict[str, Any] = {}
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    result["migrate_seconds"] = round(time.perf_counter() - started, 2)
    already = generated_so_far(args.seed)
    if args.reuse and already >= args.orgs:
        print(f"Reusing the loaded world ({already} organisations of seed {args.seed}).")
        result["load_seconds"] = None
        result["reused"] = True
    else:
        started = time.perf_counter()
        with tqdm(
            total=args.orgs, desc="Loading organisations", unit=" orgs", file=sys.stderr
        ) as bar:
            load_generated(args.orgs, seed=args.seed, progress=bar.update)
        result["load_seconds"] = round(time.perf_counter() - started, 2)
        result["reused"] = False
    result["analyze"] = None
    if connection.vendor == "postgresql" and not args.no_pg_analyze:
        # Autovacuum would analyse the new tables within a minute or so; do it now, deliberately.
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        result["analyze"] = {
            "command": "VACUUM ANALYZE",
            "seconds": round(time.perf_counter() - started, 2),
        }
    elif connection.vendor == "sqlite" and args.sqlite_analyze:
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        result["analyze"] = {
            "command": "ANALYZE",
            "seconds": round(time.perf_counter() - started, 2),
        }
    result["counts"] = {
        "organisations": Organisation.objects.count(),
        "people": Person.objects.count(),
        "memberships": Membership.objects.count(),
        "offers": Offer.objects.count(),
    }
    return result


def _scenarios(args: argparse.Namespace) -> dict[str, dict[str, Any]]:
    """Each scenario: a description, a target (ms, p95) or None, and the URLs to request."""
    total = args.warmup + args.requests
    rng = random.Random(args.seed)
    combinations = [(w, c, k) for w in ORGANISATION_WORDS for c, k in FILTER_PAIRS]
    rng.shuffle(combinations)
    filtered = [{"q": w, "country": c, "kind": k} for w, c, k in _cycle(combinations, total)]
    people = [{"q": w} for w in _cycle(PEOPLE_WORDS, total)]
    words_only = [{"q": w} for w in _cycle(ORGANISATION_WORDS, total)]

    def urls(base: str, params: list[dict[str, str]]) -> list[str]:
        return [f"{base}?{urlencode(p)}" if p else base for p in params]

    return {
        "bare": {
            "title": "bare JSON view (baseline)",
            "target_ms": None,
            "urls": ["/bench/bare"] * total,
        },
        "directory_search": {
            "title": "/directory/?q=…&country=…&kind=…",
            "target_ms": TARGETS_MS["directory_search"],
            "urls": urls("/directory/", filtered),
        },
        "api_search": {
            "title": "/api/v1/organisations?q=…&country=…&kind=…",
            "target_ms": TARGETS_MS["api_search"],
            "urls": urls("/api/v1/organisations", filtered),
        },
        "directory_q_only": {
            "title": "/directory/?q=… (search, no filters)",
            "target_ms": None,
            "urls": urls("/directory/", words_only),
        },
        "directory_page1": {
            "title": "/directory/ (no filters, page 1)",
            "target_ms": None,
            "urls": ["/directory/"] * total,
        },
        "directory_page500": {
            "title": "/directory/?page=500 (no filters)",
            "target_ms": None,
            "urls": ["/directory/?page=500"] * total,
        },
        "people_search": {
            "title": "/directory/people/?q=…",
            "target_ms": None,
            "urls": urls("/directory/people/", people),
        },
    }


def _cycle(items: list[Any], count: int) -> list[Any]:
    return [items[i % len(items)] for i in range(count)]


def _percentile(values: list[float], fraction: float) -> float:
    """Linear interpolation between the closest ranks (numpy's default)."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


class RequestTimeout(Exception):
    pass


class _Deadline:
    """Abort a request whose SQL runs longer than ``seconds``: sqlite3's interrupt() from a
    timer on SQLite, ``statement_timeout`` on PostgreSQL (set by :func:`_limit_statements`)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.timer: threading.Timer | None = None

    def __enter__(self) -> _Deadline:
        from django.db import connection

        if connection.vendor == "sqlite" and self.seconds:
            connection.ensure_connection()
            self.timer = threading.Timer(self.seconds, connection.connection.interrupt)
            self.timer.daemon = True
            self.timer.start()
        return self

    def __exit__(self, kind, error, traceback) -> bool:  # type: ignore[no-untyped-def]
        if self.timer is not None:
            self.timer.cancel()
        if error is not None and _is_timeout(error):
            raise RequestTimeout(str(error)) from error
        return False


def _is_timeout(error: BaseException) -> bool:
    from django.db import DatabaseError

    text = str(error).lower()
    return isinstance(error, DatabaseError) and (
        "interrupted" in text or "statement timeout" in text
    )


def _limit_statements(seconds: float) -> None:
    """PostgreSQL: cancel any statement running longer than the request timeout."""
    from django.db import connection
    from django.db.backends.signals import connection_created

    if connection.vendor != "postgresql" or not seconds:
        return

    def limit(sender: Any, connection: Any, **kwargs: Any) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"SET statement_timeout = {int(seconds * 1000)}")

    connection_created.connect(limit, weak=False)
    connection.ensure_connection()
    limit(None, connection)


def _get(client: Any, url: str, timeout: float) -> Any:
    with _Deadline(timeout):
        response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}")
    return response


def _measure(client: Any, scenario: dict[str, Any], args: argparse.Namespace) -> dict[str, Any]:
    """Time the requests; a request over the timeout counts as the timeout (a lower bound), the
    scenario stops after --max-timeouts of them or when its time budget is spent."""
    urls, warmup, timeout = scenario["urls"], args.warmup, args.request_timeout
    started_scenario = time.perf_counter()
    timeouts: list[str] = []
    for url in urls[:warmup]:
        try:
            _get(client, url, timeout)
        except RequestTimeout:
            timeouts.append(url)
            if len(timeouts) >= args.max_timeouts:
                break
        if time.perf_counter() - started_scenario > args.scenario_budget / 4:
            break
    timings: list[float] = []
    timed_urls: list[str] = []
    warmup_timeouts = len(timeouts)
    stopped = ""
    if warmup_timeouts >= args.max_timeouts:
        stopped = f"{warmup_timeouts} warm-up requests exceeded {timeout:g} s"
    for url in urls[warmup:] if not stopped else []:
        started = time.perf_counter()
        timed_urls.append(url)
        try:
            _get(client, url, timeout)
            timings.append((time.perf_counter() - started) * 1000)
        except RequestTimeout:
            timings.append(timeout * 1000)
            timeouts.append(url)
            if len(timeouts) - warmup_timeouts >= args.max_timeouts:
                stopped = f"stopped after {args.max_timeouts} requests exceeded {timeout:g} s"
                break
        if time.perf_counter() - started_scenario > args.scenario_budget:
            stopped = f"stopped when the {args.scenario_budget:g} s budget of the scenario ran out"
            break
    result: dict[str, Any] = {
        "by_term": _by_term(timed_urls, timings),
        "requests": len(timings),
        "timeouts": len(timeouts),
        "timeout_s": timeout,
        "timed_out_urls": timeouts[:10],
        "stopped": stopped,
        "timings_ms": [round(t, 3) for t in timings],
    }
    if timings:
        result.update(
            p50_ms=round(_percentile(timings, 0.50), 2),
            p95_ms=round(_percentile(timings, 0.95), 2),
            p99_ms=round(_percentile(timings, 0.99), 2),
            mean_ms=round(statistics.fmean(timings), 2),
            max_ms=round(max(timings), 2),
        )
    else:  # every request timed out: all we know is a lower bound
        result.update(
            p50_ms=timeout * 1000, p95_ms=timeout * 1000, p99_ms=None, mean_ms=None, max_ms=None
        )
    # With timeouts among them, the percentiles at or above the timeout are lower bounds.
    result["p95_is_lower_bound"] = bool(timeouts) and result["p95_ms"] >= timeout * 1000 - 1
    result["p50_is_lower_bound"] = bool(timeouts) and result["p50_ms"] >= timeout * 1000 - 1
    return result


def _by_term(urls: list[str], timings: list[float]) -> dict[str, dict[str, float]]:
    """Median and maximum per search term, slowest first (empty without a search term)."""
    from urllib.parse import parse_qs, urlparse

    terms: dict[str, list[float]] = {}
    for url, elapsed in zip(urls, timings, strict=True):
        term = parse_qs(urlparse(url).query).get("q", [""])[0]
        if term:
            terms.setdefault(term, []).append(elapsed)
    rows = {
        term: {
            "n": len(values),
            "median_ms": round(statistics.median(values), 1),
            "max_ms": round(max(values), 1),
        }
        for term, values in terms.items()
    }
    return dict(sorted(rows.items(), key=lambda item: -item[1]["median_ms"]))


class _QueryLog:
    """An execute wrapper timing every statement of a request."""

    def __init__(self) -> None:
        self.queries: list[dict[str, Any]] = []

    def __call__(self, execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append(
                {
                    "sql": sql,
                    "params": list(params) if params else [],
                    "ms": (time.perf_counter() - started) * 1000,
                }
            )


def _diagnose(client: Any, scenario: dict[str, Any], args: argparse.Namespace) -> dict[str, Any]:
    """Replay a sample of the scenario with every statement timed; explain the slowest one."""
    from django.db import connection

    counts, db_ms, results = [], [], []
    slowest: dict[str, Any] | None = None
    slowest_url = ""
    example: list[dict[str, Any]] = []
    example_url = ""
    started = time.perf_counter()
    for url in scenario["urls"][args.warmup : args.warmup + args.diagnose]:
        log = _QueryLog()
        timed_out = False
        with connection.execute_wrapper(log):
            try:
                response = _get(client, url, args.request_timeout)
            except RequestTimeout:
                timed_out = True
        if not timed_out:
            if len(log.queries) > len(example):
                example, example_url = log.queries, url
            counts.append(len(log.queries))
            db_ms.append(sum(q["ms"] for q in log.queries))
            if response.get("Content-Type", "").startswith("application/json"):
                body = response.json()
                if isinstance(body, dict) and body.get("count") is not None:
                    results.append(body["count"])
        for query in log.queries:
            if slowest is None or query["ms"] > slowest["ms"]:
                slowest, slowest_url = query, url
        if timed_out or time.perf_counter() - started > args.scenario_budget / 4:
            break
    summary: dict[str, Any] = {
        "sampled_requests": len(counts),
        "example_queries": {
            "url": example_url,
            "queries": [
                {"ms": round(q["ms"], 2), "sql": " ".join(q["sql"].split())[:160]} for q in example
            ],
        },
    }
    if counts:
        summary.update(
            queries_per_request={
                "min": min(counts),
                "max": max(counts),
                "median": statistics.median(counts),
            },
            db_ms_p50=round(_percentile(db_ms, 0.5), 2),
            db_ms_p95=round(_percentile(db_ms, 0.95), 2),
        )
    if results:
        summary["result_counts"] = {
            "min": min(results),
            "median": statistics.median(results),
            "max": max(results),
        }
    if slowest is not None and slowest["ms"] >= 1.0:
        summary["slowest_query"] = {
            "url": slowest_url,
            "ms": round(slowest["ms"], 2),
            "sql": slowest["sql"],
            "params": [str(p) for p in slowest["params"]],
            "plan": _explain(slowest["sql"], slowest["params"]),
        }
    return summary


def _explain(sql: str, params: list[Any]) -> list[str]:
    """PostgreSQL: EXPLAIN (ANALYZE, BUFFERS), or a plain EXPLAIN when that hits the statement
    timeout. SQLite: EXPLAIN QUERY PLAN as an indented tree."""
    from django.db import DatabaseError, connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            try:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            except DatabaseError as error:
                if not _is_timeout(error):
                    raise
                cursor.execute("EXPLAIN " + sql, params)
                return ["(EXPLAIN ANALYZE hit the statement timeout; estimated plan)"] + [
                    row[0] for row in cursor.fetchall()
                ]
            return [row[0] for row in cursor.fetchall()]
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        rows = cursor.fetchall()  # id, parent, notused, detail
        depth: dict[int, int] = {0: 0}
        lines = []
        for node, parent, _unused, detail in rows:
            depth[node] = depth.get(parent, 0) + 1
            lines.append("  " * (depth[node] - 1) + detail)
        return lines


def _git_commit() -> str:
    try:
        head = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no", "src"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + (" (with local changes in src/)" if dirty else "")


def _environment(database: str) -> dict[str, Any]:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
        else:
            cursor.execute("SELECT sqlite_version()")
        version = cursor.fetchone()[0]
    import django

    import consortia

    return {
        "database": database,
        "database_version": version,
        "python": platform.python_version(),
        "django": django.get_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "started_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "git_commit": _git_commit(),
        "consortia_package": str(Path(consortia.__file__).resolve().parent),
    }


def run_worker(args: argparse.Namespace) -> int:
    _setup_django()
    from django.test import Client

    report: dict[str, Any] = {
        "environment": _environment(args.database),
        "label": args.label,
        "parameters": {
            "orgs": args.orgs,
            "seed": args.seed,
            "requests": args.requests,
            "warmup": args.warmup,
        },
    }
    load = _load(args)
    report["load"] = load
    counts = load["counts"]
    print(
        f"Loaded {counts['organisations']:,} organisations, {counts['people']:,} people, "
        f"{counts['memberships']:,} memberships, {counts['offers']:,} offers"
        + (
            f" in {load['load_seconds']:.1f} s (target: under 300 s)"
            if load["load_seconds"] is not None
            else " (reused)"
        )
        + f"; migrate {load['migrate_seconds']:.1f} s"
        + (
            f"; {load['analyze']['command']} {load['analyze']['seconds']:.1f} s"
            if load["analyze"]
            else ""
        ),
        flush=True,
    )
    from django.core.management import call_command

    # Just before measuring, so the manifest matches the templates as they are now.
    call_command("collectstatic", interactive=False, verbosity=0)
    _limit_statements(args.request_timeout)
    client = Client()
    scenarios = _scenarios(args)
    report["scenarios"] = {}
    for name, scenario in scenarios.items():
        print(f"Measuring {name} …", flush=True)
        load_before = os.getloadavg()[0]
        try:
            measured = _measure(client, scenario, args)
            load_after = os.getloadavg()[0]
            diagnosis = _diagnose(client, scenario, args)
        except Exception as error:  # noqa: BLE001 - one broken scenario must not lose the others
            print(f"  {name} failed: {error!r}", file=sys.stderr, flush=True)
            report["scenarios"][name] = {
                "title": scenario["title"],
                "target_p95_ms": scenario["target_ms"],
                "error": repr(error),
            }
            continue
        report["scenarios"][name] = {
            "title": scenario["title"],
            "load_average_1min": [round(load_before, 2), round(load_after, 2)],
            "target_p95_ms": scenario["target_ms"],
            "example_url": scenario["urls"][args.warmup],
            **measured,
            **diagnosis,
        }
    bare = report["scenarios"]["bare"].get("p95_ms")
    for entry in report["scenarios"].values():
        if "error" in entry:
            entry["target_met"] = False if entry["target_p95_ms"] else None
            continue
        entry["p95_over_bare_p95"] = round(entry["p95_ms"] / bare, 1) if bare else None
        entry["target_met"] = (
            None if entry["target_p95_ms"] is None else entry["p95_ms"] <= entry["target_p95_ms"]
        )
    path = _result_path(args.database, args.label)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    print(format_table(report))
    print(format_terms(report))
    for name, entry in report["scenarios"].items():
        slow = entry.get("slowest_query", {}).get("ms", 0) >= args.explain_over_ms
        if "slowest_query" in entry and (
            entry.get("target_met") is False or entry["timeouts"] or slow
        ):
            print(format_slowest(name, entry))
    print(f"Results written to {path.relative_to(ROOT)}", flush=True)
    return 0


# ------------------------------------------------------------------------------------------
# Output
# ------------------------------------------------------------------------------------------


def format_table(report: dict[str, Any]) -> str:
    env, load, counts = report["environment"], report["load"], report["load"]["counts"]
    load_text = (
        f"{load['load_seconds']:.1f} s" if load.get("load_seconds") is not None else "reused"
    )
    lines = [
        "",
        f"{env['database']} {env['database_version']} · {counts['organisations']:,} organisations, "
        f"{counts['people']:,} people, {counts['offers']:,} offers · load {load_text}"
        + (f" · {report['label']}" if report.get("label") else ""),
        f"{'scenario':<46} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'p95/bare':>9} {'target':>7} "
        f"{'met':>4} {'SQL/req':>8} {'DB p50':>7}",
        "-" * 108,
    ]
    for entry in report["scenarios"].values():
        target = f"{entry['target_p95_ms']:.0f}" if entry["target_p95_ms"] else "—"
        met = {True: "yes", False: "NO", None: "—"}[entry["target_met"]]
        if "error" in entry:
            lines.append(f"{entry['title']:<46} failed: {entry['error'][:80]}")
            continue
        queries = entry.get("queries_per_request")
        if queries is None:
            sql = "?"
        elif queries["min"] == queries["max"]:
            sql = str(queries["min"])
        else:
            sql = f"{queries['min']}–{queries['max']}"
        bound = "≥" if entry["p95_is_lower_bound"] else ""
        p50 = ("≥" if entry["p50_is_lower_bound"] else "") + f"{entry['p50_ms']:.1f}"
        p95 = f"{bound}{entry['p95_ms']:.1f}"
        ratio = entry["p95_over_bare_p95"]
        ratio_text = f"{bound}{ratio:.1f}×" if ratio is not None else "?"
        db = entry.get("db_ms_p50")
        lines.append(
            f"{entry['title']:<46} {entry['requests']:>4} {p50:>8} {p95:>8} "
            f"{ratio_text:>9} {target:>7} {met:>4} "
            f"{sql:>8} {(f'{db:.1f}' if db is not None else '?'):>7}"
        )
        if entry["timeouts"]:
            lines.append(
                f"    {entry['timeouts']} request(s) exceeded {entry['timeout_s']:g} s"
                + (f"; {entry['stopped']}" if entry["stopped"] else "")
            )
    return "\n".join(lines)


def format_terms(report: dict[str, Any]) -> str:
    lines = ["Slowest search terms (median / max ms):"]
    for entry in report["scenarios"].values():
        terms = list(entry.get("by_term", {}).items())[:4]
        if terms:
            shown = ", ".join(f"{t} {v['median_ms']:.0f}/{v['max_ms']:.0f}" for t, v in terms)
            lines.append(f"  {entry['title']:<46} {shown}")
    return "\n".join(lines)


def format_slowest(name: str, entry: dict[str, Any]) -> str:
    slowest = entry["slowest_query"]
    return "\n".join(
        [
            f"\nSlowest statement of {name} ({slowest['ms']:.1f} ms, {slowest['url']}):",
            f"  {slowest['sql']}",
            f"  params: {slowest['params']}",
            "  plan:",
            *(f"    {line}" for line in slowest["plan"]),
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--orgs", type=int, default=150_000, help="organisations (default 150000)")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per scenario")
    parser.add_argument("--warmup", type=int, default=20, help="warm-up requests per scenario")
    parser.add_argument("--diagnose", type=int, default=30, help="requests replayed with SQL timed")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--request-timeout", type=float, default=30.0, help="abort a request's SQL after this (s)"
    )
    parser.add_argument(
        "--max-timeouts", type=int, default=3, help="stop a scenario after this many"
    )
    parser.add_argument(
        "--scenario-budget",
        type=float,
        default=600.0,
        help="seconds of timed requests per scenario",
    )
    parser.add_argument(
        "--explain-over-ms", type=float, default=50.0, help="print the plan of slower statements"
    )
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL)
    parser.add_argument("--keep", action="store_true", help="keep the temporary data directory")
    parser.add_argument(
        "--data-dir", help="use <DIR>/<database> as the data directory (kept) instead of a temp one"
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep the database of a previous run (with --data-dir) and skip the load if complete",
    )
    parser.add_argument(
        "--sqlite-analyze", action="store_true", help="run ANALYZE on SQLite after the load"
    )
    parser.add_argument(
        "--no-pg-analyze", action="store_true", help="skip VACUUM ANALYZE on PostgreSQL"
    )
    parser.add_argument("--label", default="", help="suffix of the results file (experiments)")
    parser.add_argument(
        "--src",
        default=str(ROOT / "src"),
        help="import consortia from this directory (measure a patched copy; default: ./src)",
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        if args.database == "both":
            parser.error("a worker runs one database")
        return run_worker(args)
    return run_parent(args)


if __name__ == "__main__":
    sys.exit(main())
