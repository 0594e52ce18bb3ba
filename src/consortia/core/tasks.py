"""Task plumbing: :func:`enqueue` runs a task once the current transaction has committed, so a
rolled-back write never triggers follow-up work.

With a broker, a worker runs it. Without one (the embedded default) a small pool of threads in
this process does, so the request that enqueued it answers at once: the B2B scheduler's minutes
and a slow or unreachable mail server hold no page, and a mail server that is down never turns a
write already committed into a server error. A retry the task asks for (``MAIL_RETRIES``) runs in
the pool after its countdown, as a worker would run it. Tests run tasks inline instead
(``CONSORTIA_BACKGROUND_THREADS`` off), where errors propagate."""

import logging
import os
import queue
import threading
import time
from datetime import datetime
from smtplib import SMTPException
from typing import Any

from celery import Task
from celery.canvas import Signature
from celery.exceptions import Retry
from django.conf import settings
from django.db import connections, transaction

from . import clock

logger = logging.getLogger(__name__)

# An SMTP server that is down or refuses for a while: retry with backoff, for about a day.
MAIL_RETRIES: dict[str, Any] = {
    "autoretry_for": (SMTPException, OSError),
    "retry_backoff": 30,
    "retry_backoff_max": 3600,
    "max_retries": 8,
}

# Threads of the embedded pool: one may run the B2B scheduler for minutes while others send mail.
POOL_SIZE = 3

_pending: "queue.Queue[Signature]" = queue.Queue()
_workers: list[threading.Thread] = []
_lock = threading.Lock()


def enqueue(task: Task, *args: Any) -> None:
    """Run ``task`` with ``args`` (IDs only) once the current transaction has committed."""

    def start() -> None:
        if settings.CELERY_TASK_ALWAYS_EAGER and settings.CONSORTIA_BACKGROUND_THREADS:
            _submit(task.si(*args))
        else:
            task.delay(*args)

    transaction.on_commit(start)


def _submit(signature: Signature) -> None:
    with _lock:
        _workers[:] = [worker for worker in _workers if worker.is_alive()]
        while len(_workers) < POOL_SIZE:
            worker = threading.Thread(target=_work, name=f"task-{len(_workers) + 1}", daemon=True)
            worker.start()
            _workers.append(worker)
    _pending.put(signature)


def _work() -> None:
    while True:
        signature = _pending.get()
        try:
            _run(signature)
        finally:
            _pending.task_done()


def _run(signature: Signature) -> None:
    name = signature.task
    try:
        signature.apply(throw=True)
    except Retry as retry:
        delay = _seconds_until(retry.when)
        logger.warning("task %s: %s; trying again in %.0f s", name, retry.exc, delay)
        if retry.sig is not None:
            _later(retry.sig, delay)
    except Exception:
        logger.exception("task %s failed", name)
    finally:
        connections.close_all()  # this thread's own connections


def _seconds_until(when: Any) -> float:
    if isinstance(when, datetime):
        return max(0.0, (when - clock.now()).total_seconds())
    return max(0.0, float(when or 0))


def _later(signature: Signature, delay: float) -> None:
    timer = threading.Timer(delay, _submit, args=(signature,))
    timer.daemon = True
    timer.start()


def _forget_the_parents_pool() -> None:
    """A forked child (a gunicorn worker forked by the master, whose periodic work uses the pool)
    has none of the parent's threads and may have copied a lock another thread held: it starts a
    pool of its own, and the parent's queue stays the parent's."""
    global _pending, _lock
    _pending = queue.Queue()
    _lock = threading.Lock()
    _workers.clear()


os.register_at_fork(after_in_child=_forget_the_parents_pool)


def wait_for_background(timeout: float = 60) -> None:
    """Wait until the pool has run everything submitted so far, retries not yet due aside
    (tests; a clean shutdown)."""
    deadline = time.monotonic() + timeout
    while _pending.unfinished_tasks and time.monotonic() < deadline:
        time.sleep(0.02)
