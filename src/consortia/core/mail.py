"""Sending an e-mail once, whoever runs the task and however often: a claim on the row that
records it, taken with one conditional UPDATE and held for a lease, released when the sending
fails. A failure after the server has taken the message (an error on QUIT, a timeout after DATA)
looks like any other and is tried again: the one way a message can arrive twice. Used by
notifications, digests and invitations."""

from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import models
from django.db.models import Q

from . import clock

CLAIM_LEASE = timedelta(seconds=settings.CONSORTIA_SEND_LEASE_SECONDS)
LOST_AFTER = timedelta(days=1)  # older unsent e-mail is not tried again


def claim(queryset: models.QuerySet, field: str, now: datetime) -> bool:
    """Take the row for this task with one conditional UPDATE; a claim older than the lease is free."""
    return bool(queryset.filter(unclaimed(field, now)).update(**{field: now}))


def unclaimed(field: str, now: datetime) -> Q:
    """Rows nobody holds a claim on within the lease."""
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__lt": now - CLAIM_LEASE})


def send_claimed(
    pending: models.QuerySet, field: str, compose: Callable[[], EmailMessage | None]
) -> bool:
    """Claim the one row of ``pending``, compose and send its e-mail; release the claim on failure.

    Returns whether this call sent it (the caller then marks the row sent)."""
    if not claim(pending, field, clock.now()):
        return False
    message = compose()
    if message is None:
        return False
    try:
        message.send()
    except Exception:
        pending.update(**{field: None})
        raise
    return True
