"""Notifications: :func:`notify` for every app, e-mail now or in digests, preferences, unsubscribe.

Sending is idempotent. A task first *claims* the notification (or digest) with one conditional
UPDATE; only the task whose UPDATE changed a row sends, then marks it sent. A claim that is older
than the lease (``CONSORTIA_SEND_LEASE_SECONDS``: its worker died) may be taken again; a task
that fails to send releases its claim and raises, so Celery retries it.

A task whose worker was killed runs again: the broker hands its unacknowledged message to another
worker once the visibility timeout has passed (longer than the lease, so the claim is free by
then), and :func:`send_lost_emails` in the periodic work enqueues again any e-mail still unsent and
unclaimed past the lease (a message the broker lost, or a task that ran while another held the
claim). Either way the conditional claim lets only one of them send.
"""

from collections import defaultdict
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from consortia.core import audit, clock
from consortia.core.mail import CLAIM_LEASE, LOST_AFTER, send_claimed, unclaimed
from consortia.core.tasks import enqueue
from consortia.directory.models import Person

from ..kinds import NotificationKind, get_kind, kinds_for
from ..models import Delivery, Digest, Notification, NotificationPreference

DIGEST_WINDOW_HOURS = 3
_UNSUBSCRIBE_SALT = "consortia.messaging.unsubscribe"


def delivery_for(person: Person, kind: NotificationKind) -> str:
    chosen = (
        NotificationPreference.objects.filter(person=person, kind=kind.code)
        .values_list("delivery", flat=True)
        .first()
    )
    return chosen or kind.default


def notify(
    recipient: Person,
    kind: str,
    target: models.Model | None = None,
    data: Mapping[str, Any] | None = None,
    *,
    coalesce: bool = False,
) -> Notification | None:
    """Tell ``recipient`` that ``kind`` happened to ``target``; e-mail follows their preference.

    ``data`` fills the kind's summary (names, titles, an excerpt), so the notification still reads
    right after the target changes or disappears. With ``coalesce`` a second notification of the
    same kind and target is not made while the first is unread (ten messages, one e-mail).
    Returns None when nothing was made (coalesced, or the account is suspended).
    """
    definition = get_kind(kind)
    if not recipient.user.is_active:
        return None
    target_type = ContentType.objects.get_for_model(target) if target is not None else None
    if coalesce and target is not None:
        unread = Notification.objects.filter(
            recipient=recipient,
            kind=kind,
            target_type=target_type,
            target_id=target.pk,
            read_at__isnull=True,
        )
        if unread.exists():
            return None
    url = str(getattr(target, "get_absolute_url", lambda: "")())
    notification = Notification.objects.create(
        recipient=recipient,
        kind=kind,
        target_type=target_type,
        target_id=target.pk if target is not None else None,
        url=url,
        data=dict(data or {}),
        delivery=delivery_for(recipient, definition),
    )
    if notification.delivery == Delivery.IMMEDIATE:
        from ..tasks import send_notification_email

        enqueue(send_notification_email, notification.pk)
    return notification


# --- Reading --------------------------------------------------------------------------------
def mark_notification_read(notification: Notification, *, by: Any) -> Notification:
    if notification.read_at is None:
        notification.read_at = clock.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_notifications_read(person: Person, *, by: Any) -> int:
    return Notification.objects.filter(recipient=person, read_at__isnull=True).update(
        read_at=clock.now()
    )


def mark_target_notifications_read(person: Person, target: models.Model) -> int:
    """Reading the thing itself (a conversation) reads what announced it."""
    return Notification.objects.filter(
        recipient=person,
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        read_at__isnull=True,
    ).update(read_at=clock.now())


# --- Preferences and unsubscribing ------------------------------------------------------------
def notification_preferences(person: Person) -> dict[str, str]:
    """Every registered kind with the person's choice (or the kind's default)."""
    chosen = dict(
        NotificationPreference.objects.filter(person=person).values_list("kind", "delivery")
    )
    return {
        kind.code: chosen.get(kind.code, kind.default)
        for kind in kinds_for(operator=person.user.is_staff)
    }


def set_notification_preferences(
    person: Person, *, by: Any, choices: Mapping[str, str]
) -> dict[str, str]:
    errors = {}
    known = {kind.code for kind in kinds_for(operator=person.user.is_staff)}
    for code, delivery in choices.items():
        if code not in known:
            errors[code] = _("Unknown kind of notification.")
        elif delivery not in Delivery.values:
            errors[code] = _("Choose immediately, daily, weekly or never.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        for code, delivery in choices.items():
            NotificationPreference.objects.update_or_create(
                person=person, kind=code, defaults={"delivery": delivery}
            )
        audit.record(
            "notifications.preferences_changed", actor=by, target=person, data=dict(choices)
        )
    return notification_preferences(person)


def unsubscribe_token(person: Person, kind: str) -> str:
    return signing.dumps([person.public_id.hex, kind], salt=_UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[Person, NotificationKind] | None:
    try:
        person_hex, code = signing.loads(token, salt=_UNSUBSCRIBE_SALT)
        return Person.objects.select_related("user").get(public_id=person_hex), get_kind(code)
    except (signing.BadSignature, ValueError, TypeError, Person.DoesNotExist):
        return None


def unsubscribe(person: Person, kind: NotificationKind) -> None:
    """One click from an e-mail: no more e-mail of this kind (still listed in the app)."""
    with transaction.atomic():
        NotificationPreference.objects.update_or_create(
            person=person, kind=kind.code, defaults={"delivery": Delivery.NEVER}
        )
        Notification.objects.filter(
            recipient=person, kind=kind.code, emailed_at__isnull=True, digest__isnull=True
        ).update(delivery=Delivery.NEVER)
        audit.record(
            "notifications.unsubscribed", actor=person.user, target=person, data={"kind": kind.code}
        )


# --- E-mail -----------------------------------------------------------------------------------
def _absolute(path: str) -> str:
    return settings.SITE_URL + path if path.startswith("/") else path


def _unsubscribe_url(person: Person, code: str) -> str:
    return _absolute(reverse("messaging:unsubscribe", args=[unsubscribe_token(person, code)]))


def _email(
    person: Person,
    *,
    subject: str,
    template: str,
    context: dict[str, Any],
    message_id: str,
    unsubscribe_url: str,
) -> EmailMultiAlternatives:
    context = {
        **context,
        "person": person,
        "preferences_url": _absolute(reverse("messaging:preferences")),
        "unsubscribe_url": unsubscribe_url,
        "site_url": settings.SITE_URL,
        "language": translation.get_language() or "en",
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"messaging/email/{template}.txt", context),
        to=[person.user.email],
        headers={
            "Message-ID": f"<{message_id}@{settings.CONSORTIA_MAIL_DOMAIN}>",
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(
        render_to_string(f"messaging/email/{template}.html", context), "text/html"
    )
    return message


def notification_email(notification: Notification) -> EmailMultiAlternatives:
    """The e-mail for one notification, in the recipient's interface language."""
    person = notification.recipient
    kind = get_kind(notification.kind)
    with translation.override(person.ui_language):
        summary = kind.describe(notification.data)
        return _email(
            person,
            subject=_("[Consortia] %(summary)s") % {"summary": _one_line(summary, 110)},
            template="notification",
            context={"summary": summary, "url": _absolute(notification.url or "/notifications/")},
            message_id=f"notification-{notification.pk}",
            unsubscribe_url=_unsubscribe_url(person, kind.code),
        )


def _one_line(text: str, limit: int) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def deliver_notification(notification_id: int) -> bool:
    """Send one notification's e-mail, at most once. Returns whether this call sent it."""
    pending = Notification.objects.filter(
        pk=notification_id, emailed_at__isnull=True, delivery=Delivery.IMMEDIATE
    )

    def compose() -> EmailMultiAlternatives | None:
        notification = Notification.objects.select_related("recipient__user").get(
            pk=notification_id
        )
        user = notification.recipient.user
        return notification_email(notification) if user.is_active and user.email else None

    if not send_claimed(pending, "email_claimed_at", compose):
        return False
    pending.update(emailed_at=clock.now())
    return True


# --- Digests ------------------------------------------------------------------------------------
def _digest_period(person: Person, frequency: str, now: datetime) -> datetime | None:
    """The local start of the digest due now for this person, or None outside the sending window."""
    try:
        local = now.astimezone(ZoneInfo(person.time_zone))
    except (KeyError, ValueError):
        local = now
    hour = settings.CONSORTIA_DIGEST_HOUR
    if (local.hour - hour) % 24 >= DIGEST_WINDOW_HOURS:
        return None
    if frequency == Delivery.WEEKLY and local.weekday() != 0:
        return None
    return local


def send_lost_emails(*, now: datetime | None = None) -> int:
    """Enqueue again the e-mail of immediate notifications and digests of the last day that is
    neither sent nor claimed within the lease: its task was lost (a killed worker, a broker that
    lost the message). Returns how many were enqueued."""
    from ..tasks import send_digest, send_notification_email

    now = now or clock.now()
    free = unclaimed("email_claimed_at", now)
    notifications = list(
        Notification.objects.filter(
            free,
            delivery=Delivery.IMMEDIATE,
            emailed_at__isnull=True,
            created_at__lt=now - CLAIM_LEASE,
            created_at__gte=now - LOST_AFTER,
            recipient__user__is_active=True,
        )
        .exclude(recipient__user__email="")
        .values_list("pk", flat=True)
    )
    digests = list(
        Digest.objects.filter(
            unclaimed("claimed_at", now),
            sent_at__isnull=True,
            created_at__lt=now - CLAIM_LEASE,
            created_at__gte=now - LOST_AFTER,
            recipient__user__is_active=True,
            notifications__isnull=False,
        )
        .distinct()
        .values_list("pk", flat=True)
    )
    for notification_id in notifications:
        enqueue(send_notification_email, notification_id)
    for digest_id in digests:
        enqueue(send_digest, digest_id)
    return len(notifications) + len(digests)


def plan_digests(*, now: datetime | None = None) -> list[int]:
    """Gather due notifications into digests, one per person and period; enqueue their sending.

    Runs every quarter of an hour (Celery beat, or the timer in ``consortia serve``). Daily digests
    go out in the morning of the person's own time zone, weekly ones on Monday morning. Running it
    twice in a period makes nothing new: the database allows one digest per person and period.
    """
    now = now or clock.now()
    due = (
        Notification.objects.filter(
            digest__isnull=True,
            emailed_at__isnull=True,
            delivery__in=[Delivery.DAILY, Delivery.WEEKLY],
            created_at__lte=now,
            recipient__user__is_active=True,
        )
        .values_list("recipient_id", "delivery")
        .distinct()
    )
    frequencies: dict[int, set[str]] = defaultdict(set)
    for person_id, frequency in due:
        frequencies[person_id].add(frequency)
    planned = []
    for person in Person.objects.filter(pk__in=frequencies):
        for frequency in sorted(frequencies[person.pk]):
            local = _digest_period(person, frequency, now)
            if local is None:
                continue
            with transaction.atomic():
                digest, created = Digest.objects.get_or_create(
                    recipient=person, frequency=frequency, period_start=local.date()
                )
                if not created:
                    continue
                Notification.objects.filter(
                    recipient=person,
                    delivery=frequency,
                    digest__isnull=True,
                    emailed_at__isnull=True,
                    created_at__lte=now,
                ).update(digest=digest)
                from ..tasks import send_digest

                enqueue(send_digest, digest.pk)
            planned.append(digest.pk)
    return planned


def digest_email(digest: Digest) -> EmailMultiAlternatives:
    person = digest.recipient
    notifications = list(digest.notifications.order_by("kind", "created_at", "id"))
    with translation.override(person.ui_language):
        groups = []
        for code in sorted({n.kind for n in notifications}):
            kind = get_kind(code)
            groups.append(
                {
                    "label": kind.label,
                    "unsubscribe_url": _unsubscribe_url(person, code),
                    "items": [
                        {
                            "summary": kind.describe(n.data),
                            "url": _absolute(n.url or "/notifications/"),
                            "created_at": n.created_at,
                        }
                        for n in notifications
                        if n.kind == code
                    ],
                }
            )
        count = len(notifications)
        subject = (
            ngettext(
                "[Consortia] Your daily digest: %(count)d notification",
                "[Consortia] Your daily digest: %(count)d notifications",
                count,
            )
            if digest.frequency == Delivery.DAILY
            else ngettext(
                "[Consortia] Your weekly digest: %(count)d notification",
                "[Consortia] Your weekly digest: %(count)d notifications",
                count,
            )
        ) % {"count": count}
        first_kind = groups[0]["unsubscribe_url"] if groups else _absolute("/")
        return _email(
            person,
            subject=subject,
            template="digest",
            context={"groups": groups, "digest": digest, "count": len(notifications)},
            message_id=f"digest-{digest.pk}",
            unsubscribe_url=str(first_kind),
        )


def deliver_digest(digest_id: int) -> bool:
    """Send one digest, at most once. Returns whether this call sent it."""
    pending = Digest.objects.filter(pk=digest_id, sent_at__isnull=True)

    def compose() -> EmailMultiAlternatives | None:
        digest = Digest.objects.select_related("recipient__user").get(pk=digest_id)
        if not digest.notifications.exists() or not digest.recipient.user.is_active:
            return None
        return digest_email(digest)

    if not send_claimed(pending, "claimed_at", compose):
        return False
    sent_at = clock.now()
    with transaction.atomic():
        pending.update(sent_at=sent_at)
        Notification.objects.filter(digest_id=digest_id).update(emailed_at=sent_at)
    return True
