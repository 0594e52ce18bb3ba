"""Races: many threads, each on its own database connection, released together by a barrier.

Use with ``pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)`` and
the ``on_a_file`` fixture (``@pytest.mark.usefixtures("on_a_file")`` or an autouse wrapper).

Why a file on SQLite: without ``DATABASES["default"]["TEST"]["NAME"]`` Django's SQLite test
database is the shared-cache in-memory database ``file:memorydb_default?mode=memory&cache=shared``.
Threads can open connections to it, but shared-cache locking answers a second writer with
SQLITE_LOCKED ("database table is locked") at once: the busy timeout does not apply, so the race
would end in errors rather than in the serialisation production relies on (a file in WAL mode,
``BEGIN IMMEDIATE``, a 20 s busy timeout). The ``on_a_file`` fixture therefore copies the test
database to a file with SQLite's backup API and points the connection settings at it for the
test, so every thread opens that file with the production options; the in-memory connection is
kept open meanwhile (closing it would drop the test database) and put back afterwards.
A ``TEST: {"NAME": ...}`` entry in the SQLite settings would make this unnecessary for every test.
"""

import sqlite3
import sys
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, connection, connections

THREADS = 32


@pytest.fixture
def on_a_file(tmp_path: Any) -> Iterator[None]:
    """On SQLite, run the test on a file copy of the in-memory test database (see above)."""
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield
        return
    settings_dict = connection.settings_dict
    assert settings_dict is connections.settings[DEFAULT_DB_ALIAS]  # what new threads read
    in_memory_name = settings_dict["NAME"]
    connection.ensure_connection()
    in_memory = connection.connection
    copy = sqlite3.connect(tmp_path / "race.sqlite3")
    in_memory.backup(copy)
    copy.close()
    connection.connection = None  # the next query connects to the file
    settings_dict["NAME"] = str(tmp_path / "race.sqlite3")
    try:
        yield
    finally:
        connection.close()
        settings_dict["NAME"] = in_memory_name
        connection.connection = in_memory


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
