import os
import subprocess
import sys

import consortia.settings as configured


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("CONSORTIA_")} | env
    return subprocess.run(
        [sys.executable, "-m", "consortia.cli", "manage", *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy_without_warnings(tmp_path):
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        CONSORTIA_PRODUCTION="1",
        CONSORTIA_SECRET_KEY="x" * 64 + "-production-secret-from-the-environment",
        CONSORTIA_ALLOWED_HOSTS="consortia.example.org",
        CONSORTIA_DATA_DIR=str(tmp_path),
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_refuses_to_start_without_secret_key(tmp_path):
    result = _manage("check", CONSORTIA_PRODUCTION="1", CONSORTIA_DATA_DIR=str(tmp_path))

    assert result.returncode != 0
    assert "CONSORTIA_SECRET_KEY must be set when CONSORTIA_PRODUCTION=1" in result.stderr


def test_bad_boolean_in_environment_is_named(tmp_path):
    result = _manage("check", CONSORTIA_PRODUCTION="maybe", CONSORTIA_DATA_DIR=str(tmp_path))

    assert "CONSORTIA_PRODUCTION must be a boolean (1/0, true/false), got 'maybe'" in result.stderr


def test_a_task_visibility_shorter_than_the_send_lease_is_refused(tmp_path):
    result = _manage(
        "check",
        CONSORTIA_DATA_DIR=str(tmp_path),
        CONSORTIA_SEND_LEASE_SECONDS="600",
        CONSORTIA_TASK_VISIBILITY_SECONDS="300",
    )

    assert result.returncode != 0
    assert (
        "CONSORTIA_TASK_VISIBILITY_SECONDS must be longer than CONSORTIA_SEND_LEASE_SECONDS"
        in result.stderr
    )


def test_passwords_are_hashed_with_argon2():
    assert configured.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_embedded_default_is_sqlite_wal_with_immediate_transactions():
    database = configured.DATABASES["default"]

    if os.environ.get("DATABASE_URL"):
        assert database["ENGINE"] == "django.db.backends.postgresql"
    else:
        assert database["ENGINE"] == "django.db.backends.sqlite3"
        assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
        assert "PRAGMA journal_mode=WAL" in database["OPTIONS"]["init_command"]
        assert database["OPTIONS"]["timeout"] == 20


def test_celery_beat_schedules_only_tasks_the_workers_know():
    from consortia.celery import app

    app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in configured.CELERY_BEAT_SCHEDULE.values()}

    assert scheduled == {"consortia.periodic.periodic_work"}
    assert scheduled <= set(app.tasks)
    assert configured.CELERY_BEAT_SCHEDULE["periodic-work"]["schedule"] == float(
        configured.CONSORTIA_PERIODIC_SECONDS
    )
