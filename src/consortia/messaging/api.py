"""Messaging over REST: the same selectors and services as the web pages.

Everything in a conversation is fetched through ``*_visible_to`` selectors, so a person who does
not take part gets 404, never 403. Conversations, messages, attachments, contact requests and
people are named by their public UUID; notifications and reports by their number.
"""

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import FileResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status, UploadedFile
from ninja.pagination import PageNumberPagination, paginate

from consortia.core.api import ApiRequest
from consortia.core.permissions import NotPermitted, NotVisible, get_visible
from consortia.directory import selectors as directory
from consortia.directory.models import Offer, Organisation, Person

from . import policies, selectors, services
from .kinds import KINDS
from .models import (
    Attachment,
    ContactRequest,
    Conversation,
    Message,
    Notification,
)
from .services.conversations import MAX_PARTICIPANTS, context_contacts

router = Router(tags=["messaging"])

EXCERPT_LENGTH = 200


class Pages(PageNumberPagination):
    """?page=N&page_size=M (at most 100)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(page_size=20, max_page_size=100, **kwargs)


def _request(context: Any) -> ApiRequest:
    return context["request"]


def _caller(user: Any) -> Person:
    """The caller's person; an account without a profile may not use messaging (403)."""
    person = policies.person_of(user)
    if person is None:
        raise NotPermitted(_("Complete your profile before using messages."))
    return person


# --- Schemas ------------------------------------------------------------------------------
class PersonRef(Schema):
    id: UUID = Field(..., alias="public_id")
    full_name: str


class OrganisationRef(Schema):
    id: UUID = Field(..., alias="public_id")
    name: str


class ContextOut(Schema):
    """What a conversation is about: ``organisation`` or ``offer`` and its id, or both null."""

    type: str | None = None
    id: UUID | None = None


class ConversationOut(Schema):
    """A conversation from :func:`selectors.inbox` (it annotates ``unread`` and ``last_body``)."""

    id: UUID = Field(..., alias="public_id")
    subject: str
    context: ContextOut
    participants: list[PersonRef]
    last_message_at: datetime
    unread: int
    archived: bool
    last_message: str

    @staticmethod
    def resolve_context(obj: Conversation) -> dict[str, Any]:
        about = obj.context
        if about is None:
            return {"type": None, "id": None}
        return {"type": about._meta.model_name, "id": getattr(about, "public_id", None)}

    @staticmethod
    def resolve_participants(obj: Conversation) -> list[Person]:
        return [participant.person for participant in obj.participants.all()]

    @staticmethod
    def resolve_archived(obj: Conversation, context: Any) -> bool:
        me = policies.person_of(_request(context).auth)
        return any(
            participant.person_id == getattr(me, "pk", None) and participant.archived_at is not None
            for participant in obj.participants.all()
        )

    @staticmethod
    def resolve_last_message(obj: Conversation) -> str:
        return (obj.last_body or "")[:EXCERPT_LENGTH]  # type: ignore[attr-defined]


class ConversationIn(Schema):
    recipients: list[UUID] = Field([], max_length=MAX_PARTICIPANTS - 1)
    subject: str = ""
    body: str
    context_type: Literal["organisation", "offer"] | None = None
    context_id: UUID | None = None


class AttachmentOut(Schema):
    id: UUID = Field(..., alias="public_id")
    name: str = Field(..., alias="original_name")
    content_type: str
    size: int
    url: str

    @staticmethod
    def resolve_url(obj: Attachment) -> str:
        return reverse("messaging:attachment", args=[obj.public_id])


class MessageOut(Schema):
    id: UUID = Field(..., alias="public_id")
    sender: PersonRef | None
    kind: str
    body: str
    created_at: datetime
    attachments: list[AttachmentOut]

    @staticmethod
    def resolve_attachments(obj: Message) -> list[Attachment]:
        return list(obj.attachments.all())


class MessageIn(Schema):
    body: str


class InterestIn(Schema):
    kind: str = Field(..., description="supply, need or meet")
    message: str
    organisation: UUID | None = None


class InterestOut(Schema):
    id: int
    offer: UUID = Field(..., alias="offer.public_id")
    kind: str
    conversation: UUID = Field(..., alias="conversation.public_id")
    created_at: datetime


class OfferInterestOut(Schema):
    id: int
    kind: str
    person: PersonRef
    organisation: OrganisationRef | None
    conversation: UUID = Field(..., alias="conversation.public_id")
    created_at: datetime


class ContactRequestOut(Schema):
    id: UUID = Field(..., alias="public_id")
    sender: PersonRef
    recipient: PersonRef
    message: str
    status: str
    created_at: datetime
    conversation: UUID | None

    @staticmethod
    def resolve_conversation(obj: ContactRequest) -> UUID | None:
        return obj.conversation.public_id if obj.conversation is not None else None


class ContactRequestIn(Schema):
    recipient: UUID
    message: str


class ContactRequestQuery(Schema):
    direction: Literal["incoming", "outgoing"] = "incoming"


class AcceptedOut(Schema):
    conversation: UUID


class ReportIn(Schema):
    person: UUID
    reason: str
    message: UUID | None = None


class ReportOut(Schema):
    id: int
    status: str
    created_at: datetime


class NotificationOut(Schema):
    id: int
    kind: str
    summary: str
    url: str
    data: dict[str, Any]
    created_at: datetime
    read: bool

    @staticmethod
    def resolve_summary(obj: Notification) -> str:
        return KINDS[obj.kind].describe(obj.data) if obj.kind in KINDS else obj.kind

    @staticmethod
    def resolve_read(obj: Notification) -> bool:
        return obj.read_at is not None


class UnreadOut(Schema):
    notifications: int
    conversations: int


class MarkedOut(Schema):
    marked: int


class PreferenceOut(Schema):
    kind: str
    label: str
    delivery: str


class PreferencesIn(Schema):
    preferences: dict[str, str]


# --- Lookups ------------------------------------------------------------------------------
def _conversation(request: ApiRequest, conversation_id: UUID) -> Conversation:
    return get_visible(selectors.conversations_visible_to(request.auth), public_id=conversation_id)


def _summary(user: Any, **lookup: Any) -> Conversation:
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


def _person(request: ApiRequest, person_id: UUID) -> Person:
    return get_visible(selectors.people_reachable_by(request.auth), public_id=person_id)


def _named_person(request: ApiRequest, person_id: UUID, *, field: str) -> Person:
    """A person named in a request body: unknown or hidden is a 422 on that field."""
    try:
        return _person(request, person_id)
    except NotVisible:
        raise ValidationError({field: _("There is no such person.")}) from None


def _recipients(request: ApiRequest, ids: list[UUID]) -> list[Person]:
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


def _context(request: ApiRequest, payload: ConversationIn) -> Model | None:
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
    return _offer(request, payload.context_id)


def _offer(request: ApiRequest, offer_id: UUID) -> Offer:
    return get_visible(
        directory.offers_visible_to(request.auth).select_related("organisation"),
        public_id=offer_id,
    )


def _organisation(request: ApiRequest, organisation_id: UUID | None) -> Organisation | None:
    if organisation_id is None:
        return None
    return get_visible(directory.organisations_visible_to(request.auth), public_id=organisation_id)


def _contact_request(request: ApiRequest, contact_request_id: UUID) -> ContactRequest:
    return get_visible(
        selectors.contact_requests_visible_to(request.auth).select_related(
            "sender__user", "recipient", "conversation"
        ),
        public_id=contact_request_id,
    )


# --- Conversations ------------------------------------------------------------------------
@router.get("/conversations", response=list[ConversationOut], url_name="list_conversations")
@paginate(Pages)
def list_conversations(request: ApiRequest, q: str = "", archived: bool = False) -> Any:
    return selectors.inbox(request.auth, q=q, archived=archived).prefetch_related("context")


@router.post("/conversations", response={201: ConversationOut}, url_name="start_conversation")
def start_conversation(request: ApiRequest, payload: ConversationIn) -> Any:
    about = _context(request, payload)
    recipients = _recipients(request, payload.recipients)
    if about is not None and not recipients:
        recipients = context_contacts(about)
    conversation = services.start_conversation(
        by=request.auth,
        recipients=recipients,
        subject=payload.subject,
        body=payload.body,
        context=about,
    )
    return Status(201, _summary(request.auth, pk=conversation.pk))


@router.get(
    "/conversations/{conversation_id}", response=ConversationOut, url_name="get_conversation"
)
def get_conversation(request: ApiRequest, conversation_id: UUID) -> Any:
    return _summary(request.auth, public_id=conversation_id)


@router.get(
    "/conversations/{conversation_id}/messages",
    response=list[MessageOut],
    url_name="list_messages",
)
@paginate(Pages)
def list_messages(request: ApiRequest, conversation_id: UUID) -> Any:
    return selectors.thread(_conversation(request, conversation_id))


@router.post(
    "/conversations/{conversation_id}/messages",
    response={201: MessageOut},
    url_name="send_message",
)
def send_message(request: ApiRequest, conversation_id: UUID, payload: MessageIn) -> Any:
    conversation = _conversation(request, conversation_id)
    return Status(201, services.send_message(conversation, by=request.auth, body=payload.body))


@router.post(
    "/conversations/{conversation_id}/attachments",
    response={201: MessageOut},
    url_name="upload_attachment",
)
def upload_attachment(
    request: ApiRequest,
    conversation_id: UUID,
    files: list[UploadedFile] = File(...),  # noqa: B008 - ninja's way to declare parameters
    body: str = Form(""),  # noqa: B008
) -> Any:
    conversation = _conversation(request, conversation_id)
    return Status(201, services.send_message(conversation, by=request.auth, body=body, files=files))


FILE_RESPONSE = {
    "responses": {
        200: {
            "description": "The file, as a download.",
            "content": {
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
            },
        }
    }
}


@router.get(
    "/attachments/{attachment_id}", url_name="download_attachment", openapi_extra=FILE_RESPONSE
)
def download_attachment(request: ApiRequest, attachment_id: UUID) -> FileResponse:
    """The file as a download of its checked type, for the conversation's participants only."""
    attachment = get_visible(
        selectors.attachments_visible_to(request.auth), public_id=attachment_id
    )
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@router.post(
    "/conversations/{conversation_id}/read",
    response={204: None},
    url_name="mark_conversation_read",
)
def mark_conversation_read(request: ApiRequest, conversation_id: UUID) -> Any:
    services.mark_conversation_read(_conversation(request, conversation_id), by=request.auth)
    return Status(204, None)


@router.post(
    "/conversations/{conversation_id}/archive",
    response={204: None},
    url_name="archive_conversation",
)
def archive_conversation(request: ApiRequest, conversation_id: UUID) -> Any:
    services.archive_conversation(_conversation(request, conversation_id), by=request.auth)
    return Status(204, None)


@router.delete(
    "/conversations/{conversation_id}/archive",
    response={204: None},
    url_name="unarchive_conversation",
)
def unarchive_conversation(request: ApiRequest, conversation_id: UUID) -> Any:
    services.archive_conversation(
        _conversation(request, conversation_id), by=request.auth, archived=False
    )
    return Status(204, None)


# --- Expressions of interest --------------------------------------------------------------
@router.post(
    "/offers/{offer_id}/interests", response={201: InterestOut}, url_name="express_interest"
)
def express_interest(request: ApiRequest, offer_id: UUID, payload: InterestIn) -> Any:
    offer = _offer(request, offer_id)
    interest = services.express_interest(
        offer,
        by=request.auth,
        kind=payload.kind,
        message=payload.message,
        organisation=_organisation(request, payload.organisation),
    )
    return Status(201, interest)


@router.get(
    "/offers/{offer_id}/interests", response=list[OfferInterestOut], url_name="list_interests"
)
@paginate(Pages)
def list_interests(request: ApiRequest, offer_id: UUID) -> Any:
    return selectors.interests_in_offer(request.auth, _offer(request, offer_id))


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
    recipient = _named_person(request, payload.recipient, field="recipient")
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
        _contact_request(request, contact_request_id), by=request.auth
    )
    return {"conversation": conversation.public_id}


@router.post(
    "/contact-requests/{contact_request_id}/decline",
    response=ContactRequestOut,
    url_name="decline_contact_request",
)
def decline_contact_request(request: ApiRequest, contact_request_id: UUID) -> Any:
    return services.decline_contact_request(
        _contact_request(request, contact_request_id), by=request.auth
    )


@router.post("/people/{person_id}/block", response={204: None}, url_name="block_person")
def block_person(request: ApiRequest, person_id: UUID) -> Any:
    services.block_person(_person(request, person_id), by=request.auth)
    return Status(204, None)


@router.delete("/people/{person_id}/block", response={204: None}, url_name="unblock_person")
def unblock_person(request: ApiRequest, person_id: UUID) -> Any:
    services.unblock_person(_person(request, person_id), by=request.auth)
    return Status(204, None)


@router.post("/reports", response={201: ReportOut}, url_name="report_abuse")
def report_abuse(request: ApiRequest, payload: ReportIn) -> Any:
    reported = _named_person(request, payload.person, field="person")
    message = (
        get_visible(selectors.messages_visible_to(request.auth), public_id=payload.message)
        if payload.message is not None
        else None
    )
    report = services.report_abuse(
        reported, by=request.auth, reason=payload.reason, message=message
    )
    return Status(201, report)


# --- Notifications ------------------------------------------------------------------------
@router.get("/notifications", response=list[NotificationOut], url_name="list_notifications")
@paginate(Pages)
def list_notifications(request: ApiRequest, unread: bool = False) -> Any:
    notifications = selectors.notifications_visible_to(request.auth)
    return notifications.filter(read_at__isnull=True) if unread else notifications


@router.get(
    "/notifications/unread-count", response=UnreadOut, url_name="count_unread_notifications"
)
def count_unread_notifications(request: ApiRequest) -> Any:
    return {
        "notifications": selectors.unread_notification_count(request.auth),
        "conversations": selectors.unread_conversation_count(request.auth),
    }


@router.post(
    "/notifications/{notification_id}/read", response={204: None}, url_name="read_notification"
)
def read_notification(request: ApiRequest, notification_id: int) -> Any:
    notification = get_visible(selectors.notifications_visible_to(request.auth), pk=notification_id)
    services.mark_notification_read(notification, by=request.auth)
    return Status(204, None)


@router.post("/notifications/read-all", response=MarkedOut, url_name="read_all_notifications")
def read_all_notifications(request: ApiRequest) -> Any:
    marked = services.mark_all_notifications_read(_caller(request.auth), by=request.auth)
    return {"marked": marked}


def _preferences(choices: dict[str, str]) -> list[dict[str, str]]:
    return [
        {"kind": code, "label": str(KINDS[code].label), "delivery": delivery}
        for code, delivery in choices.items()
    ]


@router.get(
    "/notification-preferences",
    response=list[PreferenceOut],
    url_name="get_notification_preferences",
)
def get_notification_preferences(request: ApiRequest) -> Any:
    return _preferences(services.notification_preferences(_caller(request.auth)))


@router.put(
    "/notification-preferences",
    response=list[PreferenceOut],
    url_name="set_notification_preferences",
)
def set_notification_preferences(request: ApiRequest, payload: PreferencesIn) -> Any:
    choices = services.set_notification_preferences(
        _caller(request.auth), by=request.auth, choices=payload.preferences
    )
    return _preferences(choices)
