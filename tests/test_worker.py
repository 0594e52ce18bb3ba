"""Past one machine: a service enqueues after commit, Redis carries the task, a worker sends it."""

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from .smtp import Mailbox, free_port

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


class _StallingSmtp(Mailbox):
    """An SMTP server whose first message never completes: it waits in DATA until released, then
    drops it (421) as a server does when the client is gone. Later messages are accepted."""

    def __init__(self) -> None:
        super().__init__(port=free_port())
        self.stalled = threading.Event()
        self.release = threading.Event()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if not self.stalled.is_set():
            self.stalled.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
            return "421 Connection lost, message not accepted"
        return await super().handle_DATA(server, session, envelope)


def test_a_worker_killed_while_sending_leaves_the_mail_to_another_and_it_goes_once(
    tmp_path, redis_available
):
    """SIGKILL the whole worker (every process of it) in the middle of the SMTP transaction: the
    broker gives the unacknowledged task to the next worker after the visibility timeout, the
    e-mail's claim has expired by then, and exactly one copy arrives."""
    box = _StallingSmtp()
    controller = Controller(box, hostname="127.0.0.1", port=box.port)
    controller.start()
    env = _env(tmp_path) | {
        "EMAIL_URL": f"smtp://127.0.0.1:{box.port}?timeout=30",
        "CONSORTIA_SEND_LEASE_SECONDS": "3",
        "CONSORTIA_TASK_VISIBILITY_SECONDS": "6",
    }
    subprocess.run([*CONSORTIA, "manage", "migrate", "-v", "0"], env=env, check=True, timeout=120)

    def worker() -> subprocess.Popen:
        return subprocess.Popen(
            [*CONSORTIA, "worker", "--concurrency", "1"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,  # its own process group, killed whole
        )

    notify = (
        "from consortia.accounts.models import User\n"
        "from consortia.directory import services\n"
        "from consortia.messaging.services import notify\n"
        "user = User.objects.create_user('aigerim@example.org', 'x')\n"
        "person = services.create_person(user, full_name='Aigerim')\n"
        "notify(person, 'contact.requested', None, {'sender': 'Chen Wei', 'excerpt': 'Shall we meet?'})\n"
    )
    emailed = (
        "from consortia.messaging.models import Notification\n"
        "print(Notification.objects.get().emailed_at is not None)\n"
    )
    first = worker()
    second = None
    try:
        subprocess.run(
            [*CONSORTIA, "manage", "shell", "-c", notify],
            env=env,
            check=True,
            timeout=120,
            capture_output=True,
        )
        assert box.stalled.wait(60), first.stdout.read() if first.stdout else ""
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=30)
        box.release.set()
        second = worker()
        deadline = time.monotonic() + 90
        while not box.received_by("aigerim@example.org"):
            assert second.poll() is None, second.stdout.read() if second.stdout else ""
            assert time.monotonic() < deadline, "the killed worker's task never ran again"
            time.sleep(0.5)
        time.sleep(15)  # more than two visibility timeouts: a second copy would have come
        marked = subprocess.run(
            [*CONSORTIA, "manage", "shell", "-c", emailed],
            env=env,
            check=True,
            timeout=120,
            capture_output=True,
            text=True,
        )
    finally:
        for process in (first, second):
            if process is not None and process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                process.communicate(timeout=30)
        controller.stop()

    copies = box.received_by("aigerim@example.org")
    assert len(copies) == 1
    assert "Chen Wei asks to get in touch" in str(copies[0]["Subject"])
    assert marked.stdout.strip().splitlines()[-1] == "True"
