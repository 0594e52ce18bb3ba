"""B2B sessions: setting one up (slots and tables), joining it, and each participant's
availability (entered in their own time zone), quota, attendance and exhibitor table."""

import zoneinfo
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from consortia.core import audit, clock
from consortia.core.permissions import require
from consortia.directory import selectors as directory_selectors
from consortia.directory.models import Organisation
from consortia.directory.services.validation import require_text, require_time_zone

from .. import policies
from ..models import (
    B2BSession,
    Event,
    Meeting,
    MeetingRequest,
    Participant,
    RequestStatus,
    Seat,
    SessionMode,
    Slot,
    Table,
)

MAX_TABLES = 500


def _refuse(field: str, message: str) -> ValidationError:
    return ValidationError({field: message})


def _aware(field: str, value: Any) -> datetime:
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise _refuse(field, _("Enter a date and time with its time zone."))
    return value.astimezone(UTC)


def _whole_number(field: str, value: Any, *, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _refuse(
            field, _("Enter a whole number from %(low)d to %(high)d.") % {"low": low, "high": high}
        )
    return value


def _table_names(value: int | Sequence[str]) -> list[str]:
    if isinstance(value, int):
        _whole_number("tables", value, low=0, high=MAX_TABLES)
        return [_("Table %(number)d") % {"number": n} for n in range(1, value + 1)]
    if isinstance(value, str):
        raise _refuse("tables", _("Give the number of tables or their names."))
    names = [str(name).strip() for name in value]
    if any(not name or len(name) > 40 for name in names) or len(names) > MAX_TABLES:
        raise _refuse("tables", _("Name every table in at most 40 characters."))
    if len(set(names)) != len(names):
        raise _refuse("tables", _("Two tables have the same name."))
    return names


def slot_times(
    starts_at: datetime, ends_at: datetime, minutes: int
) -> list[tuple[datetime, datetime]]:
    """Consecutive meetings of ``minutes`` from the start while they fit before the end."""
    length = timedelta(minutes=minutes)
    times = []
    start = starts_at
    while start + length <= ends_at:
        times.append((start, start + length))
        start += length
    return times


def create_b2b_session(
    event: Event,
    *,
    by: Any,
    title: str,
    mode: str,
    meeting_minutes: int,
    starts_at: datetime,
    ends_at: datetime,
    tables: int | Sequence[str],
    default_quota: int,
    requests_close_at: datetime | None = None,
) -> B2BSession:
    """A session inside the event's time with its slots and (unless online) its tables."""
    require(policies.can_organise(by, event), _("Only the event's organisers add B2B sessions."))
    title = require_text("title", title, max_length=200)
    if mode not in SessionMode.values:
        raise _refuse("mode", _("Choose on site, online or hybrid."))
    meeting_minutes = _whole_number("meeting_minutes", meeting_minutes, low=5, high=240)
    starts_at = _aware("starts_at", starts_at)
    ends_at = _aware("ends_at", ends_at)
    if ends_at <= starts_at:
        raise _refuse("ends_at", _("The session ends after it starts."))
    if starts_at < event.starts_at or ends_at > event.ends_at:
        raise _refuse("starts_at", _("The session takes place within the event's time."))
    times = slot_times(starts_at, ends_at, meeting_minutes)
    if not times:
        raise _refuse("meeting_minutes", _("Not even one meeting fits into the session."))
    names = [] if mode == SessionMode.ONLINE else _table_names(tables)
    if mode != SessionMode.ONLINE and not names:
        raise _refuse("tables", _("Meetings on site need at least one table."))
    default_quota = _whole_number("default_quota", default_quota, low=1, high=len(times))
    if requests_close_at is not None:
        requests_close_at = _aware("requests_close_at", requests_close_at)
        if requests_close_at > starts_at:
            raise _refuse("requests_close_at", _("Requests close before the session starts."))
    with transaction.atomic():
        session = B2BSession.objects.create(
            event=event,
            title=title,
            mode=mode,
            meeting_minutes=meeting_minutes,
            starts_at=starts_at,
            ends_at=ends_at,
            default_quota=default_quota,
            requests_close_at=requests_close_at,
        )
        Slot.objects.bulk_create(Slot(session=session, starts_at=s, ends_at=e) for s, e in times)
        Table.objects.bulk_create(Table(session=session, name=name) for name in names)
        audit.record(
            "b2b_session.created",
            actor=by,
            target=session,
            organisation_id=event.organiser_id,
            data={"slots": len(times), "tables": len(names)},
        )
    return session


def update_b2b_session(
    session: B2BSession,
    *,
    by: Any,
    title: str | None = None,
    default_quota: int | None = None,
    requests_close_at: datetime | None = None,
    add_tables: Sequence[str] = (),
) -> B2BSession:
    """Only what leaves every meeting in place: the title, the quota of participants joining
    from now on, when requests close, and more tables. Slots, length and mode stay."""
    require(policies.can_organise(by, session.event), _("Only the event's organisers do this."))
    changes: dict[str, Any] = {}
    if title is not None:
        changes["title"] = require_text("title", title, max_length=200)
    if default_quota is not None:
        changes["default_quota"] = _whole_number(
            "default_quota", default_quota, low=1, high=session.slots.count()
        )
    if requests_close_at is not None:
        closes = _aware("requests_close_at", requests_close_at)
        if closes > session.starts_at:
            raise _refuse("requests_close_at", _("Requests close before the session starts."))
        changes["requests_close_at"] = closes
    names = _table_names(list(add_tables)) if add_tables else []
    if names and session.mode == SessionMode.ONLINE:
        raise _refuse("add_tables", _("An online session has no tables."))
    try:
        with transaction.atomic():
            for field, value in changes.items():
                setattr(session, field, value)
            if changes:
                session.save(update_fields=[*changes, "updated_at"])
            Table.objects.bulk_create(Table(session=session, name=name) for name in names)
            audit.record(
                "b2b_session.updated",
                actor=by,
                target=session,
                organisation_id=session.event.organiser_id,
                data={"fields": sorted(changes), "tables_added": len(names)},
            )
    except IntegrityError:
        raise _refuse("add_tables", _("A table of that name exists already.")) from None
    return session


# --- Participants -----------------------------------------------------------------------------
def requests_open(session: B2BSession) -> bool:
    closes = session.requests_close_at
    return session.status != "published" and (closes is None or clock.now() < closes)


def _onsite_allowed(session: B2BSession, onsite: bool) -> None:
    if onsite and session.mode == SessionMode.ONLINE:
        raise _refuse("onsite", _("This session meets online only."))
    if not onsite and session.mode == SessionMode.ONSITE:
        raise _refuse("onsite", _("This session meets on site only."))


def _active_member(organisation: Organisation, user: Any) -> bool:
    return (
        user is not None
        and getattr(user, "pk", None) is not None
        and directory_selectors.memberships_of_organisation(organisation)
        .filter(person__user_id=user.pk, person__user__is_active=True)
        .exists()
    )


def join_b2b_session(
    session: B2BSession,
    *,
    by: Any,
    organisation: Organisation,
    time_zone: str | None = None,
    quota: int | None = None,
    onsite: bool = True,
    profile: str = "",
) -> Participant:
    """``organisation`` takes part, with ``by`` as its contact; every slot is available until
    the participant says otherwise."""
    require(
        policies.can_join_b2b_for(by, session, organisation),
        _("Only members of a verified organisation join, while the session is open."),
    )
    if not requests_open(session):
        raise _refuse("session", _("This session no longer takes participants."))
    person = getattr(by, "person", None)
    zone = require_time_zone("time_zone", str(time_zone or getattr(person, "time_zone", "UTC")))
    slots = list(session.slots.all())
    quota = _whole_number(
        "quota", session.default_quota if quota is None else quota, low=1, high=len(slots)
    )
    _onsite_allowed(session, onsite)
    if len(profile or "") > 5000:
        raise _refuse("profile", _("At most %(max)d characters.") % {"max": 5000})
    try:
        with transaction.atomic():
            participant = Participant.objects.create(
                session=session,
                organisation=organisation,
                contact=by,
                time_zone=zone,
                quota=quota,
                onsite=onsite,
                profile=(profile or "").strip(),
            )
            participant.available_slots.set(slots)
            audit.record("b2b.joined", actor=by, target=participant, data={"session": session.pk})
    except IntegrityError:
        raise _refuse("organisation", _("Your organisation takes part already.")) from None
    return participant


def _require_self_or_organiser(by: Any, participant: Participant) -> None:
    require(
        policies.can_act_for(by, participant)
        or policies.can_organise(by, participant.session.event),
        _("Only the participant's members and the organisers change this."),
    )


def _local_to_utc(value: Any, zone: tzinfo, *, end: bool) -> datetime:
    """A wall-clock time in ``zone``. Repeated (fold) times widen the range: a start takes the
    first occurrence, an end the second. Skipped (gap) times mean the moment the clock jumps."""
    if not isinstance(value, datetime):
        raise _refuse("ranges", _("Give each range as two dates with times."))
    if value.tzinfo is not None:
        return value.astimezone(UTC)
    first = value.replace(tzinfo=zone, fold=0).astimezone(UTC)
    second = value.replace(tzinfo=zone, fold=1).astimezone(UTC)
    if first == second:
        return first
    if first < second:  # repeated hour
        return second if end else first
    low, high = second, first  # skipped hour: the jump lies between the two readings
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        if middle.astimezone(zone).replace(tzinfo=None) >= value:
            high = middle
        else:
            low = middle
    return high.replace(microsecond=0) if high.microsecond else high


def utc_ranges(
    ranges: Iterable[tuple[Any, Any]], time_zone: str
) -> list[tuple[datetime, datetime]]:
    """Local ranges as merged UTC ranges (overlapping or touching ranges become one)."""
    zone = zoneinfo.ZoneInfo(time_zone)
    converted = []
    for item in ranges:
        try:
            start, end = item
        except (TypeError, ValueError):
            raise _refuse("ranges", _("Give each range as two dates with times.")) from None
        utc_start = _local_to_utc(start, zone, end=False)
        utc_end = _local_to_utc(end, zone, end=True)
        if utc_end <= utc_start:
            raise _refuse("ranges", _("Each range ends after it starts."))
        converted.append((utc_start, utc_end))
    merged: list[tuple[datetime, datetime]] = []
    for start, end in sorted(converted):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def set_availability(
    participant: Participant, *, by: Any, ranges: Sequence[tuple[Any, Any]]
) -> list[Slot]:
    """The slots lying wholly inside the ranges, which are wall-clock times in the
    participant's own time zone. A slot holding one of the participant's meetings stays."""
    _require_self_or_organiser(by, participant)
    windows = utc_ranges(ranges, participant.time_zone)
    slots = [
        slot
        for slot in participant.session.slots.all()
        if any(start <= slot.starts_at and slot.ends_at <= end for start, end in windows)
    ]
    chosen = {slot.pk for slot in slots}
    with transaction.atomic():
        Participant.objects.select_for_update().filter(pk=participant.pk).first()
        busy = Seat.objects.filter(participant=participant).exclude(slot_id__in=chosen)
        if busy.exists():
            raise _refuse(
                "ranges",
                _(
                    "You have a meeting at a time these ranges leave out; ask the "
                    "organisers to move it first."
                ),
            )
        participant.available_slots.set(slots)
        audit.record(
            "b2b.availability_set", actor=by, target=participant, data={"slots": len(slots)}
        )
    return slots


def update_participant(
    participant: Participant,
    *,
    by: Any,
    profile: str | None = None,
    time_zone: str | None = None,
    contact: Any = None,
    quota: int | None = None,
    onsite: bool | None = None,
) -> Participant:
    """Change what the participant says of itself after joining; None leaves a field as it is.

    ``time_zone`` only changes how its times are shown and entered: the availability is kept
    as the same slots. ``contact`` is an active member of the participant's organisation.
    ``quota`` may not fall below the meetings it already has; attending online (``onsite``
    False) is refused while it has meetings at a table, and turns its open requests into
    video meetings. All or nothing."""
    _require_self_or_organiser(by, participant)
    session = participant.session
    changes: dict[str, Any] = {}
    if profile is not None:
        if not isinstance(profile, str) or len(profile.strip()) > 5000:
            raise _refuse("profile", _("At most %(max)d characters.") % {"max": 5000})
        changes["profile"] = profile.strip()
    if time_zone is not None:
        changes["time_zone"] = require_time_zone("time_zone", str(time_zone))
    if contact is not None:
        if not _active_member(participant.organisation, contact):
            raise _refuse(
                "contact",
                _("Choose an active member of %(organisation)s.")
                % {"organisation": participant.organisation.name},
            )
        changes["contact"] = contact
    if quota is not None:
        changes["quota"] = _whole_number("quota", quota, low=1, high=session.slots.count())
    if onsite is not None:
        if not isinstance(onsite, bool):
            raise _refuse("onsite", _("Say whether you attend on site."))
        _onsite_allowed(session, onsite)
        changes["onsite"] = onsite
    with transaction.atomic():
        Participant.objects.select_for_update().filter(pk=participant.pk).first()
        participant.refresh_from_db(fields=["profile", "time_zone", "contact", "quota", "onsite"])
        if "quota" in changes:
            meetings = Seat.objects.filter(participant=participant).count()
            if meetings > changes["quota"]:
                raise _refuse(
                    "quota",
                    _(
                        "You already have %(count)d meetings: set at least %(count)d, or ask "
                        "the organisers to take some off the schedule."
                    )
                    % {"count": meetings},
                )
        goes_online = changes.get("onsite") is False and participant.onsite
        if (
            goes_online
            and Meeting.objects.filter(seats__participant=participant, table__isnull=False).exists()
        ):
            raise _refuse("onsite", _("You have meetings at a table; ask the organisers first."))
        changed = sorted(f for f, value in changes.items() if getattr(participant, f) != value)
        for field in changed:
            setattr(participant, field, changes[field])
        if changed:
            participant.save(update_fields=[*changed, "updated_at"])
        if goes_online:
            open_statuses = [RequestStatus.PENDING, RequestStatus.ACCEPTED]
            for side in ("requester", "recipient"):
                MeetingRequest.objects.filter(
                    **{side: participant}, status__in=open_statuses
                ).update(online=True)
        audit.record(
            "b2b.participant_updated",
            actor=by,
            target=participant,
            organisation_id=participant.organisation_id,
            data={
                "fields": changed,
                **{f: changes[f] for f in ("time_zone", "quota", "onsite") if f in changed},
                **({"contact": participant.contact_id} if "contact" in changed else {}),
            },
        )
    return participant


def assign_fixed_table(participant: Participant, table: Table | None, *, by: Any) -> Participant:
    """An exhibitor stays at ``table`` (None frees it); organisers only."""
    require(
        policies.can_organise(by, participant.session.event),
        _("Only the event's organisers assign tables."),
    )
    if table is not None:
        if table.session_id != participant.session_id:
            raise _refuse("table", _("Choose a table of this session."))
        if not participant.onsite:
            raise _refuse("table", _("Only participants on site sit at a table."))
    try:
        with transaction.atomic():
            Participant.objects.select_for_update().filter(pk=participant.pk).first()
            if table is not None and (
                Meeting.objects.filter(seats__participant=participant, locked=True)
                .exclude(table__isnull=True)
                .exclude(table=table)
                .exists()
            ):
                raise _refuse(
                    "table", _("A locked meeting of this participant is at another table.")
                )
            participant.fixed_table = table
            participant.save(update_fields=["fixed_table", "updated_at"])
            audit.record(
                "b2b.table_assigned",
                actor=by,
                target=participant,
                data={"table": table.name if table else None},
            )
    except IntegrityError:
        raise _refuse("table", _("Another exhibitor has this table.")) from None
    return participant
