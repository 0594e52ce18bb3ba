"""Who may write to whom. Plain predicates over people; services call them through ``require``."""

from typing import Any

from django.db.models import Q

from consortia.core.permissions import is_operator
from consortia.directory.models import Person
from consortia.directory.selectors import share_an_organisation

from .models import Block, ContactRequest, Participant


def person_of(user: Any) -> Person | None:
    """The signed-in user's person, or None (anonymous, or an account without a profile)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return getattr(user, "person", None)


def has_blocked(blocker: Person, blocked: Person) -> bool:
    return Block.objects.filter(blocker=blocker, blocked=blocked).exists()


def are_connected(first: Person, second: Person) -> bool:
    """Colleagues, an accepted contact request either way, or already in a conversation together."""
    if share_an_organisation(first, second):
        return True
    accepted = ContactRequest.objects.filter(
        Q(sender=first, recipient=second) | Q(sender=second, recipient=first),
        status=ContactRequest.Status.ACCEPTED,
    )
    if accepted.exists():
        return True
    return Participant.objects.filter(
        person=second, conversation__participants__person=first
    ).exists()


def can_message_directly(sender_user: Any, recipient: Person) -> bool:
    """Write without a contact request: the operator to anyone, otherwise connected people."""
    sender = person_of(sender_user)
    if sender is None or sender.pk == recipient.pk or not recipient.user.is_active:
        return False
    if has_blocked(recipient, sender):
        return False
    return is_operator(sender_user) or are_connected(sender, recipient)


def can_request_contact(sender_user: Any, recipient: Person) -> bool:
    sender = person_of(sender_user)
    return (
        sender is not None
        and sender.pk != recipient.pk
        and recipient.user.is_active
        and not has_blocked(recipient, sender)
    )


def can_handle_reports(user: Any) -> bool:
    return is_operator(user)
