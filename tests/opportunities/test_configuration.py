"""The owner changes what was published, takes questions, criteria and reviewers off again, and
awards a grant's amount; refusals write nothing."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from consortia.core import clock
from consortia.core.models import AuditEvent
from consortia.core.money import Money
from consortia.core.permissions import NotPermitted
from consortia.opportunities import selectors, services
from consortia.opportunities.models import (
    Criterion,
    Engagement,
    FormField,
    Opportunity,
    Reviewer,
    Score,
)
from tests.conftest import World

from .conftest import DURING, Applicant, accepted, publish, submitted

pytestmark = pytest.mark.django_db


def test_update_changes_only_the_given_fields_and_checks_them_together(
    world: World, challenge: Opportunity
) -> None:
    later = datetime(2025, 5, 1, 6, 0, tzinfo=UTC)
    services.update_opportunity(
        challenge, by=world.users["admin_a"], closes_at=later, topics=["intelligent-transport"]
    )
    challenge.refresh_from_db()
    assert challenge.closes_at == later
    assert challenge.title == "Smart parking challenge"
    assert [t.code for t in challenge.topics.all()] == ["intelligent-transport"]
    assert "parking" in challenge.search_document.lower()
    assert AuditEvent.objects.filter(action="opportunity.updated").count() == 1

    with pytest.raises(ValidationError) as error:
        services.update_opportunity(
            challenge,
            by=world.users["admin_a"],
            title="",
            closes_at=datetime(2025, 2, 1, tzinfo=UTC),
        )
    assert set(error.value.message_dict) == {"title"}  # each field checked, all reported
    with pytest.raises(ValidationError) as error:
        services.update_opportunity(
            challenge, by=world.users["admin_a"], closes_at=datetime(2025, 2, 1, tzinfo=UTC)
        )
    assert "closes_at" in error.value.message_dict
    challenge.refresh_from_db()
    assert challenge.closes_at == later and challenge.title == "Smart parking challenge"


def test_update_refuses_another_kind_strangers_and_closed_opportunities(
    world: World, challenge: Opportunity
) -> None:
    with pytest.raises(ValidationError) as error:
        services.update_opportunity(challenge, by=world.users["admin_a"], kind="grant")
    assert "kind" in error.value.message_dict
    with pytest.raises(NotPermitted):
        services.update_opportunity(challenge, by=world.users["member_b"], title="Taken over")
    with pytest.raises(NotPermitted):
        services.update_opportunity(challenge, by=world.users["member_a"], title="Not an admin")
    services.close_opportunity(challenge, by=world.users["admin_a"])
    with pytest.raises(ValidationError) as error:
        services.update_opportunity(challenge, by=world.users["admin_a"], title="Too late")
    assert "status" in error.value.message_dict
    challenge.refresh_from_db()
    assert challenge.title == "Smart parking challenge"


def test_update_money_and_pilot_site_of_the_owner_only(world: World) -> None:
    grant = publish(world, kind="grant", grant_amount="1000000", grant_currency="RUB")
    services.update_opportunity(grant, by=world.users["admin_a"], grant_amount="1500000")
    grant.refresh_from_db()
    assert (grant.grant_amount, grant.grant_currency) == (Decimal("1500000.00"), "RUB")
    with pytest.raises(ValidationError) as error:
        services.update_opportunity(grant, by=world.users["admin_a"], grant_currency="")
    assert "grant_currency" in error.value.message_dict
    elsewhere = services.create_pilot_site(
        by=world.users["operator"], owner=world.org_b, kind="city", name="B's depot",
        language="en", country="RU",
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        services.update_opportunity(grant, by=world.users["admin_a"], pilot_site=elsewhere)
    assert "pilot_site" in error.value.message_dict
    own = services.create_pilot_site(
        by=world.users["admin_a"], owner=world.org_a, kind="corporate", name="A's lab",
        language="en", country="RU",
    )  # fmt: skip
    services.update_opportunity(grant, by=world.users["admin_a"], pilot_site=own)
    grant.refresh_from_db()
    assert grant.pilot_site == own


def test_an_answered_question_and_a_scored_criterion_stay(
    world: World, challenge: Opportunity, gamma: Applicant
) -> None:
    admin = world.users["admin_a"]
    asked = services.add_form_field(challenge, by=admin, label="Your pitch", kind="long_text")
    unused = services.add_form_field(
        challenge, by=admin, label="Optional", kind="text", required=False
    )
    criterion = services.add_criterion(challenge, by=admin, name="Team", weight="2")
    spare = services.add_criterion(challenge, by=admin, name="Spare", weight="1")
    services.assign_reviewer(challenge, by=admin, user=world.users["member_b"])
    application = services.start_application(
        challenge, by=gamma.member, applicant=gamma.organisation
    )
    services.save_answers(application, by=gamma.member, values={asked.pk: "We count cars."})
    with clock.frozen(DURING):
        services.submit_application(application, by=gamma.member)
    services.score_application(
        application, by=world.users["member_b"], scores={criterion: (4, "Strong")}
    )

    with pytest.raises(ValidationError):
        services.remove_form_field(asked, by=admin)
    with pytest.raises(ValidationError):
        services.remove_criterion(criterion, by=admin)
    with pytest.raises(NotPermitted):
        services.remove_form_field(unused, by=world.users["member_b"])
    with pytest.raises(NotPermitted):
        services.remove_criterion(spare, by=gamma.member)
    services.remove_form_field(unused, by=admin)
    services.remove_criterion(spare, by=admin)
    assert list(FormField.objects.filter(opportunity=challenge)) == [asked]
    assert list(Criterion.objects.filter(opportunity=challenge)) == [criterion]
    assert application.answers.count() == 1


def test_a_removed_reviewer_no_longer_sees_the_applications_but_their_scores_count(
    world: World, challenge: Opportunity, gamma: Applicant
) -> None:
    admin, reviewer = world.users["admin_a"], world.users["member_b"]
    criterion = services.add_criterion(challenge, by=admin, name="Fit", weight="1", scale=4)
    services.assign_reviewer(challenge, by=admin, user=reviewer)
    application = submitted(challenge, gamma)
    assert selectors.applications_visible_to(reviewer).filter(pk=application.pk).exists()
    services.score_application(application, by=reviewer, scores={criterion: (3, "")})
    with pytest.raises(NotPermitted):
        services.remove_reviewer(challenge, by=reviewer, user=reviewer)

    services.remove_reviewer(challenge, by=admin, user=reviewer)
    assert not Reviewer.objects.filter(opportunity=challenge).exists()
    assert not selectors.applications_visible_to(reviewer).filter(pk=application.pk).exists()
    assert Score.objects.filter(application=application).count() == 1
    applications = list(selectors.applications_for_review(admin, challenge))
    [ranked] = selectors.ranking(challenge, applications)
    assert ranked.score == Decimal("75.00")
    services.remove_reviewer(challenge, by=admin, user=reviewer)  # twice is harmless
    assert AuditEvent.objects.filter(action="opportunity.reviewer_removed").count() == 1


def test_a_grant_awards_the_offered_amount_unless_told_otherwise(
    world: World, gamma: Applicant, delta: Applicant
) -> None:
    grant = publish(world, kind="grant", grant_amount="500000", grant_currency="RUB")
    operator = world.users["operator"]
    offered = services.start_engagement(accepted(world, grant, gamma), by=operator)
    assert (offered.grant_amount, offered.grant_currency) == (Decimal("500000.00"), "RUB")
    chosen = services.start_engagement(
        accepted(world, grant, delta), by=operator, grant=Money(Decimal("250000"), "RUB")
    )
    assert (chosen.grant_amount, chosen.grant_currency) == (Decimal("250000.00"), "RUB")


def test_only_a_grant_has_a_grant_amount_and_the_site_is_the_owners(
    world: World, challenge: Opportunity, gamma: Applicant
) -> None:
    application = accepted(world, challenge, gamma)
    operator = world.users["operator"]
    with pytest.raises(ValidationError) as error:
        services.start_engagement(application, by=operator, grant=Money(Decimal("1"), "RUB"))
    assert "grant" in error.value.message_dict
    elsewhere = services.create_pilot_site(
        by=operator, owner=world.org_b, kind="park", name="B park", language="en", country="RU"
    )
    with pytest.raises(ValidationError) as error:
        services.start_engagement(application, by=operator, site=elsewhere)
    assert "site" in error.value.message_dict
    assert not Engagement.objects.filter(application=application).exists()
