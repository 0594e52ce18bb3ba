"""Forms parse and display; the services validate again and do the writing."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from consortia.core.forms import MultipleFileField

from .kinds import kinds_for
from .models import Delivery, InterestKind


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    files = MultipleFileField(label=_("Attach files"), required=False)


class NewConversationForm(MessageForm):
    subject = forms.CharField(label=_("Subject"), required=False, max_length=200)

    field_order = ["subject", "body", "files"]


class InterestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What do you propose?"), choices=InterestKind.choices, widget=forms.RadioSelect
    )
    message = forms.CharField(
        label=_("A few words about you and what you propose"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ContactRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Why would you like to get in touch?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )


class InboxFilterForm(forms.Form):
    q = forms.CharField(label=_("Search my conversations"), required=False, max_length=200)
    archived = forms.BooleanField(label=_("Archived"), required=False)


class PreferencesForm(forms.Form):
    """One choice per notification kind."""

    def __init__(
        self, *args: Any, current: dict[str, str], operator: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for kind in kinds_for(operator=operator):
            self.fields[kind.code] = forms.ChoiceField(
                label=kind.label,
                choices=Delivery.choices,
                initial=current.get(kind.code, kind.default),
            )
