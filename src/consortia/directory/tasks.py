"""Background work of the directory. Tasks take IDs, re-fetch, and return quietly if gone."""

from celery import shared_task

from consortia.core.tasks import MAIL_RETRIES


@shared_task(**MAIL_RETRIES)
def send_invitation_email(invitation_id: int) -> bool:
    from .services import deliver_invitation

    return deliver_invitation(invitation_id)
