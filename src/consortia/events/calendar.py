"""iCalendar (RFC 5545, with RFC 7986's CONFERENCE) for an event, one agenda session and a
person's whole agenda.

Every VEVENT keeps the event's own wall time: DTSTART/DTEND carry the event's IANA ``TZID`` and
the calendar holds a matching VTIMEZONE covering the years of its entries, so a forum at 09:00
in Moscow stays at 09:00 Moscow time in any client and converts to the instant stored. The
online-meeting link appears (as CONFERENCE, in LOCATION of online-only items and in the
DESCRIPTION) only when the caller says the viewer may see it.

The functions build bytes from model objects already loaded; they read nothing else from the
database except what the objects' relations give.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar
from django.utils.translation import gettext as _

from consortia.core import clock

from .models import AgendaSession, Event, EventStatus, Meeting
from .selectors.agenda import AgendaItem

PRODUCT_ID = "-//Consortia//Events//EN"
UID_DOMAIN = "consortia"
REFRESH_INTERVAL = timedelta(hours=1)


@dataclass(frozen=True)
class Entry:
    """What one VEVENT says; ``online_url`` is empty when the viewer may not see the link."""

    uid: str
    summary: str
    starts_at: datetime
    ends_at: datetime
    time_zone: str
    path: str
    description: str
    place: str
    online_url: str
    cancelled: bool
    modified_at: datetime


def event_calendar(
    event: Event, *, base_url: str, include_link: bool, now: datetime | None = None
) -> bytes:
    """One event as a calendar file."""
    return _calendar([event_entry(event, include_link=include_link)], base_url=base_url, now=now)


def session_calendar(
    agenda_session: AgendaSession,
    *,
    base_url: str,
    include_link: bool,
    now: datetime | None = None,
) -> bytes:
    """One agenda session as a calendar file."""
    entry = session_entry(agenda_session, include_link=include_link)
    return _calendar([entry], base_url=base_url, now=now)


def agenda_calendar(
    items: Iterable[AgendaItem], *, name: str, base_url: str, now: datetime | None = None
) -> bytes:
    """A person's agenda (from :func:`selectors.agenda.agenda_of`): their events, the
    events' sessions and their published B2B meetings, with the online links they are
    entitled to. Named, and with a refresh hint for subscribed clients."""
    entries = [agenda_entry(item) for item in items]
    return _calendar(entries, base_url=base_url, now=now, name=name)


# Entries -----------------------------------------------------------------------------------


def _uid(public_id: object) -> str:
    return f"{public_id}@{UID_DOMAIN}"


def _place(event: Event, *first: str) -> str:
    """Room or table, venue, city, country — whatever is known, comma-separated."""
    country = event.country.name if event.country_id and event.country else ""
    return ", ".join(part for part in (*first, event.venue, event.city, country) if part)


def event_entry(event: Event, *, include_link: bool) -> Entry:
    return Entry(
        uid=_uid(event.public_id),
        summary=event.title,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        time_zone=event.time_zone,
        path=event.get_absolute_url(),
        description=event.description,
        place=_place(event) if event.city else "",
        online_url=event.online_url if include_link else "",
        cancelled=event.status == EventStatus.CANCELLED,
        modified_at=event.updated_at,
    )


def session_entry(agenda_session: AgendaSession, *, include_link: bool) -> Entry:
    event = agenda_session.event
    lines = [
        _("Part of %(event)s.") % {"event": event.title},
        _("Speakers: %(speakers)s") % {"speakers": agenda_session.speakers}
        if agenda_session.speakers
        else "",
        agenda_session.description,
    ]
    return Entry(
        uid=_uid(agenda_session.public_id),
        summary=agenda_session.title,
        starts_at=agenda_session.starts_at,
        ends_at=agenda_session.ends_at,
        time_zone=event.time_zone,
        path=f"{event.get_absolute_url()}#session-{agenda_session.public_id}",
        description="\n\n".join(line for line in lines if line),
        place=_place(event, agenda_session.room) if event.city else agenda_session.room,
        online_url=(agenda_session.online_url or event.online_url) if include_link else "",
        cancelled=event.status == EventStatus.CANCELLED,
        modified_at=max(agenda_session.updated_at, event.updated_at),
    )


def meeting_entry(meeting: Meeting, *, counterpart: str) -> Entry:
    """A B2B meeting seen by one of its sides: at a table on site, or online (by the event's
    link, the only one the platform keeps)."""
    session = meeting.session
    event = session.event
    table = _("Table %(table)s") % {"table": meeting.table.name} if meeting.table else ""
    description = _("B2B meeting with %(organisation)s at %(event)s (%(session)s).") % {
        "organisation": counterpart,
        "event": event.title,
        "session": session.title,
    }
    return Entry(
        uid=_uid(meeting.public_id),
        summary=_("B2B: %(organisation)s") % {"organisation": counterpart},
        starts_at=meeting.slot.starts_at,
        ends_at=meeting.slot.ends_at,
        time_zone=event.time_zone,
        path=session.get_absolute_url(),
        description=description,
        place=_place(event, table) if table else "",
        online_url="" if meeting.table_id else event.online_url,
        cancelled=event.status == EventStatus.CANCELLED,
        modified_at=max(meeting.updated_at, session.updated_at),
    )


def agenda_entry(item: AgendaItem) -> Entry:
    if item.meeting is not None:
        return meeting_entry(item.meeting, counterpart=item.counterpart_name)
    if item.session is not None:
        return session_entry(item.session, include_link=True)
    return event_entry(item.event, include_link=True)


# Calendar ----------------------------------------------------------------------------------


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _vevent(entry: Entry, *, base_url: str, now: datetime) -> icalendar.Event:
    zone = _zone(entry.time_zone)
    page = base_url + entry.path
    lines = [entry.description.strip()]
    if entry.online_url:
        lines.append(_("Join online: %(link)s") % {"link": entry.online_url})
    lines.append(_("On Consortia: %(link)s") % {"link": page})
    vevent = icalendar.Event()
    vevent.add("UID", entry.uid)
    vevent.add("DTSTAMP", now.astimezone(UTC))
    vevent.add("DTSTART", entry.starts_at.astimezone(zone))
    vevent.add("DTEND", entry.ends_at.astimezone(zone))
    vevent.add("LAST-MODIFIED", entry.modified_at.astimezone(UTC))
    vevent.add("SUMMARY", entry.summary)
    vevent.add("DESCRIPTION", "\n\n".join(line for line in lines if line))
    vevent.add("URL", page)
    location = entry.place or entry.online_url or _("Online")
    vevent.add("LOCATION", location)
    if entry.online_url:
        conference = icalendar.Conference(
            entry.online_url, feature=["AUDIO", "VIDEO"], label=_("Online meeting")
        )
        vevent.add("CONFERENCE", conference.to_uri())
    vevent.add("STATUS", "CANCELLED" if entry.cancelled else "CONFIRMED")
    return vevent


def _calendar(
    entries: Sequence[Entry], *, base_url: str, now: datetime | None, name: str = ""
) -> bytes:
    now = now or clock.now()
    calendar = icalendar.Calendar()
    calendar.add("VERSION", "2.0")
    calendar.add("PRODID", PRODUCT_ID)
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", "PUBLISH")
    if name:
        calendar.add("NAME", name)
        calendar.add("X-WR-CALNAME", name)
        calendar.add("REFRESH-INTERVAL", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
        calendar.add("X-PUBLISHED-TTL", icalendar.vDuration(REFRESH_INTERVAL))
    zones: dict[str, tuple[datetime, datetime]] = {}
    for entry in sorted(entries, key=lambda e: (e.starts_at, e.uid)):
        zone = _zone(entry.time_zone).key
        if zone != "UTC":
            first, last = zones.get(zone, (entry.starts_at, entry.ends_at))
            zones[zone] = (min(first, entry.starts_at), max(last, entry.ends_at))
        calendar.add_component(_vevent(entry, base_url=base_url, now=now))
    for position, (zone, (first, last)) in enumerate(sorted(zones.items())):
        calendar.subcomponents.insert(position, vtimezone(zone, first=first, last=last))
    return calendar.to_ical()


# Time zones --------------------------------------------------------------------------------


def vtimezone(name: str, *, first: datetime, last: datetime) -> icalendar.Timezone:
    """The VTIMEZONE of IANA zone ``name`` for whole years around ``first`` … ``last``.

    Written here rather than by ``icalendar.Timezone.from_tzid``: icalendar 7.3 gives the onset
    of a spring-forward change in the new offset's wall time (03:00 for Berlin), while RFC 5545
    §3.6.5 reads DTSTART with TZOFFSETFROM (02:00), which moves the change by an hour in clients
    that use the definition instead of their own zone database."""
    years = ((first - timedelta(days=1)).year, (last + timedelta(days=1)).year)
    timezone = icalendar.Timezone()
    timezone.add("TZID", name)
    for onset, offset_from, offset_to, abbreviation, daylight in _observances(name, *years):
        observance = icalendar.TimezoneDaylight() if daylight else icalendar.TimezoneStandard()
        observance.add("DTSTART", onset)
        observance.add("TZOFFSETFROM", offset_from)
        observance.add("TZOFFSETTO", offset_to)
        observance.add("TZNAME", abbreviation)
        timezone.add_component(observance)
    return timezone


Observance = tuple[datetime, timedelta, timedelta, str, bool]


@lru_cache(maxsize=256)
def _observances(name: str, first_year: int, last_year: int) -> tuple[Observance, ...]:
    """(local onset, offset before, offset after, abbreviation, is daylight time) from 1 January
    of ``first_year`` and at every change of UTC offset until the end of ``last_year``."""
    zone = ZoneInfo(name)
    moment = datetime(first_year, 1, 1, tzinfo=zone).astimezone(UTC)
    end = datetime(last_year + 1, 1, 1, tzinfo=zone).astimezone(UTC)
    local = moment.astimezone(zone)
    offset = local.utcoffset() or timedelta()
    observances = [_observance(local, offset, offset)]
    step = timedelta(hours=6)
    while moment < end:
        later = moment + step
        later_offset = later.astimezone(zone).utcoffset()
        if later_offset != offset:
            change = _change(zone, moment, later)
            observances.append(_observance(change.astimezone(zone), offset, later_offset))
            offset = later_offset or timedelta()
        moment = later
    return tuple(observances)


def _observance(local: datetime, offset_from: timedelta, offset_to: timedelta | None) -> Observance:
    onset = (local.astimezone(UTC) + offset_from).replace(tzinfo=None)
    return (
        onset,
        offset_from,
        offset_to or timedelta(),
        local.tzname() or "",
        bool(local.dst()),
    )


def _change(zone: ZoneInfo, before: datetime, after: datetime) -> datetime:
    """The first second (UTC) with the new offset, between ``before`` (old) and ``after``."""
    offset = before.astimezone(zone).utcoffset()
    while after - before > timedelta(seconds=1):
        middle = before + (after - before) / 2
        middle = middle.replace(microsecond=0)
        if middle.astimezone(zone).utcoffset() == offset:
            before = middle
        else:
            after = middle
    return after
