"""Schemas of the messaging API: what goes in and what comes out."""

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Schema

from consortia.core.api import ApiRequest
from consortia.core.permissions import NotPermitted
from consortia.directory.models import Person

from .. import policies
from ..kinds import KINDS
from ..models import (
    Attachment,
    ContactRequest,
    Conversation,
    Message,
    Notification,
)
from ..services.conversations import MAX_PARTICIPANTS

EXCERPT_LENGTH = 200


def request_of(context: Any) -> ApiRequest:
    return context["request"]


def caller(user: Any) -> Person:
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
        me = policies.person_of(request_of(context).auth)
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
