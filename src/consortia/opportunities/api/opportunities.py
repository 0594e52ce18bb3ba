"""The opportunity list, one opportunity, publishing and changing it, its form, rubric and
reviewers, and who may apply to what."""

from collections.abc import Callable
from typing import Any
from uuid import UUID

from ninja import Query, Status
from ninja.pagination import paginate

from consortia.core.api import (
    LIST_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    ApiRequest,
    Pages,
    anyone,
    time_in_body,
)
from consortia.directory.api import organisation_in_body

from .. import selectors, services
from ..models import Opportunity
from . import router
from .lookups import (
    managed_opportunity,
    named_criterion,
    named_form_field,
    named_opportunity,
    named_reviewer,
    opportunity_list,
    own_organisation,
    pilot_site_in_body,
    reviewer_in_body,
)
from .schemas import (
    CriterionIn,
    CriterionOut,
    EligibilityOut,
    FormFieldIn,
    FormFieldOut,
    OpportunityDetailOut,
    OpportunityForUsOut,
    OpportunityIn,
    OpportunityOut,
    OpportunityPatch,
    OpportunityQuery,
    ReviewerIn,
    ReviewerOut,
    verdict_out,
)

_LISTS = ("topics", "eligible_countries", "eligible_kinds", "eligible_stages", "eligible_topics")


@router.get(
    "/opportunities",
    response={200: list[OpportunityOut], **LIST_ERRORS},
    auth=anyone,
    url_name="list_opportunities",
)
@paginate(Pages)
def list_opportunities(request: ApiRequest, query: Query[OpportunityQuery]) -> Any:
    """The opportunities the caller may see, soonest closing first (by relevance with ``q``)."""
    return opportunity_list(request, query)


@router.post(
    "/opportunities",
    response={201: OpportunityDetailOut, **WRITE_ERRORS},
    url_name="create_opportunity",
)
def create_opportunity(request: ApiRequest, payload: OpportunityIn) -> Any:
    """A draft of ``owner``, by its admins (of a verified owner) or the operator."""
    values = payload.dict(exclude={"owner", "pilot_site"})
    for name in ("opens_at", "closes_at"):
        values[name] = time_in_body(values[name], payload.time_zone)
    opportunity = services.create_opportunity(
        by=request.auth,
        owner=organisation_in_body(request, "owner", payload.owner),
        pilot_site=pilot_site_in_body(request, "pilot_site", payload.pilot_site),
        **values,
    )
    return Status(201, named_opportunity(request, opportunity.public_id))


@router.get(
    "/opportunities/{uuid:opportunity_id}",
    response={200: OpportunityDetailOut, **READ_ERRORS},
    auth=anyone,
    url_name="get_opportunity",
)
def get_opportunity(request: ApiRequest, opportunity_id: UUID) -> Any:
    """With its benefits, window (UTC and the owner's time zone), rules, form and rubric; the
    reviewers only for those who manage it."""
    return named_opportunity(request, opportunity_id)


@router.patch(
    "/opportunities/{uuid:opportunity_id}",
    response={200: OpportunityDetailOut, **WRITE_ERRORS},
    url_name="update_opportunity",
)
def update_opportunity(request: ApiRequest, opportunity_id: UUID, payload: OpportunityPatch) -> Any:
    """Only the fields given change, while it is a draft or published."""
    opportunity = managed_opportunity(request, opportunity_id)
    changes = payload.dict(exclude_unset=True)
    zone = changes.get("time_zone") or opportunity.time_zone
    for name in ("opens_at", "closes_at"):
        if name in changes:
            changes[name] = time_in_body(changes[name], zone)
    for name in _LISTS:
        if name in changes and changes[name] is None:
            changes[name] = []
    if "pilot_site" in changes:
        changes["pilot_site"] = pilot_site_in_body(request, "pilot_site", changes["pilot_site"])
    services.update_opportunity(opportunity, by=request.auth, **changes)
    return named_opportunity(request, opportunity_id)


def _moved(
    request: ApiRequest, opportunity_id: UUID, move: Callable[..., Opportunity]
) -> Opportunity:
    """The transition by the caller, then the opportunity as it is now (403 before any 422)."""
    move(managed_opportunity(request, opportunity_id), by=request.auth)
    return named_opportunity(request, opportunity_id)


@router.post(
    "/opportunities/{uuid:opportunity_id}/publish",
    response={200: OpportunityDetailOut, **WRITE_ERRORS},
    url_name="publish_opportunity",
)
def publish_opportunity(request: ApiRequest, opportunity_id: UUID) -> Any:
    """Draft → published, once it says when applications close."""
    return _moved(request, opportunity_id, services.publish_opportunity)


@router.post(
    "/opportunities/{uuid:opportunity_id}/close",
    response={200: OpportunityDetailOut, **WRITE_ERRORS},
    url_name="close_opportunity",
)
def close_opportunity(request: ApiRequest, opportunity_id: UUID) -> Any:
    """Published → closed: no more applications or changes."""
    return _moved(request, opportunity_id, services.close_opportunity)


@router.post(
    "/opportunities/{uuid:opportunity_id}/fields",
    response={201: FormFieldOut, **WRITE_ERRORS},
    url_name="add_form_field",
)
def add_form_field(request: ApiRequest, opportunity_id: UUID, payload: FormFieldIn) -> Any:
    """A question at the end of the application form."""
    opportunity = managed_opportunity(request, opportunity_id)
    return Status(201, services.add_form_field(opportunity, by=request.auth, **payload.dict()))


@router.delete(
    "/opportunities/{uuid:opportunity_id}/fields/{int:field_id}",
    response={204: None, **WRITE_ERRORS},
    url_name="remove_form_field",
)
def remove_form_field(request: ApiRequest, opportunity_id: UUID, field_id: int) -> Any:
    """While nobody has answered it."""
    opportunity = managed_opportunity(request, opportunity_id)
    services.remove_form_field(named_form_field(opportunity, field_id), by=request.auth)
    return Status(204, None)


@router.post(
    "/opportunities/{uuid:opportunity_id}/criteria",
    response={201: CriterionOut, **WRITE_ERRORS},
    url_name="add_criterion",
)
def add_criterion(request: ApiRequest, opportunity_id: UUID, payload: CriterionIn) -> Any:
    """A weighted criterion at the end of the rubric."""
    opportunity = managed_opportunity(request, opportunity_id)
    return Status(201, services.add_criterion(opportunity, by=request.auth, **payload.dict()))


@router.delete(
    "/opportunities/{uuid:opportunity_id}/criteria/{int:criterion_id}",
    response={204: None, **WRITE_ERRORS},
    url_name="remove_criterion",
)
def remove_criterion(request: ApiRequest, opportunity_id: UUID, criterion_id: int) -> Any:
    """While no reviewer has scored it."""
    opportunity = managed_opportunity(request, opportunity_id)
    services.remove_criterion(named_criterion(opportunity, criterion_id), by=request.auth)
    return Status(204, None)


@router.get(
    "/opportunities/{uuid:opportunity_id}/reviewers",
    response={200: list[ReviewerOut], **WRITE_ERRORS},
    url_name="list_reviewers",
)
@paginate(Pages)
def list_reviewers(request: ApiRequest, opportunity_id: UUID) -> Any:
    """For those who manage the opportunity."""
    return list(managed_opportunity(request, opportunity_id).reviewers.all())


@router.post(
    "/opportunities/{uuid:opportunity_id}/reviewers",
    response={201: ReviewerOut, **WRITE_ERRORS},
    url_name="assign_reviewer",
)
def assign_reviewer(request: ApiRequest, opportunity_id: UUID, payload: ReviewerIn) -> Any:
    """Anyone with an account the caller may see; assigning again changes nothing."""
    opportunity = managed_opportunity(request, opportunity_id)
    user = reviewer_in_body(request, payload.person)
    return Status(201, services.assign_reviewer(opportunity, by=request.auth, user=user))


@router.delete(
    "/opportunities/{uuid:opportunity_id}/reviewers/{uuid:person_id}",
    response={204: None, **WRITE_ERRORS},
    url_name="remove_reviewer",
)
def remove_reviewer(request: ApiRequest, opportunity_id: UUID, person_id: UUID) -> Any:
    """The reviewer no longer sees the applications; their scores stay in the ranking."""
    opportunity = managed_opportunity(request, opportunity_id)
    reviewer = named_reviewer(opportunity, person_id)
    services.remove_reviewer(opportunity, by=request.auth, user=reviewer.user)
    return Status(204, None)


@router.get(
    "/opportunities/for/{uuid:organisation_id}",
    response={200: list[OpportunityForUsOut], **WRITE_ERRORS},
    url_name="opportunities_for_us",
)
@paginate(Pages)
def opportunities_for_us(request: ApiRequest, organisation_id: UUID) -> Any:
    """Every published opportunity of another owner with the verdict for one of the caller's
    organisations and a reason per rule: eligible ones first, soonest closing first."""
    organisation = own_organisation(request, organisation_id)
    return [
        {"opportunity": opportunity, **verdict_out(verdict)}
        for opportunity, verdict in selectors.opportunities_for(request.auth, organisation)
    ]


@router.get(
    "/opportunities/{uuid:opportunity_id}/eligibility/{uuid:organisation_id}",
    response={200: EligibilityOut, **WRITE_ERRORS},
    url_name="opportunity_eligibility",
)
def opportunity_eligibility(
    request: ApiRequest, opportunity_id: UUID, organisation_id: UUID
) -> Any:
    """May one of the caller's organisations apply, and why (not)."""
    opportunity = named_opportunity(request, opportunity_id)
    organisation = own_organisation(request, organisation_id)
    verdict = selectors.eligibility(opportunity, organisation)
    return {"opportunity": opportunity, "organisation": organisation, **verdict_out(verdict)}
