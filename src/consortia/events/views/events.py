"""Event pages: the list, one event (agenda, venue, registration box, delegations), "my events",
creating and changing an event and its agenda, publishing and cancelling it, registering, and
the organisers' registration list. Each view calls one service or selector; a refusal shows on
the form that asked for it (400), a success redirects (POST-redirect-GET)."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consortia.core.forms import add_service_errors
from consortia.core.htmx import render_page
from consortia.core.permissions import get_visible, require

from .. import policies
from ..forms import AgendaSessionForm, EventFilterForm, EventForm, RegistrationForm
from ..models import Event, RegistrationStatus
from ..selectors import events as selectors
from ..services import events as event_services
from ..services import registrations as registration_services


def _attempt(request: HttpRequest, form: forms.Form, call: Callable[[Any], Any]) -> Any:
    """Validate ``form`` and call the service; on refusal the errors go onto the form and
    None comes back."""
    if not form.is_valid():
        return None
    try:
        return call(form)
    except ValidationError as error:
        add_service_errors(form, error)
        return None


def event_list(request: HttpRequest) -> HttpResponse:
    form = EventFilterForm(request.GET)
    valid = form.is_valid()
    filters = selectors.EventFilters(**form.filters()) if valid else selectors.EventFilters()
    events = selectors.listed_events(request.user, filters)
    page = Paginator(events if valid else events.none(), settings.CONSORTIA_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "form": form,
        "page": page,
        "can_create": selectors.organisations_creating_events_for(request.user).exists(),
    }
    response = render_page(request, "events/list.html", context, fragment="events/_results.html")
    response.status_code = 200 if valid else 400
    return response


def _event_page(
    request: HttpRequest, event: Event, bound: dict[str, forms.Form] | None = None
) -> HttpResponse:
    bound = bound or {}
    organiser = policies.can_organise(request.user, event)
    registration = selectors.registration_of(event, request.user)
    context: dict[str, Any] = {
        "event": event,
        "organiser": organiser,
        "registration": registration,
        "sees_link": organiser
        or (registration is not None and registration.status == RegistrationStatus.CONFIRMED),
        "places_held": selectors.places_held(event),
        "delegations": selectors.delegations_of(event),
        "can_register": policies.can_register(request.user, event),
        "registration_form": RegistrationForm(
            event=event, organisations=selectors.organisations_of(request.user)
        ),
        "session_form": AgendaSessionForm(event=event) if organiser else None,
        **bound,
    }
    status = 400 if any(form.errors for form in bound.values()) else 200
    return render(request, "events/detail.html", context, status=status)


def detail(request: HttpRequest, public_id: str) -> HttpResponse:
    return _event_page(request, selectors.event_for(request.user, public_id))


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    return render(request, "events/mine.html", {"mine": selectors.my_events(request.user)})


def _organised(request: HttpRequest, public_id: str) -> Event:
    """The event, if the user may see it (404) and organise it (403)."""
    event = selectors.event_for(request.user, public_id)
    require(
        policies.can_organise(request.user, event),
        _("Only the organisers' admins or the operator run this event."),
    )
    return event


def _form_page(request: HttpRequest, form: forms.Form, event: Event | None = None) -> HttpResponse:
    status = 400 if form.errors else 200
    return render(request, "events/form.html", {"form": form, "event": event}, status=status)


@login_required
def create(request: HttpRequest) -> HttpResponse:
    organisers = selectors.organisations_creating_events_for(request.user)
    require(organisers.exists(), _("Only an organisation's admins or the operator create events."))
    person = getattr(request.user, "person", None)
    form = EventForm(
        request.POST or None,
        organisers=organisers,
        initial={"time_zone": getattr(person, "time_zone", "UTC"), "language": "en"},
    )
    if request.method == "POST":
        event = _attempt(
            request,
            form,
            lambda form: event_services.create_event(by=request.user, **form.service_arguments()),
        )
        if event is not None:
            messages.success(request, _("Saved as a draft. Add the agenda, then publish."))
            return redirect(event)
    return _form_page(request, form)


@login_required
def edit(request: HttpRequest, public_id: str) -> HttpResponse:
    event = _organised(request, public_id)
    form = EventForm(request.POST or None, event=event)
    if request.method == "POST":
        done = _attempt(
            request,
            form,
            lambda form: event_services.update_event(event, by=request.user, **form.changes()),
        )
        if done is not None:
            messages.success(request, _("Event saved."))
            return redirect(event)
    return _form_page(request, form, event)


def _move(
    request: HttpRequest, public_id: str, move: Callable[..., Any], done: str
) -> HttpResponse:
    event = _organised(request, public_id)
    try:
        move(event, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect(event)


@login_required
@require_POST
def publish(request: HttpRequest, public_id: str) -> HttpResponse:
    return _move(request, public_id, event_services.publish_event, _("Published."))


@login_required
@require_POST
def cancel(request: HttpRequest, public_id: str) -> HttpResponse:
    return _move(request, public_id, event_services.cancel_event, _("The event is cancelled."))


@login_required
@require_POST
def add_session(request: HttpRequest, public_id: str) -> HttpResponse:
    event = _organised(request, public_id)
    form = AgendaSessionForm(request.POST, event=event)
    created = _attempt(
        request,
        form,
        lambda form: event_services.add_agenda_session(event, by=request.user, **form.cleaned_data),
    )
    if created is None:
        return _event_page(request, event, {"session_form": form})
    messages.success(request, _("Added to the agenda."))
    return redirect(event)


@login_required
@require_POST
def remove_session(request: HttpRequest, public_id: str, session_id: str) -> HttpResponse:
    event = _organised(request, public_id)
    session = get_visible(event.sessions.all(), public_id=session_id)
    try:
        event_services.remove_agenda_session(session, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Removed from the agenda: %(title)s.") % {"title": session})
    return redirect(event)


@login_required
@require_POST
def register(request: HttpRequest, public_id: str) -> HttpResponse:
    event = selectors.event_for(request.user, public_id)
    form = RegistrationForm(
        request.POST, event=event, organisations=selectors.organisations_of(request.user)
    )
    registration = _attempt(
        request,
        form,
        lambda form: registration_services.register(event, by=request.user, **form.cleaned_data),
    )
    if registration is None:
        return _event_page(request, event, {"registration_form": form})
    messages.success(
        request,
        _("You are registered.")
        if registration.status == RegistrationStatus.CONFIRMED
        else _("Your registration waits for the organisers' approval."),
    )
    return redirect(event)


@login_required
@require_POST
def cancel_registration(request: HttpRequest, public_id: str) -> HttpResponse:
    registration = selectors.registration_visible_to(request.user, public_id)
    try:
        registration_services.cancel_registration(registration, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your registration is cancelled."))
    return redirect(registration.event)


@login_required
def registrations(request: HttpRequest, public_id: str) -> HttpResponse:
    event = _organised(request, public_id)
    context = {
        "event": event,
        "registrations": selectors.registrations_for(event, request.user),
        "places_held": selectors.places_held(event),
    }
    return render(request, "events/registrations.html", context)


def _decide(
    request: HttpRequest, public_id: str, service: Callable[..., Any], done: str
) -> HttpResponse:
    registration = selectors.registration_visible_to(request.user, public_id)
    try:
        service(registration, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect(reverse("events:registrations", args=[registration.event.public_id]))


@login_required
@require_POST
def approve(request: HttpRequest, public_id: str) -> HttpResponse:
    return _decide(
        request, public_id, registration_services.approve_registration, _("Registration approved.")
    )


@login_required
@require_POST
def decline(request: HttpRequest, public_id: str) -> HttpResponse:
    return _decide(
        request, public_id, registration_services.decline_registration, _("Registration declined.")
    )


routes: list[URLPattern] = [
    path("events/", event_list, name="list"),
    path("events/mine/", mine, name="mine"),
    path("events/new/", create, name="create"),
    path("events/<uuid:public_id>/", detail, name="event"),
    path("events/<uuid:public_id>/edit/", edit, name="edit"),
    path("events/<uuid:public_id>/publish/", publish, name="publish"),
    path("events/<uuid:public_id>/cancel/", cancel, name="cancel"),
    path("events/<uuid:public_id>/agenda/", add_session, name="add_session"),
    path(
        "events/<uuid:public_id>/agenda/<uuid:session_id>/remove/",
        remove_session,
        name="remove_session",
    ),
    path("events/<uuid:public_id>/register/", register, name="register"),
    path("events/<uuid:public_id>/registrations/", registrations, name="registrations"),
    path(
        "events/registrations/<uuid:public_id>/cancel/",
        cancel_registration,
        name="cancel_registration",
    ),
    path("events/registrations/<uuid:public_id>/approve/", approve, name="approve_registration"),
    path("events/registrations/<uuid:public_id>/decline/", decline, name="decline_registration"),
]
