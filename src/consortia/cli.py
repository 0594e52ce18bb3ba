"""The ``consortia`` command: demo, serve, worker, generate, backup, restore, manage."""

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "consortia.settings")
    import django

    django.setup()


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"port must be a number, got {value!r}") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"port must be between 1 and 65535, got {port}")
    return port


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if number < 0:
        raise argparse.ArgumentTypeError(f"expected zero or more, got {number}")
    return number


def _progress(total: int, description: str) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, desc=description, unit=" orgs", file=sys.stderr, dynamic_ncols=True)


def _prepare(*, migrate: bool) -> None:
    from django.core.management import call_command

    if migrate:
        call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)


def _serve(host: str, port: int, workers: int, threads: int) -> None:
    from gunicorn.app.base import BaseApplication

    from consortia.periodic import when_ready
    from consortia.wsgi import application

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("threads", threads)
            self.cfg.set("worker_class", "gthread")
            self.cfg.set("accesslog", "-")
            self.cfg.set("timeout", 60)
            # Keep idle connections open longer than people (and browsers) pause between
            # requests: at gunicorn's 2 s a request sent on a connection the server is closing
            # fails with "connection reset" (the load benchmark's failures).
            self.cfg.set("keepalive", 75)
            self.cfg.set("forwarded_allow_ips", os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"))
            self.cfg.set("when_ready", when_ready)

        def load(self) -> Any:
            return application

    Server().run()


def cmd_generate(args: argparse.Namespace) -> int:
    _setup_django()
    from consortia.directory.services.bulk import generated_so_far, load_generated

    already = generated_so_far(args.seed)
    with _progress(args.orgs, "Generating members") as bar:
        result = load_generated(args.orgs, seed=args.seed, progress=bar.update)
    print(
        f"Generated {result.created} organisations (seed {args.seed}); {min(already, args.orgs)} were already loaded."
    )
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    os.environ.setdefault("CONSORTIA_OPERATOR_MFA", "optional")
    _setup_django()
    from django.conf import settings

    from consortia.accounts.models import User
    from consortia.agreements.services import load_seed_agreements
    from consortia.directory.services.bulk import (
        load_generated,
        load_seed_world,
        sync_reference_data,
    )
    from consortia.directory.services.demo import ensure_demo_logins
    from consortia.events.services.seed import load_seed_events
    from consortia.messaging.services.demo import ensure_demo_conversations
    from consortia.opportunities.services.seed import load_seed_opportunities
    from consortia.projects.services.seed import load_seed_projects

    print(f"Data directory: {settings.DATA_DIR}")
    _prepare(migrate=True)
    sync_reference_data()
    seeded = load_seed_world()
    print(f"Seed world: {seeded.created} organisations added, {seeded.skipped} already there.")
    with _progress(args.orgs, "Generating members") as bar:
        load_generated(args.orgs, seed=args.seed, progress=bar.update)
    logins = ensure_demo_logins()
    ensure_demo_conversations()
    operator = next(login for login in logins if login.role == "operator")
    operator_user = User.objects.get(email=operator.email)
    agreements = load_seed_agreements(by=operator_user)
    print(f"Seed agreements: {agreements.created} added, {agreements.skipped} already there.")
    projects = load_seed_projects(by=operator_user)
    print(f"Seed projects: {projects.created} added, {projects.skipped} already there.")
    opportunities = load_seed_opportunities(by=operator_user)
    print(
        f"Seed opportunities: {opportunities.created} added, {opportunities.skipped} already there."
    )
    events = load_seed_events(by=operator_user)
    print(f"Seed events: {events.created} added, {events.skipped} already there.")
    from consortia.matching.services import refresh_profiles

    profiles = refresh_profiles()
    print(f"Recommendations: {profiles} profiles embedded and stored.")
    print("\nDemo sign-ins (for trying things out only):")
    for login in logins:
        where = f" — {login.organisation}" if login.organisation else ""
        print(f"  {login.role:<9} {login.email:<36} {login.password}{where}")
    print(
        f"\nE-mail is written to {settings.EMAIL_FILE_PATH if hasattr(settings, 'EMAIL_FILE_PATH') else 'SMTP'}"
    )
    print(f"Open http://{args.host}:{args.port}/\n", flush=True)
    _serve(args.host, args.port, args.workers, args.threads)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    _setup_django()
    _prepare(migrate=args.migrate)
    _serve(args.host, args.port, args.workers, args.threads)
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    _setup_django()
    from consortia.celery import app

    argv = ["worker", "--loglevel", args.loglevel, "--concurrency", str(args.concurrency)]
    if args.beat:
        argv.append("--beat")
    app.worker_main(argv)
    return 0


def cmd_beat(args: argparse.Namespace) -> int:
    _setup_django()
    from django.conf import settings

    from consortia.celery import app

    schedule = settings.DATA_DIR / "celerybeat-schedule"
    app.start(["beat", "--loglevel", args.loglevel, "--schedule", str(schedule)])
    return 0


def cmd_schedule(args: argparse.Namespace) -> int:
    from consortia.engines.scheduling.cli import run

    return run(args)


def cmd_recommend(args: argparse.Namespace) -> int:
    from consortia.engines.matching.cli import run

    return run(args)


def cmd_backup(args: argparse.Namespace) -> int:
    _setup_django()
    from consortia.core.backup import BackupError, create_backup

    try:
        summary = create_backup(args.output)
    except BackupError as error:
        print(f"consortia backup: {error}", file=sys.stderr)
        return 2
    print(
        f"Backed up the {summary.vendor} database ({summary.tables} tables, {summary.rows} rows) "
        f"and {summary.files} uploaded files to {summary.path}"
    )
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    _setup_django()
    from consortia.accounts.selectors import erased_accounts
    from consortia.accounts.services import erase_again_after_restore
    from consortia.core.backup import BackupError, RestoreMismatch, restore_backup, tables_in_use

    # Accounts erased in the database being replaced stay erased, whatever the backup holds. The
    # list is printed first: should the restore stop half-way, the operator still has it.
    erased = erased_accounts() if "accounts_user" in tables_in_use() else []
    if erased:
        print(
            "Accounts erased in the database being replaced (id, joined): "
            + ", ".join(f"{pk} {joined.isoformat()}" for pk, joined in erased)
        )
    mismatch: RestoreMismatch | None = None
    try:
        summary = restore_backup(args.input, overwrite=args.yes)
    except BackupError as error:
        print(f"consortia restore: {error}; nothing was changed", file=sys.stderr)
        return 2
    except RestoreMismatch as error:
        mismatch = error
    again = erase_again_after_restore(erased)
    if again:
        print(
            f"Erased again {len(again)} accounts erased after the backup was made: "
            + ", ".join(str(pk) for pk in again)
        )
    if mismatch is not None:
        print(f"consortia restore: {mismatch}", file=sys.stderr)
        return 1
    print(
        f"Restored {summary.tables} tables ({summary.rows} rows, every count as in the manifest) "
        f"and {summary.files} uploaded files from {summary.path}"
    )
    return 0


def cmd_manage(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "consortia.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["consortia manage", *args.arguments])
    return 0


def _add_server_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
    )
    parser.add_argument("--port", type=_port, default=8000, help="port to listen on (default 8000)")
    parser.add_argument("--workers", type=_positive, default=2, help="web processes (default 2)")
    parser.add_argument(
        "--threads", type=_positive, default=4, help="threads per process (default 4)"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="consortia", description="Consortia: the single window of an innovation alliance."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = commands.add_parser("demo", help="migrate, load the demo world and serve it")
    _add_server_options(demo)
    demo.add_argument(
        "--orgs", type=_positive, default=400, help="generated member organisations (default 400)"
    )
    demo.add_argument(
        "--seed", type=_positive, default=2026, help="seed of the generated members (default 2026)"
    )
    demo.set_defaults(handler=cmd_demo)

    serve = commands.add_parser("serve", help="serve the platform with gunicorn")
    _add_server_options(serve)
    serve.add_argument("--migrate", action="store_true", help="apply database migrations first")
    serve.set_defaults(handler=cmd_serve)

    worker = commands.add_parser(
        "worker", help="run a Celery worker (needs CELERY_BROKER_URL or REDIS_URL)"
    )
    worker.add_argument("--beat", action="store_true", help="also run the periodic scheduler")
    worker.add_argument("--concurrency", type=_positive, default=2)
    worker.add_argument("--loglevel", default="INFO", choices=["DEBUG", "INFO", "WARNING", "ERROR"])
    worker.set_defaults(handler=cmd_worker)

    beat = commands.add_parser(
        "beat", help="run the periodic scheduler (one per deployment; needs a broker)"
    )
    beat.add_argument("--loglevel", default="INFO", choices=["DEBUG", "INFO", "WARNING", "ERROR"])
    beat.set_defaults(handler=cmd_beat)

    generate = commands.add_parser(
        "generate", help="add generated member organisations (deterministic)"
    )
    generate.add_argument(
        "--orgs", type=_positive, required=True, help="how many organisations in total"
    )
    generate.add_argument("--seed", type=_positive, default=2026, help="random seed (default 2026)")
    generate.set_defaults(handler=cmd_generate)

    schedule = commands.add_parser(
        "schedule", help="schedule B2B meetings from a problem file (shared/formats/schedule.md)"
    )
    from consortia.engines.scheduling.cli import add_arguments

    add_arguments(schedule)
    schedule.set_defaults(handler=cmd_schedule)

    recommend = commands.add_parser(
        "recommend", help="rank items for queries with reasons (shared/formats/recommend.md)"
    )
    from consortia.engines.matching.cli import add_arguments as add_recommend_arguments

    add_recommend_arguments(recommend)
    recommend.set_defaults(handler=cmd_recommend)

    backup = commands.add_parser(
        "backup", help="write the database and every uploaded file to one .tar.gz archive"
    )
    backup.add_argument(
        "--output", type=Path, required=True, help="the archive to write (a new file, .tar.gz)"
    )
    backup.set_defaults(handler=cmd_backup)

    restore = commands.add_parser(
        "restore", help="replace the database and uploaded files with those of a backup"
    )
    restore.add_argument("--input", type=Path, required=True, help="an archive `backup` wrote")
    restore.add_argument(
        "--yes", action="store_true", help="replace a database that already holds data"
    )
    restore.set_defaults(handler=cmd_restore)

    manage = commands.add_parser("manage", help="any Django management command", add_help=False)
    manage.add_argument("arguments", nargs=argparse.REMAINDER)
    manage.set_defaults(handler=cmd_manage)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command in {"worker", "beat"}:
        _setup_django()
        from django.conf import settings

        if not settings.CELERY_BROKER_URL:
            print(
                f"consortia {args.command}: no broker configured; set REDIS_URL or "
                "CELERY_BROKER_URL (without one, `consortia serve` runs tasks and periodic "
                "work itself).",
                file=sys.stderr,
            )
            return 2
    return int(args.handler(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
