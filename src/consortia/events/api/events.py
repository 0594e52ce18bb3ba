"""Events, their agenda, registrations, the caller's agenda and calendar feed."""

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Status
from ninja.pagination import paginate

from consortia.core.api import (
    LIST_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    ApiRequest,
    Pages,
    anyone,
    time_in_body,
)
from consortia.core.permissions import NotVisible, get_visible, require
from consortia.directory.api import organisation_in_body

from .. import policies
from ..forms import EventFilterForm
from ..models import AgendaSession, Event, Registration
from ..selectors import agenda as agenda_selectors
from ..selectors import events as selectors
from ..services import events as services
from ..services import feeds
from ..services import registrations as registration_services
from . import router
from .schemas import (
    AgendaItemOut,
    AgendaSessionIn,
    AgendaSessionOut,
    AgendaSessionPatch,
    EventDetailOut,
    EventIn,
    EventOut,
    EventPatch,
    EventQuery,
    FeedOut,
    MyEventsOut,
    RegistrationIn,
    RegistrationOut,
    local_time,
)

TIMES = ("starts_at", "ends_at", "registration_closes_at")


def _event(request: ApiRequest, event_id: UUID) -> Event:
    return selectors.event_for(request.auth, event_id)


def _organised(request: ApiRequest, event_id: UUID) -> Event:
    """An event the caller organises: 404 when unseen, then 403 before any 422."""
    event = _event(request, event_id)
    require(
        policies.can_organise(request.auth, event),
        _("Only the organisers' admins or the operator run this event."),
    )
    return event


def _in_body(request: ApiRequest, values: dict[str, Any], zone: str) -> dict[str, Any]:
    """Times read in ``zone`` when they carry no offset; co-organisers by id."""
    for name in TIMES:
        if name in values:
            values[name] = time_in_body(values[name], zone)
    if values.get("co_organisers") is not None:
        values["co_organisers"] = [
            organisation_in_body(request, "co_organisers", organisation_id)
            for organisation_id in values["co_organisers"]
        ]
    for name in ("co_organisers", "topics"):
        if name in values and values[name] is None:
            values[name] = []
    return values


@router.get(
    "/events", response={200: list[EventOut], **LIST_ERRORS}, auth=anyone, url_name="list_events"
)
@paginate(Pages)
def list_events(request: ApiRequest, query: Query[EventQuery]) -> Any:
    """The events the caller may see: upcoming soonest first; unknown filter values are 422."""
    form = EventFilterForm(query.dict())
    if not form.is_valid():
        raise ValidationError(
            {field: [str(m) for m in messages] for field, messages in form.errors.items()}
        )
    return selectors.listed_events(request.auth, selectors.EventFilters(**form.filters()))


@router.post("/events", response={201: EventDetailOut, **WRITE_ERRORS}, url_name="create_event")
def create_event(request: ApiRequest, payload: EventIn) -> Any:
    """A draft event of ``organiser``; times without an offset are in ``time_zone``."""
    values = _in_body(request, payload.dict(exclude={"organiser"}), payload.time_zone)
    event = services.create_event(
        by=request.auth,
        organiser=organisation_in_body(request, "organiser", payload.organiser),
        **values,
    )
    return Status(201, _event(request, event.public_id))


@router.get(
    "/events/mine", response={200: MyEventsOut, 401: READ_ERRORS[401]}, url_name="my_events"
)
def my_events(request: ApiRequest) -> Any:
    """The caller's registrations holding a place, and the events they organise."""
    return selectors.my_events(request.auth)


@router.get(
    "/events/{uuid:event_id}",
    response={200: EventDetailOut, **READ_ERRORS},
    auth=anyone,
    url_name="get_event",
)
def get_event(request: ApiRequest, event_id: UUID) -> Any:
    """With its agenda and B2B sessions; a draft is 404 but to its organisers."""
    return _event(request, event_id)


@router.patch(
    "/events/{uuid:event_id}",
    response={200: EventDetailOut, **WRITE_ERRORS},
    url_name="update_event",
)
def update_event(request: ApiRequest, event_id: UUID, payload: EventPatch) -> Any:
    """Only the fields given change; all are checked again together."""
    event = _organised(request, event_id)
    changes = payload.dict(exclude_unset=True)
    zone = changes.get("time_zone") or event.time_zone
    services.update_event(event, by=request.auth, **_in_body(request, changes, zone))
    return _event(request, event_id)


@router.post(
    "/events/{uuid:event_id}/publish",
    response={200: EventDetailOut, **WRITE_ERRORS},
    url_name="publish_event",
)
def publish_event(request: ApiRequest, event_id: UUID) -> Any:
    services.publish_event(_organised(request, event_id), by=request.auth)
    return _event(request, event_id)


@router.post(
    "/events/{uuid:event_id}/cancel",
    response={200: EventDetailOut, **WRITE_ERRORS},
    url_name="cancel_event",
)
def cancel_event(request: ApiRequest, event_id: UUID) -> Any:
    """Those registered are told; the event stays listed as cancelled."""
    services.cancel_event(_organised(request, event_id), by=request.auth)
    return _event(request, event_id)


# --- The agenda -----------------------------------------------------------------------------
def _agenda_session(event: Event, session_id: UUID) -> AgendaSession:
    session = get_visible(AgendaSession.objects.filter(event=event), public_id=session_id)
    session.event = event
    return session


@router.post(
    "/events/{uuid:event_id}/agenda",
    response={201: AgendaSessionOut, **WRITE_ERRORS},
    url_name="add_agenda_session",
)
def add_agenda_session(request: ApiRequest, event_id: UUID, payload: AgendaSessionIn) -> Any:
    """A session inside the event's times; times without an offset are the event's local."""
    event = _organised(request, event_id)
    values = _in_body(request, payload.dict(), event.time_zone)
    session = services.add_agenda_session(event, by=request.auth, **values)
    return Status(201, _agenda_session(event, session.public_id))


@router.patch(
    "/events/{uuid:event_id}/agenda/{uuid:session_id}",
    response={200: AgendaSessionOut, **WRITE_ERRORS},
    url_name="update_agenda_session",
)
def update_agenda_session(
    request: ApiRequest, event_id: UUID, session_id: UUID, payload: AgendaSessionPatch
) -> Any:
    event = _organised(request, event_id)
    session = _agenda_session(event, session_id)
    changes = _in_body(request, payload.dict(exclude_unset=True), event.time_zone)
    services.update_agenda_session(session, by=request.auth, **changes)
    return _agenda_session(event, session_id)


@router.delete(
    "/events/{uuid:event_id}/agenda/{uuid:session_id}",
    response={204: None, **WRITE_ERRORS},
    url_name="remove_agenda_session",
)
def remove_agenda_session(request: ApiRequest, event_id: UUID, session_id: UUID) -> Any:
    event = _organised(request, event_id)
    services.remove_agenda_session(_agenda_session(event, session_id), by=request.auth)
    return Status(204, None)


# --- Registrations --------------------------------------------------------------------------
@router.get(
    "/events/{uuid:event_id}/registrations",
    response={200: list[RegistrationOut], **LIST_ERRORS},
    url_name="list_registrations",
)
@paginate(Pages)
def list_registrations(request: ApiRequest, event_id: UUID) -> Any:
    """Every registration for the organisers; the caller's own for anyone else."""
    return selectors.registrations_for(_event(request, event_id), request.auth).order_by(
        "created_at", "id"
    )


def _registration(request: ApiRequest, registration_id: UUID) -> Registration:
    registration = selectors.registration_visible_to(request.auth, registration_id)
    return (
        Registration.objects.select_related("event", "user__person", "delegation__organisation")
        .filter(pk=registration.pk)
        .get()
    )


@router.post(
    "/events/{uuid:event_id}/registrations",
    response={201: RegistrationOut, **WRITE_ERRORS},
    url_name="register",
)
def register(request: ApiRequest, event_id: UUID, payload: RegistrationIn) -> Any:
    """The caller takes a place: pending when the event needs approval, else confirmed. With
    ``organisation`` (one of theirs) they join its delegation."""
    event = _event(request, event_id)
    organisation = None
    if payload.organisation is not None:
        organisation = (
            selectors.organisations_of(request.auth).filter(public_id=payload.organisation).first()
        )
        if organisation is None:
            raise ValidationError({"organisation": _("Choose one of your organisations.")})
    registration = registration_services.register(
        event,
        by=request.auth,
        organisation=organisation,
        attendance=payload.attendance,
        note=payload.note,
    )
    return Status(201, _registration(request, registration.public_id))


def _decide(request: ApiRequest, registration_id: UUID, verb: str) -> Any:
    registration = _registration(request, registration_id)
    act = {
        "approve": registration_services.approve_registration,
        "decline": registration_services.decline_registration,
        "cancel": registration_services.cancel_registration,
    }[verb]
    act(registration, by=request.auth)
    return _registration(request, registration_id)


@router.post(
    "/events/registrations/{uuid:registration_id}/approve",
    response={200: RegistrationOut, **WRITE_ERRORS},
    url_name="approve_registration",
)
def approve_registration(request: ApiRequest, registration_id: UUID) -> Any:
    """The organisers confirm a pending registration (while places last)."""
    return _decide(request, registration_id, "approve")


@router.post(
    "/events/registrations/{uuid:registration_id}/decline",
    response={200: RegistrationOut, **WRITE_ERRORS},
    url_name="decline_registration",
)
def decline_registration(request: ApiRequest, registration_id: UUID) -> Any:
    return _decide(request, registration_id, "decline")


@router.post(
    "/events/registrations/{uuid:registration_id}/cancel",
    response={200: RegistrationOut, **WRITE_ERRORS},
    url_name="cancel_registration",
)
def cancel_registration(request: ApiRequest, registration_id: UUID) -> Any:
    """The registered person gives up their place."""
    return _decide(request, registration_id, "cancel")


# --- The caller's agenda and calendar feed --------------------------------------------------
@router.get(
    "/agenda", response={200: list[AgendaItemOut], 401: READ_ERRORS[401]}, url_name="my_agenda"
)
def my_agenda(request: ApiRequest) -> Any:
    """Events the caller is confirmed for, their sessions and the caller's organisations' B2B
    meetings of published schedules, in time order. As ICS: /events/my/calendar.ics."""
    items = []
    for item in agenda_selectors.agenda_of(request.auth):
        thing = item.meeting or item.session or item.event
        table = getattr(getattr(item.meeting, "table", None), "name", "")
        items.append(
            {
                "kind": item.kind,
                "title": item.title,
                "event": item.event.public_id,
                "id": thing.public_id,
                "starts_at": item.starts_at,
                "ends_at": item.ends_at,
                "time_zone": item.event.time_zone,
                "local_starts_at": local_time(item.starts_at, item.event.time_zone),
                "table": table,
            }
        )
    return items


@router.post("/agenda/feed", response={201: FeedOut, 401: READ_ERRORS[401]}, url_name="create_feed")
def create_feed(request: ApiRequest) -> Any:
    """A private subscription address for the caller's agenda, replacing any earlier one.
    The secret is in the address and is shown only in this answer."""
    _feed, secret = feeds.create_feed(request.auth)
    return Status(201, {"url": request.build_absolute_uri(reverse("events:feed", args=[secret]))})


@router.delete(
    "/agenda/feed",
    response={204: None, 401: READ_ERRORS[401], 404: READ_ERRORS[404]},
    url_name="revoke_feed",
)
def revoke_feed(request: ApiRequest) -> Any:
    """The address stops working at once; 404 if there was none."""
    if not feeds.revoke_feed(request.auth):
        raise NotVisible()
    return Status(204, None)
