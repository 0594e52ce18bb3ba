"""Background work of the directory. Tasks take IDs, re-fetch, and return quietly if gone."""

from celery import shared_task

from consortia.core.tasks import MAIL_RETRIES


@shared_task(**MAIL_RETRIES)
def send_invitation_email(invitation_id: int) -> None:
    from .models import Invitation
    from .services import deliver_invitation

    invitation = (
        Invitation.objects.select_related("organisation")
        .filter(pk=invitation_id, status="pending")
        .first()
    )
    if invitation is not None:
        deliver_invitation(invitation)
