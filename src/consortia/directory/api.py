"""Directory over REST: the same selectors and services as the web pages."""

from datetime import date
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from consortia.core.api import ApiRequest, Pages, anyone
from consortia.core.permissions import get_visible

from . import policies, selectors, services
from .forms import DirectoryFilterForm
from .models import Membership, Offer, OfferKind, Organisation, Person
from .selectors import DirectoryFilters

router = Router(tags=["directory"])


def organisation_in_body(request: ApiRequest, field: str, organisation_id: UUID) -> Organisation:
    """An organisation a body names (every app's API uses this): one the caller cannot see is
    a 422 on ``field``, as if it did not exist."""
    organisation = (
        selectors.organisations_visible_to(request.auth)
        .select_related("country")
        .prefetch_related("topics")
        .filter(public_id=organisation_id)
        .first()
    )
    if organisation is None:
        raise ValidationError({field: _("There is no such organisation.")})
    return organisation


# --- Schemas ------------------------------------------------------------------------------
class CountryOut(Schema):
    code: str
    alpha3: str
    name: str
    name_en: str
    name_ru: str
    name_zh: str


class TopicOut(Schema):
    code: str
    parent: str | None = Field(None, alias="parent.code")
    label: str
    label_en: str
    label_ru: str
    label_zh: str
    synonyms: list[str]


def _request(context: Any) -> ApiRequest:
    return context["request"]


class OrganisationOut(Schema):
    id: UUID = Field(..., alias="public_id")
    name: str
    other_names: str
    kind: str
    country: str = Field(..., alias="country_id")
    city: str
    website: str
    description: str
    language: str
    topics: list[str]
    stage: str
    founded_year: int | None
    verification_status: str
    rejection_reason: str
    contact_email: str | None
    phone: str | None
    created_at: Any

    @staticmethod
    def resolve_topics(obj: Organisation) -> list[str]:
        return [topic.code for topic in obj.topics.all()]

    @staticmethod
    def resolve_contact_email(obj: Organisation, context: Any) -> str | None:
        return (
            obj.contact_email
            if policies.can_see_organisation_contacts(_request(context).auth, obj)
            else None
        )

    @staticmethod
    def resolve_phone(obj: Organisation, context: Any) -> str | None:
        return (
            obj.phone
            if policies.can_see_organisation_contacts(_request(context).auth, obj)
            else None
        )

    @staticmethod
    def resolve_rejection_reason(obj: Organisation, context: Any) -> str:
        return (
            obj.rejection_reason
            if policies.can_edit_organisation(_request(context).auth, obj)
            else ""
        )


class OrganisationIn(Schema):
    name: str = Field(..., max_length=200)
    other_names: str = ""
    kind: str
    country: str = Field(..., min_length=2, max_length=2)
    language: str
    description: str = ""
    city: str = ""
    website: str = ""
    topics: list[str] = []
    stage: str = ""
    founded_year: int | None = None
    contact_email: str = ""
    phone: str = ""


class OrganisationPatch(Schema):
    name: str | None = None
    other_names: str | None = None
    kind: str | None = None
    country: str | None = None
    language: str | None = None
    description: str | None = None
    city: str | None = None
    website: str | None = None
    topics: list[str] | None = None
    stage: str | None = None
    founded_year: int | None = None
    contact_email: str | None = None
    phone: str | None = None


class RejectIn(Schema):
    reason: str


class MembershipOut(Schema):
    id: int
    person: UUID = Field(..., alias="person.public_id")
    person_name: str = Field(..., alias="person.full_name")
    organisation: UUID = Field(..., alias="organisation.public_id")
    role: str


class RoleIn(Schema):
    role: str


class InvitationIn(Schema):
    email: str
    role: str = "member"


class InvitationOut(Schema):
    id: int
    email: str
    role: str
    status: str
    expires_at: Any


class PersonOrganisation(Schema):
    id: UUID = Field(..., alias="organisation.public_id")
    name: str = Field(..., alias="organisation.name")
    role: str


class PersonOut(Schema):
    id: UUID = Field(..., alias="public_id")
    full_name: str
    title: str
    country: str | None = Field(None, alias="country_id")
    languages: list[str]
    time_zone: str
    organisations: list[PersonOrganisation]
    email: str | None
    phone: str | None

    @staticmethod
    def resolve_organisations(obj: Person) -> list[Membership]:
        return obj.public_memberships

    @staticmethod
    def resolve_email(obj: Person, context: Any) -> str | None:
        return obj.user.email if policies.can_see_contacts(_request(context).auth, obj) else None

    @staticmethod
    def resolve_phone(obj: Person, context: Any) -> str | None:
        return obj.phone if policies.can_see_contacts(_request(context).auth, obj) else None


class PersonPatch(Schema):
    full_name: str | None = None
    title: str | None = None
    country: str | None = None
    languages: list[str] | None = None
    time_zone: str | None = None
    ui_language: str | None = None
    bio: str | None = None
    phone: str | None = None
    email_visibility: str | None = None


class OfferOut(Schema):
    id: UUID = Field(..., alias="public_id")
    organisation: UUID = Field(..., alias="organisation.public_id")
    organisation_name: str = Field(..., alias="organisation.name")
    kind: str
    is_need: bool
    title: str
    description: str
    language: str
    topics: list[str]
    target_countries: list[str]
    expires_on: date
    status: str
    created_at: Any

    @staticmethod
    def resolve_topics(obj: Offer) -> list[str]:
        return [topic.code for topic in obj.topics.all()]

    @staticmethod
    def resolve_target_countries(obj: Offer) -> list[str]:
        return [country.code for country in obj.target_countries.all()]


class OfferIn(Schema):
    kind: str
    title: str
    description: str
    language: str
    expires_on: date
    topics: list[str] = []
    target_countries: list[str] = []


class OfferPatch(Schema):
    kind: str | None = None
    title: str | None = None
    description: str | None = None
    language: str | None = None
    expires_on: date | None = None
    topics: list[str] | None = None
    target_countries: list[str] | None = None


class RenewIn(Schema):
    until: date | None = None


class DirectoryQuery(Schema):
    q: str = ""
    country: str = ""
    kind: str = ""
    topic: str = ""
    language: str = ""


def _filters(query: DirectoryQuery, *, kinds: Any = None) -> DirectoryFilters:
    """Validate list filters with the same form as the web pages; unknown values are 422."""
    form = DirectoryFilterForm(query.dict(), **({"kinds": kinds} if kinds is not None else {}))
    if not form.is_valid():
        raise ValidationError(
            {field: [str(m) for m in messages] for field, messages in form.errors.items()}
        )
    return form.filters()


# --- Reference data -------------------------------------------------------------------------
@router.get("/countries", response=list[CountryOut], auth=anyone)
def list_countries(request: ApiRequest) -> Any:
    return selectors.countries()


@router.get("/topics", response=list[TopicOut], auth=anyone)
def list_topics(request: ApiRequest) -> Any:
    return selectors.topics()


# --- Organisations --------------------------------------------------------------------------
def _organisation(request: ApiRequest, organisation_id: UUID) -> Organisation:
    return get_visible(selectors.organisation_detail(request.auth), public_id=organisation_id)


@router.get("/organisations", response=list[OrganisationOut], auth=anyone)
@paginate(Pages)
def list_organisations(request: ApiRequest, query: Query[DirectoryQuery]) -> Any:
    return selectors.organisation_list(request.auth, _filters(query))


@router.post("/organisations", response={201: OrganisationOut})
def create_organisation(request: ApiRequest, payload: OrganisationIn) -> Any:
    return Status(201, services.register_organisation(by=request.auth, **payload.dict()))


@router.get("/organisations/{organisation_id}", response=OrganisationOut, auth=anyone)
def get_organisation(request: ApiRequest, organisation_id: UUID) -> Any:
    return _organisation(request, organisation_id)


@router.patch("/organisations/{organisation_id}", response=OrganisationOut)
def update_organisation(
    request: ApiRequest, organisation_id: UUID, payload: OrganisationPatch
) -> Any:
    organisation = _organisation(request, organisation_id)
    return services.update_organisation(
        organisation, by=request.auth, **payload.dict(exclude_unset=True)
    )


@router.delete("/organisations/{organisation_id}", response={204: None})
def delete_organisation(request: ApiRequest, organisation_id: UUID) -> Any:
    services.delete_organisation(_organisation(request, organisation_id), by=request.auth)
    return Status(204, None)


@router.post("/organisations/{organisation_id}/verify", response=OrganisationOut)
def verify_organisation(request: ApiRequest, organisation_id: UUID) -> Any:
    return services.verify_organisation(_organisation(request, organisation_id), by=request.auth)


@router.post("/organisations/{organisation_id}/reject", response=OrganisationOut)
def reject_organisation(request: ApiRequest, organisation_id: UUID, payload: RejectIn) -> Any:
    return services.reject_organisation(
        _organisation(request, organisation_id), by=request.auth, reason=payload.reason
    )


# --- Memberships ----------------------------------------------------------------------------
@router.get("/organisations/{organisation_id}/members", response=list[MembershipOut], auth=anyone)
def list_members(request: ApiRequest, organisation_id: UUID) -> Any:
    return selectors.memberships_of_organisation(_organisation(request, organisation_id))


@router.post("/organisations/{organisation_id}/invitations", response={201: InvitationOut})
def invite(request: ApiRequest, organisation_id: UUID, payload: InvitationIn) -> Any:
    organisation = _organisation(request, organisation_id)
    return Status(
        201,
        services.invite_colleague(
            organisation, by=request.auth, email=payload.email, role=payload.role
        ),
    )


def _membership(request: ApiRequest, membership_id: int) -> Membership:
    return get_visible(selectors.memberships_visible_to(request.auth), pk=membership_id)


@router.patch("/memberships/{membership_id}", response=MembershipOut)
def change_role(request: ApiRequest, membership_id: int, payload: RoleIn) -> Any:
    return services.change_member_role(
        _membership(request, membership_id), by=request.auth, role=payload.role
    )


@router.delete("/memberships/{membership_id}", response={204: None})
def remove_member(request: ApiRequest, membership_id: int) -> Any:
    membership = _membership(request, membership_id)
    if membership.person.user_id == request.auth.pk:
        services.leave_organisation(membership, by=request.auth)
    else:
        services.remove_member(membership, by=request.auth)
    return Status(204, None)


# --- People ---------------------------------------------------------------------------------
@router.get("/people", response=list[PersonOut], auth=anyone)
@paginate(Pages)
def list_people(request: ApiRequest, query: Query[DirectoryQuery]) -> Any:
    return selectors.person_list(request.auth, _filters(query)).select_related("user")


@router.get("/people/{person_id}", response=PersonOut, auth=anyone)
def get_person(request: ApiRequest, person_id: UUID) -> Any:
    return get_visible(
        selectors.person_list(request.auth, DirectoryFilters()).select_related("user"),
        public_id=person_id,
    )


@router.get("/me", response=PersonOut)
def get_me(request: ApiRequest) -> Any:
    """The caller's own person (404 for an account that has none, such as a bare superuser)."""
    return get_visible(
        selectors.person_list(request.auth, DirectoryFilters()).select_related("user"),
        user=request.auth,
    )


@router.patch("/me", response=PersonOut)
def update_me(request: ApiRequest, payload: PersonPatch) -> Any:
    services.update_person(get_me(request), by=request.auth, **payload.dict(exclude_unset=True))
    return get_me(request)


# --- Offers and needs -----------------------------------------------------------------------
def _offer(request: ApiRequest, offer_id: UUID) -> Offer:
    return get_visible(
        selectors.offers_visible_to(request.auth).select_related("organisation"), public_id=offer_id
    )


@router.get("/offers", response=list[OfferOut], auth=anyone)
@paginate(Pages)
def list_offers(request: ApiRequest, query: Query[DirectoryQuery]) -> Any:
    return selectors.offer_list(request.auth, _filters(query, kinds=OfferKind.choices))


@router.post("/organisations/{organisation_id}/offers", response={201: OfferOut})
def publish_offer(request: ApiRequest, organisation_id: UUID, payload: OfferIn) -> Any:
    organisation = _organisation(request, organisation_id)
    return Status(201, services.publish_offer(organisation, by=request.auth, **payload.dict()))


@router.get("/offers/{offer_id}", response=OfferOut, auth=anyone)
def get_offer(request: ApiRequest, offer_id: UUID) -> Any:
    return _offer(request, offer_id)


@router.patch("/offers/{offer_id}", response=OfferOut)
def update_offer(request: ApiRequest, offer_id: UUID, payload: OfferPatch) -> Any:
    return services.update_offer(
        _offer(request, offer_id), by=request.auth, **payload.dict(exclude_unset=True)
    )


@router.post("/offers/{offer_id}/renew", response=OfferOut)
def renew_offer(request: ApiRequest, offer_id: UUID, payload: RenewIn) -> Any:
    return services.renew_offer(_offer(request, offer_id), by=request.auth, until=payload.until)


@router.post("/offers/{offer_id}/withdraw", response=OfferOut)
def withdraw_offer(request: ApiRequest, offer_id: UUID) -> Any:
    return services.withdraw_offer(_offer(request, offer_id), by=request.auth)


@router.delete("/offers/{offer_id}", response={204: None})
def delete_offer(request: ApiRequest, offer_id: UUID) -> Any:
    services.delete_offer(_offer(request, offer_id), by=request.auth)
    return Status(204, None)
