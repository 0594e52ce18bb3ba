"""Calendar files (an event, a session, my agenda), the "My calendar" page and the private
subscription feed that calendar applications fetch without signing in.

Files say the online-meeting link only to those taking part, so they are never cached by shared
caches. The feed's secret address is shown once, on the page right after it was made."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from consortia.core import clock
from consortia.core.middleware import PRIVATE

from .. import calendar, policies
from ..selectors import agenda
from ..services import feeds

CONTENT_TYPE = "text/calendar; charset=utf-8"
NEW_SECRET = "events.calendar_feed_secret"  # noqa: S105 (a session key)


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _ics(body: bytes, *, name: str, fallback: str, inline: bool = False) -> HttpResponse:
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    filename = f"{slugify(name) or fallback}.ics"
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = PRIVATE
    return response


@require_safe
def event_ics(request: HttpRequest, public_id: str) -> HttpResponse:
    event = agenda.calendar_event(request.user, public_id)
    body = calendar.event_calendar(
        event,
        base_url=_base_url(request),
        include_link=policies.can_see_online_link(request.user, event),
    )
    return _ics(body, name=event.title, fallback="event")


@require_safe
def session_ics(request: HttpRequest, public_id: str) -> HttpResponse:
    agenda_session = agenda.calendar_session(request.user, public_id)
    body = calendar.session_calendar(
        agenda_session,
        base_url=_base_url(request),
        include_link=policies.can_see_online_link(request.user, agenda_session.event),
    )
    return _ics(body, name=agenda_session.title, fallback="session")


@require_safe
@login_required
def my_calendar_ics(request: HttpRequest) -> HttpResponse:
    body = calendar.agenda_calendar(
        agenda.agenda_of(request.user),
        name=_("My agenda on Consortia"),
        base_url=_base_url(request),
    )
    return _ics(body, name="consortia-agenda", fallback="agenda")


@never_cache
@require_safe
@login_required
def calendar_page(request: HttpRequest) -> HttpResponse:
    secret = request.session.pop(NEW_SECRET, None)
    feed_url = request.build_absolute_uri(reverse("events:feed", args=[secret])) if secret else ""
    now = clock.now()
    context = {
        "feed": agenda.feed_of(request.user),
        "feed_url": feed_url,
        "webcal_url": "webcal://" + feed_url.split("://", 1)[1] if feed_url else "",
        "items": [item for item in agenda.agenda_of(request.user) if item.ends_at >= now],
    }
    return render(request, "events/calendar.html", context)


@require_POST
@login_required
def create_feed(request: HttpRequest) -> HttpResponse:
    _feed, secret = feeds.create_feed(request.user)
    request.session[NEW_SECRET] = secret
    messages.success(request, _("Your private calendar address is ready. Copy it now."))
    return redirect("events:calendar")


@require_POST
@login_required
def revoke_feed(request: HttpRequest) -> HttpResponse:
    if feeds.revoke_feed(request.user):
        messages.success(request, _("The private calendar address no longer works."))
    return redirect("events:calendar")


@require_safe
def feed(request: HttpRequest, secret: str) -> HttpResponse:
    """The agenda of the feed's owner, in their interface language; no sign-in."""
    user = feeds.feed_user(secret)
    if user is None:
        raise Http404()
    person = getattr(user, "person", None)
    with translation.override(getattr(person, "ui_language", None) or translation.get_language()):
        body = calendar.agenda_calendar(
            agenda.agenda_of(user), name=_("My agenda on Consortia"), base_url=_base_url(request)
        )
    response = _ics(body, name="consortia", fallback="consortia", inline=True)
    response["X-Robots-Tag"] = "noindex"
    return response


routes: list[URLPattern] = [
    path("events/<uuid:public_id>/calendar.ics", event_ics, name="event_ics"),
    path("events/sessions/<uuid:public_id>/calendar.ics", session_ics, name="session_ics"),
    path("events/my/calendar.ics", my_calendar_ics, name="my_calendar_ics"),
    path("events/my/calendar/", calendar_page, name="calendar"),
    path("events/my/calendar/feed/", create_feed, name="create_feed"),
    path("events/my/calendar/feed/revoke/", revoke_feed, name="revoke_feed"),
    path("events/feed/<str:secret>.ics", feed, name="feed"),
]
