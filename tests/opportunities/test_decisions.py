"""The owner's decision: every transition from every status, a reason the applicant reads on
rejection, places that run out, and who decides."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from consortia.core import clock
from consortia.core.models import AuditEvent
from consortia.core.permissions import ANONYMOUS, NotPermitted
from consortia.opportunities import selectors, services
from consortia.opportunities.models import Application, ApplicationStatus, Opportunity
from tests.conftest import World

from .conftest import DURING, Applicant, applicant, publish, started, submitted


def _in_status(world: World, opportunity: Opportunity, who: Applicant, status: str) -> Application:
    admin = world.users["admin_a"]
    if status == ApplicationStatus.DRAFT:
        return started(opportunity, who)
    application = submitted(opportunity, who)
    if status == ApplicationStatus.SHORTLISTED:
        services.shortlist_application(application, by=admin)
    if status == ApplicationStatus.ACCEPTED:
        services.accept_application(application, by=admin)
    if status == ApplicationStatus.REJECTED:
        services.reject_application(application, by=admin, reason="Not a fit.")
    if status == ApplicationStatus.WITHDRAWN:
        services.withdraw_application(application, by=who.member)
    application.refresh_from_db()
    assert application.status == status
    return application


def _move(name: str, application: Application, by: Any) -> Application:
    return {
        "shortlist": lambda: services.shortlist_application(application, by=by),
        "accept": lambda: services.accept_application(application, by=by),
        "reject": lambda: services.reject_application(application, by=by, reason="Not now."),
        "withdraw": lambda: services.withdraw_application(application, by=by),
    }[name]()


ALLOWED = {
    ("shortlist", ApplicationStatus.SUBMITTED): ApplicationStatus.SHORTLISTED,
    ("accept", ApplicationStatus.SUBMITTED): ApplicationStatus.ACCEPTED,
    ("accept", ApplicationStatus.SHORTLISTED): ApplicationStatus.ACCEPTED,
    ("reject", ApplicationStatus.SUBMITTED): ApplicationStatus.REJECTED,
    ("reject", ApplicationStatus.SHORTLISTED): ApplicationStatus.REJECTED,
    ("withdraw", ApplicationStatus.DRAFT): ApplicationStatus.WITHDRAWN,
    ("withdraw", ApplicationStatus.SUBMITTED): ApplicationStatus.WITHDRAWN,
    ("withdraw", ApplicationStatus.SHORTLISTED): ApplicationStatus.WITHDRAWN,
}
TRANSITIONS = [
    (name, status)
    for name in ["shortlist", "accept", "reject", "withdraw"]
    for status in ApplicationStatus.values
]


@pytest.mark.parametrize(("name", "status"), TRANSITIONS)
def test_each_transition_from_each_status(
    world: World, challenge: Opportunity, gamma: Applicant, name: str, status: str
):
    application = _in_status(world, challenge, gamma, status)
    by = gamma.member if name == "withdraw" else world.users["admin_a"]
    events = AuditEvent.objects.count()

    if (name, status) in ALLOWED:
        _move(name, application, by)

        application.refresh_from_db()
        assert application.status == ALLOWED[(name, status)]
        assert AuditEvent.objects.filter(action=f"application.{application.status}").exists()
        assert AuditEvent.objects.count() == events + 1
    else:
        with pytest.raises(ValidationError) as refused:
            _move(name, application, by)

        application.refresh_from_db()
        assert list(refused.value.message_dict) == ["status"]
        assert application.status == status
        assert AuditEvent.objects.count() == events


def test_a_refused_transition_names_both_statuses(
    world: World, challenge: Opportunity, gamma: Applicant
):
    application = _in_status(world, challenge, gamma, ApplicationStatus.ACCEPTED)

    with pytest.raises(ValidationError) as refused:
        services.shortlist_application(application, by=world.users["admin_a"])

    assert refused.value.message_dict == {
        "status": ["An application that is Accepted cannot become Shortlisted."]
    }


def test_accepting_records_when_and_the_optional_note(
    world: World, challenge: Opportunity, gamma: Applicant
):
    application = submitted(challenge, gamma)

    with clock.frozen(DURING):
        services.accept_application(application, by=world.users["admin_a"], reason=" Welcome! ")

    application.refresh_from_db()
    assert (application.status, application.decided_at, application.decision_reason) == (
        ApplicationStatus.ACCEPTED,
        DURING,
        "Welcome!",
    )


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_rejection_needs_a_reason(
    world: World, challenge: Opportunity, gamma: Applicant, reason: Any
):
    application = submitted(challenge, gamma)

    with pytest.raises(ValidationError) as refused:
        services.reject_application(application, by=world.users["admin_a"], reason=reason)

    assert refused.value.message_dict == {"reason": ["Tell the applicant why."]}
    application.refresh_from_db()
    assert (application.status, application.decided_at, application.decision_reason) == (
        ApplicationStatus.SUBMITTED,
        None,
        "",
    )
    assert not AuditEvent.objects.filter(action="application.rejected").exists()


def test_the_applicant_reads_the_reason_for_rejection(
    world: World, challenge: Opportunity, gamma: Applicant
):
    application = submitted(challenge, gamma)

    with clock.frozen(DURING):
        services.reject_application(
            application, by=world.users["admin_a"], reason="  We need a product in use today.  "
        )

    seen = selectors.applications_visible_to(gamma.member).get(pk=application.pk)
    assert (seen.status, seen.decision_reason, seen.decided_at) == (
        ApplicationStatus.REJECTED,
        "We need a product in use today.",
        DURING,
    )
    assert AuditEvent.objects.get(action="application.rejected").data == {
        "reason": "We need a product in use today."
    }


def test_with_one_place_a_second_acceptance_is_refused(world: World, gamma: Applicant):
    opportunity = publish(world, capacity=1)
    first = submitted(opportunity, gamma)
    second = submitted(opportunity, applicant("Second Applicant"))
    services.accept_application(first, by=world.users["admin_a"])

    with pytest.raises(ValidationError) as refused:
        services.accept_application(second, by=world.users["admin_a"])

    assert refused.value.message_dict == {"capacity": ["Every place is taken."]}
    second.refresh_from_db()
    assert (second.status, second.decided_at) == (ApplicationStatus.SUBMITTED, None)
    assert AuditEvent.objects.filter(action="application.accepted").count() == 1


def test_a_shortlisted_application_also_waits_for_a_free_place(world: World, gamma: Applicant):
    opportunity = publish(world, capacity=1)
    services.accept_application(submitted(opportunity, gamma), by=world.users["admin_a"])
    waiting = submitted(opportunity, applicant("Waiting"))
    services.shortlist_application(waiting, by=world.users["admin_a"])

    with pytest.raises(ValidationError):
        services.accept_application(waiting, by=world.users["admin_a"])

    waiting.refresh_from_db()
    assert waiting.status == ApplicationStatus.SHORTLISTED


def test_rejected_and_withdrawn_applications_take_no_place(world: World, gamma: Applicant):
    opportunity = publish(world, capacity=1)
    services.reject_application(
        submitted(opportunity, gamma), by=world.users["admin_a"], reason="No."
    )
    leaving = applicant("Leaving")
    services.withdraw_application(submitted(opportunity, leaving), by=leaving.member)
    last = submitted(opportunity, applicant("Last"))

    services.accept_application(last, by=world.users["admin_a"])

    last.refresh_from_db()
    assert last.status == ApplicationStatus.ACCEPTED


def test_without_a_capacity_every_applicant_can_be_accepted(world: World, challenge: Opportunity):
    applications = [submitted(challenge, applicant(f"Applicant {i}")) for i in range(3)]

    for application in applications:
        services.accept_application(application, by=world.users["admin_a"])

    assert challenge.capacity is None
    assert challenge.applications.filter(status=ApplicationStatus.ACCEPTED).count() == 3


@pytest.mark.parametrize("role", ["owner_a", "admin_a", "operator"])
def test_the_owners_admins_and_the_operator_decide(
    world: World, challenge: Opportunity, gamma: Applicant, role: str
):
    application = submitted(challenge, gamma)

    services.shortlist_application(application, by=world.users[role])
    services.accept_application(application, by=world.users[role])

    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED


@pytest.mark.parametrize("name", ["shortlist", "accept", "reject"])
@pytest.mark.parametrize("role", ["member_a", "member_b", "no_org", "anonymous", "applicant"])
def test_nobody_else_decides_and_nothing_changes(
    world: World, challenge: Opportunity, gamma: Applicant, name: str, role: str
):
    application = submitted(challenge, gamma)
    by = {"anonymous": ANONYMOUS, "applicant": gamma.member}.get(role) or world.users[role]
    events = AuditEvent.objects.count()

    with pytest.raises(NotPermitted):
        _move(name, application, by)

    application.refresh_from_db()
    assert (application.status, application.decided_at, application.decision_reason) == (
        ApplicationStatus.SUBMITTED,
        None,
        "",
    )
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("role", ["admin_a", "operator", "member_b"])
def test_only_the_applicants_members_withdraw(
    world: World, challenge: Opportunity, gamma: Applicant, role: str
):
    application = submitted(challenge, gamma)

    with pytest.raises(NotPermitted):
        services.withdraw_application(application, by=world.users[role])

    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
