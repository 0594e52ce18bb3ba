"""Commitments of an agreement and the progress reported on them."""

from typing import Any
from uuid import UUID

from ninja import Status
from ninja.pagination import paginate

from consortia.core.api import ApiRequest, Pages, anyone

from .. import selectors, services
from . import router
from .lookups import editable_agreement, named_agreement, named_commitment, responsible_party
from .schemas import CommitmentIn, CommitmentOut, ReportIn, ReportOut


@router.get(
    "/agreements/{uuid:agreement_id}/commitments",
    response=list[CommitmentOut],
    auth=anyone,
    url_name="list_commitments",
)
@paginate(Pages)
def list_commitments(request: ApiRequest, agreement_id: UUID) -> Any:
    agreement = named_agreement(request, agreement_id)
    return (
        selectors.commitments_visible_to(request.auth)
        .filter(agreement=agreement)
        .select_related("responsible__organisation", "responsible__state")
    )


@router.post(
    "/agreements/{uuid:agreement_id}/commitments",
    response={201: CommitmentOut},
    url_name="add_commitment",
)
def add_commitment(request: ApiRequest, agreement_id: UUID, payload: CommitmentIn) -> Any:
    agreement = editable_agreement(request, agreement_id)
    commitment = services.add_commitment(
        agreement,
        by=request.auth,
        text=payload.text,
        responsible=responsible_party(agreement, payload.responsible_party),
        due_on=payload.due_on,
    )
    return Status(201, commitment)


@router.get(
    "/commitments/{uuid:commitment_id}/reports",
    response=list[ReportOut],
    auth=anyone,
    url_name="list_reports",
)
@paginate(Pages)
def list_reports(request: ApiRequest, commitment_id: UUID) -> Any:
    """Newest first."""
    return named_commitment(request, commitment_id).reports.all()


@router.post(
    "/commitments/{uuid:commitment_id}/reports",
    response={201: ReportOut},
    url_name="report_progress",
)
def report_progress(request: ApiRequest, commitment_id: UUID, payload: ReportIn) -> Any:
    """By an admin of the responsible organisation (the operator for a state or nobody named)."""
    commitment = named_commitment(request, commitment_id)
    return Status(201, services.report_progress(commitment, by=request.auth, **payload.dict()))
