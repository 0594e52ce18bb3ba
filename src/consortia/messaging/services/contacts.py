"""Contact requests between people with nothing in common yet, and blocking."""

from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from consortia.core import audit, clock
from consortia.core.permissions import NotPermitted, require
from consortia.directory.models import Person

from .. import policies
from ..models import Block, ContactRequest, Conversation, Message
from .conversations import check_conversation_rate, clean_body, open_conversation, sender_of
from .notifications import notify

MAX_REQUEST_MESSAGE = 1000
ASK_AGAIN_AFTER = timedelta(days=30)


def request_contact(recipient: Person, *, by: Any, message: str) -> ContactRequest:
    sender = sender_of(by)
    body = clean_body(message, max_length=MAX_REQUEST_MESSAGE)
    require(
        policies.can_request_contact(by, recipient),
        _("%(name)s does not accept contact requests from you.") % {"name": recipient.full_name},
    )
    if policies.can_message_directly(by, recipient):
        raise ValidationError(
            {"message": _("You can already write to %(name)s.") % {"name": recipient.full_name}}
        )
    recent = ContactRequest.objects.filter(
        sender=sender, recipient=recipient, created_at__gte=clock.now() - ASK_AGAIN_AFTER
    ).exclude(status=ContactRequest.Status.ACCEPTED)
    if recent.exists():
        raise ValidationError(
            {
                "message": _(
                    "You asked %(name)s less than 30 days ago; wait for the answer or try later."
                )
                % {"name": recipient.full_name}
            }
        )
    try:
        with transaction.atomic():
            check_conversation_rate(sender)
            request = ContactRequest.objects.create(
                sender=sender, recipient=recipient, message=body
            )
            audit.record("contact.requested", actor=by, target=request)
            notify(
                recipient,
                "contact.requested",
                request,
                {"sender": sender.full_name, "excerpt": body[:300]},
            )
    except IntegrityError:
        raise ValidationError(
            {"message": _("You have already asked %(name)s.") % {"name": recipient.full_name}}
        ) from None
    return request


def _answerable(request: ContactRequest, by: Any) -> Person:
    person = sender_of(by)
    require(
        request.recipient_id == person.pk, _("Only the recipient can answer a contact request.")
    )
    if request.status != ContactRequest.Status.PENDING:
        raise NotPermitted(_("This contact request has already been answered."))
    return person


def accept_contact_request(request: ContactRequest, *, by: Any) -> Conversation:
    """Accepting opens a conversation whose first message is the request's."""
    person = _answerable(request, by)
    with transaction.atomic():
        conversation, _message = open_conversation(
            sender=request.sender,
            participants=[person],
            subject="",
            context=None,
            body=request.message,
            kind=Message.Kind.CONTACT,
            counts_as_started=False,  # the request was already counted
        )
        request.status = ContactRequest.Status.ACCEPTED
        request.decided_at = clock.now()
        request.conversation = conversation
        request.save(update_fields=["status", "decided_at", "conversation", "updated_at"])
        audit.record("contact.accepted", actor=by, target=request)
        notify(request.sender, "contact.accepted", conversation, {"person": person.full_name})
    return conversation


def decline_contact_request(request: ContactRequest, *, by: Any) -> ContactRequest:
    _answerable(request, by)
    with transaction.atomic():
        request.status = ContactRequest.Status.DECLINED
        request.decided_at = clock.now()
        request.save(update_fields=["status", "decided_at", "updated_at"])
        audit.record("contact.declined", actor=by, target=request)
    return request


def block_person(person: Person, *, by: Any) -> Block:
    """Nothing more from ``person``: no requests, no messages in one-to-one conversations."""
    blocker = sender_of(by)
    if person.pk == blocker.pk:
        raise ValidationError({"person": _("You cannot block yourself.")})
    with transaction.atomic():
        block, _created = Block.objects.get_or_create(blocker=blocker, blocked=person)
        pending = ContactRequest.objects.filter(
            sender=person, recipient=blocker, status=ContactRequest.Status.PENDING
        )
        pending.update(status=ContactRequest.Status.BLOCKED, decided_at=clock.now())
        audit.record("person.blocked", actor=by, target=person)
    return block


def unblock_person(person: Person, *, by: Any) -> None:
    blocker = sender_of(by)
    with transaction.atomic():
        Block.objects.filter(blocker=blocker, blocked=person).delete()
        audit.record("person.unblocked", actor=by, target=person)
