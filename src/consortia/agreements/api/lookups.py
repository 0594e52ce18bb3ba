"""Fetching what a request names, through the selectors: unseen objects are 404."""

from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from consortia.core.api import ApiRequest
from consortia.core.permissions import get_visible, require
from consortia.directory.selectors import organisations_visible_to

from .. import policies, selectors, services
from ..forms import RegistryFilterForm
from ..models import Agreement, AgreementDocument, Commitment, Party
from ..selectors import RegistryFilters
from .schemas import PartyIn, RegistryQuery, ResponsiblePartyIn


def registry_filters(query: RegistryQuery) -> RegistryFilters:
    """Validate the filters with the same form as the registry page; unknown values are 422."""
    form = RegistryFilterForm(query.dict())
    if not form.is_valid():
        raise ValidationError(
            {field: [str(m) for m in messages] for field, messages in form.errors.items()}
        )
    return form.filters()


def registry(request: ApiRequest, query: RegistryQuery) -> QuerySet[Agreement]:
    """The registry as the caller may see it, filtered, with the parties' countries too."""
    return selectors.agreement_registry(request.auth, registry_filters(query)).prefetch_related(
        "countries"
    )


def named_agreement(request: ApiRequest, agreement_id: UUID) -> Agreement:
    """The agreement with its parties, topics, countries and commitments."""
    return get_visible(
        selectors.agreement_detail(request.auth).prefetch_related("countries"),
        public_id=agreement_id,
    )


def editable_agreement(request: ApiRequest, agreement_id: UUID) -> Agreement:
    """An agreement the caller may change: 404 when unseen, then 403 before any 422."""
    agreement = named_agreement(request, agreement_id)
    require(
        policies.can_edit_agreement(request.auth, agreement),
        _("Only the operator or a party's admins change an agreement."),
    )
    return agreement


def named_commitment(request: ApiRequest, commitment_id: UUID) -> Commitment:
    return get_visible(
        selectors.commitments_visible_to(request.auth).select_related(
            "agreement", "responsible__organisation", "responsible__state"
        ),
        public_id=commitment_id,
    )


def named_document(request: ApiRequest, document_id: UUID) -> AgreementDocument:
    """The document with its agreement and the agreement's parties."""
    return get_visible(selectors.document_detail(request.auth), public_id=document_id)


def parties_in_body(request: ApiRequest, parties: list[PartyIn]) -> list[services.PartyIn]:
    """The parties named in a body; an organisation unknown or hidden is a 422 on ``parties``."""
    ids = [party.organisation for party in parties if party.organisation is not None]
    found = {
        organisation.public_id: organisation
        for organisation in organisations_visible_to(request.auth).filter(public_id__in=ids)
    }
    missing = [str(public_id) for public_id in ids if public_id not in found]
    if missing:
        raise ValidationError(
            {"parties": _("There is no such organisation: %(ids)s.") % {"ids": ", ".join(missing)}}
        )
    return [
        services.PartyIn(
            organisation=found[party.organisation] if party.organisation is not None else None,
            state=party.state,
            role=party.role,
        )
        for party in parties
    ]


def _is(party: Party, named: ResponsiblePartyIn) -> bool:
    if named.organisation is not None:
        return named.state is None and getattr(party.organisation, "public_id", None) == (
            named.organisation
        )
    return named.state is not None and party.state_id == named.state.upper()


def responsible_party(agreement: Agreement, named: ResponsiblePartyIn | None) -> Party | None:
    """One of the agreement's (prefetched) parties, by its organisation's id or its state's code."""
    if named is None:
        return None
    for party in agreement.parties.all():
        if _is(party, named):
            return party
    raise ValidationError(
        {"responsible_party": _("Name a party to this agreement: its organisation or its state.")}
    )
