"""Long tasks without a broker run in a background thread after commit, and never before."""

import threading
from typing import Any

import pytest
from celery import shared_task
from django.db import transaction

from consortia.core import audit
from consortia.core.models import AuditEvent
from consortia.core.tasks import enqueue_long, wait_for_background

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@shared_task
def note_thread(label: str) -> None:
    audit.record("test.background", data={"label": label, "thread": threading.current_thread().name})


def test_enqueue_long_runs_in_a_thread_after_commit(settings: Any) -> None:
    settings.CONSORTIA_BACKGROUND_THREADS = True

    with transaction.atomic():
        enqueue_long(note_thread, "committed")
        assert not AuditEvent.objects.filter(action="test.background").exists()
    wait_for_background(timeout=30)

    event = AuditEvent.objects.get(action="test.background")
    assert event.data["label"] == "committed"
    assert event.data["thread"] != threading.current_thread().name
    assert event.data["thread"].startswith("task-")


def test_enqueue_long_rolled_back_never_runs(settings: Any) -> None:
    settings.CONSORTIA_BACKGROUND_THREADS = True

    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue_long(note_thread, "rolled back")
        raise RuntimeError("the write failed")
    wait_for_background(timeout=30)

    assert not AuditEvent.objects.filter(action="test.background").exists()


def test_enqueue_long_runs_inline_when_threads_are_off() -> None:
    with transaction.atomic():
        enqueue_long(note_thread, "inline")

    assert AuditEvent.objects.get(action="test.background").data["thread"] == (
        threading.current_thread().name
    )
