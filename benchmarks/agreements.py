"""Agreements and insights volume benchmark: load many agreements and projects, then time the
registry, the timeline, the cooperation map and the insights overview.

For each database (SQLite in a fresh temporary data directory, then PostgreSQL) this script runs
itself again in a worker process, because the settings read the environment once, at import. The
worker:

1. migrates a fresh database and loads ``--orgs`` generated organisations (with their people,
   ``load_generated``), then ``--agreements`` agreements (2–6 parties — states or organisations —
   across about 60 countries; every kind and status; about 10 % parties only; one to three
   topics; about 3 commitments each with their traffic lights) and ``--projects`` projects (2–5
   partners, one to three budget lines in different currencies), all with ``bulk_create``;
2. times ``--requests`` requests (after ``--warmup`` warm-up requests) per scenario through the
   whole middleware stack with ``django.test.Client`` (server time only, no network): the registry
   without filters, with a country and a year, and with a search term; the timeline; the map and
   the insights overview, each as an anonymous visitor and as a signed-in member of an
   organisation that is party to parties-only agreements; a bare JSON view as the baseline;
3. replays a sample of each scenario with every SQL statement timed (the helpers of
   ``benchmarks/directory.py``), to count the queries per request and EXPLAIN the slowest;
4. writes ``benchmarks/results/agreements-<database>.json``.

    .venv/bin/python benchmarks/agreements.py                # both databases, 20,000 agreements
    .venv/bin/python benchmarks/agreements.py --quick        # a smoke run: small data, few requests
    .venv/bin/python benchmarks/agreements.py --database sqlite --requests 50

PostgreSQL: ``--postgres-url`` (default postgres://postgres@127.0.0.1:5432/consortia_bench); the
database is dropped and created again for each run.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

import directory as shared  # noqa: E402 - benchmarks/directory.py: processes, timing, diagnosis

ROOT = shared.ROOT
RESULTS = shared.RESULTS
TARGET_MS = 200.0
QUICK = {
    "orgs": 300,
    "agreements": 2000,
    "projects": 500,
    "requests": 20,
    "warmup": 3,
    "diagnose": 3,
}

# About 60 countries, the alliance's members and partners first (drawn more often).
COUNTRIES = [
    "RU",
    "CN",
    "KZ",
    "BY",
    "UZ",
    "KG",
    "TJ",
    "AM",
    "AZ",
    "IN",
    "BR",
    "ZA",
    "IR",
    "EG",
    "ET",
    "AE",
    "SA",
    "ID",
    "VN",
    "TH",
    "MY",
    "MN",
    "TR",
    "RS",
    "CU",
    "VE",
    "NI",
    "BO",
    "LA",
    "KH",
    "MM",
    "BD",
    "PK",
    "LK",
    "NP",
    "DZ",
    "MA",
    "TN",
    "NG",
    "KE",
    "TZ",
    "AO",
    "MZ",
    "ZW",
    "UG",
    "GH",
    "SN",
    "CM",
    "AR",
    "CL",
    "MX",
    "PE",
    "CO",
    "EC",
    "UY",
    "PY",
    "SG",
    "PH",
    "KR",
    "KP",
    "GE",
    "MD",
]
SEARCH_WORDS = ["memorandum", "artificial", "energy", "программа", "技术", "robot", "digital"]
CURRENCIES = ["RUB", "CNY", "USD", "EUR", "KZT", "INR", "BRL", "AED"]


# ------------------------------------------------------------------------------------------
# The parent: one worker process per database, then a summary
# ------------------------------------------------------------------------------------------


def run_parent(args: argparse.Namespace) -> int:
    databases = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
    RESULTS.mkdir(parents=True, exist_ok=True)
    failures, succeeded = 0, []
    for database in databases:
        env = shared._clean_environment(Path(args.src).resolve())
        data_dir = Path(tempfile.mkdtemp(prefix=f"consortia-bench-agreements-{database}-"))
        env["CONSORTIA_DATA_DIR"] = str(data_dir)
        if database == "postgresql":
            shared._recreate_postgres(args.postgres_url)
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
        if args.keep:
            print(f"(kept data directory {data_dir})")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)
            if database == "postgresql":
                shared._drop_postgres(args.postgres_url)
    print("\n=== Summary ===")
    for database in succeeded:
        path = _result_path(database, args.label)
        if path.exists():
            print(format_table(json.loads(path.read_text(encoding="utf-8"))))
    return 1 if failures else 0


_FORWARDED = (
    "orgs",
    "agreements",
    "projects",
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


def _forwarded_options(args: argparse.Namespace) -> list[str]:
    options = []
    for name in _FORWARDED:
        options += [f"--{name.replace('_', '-')}", str(getattr(args, name))]
    return options


def _result_path(database: str, label: str = "") -> Path:
    suffix = f"-{label}" if label else ""
    return RESULTS / f"agreements-{database}{suffix}.json"


# ------------------------------------------------------------------------------------------
# The worker: load
# ------------------------------------------------------------------------------------------


def _signed_on(rng: random.Random) -> date:
    """Mostly recent: a quarter of the agreements over 1995–2014, the rest over 2015–2026."""
    if rng.random() < 0.25:
        start, days = date(1995, 1, 1), 20 * 365
    else:
        start, days = date(2015, 1, 1), 11 * 365 + 300
    return start + timedelta(days=rng.randrange(days))


def _load(args: argparse.Namespace) -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import connection
    from tqdm import tqdm

    from consortia.agreements.models import Agreement, Commitment, Party
    from consortia.directory.models import Organisation
    from consortia.directory.services.bulk import load_generated
    from consortia.projects.models import BudgetLine, Partner, Project

    result: dict[str, Any] = {}
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    result["migrate_seconds"] = round(time.perf_counter() - started, 2)
    started = time.perf_counter()
    with tqdm(total=args.orgs, desc="Organisations", unit=" orgs", file=sys.stderr) as bar:
        load_generated(args.orgs, seed=args.seed, progress=bar.update)
    result["organisations_seconds"] = round(time.perf_counter() - started, 2)
    started = time.perf_counter()
    rng = random.Random(args.seed)
    operator = _operator()
    world = _World.build(rng)
    with tqdm(total=args.agreements, desc="Agreements", unit=" agr", file=sys.stderr) as bar:
        for first in range(0, args.agreements, 2000):
            _load_agreements(rng, world, operator, min(2000, args.agreements - first), first)
            bar.update(min(2000, args.agreements - first))
    with tqdm(total=args.projects, desc="Projects", unit=" proj", file=sys.stderr) as bar:
        for first in range(0, args.projects, 2000):
            _load_projects(rng, world, operator, min(2000, args.projects - first), first)
            bar.update(min(2000, args.projects - first))
    result["load_seconds"] = round(time.perf_counter() - started, 2)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    result["analyze_seconds"] = round(time.perf_counter() - started, 2)
    result["counts"] = {
        "organisations": Organisation.objects.count(),
        "agreements": Agreement.objects.count(),
        "parties": Party.objects.count(),
        "agreement_countries": Agreement.countries.through.objects.count(),
        "commitments": Commitment.objects.count(),
        "projects": Project.objects.count(),
        "partners": Partner.objects.count(),
        "budget_lines": BudgetLine.objects.count(),
        "countries_used": Agreement.countries.through.objects.values("country_id")
        .distinct()
        .count(),
    }
    return result


def _operator() -> Any:
    from consortia.accounts.models import User
    from consortia.directory.models import Person

    user = User.objects.create_user(email="operator@bench.example", password=None, is_staff=True)
    Person.objects.create(user=user, full_name="Benchmark Operator")
    return user


class _World:
    """What the generated rows are drawn from."""

    def __init__(
        self, countries: dict[str, Any], organisations: dict[str, list[Any]], topics: list[Any]
    ):
        self.countries = countries
        self.organisations = organisations  # by country code
        self.topics = topics  # second-level topics
        self.weights = [1.0 / (rank + 1) ** 0.8 for rank in range(len(COUNTRIES))]

    @classmethod
    def build(cls, rng: random.Random) -> _World:
        from consortia.directory.models import Country, Organisation, Topic

        countries = {c.code: c for c in Country.objects.filter(code__in=COUNTRIES)}
        organisations: dict[str, list[Any]] = {}
        for organisation in Organisation.objects.only("pk", "name", "country_id"):
            organisations.setdefault(organisation.country_id, []).append(organisation)
        topics = list(Topic.objects.filter(parent__isnull=False).select_related("parent"))
        return cls(countries, organisations, topics)

    def participants(self, rng: random.Random, count: int) -> list[tuple[Any, Any]]:
        """(organisation, None) or (None, country): distinct, from distinct countries mostly."""
        codes = []
        while len(codes) < count:
            code = rng.choices(COUNTRIES, weights=self.weights)[0]
            if code not in codes:
                codes.append(code)
        chosen = []
        for code in codes:
            organisations = self.organisations.get(code)
            if organisations and rng.random() < 0.6:
                chosen.append((rng.choice(organisations), None))
            else:
                chosen.append((None, self.countries[code]))
        return chosen


def _document(title: str, topics: list[Any], participants: list[tuple[Any, Any]]) -> str:
    from consortia.core.search import build_document

    return build_document(
        title,
        [label for t in topics for label in (t.label_en, t.label_ru, t.label_zh)],
        [organisation.name for organisation, _ in participants if organisation is not None],
        [
            name
            for _, state in participants
            if state is not None
            for name in (state.name_en, state.name_ru, state.name_zh)
        ],
    )


def _country_of(participant: tuple[Any, Any]) -> str:
    organisation, state = participant
    return str(state.code if state is not None else organisation.country_id)


KIND_TITLES = {
    "memorandum": "Memorandum of understanding on {topic}",
    "declaration": "Joint declaration on {topic}",
    "programme": "Cooperation programme in {topic}",
    "contract": "Agreement on {topic}",
    "strategy": "Strategy of cooperation in {topic}",
    "roadmap": "Roadmap for {topic}",
}
STATUSES = [
    ("draft", 5),
    ("signed", 30),
    ("in_force", 40),
    ("completed", 10),
    ("expired", 10),
    ("terminated", 5),
]
LIGHT_WEIGHTS = [("green", 50), ("amber", 20), ("red", 20), ("", 10)]
LIGHT_ORDER = {"": 0, "green": 1, "amber": 2, "red": 3}


def _load_agreements(
    rng: random.Random, world: _World, operator: Any, count: int, first: int
) -> None:
    from django.db import transaction

    from consortia.agreements.models import Agreement, Commitment, Party
    from consortia.core import clock

    now = clock.now()
    rows = []
    for number in range(first, first + count):
        kind = rng.choice(list(KIND_TITLES))
        topics = rng.sample(world.topics, rng.randint(1, 3))
        participants = world.participants(rng, rng.choices([2, 2, 3, 3, 4, 5, 6])[0])
        status = rng.choices([s for s, _ in STATUSES], weights=[w for _, w in STATUSES])[0]
        title = KIND_TITLES[kind].format(topic=topics[0].label_en.lower()) + f" (No. {number})"
        lights = [
            rng.choices([c for c, _ in LIGHT_WEIGHTS], weights=[w for _, w in LIGHT_WEIGHTS])[0]
            for _ in range(rng.randint(1, 5))
        ]
        agreement = Agreement(
            kind=kind,
            title=title,
            language="en",
            status=status,
            signed_on=None if status == "draft" else _signed_on(rng),
            visibility="parties" if rng.random() < 0.1 else "public",
            created_by=operator,
            light=max(lights, key=LIGHT_ORDER.__getitem__),
            created_at=now,
            updated_at=now,
            search_document=_document(title, topics, participants),
        )
        rows.append((agreement, topics, participants, lights))
    with transaction.atomic():
        Agreement.objects.bulk_create([row[0] for row in rows], batch_size=500)
        Party.objects.bulk_create(
            [
                Party(agreement=agreement, organisation=organisation, state=state)
                for agreement, _, participants, _ in rows
                for organisation, state in participants
            ],
            batch_size=1000,
        )
        Agreement.countries.through.objects.bulk_create(
            [
                Agreement.countries.through(agreement_id=agreement.pk, country_id=code)
                for agreement, _, participants, _ in rows
                for code in sorted({_country_of(p) for p in participants})
            ],
            batch_size=1000,
        )
        Agreement.topics.through.objects.bulk_create(
            [
                Agreement.topics.through(agreement_id=agreement.pk, topic_id=topic.pk)
                for agreement, topics, _, _ in rows
                for topic in topics
            ],
            batch_size=1000,
        )
        Commitment.objects.bulk_create(
            [
                Commitment(
                    agreement=agreement,
                    text=f"Commitment {position} of {agreement.title}",
                    light=light,
                    position=position,
                    due_on=(agreement.signed_on or date(2026, 1, 1)) + timedelta(days=365),
                    created_at=now,
                    updated_at=now,
                )
                for agreement, _, _, lights in rows
                for position, light in enumerate(lights)
            ],
            batch_size=1000,
        )


PROJECT_STATUSES = [("proposed", 20), ("active", 50), ("completed", 25), ("cancelled", 5)]


def _load_projects(
    rng: random.Random, world: _World, operator: Any, count: int, first: int
) -> None:
    from django.db import transaction

    from consortia.core import clock
    from consortia.projects.models import BudgetLine, Partner, Project

    now = clock.now()
    rows = []
    for number in range(first, first + count):
        topics = rng.sample(world.topics, rng.randint(1, 2))
        participants = world.participants(rng, rng.randint(2, 5))
        starts_on = _signed_on(rng) if rng.random() < 0.95 else None
        ends_on = starts_on + timedelta(days=rng.randint(180, 1500)) if starts_on else None
        title = f"Joint project in {topics[0].label_en.lower()} (No. {number})"
        project = Project(
            title=title,
            language="en",
            status=rng.choices(
                [s for s, _ in PROJECT_STATUSES], weights=[w for _, w in PROJECT_STATUSES]
            )[0],
            starts_on=starts_on,
            ends_on=ends_on,
            visibility="partners" if rng.random() < 0.1 else "public",
            created_by=operator,
            created_at=now,
            updated_at=now,
            search_document=_document(title, topics, participants),
        )
        budget = [
            (currency, Decimal(rng.randrange(10_000, 50_000_000)) / 100)
            for currency in rng.sample(CURRENCIES, rng.randint(1, 3))
        ]
        rows.append((project, topics, participants, budget))
    with transaction.atomic():
        Project.objects.bulk_create([row[0] for row in rows], batch_size=500)
        Partner.objects.bulk_create(
            [
                Partner(
                    project=project,
                    organisation=organisation,
                    state=state,
                    role="lead" if index == 0 else "partner",
                )
                for project, _, participants, _ in rows
                for index, (organisation, state) in enumerate(participants)
            ],
            batch_size=1000,
        )
        Project.countries.through.objects.bulk_create(
            [
                Project.countries.through(project_id=project.pk, country_id=code)
                for project, _, participants, _ in rows
                for code in sorted({_country_of(p) for p in participants})
            ],
            batch_size=1000,
        )
        Project.topics.through.objects.bulk_create(
            [
                Project.topics.through(project_id=project.pk, topic_id=topic.pk)
                for project, topics, _, _ in rows
                for topic in topics
            ],
            batch_size=1000,
        )
        BudgetLine.objects.bulk_create(
            [
                BudgetLine(project=project, label="Budget", amount=amount, currency=currency)
                for project, _, _, budget in rows
                for currency, amount in budget
            ],
            batch_size=1000,
        )


# ------------------------------------------------------------------------------------------
# The worker: measure
# ------------------------------------------------------------------------------------------


def _member() -> Any:
    """A member of the organisation that is party to the most parties-only agreements."""
    from django.db.models import Count, Q

    from consortia.directory.models import Membership, Organisation

    organisation = (
        Organisation.objects.filter(memberships__isnull=False)
        .annotate(
            secret=Count(
                "agreement_parties",
                filter=Q(agreement_parties__agreement__visibility="parties"),
            )
        )
        .order_by("-secret", "pk")
        .first()
    )
    membership = Membership.objects.filter(organisation=organisation).select_related(
        "person__user"
    )[0]
    return membership.person.user


def _scenarios(args: argparse.Namespace) -> dict[str, dict[str, Any]]:
    """Each scenario: a description, who asks, and the URLs to request."""
    total = args.warmup + args.requests
    rng = random.Random(args.seed)
    combinations = [(c, y) for c in COUNTRIES[:20] for y in range(2015, 2027)]
    rng.shuffle(combinations)
    filtered = [{"country": c, "year": str(y)} for c, y in shared._cycle(combinations, total)]
    searched = [{"q": word} for word in shared._cycle(SEARCH_WORDS, total)]
    map_filters = [
        {"year_from": str(y), "kind": k}
        for y, k in shared._cycle(
            [(y, k) for y in range(2015, 2026) for k in ("memorandum", "programme", "")], total
        )
    ]

    def urls(base: str, params: list[dict[str, str]]) -> list[str]:
        return [
            f"{base}?{urlencode({k: v for k, v in p.items() if v})}" if any(p.values()) else base
            for p in params
        ]

    def same(url: str) -> list[str]:
        return [url] * total

    return {
        "bare": {
            "title": "bare JSON view (baseline)",
            "as": "anonymous",
            "urls": same("/bench/bare"),
        },
        "registry": {"title": "/agreements/", "as": "anonymous", "urls": same("/agreements/")},
        "registry_filtered": {
            "title": "/agreements/?country=…&year=…",
            "as": "anonymous",
            "urls": urls("/agreements/", filtered),
        },
        "registry_search": {
            "title": "/agreements/?q=…",
            "as": "anonymous",
            "urls": urls("/agreements/", searched),
        },
        "timeline": {
            "title": "/agreements/timeline/",
            "as": "anonymous",
            "urls": same("/agreements/timeline/"),
        },
        "map_anonymous": {
            "title": "/insights/map/ (anonymous)",
            "as": "anonymous",
            "urls": same("/insights/map/"),
        },
        "map_member": {
            "title": "/insights/map/ (member)",
            "as": "member",
            "urls": same("/insights/map/"),
        },
        "map_filtered": {
            "title": "/insights/map/?year_from=…&kind=… (member)",
            "as": "member",
            "urls": urls("/insights/map/", map_filters),
        },
        "insights_anonymous": {
            "title": "/insights/ (anonymous)",
            "as": "anonymous",
            "urls": same("/insights/"),
        },
        "insights_member": {
            "title": "/insights/ (member)",
            "as": "member",
            "urls": same("/insights/"),
        },
    }


def run_worker(args: argparse.Namespace) -> int:
    shared._setup_django()
    from django.core.management import call_command
    from django.test import Client

    report: dict[str, Any] = {
        "environment": shared._environment(args.database),
        "label": args.label,
        "parameters": {
            "orgs": args.orgs,
            "agreements": args.agreements,
            "projects": args.projects,
            "seed": args.seed,
            "requests": args.requests,
            "warmup": args.warmup,
        },
    }
    load = _load(args)
    report["load"] = load
    counts = load["counts"]
    print(
        f"Loaded {counts['agreements']:,} agreements ({counts['parties']:,} parties, "
        f"{counts['commitments']:,} commitments, {counts['countries_used']} countries) and "
        f"{counts['projects']:,} projects ({counts['budget_lines']:,} budget lines) in "
        f"{load['load_seconds']:.1f} s; {counts['organisations']:,} organisations in "
        f"{load['organisations_seconds']:.1f} s; analyze {load['analyze_seconds']:.1f} s",
        flush=True,
    )
    call_command("collectstatic", interactive=False, verbosity=0)
    shared._limit_statements(args.request_timeout)
    clients = {"anonymous": Client(), "member": Client()}
    clients["member"].force_login(_member())
    args.scenario_budget = float(args.scenario_budget)
    report["scenarios"] = {}
    for name, scenario in _scenarios(args).items():
        print(f"Measuring {name} …", flush=True)
        client = clients[scenario["as"]]
        try:
            measured = shared._measure(client, scenario, args)
            diagnosis = shared._diagnose(client, scenario, args)
        except Exception as error:  # noqa: BLE001 - one broken scenario must not lose the others
            print(f"  {name} failed: {error!r}", file=sys.stderr, flush=True)
            report["scenarios"][name] = {"title": scenario["title"], "error": repr(error)}
            continue
        measured.pop("by_term", None)
        report["scenarios"][name] = {
            "title": scenario["title"],
            "as": scenario["as"],
            "example_url": scenario["urls"][args.warmup],
            "target_p95_ms": None if name == "bare" else TARGET_MS,
            **measured,
            **diagnosis,
        }
    bare = report["scenarios"].get("bare", {}).get("p95_ms")
    for entry in report["scenarios"].values():
        if "error" in entry:
            entry["target_met"] = False
            continue
        entry["p95_over_bare_p95"] = round(entry["p95_ms"] / bare, 1) if bare else None
        entry["target_met"] = (
            None if entry["target_p95_ms"] is None else entry["p95_ms"] <= entry["target_p95_ms"]
        )
    path = _result_path(args.database, args.label)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    print(format_table(report))
    for name, entry in report["scenarios"].items():
        slow = entry.get("slowest_query", {}).get("ms", 0) >= args.explain_over_ms
        if "slowest_query" in entry and (entry.get("target_met") is False or slow):
            print(shared.format_slowest(name, entry))
    print(f"Results written to {path.relative_to(ROOT)}", flush=True)
    return 0


def format_table(report: dict[str, Any]) -> str:
    env, load, counts = report["environment"], report["load"], report["load"]["counts"]
    lines = [
        "",
        f"{env['database']} {env['database_version']} · {counts['agreements']:,} agreements, "
        f"{counts['commitments']:,} commitments, {counts['projects']:,} projects, "
        f"{counts['organisations']:,} organisations · load {load['load_seconds']:.1f} s"
        + (f" · {report['label']}" if report.get("label") else ""),
        f"{'scenario':<46} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'p95/bare':>9} "
        f"{'≤200 ms':>8} {'SQL/req':>8} {'DB p50':>7}",
        "-" * 104,
    ]
    for entry in report["scenarios"].values():
        if "error" in entry:
            lines.append(f"{entry['title']:<46} failed: {entry['error'][:80]}")
            continue
        met = {True: "yes", False: "NO", None: "—"}[entry["target_met"]]
        queries = entry.get("queries_per_request")
        if queries is None:
            sql = "?"
        elif queries["min"] == queries["max"]:
            sql = str(queries["min"])
        else:
            sql = f"{queries['min']}–{queries['max']}"
        ratio = entry["p95_over_bare_p95"]
        db = entry.get("db_ms_p50")
        bound = "≥" if entry["p95_is_lower_bound"] else ""
        lines.append(
            f"{entry['title']:<46} {entry['requests']:>4} {entry['p50_ms']:>8.1f} "
            f"{bound + format(entry['p95_ms'], '.1f'):>8} "
            f"{(f'{ratio:.1f}×' if ratio is not None else '?'):>9} {met:>8} {sql:>8} "
            f"{(f'{db:.1f}' if db is not None else '?'):>7}"
        )
        if entry["timeouts"]:
            lines.append(f"    {entry['timeouts']} request(s) exceeded {entry['timeout_s']:g} s")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--quick", action="store_true", help="small data, few requests (smoke)")
    parser.add_argument("--orgs", type=int, default=3000, help="organisations (default 3000)")
    parser.add_argument("--agreements", type=int, default=20_000)
    parser.add_argument("--projects", type=int, default=5_000)
    parser.add_argument("--requests", type=int, default=200, help="timed requests per scenario")
    parser.add_argument("--warmup", type=int, default=20, help="warm-up requests per scenario")
    parser.add_argument("--diagnose", type=int, default=20, help="requests replayed with SQL timed")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--request-timeout", type=float, default=30.0, help="abort a request's SQL after this (s)"
    )
    parser.add_argument("--max-timeouts", type=int, default=3, help="stop a scenario after this")
    parser.add_argument(
        "--scenario-budget",
        type=float,
        default=600.0,
        help="seconds of timed requests per scenario",
    )
    parser.add_argument(
        "--explain-over-ms", type=float, default=50.0, help="print the plan of slower statements"
    )
    parser.add_argument("--postgres-url", default=shared.DEFAULT_POSTGRES_URL)
    parser.add_argument("--keep", action="store_true", help="keep the temporary data directory")
    parser.add_argument("--label", default="", help="suffix of the results file (experiments)")
    parser.add_argument(
        "--src",
        default=str(ROOT / "src"),
        help="import consortia from this directory (measure a patched copy; default: ./src)",
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.quick and not args.worker:
        for name, value in QUICK.items():
            setattr(args, name, value)
        args.label = args.label or "quick"
    if args.worker:
        if args.database == "both":
            parser.error("a worker runs one database")
        return run_worker(args)
    if args.database in {"postgresql", "both"}:
        shared._postgres_database(args.postgres_url)
    return run_parent(args)


if __name__ == "__main__":
    sys.exit(main())
