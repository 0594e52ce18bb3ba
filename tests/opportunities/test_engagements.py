"""What follows acceptance: the engagement's kind from the opportunity's, results with a contract
value, grant tranches, and desks and housing of a soft-landing offer that never overflow a day."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from consortia.core.models import AuditEvent
from consortia.core.money import Money
from consortia.core.permissions import NotPermitted
from consortia.directory.models import Role
from consortia.opportunities import services
from consortia.opportunities.models import (
    ApplicationStatus,
    Booking,
    Engagement,
    EngagementKind,
    Opportunity,
    Tranche,
)
from tests.conftest import World
from tests.factories.directory import MembershipFactory

from .conftest import Applicant, accepted, applicant, engagement_of, publish, started, submitted

MARCH = date(2025, 3, 1)


def _march(day: int) -> date:
    return MARCH.replace(day=day)


# Starting


@pytest.mark.parametrize(
    ("kind", "follows"),
    [
        ("pilot_request", EngagementKind.PILOT),
        ("challenge", EngagementKind.PILOT),
        ("programme", EngagementKind.RESIDENCY),
        ("soft_landing", EngagementKind.RESIDENCY),
        ("grant", EngagementKind.GRANT),
        ("investment_call", EngagementKind.INVESTMENT),
    ],
)
def test_the_engagement_kind_follows_the_opportunity_kind(
    world: World, gamma: Applicant, kind: str, follows: str
):
    opportunity = publish(world, kind=kind)
    application = accepted(world, opportunity, gamma)

    engagement = services.start_engagement(
        application,
        by=world.users["admin_a"],
        starts_on=_march(10),
        ends_on=_march(31),
        plan=" Test on three streets ",
    )

    engagement.refresh_from_db()
    assert (engagement.kind, engagement.starts_on, engagement.ends_on, engagement.plan) == (
        follows,
        _march(10),
        _march(31),
        "Test on three streets",
    )
    assert AuditEvent.objects.get(action="engagement.started").data == {"kind": follows}


@pytest.mark.parametrize(
    "status",
    [
        ApplicationStatus.DRAFT,
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.SHORTLISTED,
        ApplicationStatus.REJECTED,
        ApplicationStatus.WITHDRAWN,
    ],
)
def test_only_an_accepted_application_is_followed_up(
    world: World, challenge: Opportunity, gamma: Applicant, status: str
):
    admin = world.users["admin_a"]
    application = started(challenge, gamma) if status == "draft" else submitted(challenge, gamma)
    if status == ApplicationStatus.SHORTLISTED:
        services.shortlist_application(application, by=admin)
    if status == ApplicationStatus.REJECTED:
        services.reject_application(application, by=admin, reason="No.")
    if status == ApplicationStatus.WITHDRAWN:
        services.withdraw_application(application, by=gamma.member)
    application.refresh_from_db()

    with pytest.raises(ValidationError) as refused:
        services.start_engagement(application, by=admin)

    assert refused.value.message_dict == {
        "status": ["Only an accepted application is followed up."]
    }
    assert Engagement.objects.count() == 0


def test_an_application_is_followed_up_once(world: World, challenge: Opportunity, gamma: Applicant):
    first = engagement_of(world, challenge, gamma)

    with pytest.raises(ValidationError) as refused:
        services.start_engagement(first.application, by=world.users["admin_a"])

    assert refused.value.message_dict == {"application": ["It is already followed up."]}
    assert list(Engagement.objects.values_list("pk", flat=True)) == [first.pk]


def test_dates_in_the_wrong_order_are_refused(
    world: World, challenge: Opportunity, gamma: Applicant
):
    application = accepted(world, challenge, gamma)

    with pytest.raises(ValidationError) as refused:
        services.start_engagement(
            application, by=world.users["admin_a"], starts_on=_march(10), ends_on=_march(9)
        )

    assert list(refused.value.message_dict) == ["ends_on"]
    assert Engagement.objects.count() == 0


@pytest.mark.parametrize("role", ["member_a", "member_b", "applicant"])
def test_only_the_owners_admins_and_the_operator_start_engagements(
    world: World, challenge: Opportunity, gamma: Applicant, role: str
):
    application = accepted(world, challenge, gamma)
    by = gamma.member if role == "applicant" else world.users[role]

    with pytest.raises(NotPermitted):
        services.start_engagement(application, by=by)

    assert Engagement.objects.count() == 0


# Results and tranches


def test_a_result_with_the_value_of_the_contract_signed_is_stored(
    world: World, challenge: Opportunity, gamma: Applicant
):
    engagement = engagement_of(world, challenge, gamma)

    services.record_result(
        engagement,
        by=world.users["admin_a"],
        result="  Rolled out to 40 car parks.  ",
        contract_value=Money(Decimal("2500000"), "RUB"),
    )

    stored = Engagement.objects.get(pk=engagement.pk)
    assert (
        stored.result,
        stored.contract_amount,
        stored.contract_currency,
        stored.investment_amount,
        stored.investment_currency,
    ) == ("Rolled out to 40 car parks.", Decimal("2500000.00"), "RUB", None, "")
    assert AuditEvent.objects.get(action="engagement.result_recorded").data == {
        "contract": "2,500,000.00 RUB"
    }


def test_an_investment_made_is_stored_with_its_instrument(world: World, gamma: Applicant):
    engagement = engagement_of(world, publish(world, kind="investment_call"), gamma)

    services.record_result(
        engagement,
        by=world.users["operator"],
        result="Seed round closed.",
        investment=Money(Decimal("150000.5"), "USD"),
        instrument="SAFE",
    )

    stored = Engagement.objects.get(pk=engagement.pk)
    assert (stored.investment_amount, stored.investment_currency, stored.instrument) == (
        Decimal("150000.50"),
        "USD",
        "SAFE",
    )
    assert (stored.contract_amount, stored.contract_currency) == (None, "")


@pytest.mark.parametrize("role", ["member_a", "member_b", "applicant"])
def test_only_the_owners_admins_record_results(
    world: World, challenge: Opportunity, gamma: Applicant, role: str
):
    engagement = engagement_of(world, challenge, gamma)
    by = gamma.member if role == "applicant" else world.users[role]

    with pytest.raises(NotPermitted):
        services.record_result(
            engagement, by=by, result="Fake", contract_value=Money(Decimal("1"), "RUB")
        )

    stored = Engagement.objects.get(pk=engagement.pk)
    assert (stored.result, stored.contract_amount) == ("", None)


def test_a_grant_is_paid_in_tranches(world: World, gamma: Applicant):
    engagement = engagement_of(world, publish(world, kind="grant"), gamma)

    services.add_tranche(
        engagement, by=world.users["admin_a"], amount=Money(Decimal("500000"), "KZT"), due_on=MARCH
    )
    services.add_tranche(
        engagement,
        by=world.users["admin_a"],
        amount=Money(Decimal("250000.25"), "KZT"),
        due_on=_march(20),
        paid_on=_march(21),
    )

    assert list(
        Tranche.objects.filter(engagement=engagement).values_list(
            "amount", "currency", "due_on", "paid_on"
        )
    ) == [
        (Decimal("500000.00"), "KZT", MARCH, None),
        (Decimal("250000.25"), "KZT", _march(20), _march(21)),
    ]


@pytest.mark.parametrize("kind", ["challenge", "programme", "investment_call"])
def test_only_a_grant_has_tranches(world: World, gamma: Applicant, kind: str):
    engagement = engagement_of(world, publish(world, kind=kind), gamma)

    with pytest.raises(ValidationError) as refused:
        services.add_tranche(
            engagement,
            by=world.users["admin_a"],
            amount=Money(Decimal("1000"), "RUB"),
            due_on=MARCH,
        )

    assert refused.value.message_dict == {"kind": ["Only a grant is paid in tranches."]}
    assert Tranche.objects.count() == 0


def test_a_tranche_of_nothing_is_refused(world: World, gamma: Applicant):
    engagement = engagement_of(world, publish(world, kind="grant"), gamma)

    with pytest.raises(ValidationError) as refused:
        services.add_tranche(
            engagement, by=world.users["admin_a"], amount=Money(Decimal("0"), "RUB"), due_on=MARCH
        )

    assert list(refused.value.message_dict) == ["amount"]
    assert Tranche.objects.count() == 0


# Desks and housing of a soft-landing offer


@pytest.fixture
def offer(world: World) -> Opportunity:
    """Organisation A hosts: two desks, one housing place, stays of ten days."""
    return publish(
        world, kind="soft_landing", title="Moscow landing", desks=2, housing_places=1, stay_days=10
    )


def _residency(world: World, offer: Opportunity, name: str) -> Engagement:
    return engagement_of(world, offer, applicant(name))


def _book(world: World, offer: Opportunity, name: str, starts: int, ends: int, **held: Any) -> Any:
    return services.book_residency(
        _residency(world, offer, name),
        by=world.users["admin_a"],
        offer=offer,
        starts_on=_march(starts),
        ends_on=_march(ends),
        **held,
    )


def test_a_booking_holds_desks_for_its_dates(world: World, offer: Opportunity):
    booking = _book(world, offer, "Resident", 1, 10)

    assert (booking.starts_on, booking.ends_on, booking.desks, booking.housing) == (
        _march(1),
        _march(10),
        1,
        0,
    )
    assert services.booked_on(offer, _march(1)) == {"desks": 1, "housing": 0}
    assert services.booked_on(offer, _march(10)) == {"desks": 1, "housing": 0}
    assert services.booked_on(offer, _march(11)) == {"desks": 0, "housing": 0}


def test_without_an_end_a_booking_lasts_the_offers_stay(world: World, offer: Opportunity):
    booking = services.book_residency(
        _residency(world, offer, "Resident"),
        by=world.users["admin_a"],
        offer=offer,
        starts_on=_march(5),
    )

    assert booking.ends_on == _march(14)


def test_desks_are_never_overbooked_on_any_day(world: World, offer: Opportunity):
    _book(world, offer, "First", 1, 10)
    _book(world, offer, "Overlapping", 5, 15)  # two desks taken from the 5th to the 10th

    with pytest.raises(ValidationError) as refused:
        _book(world, offer, "Third overlapping", 10, 12)
    after_both = _book(world, offer, "After the first", 11, 20)  # overlaps the second only
    later = _book(world, offer, "Later", 16, 25)  # overlaps the fourth only

    assert refused.value.message_dict == {
        "desks": ["Not enough desks free for these dates: 0 left."]
    }
    assert (after_both.starts_on, later.starts_on) == (_march(11), _march(16))
    assert Booking.objects.filter(offer=offer).count() == 4
    assert [services.booked_on(offer, _march(d))["desks"] for d in (1, 5, 10, 11, 16, 21)] == [
        1,
        2,
        2,
        2,
        2,
        1,
    ]


def test_a_booking_covering_another_ones_whole_stay_counts_it(world: World, offer: Opportunity):
    _book(world, offer, "Short", 10, 12)
    _book(world, offer, "Long", 1, 20)

    with pytest.raises(ValidationError) as refused:
        _book(world, offer, "Spanning", 5, 11)

    assert refused.value.message_dict == {
        "desks": ["Not enough desks free for these dates: 0 left."]
    }
    assert Booking.objects.count() == 2


def test_the_last_day_of_a_booking_is_taken(world: World):
    offer = publish(world, kind="soft_landing", desks=1)
    _book(world, offer, "First", 1, 10)

    with pytest.raises(ValidationError):
        _book(world, offer, "On the last day", 10, 12)
    next_day = _book(world, offer, "The day after", 11, 12)

    assert next_day.starts_on == _march(11)
    assert Booking.objects.count() == 2


def test_asking_for_more_desks_than_are_free_says_how_many_are_left(
    world: World, offer: Opportunity
):
    _book(world, offer, "First", 1, 10)

    with pytest.raises(ValidationError) as refused:
        _book(world, offer, "A team", 1, 3, desks=2)

    assert refused.value.message_dict == {
        "desks": ["Not enough desks free for these dates: 1 left."]
    }


def test_housing_is_never_overbooked_and_desks_do_not_take_housing(
    world: World, offer: Opportunity
):
    _book(world, offer, "Housed", 1, 10, desks=0, housing=1)
    _book(world, offer, "Desk only", 1, 10)

    with pytest.raises(ValidationError) as refused:
        _book(world, offer, "Needs a bed", 10, 12, desks=0, housing=1)
    later = _book(world, offer, "Bed later", 11, 20, desks=1, housing=1)

    assert refused.value.message_dict == {
        "housing": ["Not enough housing places free for these dates: 0 left."]
    }
    assert (later.desks, later.housing) == (1, 1)
    assert services.booked_on(offer, _march(10)) == {"desks": 1, "housing": 1}
    assert services.booked_on(offer, _march(11)) == {"desks": 1, "housing": 1}
    assert [b.housing for b in Booking.objects.order_by("pk")] == [1, 0, 1]


def test_an_offer_without_housing_books_none(world: World):
    offer = publish(world, kind="soft_landing", desks=3)

    with pytest.raises(ValidationError) as refused:
        _book(world, offer, "Needs a bed", 1, 2, desks=1, housing=1)

    assert list(refused.value.message_dict) == ["housing"]
    assert Booking.objects.count() == 0


@pytest.mark.parametrize(
    ("held", "field"),
    [
        ({"desks": 0, "housing": 0}, "desks"),
        ({"desks": -1}, "desks"),
        ({"desks": True}, "desks"),
        ({"housing": 1.5}, "housing"),
    ],
)
def test_a_booking_holds_a_whole_positive_number_of_something(
    world: World, offer: Opportunity, held: dict[str, Any], field: str
):
    with pytest.raises(ValidationError) as refused:
        _book(world, offer, "Resident", 1, 2, **held)

    assert list(refused.value.message_dict) == [field]
    assert Booking.objects.count() == 0


def test_a_booking_ending_before_it_starts_is_refused(world: World, offer: Opportunity):
    with pytest.raises(ValidationError) as refused:
        _book(world, offer, "Resident", 5, 4)

    assert list(refused.value.message_dict) == ["ends_on"]
    assert Booking.objects.count() == 0


def test_a_residency_is_booked_once(world: World, offer: Opportunity):
    booking = _book(world, offer, "Resident", 1, 2)

    with pytest.raises(ValidationError) as refused:
        services.book_residency(
            booking.engagement, by=world.users["admin_a"], offer=offer, starts_on=_march(20)
        )

    assert refused.value.message_dict == {"engagement": ["This residency is already booked."]}
    assert Booking.objects.count() == 1


def test_only_a_residency_books_desks(world: World, offer: Opportunity, gamma: Applicant):
    pilot = engagement_of(world, publish(world, kind="pilot_request"), gamma)

    with pytest.raises(ValidationError) as refused:
        services.book_residency(pilot, by=world.users["admin_a"], offer=offer, starts_on=MARCH)

    assert refused.value.message_dict == {"kind": ["Only a residency books desks and housing."]}
    assert Booking.objects.count() == 0


def test_desks_are_booked_only_at_a_soft_landing_offer(world: World, gamma: Applicant):
    programme = publish(world, kind="programme", desks=5)
    residency = engagement_of(world, programme, gamma)

    with pytest.raises(ValidationError) as refused:
        services.book_residency(
            residency, by=world.users["admin_a"], offer=programme, starts_on=MARCH
        )

    assert refused.value.message_dict == {"offer": ["Book at a soft-landing offer."]}
    assert Booking.objects.count() == 0


@pytest.fixture
def programme_residency(world: World, gamma: Applicant) -> Engagement:
    """Organisation B's acceleration programme accepted Gamma; the residency is at A's offer."""
    programme = publish(world, by="operator", owner=world.org_b, kind="programme")
    return engagement_of(world, programme, gamma)


@pytest.mark.parametrize("role", ["admin_a", "owner_a", "operator"])
def test_the_hosts_admins_and_the_operator_book(
    world: World, offer: Opportunity, programme_residency: Engagement, role: str
):
    booking = services.book_residency(
        programme_residency, by=world.users[role], offer=offer, starts_on=MARCH
    )

    assert (booking.offer, booking.engagement) == (offer, programme_residency)
    assert AuditEvent.objects.get(action="engagement.booked").data == {
        "offer": offer.pk,
        "desks": 1,
        "housing": 0,
    }


@pytest.mark.parametrize("role", ["member_a", "member_b", "no_org", "resident"])
def test_nobody_else_books_and_nothing_is_written(
    world: World,
    offer: Opportunity,
    programme_residency: Engagement,
    gamma: Applicant,
    role: str,
):
    by = gamma.member if role == "resident" else world.users[role]

    with pytest.raises(NotPermitted):
        services.book_residency(programme_residency, by=by, offer=offer, starts_on=MARCH)

    assert Booking.objects.count() == 0
    assert not AuditEvent.objects.filter(action="engagement.booked").exists()


def test_the_programme_owners_admin_does_not_book_the_hosts_desks(
    world: World, offer: Opportunity, programme_residency: Engagement
):
    admin_b = MembershipFactory(organisation=world.org_b, role=Role.ADMIN).person.user

    with pytest.raises(NotPermitted):
        services.book_residency(programme_residency, by=admin_b, offer=offer, starts_on=MARCH)

    assert Booking.objects.count() == 0
    assert services.booked_on(offer, MARCH + timedelta(days=1)) == {"desks": 0, "housing": 0}
