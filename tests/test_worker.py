"""Past one machine: a service enqueues after commit, Redis carries the task, a worker sends it."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

CONSORTIA = [sys.executable, "-m", "consortia.cli"]
REDIS_URL = "redis://127.0.0.1:6379/13"


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL"}}
    return env | {"CONSORTIA_DATA_DIR": str(data_dir), "REDIS_URL": REDIS_URL}


@pytest.fixture
def redis_available() -> None:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL).flushdb()
    except redis.ConnectionError:
        pytest.fail(f"Redis must run at {REDIS_URL} (see .ci/run)")


def test_worker_sends_invitation_enqueued_by_the_web_process(tmp_path, redis_available):
    env = _env(tmp_path)
    subprocess.run([*CONSORTIA, "manage", "migrate", "-v", "0"], env=env, check=True, timeout=120)
    worker = subprocess.Popen(
        [*CONSORTIA, "worker", "--concurrency", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    invite = (
        "from consortia.accounts.models import User\n"
        "from consortia.directory import services\n"
        "from consortia.directory.models import Membership, Organisation\n"
        "user = User.objects.create_user('owner@example.org', 'x')\n"
        "services.create_person(user, full_name='Owner')\n"
        "org = services.register_organisation(by=user, name='Tashkent Labs', kind='startup', country='UZ', language='ru')\n"
        "services.invite_colleague(org, by=user, email='colleague@example.org')\n"
    )
    try:
        subprocess.run(
            [*CONSORTIA, "manage", "shell", "-c", invite],
            env=env,
            check=True,
            timeout=120,
            capture_output=True,
        )
        outbox = tmp_path / "outbox"
        deadline = time.monotonic() + 60
        message = ""
        # The file backend creates the file before it writes the message into it: wait for both.
        while "\n\n" not in message:
            assert worker.poll() is None, worker.stdout.read() if worker.stdout else ""
            assert time.monotonic() < deadline, "the worker did not send the invitation"
            time.sleep(0.5)
            files = sorted(outbox.iterdir()) if outbox.exists() else []
            message = files[0].read_text() if files else ""
    finally:
        worker.terminate()
        log = worker.communicate(timeout=30)[0]

    assert "To: colleague@example.org" in message
    assert "You are invited to join Tashkent Labs on Consortia" in message
    assert "consortia.directory.tasks.send_invitation_email" in log
    assert "succeeded" in log
