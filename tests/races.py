"""Races: many threads, each on its own database connection, released together by a barrier.

Use with ``pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)``. The
SQLite test database is a file in WAL mode (``DATABASES["default"]["TEST"]`` in the settings),
opened by every thread with the production options (``BEGIN IMMEDIATE``, a 20 s busy timeout), so
concurrent writers serialise as they do in production rather than fail with SQLITE_LOCKED as on
Django's shared-cache in-memory default.
"""

import sys
import threading
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection

THREADS = 32


def race(prepare: Callable[[int], Callable[[], Any]], threads: int = THREADS) -> list[str]:
    """Run ``prepare(i)()`` in ``threads`` threads at once. ``prepare`` loads what the attempt needs on
    the thread's own connection before the barrier; the attempts start together. Returns
    "won", or the refusal's message dict as text, per thread."""
    barrier = threading.Barrier(threads)
    outcomes: list[str] = ["not run"] * threads
    connection_ids: set[int] = set()
    lock = threading.Lock()

    def run(i: int) -> None:
        try:
            attempt = prepare(i)
            connection.ensure_connection()
            with lock:
                connection_ids.add(id(connection.connection))
            barrier.wait(timeout=60)
            attempt()
            outcomes[i] = "won"
        except ValidationError as refused:
            outcomes[i] = str(refused.message_dict)
        except BaseException as error:  # reported by the assertions on the outcomes
            outcomes[i] = f"error: {error!r}"
        finally:
            connection.close()

    workers = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    # Switch threads every microsecond rather than every 5 ms, so that without the locks the
    # check of one attempt and its write really do interleave with the others'.
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        for thread in workers:
            thread.start()
        for thread in workers:
            thread.join(timeout=120)
    finally:
        sys.setswitchinterval(interval)
    assert not any(thread.is_alive() for thread in workers)
    connection.ensure_connection()
    assert len(connection_ids) == threads  # each thread had a connection of its own
    assert id(connection.connection) not in connection_ids
    return outcomes


def assert_threads_can_write_concurrently() -> None:
    """The test database is one where concurrent writers serialise as in production."""
    if connection.vendor == "sqlite":
        assert not connection.is_in_memory_db()
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
    else:
        assert connection.vendor == "postgresql"
