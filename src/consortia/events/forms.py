"""Forms of events: parse and display; the services validate again and do the writing. Times are
entered as the clocks show them in the event's time zone."""

import zoneinfo
from datetime import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from consortia.core.forms import (
    OrganisationChoice,
    QuickSelect,
    WallClockField,
    time_zone_choices,
)
from consortia.core.multilingual import CONTENT_LANGUAGES
from consortia.directory.forms import country_choices, topic_choices
from consortia.directory.models import Organisation, VerificationStatus

from .models import Attendance, Event, EventKind
from .services.events import local_wall_time_to_utc

TEXTAREA = forms.Textarea(attrs={"rows": 3})


def _in_zone(form: forms.Form, cleaned: dict[str, Any], names: tuple[str, ...], zone: str) -> None:
    """Turn the wall-clock times in ``names`` into aware instants of ``zone``."""
    for name in names:
        local = cleaned.get(name)
        if local is None:
            continue
        try:
            cleaned[name] = local_wall_time_to_utc(local.date(), local.time(), zone)
        except ValueError:
            form.add_error(name, _("The clocks skip this time in that time zone."))


def _wall(value: datetime | None, zone: str) -> datetime | None:
    return value.astimezone(zoneinfo.ZoneInfo(zone)).replace(tzinfo=None) if value else None


class EventFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("Any kind")), *EventKind.choices],
        widget=QuickSelect,
    )
    country = forms.ChoiceField(label=_("Country"), required=False, widget=QuickSelect)
    when = forms.ChoiceField(
        label=_("When"),
        required=False,
        choices=[("", _("Any time")), ("upcoming", _("Upcoming")), ("past", _("Past"))],
        widget=QuickSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        country_field: Any = self.fields["country"]
        country_field.choices = [("", _("Any country")), *country_choices()]

    def filters(self) -> dict[str, Any]:
        return {name: value or "" for name, value in self.cleaned_data.items()}


class EventForm(forms.Form):
    """What ``create_event`` and ``update_event`` take."""

    organiser = OrganisationChoice(label=_("Organised by"), queryset=Organisation.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=EventKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=20_000, widget=forms.Textarea
    )
    language = forms.ChoiceField(
        label=_("Language of the title and description"), choices=CONTENT_LANGUAGES
    )
    topics = forms.MultipleChoiceField(label=_("Areas"), required=False)
    co_organisers = forms.ModelMultipleChoiceField(
        label=_("Co-organisers"), required=False, queryset=Organisation.objects.none()
    )
    time_zone = forms.ChoiceField(label=_("Time zone of the event"))
    starts_at = WallClockField(label=_("Starts"))
    ends_at = WallClockField(label=_("Ends"))
    registration_closes_at = WallClockField(
        label=_("Registration closes"), required=False, help_text=_("Blank: when the event ends.")
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    city = forms.CharField(label=_("City"), required=False, max_length=100)
    venue = forms.CharField(label=_("Venue"), required=False, max_length=200)
    online_url = forms.URLField(
        label=_("Online meeting link"), required=False, assume_scheme="https"
    )
    capacity = forms.IntegerField(
        label=_("Places"), required=False, min_value=1, help_text=_("Blank: no limit.")
    )
    requires_approval = forms.BooleanField(label=_("Registrations need approval"), required=False)

    TIMES = ("starts_at", "ends_at", "registration_closes_at")

    def __init__(
        self,
        *args: Any,
        organisers: QuerySet[Organisation] | None = None,
        event: Event | None = None,
        **kwargs: Any,
    ) -> None:
        if event is not None:
            kwargs.setdefault("initial", self.initial_for(event))
        super().__init__(*args, **kwargs)
        self.event = event
        choice_fields: dict[str, Any] = dict(self.fields)
        choice_fields["topics"].choices = topic_choices()
        choice_fields["time_zone"].choices = time_zone_choices()
        choice_fields["country"].choices = [("", "—"), *country_choices()]
        co_field: Any = self.fields["co_organisers"]
        # Only verified organisations: a pending one's name is not public.
        co_field.queryset = Organisation.objects.filter(
            verification_status=VerificationStatus.VERIFIED
        ).order_by("name", "id")
        if event is None:
            organiser_field: Any = self.fields["organiser"]
            organiser_field.queryset = organisers
            if organisers is not None and len(organisers[:2]) == 1:
                organiser_field.initial = organisers[0].pk
        else:
            del self.fields["organiser"]

    @staticmethod
    def initial_for(event: Event) -> dict[str, Any]:
        names = ("kind", "title", "description", "language", "time_zone", "city", "venue")
        return {name: getattr(event, name) for name in names} | {
            "online_url": event.online_url,
            "capacity": event.capacity,
            "requires_approval": event.requires_approval,
            "country": event.country_id or "",
            "topics": [t.code for t in event.topics.all()],
            "co_organisers": [o.pk for o in event.co_organisers.all()],
            **{name: _wall(getattr(event, name), event.time_zone) for name in EventForm.TIMES},
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        _in_zone(self, cleaned, self.TIMES, cleaned.get("time_zone") or "UTC")
        return cleaned

    def service_arguments(self) -> dict[str, Any]:
        return dict(self.cleaned_data)

    def changes(self) -> dict[str, Any]:
        """Everything but the organiser, as ``update_event`` takes it."""
        values = self.service_arguments()
        values.pop("organiser", None)
        return values


class AgendaSessionForm(forms.Form):
    """One item of the agenda (``add_agenda_session``), in the event's time zone."""

    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = WallClockField(label=_("Starts"))
    ends_at = WallClockField(label=_("Ends"))
    room = forms.CharField(label=_("Room"), required=False, max_length=100)
    speakers = forms.CharField(label=_("Speakers"), required=False, max_length=500)
    online_url = forms.URLField(
        label=_("Online meeting link"), required=False, assume_scheme="https"
    )
    description = forms.CharField(label=_("Description"), required=False, widget=TEXTAREA)

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.event = event

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        _in_zone(self, cleaned, ("starts_at", "ends_at"), self.event.time_zone)
        return cleaned


class RegistrationForm(forms.Form):
    """Taking a place (``register``): optionally with one's organisation's delegation."""

    organisation = OrganisationChoice(
        label=_("With the delegation of"),
        required=False,
        empty_label=_("On my own"),
        queryset=Organisation.objects.none(),
    )
    attendance = forms.ChoiceField(label=_("I attend"), choices=Attendance.choices)
    note = forms.CharField(
        label=_("Note to the organisers"), required=False, max_length=2000, widget=TEXTAREA
    )

    def __init__(
        self, *args: Any, event: Event, organisations: QuerySet[Organisation], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        organisation_field: Any = self.fields["organisation"]
        organisation_field.queryset = organisations
        attendance_field: Any = self.fields["attendance"]
        attendance_field.choices = [
            (value, label)
            for value, label in Attendance.choices
            if (value == Attendance.ONSITE and event.city)
            or (value == Attendance.ONLINE and event.online_url)
        ]
