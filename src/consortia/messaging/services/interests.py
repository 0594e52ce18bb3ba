"""Expressions of interest: a structured first message to the people behind an offer or need."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from consortia.core import audit, clock
from consortia.core.permissions import NotPermitted
from consortia.directory import policies as directory_policies
from consortia.directory.models import Offer, Organisation

from ..models import Interest, InterestKind, Message
from .conversations import (
    check_conversation_rate,
    clean_body,
    context_contacts,
    open_conversation,
    sender_of,
)
from .notifications import notify

MAX_INTEREST_MESSAGE = 2000


def _on_behalf_of(by: Any, organisation: Organisation | None) -> Organisation | None:
    memberships = directory_policies.memberships_by_organisation(by)
    if organisation is None:
        verified = [m.organisation for m in memberships.values() if m.organisation.is_verified]
        return verified[0] if verified else None
    if organisation.pk not in memberships:
        raise ValidationError(
            {"organisation": _("You can only write on behalf of your own organisations.")}
        )
    return organisation


def express_interest(
    offer: Offer,
    *,
    by: Any,
    kind: str,
    message: str,
    organisation: Organisation | None = None,
) -> Interest:
    """Open a conversation with the offer's contacts and count the interest on the offer."""
    sender = sender_of(by)
    if kind not in InterestKind.values:
        raise ValidationError({"kind": _("Choose: we can supply, we need, or let's meet.")})
    body = clean_body(message, max_length=MAX_INTEREST_MESSAGE)
    if offer.status != Offer.Status.ACTIVE or offer.is_expired(clock.today()):
        raise NotPermitted(_("This offer is no longer open."))
    if directory_policies.membership_of(by, offer.organisation) is not None:
        raise NotPermitted(_("This is your own organisation's offer."))
    on_behalf = _on_behalf_of(by, organisation)
    contacts = [person for person in context_contacts(offer) if person.pk != sender.pk]
    if not contacts:
        raise NotPermitted(
            _("Nobody at %(name)s can answer yet.") % {"name": offer.organisation.name}
        )
    if Interest.objects.filter(offer=offer, person=sender).exists():
        raise ValidationError(
            {"kind": _("You have already expressed interest; continue in the conversation.")}
        )
    try:
        with transaction.atomic():
            check_conversation_rate(sender)
            conversation, _message = open_conversation(
                sender=sender,
                participants=contacts,
                subject=offer.title,
                context=offer,
                body=body,
                kind=Message.Kind.INTEREST,
            )
            interest = Interest.objects.create(
                offer=offer,
                person=sender,
                organisation=on_behalf,
                kind=kind,
                conversation=conversation,
            )
            audit.record(
                "interest.expressed",
                actor=by,
                target=offer,
                organisation_id=offer.organisation_id,
                data={"kind": kind},
            )
            for person in contacts:
                notify(
                    person,
                    "interest.received",
                    conversation,
                    {
                        "sender": sender.full_name,
                        "organisation": on_behalf.name if on_behalf else "",
                        "offer": offer.title,
                        "interest": kind,
                        "excerpt": body[:300],
                    },
                )
    except IntegrityError:  # the same person, twice at once
        raise ValidationError(
            {"kind": _("You have already expressed interest; continue in the conversation.")}
        ) from None
    return interest
