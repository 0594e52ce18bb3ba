"""Expressions of interest, contact requests, blocking and reports."""

from typing import Any
from uuid import UUID

from ninja import Query, Status
from ninja.pagination import paginate

from consortia.core.api import ApiRequest, Pages
from consortia.core.permissions import get_visible

from .. import selectors, services
from . import router
from .lookups import (
    named_contact_request,
    named_offer,
    named_organisation,
    person_in_body,
    person_in_path,
)
from .schemas import (
    AcceptedOut,
    ContactRequestIn,
    ContactRequestOut,
    ContactRequestQuery,
    InterestIn,
    InterestOut,
    OfferInterestOut,
    ReportIn,
    ReportOut,
)


# --- Expressions of interest --------------------------------------------------------------
@router.post(
    "/offers/{offer_id}/interests", response={201: InterestOut}, url_name="express_interest"
)
def express_interest(request: ApiRequest, offer_id: UUID, payload: InterestIn) -> Any:
    offer = named_offer(request, offer_id)
    interest = services.express_interest(
        offer,
        by=request.auth,
        kind=payload.kind,
        message=payload.message,
        organisation=named_organisation(request, payload.organisation),
    )
    return Status(201, interest)


@router.get(
    "/offers/{offer_id}/interests", response=list[OfferInterestOut], url_name="list_interests"
)
@paginate(Pages)
def list_interests(request: ApiRequest, offer_id: UUID) -> Any:
    return selectors.interests_in_offer(request.auth, named_offer(request, offer_id))


# --- Contact requests, blocking, reports --------------------------------------------------
@router.get("/contact-requests", response=list[ContactRequestOut], url_name="list_contact_requests")
@paginate(Pages)
def list_contact_requests(request: ApiRequest, query: Query[ContactRequestQuery]) -> Any:
    if query.direction == "outgoing":
        return selectors.outgoing_contact_requests(request.auth).select_related("sender")
    return selectors.incoming_contact_requests(request.auth).select_related(
        "recipient", "conversation"
    )


@router.post("/contact-requests", response={201: ContactRequestOut}, url_name="request_contact")
def request_contact(request: ApiRequest, payload: ContactRequestIn) -> Any:
    recipient = person_in_body(request, payload.recipient, field="recipient")
    return Status(
        201, services.request_contact(recipient, by=request.auth, message=payload.message)
    )


@router.post(
    "/contact-requests/{contact_request_id}/accept",
    response=AcceptedOut,
    url_name="accept_contact_request",
)
def accept_contact_request(request: ApiRequest, contact_request_id: UUID) -> Any:
    conversation = services.accept_contact_request(
        named_contact_request(request, contact_request_id), by=request.auth
    )
    return {"conversation": conversation.public_id}


@router.post(
    "/contact-requests/{contact_request_id}/decline",
    response=ContactRequestOut,
    url_name="decline_contact_request",
)
def decline_contact_request(request: ApiRequest, contact_request_id: UUID) -> Any:
    return services.decline_contact_request(
        named_contact_request(request, contact_request_id), by=request.auth
    )


@router.post("/people/{person_id}/block", response={204: None}, url_name="block_person")
def block_person(request: ApiRequest, person_id: UUID) -> Any:
    services.block_person(person_in_path(request, person_id), by=request.auth)
    return Status(204, None)


@router.delete("/people/{person_id}/block", response={204: None}, url_name="unblock_person")
def unblock_person(request: ApiRequest, person_id: UUID) -> Any:
    services.unblock_person(person_in_path(request, person_id), by=request.auth)
    return Status(204, None)


@router.post("/reports", response={201: ReportOut}, url_name="report_abuse")
def report_abuse(request: ApiRequest, payload: ReportIn) -> Any:
    reported = person_in_body(request, payload.person, field="person")
    message = (
        get_visible(selectors.messages_visible_to(request.auth), public_id=payload.message)
        if payload.message is not None
        else None
    )
    report = services.report_abuse(
        reported, by=request.auth, reason=payload.reason, message=message
    )
    return Status(201, report)
