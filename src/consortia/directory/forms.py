"""Forms parse and display; the services validate again and do the writing."""

from datetime import timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from consortia.core import clock
from consortia.core.forms import QuickSelect
from consortia.core.multilingual import CONTENT_LANGUAGES

from . import selectors
from .models import OfferKind, Organisation, OrganisationKind, Person, Role
from .selectors import DirectoryFilters


def country_choices() -> list[tuple[str, str]]:
    return list(selectors.country_names())


def topic_choices() -> list[tuple[str, Any]]:
    """Areas as option groups, each with the area itself first."""
    topics = selectors.topic_labels()
    groups = []
    for area in (t for t in topics if t.parent_id is None):
        children = [(t.code, t.label) for t in topics if t.parent_id == area.id]
        groups.append(
            (area.label, [(area.code, _("All of %(area)s") % {"area": area.label}), *children])
        )
    return groups


class DirectoryFilterForm(forms.Form):
    """Filters of the directory and offer lists; unknown values are errors, not silently ignored."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    country = forms.ChoiceField(label=_("Country"), required=False, widget=QuickSelect)
    kind = forms.ChoiceField(label=_("Kind"), required=False, widget=QuickSelect)
    topic = forms.ChoiceField(label=_("Topic"), required=False, widget=QuickSelect)
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("Any"))] + CONTENT_LANGUAGES,
        widget=QuickSelect,
    )

    def __init__(self, *args: Any, kinds: Any = OrganisationKind.choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("Any"))] + country_choices()
        self.fields["kind"].choices = [("", _("Any")), *kinds]
        self.fields["topic"].choices = [("", _("Any")), *topic_choices()]

    def clean_country(self) -> str:
        return (self.cleaned_data.get("country") or "").upper()

    def filters(self) -> DirectoryFilters:
        """The validated filters; call after is_valid()."""
        data = self.cleaned_data
        return DirectoryFilters(
            q=data.get("q", "").strip(),
            country=data.get("country", ""),
            kind=data.get("kind", ""),
            topic=data.get("topic", ""),
            language=data.get("language", ""),
        )

    def full_clean(self) -> None:
        # Lower-case country codes are accepted in URLs: normalise before the choice check.
        if self.is_bound and "country" in self.data:
            self.data = self.data.copy()
            self.data["country"] = str(self.data["country"]).upper()
        super().full_clean()


class OrganisationForm(forms.ModelForm):
    topics = forms.MultipleChoiceField(
        label=_("Topics"), required=False, widget=forms.SelectMultiple(attrs={"size": 8})
    )
    country = forms.ChoiceField(label=_("Country"))
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = [
            "name",
            "other_names",
            "kind",
            "country",
            "city",
            "website",
            "language",
            "description",
            "topics",
            "stage",
            "founded_year",
            "contact_email",
            "phone",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "—")] + country_choices()
        self.fields["topics"].choices = topic_choices()
        self.fields["stage"].help_text = _("Startups only.")
        if self.instance.pk:
            self.initial["country"] = self.instance.country_id
            self.initial["topics"] = [t.code for t in self.instance.topics.all()]

    def _post_clean(self) -> None:
        # The service validates and writes; the ModelForm must not build an instance itself.
        pass

    def service_arguments(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}


class LogoForm(forms.Form):
    logo = forms.FileField(label=_("Logo (PNG, JPEG or WebP)"))


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason the applicant will see"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    role = forms.ChoiceField(
        label=_("Role"), choices=[(Role.MEMBER, Role.MEMBER.label), (Role.ADMIN, Role.ADMIN.label)]
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class PersonForm(forms.ModelForm):
    country = forms.ChoiceField(label=_("Country"), required=False)
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"), choices=CONTENT_LANGUAGES, required=False
    )

    class Meta:
        model = Person
        fields = [
            "full_name",
            "title",
            "country",
            "languages",
            "time_zone",
            "ui_language",
            "bio",
            "phone",
            "email_visibility",
        ]
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "—")] + country_choices()
        if self.instance.pk:
            self.initial["country"] = self.instance.country_id or ""

    def _post_clean(self) -> None:
        pass

    def service_arguments(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}


class OfferForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=OfferKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 6}), max_length=10000
    )
    language = forms.ChoiceField(label=_("Language of the text"), choices=CONTENT_LANGUAGES)
    topics = forms.MultipleChoiceField(
        label=_("Topics"), required=False, widget=forms.SelectMultiple(attrs={"size": 8})
    )
    target_countries = forms.MultipleChoiceField(
        label=_("Target countries"), required=False, widget=forms.SelectMultiple(attrs={"size": 6})
    )
    expires_on = forms.DateField(
        label=_("Expires on"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topics"].choices = topic_choices()
        self.fields["target_countries"].choices = country_choices()
        self.fields["expires_on"].initial = clock.today() + timedelta(days=90)
        self.fields["expires_on"].help_text = _("At most %(days)d days ahead.") % {
            "days": settings.CONSORTIA_OFFER_MAX_DAYS
        }

    @classmethod
    def initial_from(cls, offer: Any) -> dict[str, Any]:
        return {
            "kind": offer.kind,
            "title": offer.title,
            "description": offer.description,
            "language": offer.language,
            "topics": [t.code for t in offer.topics.all()],
            "target_countries": [c.code for c in offer.target_countries.all()],
            "expires_on": offer.expires_on,
        }


class RenewForm(forms.Form):
    until = forms.DateField(
        label=_("New expiry date"), widget=forms.DateInput(attrs={"type": "date"})
    )
