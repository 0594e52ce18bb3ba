"""Contact requests, blocking and reporting abuse."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consortia.core.forms import add_service_errors
from consortia.core.permissions import get_visible
from consortia.core.ratelimit import RateLimited, rate_limited_page
from consortia.directory.models import Person

from .. import policies, selectors, services
from ..forms import ContactRequestForm, ReportForm


@login_required
def contacts(request: HttpRequest) -> HttpResponse:
    context = {
        "incoming": selectors.incoming_contact_requests(request.user),
        "outgoing": selectors.outgoing_contact_requests(request.user)[:50],
        "blocked": selectors.blocked_by(request.user),
    }
    return render(request, "messaging/contacts.html", context)


def _person(request: HttpRequest, public_id: str, *, others_only: bool = False) -> Person:
    people = selectors.people_reachable_by(request.user)
    if others_only:
        people = people.exclude(user_id=request.user.pk)
    return get_visible(people, public_id=public_id)


@login_required
def request_contact(request: HttpRequest, public_id: str) -> HttpResponse:
    recipient = _person(request, public_id, others_only=True)
    if policies.can_message_directly(request.user, recipient):
        return redirect(f"{reverse('messaging:new')}?to={recipient.public_id}")
    form = ContactRequestForm(request.POST or None)
    context = {
        "form": form,
        "recipient": recipient,
        "previous": selectors.contact_request_between(request.user, recipient.pk),
    }
    if request.method == "POST" and form.is_valid():
        try:
            services.request_contact(recipient, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        except RateLimited as error:
            return rate_limited_page(request, error, "messaging/contact_request_form.html", context)
        else:
            messages.success(
                request,
                _("Sent. You can write once %(name)s accepts.") % {"name": recipient.full_name},
            )
            return redirect("messaging:contacts")
    return render(
        request, "messaging/contact_request_form.html", context, status=400 if form.errors else 200
    )


def _incoming(request: HttpRequest, public_id: str):  # type: ignore[no-untyped-def]
    return get_visible(
        selectors.contact_requests_visible_to(request.user).select_related("sender__user"),
        public_id=public_id,
    )


@login_required
@require_POST
def accept(request: HttpRequest, public_id: str) -> HttpResponse:
    conversation = services.accept_contact_request(_incoming(request, public_id), by=request.user)
    return redirect("messaging:conversation", conversation.public_id)


@login_required
@require_POST
def decline(request: HttpRequest, public_id: str) -> HttpResponse:
    services.decline_contact_request(_incoming(request, public_id), by=request.user)
    messages.success(request, _("Declined."))
    return redirect("messaging:contacts")


@login_required
@require_POST
def block(request: HttpRequest, public_id: str) -> HttpResponse:
    person = _person(request, public_id, others_only=True)
    services.block_person(person, by=request.user)
    messages.success(
        request, _("%(name)s can no longer write to you.") % {"name": person.full_name}
    )
    return redirect("messaging:contacts")


@login_required
@require_POST
def unblock(request: HttpRequest, public_id: str) -> HttpResponse:
    person = _person(request, public_id)
    services.unblock_person(person, by=request.user)
    messages.success(request, _("%(name)s is unblocked.") % {"name": person.full_name})
    return redirect("messaging:contacts")


@login_required
def report(request: HttpRequest, public_id: str) -> HttpResponse:
    """Report a person; ``?message=<id>`` reports one of their messages the reporter can see."""
    reported = _person(request, public_id)
    message_id = request.GET.get("message") or request.POST.get("message")
    message = (
        get_visible(selectors.messages_visible_to(request.user), public_id=message_id)
        if message_id
        else None
    )
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_abuse(reported, by=request.user, message=message, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Thank you. The operator will look at your report."))
            return redirect("messaging:inbox")
    context = {"form": form, "reported": reported, "reported_message": message}
    return render(
        request, "messaging/report_form.html", context, status=400 if form.errors else 200
    )
