"""Task plumbing: enqueue after commit. Without a broker Celery runs the task eagerly, in-process,
still only after the transaction commits, so a rolled-back write never triggers follow-up work.

Work that takes seconds to minutes (the B2B scheduler) goes through :func:`enqueue_long`: with a
broker it is an ordinary task; without one it runs in a thread of the web process, so the request
that started it returns at once and its page can show the progress."""

import threading
from typing import Any

from celery import Task
from django.conf import settings
from django.db import connections, transaction

_background: list[threading.Thread] = []
_background_lock = threading.Lock()


def enqueue(task: Task, *args: Any) -> None:
    """Run ``task`` with ``args`` (IDs only) once the current transaction has committed."""
    transaction.on_commit(lambda: task.delay(*args))


def enqueue_long(task: Task, *args: Any) -> None:
    """Like :func:`enqueue`, for long work: without a broker, in a background thread (unless
    ``CONSORTIA_BACKGROUND_THREADS`` is off, as in most tests, where it runs inline)."""

    def start() -> None:
        if not (settings.CELERY_TASK_ALWAYS_EAGER and settings.CONSORTIA_BACKGROUND_THREADS):
            task.delay(*args)
            return
        thread = threading.Thread(
            target=_run_in_thread, args=(task, args), name=f"task-{task.name}", daemon=True
        )
        with _background_lock:
            _background[:] = [t for t in _background if t.is_alive()]
            _background.append(thread)
        thread.start()

    transaction.on_commit(start)


def _run_in_thread(task: Task, args: tuple[Any, ...]) -> None:
    try:
        task.apply(args=args)
    finally:
        connections.close_all()  # this thread's own connections


def wait_for_background(timeout: float | None = None) -> None:
    """Join the background threads started so far (tests; a clean shutdown)."""
    with _background_lock:
        threads = list(_background)
    for thread in threads:
        thread.join(timeout)
