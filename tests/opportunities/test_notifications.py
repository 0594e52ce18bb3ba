"""Every status change of an application, a review, an engagement and an opportunity tells exactly
the people who may open what it links to — and nobody when the service refuses."""

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from consortia.core import clock
from consortia.core.permissions import NotPermitted
from consortia.directory.models import Role
from consortia.messaging.kinds import get_kind
from consortia.messaging.models import Notification
from consortia.opportunities import services
from consortia.opportunities.models import Application, Opportunity
from tests.conftest import World
from tests.factories.directory import MembershipFactory

from .conftest import (
    CLOSES,
    DURING,
    Applicant,
    accepted,
    applicant,
    engagement_of,
    publish,
    started,
    submitted,
)

ABOUT_GAMMA = {"applicant": "Gamma Sensors", "opportunity": "Smart parking challenge"}


def _who(world: World, *applicants: Applicant) -> dict[int, str]:
    names = {user.pk: role for role, user in world.users.items()}
    for who in applicants:
        names[who.member.pk] = who.organisation.name
    return names


def _received(world: World, *applicants: Applicant) -> list[tuple[str, str]]:
    """(recipient, kind) of every notification made, recipients named by role or organisation."""
    names = _who(world, *applicants)
    rows = Notification.objects.values_list("recipient__user_id", "kind")
    return sorted((names.get(user_id, f"user {user_id}"), kind) for user_id, kind in rows)


def _summary(notification: Notification) -> str:
    with translation.override("en"):
        return get_kind(notification.kind).describe(notification.data)


# --- Submission and withdrawal: the owner's admins -----------------------------------------------


def test_a_submission_tells_the_owners_owner_and_admins_only(
    world: World, challenge: Opportunity, gamma: Applicant, delta: Applicant
):
    started(challenge, delta)

    application = submitted(challenge, gamma)

    assert _received(world, gamma, delta) == [
        ("admin_a", "application.submitted"),
        ("owner_a", "application.submitted"),
    ]
    notification = Notification.objects.filter(recipient__user=world.users["admin_a"]).get()
    assert notification.target == application
    assert notification.url == f"/opportunities/applications/{application.public_id}/"
    assert notification.data == ABOUT_GAMMA
    assert _summary(notification) == "Gamma Sensors applied to “Smart parking challenge”"


def test_a_submission_outside_the_window_tells_nobody(
    world: World, challenge: Opportunity, gamma: Applicant
):
    draft = started(challenge, gamma)

    with clock.frozen(CLOSES), pytest.raises(ValidationError):
        services.submit_application(draft, by=gamma.member)

    assert Notification.objects.count() == 0


def test_a_submission_by_someone_outside_the_applicant_tells_nobody(
    world: World, challenge: Opportunity, gamma: Applicant, delta: Applicant
):
    draft = started(challenge, gamma)

    with clock.frozen(DURING), pytest.raises(NotPermitted):
        services.submit_application(draft, by=delta.member)

    assert Notification.objects.count() == 0
    assert Application.objects.get().status == "draft"


def test_withdrawing_a_submitted_application_tells_the_owners_admins(
    world: World, challenge: Opportunity, gamma: Applicant
):
    application = submitted(challenge, gamma)
    Notification.objects.all().delete()

    services.withdraw_application(application, by=gamma.member)

    assert _received(world, gamma) == [
        ("admin_a", "application.withdrawn"),
        ("owner_a", "application.withdrawn"),
    ]
    notification = Notification.objects.filter(recipient__user=world.users["owner_a"]).get()
    assert notification.target == application
    assert notification.data == ABOUT_GAMMA
    assert _summary(notification) == (
        "Gamma Sensors withdrew its application to “Smart parking challenge”"
    )


def test_withdrawing_a_draft_tells_nobody(world: World, challenge: Opportunity, gamma: Applicant):
    draft = started(challenge, gamma)

    services.withdraw_application(draft, by=gamma.member)

    assert Notification.objects.count() == 0


def test_withdrawing_a_decided_application_is_refused_and_tells_nobody(
    world: World, challenge: Opportunity, gamma: Applicant
):
    application = accepted(world, challenge, gamma)
    Notification.objects.all().delete()

    with pytest.raises(ValidationError):
        services.withdraw_application(application, by=gamma.member)

    assert Notification.objects.count() == 0


# --- Decisions: the applicant's members -----------------------------------------------------


@pytest.fixture
def gamma_team(gamma: Applicant) -> Any:
    """A second member (an admin) of the applicant: every member hears of decisions."""
    return MembershipFactory(organisation=gamma.organisation, role=Role.ADMIN).person.user


def _decided(world: World, gamma: Applicant, gamma_team: Any) -> list[tuple[str, str]]:
    names = _who(world, gamma) | {gamma_team.pk: "gamma_admin"}
    rows = Notification.objects.values_list("recipient__user_id", "kind")
    return sorted((names.get(user_id, f"user {user_id}"), kind) for user_id, kind in rows)


def test_shortlisting_tells_every_member_of_the_applicant_only(
    world: World, challenge: Opportunity, gamma: Applicant, delta: Applicant, gamma_team: Any
):
    application = submitted(challenge, gamma)
    submitted(challenge, delta)
    Notification.objects.all().delete()

    services.shortlist_application(application, by=world.users["admin_a"])

    assert _decided(world, gamma, gamma_team) == [
        ("Gamma Sensors", "application.decided"),
        ("gamma_admin", "application.decided"),
    ]
    notification = Notification.objects.filter(recipient__user=gamma.member).get()
    assert notification.target == application
    assert notification.data == ABOUT_GAMMA | {"status": "shortlisted", "reason": ""}
    assert _summary(notification).strip() == (
        "The application of Gamma Sensors to “Smart parking challenge” is shortlisted."
    )


def test_acceptance_tells_the_applicant_with_the_note_it_reads(
    world: World, challenge: Opportunity, gamma: Applicant, delta: Applicant
):
    application = submitted(challenge, gamma)
    submitted(challenge, delta)
    Notification.objects.all().delete()

    services.accept_application(application, by=world.users["admin_a"], reason="Strong team")

    assert _received(world, gamma, delta) == [("Gamma Sensors", "application.decided")]
    notification = Notification.objects.get()
    assert notification.data == ABOUT_GAMMA | {"status": "accepted", "reason": "Strong team"}
    assert _summary(notification) == (
        "The application of Gamma Sensors to “Smart parking challenge” is accepted. "
        "Reason: Strong team"
    )


def test_rejection_tells_the_applicant_the_reason_and_nobody_else(
    world: World, challenge: Opportunity, gamma: Applicant, delta: Applicant
):
    application = submitted(challenge, gamma)
    submitted(challenge, delta)
    Notification.objects.all().delete()

    services.reject_application(application, by=world.users["operator"], reason="Too early")

    assert _received(world, gamma, delta) == [("Gamma Sensors", "application.decided")]
    notification = Notification.objects.get()
    assert notification.url == f"/opportunities/applications/{application.public_id}/"
    assert _summary(notification) == (
        "The application of Gamma Sensors to “Smart parking challenge” is not accepted. "
        "Reason: Too early"
    )


def test_the_person_who_decides_is_not_told_of_their_own_decision(
    world: World, challenge: Opportunity, gamma: Applicant
):
    MembershipFactory(
        organisation=gamma.organisation, person=world.users["admin_a"].person, role=Role.MEMBER
    )
    application = submitted(challenge, gamma)
    Notification.objects.all().delete()

    services.reject_application(application, by=world.users["admin_a"], reason="Too early")

    assert _received(world, gamma) == [("Gamma Sensors", "application.decided")]


def test_a_rejection_without_a_reason_tells_nobody(
    world: World, challenge: Opportunity, gamma: Applicant
):
    application = submitted(challenge, gamma)
    Notification.objects.all().delete()

    with pytest.raises(ValidationError):
        services.reject_application(application, by=world.users["admin_a"], reason=" ")

    assert Notification.objects.count() == 0


@pytest.mark.parametrize("role", ["member_a", "member_b", "no_org"])
def test_a_decision_by_someone_not_managing_tells_nobody(
    world: World, challenge: Opportunity, gamma: Applicant, role: str
):
    application = submitted(challenge, gamma)
    Notification.objects.all().delete()

    with pytest.raises(NotPermitted):
        services.accept_application(application, by=world.users[role])

    assert Notification.objects.count() == 0
    assert Application.objects.get().status == "submitted"


def test_an_acceptance_refused_for_want_of_places_tells_nobody(world: World, gamma: Applicant):
    opportunity = publish(world, capacity=1)
    accepted(world, opportunity, applicant("First In"))
    application = submitted(opportunity, gamma)
    Notification.objects.all().delete()

    with pytest.raises(ValidationError):
        services.accept_application(application, by=world.users["admin_a"])

    assert Notification.objects.count() == 0


# --- Reviewers --------------------------------------------------------------------------------


def test_an_assigned_reviewer_is_told_once(world: World, challenge: Opportunity):
    services.assign_reviewer(challenge, by=world.users["admin_a"], user=world.users["member_b"])
    services.assign_reviewer(challenge, by=world.users["admin_a"], user=world.users["member_b"])

    assert _received(world) == [("member_b", "review.assigned")]
    notification = Notification.objects.get()
    assert notification.target == challenge
    assert notification.url == f"/opportunities/{challenge.public_id}/"
    assert notification.data == {
        "opportunity": "Smart parking challenge",
        "owner": "Alpha Robotics",
    }


def test_assigning_by_someone_not_managing_tells_nobody(world: World, challenge: Opportunity):
    with pytest.raises(NotPermitted):
        services.assign_reviewer(challenge, by=world.users["member_a"], user=world.users["no_org"])

    assert Notification.objects.count() == 0


# --- Engagements: the applicant's members -----------------------------------------------------


def test_starting_and_recording_an_engagement_tell_the_applicant(
    world: World, challenge: Opportunity, gamma: Applicant, delta: Applicant
):
    submitted(challenge, delta)
    application = accepted(world, challenge, gamma)
    Notification.objects.all().delete()

    engagement = services.start_engagement(application, by=world.users["admin_a"])
    services.record_result(engagement, by=world.users["admin_a"], result="Deployed in 3 car parks")

    assert _received(world, gamma, delta) == [
        ("Gamma Sensors", "engagement.updated"),
        ("Gamma Sensors", "engagement.updated"),
    ]
    started_, recorded = Notification.objects.order_by("id")
    assert started_.target == recorded.target == application
    assert started_.data == ABOUT_GAMMA | {"event": "started", "kind": "pilot"}
    assert _summary(started_) == "“Smart parking challenge”: the pilot has started"
    assert _summary(recorded) == "“Smart parking challenge”: the result of the pilot is recorded"


def test_an_engagement_refused_tells_nobody(world: World, challenge: Opportunity, gamma: Applicant):
    application = submitted(challenge, gamma)
    Notification.objects.all().delete()

    with pytest.raises(ValidationError):
        services.start_engagement(application, by=world.users["admin_a"])
    with pytest.raises(NotPermitted):
        services.start_engagement(application, by=world.users["member_b"])

    assert Notification.objects.count() == 0


def test_a_booked_residency_tells_the_resident(world: World, gamma: Applicant):
    offer = publish(world, kind="soft_landing", title="Moscow landing", desks=1, stay_days=10)
    engagement = engagement_of(world, offer, gamma)
    Notification.objects.all().delete()

    services.book_residency(
        engagement,
        by=world.users["admin_a"],
        offer=offer,
        starts_on=date(2025, 3, 1),
        ends_on=date(2025, 3, 10),
    )

    assert _received(world, gamma) == [("Gamma Sensors", "engagement.updated")]
    notification = Notification.objects.get()
    assert notification.target == engagement.application
    assert _summary(notification) == (
        "“Moscow landing”: 1 desks and 0 housing places booked from 2025-03-01 to 2025-03-10"
    )


def test_a_booking_refused_for_want_of_desks_tells_nobody(world: World, gamma: Applicant):
    offer = publish(world, kind="soft_landing", title="Moscow landing", desks=1, stay_days=10)
    engagement = engagement_of(world, offer, gamma)
    Notification.objects.all().delete()

    with pytest.raises(ValidationError):
        services.book_residency(
            engagement, by=world.users["admin_a"], offer=offer, starts_on=date(2025, 3, 1), desks=2
        )

    assert Notification.objects.count() == 0


# --- Closing ----------------------------------------------------------------------------------


def test_closing_tells_only_the_applicants_still_waiting(
    world: World, challenge: Opportunity, gamma: Applicant, delta: Applicant
):
    shortlisted = services.shortlist_application(
        submitted(challenge, gamma), by=world.users["admin_a"]
    )
    started(challenge, delta)
    decided = applicant("Epsilon Energy")
    accepted(world, challenge, decided)
    waiting = applicant("Zeta Zones")
    submitted(challenge, waiting)
    Notification.objects.all().delete()

    services.close_opportunity(challenge, by=world.users["admin_a"])

    assert _received(world, gamma, delta, decided, waiting) == [
        ("Gamma Sensors", "opportunity.closed"),
        ("Zeta Zones", "opportunity.closed"),
    ]
    notification = Notification.objects.get(recipient__user=gamma.member)
    assert notification.target == shortlisted
    assert notification.data == ABOUT_GAMMA
    assert _summary(notification) == (
        "“Smart parking challenge” is closed; the application of Gamma Sensors awaits a decision"
    )


def test_closing_by_someone_not_managing_or_twice_tells_nobody(
    world: World, challenge: Opportunity, gamma: Applicant
):
    submitted(challenge, gamma)
    Notification.objects.all().delete()

    with pytest.raises(NotPermitted):
        services.close_opportunity(challenge, by=world.users["member_b"])
    services.close_opportunity(challenge, by=world.users["admin_a"])
    Notification.objects.all().delete()
    with pytest.raises(ValidationError):
        services.close_opportunity(challenge, by=world.users["admin_a"])

    assert Notification.objects.count() == 0
