"""People and their memberships: profiles, invitations, roles."""

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from consortia.core import audit, clock
from consortia.core.mail import CLAIM_LEASE, LOST_AFTER, send_claimed, unclaimed
from consortia.core.permissions import NotPermitted, require
from consortia.core.tasks import enqueue

from .. import policies, tasks
from ..models import Invitation, Membership, Organisation, Person, Role
from .search_documents import person_document
from .validation import (
    clean_fields,
    require_country,
    require_language,
    require_text,
    require_time_zone,
)


def _refresh_search(person: Person) -> None:
    names = list(person.memberships.values_list("organisation__name", flat=True))
    person.search_document = person_document(person, names)
    person.save(update_fields=["search_document"])


def create_person(
    user: Any, *, full_name: str, ui_language: str = "en", time_zone: str = "UTC"
) -> Person:
    """The directory profile of a newly signed-up user."""
    full_name = require_text("full_name", full_name or user.email.split("@")[0], max_length=200)
    ui_language = ui_language if ui_language in dict(settings.LANGUAGES) else "en"
    with transaction.atomic():
        person = Person.objects.create(
            user=user, full_name=full_name, ui_language=ui_language, time_zone=time_zone
        )
        _refresh_search(person)
        audit.record("person.created", actor=user, target=person)
    return person


def update_person(person: Person, *, by: Any, **changes: Any) -> Person:
    require(by.pk == person.user_id, _("You can only edit your own profile."))
    checks = {
        "full_name": lambda v: require_text("full_name", v, max_length=200),
        "title": lambda v: (v or "").strip()[:200],
        "country": lambda v: None if not v else require_country("country", v),
        "languages": lambda v: [
            require_language("languages", code) for code in dict.fromkeys(v or [])
        ],
        "time_zone": lambda v: require_time_zone("time_zone", v),
        "ui_language": _clean_ui_language,
        "bio": lambda v: (v or "").strip(),
        "phone": lambda v: (v or "").strip()[:40],
        "email_visibility": _clean_email_visibility,
    }
    cleaned = clean_fields(changes, checks, kind="person")
    with transaction.atomic():
        for field, value in cleaned.items():
            setattr(person, field, value)
        person.save()
        _refresh_search(person)
        audit.record("person.updated", actor=by, target=person, data={"fields": sorted(cleaned)})
    return person


def _clean_ui_language(value: str) -> str:
    if value not in dict(settings.LANGUAGES):
        raise ValidationError({"ui_language": _("Unknown interface language.")})
    return value


def _clean_email_visibility(value: str) -> str:
    if value not in Person.EmailVisibility.values:
        raise ValidationError({"email_visibility": _("Unknown choice.")})
    return value


def invite_colleague(
    organisation: Organisation, *, by: Any, email: str, role: str = Role.MEMBER
) -> Invitation:
    """An admin invites someone by e-mail; the link lets them join once signed in with that address."""
    require(
        policies.can_manage_members(by, organisation),
        _("Only the organisation's admins can invite."),
    )
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as error:
        raise ValidationError({"email": _("Enter a valid e-mail address.")}) from error
    if role not in (Role.ADMIN, Role.MEMBER):
        raise ValidationError({"role": _("Invite as an administrator or a member.")})
    if organisation.memberships.filter(person__user__email__iexact=email).exists():
        raise ValidationError({"email": _("This person is already a member.")})
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                organisation=organisation,
                email=email,
                role=role,
                invited_by=by,
                expires_at=clock.now() + timedelta(days=settings.CONSORTIA_INVITATION_DAYS),
            )
            audit.record(
                "invitation.created",
                actor=by,
                target=invitation,
                data={"email": email, "role": role},
            )
            enqueue(tasks.send_invitation_email, invitation.pk)
    except IntegrityError as error:
        raise ValidationError(
            {"email": _("This address already has a pending invitation.")}
        ) from error
    return invitation


def deliver_invitation(invitation_id: int) -> bool:
    """Send a pending invitation's e-mail, at most once (``core.mail``), in the invitee's language
    when they already have an account. Returns whether this call sent it."""
    from consortia.directory.selectors import ui_language_for_email

    pending = Invitation.objects.filter(
        pk=invitation_id, status=Invitation.Status.PENDING, emailed_at__isnull=True
    )

    def compose() -> EmailMessage:
        invitation = Invitation.objects.select_related("organisation").get(pk=invitation_id)
        language = ui_language_for_email(invitation.email) or translation.get_language() or "en"
        with translation.override(language):
            context = {
                "invitation": invitation,
                "url": settings.SITE_URL + reverse("directory:invitation", args=[invitation.token]),
            }
            return EmailMessage(
                subject=_("You are invited to join %(name)s on Consortia")
                % {"name": invitation.organisation.name},
                body=render_to_string("directory/email/invitation.txt", context),
                to=[invitation.email],
            )

    if not send_claimed(pending, "email_claimed_at", compose):
        return False
    pending.update(emailed_at=clock.now())
    return True


def send_lost_invitations(*, now: datetime | None = None) -> int:
    """Enqueue again the e-mail of pending invitations of the last day that is neither sent nor
    claimed within the lease: its task was lost (a restart, a killed worker). Returns how many."""
    now = now or clock.now()
    lost = list(
        Invitation.objects.filter(
            unclaimed("email_claimed_at", now),
            status=Invitation.Status.PENDING,
            emailed_at__isnull=True,
            created_at__lt=now - CLAIM_LEASE,
            created_at__gte=now - LOST_AFTER,
            expires_at__gt=now,
        ).values_list("pk", flat=True)
    )
    for invitation_id in lost:
        enqueue(tasks.send_invitation_email, invitation_id)
    return len(lost)


def accept_invitation(invitation: Invitation, *, by: Any) -> Membership:
    if invitation.status != Invitation.Status.PENDING or invitation.expires_at < clock.now():
        raise NotPermitted(_("This invitation is no longer valid."))
    if by.email.lower() != invitation.email.lower():
        raise NotPermitted(_("This invitation was sent to another e-mail address."))
    with transaction.atomic():
        membership, _created = Membership.objects.get_or_create(
            person=by.person,
            organisation=invitation.organisation,
            defaults={"role": invitation.role},
        )
        policies.forget_memberships(by)
        invitation.status = Invitation.Status.ACCEPTED
        invitation.accepted_by = by.person
        invitation.save(update_fields=["status", "accepted_by"])
        _refresh_search(by.person)
        audit.record(
            "invitation.accepted",
            actor=by,
            target=invitation,
            organisation_id=invitation.organisation_id,
        )
    return membership


def revoke_invitation(invitation: Invitation, *, by: Any) -> Invitation:
    require(
        policies.can_manage_members(by, invitation.organisation),
        _("Only the organisation's admins can do this."),
    )
    with transaction.atomic():
        if invitation.status == Invitation.Status.PENDING:
            invitation.status = Invitation.Status.REVOKED
            invitation.save(update_fields=["status"])
            audit.record("invitation.revoked", actor=by, target=invitation)
    return invitation


def _owners_left(organisation_id: int, *, without: int) -> int:
    return (
        Membership.objects.filter(organisation_id=organisation_id, role=Role.OWNER)
        .exclude(pk=without)
        .count()
    )


def change_member_role(membership: Membership, *, by: Any, role: str) -> Membership:
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    require(policies.can_change_role(by, membership, role), _("You cannot give or take this role."))
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if (
            membership.role == Role.OWNER
            and role != Role.OWNER
            and not _owners_left(membership.organisation_id, without=membership.pk)
        ):
            raise NotPermitted(_("An organisation needs at least one owner."))
        previous, membership.role = membership.role, role
        membership.save(update_fields=["role"])
        policies.forget_memberships(by)
        audit.record(
            "membership.role_changed",
            actor=by,
            target=membership,
            data={"from": previous, "to": role},
        )
    return membership


def remove_member(membership: Membership, *, by: Any) -> None:
    require(
        policies.can_change_role(by, membership, membership.role),
        _("You cannot remove this member."),
    )
    _delete_membership(membership, by=by, action="membership.removed")


def leave_organisation(membership: Membership, *, by: Any) -> None:
    require(membership.person.user_id == by.pk, _("You can only leave for yourself."))
    _delete_membership(membership, by=by, action="membership.left")


def _delete_membership(membership: Membership, *, by: Any, action: str) -> None:
    with transaction.atomic():
        membership = (
            Membership.objects.select_for_update().select_related("person").get(pk=membership.pk)
        )
        if membership.role == Role.OWNER and not _owners_left(
            membership.organisation_id, without=membership.pk
        ):
            raise NotPermitted(_("An organisation needs at least one owner."))
        audit.record(
            action, actor=by, target=membership, data={"person": str(membership.person.public_id)}
        )
        person = membership.person
        membership.delete()
        policies.forget_memberships(by)
        _refresh_search(person)
