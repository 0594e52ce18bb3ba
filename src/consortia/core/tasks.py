"""Task plumbing: :func:`enqueue` runs a task once the current transaction has committed, so a
rolled-back write never triggers follow-up work.

With a broker, a worker runs it. Without one (the embedded default) a small pool of threads in
this process does, so the request that enqueued it answers at once: a slow or unreachable mail
server holds no page, and a mail server that is down never turns a write already committed into
a server error. A retry the task asks for (``MAIL_RETRIES``) goes back to the pool once its
countdown has passed, as a worker would run it; one thread keeps the retries waiting. Work of
minutes (a B2B scheduler run) goes through :func:`enqueue_long` and gets a thread of its own, so
no mail backlog delays it. Tests run tasks inline instead (``CONSORTIA_BACKGROUND_THREADS``
off), where errors propagate."""

import heapq
import itertools
import logging
import os
import queue
import threading
import time
from datetime import UTC, datetime
from smtplib import SMTPException
from typing import Any

from celery import Task
from celery.canvas import Signature
from celery.exceptions import Retry
from django.conf import settings
from django.db import connections, transaction

from . import clock

logger = logging.getLogger(__name__)

# An SMTP server that is down or refuses for a while: eight retries with backoff (full jitter, at
# most an hour apart: up to about two hours); after that the periodic work's sweep for lost
# e-mail takes it up again, for a day.
MAIL_RETRIES: dict[str, Any] = {
    "autoretry_for": (SMTPException, OSError),
    "retry_backoff": 30,
    "retry_backoff_max": 3600,
    "max_retries": 8,
}

# Threads of the embedded pool.
POOL_SIZE = 3

_pending: "queue.Queue[Signature]" = queue.Queue()
_workers: list[threading.Thread] = []
_long: list[threading.Thread] = []
_lock = threading.Lock()
# Retries waiting for their countdown: (due on the monotonic clock, order, task), one thread.
_retries: list[tuple[float, int, Signature]] = []
_retry_ready = threading.Condition()
_retry_keeper: threading.Thread | None = None
_order = itertools.count()


def _in_this_process() -> bool:
    return bool(settings.CELERY_TASK_ALWAYS_EAGER and settings.CONSORTIA_BACKGROUND_THREADS)


def enqueue(task: Task, *args: Any) -> None:
    """Run ``task`` with ``args`` (IDs only) once the current transaction has committed."""

    def start() -> None:
        if _in_this_process():
            _submit(task.si(*args))
        else:
            task.delay(*args)

    transaction.on_commit(start)


def enqueue_long(task: Task, *args: Any) -> None:
    """Like :func:`enqueue`, for work of minutes: without a broker, in a thread of its own."""

    def start() -> None:
        if not _in_this_process():
            task.delay(*args)
            return
        thread = threading.Thread(
            target=_run, args=(task.si(*args),), name=f"long-{task.name}", daemon=True
        )
        with _lock:
            _long[:] = [t for t in _long if t.is_alive()]
            _long.append(thread)
        thread.start()

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
        _retry_later(name, retry)
    except Exception:
        logger.exception("task %s failed", name)
    finally:
        connections.close_all()  # this thread's own connections


def _retry_later(name: str, retry: Retry) -> None:
    try:
        delay = _seconds_until(retry.when)
        logger.warning("task %s: %s; trying again in %.0f s", name, retry.exc, delay)
        if retry.sig is not None:
            _later(retry.sig, delay)
    except Exception:  # a worker thread must outlive whatever goes wrong here
        logger.exception("task %s: its retry could not be scheduled", name)


def _seconds_until(when: Any) -> float:
    if isinstance(when, datetime):
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        return max(0.0, (when - clock.now()).total_seconds())
    return max(0.0, float(when or 0))


def _later(signature: Signature, delay: float) -> None:
    if delay <= 0:
        _submit(signature)  # before this task is marked done: wait_for_background sees it
        return
    global _retry_keeper
    with _retry_ready:
        heapq.heappush(_retries, (time.monotonic() + delay, next(_order), signature))
        if _retry_keeper is None or not _retry_keeper.is_alive():
            _retry_keeper = threading.Thread(target=_keep_retries, name="task-retries", daemon=True)
            _retry_keeper.start()
        _retry_ready.notify()


def _keep_retries() -> None:
    while True:
        with _retry_ready:
            while not _retries or _retries[0][0] > time.monotonic():
                _retry_ready.wait(_retries[0][0] - time.monotonic() if _retries else None)
            _due, _position, signature = heapq.heappop(_retries)
        _submit(signature)


def _forget_the_parents_pool() -> None:
    """A forked child (a gunicorn worker forked by the master, whose periodic work uses the pool)
    has none of the parent's threads and may have copied a lock another thread held: it starts a
    pool of its own, and the parent's queue and retries stay the parent's."""
    global _pending, _lock, _retry_ready, _retry_keeper
    _pending = queue.Queue()
    _lock = threading.Lock()
    _workers.clear()
    _long.clear()
    _retries.clear()
    _retry_ready = threading.Condition()
    _retry_keeper = None


os.register_at_fork(after_in_child=_forget_the_parents_pool)


def wait_for_background(timeout: float = 60) -> bool:
    """Wait until the pool and the long-work threads have run everything started so far, retries
    still counting down aside (tests). Returns whether all was done within ``timeout``."""
    deadline = time.monotonic() + timeout
    with _lock:
        long_work = list(_long)
    for thread in long_work:
        thread.join(max(0.0, deadline - time.monotonic()))
    while _pending.unfinished_tasks and time.monotonic() < deadline:
        time.sleep(0.02)
    return not _pending.unfinished_tasks and not any(t.is_alive() for t in long_work)
