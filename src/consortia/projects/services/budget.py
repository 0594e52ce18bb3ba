"""Budget lines, and the dated exchange rates the operator enters so totals can be compared."""

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from consortia.core import audit, clock
from consortia.core.money import is_currency
from consortia.core.permissions import require
from consortia.directory.services.validation import optional_money, require_text

from .. import policies
from ..models import BudgetLine, ExchangeRate, Partner, Project


def add_budget_line(
    project: Project,
    *,
    by: Any,
    label: str,
    amount: Any,
    currency: str,
    funder: Partner | None = None,
) -> BudgetLine:
    require(
        policies.can_edit_project(by, project),
        _("Only the operator or a partner's admins change a project."),
    )
    label = require_text("label", label, max_length=300)
    value, code = optional_money(amount, currency, amount_field="amount", currency_field="currency")
    if value is None:
        raise ValidationError({"amount": _("Enter the amount.")})
    if funder is not None and funder.project_id != project.pk:
        raise ValidationError({"funder": _("The funder must be a partner of this project.")})
    with transaction.atomic():
        position = (project.budget_lines.aggregate(last=Max("position"))["last"] or 0) + 1
        line = BudgetLine.objects.create(
            project=project,
            label=label,
            amount=value,
            currency=code,
            funder=funder,
            position=position,
        )
        audit.record(
            "project.budget_added",
            actor=by,
            target=project,
            data={"label": label, "amount": str(value), "currency": code},
        )
    return line


def remove_budget_line(line: BudgetLine, *, by: Any) -> None:
    project = line.project
    require(
        policies.can_edit_project(by, project),
        _("Only the operator or a partner's admins change a project."),
    )
    with transaction.atomic():
        audit.record(
            "project.budget_removed",
            actor=by,
            target=project,
            data={"label": line.label, "amount": str(line.amount), "currency": line.currency},
        )
        line.delete()


def _currency(field: str, value: str) -> str:
    code = (value or "").strip().upper()
    if not is_currency(code):
        raise ValidationError({field: _("Enter an ISO 4217 currency code, e.g. RUB.")})
    return code


def enter_rate(*, by: Any, currency: str, into: str, rate: Any, on: date) -> ExchangeRate:
    """The operator's rate: one ``currency`` is worth ``rate`` ``into`` on ``on``. Entering the
    same pair and day again corrects it."""
    require(policies.can_enter_rates(by), _("Only the operator enters exchange rates."))
    code, target = _currency("currency", currency), _currency("into", into)
    if code == target:
        raise ValidationError({"into": _("Choose two different currencies.")})
    try:
        value = Decimal(str(rate))
    except InvalidOperation:
        raise ValidationError({"rate": _("Enter a number.")}) from None
    if not value.is_finite() or value <= 0:
        raise ValidationError({"rate": _("Enter a rate above zero.")})
    value = value.quantize(Decimal("0.00000001"))
    if value.adjusted() >= 12:
        raise ValidationError({"rate": _("The rate is too large.")})
    if not isinstance(on, date) or on > clock.today():
        raise ValidationError({"on": _("Enter a date that is not in the future.")})
    try:
        with transaction.atomic():
            entered, _created = ExchangeRate.objects.update_or_create(
                currency=code,
                into=target,
                on=on,
                defaults={"rate": value, "entered_by": by, "entered_at": clock.now()},
            )
            audit.record(
                "rate.entered",
                actor=by,
                target=entered,
                data={"currency": code, "into": target, "rate": str(value), "on": on.isoformat()},
            )
    except IntegrityError:  # a concurrent entry of the same pair and day
        raise ValidationError({"on": _("A rate for this day was just entered.")}) from None
    return entered
