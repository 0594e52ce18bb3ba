"""The registry of agreements, recording one, and moving it through its life."""

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.utils.translation import gettext as _
from ninja import Query, Status
from ninja.pagination import paginate

from consortia.core.api import ApiRequest, Pages, anyone
from consortia.core.permissions import require

from .. import policies, services
from ..models import Agreement
from . import router
from .lookups import editable_agreement, named_agreement, parties_in_body, registry
from .schemas import (
    AgreementDetailOut,
    AgreementIn,
    AgreementOut,
    RegistryQuery,
    SignIn,
    TerminateIn,
)


@router.get("/agreements", response=list[AgreementOut], auth=anyone, url_name="list_agreements")
@paginate(Pages)
def list_agreements(request: ApiRequest, query: Query[RegistryQuery]) -> Any:
    """The registry: agreements the caller may see, newest signing first."""
    return registry(request, query)


@router.post("/agreements", response={201: AgreementDetailOut}, url_name="record_agreement")
def record_agreement(request: ApiRequest, payload: AgreementIn) -> Any:
    """A new agreement, as a draft; an organisation's admin records only their own."""
    require(
        policies.can_record_agreement(request.auth),
        _("Only the operator or an organisation's admins record agreements."),
    )
    agreement = services.record_agreement(
        by=request.auth,
        **payload.dict(exclude={"parties"}),
        parties=parties_in_body(request, payload.parties),
    )
    return Status(201, named_agreement(request, agreement.public_id))


@router.get(
    "/agreements/{uuid:agreement_id}",
    response=AgreementDetailOut,
    auth=anyone,
    url_name="get_agreement",
)
def get_agreement(request: ApiRequest, agreement_id: UUID) -> Any:
    return named_agreement(request, agreement_id)


def _moved(
    request: ApiRequest, agreement_id: UUID, move: Callable[..., Agreement], **arguments: Any
) -> Agreement:
    """The transition by the caller, then the agreement as it is now (403 before any 422)."""
    move(editable_agreement(request, agreement_id), by=request.auth, **arguments)
    return named_agreement(request, agreement_id)


@router.post(
    "/agreements/{uuid:agreement_id}/sign", response=AgreementDetailOut, url_name="sign_agreement"
)
def sign_agreement(request: ApiRequest, agreement_id: UUID, payload: SignIn) -> Any:
    """A draft becomes signed: when, where, and at which event."""
    return _moved(request, agreement_id, services.sign_agreement, **payload.dict())


@router.post(
    "/agreements/{uuid:agreement_id}/in-force",
    response=AgreementDetailOut,
    url_name="bring_into_force",
)
def bring_into_force(request: ApiRequest, agreement_id: UUID) -> Any:
    return _moved(request, agreement_id, services.bring_into_force)


@router.post(
    "/agreements/{uuid:agreement_id}/complete",
    response=AgreementDetailOut,
    url_name="complete_agreement",
)
def complete_agreement(request: ApiRequest, agreement_id: UUID) -> Any:
    return _moved(request, agreement_id, services.complete_agreement)


@router.post(
    "/agreements/{uuid:agreement_id}/terminate",
    response=AgreementDetailOut,
    url_name="terminate_agreement",
)
def terminate_agreement(request: ApiRequest, agreement_id: UUID, payload: TerminateIn) -> Any:
    return _moved(request, agreement_id, services.terminate_agreement, reason=payload.reason)


@router.post(
    "/agreements/{uuid:agreement_id}/expire",
    response=AgreementDetailOut,
    url_name="expire_agreement",
)
def expire_agreement(request: ApiRequest, agreement_id: UUID) -> Any:
    """Only once its validity has passed."""
    return _moved(request, agreement_id, services.expire_agreement)
