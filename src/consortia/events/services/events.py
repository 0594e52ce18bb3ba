"""Setting up an event: what, when (in the event's own time zone) and where, its agenda, and
its publishing and cancelling. Organisers are the admins of the organiser and co-organisers,
and the operator (``policies.can_organise``)."""

import zoneinfo
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from consortia.core import audit
from consortia.core.permissions import require
from consortia.directory.models import Organisation
from consortia.directory.services.validation import (
    clean_fields,
    invalid,
    optional_url,
    require_country,
    require_language,
    require_text,
    require_time_zone,
    require_topics,
)

from .. import policies
from ..models import AgendaSession, Event, EventKind, EventStatus
from ..selectors.events import places_held


def local_wall_time_to_utc(day: date, clock_time: time, zone: str) -> datetime:
    """The UTC instant at which a clock in ``zone`` shows ``clock_time`` on ``day``. Raises
    ValueError when the clocks skip that time (a daylight-saving jump); a time that happens
    twice is its first occurrence."""
    local = datetime.combine(day, clock_time, tzinfo=zoneinfo.ZoneInfo(zone))
    instant = local.astimezone(UTC)
    if instant.astimezone(local.tzinfo).replace(tzinfo=None) != local.replace(tzinfo=None):
        raise ValueError(f"{clock_time} does not happen on {day} in {zone}")
    return instant


def _moment(field: str, *, required: bool) -> Callable[[Any], datetime | None]:
    def check(value: Any) -> datetime | None:
        if value in (None, ""):
            if required:
                invalid(field, _("Enter a date and time."))
            return None
        if not isinstance(value, datetime) or value.tzinfo is None:
            invalid(field, _("Enter a date and time."))
        return value

    return check


def _optional_text(field: str, max_length: int) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        value = str(value or "").strip()
        if len(value) > max_length:
            invalid(field, _("At most %(max)d characters.") % {"max": max_length})
        return value

    return check


def _capacity(value: Any) -> int | None:
    if value in (None, ""):
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        invalid("capacity", _("Enter a number of places of one or more, or leave it blank."))
    return value


def _organisations(values: Any) -> list[Organisation]:
    organisations = list(dict.fromkeys(values or []))
    if any(not isinstance(o, Organisation) for o in organisations):
        invalid("co_organisers", _("Choose organisations."))
    if any(not o.is_verified for o in organisations):
        invalid("co_organisers", _("Only verified organisations co-organise events."))
    return organisations


_CHECKS: dict[str, Callable[[Any], Any]] = {
    "kind": lambda v: v if v in EventKind.values else invalid("kind", _("Unknown kind of event.")),
    "title": lambda v: require_text("title", v, max_length=200),
    "description": _optional_text("description", 20_000),
    "language": lambda v: require_language("language", v),
    "time_zone": lambda v: require_time_zone("time_zone", v or ""),
    "starts_at": _moment("starts_at", required=True),
    "ends_at": _moment("ends_at", required=True),
    "country": lambda v: require_country("country", v) if v not in (None, "") else None,
    "city": _optional_text("city", 100),
    "venue": _optional_text("venue", 200),
    "online_url": lambda v: optional_url("online_url", v),
    "capacity": _capacity,
    "requires_approval": bool,
    "registration_closes_at": _moment("registration_closes_at", required=False),
    "co_organisers": _organisations,
    "topics": lambda v: require_topics("topics", v or []),
}
_MANY = ("co_organisers", "topics")
_BLANK: dict[str, Any] = {
    "kind": "",
    "title": "",
    "description": "",
    "language": "",
    "time_zone": "",
    "starts_at": None,
    "ends_at": None,
    "country": None,
    "city": "",
    "venue": "",
    "online_url": "",
    "capacity": None,
    "requires_approval": False,
    "registration_closes_at": None,
    "co_organisers": [],
    "topics": [],
}


def _clean(values: dict[str, Any], *, organiser: Organisation) -> dict[str, Any]:
    cleaned = clean_fields(values, _CHECKS, kind="event")
    starts, ends = cleaned["starts_at"], cleaned["ends_at"]
    if ends <= starts:
        raise ValidationError({"ends_at": _("The event ends before it starts.")})
    if cleaned["kind"] == EventKind.ONLINE_SESSION and not cleaned["online_url"]:
        raise ValidationError({"online_url": _("An online session needs its meeting link.")})
    if not cleaned["city"] and not cleaned["online_url"]:
        raise ValidationError({"city": _("Give the city, or an online meeting link, or both.")})
    closes = cleaned["registration_closes_at"]
    if closes is not None and closes > ends:
        raise ValidationError(
            {"registration_closes_at": _("Registration closes after the event has ended.")}
        )
    if organiser in cleaned["co_organisers"]:
        raise ValidationError(
            {"co_organisers": _("The organiser is not also its own co-organiser.")}
        )
    return cleaned


def _require_organise(event: Event, by: Any) -> None:
    require(
        policies.can_organise(by, event),
        _("Only the organisers' admins or the operator run this event."),
    )


def create_event(*, by: Any, organiser: Organisation, **values: Any) -> Event:
    """A draft event of ``organiser``; ``values`` are the fields of ``_CHECKS`` (times aware)."""
    require(
        policies.can_create_event_for(by, organiser),
        _("Only the admins of a verified organisation or the operator create its events."),
    )
    cleaned = _clean(_BLANK | values, organiser=organiser)
    many = {field: cleaned.pop(field) for field in _MANY}
    with transaction.atomic():
        event = Event.objects.create(organiser=organiser, created_by=by, **cleaned)
        for field, objects in many.items():
            getattr(event, field).set(objects)
        audit.record(
            "event.created",
            actor=by,
            target=event,
            organisation_id=organiser.pk,
            data={"kind": event.kind},
        )
    return event


def _current(event: Event) -> dict[str, Any]:
    values = {field: getattr(event, field) for field in _CHECKS if field not in _MANY}
    return values | {
        "co_organisers": list(event.co_organisers.all()),
        "topics": list(event.topics.all()),
    }


def _refuse_if_cancelled(event: Event) -> None:
    if event.status == EventStatus.CANCELLED:
        raise ValidationError({"status": _("A cancelled event is not changed any more.")})


def update_event(event: Event, *, by: Any, **changes: Any) -> Event:
    """Change the given fields; all are checked again together. The agenda must still fit in
    the event's times, and the places not drop below those already held."""
    _require_organise(event, by)
    _refuse_if_cancelled(event)
    cleaned = _clean(_current(event) | changes, organiser=event.organiser)
    many = {field: cleaned.pop(field) for field in _MANY}
    with transaction.atomic():
        current = Event.objects.select_for_update().get(pk=event.pk)
        _refuse_if_cancelled(current)
        outside = current.sessions.exclude(
            starts_at__gte=cleaned["starts_at"], ends_at__lte=cleaned["ends_at"]
        )
        if outside.exists():
            raise ValidationError(
                {"starts_at": _("Some agenda sessions fall outside these times; move them first.")}
            )
        held = places_held(current)
        if cleaned["capacity"] is not None and cleaned["capacity"] < held:
            raise ValidationError(
                {
                    "capacity": _("%(held)d places are already taken; give at least as many.")
                    % {"held": held}
                }
            )
        for field, value in cleaned.items():
            setattr(current, field, value)
        current.save()
        for field, objects in many.items():
            getattr(current, field).set(objects)
        audit.record(
            "event.updated",
            actor=by,
            target=current,
            organisation_id=current.organiser_id,
            data={"fields": sorted(changes)},
        )
    event.refresh_from_db()
    return event


def _move(event: Event, *, by: Any, allowed: set[str], to: str) -> Event:
    _require_organise(event, by)
    with transaction.atomic():
        current = Event.objects.select_for_update().get(pk=event.pk)
        if current.status not in allowed:
            raise ValidationError(
                {
                    "status": _("An event that is %(status)s cannot become %(target)s.")
                    % {
                        "status": EventStatus(current.status).label.lower(),
                        "target": EventStatus(to).label.lower(),
                    }
                }
            )
        current.status = to
        current.save(update_fields=["status", "updated_at"])
        audit.record(f"event.{to}", actor=by, target=current, organisation_id=current.organiser_id)
    event.refresh_from_db()
    return event


def publish_event(event: Event, *, by: Any) -> Event:
    """Draft → published: public, and open for registration."""
    return _move(event, by=by, allowed={EventStatus.DRAFT}, to=EventStatus.PUBLISHED)


def cancel_event(event: Event, *, by: Any) -> Event:
    """Draft or published → cancelled. A cancelled event stays visible, marked as cancelled,
    and takes no registrations."""
    return _move(
        event, by=by, allowed={EventStatus.DRAFT, EventStatus.PUBLISHED}, to=EventStatus.CANCELLED
    )


_SESSION_CHECKS: dict[str, Callable[[Any], Any]] = {
    "title": lambda v: require_text("title", v, max_length=200),
    "description": _optional_text("description", 20_000),
    "starts_at": _moment("starts_at", required=True),
    "ends_at": _moment("ends_at", required=True),
    "room": _optional_text("room", 100),
    "online_url": lambda v: optional_url("online_url", v),
    "speakers": _optional_text("speakers", 500),
}
_SESSION_BLANK: dict[str, Any] = {
    "title": "",
    "description": "",
    "starts_at": None,
    "ends_at": None,
    "room": "",
    "online_url": "",
    "speakers": "",
}


def _clean_session(event: Event, values: dict[str, Any]) -> dict[str, Any]:
    cleaned = clean_fields(values, _SESSION_CHECKS, kind="agenda session")
    starts, ends = cleaned["starts_at"], cleaned["ends_at"]
    if ends <= starts:
        raise ValidationError({"ends_at": _("The session ends before it starts.")})
    if starts < event.starts_at:
        raise ValidationError({"starts_at": _("The session starts before the event.")})
    if ends > event.ends_at:
        raise ValidationError({"ends_at": _("The session ends after the event.")})
    return cleaned


def add_agenda_session(event: Event, *, by: Any, **values: Any) -> AgendaSession:
    """One item of the programme, inside the event's start and end."""
    _require_organise(event, by)
    with transaction.atomic():
        current = Event.objects.select_for_update().get(pk=event.pk)
        _refuse_if_cancelled(current)
        cleaned = _clean_session(current, _SESSION_BLANK | values)
        session = AgendaSession.objects.create(event=current, **cleaned)
        audit.record(
            "event.session_added",
            actor=by,
            target=current,
            organisation_id=current.organiser_id,
            data={"title": session.title},
        )
    return session


def update_agenda_session(session: AgendaSession, *, by: Any, **changes: Any) -> AgendaSession:
    _require_organise(session.event, by)
    with transaction.atomic():
        current = Event.objects.select_for_update().get(pk=session.event_id)
        _refuse_if_cancelled(current)
        values = {field: getattr(session, field) for field in _SESSION_CHECKS} | changes
        cleaned = _clean_session(current, values)
        AgendaSession.objects.filter(pk=session.pk).update(**cleaned)
        audit.record(
            "event.session_updated",
            actor=by,
            target=current,
            organisation_id=current.organiser_id,
            data={"title": cleaned["title"], "fields": sorted(changes)},
        )
    session.refresh_from_db()
    return session


def remove_agenda_session(session: AgendaSession, *, by: Any) -> None:
    _require_organise(session.event, by)
    with transaction.atomic():
        current = Event.objects.select_for_update().get(pk=session.event_id)
        _refuse_if_cancelled(current)
        audit.record(
            "event.session_removed",
            actor=by,
            target=current,
            organisation_id=current.organiser_id,
            data={"title": session.title},
        )
        session.delete()
