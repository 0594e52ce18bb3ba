"""Races for the last place: 32 threads, each on its own database connection, released together
by a barrier. Exactly one takes the last desk of a soft-landing offer, exactly one takes the only
place of a programme, and the database agrees. Runs on SQLite and on PostgreSQL.
See `tests/races.py` for why SQLite runs these on a file.
"""

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

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
from tests.races import THREADS, assert_threads_can_write_concurrently, race

from .conftest import applicant, engagement_of, publish, submitted

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PREBOOKED = 300
STARTS_ON = date(2025, 1, 1)
ENDS_ON = date(2025, 12, 31)


def test_the_test_database_is_one_that_threads_can_write_to_concurrently():
    assert_threads_can_write_concurrently()


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

    outcomes = race(prepare)

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

    outcomes = race(prepare)

    assert outcomes.count("won") == 1, outcomes
    assert outcomes.count(str({"capacity": ["Every place is taken."]})) == THREADS - 1, outcomes
    statuses = list(
        Application.objects.filter(opportunity=programme).values_list("status", flat=True)
    )
    assert sorted(statuses) == [ApplicationStatus.ACCEPTED] + [ApplicationStatus.SUBMITTED] * 31
    assert AuditEvent.objects.filter(action="application.accepted").count() == 1
