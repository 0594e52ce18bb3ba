"""The notification list, its badge, preferences and one-click unsubscribing from e-mail."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from consortia.core.forms import add_service_errors
from consortia.core.permissions import NotVisible, get_visible, is_operator

from .. import policies, selectors, services
from ..forms import PreferencesForm
from ..kinds import KINDS


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.notifications_visible_to(request.user), 30).get_page(
        request.GET.get("page")
    )
    items = [(n, KINDS[n.kind].describe(n.data) if n.kind in KINDS else n.kind) for n in page]
    return render(request, "messaging/notifications.html", {"page": page, "items": items})


@login_required
def badge(request: HttpRequest) -> HttpResponse:
    """The counters in the header; htmx polls this every 30 seconds."""
    return render(request, "messaging/_badge.html")


@login_required
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    person = policies.person_of(request.user)
    if person is not None:
        services.mark_all_notifications_read(person, by=request.user)
    return redirect("messaging:notifications")


@login_required
def open_notification(request: HttpRequest, notification_id: int) -> HttpResponse:
    notification = get_visible(selectors.notifications_visible_to(request.user), pk=notification_id)
    services.mark_notification_read(notification, by=request.user)
    target = notification.url or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        target = "/"
    return redirect(target)


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    person = policies.person_of(request.user)
    if person is None:
        raise NotVisible()
    current = services.notification_preferences(person)
    form = PreferencesForm(
        request.POST or None, current=current, operator=is_operator(request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.set_notification_preferences(
                person, by=request.user, choices=form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("messaging:preferences")
    return render(
        request, "messaging/preferences.html", {"form": form}, status=400 if form.errors else 200
    )


@csrf_exempt  # the signed token is the credential; mail clients POST here (RFC 8058)
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    found = services.read_unsubscribe_token(token)
    if found is None:
        raise NotVisible()
    person, kind = found
    done = request.method == "POST"
    if done:
        services.unsubscribe(person, kind)
    context = {"kind": kind, "done": done, "person": person}
    return render(request, "messaging/unsubscribe.html", context)
