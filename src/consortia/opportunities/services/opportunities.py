"""Publishing opportunities: the description, benefits, window, rules, form and rubric."""

import zoneinfo
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from consortia.core import audit, search
from consortia.core.permissions import require
from consortia.directory.models import Organisation, OrganisationKind, StartupStage, Topic
from consortia.directory.services.validation import (
    clean_fields,
    invalid,
    optional_money,
    require_countries,
    require_language,
    require_text,
    require_time_zone,
    require_topics,
)

from .. import notifications, policies
from ..models import (
    Criterion,
    FieldKind,
    FormField,
    Opportunity,
    OpportunityKind,
    OpportunityStatus,
    PilotSite,
)


def _count(field: str) -> Any:
    def check(value: Any) -> int | None:
        if value in (None, ""):
            return None
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            invalid(field, _("Enter a whole number of zero or more."))
        return value

    return check


def _year(field: str) -> Any:
    def check(value: Any) -> int | None:
        if value in (None, ""):
            return None
        if not isinstance(value, int) or not 1800 <= value <= 2100:
            invalid(field, _("Enter a year."))
        return value

    return check


def _aware(field: str) -> Any:
    def check(value: Any) -> datetime | None:
        if value in (None, ""):
            return None
        if not isinstance(value, datetime) or value.tzinfo is None:
            invalid(field, _("Enter a date and time."))
        return value

    return check


def _codes(field: str, allowed: Sequence[str]) -> Any:
    def check(values: Any) -> list[str]:
        values = list(dict.fromkeys(values or []))
        unknown = [v for v in values if v not in allowed]
        if unknown:
            invalid(field, _("Unknown values: %(codes)s.") % {"codes": ", ".join(unknown)})
        return values

    return check


_CHECKS = {
    "kind": lambda v: (
        v if v in OpportunityKind.values else invalid("kind", _("Unknown kind of opportunity."))
    ),
    "title": lambda v: require_text("title", v, max_length=300),
    "description": lambda v: require_text("description", v, max_length=20_000),
    "language": lambda v: require_language("language", v),
    "topics": lambda v: require_topics("topics", v),
    "opens_at": _aware("opens_at"),
    "closes_at": _aware("closes_at"),
    "time_zone": lambda v: require_time_zone("time_zone", v or "UTC"),
    "capacity": _count("capacity"),
    "nda_text": lambda v: (v or "").strip(),
    "desks": _count("desks"),
    "housing_places": _count("housing_places"),
    "stay_days": _count("stay_days"),
    "eligible_countries": lambda v: require_countries("eligible_countries", v or []),
    "eligible_kinds": _codes("eligible_kinds", OrganisationKind.values),
    "eligible_stages": _codes("eligible_stages", StartupStage.values),
    "eligible_topics": lambda v: require_topics("eligible_topics", v or []),
    "founded_from_year": _year("founded_from_year"),
    "founded_until_year": _year("founded_until_year"),
    "verified_only": lambda v: bool(v),
}
_MANY = ("topics", "eligible_countries", "eligible_topics")
_MONEY = ("grant", "ticket_min", "ticket_max")


def _clean(values: dict[str, Any], money: dict[str, Any]) -> dict[str, Any]:
    cleaned = clean_fields(values, _CHECKS, kind="opportunity")
    opens, closes = cleaned.get("opens_at"), cleaned.get("closes_at")
    if opens and closes and closes <= opens:
        raise ValidationError({"closes_at": _("Applications close before they open.")})
    low, high = cleaned.get("founded_from_year"), cleaned.get("founded_until_year")
    if low and high and high < low:
        raise ValidationError({"founded_until_year": _("The years are the wrong way round.")})
    for prefix in _MONEY:
        amount, currency = optional_money(
            money.get(f"{prefix}_amount"),
            money.get(f"{prefix}_currency", ""),
            amount_field=f"{prefix}_amount",
            currency_field=f"{prefix}_currency",
        )
        cleaned[f"{prefix}_amount"], cleaned[f"{prefix}_currency"] = amount, currency
    low_ticket, high_ticket = cleaned["ticket_min_amount"], cleaned["ticket_max_amount"]
    if (
        low_ticket is not None
        and high_ticket is not None
        and cleaned["ticket_min_currency"] == cleaned["ticket_max_currency"]
        and high_ticket < low_ticket
    ):
        raise ValidationError({"ticket_max_amount": _("The largest ticket is below the smallest.")})
    return cleaned


def _document(opportunity: Opportunity, topics: Sequence[Topic]) -> str:
    return search.build_document(
        opportunity.title,
        opportunity.description,
        opportunity.owner.name,
        [t.label_en for t in topics] + [t.label_ru for t in topics] + [t.label_zh for t in topics],
    )


def create_opportunity(
    *,
    by: Any,
    owner: Organisation,
    pilot_site: PilotSite | None = None,
    **values: Any,
) -> Opportunity:
    """A draft opportunity of ``owner``. ``values``: the fields of ``_CHECKS`` and the money
    pairs ``grant_*``, ``ticket_min_*``, ``ticket_max_*`` (``*_amount``, ``*_currency``)."""
    require(
        policies.can_publish_for(by, owner),
        _("Only the owner's admins or the operator publish its opportunities."),
    )
    money = {k: values.pop(k) for k in list(values) if k.startswith(_MONEY)}
    values.setdefault("verified_only", True)
    cleaned = _clean(values, money)
    if pilot_site is not None and pilot_site.owner_id != owner.pk:
        raise ValidationError({"pilot_site": _("Choose one of the owner's pilot sites.")})
    many = {field: cleaned.pop(field, []) for field in _MANY}
    with transaction.atomic():
        opportunity = Opportunity.objects.create(
            owner=owner, pilot_site=pilot_site, created_by=by, **cleaned
        )
        for field, objects in many.items():
            getattr(opportunity, field).set(objects)
        opportunity.search_document = _document(opportunity, many["topics"])
        opportunity.save(update_fields=["search_document"])
        audit.record(
            "opportunity.created",
            actor=by,
            target=opportunity,
            organisation_id=owner.pk,
            data={"kind": opportunity.kind},
        )
    return opportunity


def _require_manage(opportunity: Opportunity, by: Any) -> None:
    require(
        policies.can_manage(by, opportunity),
        _("Only the owner's admins or the operator manage this opportunity."),
    )


def _current(opportunity: Opportunity) -> tuple[dict[str, Any], dict[str, Any]]:
    """The opportunity's values as ``create_opportunity`` takes them."""
    values = {field: getattr(opportunity, field) for field in _CHECKS if field not in _MANY} | {
        "topics": list(opportunity.topics.all()),
        "eligible_countries": list(opportunity.eligible_countries.all()),
        "eligible_topics": list(opportunity.eligible_topics.all()),
    }
    money = {
        f"{prefix}_{part}": getattr(opportunity, f"{prefix}_{part}")
        for prefix in _MONEY
        for part in ("amount", "currency")
    }
    return values, money


def update_opportunity(
    opportunity: Opportunity, *, by: Any, pilot_site: Any = ..., **changes: Any
) -> Opportunity:
    """Change what was published, while it still takes applications (draft or published).

    Only the given fields change; every field is checked again together with the rest, so a new
    closing time before the opening one is refused. Applications already submitted keep their
    answers; a changed window or rule applies to what is submitted from now on."""
    _require_manage(opportunity, by)
    if opportunity.status == OpportunityStatus.CLOSED:
        raise ValidationError({"status": _("A closed opportunity is not changed any more.")})
    values, money = _current(opportunity)
    for field, value in changes.items():
        if field.startswith(_MONEY):
            if field not in money:
                raise TypeError(f"{field} is not an editable opportunity field")
            money[field] = value
        else:
            values[field] = value
    if values["kind"] != opportunity.kind:
        raise ValidationError({"kind": _("The kind of an opportunity does not change.")})
    cleaned = _clean(values, money)
    site = opportunity.pilot_site if pilot_site is ... else pilot_site
    if site is not None and site.owner_id != opportunity.owner_id:
        raise ValidationError({"pilot_site": _("Choose one of the owner's pilot sites.")})
    many = {field: cleaned.pop(field, []) for field in _MANY}
    with transaction.atomic():
        current = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
        if current.status == OpportunityStatus.CLOSED:
            raise ValidationError({"status": _("A closed opportunity is not changed any more.")})
        for field, value in cleaned.items():
            setattr(current, field, value)
        current.pilot_site = site
        for field, objects in many.items():
            getattr(current, field).set(objects)
        current.search_document = _document(current, many["topics"])
        current.save()
        audit.record(
            "opportunity.updated",
            actor=by,
            target=current,
            organisation_id=current.owner_id,
            data={"fields": sorted(changes) + (["pilot_site"] if pilot_site is not ... else [])},
        )
    opportunity.refresh_from_db()
    return opportunity


def _move(opportunity: Opportunity, *, by: Any, allowed: set[str], to: str) -> Opportunity:
    _require_manage(opportunity, by)
    with transaction.atomic():
        current = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
        if current.status not in allowed:
            raise ValidationError(
                {
                    "status": _("An opportunity that is %(status)s cannot become %(target)s.")
                    % {
                        "status": OpportunityStatus(current.status).label,
                        "target": OpportunityStatus(to).label,
                    }
                }
            )
        current.status = to
        current.save(update_fields=["status"])
        audit.record(f"opportunity.{to}", actor=by, target=current)
        if to == OpportunityStatus.CLOSED:
            notifications.opportunity_closed(current, by=by)
    opportunity.refresh_from_db()
    return opportunity


def publish_opportunity(opportunity: Opportunity, *, by: Any) -> Opportunity:
    """Draft → published, once it says when applications close."""
    _require_manage(opportunity, by)
    if opportunity.closes_at is None:
        raise ValidationError({"closes_at": _("Say when applications close.")})
    return _move(
        opportunity, by=by, allowed={OpportunityStatus.DRAFT}, to=OpportunityStatus.PUBLISHED
    )


def close_opportunity(opportunity: Opportunity, *, by: Any) -> Opportunity:
    return _move(
        opportunity, by=by, allowed={OpportunityStatus.PUBLISHED}, to=OpportunityStatus.CLOSED
    )


def local_window(opportunity: Opportunity) -> tuple[datetime | None, datetime | None]:
    """The window in the owner's time zone, as the owner entered it."""
    zone = zoneinfo.ZoneInfo(opportunity.time_zone)
    return (
        opportunity.opens_at.astimezone(zone) if opportunity.opens_at else None,
        opportunity.closes_at.astimezone(zone) if opportunity.closes_at else None,
    )


def add_form_field(
    opportunity: Opportunity,
    *,
    by: Any,
    label: str,
    kind: str,
    required: bool = True,
    choices: Sequence[str] = (),
    help_text: str = "",
) -> FormField:
    _require_manage(opportunity, by)
    label = require_text("label", label, max_length=300)
    if kind not in FieldKind.values:
        raise ValidationError({"kind": _("Unknown kind of answer.")})
    options = [c.strip() for c in choices if c and c.strip()]
    if kind == FieldKind.CHOICE and len(options) < 2:
        raise ValidationError({"choices": _("Give at least two choices.")})
    if kind != FieldKind.CHOICE and options:
        raise ValidationError({"choices": _("Only a choice question has choices.")})
    with transaction.atomic():
        position = (opportunity.fields.aggregate(last=Max("position"))["last"] or 0) + 1
        field = FormField.objects.create(
            opportunity=opportunity,
            label=label,
            kind=kind,
            required=bool(required),
            choices=options,
            help_text=(help_text or "").strip()[:500],
            position=position,
        )
        audit.record("opportunity.field_added", actor=by, target=opportunity, data={"label": label})
    return field


def add_criterion(
    opportunity: Opportunity, *, by: Any, name: str, weight: Any, scale: int = 5
) -> Criterion:
    _require_manage(opportunity, by)
    name = require_text("name", name, max_length=200)
    try:
        value = Decimal(str(weight))
    except InvalidOperation:
        raise ValidationError({"weight": _("Enter a number.")}) from None
    if not value.is_finite() or value <= 0 or value >= 10_000:
        raise ValidationError({"weight": _("Enter a weight above zero.")})
    if not isinstance(scale, int) or not 1 <= scale <= 100:
        raise ValidationError({"scale": _("Enter a highest score from 1 to 100.")})
    with transaction.atomic():
        position = (opportunity.criteria.aggregate(last=Max("position"))["last"] or 0) + 1
        criterion = Criterion.objects.create(
            opportunity=opportunity,
            name=name,
            weight=value.quantize(Decimal("0.01")),
            scale=scale,
            position=position,
        )
        audit.record(
            "opportunity.criterion_added", actor=by, target=opportunity, data={"name": name}
        )
    return criterion


def remove_form_field(field: FormField, *, by: Any) -> None:
    """Take a question off the form while nobody has answered it (answers are never dropped)."""
    _require_manage(field.opportunity, by)
    with transaction.atomic():
        if field.answers.exists():
            raise ValidationError(
                {"field": _("Applicants have answered this question; it stays on the form.")}
            )
        audit.record(
            "opportunity.field_removed",
            actor=by,
            target=field.opportunity,
            data={"label": field.label},
        )
        field.delete()


def remove_criterion(criterion: Criterion, *, by: Any) -> None:
    """Take a criterion off the rubric while no reviewer has scored it (scores are never
    dropped, so the ranking never changes behind the reviewers' backs)."""
    _require_manage(criterion.opportunity, by)
    with transaction.atomic():
        if criterion.scores.exists():
            raise ValidationError(
                {"criterion": _("Reviewers have scored this criterion; it stays in the rubric.")}
            )
        audit.record(
            "opportunity.criterion_removed",
            actor=by,
            target=criterion.opportunity,
            data={"name": criterion.name},
        )
        criterion.delete()
