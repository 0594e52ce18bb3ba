"""Reporting abuse, and the operator's answer: dismiss, or suspend the account."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from consortia.accounts.services import suspend_account
from consortia.core import audit, clock
from consortia.core.permissions import NotPermitted, require
from consortia.directory.models import Person

from .. import policies
from ..models import AbuseReport, Message
from .conversations import clean_body, sender_of
from .notifications import notify

MAX_REASON = 2000


def report_abuse(
    person: Person, *, by: Any, reason: str, message: Message | None = None
) -> AbuseReport:
    """Anyone signed in may report a person; with a message (one they can see), a copy is kept."""
    reporter = sender_of(by)
    try:
        reason = clean_body(reason, max_length=MAX_REASON)
    except ValidationError:
        raise ValidationError(
            {"reason": _("Say what is wrong (at most 2,000 characters).")}
        ) from None
    if person.pk == reporter.pk:
        raise ValidationError({"person": _("You cannot report yourself.")})
    if message is not None and message.sender_id != person.pk:
        raise ValidationError({"message": _("That message was not written by this person.")})
    with transaction.atomic():
        report = AbuseReport.objects.create(
            reporter=reporter,
            reported=person,
            message=message,
            excerpt=message.body[:2000] if message is not None else "",
            reason=reason,
        )
        audit.record("abuse.reported", actor=by, target=report, data={"reported": person.pk})
        for operator in Person.objects.filter(user__is_staff=True, user__is_active=True):
            notify(
                operator,
                "report.opened",
                report,
                {
                    "reporter": reporter.full_name,
                    "reported": person.full_name,
                    "reason": reason[:300],
                },
            )
    return report


def _open(report: AbuseReport, by: Any) -> None:
    require(policies.can_handle_reports(by), _("Only the operator handles reports."))
    if report.status != AbuseReport.Status.OPEN:
        raise NotPermitted(_("This report has already been handled."))


def dismiss_report(report: AbuseReport, *, by: Any) -> AbuseReport:
    _open(report, by)
    with transaction.atomic():
        report.status = AbuseReport.Status.DISMISSED
        report.handled_by = by
        report.handled_at = clock.now()
        report.save(update_fields=["status", "handled_by", "handled_at", "updated_at"])
        audit.record("abuse.dismissed", actor=by, target=report)
    return report


def suspend_reported(report: AbuseReport, *, by: Any) -> AbuseReport:
    """Suspend the reported account; every open report about the same person is closed with it."""
    _open(report, by)
    with transaction.atomic():
        suspend_account(report.reported.user, by=by, reason=report.reason)
        AbuseReport.objects.filter(reported=report.reported, status=AbuseReport.Status.OPEN).update(
            status=AbuseReport.Status.SUSPENDED, handled_by=by, handled_at=clock.now()
        )
        report.refresh_from_db()
    return report
