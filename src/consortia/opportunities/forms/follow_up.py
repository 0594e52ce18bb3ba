"""Forms of what follows an accepted application: the engagement, its result, a grant's
tranches and a residency's booking."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from consortia.core import clock
from consortia.core.forms import DATE, money_from

from ..models import (
    Engagement,
    Opportunity,
    PilotSite,
)
from ..services import booked_on
from .publishing import TEXTAREA, SiteChoice


class EngagementForm(forms.Form):
    """``start_engagement``: dates, plan, KPIs, the pilot site and, for a grant, the amount."""

    starts_on = forms.DateField(label=_("Starts on"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=DATE)
    site = SiteChoice(label=_("Pilot site"), required=False, queryset=PilotSite.objects.none())
    plan = forms.CharField(label=_("Plan"), required=False, widget=TEXTAREA)
    kpis = forms.CharField(label=_("Key performance indicators"), required=False, widget=TEXTAREA)
    grant = forms.DecimalField(
        label=_("Grant awarded"),
        required=False,
        min_value=0,
        max_digits=20,
        decimal_places=2,
        help_text=_("Blank: the amount the opportunity offers."),
    )
    grant_currency = forms.CharField(label=_("Currency"), required=False, max_length=3)

    def __init__(self, *args: Any, sites: QuerySet[PilotSite], grant: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        site_field: Any = self.fields["site"]
        site_field.queryset = sites.select_related("owner")
        if not grant:
            del self.fields["grant"], self.fields["grant_currency"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.money = (
            money_from(self, "grant", "grant_currency", "grant") if "grant" in self.fields else {}
        )
        return cleaned

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        arguments = {name: data[name] for name in ("starts_on", "ends_on", "site", "plan", "kpis")}
        return arguments | {k: v for k, v in self.money.items() if v is not None}


class ResultForm(forms.Form):
    """``record_result``: what came of it."""

    result = forms.CharField(label=_("Result"), widget=TEXTAREA)
    contract_value = forms.DecimalField(
        label=_("Value of the contract signed"),
        required=False,
        min_value=0,
        max_digits=20,
        decimal_places=2,
    )
    contract_currency = forms.CharField(label=_("Currency"), required=False, max_length=3)
    investment_value = forms.DecimalField(
        label=_("Investment made"), required=False, min_value=0, max_digits=20, decimal_places=2
    )
    investment_currency = forms.CharField(label=_("Currency"), required=False, max_length=3)
    instrument = forms.CharField(
        label=_("Instrument"),
        required=False,
        max_length=100,
        help_text=_("For example: equity, convertible note, SAFE."),
    )
    report = forms.CharField(label=_("Report"), required=False, widget=TEXTAREA)

    @staticmethod
    def initial_for(engagement: Engagement) -> dict[str, Any]:
        return {
            "result": engagement.result,
            "contract_value": engagement.contract_amount,
            "contract_currency": engagement.contract_currency,
            "investment_value": engagement.investment_amount,
            "investment_currency": engagement.investment_currency,
            "instrument": engagement.instrument,
            "report": engagement.report,
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.money = {
            **money_from(self, "contract_value", "contract_currency", "contract_value"),
            **money_from(self, "investment_value", "investment_currency", "investment"),
        }
        return cleaned

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {name: data[name] for name in ("result", "instrument", "report")} | self.money


class TrancheForm(forms.Form):
    """``add_tranche``: a part of the grant, due and perhaps paid."""

    amount = forms.DecimalField(label=_("Amount"), max_digits=20, decimal_places=2)
    currency = forms.CharField(label=_("Currency"), max_length=3)
    due_on = forms.DateField(label=_("Due on"), widget=DATE)
    paid_on = forms.DateField(label=_("Paid on"), required=False, widget=DATE)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.money = money_from(self, "amount", "currency", "amount")
        return cleaned

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"due_on": data["due_on"], "paid_on": data["paid_on"]} | self.money


class _OfferChoice(forms.ModelChoiceField):
    """A soft-landing offer with what is free on the day shown."""

    def label_from_instance(self, obj: Any) -> str:
        booked = booked_on(obj, clock.today())
        return _(
            "%(title)s — free today: %(desks)d of %(all_desks)d desks, "
            "%(housing)d of %(all_housing)d housing places"
        ) % {
            "title": obj.title,
            "desks": max((obj.desks or 0) - booked["desks"], 0),
            "all_desks": obj.desks or 0,
            "housing": max((obj.housing_places or 0) - booked["housing"], 0),
            "all_housing": obj.housing_places or 0,
        }


class BookingForm(forms.Form):
    """``book_residency``: desks and housing places at one of the host's soft-landing offers."""

    offer = _OfferChoice(label=_("Soft-landing offer"), queryset=Opportunity.objects.none())
    starts_on = forms.DateField(label=_("First day"), widget=DATE)
    ends_on = forms.DateField(
        label=_("Last day"),
        required=False,
        widget=DATE,
        help_text=_("Blank: the offer's length of stay."),
    )
    desks = forms.IntegerField(label=_("Desks"), min_value=0, initial=1)
    housing = forms.IntegerField(label=_("Housing places"), min_value=0, initial=0)

    def __init__(self, *args: Any, offers: QuerySet[Opportunity], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_field: Any = self.fields["offer"]
        offer_field.queryset = offers
