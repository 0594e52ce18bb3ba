"""Forms parse and display; the services validate again and do the writing."""

import functools
import zoneinfo
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consortia.accounts.models import User
from consortia.core import clock
from consortia.core.forms import DATE, money_from
from consortia.core.multilingual import CONTENT_LANGUAGES
from consortia.directory.forms import country_choices, topic_choices
from consortia.directory.models import Organisation, OrganisationKind, StartupStage

from .models import (
    Answer,
    Criterion,
    Engagement,
    FieldKind,
    FormField,
    Opportunity,
    OpportunityKind,
    PilotSite,
)
from .selectors import OpportunityFilters, PilotSiteFilters
from .services import booked_on, local_window


class OpportunityFilterForm(forms.Form):
    """Filters of the opportunity list; unknown values are errors, not silently ignored."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any")), *OpportunityKind.choices]
    )
    topic = forms.ChoiceField(label=_("Area"), required=False)
    country = forms.ChoiceField(label=_("Country of the owner"), required=False)
    open = forms.BooleanField(label=_("Open now"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("Any")), *country_choices()]
        self.fields["topic"].choices = [("", _("Any")), *topic_choices()]

    def filters(self) -> OpportunityFilters:
        data = self.cleaned_data
        return OpportunityFilters(
            q=data["q"].strip(),
            kind=data["kind"],
            topic=data["topic"],
            country=data["country"],
            open_now=bool(data["open"]),
        )


class _OrganisationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class ApplyForm(forms.Form):
    """Which of the user's organisations applies, and the non-disclosure terms if any."""

    applicant = _OrganisationChoice(label=_("Apply as"), queryset=Organisation.objects.none())
    accept_nda = forms.BooleanField(label=_("I accept the non-disclosure terms"), required=False)

    def __init__(
        self, *args: Any, organisations: Iterable[Organisation], nda: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        ids = [organisation.pk for organisation in organisations]
        self.fields["applicant"].queryset = Organisation.objects.filter(pk__in=ids).order_by("name")
        if len(ids) == 1:
            self.fields["applicant"].initial = ids[0]
            self.fields["applicant"].widget = forms.HiddenInput()
        if not nda:
            del self.fields["accept_nda"]


def _name(field: FormField) -> str:
    return f"field_{field.pk}"


class ApplicationForm(forms.Form):
    """The owner's questions, one form field each (money: amount and currency). Every field is
    optional here: a draft may be partial; submission checks the required answers."""

    def __init__(
        self, *args: Any, questions: list[FormField], answers: list[Answer], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        given = {answer.field_id: answer for answer in answers}
        for question in questions:
            answer = given.get(question.pk)
            label = f"{question.label}{' *' if question.required else ''}"
            name = _name(question)
            common = {"label": label, "required": False, "help_text": question.help_text}
            if question.kind == FieldKind.TEXT:
                self.fields[name] = forms.CharField(max_length=300, **common)
            elif question.kind == FieldKind.LONG_TEXT:
                self.fields[name] = forms.CharField(widget=forms.Textarea, **common)
            elif question.kind == FieldKind.CHOICE:
                self.fields[name] = forms.ChoiceField(
                    choices=[("", "—"), *[(c, c) for c in question.choices]], **common
                )
            elif question.kind in (FieldKind.NUMBER, FieldKind.MONEY):
                self.fields[name] = forms.DecimalField(**common)
            else:
                self.fields[name] = forms.FileField(**common)
            if question.kind == FieldKind.MONEY:
                self.fields[f"{name}_currency"] = forms.CharField(
                    label=_("Currency"), required=False, max_length=3
                )
            if answer is None:
                continue
            if question.kind in (FieldKind.NUMBER, FieldKind.MONEY):
                self.initial[name] = answer.number
                self.initial[f"{name}_currency"] = answer.currency
            elif question.kind != FieldKind.FILE:
                self.initial[name] = answer.text

    def values(self) -> dict[int, Any]:
        """The answers as ``save_answers`` takes them (money as ``(amount, currency)``)."""
        data = self.cleaned_data
        values: dict[int, Any] = {}
        for question in self.questions:
            name = _name(question)
            if question.kind == FieldKind.FILE:
                continue
            if question.kind == FieldKind.MONEY:
                values[question.pk] = (data[name], data[f"{name}_currency"])
            else:
                values[question.pk] = data[name]
        return values

    def files_given(self) -> dict[int, Any]:
        return {
            question.pk: self.cleaned_data[_name(question)]
            for question in self.questions
            if question.kind == FieldKind.FILE and self.cleaned_data.get(_name(question))
        }


class ScoreForm(forms.Form):
    """A reviewer's score and comment for every criterion."""

    def __init__(self, *args: Any, criteria: list[Criterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.IntegerField(
                label=_("%(name)s (0–%(max)d, weight %(weight)s)")
                % {"name": criterion.name, "max": criterion.scale, "weight": criterion.weight},
                min_value=0,
                max_value=criterion.scale,
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
            )

    def scores(self) -> dict[Criterion, tuple[int, str]]:
        data = self.cleaned_data
        return {
            criterion: (data[f"criterion_{criterion.pk}"], data[f"comment_{criterion.pk}"])
            for criterion in self.criteria
        }


class DecisionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason given to the applicant"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# The owner's side: publishing, the set-up page, and what follows acceptance.


@functools.cache
def _time_zones() -> list[tuple[str, str]]:
    zones = sorted(z for z in zoneinfo.available_timezones() if "/" in z and "Etc/" not in z)
    return [("UTC", "UTC"), *[(zone, zone.replace("_", " ")) for zone in zones]]


class WallClockField(forms.DateTimeField):
    """A date and time as a clock on the wall shows it, without a zone: the form places it in the
    time zone chosen beside it (the viewer's own time zone plays no part)."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def to_python(self, value: Any) -> datetime | None:
        with timezone.override(UTC):
            parsed = super().to_python(value)
        return timezone.make_naive(parsed, UTC) if parsed else None


class _SiteChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} — {obj.owner.name}"


_WINDOW = ("opens_at", "closes_at", "time_zone")
_TEXTAREA = forms.Textarea(attrs={"rows": 3})
_SELECT_MANY = forms.SelectMultiple(attrs={"size": 6})


class OpportunityForm(forms.Form):
    """What ``create_opportunity`` and ``update_opportunity`` take. The window is entered in the
    chosen time zone and handed on as aware datetimes in that zone."""

    owner = _OrganisationChoice(label=_("Published by"), queryset=Organisation.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=OpportunityKind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 6})
    )
    language = forms.ChoiceField(
        label=_("Language of the title and description"), choices=CONTENT_LANGUAGES
    )
    topics = forms.MultipleChoiceField(label=_("Areas"), required=False, widget=_SELECT_MANY)
    time_zone = forms.ChoiceField(label=_("Time zone of the window"))
    opens_at = WallClockField(
        label=_("Applications open"), required=False, help_text=_("Blank: open at once.")
    )
    closes_at = WallClockField(
        label=_("Applications close"), required=False, help_text=_("Needed to publish.")
    )
    capacity = forms.IntegerField(
        label=_("Places"),
        required=False,
        min_value=0,
        help_text=_("How many applicants can be accepted."),
    )
    nda_text = forms.CharField(
        label=_("Non-disclosure terms"),
        required=False,
        widget=_TEXTAREA,
        help_text=_("If given, applicants accept it before they apply."),
    )
    # Benefits, by kind
    grant_amount = forms.DecimalField(
        label=_("Grant amount"), required=False, min_value=0, max_digits=20, decimal_places=2
    )
    grant_currency = forms.CharField(label=_("Grant currency"), required=False, max_length=3)
    desks = forms.IntegerField(label=_("Desks (24/7 access)"), required=False, min_value=0)
    housing_places = forms.IntegerField(label=_("Housing places"), required=False, min_value=0)
    stay_days = forms.IntegerField(label=_("Length of stay in days"), required=False, min_value=0)
    pilot_site = _SiteChoice(
        label=_("Pilot site"), required=False, queryset=PilotSite.objects.none()
    )
    ticket_min_amount = forms.DecimalField(
        label=_("Smallest ticket"), required=False, min_value=0, max_digits=20, decimal_places=2
    )
    ticket_min_currency = forms.CharField(label=_("Currency"), required=False, max_length=3)
    ticket_max_amount = forms.DecimalField(
        label=_("Largest ticket"), required=False, min_value=0, max_digits=20, decimal_places=2
    )
    ticket_max_currency = forms.CharField(label=_("Currency"), required=False, max_length=3)
    # Who may apply; empty means any
    eligible_countries = forms.MultipleChoiceField(
        label=_("Countries"), required=False, widget=_SELECT_MANY
    )
    eligible_kinds = forms.MultipleChoiceField(
        label=_("Kinds of organisation"),
        required=False,
        choices=OrganisationKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    eligible_stages = forms.MultipleChoiceField(
        label=_("Startup stages"),
        required=False,
        choices=StartupStage.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    eligible_topics = forms.MultipleChoiceField(
        label=_("Areas"), required=False, widget=_SELECT_MANY
    )
    founded_from_year = forms.IntegerField(label=_("Founded in or after"), required=False)
    founded_until_year = forms.IntegerField(label=_("Founded in or before"), required=False)
    verified_only = forms.BooleanField(
        label=_("Verified members only"), required=False, initial=True
    )

    # Fieldsets of rows; the fields of a row stand side by side on a wide screen.
    SECTIONS = (
        (
            _("The opportunity"),
            (("owner", "kind"), ("title",), ("description",), ("language", "topics")),
        ),
        (
            _("Window and places"),
            (("time_zone", "opens_at", "closes_at"), ("capacity",), ("nda_text",)),
        ),
        (_("Grant (grants and support measures)"), (("grant_amount", "grant_currency"),)),
        (
            _("Residency (programmes and soft landing)"),
            (("desks", "housing_places", "stay_days"),),
        ),
        (_("Pilot (pilot requests and challenges)"), (("pilot_site",),)),
        (
            _("Investment ticket (investment calls)"),
            (
                ("ticket_min_amount", "ticket_min_currency"),
                ("ticket_max_amount", "ticket_max_currency"),
            ),
        ),
        (
            _("Who may apply (empty: anyone)"),
            (
                ("eligible_countries", "eligible_topics"),
                ("eligible_kinds", "eligible_stages"),
                ("founded_from_year", "founded_until_year"),
                ("verified_only",),
            ),
        ),
    )

    def __init__(
        self,
        *args: Any,
        owners: QuerySet[Organisation] | None = None,
        sites: QuerySet[PilotSite],
        opportunity: Opportunity | None = None,
        **kwargs: Any,
    ) -> None:
        if opportunity is not None:
            kwargs.setdefault("initial", self.initial_for(opportunity))
        super().__init__(*args, **kwargs)
        self.opportunity = opportunity
        topics, countries = topic_choices(), country_choices()
        self.fields["topics"].choices = topics
        self.fields["eligible_topics"].choices = topics
        self.fields["eligible_countries"].choices = countries
        self.fields["time_zone"].choices = _time_zones()
        site_field: Any = self.fields["pilot_site"]
        site_field.queryset = sites.select_related("owner")
        if opportunity is None:
            owner_field: Any = self.fields["owner"]
            owner_field.queryset = owners
            if owners is not None and len(owners[:2]) == 1:
                owner_field.initial = owners[0].pk
        else:
            del self.fields["owner"]
            self.fields["kind"].disabled = True

    def sections(self) -> list[tuple[Any, list[list[forms.BoundField]]]]:
        return [
            (title, [[self[name] for name in row if name in self.fields] for row in rows])
            for title, rows in self.SECTIONS
        ]

    @staticmethod
    def initial_for(opportunity: Opportunity) -> dict[str, Any]:
        opens, closes = local_window(opportunity)
        values = {
            name: getattr(opportunity, name)
            for name in (
                "kind",
                "title",
                "description",
                "language",
                "time_zone",
                "capacity",
                "nda_text",
                "grant_amount",
                "grant_currency",
                "desks",
                "housing_places",
                "stay_days",
                "pilot_site",
                "ticket_min_amount",
                "ticket_min_currency",
                "ticket_max_amount",
                "ticket_max_currency",
                "eligible_kinds",
                "eligible_stages",
                "founded_from_year",
                "founded_until_year",
                "verified_only",
            )
        }
        return values | {
            "opens_at": opens.replace(tzinfo=None) if opens else None,
            "closes_at": closes.replace(tzinfo=None) if closes else None,
            "topics": [t.code for t in opportunity.topics.all()],
            "eligible_topics": [t.code for t in opportunity.eligible_topics.all()],
            "eligible_countries": [c.code for c in opportunity.eligible_countries.all()],
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        zone = zoneinfo.ZoneInfo(cleaned.get("time_zone") or "UTC")
        for name in ("opens_at", "closes_at"):
            local = cleaned.get(name)
            if local is None:
                continue
            aware = local.replace(tzinfo=zone)
            if timezone.make_naive(aware.astimezone(UTC), zone) != local:
                self.add_error(name, _("The clocks skip this time in that time zone."))
            else:
                cleaned[name] = aware
        return cleaned

    def service_arguments(self) -> dict[str, Any]:
        """Everything, as ``create_opportunity`` takes it."""
        return {name: value for name, value in self.cleaned_data.items() if value is not None} | {
            "pilot_site": self.cleaned_data["pilot_site"]
        }

    def changes(self) -> dict[str, Any]:
        """Only what the person changed, as ``update_opportunity`` takes it; the window goes
        whole, since its times mean something else in another time zone."""
        names = set(self.changed_data)
        if names & set(_WINDOW):
            names |= set(_WINDOW)
        return {name: self.cleaned_data[name] for name in names}


class PilotSiteForm(forms.Form):
    """What ``create_pilot_site`` and ``update_pilot_site`` take."""

    owner = _OrganisationChoice(label=_("Offered by"), queryset=Organisation.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=PilotSite.Kind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    language = forms.ChoiceField(label=_("Language of the text"), choices=CONTENT_LANGUAGES)
    country = forms.ChoiceField(label=_("Country"))
    city = forms.CharField(label=_("City"), required=False, max_length=100)
    topics = forms.MultipleChoiceField(label=_("Areas"), required=False, widget=_SELECT_MANY)

    def __init__(
        self,
        *args: Any,
        owners: QuerySet[Organisation] | None = None,
        site: PilotSite | None = None,
        **kwargs: Any,
    ) -> None:
        if site is not None:
            kwargs.setdefault(
                "initial",
                {
                    "kind": site.kind,
                    "name": site.name,
                    "description": site.description,
                    "language": site.language,
                    "country": site.country_id,
                    "city": site.city,
                    "topics": [t.code for t in site.topics.all()],
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "—"), *country_choices()]
        self.fields["topics"].choices = topic_choices()
        if site is None:
            owner_field: Any = self.fields["owner"]
            owner_field.queryset = owners
        else:
            del self.fields["owner"]

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.changed_data}


class PilotSiteFilterForm(forms.Form):
    """Filters of the pilot-site registry; unknown values are errors."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    country = forms.ChoiceField(label=_("Country"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any")), *PilotSite.Kind.choices]
    )
    topic = forms.ChoiceField(label=_("Area"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("Any")), *country_choices()]
        self.fields["topic"].choices = [("", _("Any")), *topic_choices()]

    def filters(self) -> PilotSiteFilters:
        data = self.cleaned_data
        return PilotSiteFilters(
            q=data["q"].strip(), country=data["country"], kind=data["kind"], topic=data["topic"]
        )


class QuestionForm(forms.Form):
    """One question of the application form (``add_form_field``)."""

    label = forms.CharField(label=_("Question"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind of answer"), choices=FieldKind.choices)
    required = forms.BooleanField(label=_("Required"), required=False, initial=True)
    choices = forms.CharField(
        label=_("Choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For a choice question: one choice per line."),
    )
    help_text = forms.CharField(label=_("Help text"), required=False, max_length=500)

    def service_arguments(self) -> dict[str, Any]:
        return self.cleaned_data | {"choices": self.cleaned_data["choices"].splitlines()}


class CriterionForm(forms.Form):
    """One line of the rubric (``add_criterion``)."""

    name = forms.CharField(label=_("Criterion"), max_length=200)
    weight = forms.DecimalField(label=_("Weight"), max_digits=6, decimal_places=2, initial=1)
    scale = forms.IntegerField(label=_("Highest score"), min_value=1, max_value=100, initial=5)


class ReviewerForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail of the reviewer"), help_text=_("Someone who already has an account.")
    )

    def clean_email(self) -> Any:
        user = User.objects.filter(email__iexact=self.cleaned_data["email"], is_active=True).first()
        if user is None:
            raise ValidationError(_("Nobody has an account with this e-mail."))
        return user

    def service_arguments(self) -> dict[str, Any]:
        return {"user": self.cleaned_data["email"]}


class EngagementForm(forms.Form):
    """``start_engagement``: dates, plan, KPIs, the pilot site and, for a grant, the amount."""

    starts_on = forms.DateField(label=_("Starts on"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=DATE)
    site = _SiteChoice(label=_("Pilot site"), required=False, queryset=PilotSite.objects.none())
    plan = forms.CharField(label=_("Plan"), required=False, widget=_TEXTAREA)
    kpis = forms.CharField(label=_("Key performance indicators"), required=False, widget=_TEXTAREA)
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

    result = forms.CharField(label=_("Result"), widget=_TEXTAREA)
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
    report = forms.CharField(label=_("Report"), required=False, widget=_TEXTAREA)

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
