"""What messaging holds about a person (core.privacy): conversations and messages, expressions of
interest, contact requests, blocks, abuse reports, notifications and their e-mail digests."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from consortia.core.privacy import Erase, Holding
from consortia.directory.models import Person
from consortia.directory.privacy import pseudonym

from .models import (
    AbuseReport,
    ContactRequest,
    Conversation,
    Message,
    Notification,
    Participant,
)

SHARED = (
    "A conversation is its other participants' record too: what the person wrote stays in it, "
    "under the pseudonymised name, as in any shared thread."
)


def _scrub_contact_requests(rows: QuerySet[ContactRequest], user: Any) -> None:
    """Unanswered requests go (nobody can answer them now); answered ones lose their note."""
    rows.filter(status=ContactRequest.Status.PENDING).delete()
    rows.update(message="")


def _naming(user: Any) -> QuerySet[Notification]:
    """Others' notifications that name the person: a message they sent, a contact request they
    made or accepted (found by what they are about, then by the name they carry)."""
    person = Person.objects.filter(user_id=user.pk).first()
    if person is None:
        return Notification.objects.none()
    conversations = Participant.objects.filter(person=person).values("conversation_id")
    requests = ContactRequest.objects.filter(Q(sender=person) | Q(recipient=person)).values("pk")
    about = Q(
        target_type=ContentType.objects.get_for_model(Conversation),
        target_id__in=conversations,
    ) | Q(target_type=ContentType.objects.get_for_model(ContactRequest), target_id__in=requests)
    named = Q(data__sender=person.full_name) | Q(data__person=person.full_name)
    return Notification.objects.filter(about & named).exclude(recipient=person)


def _scrub_naming(rows: QuerySet[Notification], user: Any) -> None:
    """The name becomes the pseudonym; a contact request's words go with the request's."""
    person = Person.objects.get(user_id=user.pk)
    for notification in rows:
        data = dict(notification.data)
        for key in ("sender", "person"):
            if data.get(key) == person.full_name:
                data[key] = pseudonym(person)
        if notification.kind == "contact.requested":
            data["excerpt"] = ""
        Notification.objects.filter(pk=notification.pk).update(data=data)


def _received(user: Any) -> QuerySet[Message]:
    return Message.objects.filter(conversation__participants__person__user_id=user.pk).exclude(
        sender__user_id=user.pk
    )


HOLDINGS = [
    Holding(
        "messaging.Conversation",
        refs=("started_by",),
        erase=Erase.KEEP,
        mine="started_by__user_id",
        columns=("public_id", "subject", "created_at"),
        why=SHARED,
    ),
    Holding(
        "messaging.Participant",
        refs=("person",),
        erase=Erase.KEEP,
        mine="person__user_id",
        columns=("conversation__public_id", "conversation__subject", "joined_at", "last_read_at"),
        why=SHARED,
    ),
    Holding(
        "messaging.Message",
        refs=("sender",),
        part="sent",
        erase=Erase.KEEP,
        mine="sender__user_id",
        columns=("public_id", "conversation__public_id", "kind", "body", "created_at"),
        why=SHARED,
    ),
    Holding(
        "messaging.Message",
        refs=(),
        part="received",
        erase=Erase.KEEP,
        mine=_received,
        columns=(
            "public_id",
            "conversation__public_id",
            "sender__full_name",
            "kind",
            "body",
            "created_at",
        ),
        why="Messages others wrote to the person are exported (they were addressed to them) and "
        "kept: they are their writers'.",
    ),
    Holding(
        "messaging.Interest",
        refs=("person", "organisation"),
        erase=Erase.KEEP,
        mine="person__user_id",
        columns=("offer__title", "organisation__name", "kind", "created_at"),
        why="An expression of interest is made for an organisation, and the offer's owners "
        "answered it; it names only the pseudonymised person.",
    ),
    Holding(
        "messaging.Notification",
        refs=(),
        part="naming",
        erase=Erase.SCRUB,
        mine=_naming,
        scrub=_scrub_naming,
        why="Others' notifications are theirs and are not exported; the name in them becomes the "
        "pseudonym, and a contact request's words go as the request's do.",
    ),
    Holding(
        "messaging.ContactRequest",
        refs=("sender", "recipient"),
        erase=Erase.SCRUB,
        mine=lambda user: ContactRequest.objects.filter(
            Q(sender__user_id=user.pk) | Q(recipient__user_id=user.pk)
        ),
        columns=("sender__full_name", "recipient__full_name", "message", "status", "created_at"),
        scrub=_scrub_contact_requests,
    ),
    Holding(
        "messaging.Block",
        refs=("blocker",),
        erase=Erase.DELETE,
        mine="blocker__user_id",
        columns=("blocked__full_name", "created_at"),
    ),
    Holding(
        "messaging.Block",
        refs=("blocked",),
        erase=Erase.DELETE,
        mine="blocked__user_id",
        why="Who blocked the person is the blocker's to know, so it is not exported; the blocks "
        "go with the account they were against.",
    ),
    Holding(
        "messaging.AbuseReport",
        refs=("reporter",),
        erase=Erase.KEEP,
        mine="reporter__user_id",
        columns=("reported__full_name", "reason", "status", "created_at", "handled_at"),
        why="A report is the operator's moderation record.",
    ),
    Holding(
        "messaging.AbuseReport",
        refs=("reported", "handled_by"),
        erase=Erase.KEEP,
        mine=lambda user: AbuseReport.objects.filter(
            Q(reported__user_id=user.pk) | Q(handled_by_id=user.pk)
        ),
        why="Reports about the person are not exported, to protect whoever reported; with those "
        "a staff member handled, they stay as the operator's moderation record.",
    ),
    Holding(
        "messaging.Digest",
        refs=("recipient",),
        erase=Erase.DELETE,
        mine="recipient__user_id",
        columns=("frequency", "period_start", "sent_at"),
    ),
    Holding(
        "messaging.Notification",
        refs=("recipient",),
        erase=Erase.DELETE,
        mine="recipient__user_id",
        columns=("kind", "url", "data", "created_at", "read_at", "delivery", "emailed_at"),
    ),
    Holding(
        "messaging.NotificationPreference",
        refs=("person",),
        erase=Erase.DELETE,
        mine="person__user_id",
        columns=("kind", "delivery"),
    ),
]
