"""What the directory holds about a person (core.privacy): the profile, memberships, invitations
sent and received, offers published, and the organisations they verified as operator staff."""

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from consortia.core import audit
from consortia.core.privacy import Erase, Holding

from .models import Invitation, Membership, Organisation, Person, Role

ORGANISATION_RECORD = (
    "An organisation's own record: it holds nothing about a person, and goes when the "
    "organisation is deleted."
)


def pseudonym(person: Person) -> str:
    """The name an erased person keeps, so that others' conversations and records still read."""
    return f"Former member {person.public_id.hex[:8]}"


def _scrub_person(rows: QuerySet[Person], user: Any) -> None:
    for person in rows:
        Person.objects.filter(pk=person.pk).update(
            full_name=pseudonym(person),
            title="",
            country=None,
            languages=[],
            time_zone="UTC",
            bio="",
            phone="",
            email_visibility=Person.EmailVisibility.COLLEAGUES,
            search_document="",
        )


def _invitations_to(user: Any) -> QuerySet[Invitation]:
    return Invitation.objects.filter(Q(email__iexact=user.email) | Q(accepted_by__user_id=user.pk))


def _scrub_invitations(rows: QuerySet[Invitation], user: Any) -> None:
    from consortia.accounts.privacy import pseudonymous_email

    rows.filter(status=Invitation.Status.PENDING).update(status=Invitation.Status.REVOKED)
    rows.update(email=pseudonymous_email(user))


def _scrub_audit(rows: QuerySet[Any], user: Any) -> None:
    from consortia.accounts.privacy import pseudonymous_email

    audit.pseudonymise(rows, {user.email: pseudonymous_email(user)})


def _audit_naming(user: Any) -> QuerySet[Any]:
    from consortia.core.models import AuditEvent

    return AuditEvent.objects.filter(action="invitation.created", data__email=user.email)


HOLDINGS = [
    Holding(
        "directory.Person",
        refs=("user",),
        erase=Erase.SCRUB,
        mine="user_id",
        columns=(
            "public_id",
            "full_name",
            "title",
            "country__code",
            "languages",
            "time_zone",
            "ui_language",
            "bio",
            "phone",
            "email_visibility",
            "created_at",
        ),
        scrub=_scrub_person,
    ),
    Holding(
        "directory.Membership",
        refs=("person", "organisation"),
        erase=Erase.DELETE,
        mine="person__user_id",
        columns=("organisation__public_id", "organisation__name", "role", "created_at"),
    ),
    Holding(
        "directory.Invitation",
        refs=("organisation", "invited_by"),
        part="sent",
        erase=Erase.KEEP,
        mine="invited_by_id",
        columns=("organisation__name", "email", "role", "status", "created_at"),
        why="Invitations the person sent are their organisation's record of who was asked in; "
        "they name only the pseudonymised account.",
    ),
    Holding(
        "directory.Invitation",
        refs=("accepted_by",),
        part="received",
        erase=Erase.SCRUB,
        mine=_invitations_to,
        columns=("organisation__name", "email", "role", "status", "created_at"),
        scrub=_scrub_invitations,
    ),
    Holding(
        "core.AuditEvent",
        refs=(),
        erase=Erase.SCRUB,
        mine=_audit_naming,
        scrub=_scrub_audit,
        why="The audit record of an invitation names the invited address; the address is "
        "replaced, the record kept. Not exported: the events are the inviter's.",
    ),
    Holding(
        "directory.Offer",
        refs=("organisation", "created_by"),
        erase=Erase.KEEP,
        mine="created_by_id",
        columns=("public_id", "organisation__name", "kind", "title", "status", "created_at"),
        why="An offer is its organisation's, whoever wrote it; it names only the pseudonymised "
        "account.",
    ),
    Holding(
        "directory.Organisation",
        refs=("verified_by",),
        part="verified",
        erase=Erase.KEEP,
        mine="verified_by_id",
        columns=("public_id", "name", "verification_status", "verified_at"),
        why="Which staff account verified an organisation is the operator's record.",
    ),
    Holding(
        "directory.Organisation",
        refs=(),
        part="contact",
        erase=Erase.SCRUB,
        mine=lambda user: Organisation.objects.filter(contact_email__iexact=user.email),
        columns=("public_id", "name", "contact_email"),
        scrub=lambda rows, user: rows.update(contact_email=""),
    ),
    Holding(
        "directory.Organisation_topics",
        refs=("organisation",),
        erase=Erase.EXEMPT,
        why=ORGANISATION_RECORD,
    ),
]


def _owned_alone(user: Any) -> list[str]:
    """An organisation needs an owner: its only owner hands it over (or deletes it) first."""
    owned = Membership.objects.filter(person__user_id=user.pk, role=Role.OWNER)
    alone = (
        Organisation.objects.filter(pk__in=owned.values("organisation_id"))
        .annotate(owners=Count("memberships", filter=Q(memberships__role=Role.OWNER)))
        .filter(owners=1)
        .order_by("name")
    )
    return [
        _(
            "You are the only owner of %(name)s: make another member an owner, or delete the "
            "organisation, first."
        )
        % {"name": organisation.name}
        for organisation in alone
    ]


OBSTACLES = [_owned_alone]
