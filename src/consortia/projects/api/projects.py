"""The project list, recording one, changing it, and moving it through its life."""

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.utils.translation import gettext as _
from ninja import Query, Status
from ninja.pagination import paginate

from consortia.core.api import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS, ApiRequest, Pages, anyone
from consortia.core.permissions import require

from .. import policies, services
from ..models import Project
from . import router
from .lookups import (
    agreements_in_body,
    commitments_in_body,
    editable_project,
    money_in_body,
    named_project,
    partners_in_body,
    project_list,
)
from .schemas import (
    CancelIn,
    CompleteIn,
    LinksIn,
    PartnersIn,
    ProjectDetailOut,
    ProjectIn,
    ProjectOut,
    ProjectPatch,
    ProjectQuery,
    StartIn,
)


@router.get(
    "/projects",
    response={200: list[ProjectOut], **LIST_ERRORS},
    auth=anyone,
    url_name="list_projects",
)
@paginate(Pages)
def list_projects(request: ApiRequest, query: Query[ProjectQuery]) -> Any:
    """The projects the caller may see, latest start first."""
    return project_list(request, query)


@router.post(
    "/projects", response={201: ProjectDetailOut, **WRITE_ERRORS}, url_name="record_project"
)
def record_project(request: ApiRequest, payload: ProjectIn) -> Any:
    """A new proposed project; an organisation's admin records only their own."""
    require(
        policies.can_record_project(request.auth),
        _("Only the operator or an organisation's admins record projects."),
    )
    project = services.record_project(
        by=request.auth,
        **payload.dict(exclude={"partners", "agreements", "commitments"}),
        partners=partners_in_body(request, payload.partners),
        agreements=agreements_in_body(request, payload.agreements),
        commitments=commitments_in_body(request, payload.commitments),
    )
    return Status(201, named_project(request, project.public_id))


@router.get(
    "/projects/{uuid:project_id}",
    response={200: ProjectDetailOut, **READ_ERRORS},
    auth=anyone,
    url_name="get_project",
)
def get_project(request: ApiRequest, project_id: UUID) -> Any:
    return named_project(request, project_id)


@router.patch(
    "/projects/{uuid:project_id}",
    response={200: ProjectDetailOut, **WRITE_ERRORS},
    url_name="change_project",
)
def change_project(request: ApiRequest, project_id: UUID, payload: ProjectPatch) -> Any:
    """Only the fields given change."""
    project = editable_project(request, project_id)
    services.change_project(project, by=request.auth, **payload.changes())
    return named_project(request, project_id)


@router.put(
    "/projects/{uuid:project_id}/partners",
    response={200: ProjectDetailOut, **WRITE_ERRORS},
    url_name="set_partners",
)
def set_partners(request: ApiRequest, project_id: UUID, payload: PartnersIn) -> Any:
    """Replace the partners; whoever changes them must stay able to change them."""
    project = editable_project(request, project_id)
    services.set_partners(
        project, by=request.auth, partners=partners_in_body(request, payload.partners)
    )
    return named_project(request, project_id)


@router.put(
    "/projects/{uuid:project_id}/links",
    response={200: ProjectDetailOut, **WRITE_ERRORS},
    url_name="link_agreements",
)
def link_agreements(request: ApiRequest, project_id: UUID, payload: LinksIn) -> Any:
    """The agreements (and their commitments) the project carries out. Links to agreements the
    caller cannot see stay as they are."""
    project = editable_project(request, project_id)
    services.link_agreements(
        project,
        by=request.auth,
        agreements=agreements_in_body(request, payload.agreements),
        commitments=commitments_in_body(request, payload.commitments),
    )
    return named_project(request, project_id)


def _moved(
    request: ApiRequest, project_id: UUID, move: Callable[..., Project], **arguments: Any
) -> Project:
    """The transition by the caller, then the project as it is now (403 before any 422)."""
    move(editable_project(request, project_id), by=request.auth, **arguments)
    return named_project(request, project_id)


@router.post(
    "/projects/{uuid:project_id}/start",
    response={200: ProjectDetailOut, **WRITE_ERRORS},
    url_name="start_project",
)
def start_project(request: ApiRequest, project_id: UUID, payload: StartIn | None = None) -> Any:
    """Proposed → active; the body may be left out."""
    starts_on = payload.starts_on if payload else None
    return _moved(request, project_id, services.start_project, starts_on=starts_on)


@router.post(
    "/projects/{uuid:project_id}/complete",
    response={200: ProjectDetailOut, **WRITE_ERRORS},
    url_name="complete_project",
)
def complete_project(request: ApiRequest, project_id: UUID, payload: CompleteIn) -> Any:
    """Active → completed, with the outcome."""
    project = editable_project(request, project_id)
    services.complete_project(
        project,
        by=request.auth,
        result=payload.result,
        ends_on=payload.ends_on,
        contracts_signed=payload.contracts_signed,
        contracts_value=money_in_body("contracts_value", payload.contracts_value),
        follow_on_investment=money_in_body("follow_on_investment", payload.follow_on_investment),
    )
    return named_project(request, project_id)


@router.post(
    "/projects/{uuid:project_id}/cancel",
    response={200: ProjectDetailOut, **WRITE_ERRORS},
    url_name="cancel_project",
)
def cancel_project(request: ApiRequest, project_id: UUID, payload: CancelIn) -> Any:
    """Proposed or active → cancelled, saying why."""
    return _moved(request, project_id, services.cancel_project, reason=payload.reason)
