"""Tasks without a broker run in the embedded pool after commit, and never before; a mail server
that is down neither holds a page nor turns a committed write into an error, and the mail goes
once it is back."""

import logging
import threading
import time
from typing import Any

import pytest
from celery import shared_task
from django.db import transaction

from consortia.core import audit, tasks
from consortia.core.models import AuditEvent
from consortia.core.tasks import POOL_SIZE, enqueue, enqueue_long, wait_for_background
from consortia.messaging.models import Interest, Notification
from tests.factories.directory import OfferFactory
from tests.smtp import Mailbox, free_port, send_mail_to, smtp_server

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@shared_task
def note_thread(label: str) -> None:
    audit.record(
        "test.background", data={"label": label, "thread": threading.current_thread().name}
    )


@shared_task
def hold(label: str) -> None:
    time.sleep(0.2)
    note_thread(label)


def test_enqueue_runs_in_a_thread_after_commit(settings: Any) -> None:
    settings.CONSORTIA_BACKGROUND_THREADS = True

    with transaction.atomic():
        enqueue(note_thread, "committed")
        assert not AuditEvent.objects.filter(action="test.background").exists()
    wait_for_background(timeout=30)

    event = AuditEvent.objects.get(action="test.background")
    assert event.data["label"] == "committed"
    assert event.data["thread"] != threading.current_thread().name
    assert event.data["thread"].startswith("task-")


def test_enqueued_and_rolled_back_never_runs(settings: Any) -> None:
    settings.CONSORTIA_BACKGROUND_THREADS = True

    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue(note_thread, "rolled back")
        raise RuntimeError("the write failed")
    wait_for_background(timeout=30)

    assert not AuditEvent.objects.filter(action="test.background").exists()


def test_enqueue_runs_inline_when_threads_are_off() -> None:
    with transaction.atomic():
        enqueue(note_thread, "inline")

    assert AuditEvent.objects.get(action="test.background").data["thread"] == (
        threading.current_thread().name
    )


@shared_task(autoretry_for=(OSError,), max_retries=3)
def refused() -> None:
    raise OSError("connection refused")


def test_long_work_gets_a_thread_of_its_own(settings: Any) -> None:
    """A B2B scheduler run never waits behind a mail backlog in the pool."""
    settings.CONSORTIA_BACKGROUND_THREADS = True

    with transaction.atomic():
        enqueue_long(note_thread, "long")
    assert wait_for_background(timeout=30)

    thread = AuditEvent.objects.get(action="test.background").data["thread"]
    assert thread == "long-tests.core.test_tasks.note_thread"


def test_a_retry_that_cannot_be_scheduled_is_logged_and_the_pool_goes_on(
    settings: Any, monkeypatch: pytest.MonkeyPatch, caplog: Any
) -> None:
    settings.CONSORTIA_BACKGROUND_THREADS = True

    def no_thread_left(*args: Any) -> None:
        raise RuntimeError("can't start new thread")

    monkeypatch.setattr(tasks, "_later", no_thread_left)
    with caplog.at_level(logging.WARNING, logger="consortia.core.tasks"):
        with transaction.atomic():
            for _ in range(POOL_SIZE):
                enqueue(refused)
        assert wait_for_background(timeout=30)
        with transaction.atomic():
            enqueue(note_thread, "after")
        assert wait_for_background(timeout=30)

    assert AuditEvent.objects.filter(action="test.background").count() == 1
    messages = [record.getMessage() for record in caplog.records]
    assert messages.count(
        "task tests.core.test_tasks.refused: its retry could not be scheduled"
    ) == (POOL_SIZE)


def test_many_tasks_share_a_bounded_pool(settings: Any) -> None:
    """A digest round of hundreds of e-mails does not start hundreds of threads."""
    settings.CONSORTIA_BACKGROUND_THREADS = True

    with transaction.atomic():
        for index in range(4 * POOL_SIZE):
            enqueue(hold, str(index))
    wait_for_background(timeout=30)

    events = AuditEvent.objects.filter(action="test.background")
    assert events.count() == 4 * POOL_SIZE
    assert 1 < len({event.data["thread"] for event in events}) <= POOL_SIZE


def test_a_mail_server_that_is_down_holds_no_page_and_the_mail_goes_when_it_is_back(
    world: Any, settings: Any, monkeypatch: pytest.MonkeyPatch, caplog: Any
) -> None:
    settings.CONSORTIA_BACKGROUND_THREADS = True
    down = Mailbox(port=free_port())  # nothing listens there yet: connection refused
    send_mail_to(settings, down)
    monkeypatch.setattr(tasks, "_seconds_until", lambda when: 1.0)  # not MAIL_RETRIES' 30 s+
    offer = OfferFactory(organisation=world.org_a, created_by=world.users["admin_a"])
    client = world.client("member_b")

    with caplog.at_level(logging.WARNING, logger="consortia.core.tasks"):
        started = time.monotonic()
        response = client.post(
            f"/offers/{offer.public_id}/interest/", {"kind": "supply", "message": "Sensors"}
        )
        answered = time.monotonic() - started
        wait_for_background(timeout=30)

    assert response.status_code == 302, response.content[:500]
    assert answered < 5
    assert Interest.objects.filter(offer=offer).count() == 1
    unsent = Notification.objects.filter(kind="interest.received", emailed_at__isnull=True)
    assert unsent.count() == 2  # A's admin and owner
    assert any("trying again in" in record.getMessage() for record in caplog.records)

    with smtp_server(port=down.port) as mailbox:
        for user in ("admin_a", "owner_a"):
            mailbox.wait_for(world.users[user].email, timeout=30)
        deadline = time.monotonic() + 10
        while unsent.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
    assert not unsent.exists()
    assert len(mailbox.messages) == 2
