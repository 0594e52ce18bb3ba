"""The filters of the insights pages and CSV files; unknown values are errors, not ignored.

Field names and choices are the registry's (``agreements.forms.RegistryFilterForm``) where they
mean the same, so a filter carries over to the registry links of the map."""

from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from consortia.agreements.models import AgreementKind, AgreementStatus
from consortia.directory.forms import country_choices, topic_choices
from consortia.projects.models import ProjectStatus

from .selectors import SHOW_AGREEMENTS, SHOW_PROJECTS, InsightFilters

MIN_YEAR, MAX_YEAR = 1900, 2100


class QuickSelect(forms.Select):
    """The same ``<select>`` as Django's, written in Python: through the template engine the
    250 countries and 90 topics took a third of the page's time."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        chosen = {str(item) for item in self.format_value(value)}

        def option(option_value: Any, label: Any) -> str:
            key = "" if option_value is None else str(option_value)
            selected = " selected" if key in chosen else ""
            return f'<option value="{escape(key)}"{selected}>{escape(label)}</option>'

        parts = [f'<select name="{escape(name)}"{flatatt(self.build_attrs(self.attrs, attrs))}>']
        for option_value, label in self.choices:
            if isinstance(label, list | tuple):
                parts.append(f'<optgroup label="{escape(option_value)}">')
                parts.extend(option(value, text) for value, text in label)
                parts.append("</optgroup>")
            else:
                parts.append(option(option_value, label))
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every value and label is escaped


class InsightFilterForm(forms.Form):
    year_from = forms.IntegerField(
        label=_("From year"), required=False, min_value=MIN_YEAR, max_value=MAX_YEAR
    )
    year_to = forms.IntegerField(
        label=_("To year"), required=False, min_value=MIN_YEAR, max_value=MAX_YEAR
    )
    country = forms.ChoiceField(label=_("Country"), required=False, widget=QuickSelect)
    topic = forms.ChoiceField(label=_("Area"), required=False, widget=QuickSelect)
    kind = forms.ChoiceField(
        label=_("Kind of agreement"),
        required=False,
        choices=[("", _("Any")), *AgreementKind.choices],
    )
    status = forms.ChoiceField(
        label=_("Status of agreements"),
        required=False,
        choices=[("", _("Any")), *AgreementStatus.choices],
    )
    project_status = forms.ChoiceField(
        label=_("Status of projects"),
        required=False,
        choices=[("", _("Any")), *ProjectStatus.choices],
    )
    show = forms.ChoiceField(
        label=_("Agreements or projects"),
        required=False,
        choices=[
            ("", _("Both")),
            (SHOW_AGREEMENTS, _("Agreements")),
            (SHOW_PROJECTS, _("Projects")),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        country, topic = self.fields["country"], self.fields["topic"]
        assert isinstance(country, forms.ChoiceField) and isinstance(topic, forms.ChoiceField)
        country.choices = [("", _("Any")), *country_choices()]
        topic.choices = [("", _("Any")), *topic_choices()]

    def full_clean(self) -> None:
        # Lower-case country codes are accepted in URLs, as in the directory.
        if self.is_bound and "country" in self.data:
            data = self.data.copy()  # type: ignore[attr-defined]  # a QueryDict (or a dict)
            data["country"] = str(data["country"]).upper()
            self.data = data
        super().full_clean()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("year_from"), data.get("year_to")
        if start and end and end < start:
            self.add_error("year_to", _("The last year is before the first."))
        return data

    def filters(self) -> InsightFilters:
        """The validated filters; call after is_valid()."""
        data = self.cleaned_data
        return InsightFilters(
            year_from=data["year_from"],
            year_to=data["year_to"],
            kind=data["kind"],
            topic=data["topic"],
            status=data["status"],
            project_status=data["project_status"],
            country=data["country"],
            show=data["show"],
        )

    def error_text(self) -> str:
        """Each invalid field with its messages, for plain-text answers (CSV)."""
        return "\n".join(
            f"{name}: {' '.join(str(message) for message in messages)}"
            for name, messages in self.errors.items()
        )
