"""Background work of messaging. Tasks take IDs and are safe to run twice (see services)."""

from celery import shared_task

from consortia.core.tasks import MAIL_RETRIES


@shared_task(**MAIL_RETRIES)
def send_notification_email(notification_id: int) -> bool:
    from .services import deliver_notification

    return deliver_notification(notification_id)


@shared_task(**MAIL_RETRIES)
def send_digest(digest_id: int) -> bool:
    from .services import deliver_digest

    return deliver_digest(digest_id)
