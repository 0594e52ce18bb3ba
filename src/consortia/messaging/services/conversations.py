"""Starting conversations, writing in them, reading and archiving."""

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.utils.translation import gettext as _

from consortia.core import audit, clock, search
from consortia.core.permissions import NotPermitted, require
from consortia.core.ratelimit import RateLimited, seconds_until_free
from consortia.core.uploads import CheckedFile, atomic_with_files, check_uploads
from consortia.directory.models import Offer, Organisation, Person
from consortia.directory.selectors import offer_contacts, organisation_contacts

from .. import policies
from ..models import Attachment, ContactRequest, Conversation, Message, Participant
from .notifications import mark_target_notifications_read, notify

MAX_BODY = 10_000
MAX_PARTICIPANTS = 20


def sender_of(user: Any) -> Person:
    person = policies.person_of(user)
    if person is None:
        raise NotPermitted(_("Complete your profile before writing to people."))
    return person


def clean_body(body: str, *, required: bool = True, max_length: int = MAX_BODY) -> str:
    text = (body or "").strip()
    if required and not text:
        raise ValidationError({"body": _("Write a message.")})
    if len(text) > max_length:
        raise ValidationError(
            {"body": _("A message can be at most %(count)d characters.") % {"count": max_length}}
        )
    return text


def check_conversation_rate(person: Person) -> None:
    """At most ``CONSORTIA_CONVERSATIONS_PER_HOUR`` new conversations and contact requests."""
    # Lock the person's row so two simultaneous requests cannot both pass the count.
    Person.objects.select_for_update().filter(pk=person.pk).first()
    retry_after = seconds_until_free(
        [
            Conversation.objects.filter(started_by=person),
            ContactRequest.objects.filter(sender=person),
        ],
        limit=settings.CONSORTIA_CONVERSATIONS_PER_HOUR,
        window=timedelta(hours=1),
        now=clock.now(),
    )
    if retry_after:
        raise RateLimited(
            _(
                "You have started %(count)d conversations in the last hour, the most allowed. "
                "Try again in %(minutes)d minutes."
            )
            % {
                "count": settings.CONSORTIA_CONVERSATIONS_PER_HOUR,
                "minutes": max(1, round(retry_after / 60)),
            },
            retry_after=retry_after,
        )


def context_contacts(context: models.Model) -> list[Person]:
    """Who answers a conversation about ``context``; later apps add their kinds of context here."""
    if isinstance(context, Offer):
        return offer_contacts(context)
    if isinstance(context, Organisation):
        return organisation_contacts(context)
    raise TypeError(f"a conversation cannot be about a {type(context).__name__}")


def _check_recipients(
    user: Any, sender: Person, recipients: Sequence[Person], context: models.Model | None
) -> list[Person]:
    unique = list({person.pk: person for person in recipients if person.pk != sender.pk}.values())
    if not unique:
        raise ValidationError({"recipients": _("Choose at least one other person.")})
    if len(unique) + 1 > MAX_PARTICIPANTS:
        raise ValidationError(
            {
                "recipients": _("A conversation can have at most %(count)d people.")
                % {"count": MAX_PARTICIPANTS}
            }
        )
    contacts = {person.pk for person in context_contacts(context)} if context is not None else set()
    for person in unique:
        if policies.has_blocked(person, sender) or not person.user.is_active:
            raise NotPermitted(
                _("%(name)s does not accept messages from you.") % {"name": person.full_name}
            )
        if person.pk not in contacts and not policies.can_message_directly(user, person):
            raise NotPermitted(
                _("You are not yet in contact with %(name)s: send a contact request first.")
                % {"name": person.full_name}
            )
    return unique


def _store_message(
    conversation: Conversation,
    sender: Person,
    body: str,
    files: Sequence[CheckedFile],
    saved: list[Any],
    *,
    kind: str = Message.Kind.TEXT,
) -> Message:
    """Write the message and its files inside :func:`atomic_with_files`."""
    now = clock.now()
    message = Message.objects.create(
        conversation=conversation,
        sender=sender,
        kind=kind,
        body=body,
        created_at=now,
        search_document=search.build_document(body, [f.name for f in files]),
    )
    for checked in files:
        attachment = Attachment(
            message=message,
            original_name=checked.name,
            content_type=checked.content_type,
            size=checked.size,
        )
        attachment.file.save(checked.name, checked.upload, save=False)
        saved.append(attachment)
        attachment.save()
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=now)
    Participant.objects.filter(conversation=conversation, person=sender).update(
        last_read_at=now, archived_at=None
    )
    # A new message brings the conversation back into everyone's inbox.
    Participant.objects.filter(conversation=conversation).exclude(person=sender).update(
        archived_at=None
    )
    return message


def _notify_others(conversation: Conversation, message: Message, sender: Person) -> None:
    others = conversation.participants.exclude(person=sender).select_related("person__user")
    for participant in others:
        notify(
            participant.person,
            "message.received",
            conversation,
            {
                "sender": sender.full_name,
                "subject": conversation.subject,
                "excerpt": message.body[:300],
            },
            coalesce=True,
        )


def open_conversation(
    *,
    sender: Person,
    participants: Sequence[Person],
    subject: str,
    context: models.Model | None,
    body: str,
    kind: str = Message.Kind.TEXT,
    files: Sequence[CheckedFile] = (),
    saved: list[Any] | None = None,
    counts_as_started: bool = True,
) -> tuple[Conversation, Message]:
    """Create a conversation with its first message; the caller checked permission and the rate,
    holds the transaction, and notifies."""
    conversation = Conversation.objects.create(
        subject=subject,
        started_by=sender if counts_as_started else None,  # what the hourly limit counts
        context_type=ContentType.objects.get_for_model(context) if context is not None else None,
        context_id=context.pk if context is not None else None,
    )
    Participant.objects.bulk_create(
        [
            Participant(conversation=conversation, person=person)
            for person in [sender, *participants]
        ]
    )
    message = _store_message(
        conversation, sender, body, files, [] if saved is None else saved, kind=kind
    )
    return conversation, message


def start_conversation(
    *,
    by: Any,
    recipients: Sequence[Person],
    body: str,
    subject: str = "",
    context: models.Model | None = None,
    files: Sequence[UploadedFile] = (),
) -> Conversation:
    """A new conversation with connected people, or with the contacts of an organisation or offer."""
    sender = sender_of(by)
    body = clean_body(body, required=not files)
    subject = (subject or "").strip()[:200] or (str(context) if context is not None else "")
    checked = check_uploads(list(files))
    people = _check_recipients(by, sender, recipients, context)
    with atomic_with_files() as saved:
        check_conversation_rate(sender)
        conversation, message = open_conversation(
            sender=sender,
            participants=people,
            subject=subject,
            context=context,
            body=body,
            files=checked,
            saved=saved,
        )
        audit.record(
            "conversation.started",
            actor=by,
            target=conversation,
            data={"participants": len(people) + 1, "context": conversation.context_type_id},
        )
        _notify_others(conversation, message, sender)
    return conversation


def send_message(
    conversation: Conversation, *, by: Any, body: str, files: Sequence[UploadedFile] = ()
) -> Message:
    """Write in a conversation one takes part in (the caller fetched it through the selector)."""
    sender = sender_of(by)
    body = clean_body(body, required=not files)
    checked = check_uploads(list(files))
    others = list(conversation.participants.exclude(person=sender).select_related("person"))
    require(
        conversation.participants.filter(person=sender).exists(),
        _("Only the people in a conversation can write in it."),
    )
    if len(others) == 1 and policies.has_blocked(others[0].person, sender):
        raise NotPermitted(
            _("%(name)s does not accept messages from you.") % {"name": others[0].person.full_name}
        )
    with atomic_with_files() as saved:
        message = _store_message(conversation, sender, body, checked, saved)
        audit.record(
            "message.sent",
            actor=by,
            target=conversation,
            data={"attachments": len(checked)},
        )
        _notify_others(conversation, message, sender)
    return message


def mark_conversation_read(conversation: Conversation, *, by: Any) -> None:
    person = sender_of(by)
    Participant.objects.filter(conversation=conversation, person=person).update(
        last_read_at=clock.now()
    )
    mark_target_notifications_read(person, conversation)


def archive_conversation(conversation: Conversation, *, by: Any, archived: bool = True) -> None:
    """Out of the inbox (or back in). A new message brings an archived conversation back."""
    person = sender_of(by)
    Participant.objects.filter(conversation=conversation, person=person).update(
        archived_at=clock.now() if archived else None
    )
