"""Notification kinds of events, and who hears of each registration.

The organisers' admins hear of a registration that waits for their approval; the person hears
the organisers' decision. The services call these inside the transaction of the change, so a
refused or rolled-back change notifies nobody; whoever acted is not told of their own action.
"""

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from consortia.directory.models import Person
from consortia.directory.selectors import organisation_contacts
from consortia.messaging.kinds import NotificationKind, register
from consortia.messaging.services import notify

from .models import Registration, RegistrationStatus


def _decision(data: Any) -> dict[str, str]:
    words = {
        RegistrationStatus.CONFIRMED: gettext("confirmed"),
        RegistrationStatus.DECLINED: gettext("declined"),
    }
    return {"status": words.get(data.get("status", ""), str(data.get("status", "")))}


REGISTRATION_REQUESTED = register(
    NotificationKind(
        "event.registration_requested",
        label=_("Registrations waiting for approval at events my organisation runs"),
        summary=_("%(person)s asks to attend “%(event)s”"),
    )
)
REGISTRATION_DECIDED = register(
    NotificationKind(
        "event.registration_decided",
        label=_("Decisions on my event registrations"),
        summary=_("Your registration for “%(event)s” is %(status)s"),
        prepare=_decision,
    )
)


def _person_of(user: Any) -> Person | None:
    return Person.objects.filter(user_id=user.pk).select_related("user").first()


def registration_requested(registration: Registration, *, by: Any) -> None:
    """To the owners and admins of the organiser and every co-organiser, once each."""
    event = registration.event
    person = _person_of(registration.user)
    data = {
        "person": person.full_name if person else registration.user.email,
        "event": event.title,
    }
    told: set[int] = set()
    for organisation in [event.organiser, *event.co_organisers.all()]:
        for contact in organisation_contacts(organisation):
            if contact.pk not in told and contact.user_id != getattr(by, "pk", None):
                told.add(contact.pk)
                notify(contact, REGISTRATION_REQUESTED.code, event, data)


def registration_decided(registration: Registration, *, by: Any) -> None:
    """To the registered person."""
    person = _person_of(registration.user)
    if person is None or person.user_id == getattr(by, "pk", None):
        return
    data = {"event": registration.event.title, "status": registration.status}
    notify(person, REGISTRATION_DECIDED.code, registration.event, data)
