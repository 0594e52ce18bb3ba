"""Background work of messaging. Tasks take IDs and are safe to run twice (see services)."""

from smtplib import SMTPException

from celery import shared_task

# An SMTP server that is down or refuses for a while: retry with backoff, for about a day.
MAIL_RETRIES = {
    "autoretry_for": (SMTPException, OSError),
    "retry_backoff": 30,
    "retry_backoff_max": 3600,
    "max_retries": 8,
}


@shared_task(**MAIL_RETRIES)
def send_notification_email(notification_id: int) -> bool:
    from .services import deliver_notification

    return deliver_notification(notification_id)


@shared_task(**MAIL_RETRIES)
def send_digest(digest_id: int) -> bool:
    from .services import deliver_digest

    return deliver_digest(digest_id)
