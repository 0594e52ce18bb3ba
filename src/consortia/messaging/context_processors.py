from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from . import selectors


def counters(request: HttpRequest) -> dict[str, Any]:
    """Unread notifications and conversations for the header, counted only when shown."""
    user = getattr(request, "user", None)
    return {
        "unread_notifications": SimpleLazyObject(lambda: selectors.unread_notification_count(user)),
        "unread_conversations": SimpleLazyObject(lambda: selectors.unread_conversation_count(user)),
    }
