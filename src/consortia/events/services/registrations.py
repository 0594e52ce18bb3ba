"""Registration: one place per person and event, never beyond the capacity, optionally in their
organisation's delegation; the organisers approve or decline, the person cancels.

The capacity holds under concurrency: every registration first locks the event's row
(``select_for_update`` on PostgreSQL; on SQLite the IMMEDIATE transaction serialises writers),
then counts the places held, so two people can never both take the last place."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from consortia.core import audit, clock
from consortia.core.permissions import require
from consortia.directory import policies as directory
from consortia.directory.models import Organisation

from .. import notifications, policies
from ..models import (
    Attendance,
    Delegation,
    Event,
    EventStatus,
    Registration,
    RegistrationStatus,
)
from ..selectors.events import HOLDING, places_held


def _refuse(field: str, message: str) -> ValidationError:
    return ValidationError({field: message})


def _check_attendance(event: Event, attendance: str) -> str:
    if attendance not in Attendance.values:
        raise _refuse("attendance", _("Choose on site or online."))
    if attendance == Attendance.ONSITE and not event.city:
        raise _refuse("attendance", _("This event takes place online only."))
    if attendance == Attendance.ONLINE and not event.online_url:
        raise _refuse("attendance", _("This event has no online participation."))
    return attendance


def _check_open(event: Event) -> None:
    if event.status != EventStatus.PUBLISHED:
        raise _refuse("status", _("This event does not take registrations."))
    closes = event.registration_closes_at or event.ends_at
    if clock.now() >= min(closes, event.ends_at):
        raise _refuse("status", _("Registration for this event has closed."))


def _join_delegation(event: Event, organisation: Organisation, user: Any) -> Delegation:
    """The organisation's delegation to the event (made by its first registrant, who heads it;
    a delegation left without a head gets the newcomer)."""
    delegation, created = Delegation.objects.get_or_create(
        event=event, organisation=organisation, defaults={"head": user}
    )
    if not created and delegation.head_id is None:
        delegation.head = user
        delegation.save(update_fields=["head", "updated_at"])
    return delegation


def register(
    event: Event,
    *,
    by: Any,
    organisation: Organisation | None = None,
    attendance: str = Attendance.ONSITE,
    note: str = "",
) -> Registration:
    """``by`` takes a place (pending when the event needs approval, else confirmed). With
    ``organisation`` (one of theirs), they join its delegation. A cancelled registration is
    taken up again; a declined one is not."""
    require(getattr(by, "is_authenticated", False), _("Sign in to register for an event."))
    attendance = _check_attendance(event, attendance)
    note = (note or "").strip()
    if len(note) > 2000:
        raise _refuse("note", _("At most %(max)d characters.") % {"max": 2000})
    if organisation is not None and organisation.pk not in directory.memberships_by_organisation(
        by
    ):
        raise _refuse("organisation", _("Choose one of your own organisations."))
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        _check_open(locked)
        existing = Registration.objects.filter(event=locked, user=by).first()
        if existing is not None and existing.holds_place:
            raise _refuse("status", _("You are already registered."))
        if existing is not None and existing.status == RegistrationStatus.DECLINED:
            raise _refuse("status", _("The organisers declined your registration."))
        held = places_held(locked)
        if locked.capacity is not None and held >= locked.capacity:
            raise _refuse("capacity", _("Every place is taken."))
        values = {
            "status": RegistrationStatus.PENDING
            if locked.requires_approval
            else RegistrationStatus.CONFIRMED,
            "attendance": attendance,
            "note": note,
            "delegation": _join_delegation(locked, organisation, by) if organisation else None,
            "decided_by": None,
        }
        registration, _created = Registration.objects.update_or_create(
            event=locked, user=by, defaults=values
        )
        audit.record(
            "event.registered",
            actor=by,
            target=registration,
            organisation_id=organisation.pk if organisation else None,
            data={"event": str(locked.public_id), "status": registration.status},
        )
        if registration.status == RegistrationStatus.PENDING:
            notifications.registration_requested(registration, by=by)
    return registration


def _decide(registration: Registration, *, by: Any, allowed: set[str], to: str) -> Registration:
    require(
        policies.can_organise(by, registration.event),
        _("Only the organisers' admins or the operator decide registrations."),
    )
    with transaction.atomic():
        Event.objects.select_for_update().get(pk=registration.event_id)
        current = Registration.objects.select_related("event").get(pk=registration.pk)
        if current.status not in allowed:
            raise _refuse(
                "status",
                _("A registration that is %(status)s cannot be %(target)s.")
                % {
                    "status": RegistrationStatus(current.status).label.lower(),
                    "target": RegistrationStatus(to).label.lower(),
                },
            )
        current.status, current.decided_by = to, by
        current.save(update_fields=["status", "decided_by", "updated_at"])
        if to == RegistrationStatus.DECLINED:
            _leave_delegation(current)
        audit.record(f"event.registration_{to}", actor=by, target=current)
        notifications.registration_decided(current, by=by)
    registration.refresh_from_db()
    return registration


def approve_registration(registration: Registration, *, by: Any) -> Registration:
    """Pending → confirmed (its place was held already)."""
    return _decide(
        registration, by=by, allowed={RegistrationStatus.PENDING}, to=RegistrationStatus.CONFIRMED
    )


def decline_registration(registration: Registration, *, by: Any) -> Registration:
    """Pending or confirmed → declined; the place is free again."""
    return _decide(
        registration,
        by=by,
        allowed={RegistrationStatus.PENDING, RegistrationStatus.CONFIRMED},
        to=RegistrationStatus.DECLINED,
    )


def _leave_delegation(registration: Registration) -> None:
    """A head who leaves hands the delegation to its earliest remaining registrant."""
    delegation = registration.delegation
    if delegation is None or delegation.head_id != registration.user_id:
        return
    successor = (
        delegation.registrations.filter(status__in=HOLDING)
        .exclude(pk=registration.pk)
        .order_by("created_at", "id")
        .first()
    )
    delegation.head_id = successor.user_id if successor else None
    delegation.save(update_fields=["head", "updated_at"])


def cancel_registration(registration: Registration, *, by: Any) -> Registration:
    """The person gives their place back (until the event ends)."""
    require(registration.user_id == getattr(by, "pk", None), _("Only you cancel your place."))
    with transaction.atomic():
        Event.objects.select_for_update().get(pk=registration.event_id)
        current = Registration.objects.select_related("event", "delegation").get(pk=registration.pk)
        if current.status not in HOLDING:
            raise _refuse("status", _("This registration holds no place."))
        if clock.now() >= current.event.ends_at:
            raise _refuse("status", _("The event is over."))
        current.status = RegistrationStatus.CANCELLED
        current.save(update_fields=["status", "updated_at"])
        _leave_delegation(current)
        audit.record("event.registration_cancelled", actor=by, target=current)
    registration.refresh_from_db()
    return registration
