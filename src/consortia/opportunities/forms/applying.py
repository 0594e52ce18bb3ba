"""Forms of those who look and apply: list filters, the application and its answers, and the
reviewers' scores and the decision. They parse and display; the services validate again."""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from consortia.core.forms import OrganisationChoice
from consortia.directory.forms import country_choices, topic_choices
from consortia.directory.models import Organisation

from ..models import (
    Answer,
    Criterion,
    FieldKind,
    FormField,
    OpportunityKind,
)
from ..selectors import OpportunityFilters


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


class ApplyForm(forms.Form):
    """Which of the user's organisations applies, and the non-disclosure terms if any."""

    applicant = OrganisationChoice(label=_("Apply as"), queryset=Organisation.objects.none())
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
