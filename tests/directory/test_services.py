from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from consortia.core import clock
from consortia.core.models import AuditEvent
from consortia.core.permissions import NotPermitted
from consortia.directory import services
from consortia.directory.models import (
    Invitation,
    Membership,
    Offer,
    Organisation,
    Role,
    VerificationStatus,
)
from tests.factories.accounts import UserFactory
from tests.factories.directory import PersonFactory


def _register(user, **overrides):
    arguments = dict(
        name="Astana Hub Robotics",
        kind="startup",
        country="KZ",
        language="ru",
        description="Роботы для складов.",
        topics=["robotics"],
        stage="mvp",
        founded_year=2021,
    )
    arguments.update(overrides)
    return services.register_organisation(by=user, **arguments)


def test_register_organisation_waits_for_operator_and_makes_owner(world):
    user = world.users["no_org"]

    organisation = _register(user)

    assert organisation.verification_status == VerificationStatus.PENDING
    assert Membership.objects.get(organisation=organisation).role == Role.OWNER
    assert list(organisation.topics.values_list("code", flat=True)) == ["robotics"]
    assert "казахстан" in organisation.search_document
    assert (
        AuditEvent.objects.filter(
            action="organisation.registered", organisation_id=organisation.pk
        ).count()
        == 1
    )


def test_register_organisation_with_bad_input_names_every_field_and_writes_nothing(world):
    before = (Organisation.objects.count(), Membership.objects.count(), AuditEvent.objects.count())

    with pytest.raises(ValidationError) as error:
        _register(
            world.users["no_org"],
            name=" ",
            country="XX",
            topics=["no-such-topic"],
            website="ftp://x",
            kind="bank",
        )

    assert set(error.value.message_dict) == {"name", "country", "topics", "website", "kind"}
    assert "XX" in error.value.message_dict["country"][0]
    assert (
        Organisation.objects.count(),
        Membership.objects.count(),
        AuditEvent.objects.count(),
    ) == before


def test_stage_is_only_for_startups(world):
    with pytest.raises(ValidationError) as error:
        _register(world.users["no_org"], kind="corporation", stage="mvp")

    assert list(error.value.message_dict) == ["stage"]


def test_operator_verifies_pending_organisation(world):
    operator = world.users["operator"]

    services.verify_organisation(world.pending, by=operator)

    world.pending.refresh_from_db()
    assert world.pending.verification_status == VerificationStatus.VERIFIED
    assert world.pending.verified_by == operator
    assert AuditEvent.objects.filter(action="organisation.verified", actor=operator).count() == 1


def test_member_cannot_verify_and_nothing_changes(world):
    with pytest.raises(NotPermitted):
        services.verify_organisation(world.pending, by=world.users["member_a"])

    world.pending.refresh_from_db()
    assert world.pending.verification_status == VerificationStatus.PENDING
    assert not AuditEvent.objects.filter(action="organisation.verified").exists()


def test_verifying_twice_is_refused(world):
    services.verify_organisation(world.pending, by=world.users["operator"])

    with pytest.raises(NotPermitted, match="waiting"):
        services.verify_organisation(world.pending, by=world.users["operator"])


def test_reject_needs_a_reason_then_owner_can_resubmit(world):
    operator, owner = world.users["operator"], world.users["member_a"]

    with pytest.raises(ValidationError):
        services.reject_organisation(world.pending, by=operator, reason="  ")
    services.reject_organisation(
        world.pending, by=operator, reason="Website does not match the name."
    )
    rejected_reason = Organisation.objects.get(pk=world.pending.pk).rejection_reason
    services.resubmit_organisation(world.pending, by=owner)

    assert rejected_reason == "Website does not match the name."
    assert (
        Organisation.objects.get(pk=world.pending.pk).verification_status
        == VerificationStatus.PENDING
    )


def test_invitation_mails_link_and_accepting_makes_member(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invite_colleague(
            world.org_a, by=world.users["admin_a"], email="New.Colleague@Example.org"
        )
    invitee = PersonFactory(user=UserFactory(email="new.colleague@example.org")).user

    membership = services.accept_invitation(invitation, by=invitee)

    assert len(mail.outbox) == 1
    assert f"/directory/invitations/{invitation.token}/" in mail.outbox[0].body
    assert mail.outbox[0].to == ["new.colleague@example.org"]
    assert (membership.organisation, membership.role) == (world.org_a, Role.MEMBER)
    assert Invitation.objects.get(pk=invitation.pk).status == Invitation.Status.ACCEPTED


def test_invitation_for_other_address_is_refused(world):
    invitation = services.invite_colleague(
        world.org_a, by=world.users["admin_a"], email="someone@example.org"
    )

    with pytest.raises(NotPermitted, match="another e-mail"):
        services.accept_invitation(invitation, by=world.users["member_b"])

    assert not Membership.objects.filter(
        person__user=world.users["member_b"], organisation=world.org_a
    ).exists()


def test_second_pending_invitation_to_same_address_is_refused(world):
    services.invite_colleague(world.org_a, by=world.users["admin_a"], email="twice@example.org")

    with pytest.raises(ValidationError, match="pending invitation"):
        services.invite_colleague(world.org_a, by=world.users["admin_a"], email="twice@example.org")

    assert Invitation.objects.filter(email="twice@example.org").count() == 1


def test_member_cannot_invite(world):
    with pytest.raises(NotPermitted):
        services.invite_colleague(world.org_a, by=world.users["member_a"], email="x@example.org")

    assert not Invitation.objects.exists()


def test_last_owner_cannot_step_down_or_leave(world):
    owner_membership = Membership.objects.get(organisation=world.org_a, role=Role.OWNER)
    owner = owner_membership.person.user

    with pytest.raises(NotPermitted, match="at least one owner"):
        services.change_member_role(owner_membership, by=owner, role=Role.MEMBER)
    with pytest.raises(NotPermitted, match="at least one owner"):
        services.leave_organisation(owner_membership, by=owner)

    assert Membership.objects.get(pk=owner_membership.pk).role == Role.OWNER


def test_admin_cannot_make_an_owner(world):
    member = Membership.objects.get(organisation=world.org_a, person__user=world.users["member_a"])

    with pytest.raises(NotPermitted):
        services.change_member_role(member, by=world.users["admin_a"], role=Role.OWNER)

    assert Membership.objects.get(pk=member.pk).role == Role.MEMBER


def test_publish_renew_withdraw_offer(world):
    member = world.users["member_a"]
    expires = clock.today() + timedelta(days=30)

    offer = services.publish_offer(
        world.org_a,
        by=member,
        kind="technology_offer",
        title="Warehouse robots",
        description="AMRs for 3PL.",
        language="en",
        expires_on=expires,
        topics=["robotics"],
        target_countries=["KZ", "UZ"],
    )
    services.withdraw_offer(offer, by=member)
    withdrawn_status = Offer.objects.get(pk=offer.pk).status
    services.renew_offer(offer, by=member, until=clock.today() + timedelta(days=200))

    offer.refresh_from_db()
    assert withdrawn_status == Offer.Status.WITHDRAWN
    assert (offer.status, offer.expires_on) == (
        Offer.Status.ACTIVE,
        clock.today() + timedelta(days=200),
    )
    assert sorted(c.code for c in offer.target_countries.all()) == ["KZ", "UZ"]


@pytest.mark.parametrize(("days", "message"), [(-1, "past"), (400, "at most 365 days")])
def test_offer_expiry_must_be_within_limits(world, days, message):
    with pytest.raises(ValidationError, match=message):
        services.publish_offer(
            world.org_a,
            by=world.users["member_a"],
            kind="technology_offer",
            title="T",
            description="D",
            language="en",
            expires_on=clock.today() + timedelta(days=days),
        )

    assert not Offer.objects.exists()


def test_outsider_cannot_publish_for_organisation(world):
    with pytest.raises(NotPermitted):
        services.publish_offer(
            world.org_a,
            by=world.users["member_b"],
            kind="technology_offer",
            title="T",
            description="D",
            language="en",
            expires_on=clock.today() + timedelta(days=5),
        )

    assert not Offer.objects.exists()


def test_update_person_validates_time_zone_and_languages(world):
    person = world.users["no_org"].person

    with pytest.raises(ValidationError) as error:
        services.update_person(
            person, by=world.users["no_org"], time_zone="Mars/Olympus", languages=["ru", "xx"]
        )

    assert set(error.value.message_dict) == {"time_zone", "languages"}
    person.refresh_from_db()
    assert person.time_zone == "Europe/Moscow"


def test_invitation_mail_is_in_the_invitees_language(world, django_capture_on_commit_callbacks):
    invitee = world.users["no_org"]
    invitee.person.ui_language = "ru"
    invitee.person.save(update_fields=["ui_language"])

    with django_capture_on_commit_callbacks(execute=True):
        services.invite_colleague(world.org_a, by=world.users["admin_a"], email=invitee.email)

    assert mail.outbox[0].to == [invitee.email]
    assert (
        mail.outbox[0].subject == "Приглашение в организацию Alpha Robotics на платформе Consortia"
    )
