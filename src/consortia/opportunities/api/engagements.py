"""What follows an accepted application: the engagement (pilot, residency, grant, investment),
its result, a grant's tranches and a residency's booking. Seen by whoever reads the
application; changed by the opportunity owner's admins."""

from typing import Any
from uuid import UUID

from ninja import Status

from consortia.core.api import READ_ERRORS, WRITE_ERRORS, ApiRequest

from .. import services
from . import router
from .lookups import (
    managed_application,
    managed_engagement,
    money_in_body,
    opportunity_in_body,
    pilot_site_in_body,
    visible_engagement,
)
from .schemas import BookingIn, EngagementIn, EngagementOut, ResultIn, TrancheIn


@router.post(
    "/opportunities/applications/{uuid:application_id}/engagement",
    response={201: EngagementOut, **WRITE_ERRORS},
    url_name="start_engagement",
)
def start_engagement(
    request: ApiRequest, application_id: UUID, payload: EngagementIn | None = None
) -> Any:
    """Of an accepted application; its kind follows the opportunity's. A grant is awarded for
    ``grant`` or, when left out, the amount the opportunity offers. The body may be left out."""
    application = managed_application(request, application_id)
    payload = payload or EngagementIn()
    engagement = services.start_engagement(
        application,
        by=request.auth,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        plan=payload.plan,
        kpis=payload.kpis,
        site=pilot_site_in_body(request, "site", payload.site),
        grant=money_in_body("grant", payload.grant),
    )
    return Status(201, visible_engagement(request, engagement.public_id))


@router.get(
    "/opportunities/engagements/{uuid:engagement_id}",
    response={200: EngagementOut, **READ_ERRORS},
    url_name="get_engagement",
)
def get_engagement(request: ApiRequest, engagement_id: UUID) -> Any:
    """With its tranches and booking."""
    return visible_engagement(request, engagement_id)


@router.post(
    "/opportunities/engagements/{uuid:engagement_id}/result",
    response={200: EngagementOut, **WRITE_ERRORS},
    url_name="record_engagement_result",
)
def record_engagement_result(request: ApiRequest, engagement_id: UUID, payload: ResultIn) -> Any:
    """What came of it: the result, a contract and its value, an investment and its instrument,
    the report. Recording again replaces it."""
    engagement = managed_engagement(request, engagement_id)
    services.record_result(
        engagement,
        by=request.auth,
        result=payload.result,
        contract_value=money_in_body("contract_value", payload.contract_value),
        investment=money_in_body("investment", payload.investment),
        instrument=payload.instrument,
        report=payload.report,
    )
    return visible_engagement(request, engagement_id)


@router.post(
    "/opportunities/engagements/{uuid:engagement_id}/tranches",
    response={201: EngagementOut, **WRITE_ERRORS},
    url_name="add_tranche",
)
def add_tranche(request: ApiRequest, engagement_id: UUID, payload: TrancheIn) -> Any:
    """A part of a grant, due on a day and perhaps paid."""
    engagement = managed_engagement(request, engagement_id)
    services.add_tranche(
        engagement,
        by=request.auth,
        amount=money_in_body("amount", payload.amount),
        due_on=payload.due_on,
        paid_on=payload.paid_on,
    )
    return Status(201, visible_engagement(request, engagement_id))


@router.post(
    "/opportunities/engagements/{uuid:engagement_id}/booking",
    response={201: EngagementOut, **WRITE_ERRORS},
    url_name="book_residency",
)
def book_residency(request: ApiRequest, engagement_id: UUID, payload: BookingIn) -> Any:
    """Desks and housing places of a soft-landing offer for a residency, by the offer's host;
    never more than the offer has free on any day."""
    engagement = visible_engagement(request, engagement_id)
    services.book_residency(
        engagement,
        by=request.auth,
        offer=opportunity_in_body(request, "offer", payload.offer),
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        desks=payload.desks,
        housing=payload.housing,
    )
    return Status(201, visible_engagement(request, engagement_id))
