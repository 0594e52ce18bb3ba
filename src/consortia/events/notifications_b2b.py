"""Notification kinds of B2B sessions, and who hears of each step.

Requests go to the other side's members; the published agenda and later changes to it go to the
members of the participants concerned. The notifications' targets are the request or the
participant, and their data hold only what those people may read anyway (names, titles, times).
The services call these inside their transaction; the person who acted is not told.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from consortia.directory.models import Person
from consortia.messaging.kinds import NotificationKind, register
from consortia.messaging.services import notify

from .models import B2BSession, MeetingRequest, Participant

REQUEST_RECEIVED = register(
    NotificationKind(
        "b2b.request_received",
        label=_("B2B meeting requests to my organisation"),
        summary=_("%(requester)s asks %(recipient)s for a meeting at “%(session)s”"),
    )
)
REQUEST_ACCEPTED = register(
    NotificationKind(
        "b2b.request_accepted",
        label=_("My organisation's B2B meeting requests accepted"),
        summary=_("%(recipient)s accepted the meeting with %(requester)s at “%(session)s”"),
    )
)
REQUEST_DECLINED = register(
    NotificationKind(
        "b2b.request_declined",
        label=_("My organisation's B2B meeting requests declined"),
        summary=_("%(recipient)s declined the meeting with %(requester)s at “%(session)s”"),
    )
)
AGENDA_PUBLISHED = register(
    NotificationKind(
        "b2b.agenda_published",
        label=_("B2B schedules published"),
        summary=_("The schedule of “%(session)s” is published: %(count)s meetings for %(name)s"),
    )
)


def _change(data: Mapping[str, Any]) -> dict[str, str]:
    """The change, in the reader's language: ``moved`` (to ``time``), ``cancelled`` (the
    meeting of ``a`` and ``b``) or ``recomputed``."""
    change = data.get("change")
    if change == "moved":
        what = gettext("a meeting moved to %(time)s UTC") % {"time": data.get("time", "")}
    elif change == "cancelled":
        what = gettext("the meeting of %(a)s and %(b)s is cancelled") % {
            "a": data.get("a", ""),
            "b": data.get("b", ""),
        }
    else:
        what = gettext("the schedule was recomputed")
    return {"what": what}


AGENDA_CHANGED = register(
    NotificationKind(
        "b2b.agenda_changed",
        label=_("Changes to my organisation's B2B agenda"),
        summary=_("The agenda of %(name)s at “%(session)s” changed: %(what)s"),
        prepare=_change,
    )
)


def participant_members(participant: Participant) -> list[Person]:
    """Everyone in the participating organisation (active accounts only)."""
    return list(
        Person.objects.filter(
            memberships__organisation_id=participant.organisation_id, user__is_active=True
        )
        .select_related("user")
        .distinct()
        .order_by("full_name", "id")
    )


def _tell(
    people: Iterable[Person], kind: str, target: models.Model, data: Mapping[str, Any], *, by: Any
) -> None:
    for person in people:
        if person.user_id != getattr(by, "pk", None):
            notify(person, kind, target, data)


def _about(request: MeetingRequest) -> dict[str, str]:
    return {
        "requester": request.requester.organisation.name,
        "recipient": request.recipient.organisation.name,
        "session": request.session.title,
    }


def request_received(request: MeetingRequest, *, by: Any) -> None:
    _tell(
        participant_members(request.recipient),
        REQUEST_RECEIVED.code,
        request,
        _about(request),
        by=by,
    )


def request_answered(request: MeetingRequest, *, by: Any, accepted: bool) -> None:
    kind = REQUEST_ACCEPTED if accepted else REQUEST_DECLINED
    _tell(participant_members(request.requester), kind.code, request, _about(request), by=by)


def agenda_published(session: B2BSession, participant: Participant, count: int, *, by: Any) -> None:
    data = {"session": session.title, "name": participant.organisation.name, "count": count}
    _tell(participant_members(participant), AGENDA_PUBLISHED.code, participant, data, by=by)


def agenda_changed(
    session: B2BSession,
    participants: Iterable[Participant],
    change: str,
    *,
    by: Any,
    **details: str,
) -> None:
    """``change`` is ``moved``, ``cancelled`` or ``recomputed``; ``details`` fill its words."""
    for participant in participants:
        data = {"session": session.title, "name": participant.organisation.name}
        data |= {"change": change, **details}
        _tell(participant_members(participant), AGENDA_CHANGED.code, participant, data, by=by)
