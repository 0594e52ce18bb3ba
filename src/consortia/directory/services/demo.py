"""Demo sign-ins, one per role, so a newcomer can try every part of the platform."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import transaction

from consortia.accounts.models import User
from consortia.core import audit

from ..models import Country, Membership, Organisation, Person, Role, Topic, VerificationStatus
from .search_documents import organisation_document, person_document


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    password: str
    organisation: str


_DEMO_ORGANISATION = "Moscow Innovation Cluster"
_ACCOUNTS = [
    # role, e-mail, full name, title, organisation role (None: no organisation)
    ("operator", "operator@demo.consortia.example", "Alliance Secretariat", "Operator", None),
    (
        "owner",
        "owner@demo.consortia.example",
        "Demo Owner",
        "Head of international cooperation",
        Role.OWNER,
    ),
    ("admin", "admin@demo.consortia.example", "Demo Admin", "Partnership manager", Role.ADMIN),
    ("member", "member@demo.consortia.example", "Demo Member", "Analyst", Role.MEMBER),
    ("newcomer", "newcomer@demo.consortia.example", "Demo Newcomer", "Founder", None),
]


def ensure_demo_logins(*, password_suffix: str = "demo-2026") -> list[DemoLogin]:  # noqa: S107 - demo only
    """Create (or reset the passwords of) the demo accounts. Never run this on a real deployment."""
    organisation = Organisation.objects.filter(
        name=_DEMO_ORGANISATION, verification_status=VerificationStatus.VERIFIED
    ).first()
    logins = []
    with transaction.atomic():
        for role, email, full_name, title, membership_role in _ACCOUNTS:
            password = f"{role}-{password_suffix}"
            user = User.objects.filter(email=email).first() or User(email=email)
            user.is_staff = user.is_superuser = role == "operator"
            user.set_password(password)
            user.save()
            EmailAddress.objects.update_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
            person, _ = Person.objects.get_or_create(
                user=user, defaults={"full_name": full_name, "title": title}
            )
            if membership_role and organisation is not None:
                Membership.objects.get_or_create(
                    person=person, organisation=organisation, defaults={"role": membership_role}
                )
            person.search_document = person_document(
                person, list(person.memberships.values_list("organisation__name", flat=True))
            )
            person.save(update_fields=["search_document"])
            logins.append(
                DemoLogin(
                    role,
                    email,
                    password,
                    organisation.name if membership_role and organisation else "",
                )
            )
            if role == "newcomer":
                _ensure_pending_organisation(user)
        audit.record("directory.demo_logins_ensured", data={"count": len(logins)})
    return logins


_PENDING_NAME = "Astana AgriVision (demo applicant)"


def _ensure_pending_organisation(user: User) -> None:
    """A registration waiting in the operator's queue, so the console has something to verify."""
    if Organisation.objects.filter(name=_PENDING_NAME).exists():
        return
    organisation = Organisation.objects.create(
        name=_PENDING_NAME,
        kind="startup",
        stage="prototype",
        country=Country.objects.get(code="KZ"),
        city="Astana",
        language="ru",
        description="Демонстрационная заявка: компьютерное зрение для мониторинга посевов.",
    )
    organisation.topics.set(Topic.objects.filter(code__in=["agritech", "artificial-intelligence"]))
    organisation.search_document = organisation_document(
        organisation, list(organisation.topics.all())
    )
    organisation.save(update_fields=["search_document"])
    Membership.objects.create(person=user.person, organisation=organisation, role=Role.OWNER)
