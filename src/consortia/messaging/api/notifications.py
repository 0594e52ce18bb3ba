"""Notifications and e-mail preferences."""

from typing import Any

from ninja import Status
from ninja.pagination import paginate

from consortia.core.api import ApiRequest, Pages
from consortia.core.permissions import get_visible

from .. import selectors, services
from ..kinds import KINDS
from . import router
from .schemas import (
    MarkedOut,
    NotificationOut,
    PreferenceOut,
    PreferencesIn,
    UnreadOut,
    caller,
)


# --- Notifications ------------------------------------------------------------------------
@router.get("/notifications", response=list[NotificationOut], url_name="list_notifications")
@paginate(Pages)
def list_notifications(request: ApiRequest, unread: bool = False) -> Any:
    notifications = selectors.notifications_visible_to(request.auth)
    return notifications.filter(read_at__isnull=True) if unread else notifications


@router.get(
    "/notifications/unread-count", response=UnreadOut, url_name="count_unread_notifications"
)
def count_unread_notifications(request: ApiRequest) -> Any:
    return {
        "notifications": selectors.unread_notification_count(request.auth),
        "conversations": selectors.unread_conversation_count(request.auth),
    }


@router.post(
    "/notifications/{notification_id}/read", response={204: None}, url_name="read_notification"
)
def read_notification(request: ApiRequest, notification_id: int) -> Any:
    notification = get_visible(selectors.notifications_visible_to(request.auth), pk=notification_id)
    services.mark_notification_read(notification, by=request.auth)
    return Status(204, None)


@router.post("/notifications/read-all", response=MarkedOut, url_name="read_all_notifications")
def read_all_notifications(request: ApiRequest) -> Any:
    marked = services.mark_all_notifications_read(caller(request.auth), by=request.auth)
    return {"marked": marked}


def _preferences(choices: dict[str, str]) -> list[dict[str, str]]:
    return [
        {"kind": code, "label": str(KINDS[code].label), "delivery": delivery}
        for code, delivery in choices.items()
    ]


@router.get(
    "/notification-preferences",
    response=list[PreferenceOut],
    url_name="get_notification_preferences",
)
def get_notification_preferences(request: ApiRequest) -> Any:
    return _preferences(services.notification_preferences(caller(request.auth)))


@router.put(
    "/notification-preferences",
    response=list[PreferenceOut],
    url_name="set_notification_preferences",
)
def set_notification_preferences(request: ApiRequest, payload: PreferencesIn) -> Any:
    choices = services.set_notification_preferences(
        caller(request.auth), by=request.auth, choices=payload.preferences
    )
    return _preferences(choices)
