"""Registering for events: one place per person, never beyond the capacity (also when 16 people
race for the last places), approval, delegations, cancelling, and who is told."""

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from consortia.accounts.models import User
from consortia.core import clock
from consortia.core.models import AuditEvent
from consortia.core.permissions import NotPermitted
from consortia.events.models import Delegation, Event, Registration, RegistrationStatus
from consortia.events.selectors import events as selectors
from consortia.events.services import events as event_services
from consortia.events.services import registrations as services
from consortia.messaging.models import Notification
from tests.conftest import World
from tests.factories.directory import PersonFactory
from tests.races import race

from .conftest import ENDS, draft, published

pytestmark = pytest.mark.usefixtures("before_the_forum")
db = pytest.mark.django_db


def _refusal(call: Callable[[], Any]) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as refused:
        call()
    return refused.value.message_dict


@db
def test_register_confirms_a_place_at_once_without_approval(world: World, forum: Event):
    registration = services.register(forum, by=world.users["member_b"], note=" Vegetarian ")

    assert (registration.status, registration.attendance, registration.note) == (
        RegistrationStatus.CONFIRMED,
        "onsite",
        "Vegetarian",
    )
    assert registration.delegation is None
    assert AuditEvent.objects.filter(action="event.registered").count() == 1


@db
def test_register_twice_is_refused(world: World, forum: Event):
    services.register(forum, by=world.users["member_b"])

    assert _refusal(lambda: services.register(forum, by=world.users["member_b"])) == {
        "status": ["You are already registered."]
    }
    assert Registration.objects.count() == 1


@db
def test_a_cancelled_registration_is_taken_up_again(world: World, forum: Event):
    first = services.register(forum, by=world.users["member_b"])
    services.cancel_registration(first, by=world.users["member_b"])

    again = services.register(forum, by=world.users["member_b"], attendance="online")

    assert again.pk == first.pk
    assert (again.status, again.attendance) == (RegistrationStatus.CONFIRMED, "online")


@db
def test_register_never_goes_beyond_the_capacity(world: World):
    event = published(world, capacity=1)
    services.register(event, by=world.users["member_b"])

    assert _refusal(lambda: services.register(event, by=world.users["member_a"])) == {
        "capacity": ["Every place is taken."]
    }
    assert Registration.objects.filter(event=event).count() == 1


@db
def test_a_cancelled_or_declined_place_is_free_again(world: World):
    event = published(world, capacity=1)
    taken = services.register(event, by=world.users["member_b"])
    services.decline_registration(taken, by=world.users["admin_a"])

    services.register(event, by=world.users["member_a"])

    assert selectors.places_held(event) == 1
    assert _refusal(lambda: services.register(event, by=world.users["member_b"])) == {
        "status": ["The organisers declined your registration."]
    }


@db
def test_register_refuses_a_draft_a_cancelled_and_a_closed_event(world: World):
    event = draft(world, registration_closes_at=datetime(2026, 5, 10, tzinfo=UTC))
    user = world.users["member_b"]
    closed = ["Registration for this event has closed."]

    assert _refusal(lambda: services.register(event, by=user))["status"] == [
        "This event does not take registrations."
    ]
    event_services.publish_event(event, by=world.users["admin_a"])
    with clock.frozen(datetime(2026, 5, 10, tzinfo=UTC)):
        assert _refusal(lambda: services.register(event, by=user)) == {"status": closed}
    event_services.update_event(event, by=world.users["admin_a"], registration_closes_at=None)
    with clock.frozen(ENDS):
        assert _refusal(lambda: services.register(event, by=user)) == {"status": closed}
    event_services.cancel_event(event, by=world.users["admin_a"])
    assert _refusal(lambda: services.register(event, by=user))["status"] == [
        "This event does not take registrations."
    ]
    assert not Registration.objects.exists()


@db
def test_register_refuses_an_attendance_the_event_does_not_offer(world: World):
    event = published(world, online_url="")

    assert _refusal(
        lambda: services.register(event, by=world.users["member_b"], attendance="online")
    ) == {"attendance": ["This event has no online participation."]}


@db
def test_register_needs_sign_in(world: World, forum: Event):
    from consortia.core.permissions import ANONYMOUS

    with pytest.raises(NotPermitted):
        services.register(forum, by=ANONYMOUS)


# Delegations


@db
def test_registering_with_an_organisation_joins_its_delegation_headed_by_the_first(
    world: World, forum: Event
):
    first = services.register(forum, by=world.users["member_a"], organisation=world.org_a)
    second = services.register(forum, by=world.users["admin_a"], organisation=world.org_a)

    delegation = Delegation.objects.get(event=forum)
    assert delegation.organisation == world.org_a
    assert delegation.head == world.users["member_a"]
    assert first.delegation == second.delegation == delegation
    assert [r.user for r in selectors.delegations_of(forum)[0].attending] == [
        world.users["member_a"],
        world.users["admin_a"],
    ]


@db
def test_a_head_who_cancels_hands_the_delegation_on(world: World, forum: Event):
    first = services.register(forum, by=world.users["member_a"], organisation=world.org_a)
    services.register(forum, by=world.users["admin_a"], organisation=world.org_a)

    services.cancel_registration(first, by=world.users["member_a"])

    assert Delegation.objects.get(event=forum).head == world.users["admin_a"]


@db
def test_registering_with_someone_elses_organisation_is_refused(world: World, forum: Event):
    errors = _refusal(
        lambda: services.register(forum, by=world.users["member_b"], organisation=world.org_a)
    )

    assert errors == {"organisation": ["Choose one of your own organisations."]}
    assert not Delegation.objects.exists()
    assert not Registration.objects.exists()


# Approval and notifications


@db
def test_an_event_needing_approval_holds_the_place_and_tells_the_organisers(world: World):
    event = published(world, requires_approval=True, co_organisers=[world.org_b])

    registration = services.register(event, by=world.users["member_a"])

    assert registration.status == RegistrationStatus.PENDING
    told = Notification.objects.filter(kind="event.registration_requested")
    # The owners and admins of both organisers, but not the person registering.
    assert {n.recipient.user for n in told} == {world.users["owner_a"], world.users["admin_a"]}


@db
def test_approving_and_declining_tells_the_person(world: World):
    event = published(world, requires_approval=True)
    registration = services.register(event, by=world.users["member_b"])

    services.approve_registration(registration, by=world.users["admin_a"])

    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.decided_by == world.users["admin_a"]
    decided = Notification.objects.get(kind="event.registration_decided")
    assert decided.recipient.user == world.users["member_b"]
    assert decided.data == {"event": event.title, "status": "confirmed"}

    services.decline_registration(registration, by=world.users["admin_a"])

    assert registration.status == RegistrationStatus.DECLINED
    assert Notification.objects.filter(kind="event.registration_decided").count() == 2


@db
@pytest.mark.parametrize("role", ["member_a", "member_b", "no_org"])
def test_deciding_is_refused_to_anyone_but_the_organisers(world: World, role: str):
    event = published(world, requires_approval=True)
    registration = services.register(event, by=world.users["member_b"])

    with pytest.raises(NotPermitted):
        services.approve_registration(registration, by=world.users[role])

    assert Registration.objects.get(pk=registration.pk).status == RegistrationStatus.PENDING
    assert not Notification.objects.filter(kind="event.registration_decided").exists()


@db
def test_approving_twice_is_refused(world: World):
    event = published(world, requires_approval=True)
    registration = services.register(event, by=world.users["member_b"])
    services.approve_registration(registration, by=world.users["admin_a"])

    assert _refusal(
        lambda: services.approve_registration(registration, by=world.users["admin_a"])
    ) == {"status": ["A registration that is confirmed cannot be confirmed."]}


@db
def test_only_the_person_cancels_their_registration(world: World, forum: Event):
    registration = services.register(forum, by=world.users["member_b"])

    with pytest.raises(NotPermitted):
        services.cancel_registration(registration, by=world.users["admin_a"])

    assert Registration.objects.get(pk=registration.pk).status == RegistrationStatus.CONFIRMED


@db
def test_registrations_for_shows_organisers_everything_and_others_their_own(
    world: World, forum: Event
):
    mine = services.register(forum, by=world.users["member_b"])
    other = services.register(forum, by=world.users["member_a"])

    assert list(selectors.registrations_for(forum, world.users["admin_a"])) == [mine, other]
    assert list(selectors.registrations_for(forum, world.users["member_b"])) == [mine]
    assert list(selectors.registrations_for(forum, world.users["no_org"])) == []
    assert [r.event for r in selectors.my_events(world.users["member_b"]).registered] == [forum]


# The race for the last places

THREADS = 16
PLACES = 5


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_sixteen_people_racing_for_five_places_leave_exactly_five_registered(world: World):
    event = published(world, capacity=PLACES)
    people = [PersonFactory(full_name=f"Racer {i}").user.pk for i in range(THREADS)]
    def prepare(i: int) -> Callable[[], Any]:
        user = User.objects.get(pk=people[i])
        row = Event.objects.get(pk=event.pk)
        return lambda: services.register(row, by=user)

    outcomes = race(prepare, threads=THREADS)

    assert outcomes.count("won") == PLACES, outcomes
    assert outcomes.count(str({"capacity": ["Every place is taken."]})) == THREADS - PLACES
    assert Registration.objects.filter(event=event).count() == PLACES
    assert selectors.places_held(event) == PLACES
    assert AuditEvent.objects.filter(action="event.registered").count() == PLACES
