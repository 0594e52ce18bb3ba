"""A project's milestones and reaching them."""

from typing import Any
from uuid import UUID

from ninja import Status
from ninja.pagination import paginate

from consortia.core.api import LIST_ERRORS, WRITE_ERRORS, ApiRequest, Pages, anyone

from .. import services
from . import router
from .lookups import editable_project, named_milestone, seen_project
from .schemas import MilestoneIn, MilestoneOut, ReachIn


@router.get(
    "/projects/{uuid:project_id}/milestones",
    response={200: list[MilestoneOut], **LIST_ERRORS},
    auth=anyone,
    url_name="list_milestones",
)
@paginate(Pages)
def list_milestones(request: ApiRequest, project_id: UUID) -> Any:
    """Soonest due first; those without a date last."""
    return seen_project(request, project_id).milestones.all()


@router.post(
    "/projects/{uuid:project_id}/milestones",
    response={201: MilestoneOut, **WRITE_ERRORS},
    url_name="add_milestone",
)
def add_milestone(request: ApiRequest, project_id: UUID, payload: MilestoneIn) -> Any:
    project = editable_project(request, project_id)
    return Status(201, services.add_milestone(project, by=request.auth, **payload.dict()))


@router.post(
    "/projects/milestones/{uuid:milestone_id}/reach",
    response={200: MilestoneOut, **WRITE_ERRORS},
    url_name="reach_milestone",
)
def reach_milestone(request: ApiRequest, milestone_id: UUID, payload: ReachIn | None = None) -> Any:
    """Reached on ``done_on`` (today when left out); once only. The body may be left out."""
    milestone = named_milestone(request, milestone_id)
    done_on = payload.done_on if payload else None
    return services.reach_milestone(milestone, by=request.auth, done_on=done_on)
