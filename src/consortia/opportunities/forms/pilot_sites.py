"""Forms of the pilot-site registry: a site and the list's filters."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from consortia.core.forms import OrganisationChoice
from consortia.core.multilingual import CONTENT_LANGUAGES
from consortia.directory.forms import country_choices, topic_choices
from consortia.directory.models import Organisation

from ..models import PilotSite
from ..selectors import PilotSiteFilters
from .publishing import SELECT_MANY


class PilotSiteForm(forms.Form):
    """What ``create_pilot_site`` and ``update_pilot_site`` take."""

    owner = OrganisationChoice(label=_("Offered by"), queryset=Organisation.objects.none())
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
    topics = forms.MultipleChoiceField(label=_("Areas"), required=False, widget=SELECT_MANY)

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
