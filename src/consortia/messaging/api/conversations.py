"""Conversations, messages and attachments."""

from typing import Any
from uuid import UUID

from django.http import FileResponse
from ninja import File, Form, Status, UploadedFile
from ninja.pagination import paginate

from consortia.core.api import FILE_RESPONSE, ApiRequest, Pages
from consortia.core.http import private_download
from consortia.core.permissions import get_visible

from .. import selectors, services
from ..services.conversations import context_contacts
from . import router
from .lookups import (
    conversation_summary,
    named_context,
    named_conversation,
    named_recipients,
)
from .schemas import (
    ConversationIn,
    ConversationOut,
    MessageIn,
    MessageOut,
)


@router.get("/conversations", response=list[ConversationOut], url_name="list_conversations")
@paginate(Pages)
def list_conversations(request: ApiRequest, q: str = "", archived: bool = False) -> Any:
    return selectors.inbox(request.auth, q=q, archived=archived).prefetch_related("context")


@router.post("/conversations", response={201: ConversationOut}, url_name="start_conversation")
def start_conversation(request: ApiRequest, payload: ConversationIn) -> Any:
    about = named_context(request, payload)
    recipients = named_recipients(request, payload.recipients)
    if about is not None and not recipients:
        recipients = context_contacts(about)
    conversation = services.start_conversation(
        by=request.auth,
        recipients=recipients,
        subject=payload.subject,
        body=payload.body,
        context=about,
    )
    return Status(201, conversation_summary(request.auth, pk=conversation.pk))


@router.get(
    "/conversations/{conversation_id}", response=ConversationOut, url_name="get_conversation"
)
def get_conversation(request: ApiRequest, conversation_id: UUID) -> Any:
    return conversation_summary(request.auth, public_id=conversation_id)


@router.get(
    "/conversations/{conversation_id}/messages",
    response=list[MessageOut],
    url_name="list_messages",
)
@paginate(Pages)
def list_messages(request: ApiRequest, conversation_id: UUID) -> Any:
    return selectors.thread(named_conversation(request, conversation_id))


@router.post(
    "/conversations/{conversation_id}/messages",
    response={201: MessageOut},
    url_name="send_message",
)
def send_message(request: ApiRequest, conversation_id: UUID, payload: MessageIn) -> Any:
    conversation = named_conversation(request, conversation_id)
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
    conversation = named_conversation(request, conversation_id)
    return Status(201, services.send_message(conversation, by=request.auth, body=body, files=files))


@router.get(
    "/attachments/{attachment_id}", url_name="download_attachment", openapi_extra=FILE_RESPONSE
)
def download_attachment(request: ApiRequest, attachment_id: UUID) -> FileResponse:
    """The file as a download of its checked type, for the conversation's participants only."""
    attachment = get_visible(
        selectors.attachments_visible_to(request.auth), public_id=attachment_id
    )
    return private_download(
        attachment.file, filename=attachment.original_name, content_type=attachment.content_type
    )


@router.post(
    "/conversations/{conversation_id}/read",
    response={204: None},
    url_name="mark_conversation_read",
)
def mark_conversation_read(request: ApiRequest, conversation_id: UUID) -> Any:
    services.mark_conversation_read(named_conversation(request, conversation_id), by=request.auth)
    return Status(204, None)


@router.post(
    "/conversations/{conversation_id}/archive",
    response={204: None},
    url_name="archive_conversation",
)
def archive_conversation(request: ApiRequest, conversation_id: UUID) -> Any:
    services.archive_conversation(named_conversation(request, conversation_id), by=request.auth)
    return Status(204, None)


@router.delete(
    "/conversations/{conversation_id}/archive",
    response={204: None},
    url_name="unarchive_conversation",
)
def unarchive_conversation(request: ApiRequest, conversation_id: UUID) -> Any:
    services.archive_conversation(
        named_conversation(request, conversation_id), by=request.auth, archived=False
    )
    return Status(204, None)
