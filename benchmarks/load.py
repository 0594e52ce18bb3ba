"""Load: simulated people browsing, writing and asking at once, against a served platform.

For each setup (``embedded``: ``consortia serve`` on SQLite with its default web processes;
``scale-out``: PostgreSQL, Redis, ``consortia serve --workers 2`` and one ``consortia worker``)
this script prepares a fresh data directory (and a fresh PostgreSQL database and Redis db), loads
the demo world with ``consortia demo``, adds load accounts (members of generated organisations
with API tokens, a B2B session open for requests, a conversation each), serves the platform on
127.0.0.1, waits for ``/healthz`` and runs locust headless in a child process, bounded in users,
spawn rate and run time. Everything it started is stopped at the end, on errors and on Ctrl-C.

Printed per setup: requests, failures (a 5xx always is one), server errors, "database is
locked" occurrences (in the servers' logs and in responses), refusals the platform rightly gives
(a duplicate application or meeting request: 4xx with an error, counted apart), 429s, p50/p95 for
reads and for writes, the five slowest names by p95, and whether each target is met: < 1 % failed
requests, 0 server errors, 0 "database is locked", p95 ≤ 300 ms for reads and ≤ 800 ms for writes.

    .venv/bin/python benchmarks/load.py                                  # both setups, 50 users, 120 s
    .venv/bin/python benchmarks/load.py --setup embedded --users 10 --duration 30   # quick look

Needs the ``bench`` extra (locust): ``pip install -c constraints.txt -e '.[bench]'``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
PASSWORD = "load-bench-2026"  # noqa: S105 - accounts of a throwaway benchmark world
REFUSED_DATABASES = {"test", "test_test", "postgres", "template0", "template1"}
LOCKED = "database is locked"

TARGETS = {
    "failure_pct": 1.0,
    "server_errors": 0,
    "locked": 0,
    "read_p95": 300.0,
    "write_p95": 800.0,
}

# Run inside `consortia manage shell` once the demo world is loaded: load accounts (members of
# generated organisations, each with an API token), an open B2B session they all joined, a
# conversation for each pair, and what the simulated people read and write about.
PREPARE = r"""
import json
from datetime import timedelta
from allauth.account.models import EmailAddress
from django.db.models import Q
from consortia.accounts.models import User
from consortia.accounts.services import create_api_token
from consortia.core import clock
from consortia.core.uploads import atomic_with_files
from consortia.directory.models import Membership, Organisation, Person, Role, VerificationStatus
from consortia.events.models import Event, EventStatus
from consortia.events.services import b2b
from consortia.messaging.services.conversations import open_conversation
from consortia.opportunities.models import Opportunity, OpportunityStatus

COUNT = __COUNT__
now = clock.now()
operator = User.objects.get(email="operator@demo.consortia.example")
organisations = list(
    Organisation.objects.filter(verification_status=VerificationStatus.VERIFIED)
    .exclude(name="Moscow Innovation Cluster").order_by("id")[:COUNT]
)
event = (
    Event.objects.filter(status=EventStatus.PUBLISHED, starts_at__gt=now).order_by("starts_at").first()
)
session = b2b.create_b2b_session(
    event, by=operator, title="Load benchmark meetings", mode="onsite", meeting_minutes=10,
    starts_at=event.starts_at, ends_at=min(event.ends_at, event.starts_at + timedelta(hours=6)),
    tables=30, default_quota=3, requests_close_at=None,
)
accounts = []
for index, organisation in enumerate(organisations):
    email = f"load{index:03d}@bench.consortia.example"
    user = User(email=email)
    user.set_password("__PASSWORD__")
    user.save()
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    person = Person.objects.create(user=user, full_name=f"Load Tester {index}", title="Tester")
    Membership.objects.create(person=person, organisation=organisation, role=Role.ADMIN)
    participant = b2b.join_b2b_session(
        session, by=user, organisation=organisation, time_zone="UTC", onsite=True
    )
    accounts.append({
        "email": email, "token": create_api_token(user, name="load").raw,
        "organisation": str(organisation.public_id), "organisation_pk": organisation.pk,
        "participant": str(participant.public_id), "person": person, "conversations": [],
    })
for index, account in enumerate(accounts):
    other = accounts[(index + 1) % len(accounts)]
    with atomic_with_files() as saved:
        conversation, _ = open_conversation(
            sender=account["person"], participants=[other["person"]],
            subject=f"Load benchmark {index}", context=None,
            body="Shall we meet at the forum?", saved=saved,
        )
    account["conversations"].append(str(conversation.public_id))
    other["conversations"].append(str(conversation.public_id))
opportunities = [
    {"id": str(o.public_id), "owner": o.owner_id}
    for o in Opportunity.objects.filter(status=OpportunityStatus.PUBLISHED)
    .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))
    .filter(Q(opens_at__isnull=True) | Q(opens_at__lte=now))
]
for account in accounts:
    account["opportunities"] = [o["id"] for o in opportunities if o["owner"] != account["organisation_pk"]]
    del account["person"], account["organisation_pk"]
print("PLAN " + json.dumps({
    "session": str(session.public_id),
    "accounts": accounts,
    "organisations": [str(i) for i in Organisation.objects.filter(
        verification_status=VerificationStatus.VERIFIED).values_list("public_id", flat=True)[:300]],
}))
"""


# --- The parent: data, servers, cleanup -----------------------------------------------------
class Servers:
    """Every process this run started, each in a session of its own so its children stop too."""

    def __init__(self) -> None:
        self.processes: list[tuple[str, subprocess.Popen[bytes], Path]] = []

    def start(
        self, name: str, argv: list[str], env: dict[str, str], log: Path
    ) -> subprocess.Popen[bytes]:
        handle = log.open("ab")
        process = subprocess.Popen(  # noqa: S603 - our own commands
            argv,
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            cwd=ROOT,
        )
        handle.close()
        self.processes.append((name, process, log))
        return process

    def stop(self, process: subprocess.Popen[bytes]) -> None:
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        self.processes = [entry for entry in self.processes if entry[1] is not process]

    def stop_all(self) -> None:
        for _name, process, _log in list(reversed(self.processes)):
            self.stop(process)


def consortia(*arguments: str) -> list[str]:
    return [str(Path(sys.executable).parent / "consortia"), *arguments]


def wait_healthy(base: str, process: subprocess.Popen[bytes], log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server stopped (exit {process.returncode}); see {log}")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(1)
    raise SystemExit(f"{base}/healthz did not answer within {timeout:.0f} s; see {log}")


def fresh_postgres(url: str) -> None:
    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    if not name or name in REFUSED_DATABASES:
        raise SystemExit(f"--postgres-url: refusing to drop and create the database {name!r}")
    common = ["-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 5432)]
    common += ["-U", parts.username or "postgres"]
    subprocess.run(["dropdb", *common, "--if-exists", name], check=True)  # noqa: S603,S607
    subprocess.run(["createdb", *common, name], check=True)  # noqa: S603,S607


def fresh_redis(url: str) -> None:
    import redis

    client = redis.Redis.from_url(url)
    client.flushdb()
    client.close()


def sign_in(base: str, email: str) -> str:
    """A real allauth sign-in (CSRF and all); returns the session cookie."""
    import http.cookiejar

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(f"{base}/accounts/login/", timeout=30).read()
    csrf = next(cookie.value for cookie in jar if cookie.name == "csrftoken")
    body = urllib.parse.urlencode(
        {"login": email, "password": PASSWORD, "csrfmiddlewaretoken": csrf}
    ).encode()
    request = urllib.request.Request(  # noqa: S310 - http://127.0.0.1 only
        f"{base}/accounts/login/", data=body, headers={"Referer": f"{base}/accounts/login/"}
    )
    opener.open(request, timeout=30).read()
    session = next((cookie.value for cookie in jar if cookie.name == "sessionid"), None)
    if session is None:
        raise SystemExit(f"signing in as {email} gave no session")
    return session


def count_locked(logs: list[Path]) -> int:
    return sum(path.read_text(errors="replace").count(LOCKED) for path in logs if path.exists())


def run_setup(setup: str, args: argparse.Namespace, servers: Servers) -> dict[str, Any]:
    data_dir = Path(tempfile.mkdtemp(prefix=f"consortia-load-{setup}-"))
    logs = data_dir / "logs"
    logs.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(CONSORTIA_DATA_DIR=str(data_dir), CONSORTIA_OPERATOR_MFA="optional")
    workers = args.workers if setup == "embedded" else 2
    if setup == "scale-out":
        fresh_postgres(args.postgres_url)
        fresh_redis(args.redis_url)
        env.update(DATABASE_URL=args.postgres_url, REDIS_URL=args.redis_url)
    base = f"http://127.0.0.1:{args.port}"
    print(f"\n=== {setup}: data in {data_dir}", flush=True)

    started = time.monotonic()
    demo_log = logs / "demo.log"
    demo = servers.start(
        "demo",
        consortia("demo", "--port", str(args.port), "--orgs", str(args.orgs), "--workers", "1"),
        env,
        demo_log,
    )
    wait_healthy(base, demo, demo_log, timeout=1200)
    servers.stop(demo)
    print(f"  demo world loaded in {time.monotonic() - started:.0f} s", flush=True)

    code = PREPARE.replace("__COUNT__", str(args.accounts)).replace("__PASSWORD__", PASSWORD)
    prepared = subprocess.run(  # noqa: S603
        consortia("manage", "shell", "-c", code),
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    plan_line = next(
        (line for line in prepared.stdout.splitlines() if line.startswith("PLAN ")), ""
    )
    if prepared.returncode != 0 or not plan_line:
        raise SystemExit(
            f"preparing the load accounts failed:\n{prepared.stdout}\n{prepared.stderr}"
        )
    plan = json.loads(plan_line[5:])

    server_log = logs / "serve.log"
    serve = servers.start(
        "serve",
        consortia("serve", "--port", str(args.port), "--workers", str(workers)),
        env,
        server_log,
    )
    worker_log = logs / "worker.log"
    if setup == "scale-out":
        servers.start("worker", consortia("worker", "--loglevel", "WARNING"), env, worker_log)
    wait_healthy(base, serve, server_log, timeout=600)
    plan["sessions"] = [sign_in(base, account["email"]) for account in plan["accounts"][:10]]
    plan.update(host=base, users=args.users, spawn_rate=args.spawn_rate, duration=args.duration)
    plan_file = data_dir / "plan.json"
    result_file = data_dir / "result.json"
    plan_file.write_text(json.dumps(plan))
    print(
        f"  serving with {workers} web process(es); {args.users} users for {args.duration} s",
        flush=True,
    )
    child = servers.start(
        "locust",
        [
            sys.executable,
            str(Path(__file__).resolve()),
            "--child",
            str(plan_file),
            str(result_file),
        ],
        {**os.environ},
        logs / "locust.log",
    )
    try:
        child.wait(timeout=args.duration + 120)
    except subprocess.TimeoutExpired:
        servers.stop(child)
        raise SystemExit(f"locust did not finish; see {logs / 'locust.log'}") from None
    if child.returncode != 0 or not result_file.exists():
        raise SystemExit(f"locust failed (exit {child.returncode}); see {logs / 'locust.log'}")
    result = json.loads(result_file.read_text())
    servers.stop_all()
    result["locked_in_logs"] = count_locked([server_log, worker_log])
    result["setup"] = setup
    result["workers"] = workers
    result["data_dir"] = str(data_dir)
    if not args.keep:
        shutil.rmtree(data_dir, ignore_errors=True)
    return result


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def report(result: dict[str, Any]) -> None:
    total = result["requests"]
    failures = result["failures"]
    pct = 100.0 * failures / total if total else 100.0
    locked = result["locked_in_logs"] + result["locked_in_responses"]
    reads, writes = result["reads"], result["writes"]
    print(
        f"\n--- {result['setup']} ({result['workers']} web processes, {result['users']} users, "
        f"{result['duration']} s) ---"
    )
    print(f"requests            {total}  ({total / result['duration']:.1f}/s)")
    print(f"failures            {failures}  ({pct:.2f} %)  target < 1 %: {verdict(pct < 1.0)}")
    print(
        f"server errors (5xx) {result['server_errors']}  target 0: "
        f"{verdict(result['server_errors'] == 0)}"
    )
    print(
        f"database is locked  {locked}  (logs {result['locked_in_logs']}, responses "
        f"{result['locked_in_responses']})  target 0: {verdict(locked == 0)}"
    )
    print(
        f"refused as expected {result['refused']}  (duplicate applications/meeting requests: "
        f"{json.dumps(result['refused_by_name'])})"
    )
    print(f"rate limited (429)  {result['rate_limited']}")
    print(
        f"reads               {reads['count']}  p50 {reads['p50']:.0f} ms  p95 {reads['p95']:.0f} ms"
        f"  target p95 ≤ 300 ms: {verdict(reads['p95'] <= TARGETS['read_p95'])}"
    )
    print(
        f"writes              {writes['count']}  p50 {writes['p50']:.0f} ms  p95 "
        f"{writes['p95']:.0f} ms  target p95 ≤ 800 ms: "
        f"{verdict(writes['p95'] <= TARGETS['write_p95'])}"
    )
    print(
        "slowest by p95      "
        + "; ".join(
            f"{row['name']} {row['p95']:.0f} ms (n={row['count']})" for row in result["slowest"]
        )
    )
    if result["errors"]:
        print("failure samples     " + "; ".join(result["errors"][:5]))


def parent(args: argparse.Namespace) -> int:
    try:
        import locust  # noqa: F401
    except ImportError:
        raise SystemExit(
            "locust is missing: pip install -c constraints.txt -e '.[bench]'"
        ) from None
    setups = ["embedded", "scale-out"] if args.setup == "both" else [args.setup]
    servers = Servers()

    def on_term(_signum: int, _frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_term)
    results = []
    try:
        for setup in setups:
            results.append(run_setup(setup, args, servers))
            report(results[-1])
    except KeyboardInterrupt:
        print("\ninterrupted: stopping the servers", file=sys.stderr)
        return 130
    finally:
        servers.stop_all()
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "load.json").write_text(json.dumps(results, indent=2))
    print("\n=== summary")
    for result in results:
        report(result)
    return 0


# --- The child: locust in this process --------------------------------------------------------
def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def child(plan_file: Path, result_file: Path) -> int:
    import gevent
    from locust import HttpUser, between, events, task
    from locust.env import Environment

    plan = json.loads(plan_file.read_text())
    accounts = plan["accounts"]
    terms = ["energy", "smart city", "технологии", "Москва", "智能", "battery", "water", "AI"]
    samples: dict[str, list[float]] = {}
    kinds: dict[str, str] = {}
    tally = {
        "requests": 0,
        "failures": 0,
        "server_errors": 0,
        "refused": 0,
        "rate_limited": 0,
        "locked_in_responses": 0,
    }
    refused_by_name: dict[str, int] = {}
    errors: list[str] = []

    @events.request.add_listener
    def on_request(
        request_type: str,
        name: str,
        response_time: float,
        response: Any,
        exception: Any,
        **_kw: Any,
    ) -> None:
        tally["requests"] += 1
        status = getattr(response, "status_code", 0) or 0
        kinds[name] = "write" if request_type == "POST" else "read"
        samples.setdefault(name, []).append(response_time)
        text = getattr(response, "text", "") or ""
        if LOCKED in text:
            tally["locked_in_responses"] += 1
        if status >= 500:
            tally["server_errors"] += 1
        if status == 429:
            tally["rate_limited"] += 1
        if exception is not None:
            tally["failures"] += 1
            if len(errors) < 20:
                errors.append(f"{name}: {status} {str(exception)[:120]}")

    def refused(name: str) -> None:
        tally["refused"] += 1
        refused_by_name[name] = refused_by_name.get(name, 0) + 1

    def links(html: str, prefix: str) -> list[str]:
        return re.findall(rf'href="{prefix}([0-9a-f-]{{36}})/"', html)

    class PageReader(HttpUser):
        """Browses the pages, half signed in (a real session) and half anonymous."""

        weight = 20
        wait_time = between(1, 3)

        def on_start(self) -> None:
            if random.random() < 0.5 and plan["sessions"]:
                self.client.cookies.set("sessionid", random.choice(plan["sessions"]))

        def _browse(
            self,
            path: str,
            name: str,
            detail: str,
            detail_name: str,
            params: dict[str, str] | None = None,
        ) -> None:
            with self.client.get(path, params=params, name=name, catch_response=True) as listing:
                found = links(listing.text, detail) if listing.status_code == 200 else []
            if found:
                self.client.get(f"{detail}{random.choice(found)}/", name=detail_name)

        @task(3)
        def directory(self) -> None:
            self._browse(
                "/directory/", "page directory", "/directory/organisations/", "page organisation"
            )

        @task(3)
        def directory_search(self) -> None:
            self._browse(
                "/directory/",
                "page directory search",
                "/directory/organisations/",
                "page organisation",
                {"q": random.choice(terms)},
            )

        @task(3)
        def agreements(self) -> None:
            self._browse("/agreements/", "page agreements", "/agreements/", "page agreement")

        @task(2)
        def events_(self) -> None:
            self._browse("/events/", "page events", "/events/", "page event")

    class ApiReader(HttpUser):
        """Reads through the API with a token."""

        weight = 12
        wait_time = between(1, 3)

        def on_start(self) -> None:
            account = random.choice(accounts)
            self.client.headers["Authorization"] = f"Bearer {account['token']}"

        @task(3)
        def organisations(self) -> None:
            self.client.get(
                "/api/v1/organisations",
                params={"q": random.choice(terms)},
                name="api organisations search",
            )
            self.client.get(
                f"/api/v1/organisations/{random.choice(plan['organisations'])}",
                name="api organisation",
            )

        @task(2)
        def agreements(self) -> None:
            response = self.client.get("/api/v1/agreements", name="api agreements")
            items = response.json().get("items", []) if response.status_code == 200 else []
            if items:
                self.client.get(
                    f"/api/v1/agreements/{random.choice(items)['id']}", name="api agreement"
                )

        @task(2)
        def events_(self) -> None:
            response = self.client.get("/api/v1/events", name="api events")
            items = response.json().get("items", []) if response.status_code == 200 else []
            if items:
                self.client.get(f"/api/v1/events/{random.choice(items)['id']}", name="api event")

    counter = iter(range(10**9))

    class Writer(HttpUser):
        """Replies in its conversations, asks for B2B meetings, applies to opportunities."""

        weight = 18
        wait_time = between(1, 3)

        def on_start(self) -> None:
            self.account = accounts[next(counter) % len(accounts)]
            self.client.headers["Authorization"] = f"Bearer {self.account['token']}"

        def _expect(self, method: str, path: str, name: str, body: dict[str, Any]) -> None:
            with self.client.request(
                method, path, json=body, name=name, catch_response=True
            ) as response:
                if response.status_code in (200, 201):
                    response.success()
                elif response.status_code in (400, 409, 422) and "detail" in response.text:
                    refused(name)  # already done: the platform rightly says no
                    response.success()
                elif response.status_code == 429:
                    response.success()  # counted apart
                else:
                    response.failure(f"{response.status_code} {response.text[:200]}")

        @task(5)
        def reply(self) -> None:
            conversation = random.choice(self.account["conversations"])
            self.client.get(
                f"/api/v1/conversations/{conversation}/messages", name="api conversation messages"
            )
            self._expect(
                "POST",
                f"/api/v1/conversations/{conversation}/messages",
                "write reply",
                {"body": f"Load reply {random.randint(0, 10**6)}"},
            )

        @task(3)
        def meeting(self) -> None:
            other = random.choice([a for a in accounts if a is not self.account])
            self._expect(
                "POST",
                f"/api/v1/b2b/{plan['session']}/requests",
                "write meeting request",
                {"recipient": other["participant"], "message": "Shall we meet?"},
            )

        @task(2)
        def apply(self) -> None:
            if not self.account["opportunities"]:
                return
            opportunity = random.choice(self.account["opportunities"])
            self._expect(
                "POST",
                f"/api/v1/opportunities/{opportunity}/applications",
                "write application",
                {"applicant": self.account["organisation"], "accept_nda": True},
            )

    environment = Environment(
        user_classes=[PageReader, ApiReader, Writer], host=plan["host"], events=events
    )
    runner = environment.create_local_runner()
    runner.start(plan["users"], spawn_rate=plan["spawn_rate"])
    gevent.sleep(plan["duration"])
    runner.quit()
    environment.runner.greenlet.join(timeout=30) if environment.runner.greenlet else None

    def summary(kind: str) -> dict[str, float]:
        values = [v for name, vs in samples.items() if kinds[name] == kind for v in vs]
        return {
            "count": len(values),
            "p50": percentile(values, 0.5),
            "p95": percentile(values, 0.95),
        }

    slowest = sorted(
        (
            {"name": name, "p95": percentile(vs, 0.95), "count": len(vs)}
            for name, vs in samples.items()
        ),
        key=lambda row: -row["p95"],
    )[:5]
    result_file.write_text(
        json.dumps(
            {
                **tally,
                "refused_by_name": refused_by_name,
                "errors": errors,
                "reads": summary("read"),
                "writes": summary("write"),
                "slowest": slowest,
                "users": plan["users"],
                "duration": plan["duration"],
                "by_name": {
                    name: {
                        "count": len(vs),
                        "p50": percentile(vs, 0.5),
                        "p95": percentile(vs, 0.95),
                    }
                    for name, vs in samples.items()
                },
            }
        )
    )
    return 0


def main() -> int:
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        return child(Path(sys.argv[2]), Path(sys.argv[3]))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--setup", choices=["embedded", "scale-out", "both"], default="both")
    parser.add_argument("--users", type=int, default=50, help="simulated people (default 50)")
    parser.add_argument("--spawn-rate", type=float, default=10.0, help="users started per second")
    parser.add_argument("--duration", type=int, default=120, help="seconds of load (default 120)")
    parser.add_argument("--orgs", type=int, default=400, help="generated organisations in the demo")
    parser.add_argument("--accounts", type=int, default=40, help="load accounts (default 40)")
    parser.add_argument(
        "--workers",
        type=int,
        default=2,
        help="web processes of the embedded setup (default 2, as `consortia serve`)",
    )
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432/load_db")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/9")
    parser.add_argument("--keep", action="store_true", help="keep the data directories and logs")
    args = parser.parse_args()
    for name in ("users", "duration", "orgs", "accounts", "workers"):
        if getattr(args, name) < 1:
            parser.error(f"--{name} must be at least 1")
    if not 1 <= args.users <= 500:
        parser.error("--users must be between 1 and 500 (bounded load)")
    if not 0 < args.spawn_rate <= 50:
        parser.error("--spawn-rate must be above 0 and at most 50")
    if not 1 <= args.duration <= 3600:
        parser.error("--duration must be between 1 and 3600 seconds")
    return parent(args)


if __name__ == "__main__":
    sys.exit(main())
