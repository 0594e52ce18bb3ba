"""Forms parse and display; the services validate again and do the writing."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from consortia.core.forms import MultipleFileField, QuickSelect
from consortia.core.multilingual import CONTENT_LANGUAGES
from consortia.directory.forms import country_choices, topic_choices
from consortia.directory.models import Organisation, VerificationStatus

from .models import (
    LIGHTS,
    AgreementKind,
    AgreementStatus,
    CommitmentStatus,
    DatePrecision,
    Visibility,
)
from .selectors import RegistryFilters
from .services import PartyIn


class RegistryFilterForm(forms.Form):
    """Filters of the registry, the timeline, the map and the exports; unknown values are errors."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    country = forms.ChoiceField(label=_("Country"), required=False, widget=QuickSelect)
    partner = forms.ChoiceField(label=_("with country"), required=False, widget=QuickSelect)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2100)
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("Any")), *AgreementKind.choices],
        widget=QuickSelect,
    )
    topic = forms.ChoiceField(label=_("Area"), required=False, widget=QuickSelect)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any")), *AgreementStatus.choices],
        widget=QuickSelect,
    )
    light = forms.ChoiceField(
        label=_("Traffic light"),
        required=False,
        choices=[("", _("Any")), *LIGHTS],
        widget=QuickSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        countries = country_choices()
        self.fields["country"].choices = [("", _("Any")), *countries]
        self.fields["partner"].choices = [("", _("Any")), *countries]
        self.fields["topic"].choices = [("", _("Any")), *topic_choices()]

    def filters(self) -> RegistryFilters:
        data = self.cleaned_data
        return RegistryFilters(
            q=data["q"].strip(),
            country=data["country"],
            partner=data["partner"],
            year=data["year"],
            kind=data["kind"],
            topic=data["topic"],
            status=data["status"],
            light=data["light"],
        )


class AgreementForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AgreementKind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    language = forms.ChoiceField(
        label=_("Language of the title and summary"), choices=CONTENT_LANGUAGES
    )
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    states = forms.MultipleChoiceField(
        label=_("States that are parties"),
        required=False,
        help_text=_("A country's government as a party."),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    organisations = forms.CharField(
        label=_("Organisations that are parties"),
        required=False,
        help_text=_("One name per line, as in the directory."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    topics = forms.MultipleChoiceField(
        label=_("Areas"), required=False, widget=forms.SelectMultiple(attrs={"size": 6})
    )
    visibility = forms.ChoiceField(label=_("Visibility"), choices=Visibility.choices)
    value_amount = forms.DecimalField(label=_("Stated value"), required=False, min_value=0)
    value_currency = forms.CharField(label=_("Currency"), required=False, max_length=3)
    valid_from = forms.DateField(
        label=_("Valid from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    valid_until = forms.DateField(
        label=_("Valid until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    source_url = forms.URLField(label=_("Source"), required=False, assume_scheme="https")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["states"].choices = country_choices()
        self.fields["topics"].choices = topic_choices()

    def clean_organisations(self) -> list[Organisation]:
        names = [
            line.strip() for line in self.cleaned_data["organisations"].splitlines() if line.strip()
        ]
        found: list[Organisation] = []
        unknown = []
        for name in names:
            matches = list(
                Organisation.objects.filter(
                    name__iexact=name, verification_status=VerificationStatus.VERIFIED
                )[:2]
            )
            if len(matches) == 1:
                found.append(matches[0])
            else:
                unknown.append(name)
        if unknown:
            raise ValidationError(
                _("Not exactly one verified organisation has this name: %(names)s.")
                % {"names": "; ".join(unknown)}
            )
        return found

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        parties = [PartyIn(organisation=o) for o in data.pop("organisations")]
        parties += [PartyIn(state=code) for code in data.pop("states")]
        return {**data, "parties": parties}


class SignForm(forms.Form):
    signed_on = forms.DateField(
        label=_("Signed on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    precision = forms.ChoiceField(
        label=_("The sources give"),
        choices=DatePrecision.choices,
        initial=DatePrecision.DAY,
        required=False,
    )
    place = forms.CharField(label=_("Place of signing"), required=False, max_length=200)
    country = forms.ChoiceField(label=_("Country of signing"), required=False)
    event = forms.CharField(label=_("Signed at (event)"), required=False, max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "—"), *country_choices()]

    def clean_precision(self) -> str:
        return self.cleaned_data["precision"] or DatePrecision.DAY


class TerminateForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class CommitmentForm(forms.Form):
    text = forms.CharField(
        label=_("What is promised"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    responsible = forms.ChoiceField(label=_("Responsible party"), required=False)
    due_on = forms.DateField(
        label=_("Due on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, parties: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.parties = {str(party.pk): party for party in parties}
        self.fields["responsible"].choices = [("", "—")] + [(str(p.pk), str(p)) for p in parties]

    def clean_responsible(self) -> Any:
        return self.parties.get(self.cleaned_data["responsible"])


class ReportForm(forms.Form):
    text = forms.CharField(
        label=_("What was done"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    reported_on = forms.DateField(
        label=_("As of"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    evidence_url = forms.URLField(label=_("Evidence (link)"), required=False, assume_scheme="https")
    status = forms.ChoiceField(
        label=_("Status of the commitment"),
        required=False,
        choices=[("", _("Unchanged")), *CommitmentStatus.choices],
    )

    def clean_status(self) -> str | None:
        return self.cleaned_data["status"] or None


class DocumentForm(forms.Form):
    files = MultipleFileField(
        label=_("Files"),
        help_text=_("PDF, office documents, images or plain text; several at once if you like."),
    )
    title = forms.CharField(
        label=_("Title"),
        required=False,
        max_length=300,
        help_text=_("Leave blank to use each file's name."),
    )
