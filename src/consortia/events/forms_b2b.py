"""Forms of B2B sessions: parse and display; the services validate again and do the writing.
The session's times are entered as the clocks show them in the event's time zone, a
participant's availability as the clocks show them in the participant's own."""

import re
import zoneinfo
from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from consortia.core.forms import OrganisationChoice, WallClockField, time_zone_choices
from consortia.directory.models import Organisation

from .forms import TEXTAREA, _in_zone
from .models import B2BSession, Mark, MeetingRequest, Participant, SessionMode, Slot, Table

ONSITE_CHOICES = [("yes", _("On site")), ("no", _("Online"))]


class B2BSessionForm(forms.Form):
    """What ``create_b2b_session`` takes, times in the event's zone."""

    title = forms.CharField(label=_("Title"), max_length=200)
    mode = forms.ChoiceField(label=_("Meetings"), choices=SessionMode.choices)
    meeting_minutes = forms.IntegerField(
        label=_("Meeting length (minutes)"), min_value=5, max_value=240, initial=30
    )
    starts_at = WallClockField(label=_("Starts"))
    ends_at = WallClockField(label=_("Ends"))
    tables = forms.IntegerField(
        label=_("Number of tables"),
        min_value=0,
        max_value=500,
        initial=10,
        help_text=_("Not used for online meetings."),
    )
    default_quota = forms.IntegerField(
        label=_("Meetings per participant"), min_value=1, max_value=1000, initial=12
    )
    requests_close_at = WallClockField(
        label=_("Requests close"), required=False, help_text=_("Blank: when the schedule is out.")
    )

    TIMES = ("starts_at", "ends_at", "requests_close_at")

    def __init__(self, *args: Any, event: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.event = event

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        _in_zone(self, cleaned, self.TIMES, self.event.time_zone)
        return cleaned


def _onsite_field(session: B2BSession) -> forms.ChoiceField | None:
    if session.mode != SessionMode.HYBRID:
        return None
    return forms.ChoiceField(label=_("We attend"), choices=ONSITE_CHOICES)


def onsite_value(session: B2BSession, value: str | None) -> bool:
    if session.mode == SessionMode.ONLINE:
        return False
    if session.mode == SessionMode.ONSITE:
        return True
    return value == "yes"


class JoinForm(forms.Form):
    """Taking part as one of one's verified organisations (``join_b2b_session``)."""

    organisation = OrganisationChoice(label=_("Take part as"), queryset=Organisation.objects.none())
    time_zone = forms.ChoiceField(label=_("Our time zone"))
    quota = forms.IntegerField(label=_("Most meetings"), min_value=1, max_value=1000)
    profile = forms.CharField(
        label=_("What we offer and look for"), required=False, max_length=5000, widget=TEXTAREA
    )

    def __init__(
        self,
        *args: Any,
        session: B2BSession,
        organisations: QuerySet[Organisation],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.session = session
        fields: dict[str, Any] = dict(self.fields)
        fields["organisation"].queryset = organisations
        if len(organisations[:2]) == 1:
            fields["organisation"].initial = organisations[0].pk
        fields["time_zone"].choices = time_zone_choices()
        fields["quota"].initial = session.default_quota
        onsite = _onsite_field(session)
        if onsite is not None:
            self.fields["onsite"] = onsite

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["onsite"] = onsite_value(self.session, data.pop("onsite", None))
        return data


class ContactChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        person = getattr(obj, "person", None)
        return str(person.full_name if person is not None else obj)


class ParticipationForm(forms.Form):
    """What a participant says of itself after joining (``update_participant``): who answers
    for it, its time zone, what it offers and looks for, its quota and attendance."""

    contact = ContactChoice(label=_("Contact"), queryset=get_user_model().objects.none())
    time_zone = forms.ChoiceField(label=_("Our time zone"))
    quota = forms.IntegerField(label=_("Most meetings"), min_value=1, max_value=1000)
    profile = forms.CharField(
        label=_("What we offer and look for"), required=False, max_length=5000, widget=TEXTAREA
    )

    def __init__(self, *args: Any, participant: Participant, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "contact": participant.contact_id,
                "time_zone": participant.time_zone,
                "quota": participant.quota,
                "profile": participant.profile,
                "onsite": "yes" if participant.onsite else "no",
            },
        )
        super().__init__(*args, **kwargs)
        self.participant = participant
        fields: dict[str, Any] = dict(self.fields)
        fields["contact"].queryset = (
            get_user_model()
            .objects.filter(
                is_active=True, person__memberships__organisation_id=participant.organisation_id
            )
            .select_related("person")
            .order_by("person__full_name", "id")
        )
        fields["time_zone"].choices = time_zone_choices()
        onsite = _onsite_field(participant.session)
        if onsite is not None:
            self.fields["onsite"] = onsite

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["onsite"] = onsite_value(self.participant.session, data.pop("onsite", None))
        return data


_RANGE = re.compile(
    r"^\s*(?:(?P<day>\d{4}-\d{2}-\d{2})\s+)?(?P<start>\d{1,2}:\d{2})\s*[-–—]\s*"
    r"(?P<end>\d{1,2}:\d{2})\s*$"
)


def _clock(text: str) -> time | None:
    hours, minutes = (int(part) for part in text.split(":"))
    if hours == 24 and minutes == 0:
        return None  # midnight at the end of the day
    if hours > 23 or minutes > 59:
        raise ValueError(text)
    return time(hours, minutes)


def local_days(session: B2BSession, zone: str) -> list[date]:
    """The days the session touches, as the calendar shows them in ``zone``."""
    tz = zoneinfo.ZoneInfo(zone)
    first = session.starts_at.astimezone(tz).date()
    last = (session.ends_at - timedelta(seconds=1)).astimezone(tz).date()
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def availability_summary(participant: Participant, slots: list[Slot]) -> list[str]:
    """The participant's available slots as merged ranges in its own time zone."""
    tz = zoneinfo.ZoneInfo(participant.time_zone)
    ranges: list[list[datetime]] = []
    for slot in sorted(slots, key=lambda s: s.starts_at):
        if ranges and ranges[-1][1] == slot.starts_at:
            ranges[-1][1] = slot.ends_at
        else:
            ranges.append([slot.starts_at, slot.ends_at])
    multi_day = len(local_days(participant.session, participant.time_zone)) > 1
    lines = []
    for start, end in ranges:
        a, b = start.astimezone(tz), end.astimezone(tz)
        prefix = f"{a:%Y-%m-%d} " if multi_day else ""
        lines.append(f"{prefix}{a:%H:%M}–{b:%H:%M}")
    return lines


class AvailabilityForm(forms.Form):
    """Local ranges ``HH:MM–HH:MM``, one a line, in the participant's own time zone, on the
    session's day (``YYYY-MM-DD HH:MM–HH:MM`` when the session spans several days there)."""

    ranges = forms.CharField(
        label=_("Available"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("One range a line, e.g. 09:00–12:30."),
    )

    def __init__(
        self, *args: Any, participant: Participant, slots: list[Slot], **kwargs: Any
    ) -> None:
        kwargs.setdefault(
            "initial", {"ranges": "\n".join(availability_summary(participant, slots))}
        )
        super().__init__(*args, **kwargs)
        self.participant = participant

    def clean_ranges(self) -> list[tuple[datetime, datetime]]:
        days = local_days(self.participant.session, self.participant.time_zone)
        ranges = []
        for line in str(self.cleaned_data["ranges"]).splitlines():
            if not line.strip():
                continue
            match = _RANGE.match(line)
            if match is None:
                raise forms.ValidationError(
                    _("Write each range as HH:MM–HH:MM: “%(line)s”."), params={"line": line}
                )
            if match["day"]:
                try:
                    day = date.fromisoformat(match["day"])
                except ValueError:
                    raise forms.ValidationError(
                        _("Not a date: “%(line)s”."), params={"line": line}
                    ) from None
            elif len(days) == 1:
                day = days[0]
            else:
                raise forms.ValidationError(
                    _("The session spans several days: begin each line with its date.")
                )
            try:
                start, end = _clock(match["start"]), _clock(match["end"])
            except ValueError:
                raise forms.ValidationError(
                    _("Not a time: “%(line)s”."), params={"line": line}
                ) from None
            if start is None:
                raise forms.ValidationError(_("Not a time: “%(line)s”."), params={"line": line})
            end_at = (
                datetime.combine(day + timedelta(days=1), time(0))
                if end is None
                else datetime.combine(day, end)
            )
            ranges.append((datetime.combine(day, start), end_at))
        if not ranges:
            raise forms.ValidationError(_("Give at least one range."))
        return ranges


class RequestForm(forms.Form):
    """Asking another participant for a meeting (``request_meeting``)."""

    recipient = forms.ChoiceField(label=_("With"))
    priority = forms.TypedChoiceField(
        label=_("Priority"),
        coerce=int,
        choices=MeetingRequest.Priority.choices,
        initial=MeetingRequest.Priority.NORMAL,
    )
    online = forms.BooleanField(label=_("By video"), required=False)
    message = forms.CharField(label=_("Message"), required=False, max_length=2000, widget=TEXTAREA)

    def __init__(self, *args: Any, others: list[Participant], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.others = {str(p.public_id): p for p in others}
        recipient: Any = self.fields["recipient"]
        recipient.choices = [(key, p.organisation.name) for key, p in self.others.items()]

    def chosen_recipient(self) -> Participant:
        return self.others[self.cleaned_data["recipient"]]


class MarkForm(forms.Form):
    other = forms.UUIDField()
    kind = forms.ChoiceField(choices=[("", _("No mark")), *Mark.Kind.choices], required=False)


class AcceptForm(forms.Form):
    recipient_priority = forms.TypedChoiceField(
        label=_("Priority"),
        coerce=int,
        choices=MeetingRequest.Priority.choices,
        initial=MeetingRequest.Priority.NORMAL,
        required=False,
        empty_value=None,
    )


class FollowUpForm(forms.Form):
    follow_up = forms.ChoiceField(choices=[("yes", _("Yes")), ("no", _("No"))])


class RunForm(forms.Form):
    time_limit = forms.IntegerField(
        label=_("Time limit (seconds)"), min_value=1, max_value=120, initial=30
    )


class MoveForm(forms.Form):
    """Where a meeting goes (``move_meeting``): a slot and, on site, a table or any free one."""

    slot = forms.ModelChoiceField(label=_("Slot"), queryset=Slot.objects.none())
    table = forms.ModelChoiceField(
        label=_("Table"), queryset=Table.objects.none(), required=False, empty_label=_("Any free")
    )

    def __init__(self, *args: Any, session: B2BSession, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = dict(self.fields)
        fields["slot"].queryset = Slot.objects.filter(session=session).order_by("starts_at")
        fields["table"].queryset = Table.objects.filter(session=session).order_by("id")
