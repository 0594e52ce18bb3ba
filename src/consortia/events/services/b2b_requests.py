"""Meeting requests between participants of a B2B session, their answers, and the "must meet"
and "do not meet" marks that weigh or forbid them."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from consortia.core import audit, clock
from consortia.core.permissions import require

from .. import notifications_b2b as notifications
from .. import policies
from ..models import (
    B2BSession,
    B2BStatus,
    Mark,
    Meeting,
    MeetingRequest,
    Participant,
    RequestStatus,
    SessionMode,
)
from .b2b_sessions import requests_open

OPEN = (RequestStatus.PENDING, RequestStatus.ACCEPTED)


def _refuse(field: str, message: str) -> ValidationError:
    return ValidationError({field: message})


def _priority(field: str, value: Any) -> int:
    if value not in MeetingRequest.Priority.values:
        raise _refuse(field, _("Choose normal, high or top priority."))
    return int(value)


def _lock(*participants: Participant) -> None:
    """Lock both sides' rows, always in the same order, so requests between a pair serialise."""
    ids = sorted({p.pk for p in participants})
    list(Participant.objects.select_for_update().filter(pk__in=ids).order_by("pk"))


def _between(a: Participant, b: Participant) -> Q:
    return Q(requester=a, recipient=b) | Q(requester=b, recipient=a)


def request_meeting(
    session: B2BSession,
    *,
    by: Any,
    requester: Participant,
    recipient: Participant,
    message: str = "",
    priority: int = MeetingRequest.Priority.NORMAL,
    online: bool = False,
) -> MeetingRequest:
    require(policies.can_act_for(by, requester), _("Only the participant's members ask for it."))
    if requester.session_id != session.pk:
        raise _refuse("requester", _("Choose a participant of this session."))
    if recipient.session_id != session.pk:
        raise _refuse("recipient", _("Choose a participant of this session."))
    if recipient.pk == requester.pk:
        raise _refuse("recipient", _("A participant does not meet itself."))
    if not requests_open(session):
        raise _refuse("session", _("This session no longer takes requests."))
    priority = _priority("priority", priority)
    message = (message or "").strip()
    if len(message) > 2000:
        raise _refuse("message", _("At most %(max)d characters.") % {"max": 2000})
    online = bool(online)
    if not online and (
        session.mode == SessionMode.ONLINE or not requester.onsite or not recipient.onsite
    ):
        raise _refuse("online", _("One side is not on site: this meeting can only be online."))
    if online and session.mode == SessionMode.ONSITE:
        raise _refuse("online", _("This session meets on site only."))
    try:
        with transaction.atomic():
            _lock(requester, recipient)
            if Mark.objects.filter(
                Q(participant=requester, other=recipient)
                | Q(participant=recipient, other=requester),
                kind=Mark.Kind.DO_NOT_MEET,
            ).exists():
                raise _refuse("recipient", _("This meeting is not possible."))
            if MeetingRequest.objects.filter(
                _between(requester, recipient), status__in=OPEN
            ).exists():
                raise _refuse("recipient", _("A request between you is already open."))
            request = MeetingRequest.objects.create(
                session=session,
                requester=requester,
                recipient=recipient,
                message=message,
                priority=priority,
                online=online,
            )
            audit.record(
                "b2b.request_made",
                actor=by,
                target=request,
                organisation_id=requester.organisation_id,
            )
            notifications.request_received(request, by=by)
    except IntegrityError:
        raise _refuse("recipient", _("A request between you is already open.")) from None
    return request


def _answer(
    request: MeetingRequest, *, by: Any, status: str, recipient_priority: int | None = None
) -> MeetingRequest:
    require(
        policies.can_act_for(by, request.recipient),
        _("Only the recipient's members answer a request."),
    )
    with transaction.atomic():
        current = MeetingRequest.objects.select_for_update().get(pk=request.pk)
        if current.status != RequestStatus.PENDING:
            raise _refuse("status", _("This request has been answered already."))
        request.status = status
        request.answered_at = clock.now()
        fields = ["status", "answered_at", "updated_at"]
        if recipient_priority is not None:
            request.recipient_priority = recipient_priority
            fields.append("recipient_priority")
        request.save(update_fields=fields)
        audit.record(
            f"b2b.request_{status}",
            actor=by,
            target=request,
            organisation_id=request.recipient.organisation_id,
        )
        notifications.request_answered(request, by=by, accepted=status == RequestStatus.ACCEPTED)
    return request


def accept_request(
    request: MeetingRequest, *, by: Any, recipient_priority: int = MeetingRequest.Priority.NORMAL
) -> MeetingRequest:
    priority = _priority("recipient_priority", recipient_priority)
    return _answer(request, by=by, status=RequestStatus.ACCEPTED, recipient_priority=priority)


def decline_request(request: MeetingRequest, *, by: Any) -> MeetingRequest:
    return _answer(request, by=by, status=RequestStatus.DECLINED)


def cancel_request(request: MeetingRequest, *, by: Any) -> MeetingRequest:
    """The requester withdraws; a meeting already scheduled for it is taken off the schedule
    (and, once published, both sides hear of it)."""
    require(
        policies.can_act_for(by, request.requester),
        _("Only the requester's members cancel a request."),
    )
    with transaction.atomic():
        current = MeetingRequest.objects.select_for_update().get(pk=request.pk)
        if current.status not in OPEN:
            raise _refuse("status", _("This request is no longer open."))
        removed = Meeting.objects.filter(request=request).delete()[0] > 0
        request.status = RequestStatus.CANCELLED
        request.save(update_fields=["status", "updated_at"])
        audit.record(
            "b2b.request_cancelled",
            actor=by,
            target=request,
            organisation_id=request.requester.organisation_id,
            data={"meeting_removed": removed},
        )
        if removed and request.session.status == B2BStatus.PUBLISHED:
            notifications.agenda_changed(
                request.session,
                [request.requester, request.recipient],
                "cancelled",
                by=by,
                a=request.requester.organisation.name,
                b=request.recipient.organisation.name,
            )
    return request


def mark(participant: Participant, other: Participant, kind: str, *, by: Any) -> Mark:
    """``participant`` must meet, or will not meet, ``other`` (one mark per pair, replaced)."""
    require(policies.can_act_for(by, participant), _("Only the participant's members mark."))
    if other.session_id != participant.session_id:
        raise _refuse("other", _("Choose a participant of this session."))
    if other.pk == participant.pk:
        raise _refuse("other", _("A participant does not mark itself."))
    if kind not in Mark.Kind.values:
        raise _refuse("kind", _("Choose “must meet” or “do not meet”."))
    with transaction.atomic():
        _lock(participant, other)
        if (
            kind == Mark.Kind.DO_NOT_MEET
            and Meeting.objects.filter(
                request__in=MeetingRequest.objects.filter(_between(participant, other))
            ).exists()
        ):
            raise _refuse("kind", _("A meeting between you is scheduled; cancel it first."))
        row, _created = Mark.objects.update_or_create(
            participant=participant, other=other, defaults={"kind": kind}
        )
        audit.record(
            "b2b.marked", actor=by, target=participant, data={"other": other.pk, "kind": kind}
        )
    return row


def unmark(participant: Participant, other: Participant, *, by: Any) -> None:
    require(policies.can_act_for(by, participant), _("Only the participant's members mark."))
    with transaction.atomic():
        deleted = Mark.objects.filter(participant=participant, other=other).delete()[0]
        if deleted:
            audit.record("b2b.unmarked", actor=by, target=participant, data={"other": other.pk})
