"""Races for the last place: 32 threads, each on its own database connection, released together
by a barrier. Exactly one takes the last desk of a soft-landing offer, exactly one takes the only
place of a programme, and the database agrees. Runs on SQLite and on PostgreSQL.

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
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, connection, connections

from consortia.accounts.models import User
from consortia.core.models import AuditEvent
from consortia.directory.models import Organisation
from consortia.opportunities import services
from consortia.opportunities.models import (
    Application,
    ApplicationStatus,
    Booking,
    Engagement,
    EngagementKind,
    Opportunity,
)
from tests.conftest import World
from tests.factories.directory import OrganisationFactory

from .conftest import applicant, engagement_of, publish, submitted

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

THREADS = 32
PREBOOKED = 300
STARTS_ON = date(2025, 1, 1)
ENDS_ON = date(2025, 12, 31)


@pytest.fixture(autouse=True)
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


def _race(prepare: Callable[[int], Callable[[], Any]]) -> list[str]:
    """Run ``prepare(i)()`` in 32 threads at once. ``prepare`` loads what the attempt needs on
    the thread's own connection before the barrier; the attempts start together. Returns
    "won", or the refusal's message dict as text, per thread."""
    barrier = threading.Barrier(THREADS)
    outcomes: list[str] = ["not run"] * THREADS
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

    threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
    # Switch threads every microsecond rather than every 5 ms, so that without the locks the
    # check of one attempt and its write really do interleave with the others'.
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    finally:
        sys.setswitchinterval(interval)
    assert not any(thread.is_alive() for thread in threads)
    connection.ensure_connection()
    assert len(connection_ids) == THREADS  # each thread had a connection of its own
    assert id(connection.connection) not in connection_ids
    return outcomes


def test_the_test_database_is_one_that_threads_can_write_to_concurrently():
    if connection.vendor == "sqlite":
        assert not connection.is_in_memory_db()
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
    else:
        assert connection.vendor == "postgresql"


def _already_booked(offer: Opportunity, count: int) -> None:
    """``count`` residencies holding one desk each, starting on successive days of the year and
    all lasting until its end: the last desk is the one free on 31 December. So many bookings
    also make the offer's check slow enough that, without its lock, attempts would interleave."""
    organisations = Organisation.objects.bulk_create(OrganisationFactory.build_batch(count))
    applications = Application.objects.bulk_create(
        Application(opportunity=offer, applicant=organisation, status=ApplicationStatus.ACCEPTED)
        for organisation in organisations
    )
    engagements = Engagement.objects.bulk_create(
        Engagement(application=application, kind=EngagementKind.RESIDENCY)
        for application in applications
    )
    Booking.objects.bulk_create(
        Booking(
            engagement=engagement,
            offer=offer,
            starts_on=STARTS_ON + timedelta(days=day),
            ends_on=ENDS_ON,
            desks=1,
        )
        for day, engagement in enumerate(engagements)
    )


def test_thirty_two_hosts_booking_the_last_desk_at_once_leave_exactly_one_winner(world: World):
    offer = publish(world, kind="soft_landing", desks=PREBOOKED + 1)
    _already_booked(offer, PREBOOKED)
    contenders = [
        engagement_of(world, offer, applicant(f"Contender {i}")).pk for i in range(THREADS)
    ]
    assert services.booked_on(offer, ENDS_ON) == {"desks": PREBOOKED, "housing": 0}

    def prepare(i: int) -> Callable[[], Any]:
        engagement = Engagement.objects.select_related("application").get(pk=contenders[i])
        host = User.objects.get(pk=world.users["admin_a"].pk)
        offer_row = Opportunity.objects.get(pk=offer.pk)
        return lambda: services.book_residency(
            engagement, by=host, offer=offer_row, starts_on=STARTS_ON, ends_on=ENDS_ON
        )

    outcomes = _race(prepare)

    assert outcomes.count("won") == 1, outcomes
    assert (
        outcomes.count(str({"desks": ["Not enough desks free for these dates: 0 left."]}))
        == THREADS - 1
    ), outcomes
    assert Booking.objects.filter(offer=offer).count() == PREBOOKED + 1
    assert Booking.objects.filter(engagement_id__in=contenders).count() == 1
    assert services.booked_on(offer, STARTS_ON) == {"desks": 2, "housing": 0}
    assert services.booked_on(offer, ENDS_ON) == {"desks": PREBOOKED + 1, "housing": 0}
    assert AuditEvent.objects.filter(action="engagement.booked").count() == 1


def test_thirty_two_acceptances_of_the_only_place_at_once_accept_exactly_one(world: World):
    programme = publish(world, kind="programme", capacity=1)
    applications = [submitted(programme, applicant(f"Applicant {i}")).pk for i in range(THREADS)]
    deciders = [world.users["admin_a"].pk, world.users["owner_a"].pk, world.users["operator"].pk]

    def prepare(i: int) -> Callable[[], Any]:
        application = Application.objects.select_related("opportunity").get(pk=applications[i])
        decider = User.objects.get(pk=deciders[i % len(deciders)])
        return lambda: services.accept_application(application, by=decider)

    outcomes = _race(prepare)

    assert outcomes.count("won") == 1, outcomes
    assert outcomes.count(str({"capacity": ["Every place is taken."]})) == THREADS - 1, outcomes
    statuses = list(
        Application.objects.filter(opportunity=programme).values_list("status", flat=True)
    )
    assert sorted(statuses) == [ApplicationStatus.ACCEPTED] + [ApplicationStatus.SUBMITTED] * 31
    assert AuditEvent.objects.filter(action="application.accepted").count() == 1
