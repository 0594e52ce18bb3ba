from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.utils.translation import gettext_lazy as _


class SignupForm(AllauthSignupForm):
    """Sign-up asks for the person's name too; the adapter creates the directory Person."""

    full_name = forms.CharField(label=_("Full name"), max_length=200)
    field_order = ["full_name", "email", "password1", "password2"]

    def clean_full_name(self) -> str:
        name = self.cleaned_data["full_name"].strip()
        if len(name) < 2:
            raise forms.ValidationError(_("Please enter your full name."))
        return name


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Name of the token"), max_length=100)


class EraseForm(forms.Form):
    confirm = forms.CharField(
        label=_("Your e-mail address, to confirm"),
        max_length=254,
        help_text=_("Erasing cannot be undone."),
    )
