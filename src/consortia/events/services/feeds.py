"""A person's private calendar feed: a secret address their calendar application subscribes to
without signing in. Only the SHA-256 digest of the secret is stored; the secret is shown once.
Making a new feed replaces the old one and revoking deletes it, so an old address answers 404."""

import hashlib
import hmac
import secrets
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from consortia.core import audit, clock
from consortia.core.permissions import require

from ..models import CalendarFeed

SECRET_BYTES = 32
LONGEST_SECRET = 100
LAST_USED_PRECISION = timedelta(hours=1)


def digest_of(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_feed(by: Any) -> tuple[CalendarFeed, str]:
    """A new feed for ``by``, replacing any earlier one; returns the feed and its secret."""
    require(getattr(by, "is_authenticated", False), _("Sign in to make a calendar feed."))
    secret = secrets.token_urlsafe(SECRET_BYTES)
    with transaction.atomic():
        # The person's row serialises concurrent requests for the same feed.
        get_user_model().objects.select_for_update().filter(pk=by.pk).first()
        replaced = CalendarFeed.objects.filter(user_id=by.pk).delete()[0] > 0
        feed = CalendarFeed.objects.create(user_id=by.pk, token_digest=digest_of(secret))
        audit.record("calendar_feed.created", actor=by, target=feed, data={"replaced": replaced})
    return feed, secret


def revoke_feed(by: Any) -> bool:
    """Delete ``by``'s feed; False when there was none."""
    require(getattr(by, "is_authenticated", False), _("Sign in to manage your calendar feed."))
    with transaction.atomic():
        feed = CalendarFeed.objects.select_for_update().filter(user_id=by.pk).first()
        if feed is None:
            return False
        audit.record("calendar_feed.revoked", actor=by, target=feed)
        feed.delete()
    return True


def feed_user(secret: str) -> Any:
    """The active person whose feed ``secret`` opens, or None. Looks the feed up by the
    secret's digest (what leaks through timing is the digest, never the secret) and notes the
    use at most once an hour."""
    if not secret or len(secret) > LONGEST_SECRET:
        return None
    digest = digest_of(secret)
    feed = CalendarFeed.objects.select_related("user").filter(token_digest=digest).first()
    if feed is None or not hmac.compare_digest(feed.token_digest, digest):
        return None
    if not feed.user.is_active:
        return None
    now = clock.now()
    CalendarFeed.objects.filter(pk=feed.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - LAST_USED_PRECISION)
    ).update(last_used_at=now)
    return feed.user
