"""Forms of the owner publishing and setting up an opportunity: the opportunity with its window in
the owner's time zone, the form's questions, the rubric and the reviewers."""

import zoneinfo
from datetime import UTC
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consortia.accounts.models import User
from consortia.core.forms import OrganisationChoice, WallClockField, time_zone_choices
from consortia.core.multilingual import CONTENT_LANGUAGES
from consortia.directory.forms import country_choices, topic_choices
from consortia.directory.models import Organisation, OrganisationKind, StartupStage

from ..models import (
    FieldKind,
    Opportunity,
    OpportunityKind,
    PilotSite,
)
from ..services import local_window

# The owner's side: publishing, the set-up page, and what follows acceptance.


class SiteChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} — {obj.owner.name}"


_WINDOW = ("opens_at", "closes_at", "time_zone")
TEXTAREA = forms.Textarea(attrs={"rows": 3})
SELECT_MANY = forms.SelectMultiple(attrs={"size": 6})


class OpportunityForm(forms.Form):
    """What ``create_opportunity`` and ``update_opportunity`` take. The window is entered in the
    chosen time zone and handed on as aware datetimes in that zone."""

    owner = OrganisationChoice(label=_("Published by"), queryset=Organisation.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=OpportunityKind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 6})
    )
    language = forms.ChoiceField(
        label=_("Language of the title and description"), choices=CONTENT_LANGUAGES
    )
    topics = forms.MultipleChoiceField(label=_("Areas"), required=False, widget=SELECT_MANY)
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
        widget=TEXTAREA,
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
    pilot_site = SiteChoice(
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
        label=_("Countries"), required=False, widget=SELECT_MANY
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
        label=_("Areas"), required=False, widget=SELECT_MANY
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
        self.fields["time_zone"].choices = time_zone_choices()
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
