"""Commitments inside an agreement and the progress reported on them."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from consortia.core import audit, clock
from consortia.core.permissions import require
from consortia.directory.services.validation import optional_url, require_text

from .. import policies
from ..models import Agreement, Commitment, CommitmentStatus, Party, ProgressReport
from .lights import refresh_lights


def add_commitment(
    agreement: Agreement,
    *,
    by: Any,
    text: str,
    responsible: Party | None = None,
    due_on: date | None = None,
) -> Commitment:
    require(
        policies.can_edit_agreement(by, agreement),
        _("Only the operator or a party's admins change an agreement."),
    )
    text = require_text("text", text, max_length=2000)
    if responsible is not None and responsible.agreement_id != agreement.pk:
        raise ValidationError(
            {"responsible": _("The responsible party must be a party to this agreement.")}
        )
    if due_on is not None and not isinstance(due_on, date):
        raise ValidationError({"due_on": _("Enter a date.")})
    with transaction.atomic():
        position = (agreement.commitments.aggregate(last=Max("position"))["last"] or 0) + 1
        commitment = Commitment.objects.create(
            agreement=agreement,
            text=text,
            responsible=responsible,
            due_on=due_on,
            position=position,
        )
        audit.record(
            "commitment.added", actor=by, target=commitment, data={"agreement": agreement.pk}
        )
        refresh_lights(agreement)
    commitment.refresh_from_db()
    return commitment


def report_progress(
    commitment: Commitment,
    *,
    by: Any,
    text: str,
    reported_on: date | None = None,
    evidence_url: str = "",
    status: str | None = None,
) -> ProgressReport:
    """Only an admin of the responsible party reports; the report may also move the status."""
    require(
        policies.can_report_progress(by, commitment),
        _("Only an admin of the responsible party reports progress."),
    )
    text = require_text("text", text, max_length=5000)
    today = clock.today()
    reported_on = reported_on or today
    if not isinstance(reported_on, date) or reported_on > today:
        raise ValidationError({"reported_on": _("The report date cannot be in the future.")})
    evidence_url = optional_url("evidence_url", evidence_url)
    if status is not None and status not in CommitmentStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    with transaction.atomic():
        locked = Commitment.objects.select_for_update().get(pk=commitment.pk)
        report = ProgressReport.objects.create(
            commitment=locked,
            reported_on=reported_on,
            text=text,
            evidence_url=evidence_url,
            reported_by=by,
        )
        locked.last_report_on = max(filter(None, [locked.last_report_on, reported_on]))
        if status is not None:
            locked.status = status
        elif locked.status == CommitmentStatus.PLANNED:
            locked.status = CommitmentStatus.IN_PROGRESS
        locked.save(update_fields=["last_report_on", "status", "updated_at"])
        audit.record(
            "commitment.reported",
            actor=by,
            target=locked,
            data={"reported_on": reported_on.isoformat(), "status": locked.status},
        )
        refresh_lights(locked.agreement)
    commitment.refresh_from_db()
    return report
