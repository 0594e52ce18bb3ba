"""Form pieces every app uses: several files in one field, a date picker, a wall-clock date and
time with its time zone, an organisation choice, an amount with its currency, a select rendered
without a template per option, and putting a service's ValidationError back onto the form that
collected the input."""

import functools
import zoneinfo
from datetime import UTC, datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .money import Money, is_currency

DATE = forms.DateInput(attrs={"type": "date"})


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show each message under its field; messages for fields the form lacks go on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


def money_from(
    form: forms.Form, amount_field: str, currency_field: str, target: str
) -> dict[str, Money | None]:
    """Amount and currency as Money, or None when neither is given; errors under the field.
    Call from ``clean()``: ``{target: Money | None}``, or ``{}`` when the pair is wrong."""
    if amount_field in form.errors or currency_field in form.errors:
        return {}
    amount = form.cleaned_data.get(amount_field)
    currency = (form.cleaned_data.get(currency_field) or "").strip().upper()
    if amount is None and not currency:
        return {target: None}
    if amount is None:
        form.add_error(amount_field, _("Give the amount for this currency."))
    elif not is_currency(currency):
        form.add_error(currency_field, _("Enter an ISO 4217 currency code, e.g. RUB."))
    else:
        return {target: Money(amount, currency)}
    return {}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern); the service checks each file."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if not data:
            return []
        files = data if isinstance(data, (list, tuple)) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


@functools.cache
def time_zone_choices() -> list[tuple[str, str]]:
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


class OrganisationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


def _attributes(attrs: dict[str, Any]) -> SafeString:
    """Django's ``attrs.html``: ``True`` as a bare name, ``False`` left out, the rest as text."""
    return mark_safe(  # noqa: S308 - every part went through format_html
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
            for name, value in attrs.items()
            if value is not False
        )
    )


class QuickSelect(forms.Select):
    """A select with the markup of Django's ``select.html``, written in Python. Django renders
    every option through two included templates, about 0.1 ms each: a filter form with the
    countries twice and the topics spent 40-70 ms of a list page on its options."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts: list[str] = [
            format_html('<select name="{}"{}>', widget["name"], _attributes(widget["attrs"]))
        ]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            for option in options:
                parts.append(
                    format_html(
                        '\n  <option value="{}"{}>{}</option>\n',
                        option["value"],
                        _attributes(option["attrs"]),
                        option["label"],
                    )
                )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every part went through format_html


class QuickSelectMultiple(QuickSelect, forms.SelectMultiple):
    """``QuickSelect`` for several values (Django's ``SelectMultiple`` uses the same template)."""
