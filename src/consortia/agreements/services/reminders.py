"""Reminders to the admins of the organisation that answers for a commitment.

Sent by the daily periodic work: 30 and 7 days before a due date, and when six months have
passed without a progress report. Each reminder is a row with a unique key, so running the
periodic work again (or on two machines) never repeats one.
"""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.db import IntegrityError, transaction
from django.db.models import Q

from consortia.core import clock
from consortia.directory.selectors import organisation_contacts
from consortia.messaging.services import notify

from ..models import Commitment, CommitmentStatus, Reminder

DUE_DAYS = (30, 7)
REPORT_EVERY = relativedelta(months=6)


def _remind(commitment: Commitment, kind: str, about: date, data: dict[str, str]) -> bool:
    organisation = commitment.responsible.organisation if commitment.responsible else None
    if organisation is None:
        return False
    try:
        with transaction.atomic():
            Reminder.objects.create(commitment=commitment, kind=kind, about=about)
            for person in organisation_contacts(organisation):
                notify(
                    person,
                    "commitment.due" if kind == Reminder.Kind.DUE else "commitment.report_due",
                    commitment.agreement,
                    data,
                )
    except IntegrityError:  # already reminded
        return False
    return True


def send_commitment_reminders(*, today: date | None = None) -> int:
    """Returns how many reminders went out."""
    today = today or clock.today()
    open_commitments = (
        Commitment.objects.filter(
            responsible__organisation__isnull=False,
            agreement__status__in=["signed", "in_force"],
        )
        .exclude(status__in=[CommitmentStatus.DONE, CommitmentStatus.DROPPED])
        .select_related("agreement", "responsible__organisation")
    )
    sent = 0
    due_soon = open_commitments.filter(due_on__in=[today + timedelta(days=d) for d in DUE_DAYS])
    for commitment in due_soon:
        assert commitment.due_on is not None
        sent += _remind(
            commitment,
            Reminder.Kind.DUE,
            today,  # 30 and 7 days before: two different days, two reminders
            _data(commitment, due_on=commitment.due_on.isoformat()),
        )
    silent_before = today - REPORT_EVERY
    silent = open_commitments.filter(
        Q(last_report_on__lt=silent_before)
        | Q(last_report_on__isnull=True, agreement__signed_on__lt=silent_before)
    )
    for commitment in silent:
        since = commitment.last_report_on or commitment.agreement.signed_on
        assert since is not None
        # One reminder per six months of silence: keyed by the day the silence reached it.
        periods = 1
        while since + REPORT_EVERY * (periods + 1) <= today:
            periods += 1
        sent += _remind(
            commitment,
            Reminder.Kind.REPORT,
            since + REPORT_EVERY * periods,
            _data(commitment, since=since.isoformat()),
        )
    return sent


def _data(commitment: Commitment, **extra: str) -> dict[str, str]:
    return {"agreement": commitment.agreement.title, "commitment": commitment.text[:300], **extra}
