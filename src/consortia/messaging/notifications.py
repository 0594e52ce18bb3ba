"""Notification kinds of conversations, interests, contact requests and reports."""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .kinds import NotificationKind, register
from .models import Delivery, InterestKind


def _interest_words(data: Mapping[str, Any]) -> Mapping[str, Any]:
    kind = data.get("interest", "")
    return {
        "interest": InterestKind(kind).label if kind in InterestKind.values else kind,
        "organisation": data.get("organisation") or gettext("no organisation"),
    }


def _message_words(data: Mapping[str, Any]) -> Mapping[str, Any]:
    return {"subject": data.get("subject") or gettext("Conversation")}


MESSAGE_RECEIVED = register(
    NotificationKind(
        "message.received",
        label=_("New messages in my conversations"),
        summary=_("%(sender)s wrote in “%(subject)s”: %(excerpt)s"),
        prepare=_message_words,
    )
)
INTEREST_RECEIVED = register(
    NotificationKind(
        "interest.received",
        label=_("Interest in my organisation's offers and needs"),
        summary=_("%(sender)s (%(organisation)s) is interested in “%(offer)s”: %(interest)s"),
        prepare=_interest_words,
    )
)
CONTACT_REQUESTED = register(
    NotificationKind(
        "contact.requested",
        label=_("Contact requests"),
        summary=_("%(sender)s asks to get in touch: %(excerpt)s"),
    )
)
CONTACT_ACCEPTED = register(
    NotificationKind(
        "contact.accepted",
        label=_("Answers to my contact requests"),
        summary=_("%(person)s accepted your contact request"),
    )
)
REPORT_OPENED = register(
    NotificationKind(
        "report.opened",
        label=_("Abuse reports (operator)"),
        summary=_("%(reporter)s reported %(reported)s: %(reason)s"),
        default=Delivery.DAILY,
        for_operators=True,
    )
)
