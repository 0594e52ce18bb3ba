"""Permission plumbing shared by every app.

Policies (``<app>/policies.py``) are plain predicates ``can_<verb>_<thing>(user, obj) -> bool``.
Services call :func:`require`, which raises :class:`NotPermitted`; views and the API turn that into
403, or into 404 where the object is one the user may not even know exists (:class:`NotVisible`).
"""

from typing import Any, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404

M = TypeVar("M", bound=Model)


class NotPermitted(PermissionDenied):
    """The user may see the object but not do this to it (403)."""


class NotVisible(Http404):
    """The user may not know the object exists (404)."""


def require(allowed: bool, message: str = "You are not allowed to do this.") -> None:
    if not allowed:
        raise NotPermitted(message)


def is_operator(user: Any) -> bool:
    """Operator staff: the alliance secretariat running this deployment."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_staff)


def get_visible(queryset: QuerySet[M], **lookup: Any) -> M:
    """Fetch one object from a ``*_visible_to`` queryset, or raise 404 (never 403)."""
    try:
        return queryset.get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError) as error:
        raise NotVisible() from error


ANONYMOUS = AnonymousUser()
