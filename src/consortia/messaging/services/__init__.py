"""Every write of messaging: one verb-first function per use case."""

from .contacts import (
    accept_contact_request,
    block_person,
    decline_contact_request,
    request_contact,
    unblock_person,
)
from .conversations import (
    archive_conversation,
    mark_conversation_read,
    send_message,
    start_conversation,
)
from .interests import express_interest
from .notifications import (
    deliver_digest,
    deliver_notification,
    digest_email,
    mark_all_notifications_read,
    mark_notification_read,
    notification_email,
    notification_preferences,
    notify,
    plan_digests,
    read_unsubscribe_token,
    send_lost_emails,
    set_notification_preferences,
    unsubscribe,
    unsubscribe_token,
)
from .reports import dismiss_report, report_abuse, suspend_reported

__all__ = [
    "accept_contact_request",
    "archive_conversation",
    "block_person",
    "decline_contact_request",
    "deliver_digest",
    "deliver_notification",
    "digest_email",
    "dismiss_report",
    "express_interest",
    "mark_all_notifications_read",
    "mark_conversation_read",
    "mark_notification_read",
    "notification_email",
    "notification_preferences",
    "notify",
    "plan_digests",
    "read_unsubscribe_token",
    "report_abuse",
    "request_contact",
    "send_lost_emails",
    "send_message",
    "set_notification_preferences",
    "start_conversation",
    "suspend_reported",
    "unblock_person",
    "unsubscribe",
    "unsubscribe_token",
]
