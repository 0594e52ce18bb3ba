"""What follows acceptance: a pilot, a residency with desks and housing booked, a grant paid in
tranches, an investment — and its result."""

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from consortia.core import audit
from consortia.core.money import Money
from consortia.core.permissions import require
from consortia.directory.services.validation import optional_money

from .. import notifications, policies
from ..models import (
    Application,
    ApplicationStatus,
    Booking,
    Engagement,
    EngagementKind,
    Opportunity,
    OpportunityKind,
    PilotSite,
    Tranche,
)

_FOLLOWS = {
    OpportunityKind.PILOT_REQUEST: EngagementKind.PILOT,
    OpportunityKind.CHALLENGE: EngagementKind.PILOT,
    OpportunityKind.PROGRAMME: EngagementKind.RESIDENCY,
    OpportunityKind.SOFT_LANDING: EngagementKind.RESIDENCY,
    OpportunityKind.GRANT: EngagementKind.GRANT,
    OpportunityKind.INVESTMENT_CALL: EngagementKind.INVESTMENT,
}


def _require_manage(opportunity: Opportunity, by: Any) -> None:
    require(
        policies.can_manage(by, opportunity),
        _("Only the owner's admins or the operator record what follows."),
    )


def _dates(starts_on: date | None, ends_on: date | None) -> None:
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": _("It ends before it starts.")})


def start_engagement(
    application: Application,
    *,
    by: Any,
    starts_on: date | None = None,
    ends_on: date | None = None,
    plan: str = "",
    kpis: str = "",
    site: PilotSite | None = None,
    grant: Money | None = None,
) -> Engagement:
    """The engagement of an accepted application; its kind follows the opportunity's. A grant
    is awarded for ``grant`` or, when none is given, the amount the opportunity offers."""
    opportunity = application.opportunity
    _require_manage(opportunity, by)
    if application.status != ApplicationStatus.ACCEPTED:
        raise ValidationError({"status": _("Only an accepted application is followed up.")})
    _dates(starts_on, ends_on)
    kind = _FOLLOWS[OpportunityKind(opportunity.kind)]
    if site is not None and site.owner_id != opportunity.owner_id:
        raise ValidationError({"site": _("Choose one of the owner's pilot sites.")})
    if grant is not None and kind != EngagementKind.GRANT:
        raise ValidationError({"grant": _("Only a grant has a grant amount.")})
    grant_amount, grant_currency = None, ""
    if kind == EngagementKind.GRANT:
        if grant is None and opportunity.grant_amount is not None:
            grant = Money(opportunity.grant_amount, opportunity.grant_currency)
        grant_amount, grant_currency = optional_money(
            grant.amount if grant else None,
            grant.currency if grant else "",
            amount_field="grant",
            currency_field="grant",
        )
        if grant_amount is not None and grant_amount <= 0:
            raise ValidationError({"grant": _("Enter an amount above zero.")})
    try:
        with transaction.atomic():
            engagement = Engagement.objects.create(
                application=application,
                kind=kind,
                starts_on=starts_on,
                ends_on=ends_on,
                plan=(plan or "").strip(),
                kpis=(kpis or "").strip(),
                site=site or opportunity.pilot_site,
                grant_amount=grant_amount,
                grant_currency=grant_currency,
            )
            audit.record(
                "engagement.started",
                actor=by,
                target=engagement,
                organisation_id=application.applicant_id,
                data={"kind": engagement.kind},
            )
            notifications.engagement_updated(engagement, by=by, event="started")
    except IntegrityError:
        raise ValidationError({"application": _("It is already followed up.")}) from None
    return engagement


def record_result(
    engagement: Engagement,
    *,
    by: Any,
    result: str,
    contract_value: Money | None = None,
    investment: Money | None = None,
    instrument: str = "",
    report: str = "",
) -> Engagement:
    """What came of it: the result, a contract signed and its value, an investment made."""
    _require_manage(engagement.application.opportunity, by)
    fields: dict[str, Any] = {"result": (result or "").strip()}
    for prefix, money in (("contract", contract_value), ("investment", investment)):
        amount, currency = optional_money(
            money.amount if money else None,
            money.currency if money else "",
            amount_field=f"{prefix}_value",
            currency_field=f"{prefix}_value",
        )
        fields[f"{prefix}_amount"], fields[f"{prefix}_currency"] = amount, currency
    fields["instrument"] = (instrument or "").strip()[:100]
    fields["report"] = (report or "").strip()
    with transaction.atomic():
        for name, value in fields.items():
            setattr(engagement, name, value)
        engagement.save(update_fields=[*fields])
        audit.record(
            "engagement.result_recorded",
            actor=by,
            target=engagement,
            organisation_id=engagement.application.applicant_id,
            data={"contract": str(contract_value) if contract_value else ""},
        )
        notifications.engagement_updated(engagement, by=by, event="result")
    return engagement


def add_tranche(
    engagement: Engagement, *, by: Any, amount: Money, due_on: date, paid_on: date | None = None
) -> Tranche:
    _require_manage(engagement.application.opportunity, by)
    if engagement.kind != EngagementKind.GRANT:
        raise ValidationError({"kind": _("Only a grant is paid in tranches.")})
    if not isinstance(amount, Money) or amount.amount <= 0:
        raise ValidationError({"amount": _("Enter an amount above zero.")})
    with transaction.atomic():
        tranche = Tranche.objects.create(
            engagement=engagement,
            amount=amount.amount,
            currency=amount.currency,
            due_on=due_on,
            paid_on=paid_on,
        )
        audit.record(
            "engagement.tranche_added",
            actor=by,
            target=engagement,
            organisation_id=engagement.application.applicant_id,
            data={"amount": str(amount), "due_on": due_on.isoformat()},
        )
    return tranche


def _peak(offer: Opportunity, starts_on: date, ends_on: date) -> tuple[int, int]:
    """The most desks and housing places already booked on any one day of the period."""
    bookings = list(
        offer.bookings.filter(starts_on__lte=ends_on, ends_on__gte=starts_on).values(
            "starts_on", "ends_on", "desks", "housing"
        )
    )
    peak_desks = peak_housing = 0
    # The load only rises on a booking's first day: checking those days (and the period's
    # first) finds the peak without walking every day.
    days = {starts_on} | {b["starts_on"] for b in bookings if b["starts_on"] >= starts_on}
    for day in days:
        on_day = [b for b in bookings if b["starts_on"] <= day <= b["ends_on"]]
        peak_desks = max(peak_desks, sum(b["desks"] for b in on_day))
        peak_housing = max(peak_housing, sum(b["housing"] for b in on_day))
    return peak_desks, peak_housing


def book_residency(
    engagement: Engagement,
    *,
    by: Any,
    offer: Opportunity,
    starts_on: date,
    ends_on: date | None = None,
    desks: int = 1,
    housing: int = 0,
) -> Booking:
    """Hold desks and housing places of a soft-landing ``offer`` for the residency. Its host
    (the offer's owner) or the operator books; the offer's capacity is never exceeded on any
    day, however many hosts approve at once (the offer row is locked while checking)."""
    require(
        policies.can_manage(by, offer),
        _("Only the host's admins or the operator book its desks and housing."),
    )
    if engagement.kind != EngagementKind.RESIDENCY:
        raise ValidationError({"kind": _("Only a residency books desks and housing.")})
    if offer.kind != OpportunityKind.SOFT_LANDING:
        raise ValidationError({"offer": _("Book at a soft-landing offer.")})
    if ends_on is None:
        ends_on = starts_on + timedelta(days=max((offer.stay_days or 1) - 1, 0))
    _dates(starts_on, ends_on)
    for name, value in (("desks", desks), ("housing", housing)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ValidationError({name: _("Enter a whole number of zero or more.")})
    if desks == 0 and housing == 0:
        raise ValidationError({"desks": _("Book at least one desk or housing place.")})
    with transaction.atomic():
        locked = Opportunity.objects.select_for_update().get(pk=offer.pk)
        if Booking.objects.filter(engagement=engagement).exists():
            raise ValidationError({"engagement": _("This residency is already booked.")})
        peak_desks, peak_housing = _peak(locked, starts_on, ends_on)
        if desks and peak_desks + desks > (locked.desks or 0):
            raise ValidationError(
                {
                    "desks": _("Not enough desks free for these dates: %(free)d left.")
                    % {"free": max((locked.desks or 0) - peak_desks, 0)}
                }
            )
        if housing and peak_housing + housing > (locked.housing_places or 0):
            raise ValidationError(
                {
                    "housing": _("Not enough housing places free for these dates: %(free)d left.")
                    % {"free": max((locked.housing_places or 0) - peak_housing, 0)}
                }
            )
        booking = Booking.objects.create(
            engagement=engagement,
            offer=locked,
            starts_on=starts_on,
            ends_on=ends_on,
            desks=desks,
            housing=housing,
        )
        audit.record(
            "engagement.booked",
            actor=by,
            target=engagement,
            organisation_id=engagement.application.applicant_id,
            data={"offer": locked.pk, "desks": desks, "housing": housing},
        )
        notifications.engagement_updated(engagement, by=by, event="booked", booking=booking)
    return booking


def booked_on(offer: Opportunity, day: date) -> dict[str, int]:
    """Desks and housing places of ``offer`` held on ``day``."""
    totals = offer.bookings.filter(Q(starts_on__lte=day) & Q(ends_on__gte=day)).aggregate(
        desks=Sum("desks"), housing=Sum("housing")
    )
    return {"desks": totals["desks"] or 0, "housing": totals["housing"] or 0}
