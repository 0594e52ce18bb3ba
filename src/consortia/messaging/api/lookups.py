"""Fetching what a request names, through the selectors: unseen objects are 404."""

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.translation import gettext as _

from consortia.core.api import ApiRequest
from consortia.core.permissions import NotVisible, get_visible
from consortia.directory import selectors as directory
from consortia.directory.models import Offer, Organisation, Person

from .. import selectors
from ..models import (
    ContactRequest,
    Conversation,
)
from .schemas import (
    ConversationIn,
)


def named_conversation(request: ApiRequest, conversation_id: UUID) -> Conversation:
    return get_visible(selectors.conversations_visible_to(request.auth), public_id=conversation_id)


def conversation_summary(user: Any, **lookup: Any) -> Conversation:
    """One conversation as the inbox shows it (unread count, last message), archived or not."""
    for archived in (False, True):
        found = (
            selectors.inbox(user, archived=archived)
            .prefetch_related("context")
            .filter(**lookup)
            .first()
        )
        if found is not None:
            return found
    raise NotVisible()


def person_in_path(request: ApiRequest, person_id: UUID) -> Person:
    return get_visible(selectors.people_reachable_by(request.auth), public_id=person_id)


def person_in_body(request: ApiRequest, person_id: UUID, *, field: str) -> Person:
    """A person named in a request body: unknown or hidden is a 422 on that field."""
    try:
        return person_in_path(request, person_id)
    except NotVisible:
        raise ValidationError({field: _("There is no such person.")}) from None


def named_recipients(request: ApiRequest, ids: list[UUID]) -> list[Person]:
    found = {
        person.public_id: person
        for person in selectors.people_reachable_by(request.auth).filter(public_id__in=ids)
    }
    missing = [str(public_id) for public_id in ids if public_id not in found]
    if missing:
        raise ValidationError(
            {"recipients": _("There is no such person: %(ids)s.") % {"ids": ", ".join(missing)}}
        )
    return [found[public_id] for public_id in dict.fromkeys(ids)]


def named_context(request: ApiRequest, payload: ConversationIn) -> Model | None:
    if payload.context_type is None and payload.context_id is None:
        return None
    if payload.context_type is None:
        raise ValidationError({"context_type": _("Say what the conversation is about.")})
    if payload.context_id is None:
        raise ValidationError({"context_id": _("Give the id of the organisation or offer.")})
    if payload.context_type == "organisation":
        return get_visible(
            directory.organisations_visible_to(request.auth), public_id=payload.context_id
        )
    return named_offer(request, payload.context_id)


def named_offer(request: ApiRequest, offer_id: UUID) -> Offer:
    return get_visible(
        directory.offers_visible_to(request.auth).select_related("organisation"),
        public_id=offer_id,
    )


def named_organisation(request: ApiRequest, organisation_id: UUID | None) -> Organisation | None:
    if organisation_id is None:
        return None
    return get_visible(directory.organisations_visible_to(request.auth), public_id=organisation_id)


def named_contact_request(request: ApiRequest, contact_request_id: UUID) -> ContactRequest:
    return get_visible(
        selectors.contact_requests_visible_to(request.auth).select_related(
            "sender__user", "recipient", "conversation"
        ),
        public_id=contact_request_id,
    )
