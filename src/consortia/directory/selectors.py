"""Every read of the directory. Lists, pages, search, exports and the API all start here."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from consortia.core import clock, search
from consortia.core.multilingual import label_field_suffix, localized
from consortia.core.permissions import is_operator

from .models import (
    Country,
    Invitation,
    Membership,
    Offer,
    Organisation,
    Person,
    Role,
    Topic,
    VerificationStatus,
)


@dataclass(frozen=True, slots=True)
class DirectoryFilters:
    """Validated filters for directory and offer lists (see ``forms.DirectoryFilterForm``)."""

    q: str = ""
    country: str = ""
    kind: str = ""
    topic: str = ""
    language: str = ""


def countries() -> QuerySet[Country]:
    return Country.objects.all()


def topics() -> QuerySet[Topic]:
    return Topic.objects.select_related("parent")


@dataclass(frozen=True, slots=True)
class TopicLabel:
    id: int
    parent_id: int | None
    code: str
    label: str


# Countries and topics change only with a release (migrations, ``sync_reference_data``), yet
# every filter form lists them all: each process keeps their labels per language.
_country_names: dict[str, tuple[tuple[str, str], ...]] = {}
_topic_labels: dict[str, tuple[TopicLabel, ...]] = {}


def country_names() -> tuple[tuple[str, str], ...]:
    """(code, name) of every country in the active language, by name."""
    language = label_field_suffix()
    if language not in _country_names:
        names = ((c.code, localized(c, "name", language)) for c in countries())
        loaded = tuple(sorted(names, key=lambda pair: pair[1]))
        if not loaded:
            return loaded  # not loaded yet: ask again next time
        _country_names[language] = loaded
    return _country_names[language]


def topic_labels() -> tuple[TopicLabel, ...]:
    """Every topic (areas and their topics) with its label in the active language, in order."""
    language = label_field_suffix()
    if language not in _topic_labels:
        loaded = tuple(
            TopicLabel(t.pk, t.parent_id, t.code, localized(t, "label", language))
            for t in Topic.objects.all()
        )
        if not loaded:
            return loaded
        _topic_labels[language] = loaded
    return _topic_labels[language]


def forget_reference_labels() -> None:
    """After countries or topics changed (``sync_reference_data``), in this process."""
    _country_names.clear()
    _topic_labels.clear()


def topic_codes_within(code: str) -> list[str]:
    """The topic and, for an area, all of its topics."""
    return [code, *Topic.objects.filter(parent__code=code).values_list("code", flat=True)]


def member_organisation_ids(user: Any) -> QuerySet[Membership, Any]:
    """The ids of the signed-in user's organisations, as a subquery."""
    return Membership.objects.filter(person__user_id=user.pk).values("organisation_id")


def organisations_visible_to(user: Any) -> QuerySet[Organisation]:
    """Verified organisations for everyone; one's own at any status; everything for the operator."""
    queryset = Organisation.objects.all()
    if is_operator(user):
        return queryset
    visible = Q(verification_status=VerificationStatus.VERIFIED)
    if getattr(user, "is_authenticated", False):
        visible |= Q(id__in=member_organisation_ids(user))
    return queryset.filter(visible)


def organisation_list(user: Any, filters: DirectoryFilters) -> QuerySet[Organisation]:
    """The public directory: verified organisations only (the operator uses the console)."""
    queryset = organisations_visible_to(user).filter(
        verification_status=VerificationStatus.VERIFIED
    )
    if filters.country:
        queryset = queryset.filter(country_id=filters.country)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.language:
        queryset = queryset.filter(language=filters.language)
    if filters.topic:
        queryset = queryset.filter(
            Exists(
                Organisation.topics.through.objects.filter(
                    organisation_id=OuterRef("pk"),
                    topic__code__in=topic_codes_within(filters.topic),
                )
            )
        )
    if filters.q:
        structural = bool(filters.country or filters.kind or filters.language or filters.topic)
        queryset = search.matching(queryset, filters.q, filtered=structural)
    return queryset.select_related("country").prefetch_related("topics")


def organisation_detail(user: Any) -> QuerySet[Organisation]:
    return organisations_visible_to(user).select_related("country").prefetch_related("topics")


def verification_queue() -> QuerySet[Organisation]:
    return (
        Organisation.objects.filter(verification_status=VerificationStatus.PENDING)
        .select_related("country")
        .prefetch_related(
            "topics",
            Prefetch("memberships", queryset=Membership.objects.select_related("person__user")),
        )
        .order_by("created_at", "id")
    )


def _of_verified_organisation() -> Exists:
    """A membership's organisation is verified, as a correlated primary-key lookup.

    Not ``organisation__verification_status=…``: that join lets SQLite without table statistics
    (nothing runs ANALYZE) start from the verification_status index and visit every verified
    organisation for each membership, which takes minutes at 150,000 organisations.
    """
    return Exists(
        Organisation.objects.filter(
            pk=OuterRef("organisation_id"), verification_status=VerificationStatus.VERIFIED
        )
    )


def people_visible_to(user: Any) -> QuerySet[Person]:
    """People of verified organisations; oneself and colleagues; everyone for the operator."""
    queryset = Person.objects.all()
    if is_operator(user):
        return queryset
    visible = Q(
        Exists(Membership.objects.filter(_of_verified_organisation(), person_id=OuterRef("pk")))
    )
    if getattr(user, "is_authenticated", False):
        visible |= Q(user_id=user.pk) | Q(
            Exists(
                Membership.objects.filter(
                    person_id=OuterRef("pk"), organisation_id__in=member_organisation_ids(user)
                )
            )
        )
    return queryset.filter(visible)


def person_list(user: Any, filters: DirectoryFilters) -> QuerySet[Person]:
    queryset = people_visible_to(user)
    if filters.country:
        queryset = queryset.filter(country_id=filters.country)
    if filters.q:
        queryset = search.matching(queryset, filters.q)
    # One prefetch serves both the public organisation list (Person.public_memberships) and the
    # contact policy, which needs every membership to recognise colleagues.
    return queryset.select_related("country", "user").prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("organisation"))
    )


def memberships_of_organisation(organisation: Organisation) -> QuerySet[Membership]:
    return organisation.memberships.select_related("person__country", "person__user").order_by(
        "person__full_name"
    )


def organisations_of(user: Any) -> QuerySet[Membership]:
    """The signed-in user's memberships, with their organisations."""
    if not getattr(user, "is_authenticated", False):
        return Membership.objects.none()
    return Membership.objects.filter(person__user_id=user.pk).select_related(
        "organisation__country"
    )


def pending_invitations(organisation: Organisation) -> QuerySet[Invitation]:
    return organisation.invitations.filter(status=Invitation.Status.PENDING)


def invitations() -> QuerySet[Invitation]:
    """Invitations are reached by their secret token, which is all the permission they need."""
    return Invitation.objects.select_related("organisation")


def offers_visible_to(user: Any) -> QuerySet[Offer]:
    """Public: active, unexpired offers of verified organisations. Members see all of their own."""
    queryset = Offer.objects.all()
    if is_operator(user):
        return queryset
    public = Q(
        status=Offer.Status.ACTIVE,
        expires_on__gte=clock.today(),
        organisation__verification_status=VerificationStatus.VERIFIED,
    )
    if getattr(user, "is_authenticated", False):
        public |= Q(organisation_id__in=member_organisation_ids(user))
    return queryset.filter(public)


def offer_list(user: Any, filters: DirectoryFilters) -> QuerySet[Offer]:
    """The public offers-and-needs board (only live offers, whoever asks)."""
    queryset = offers_visible_to(user).filter(
        status=Offer.Status.ACTIVE,
        expires_on__gte=clock.today(),
        organisation__verification_status=VerificationStatus.VERIFIED,
    )
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.country:
        queryset = queryset.filter(
            Q(organisation__country_id=filters.country) | Q(target_countries=filters.country)
        ).distinct()
    if filters.language:
        queryset = queryset.filter(language=filters.language)
    if filters.topic:
        queryset = queryset.filter(topics__code__in=topic_codes_within(filters.topic)).distinct()
    if filters.q:
        queryset = search.matching(queryset, filters.q)
    return queryset.select_related("organisation__country").prefetch_related(
        "topics", "target_countries"
    )


def offers_of_organisation(user: Any, organisation: Organisation) -> QuerySet[Offer]:
    return (
        offers_visible_to(user)
        .filter(organisation=organisation)
        .prefetch_related("topics", "target_countries")
    )


def latest_organisations(limit: int = 6) -> QuerySet[Organisation]:
    return (
        Organisation.objects.filter(verification_status=VerificationStatus.VERIFIED)
        .select_related("country")
        .prefetch_related("topics")
        .order_by("-verified_at", "-id")[:limit]
    )


def ui_language_for_email(email: str) -> str | None:
    return (
        Person.objects.filter(user__email__iexact=email)
        .values_list("ui_language", flat=True)
        .first()
    )


def public_memberships_of(user: Any, person: Person) -> QuerySet[Membership]:
    """The organisations shown on a person's page: those the viewer may see."""
    return person.memberships.filter(
        organisation__in=organisations_visible_to(user)
    ).select_related("organisation__country")


def memberships_visible_to(user: Any) -> QuerySet[Membership]:
    """Memberships of the organisations the user belongs to (the operator: all)."""
    queryset = Membership.objects.select_related("organisation", "person")
    if is_operator(user):
        return queryset
    if not getattr(user, "is_authenticated", False):
        return queryset.none()
    return queryset.filter(organisation_id__in=member_organisation_ids(user))


@dataclass(frozen=True, slots=True)
class DirectoryFigures:
    verified: int
    pending: int
    rejected: int
    people: int
    live_offers: int


def directory_figures() -> DirectoryFigures:
    """Headline numbers for the operator console."""
    by_status = dict(
        Organisation.objects.values_list("verification_status")
        .annotate(n=Count("id"))
        .values_list("verification_status", "n")
    )
    return DirectoryFigures(
        verified=by_status.get(VerificationStatus.VERIFIED, 0),
        pending=by_status.get(VerificationStatus.PENDING, 0),
        rejected=by_status.get(VerificationStatus.REJECTED, 0),
        people=Person.objects.count(),
        live_offers=Offer.objects.filter(
            status=Offer.Status.ACTIVE, expires_on__gte=clock.today()
        ).count(),
    )


def organisation_contacts(organisation: Organisation) -> list[Person]:
    """Who answers for an organisation: its owners and admins (active accounts only)."""
    return list(
        Person.objects.filter(
            memberships__organisation=organisation,
            memberships__role__in=[Role.OWNER, Role.ADMIN],
            user__is_active=True,
        )
        .select_related("user")
        .order_by("full_name", "id")
    )


def offer_contacts(offer: Offer) -> list[Person]:
    """Who answers for an offer: its author while still a member, then the organisation's contacts."""
    contacts = organisation_contacts(offer.organisation)
    if offer.created_by_id is None:
        return contacts
    author = (
        Person.objects.filter(
            user_id=offer.created_by_id,
            user__is_active=True,
            memberships__organisation_id=offer.organisation_id,
        )
        .select_related("user")
        .first()
    )
    if author is not None and author not in contacts:
        contacts.insert(0, author)
    return contacts


def share_an_organisation(first: Person, second: Person) -> bool:
    return Membership.objects.filter(
        person=second, organisation__memberships__person=first
    ).exists()
