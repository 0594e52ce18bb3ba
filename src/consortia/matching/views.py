"""Recommendation pages: "Recommended for you" for one of the user's organisations, suggested
meetings for a B2B participant (loaded into the session page), suggested applicants for an
opportunity's owner, and the "not interested" buttons of all three."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from consortia.core.htmx import render_page
from consortia.events.models import MeetingRequest, Participant
from consortia.events.services.b2b_sessions import requests_open

from . import selectors, services, sources

app_name = "matching"


@login_required
def recommended(request: HttpRequest) -> HttpResponse:
    organisations = selectors.my_organisations(request.user)
    chosen = organisations[0] if organisations else None
    wanted = request.GET.get("organisation")
    status = 200
    if wanted:
        chosen = next((o for o in organisations if str(o.public_id) == wanted), None)
        status = 200 if chosen else 400
    sections: dict[str, list[selectors.Suggestion]] = {}
    dismissed: list[tuple[Any, str]] = []
    if chosen is not None:
        services.refresh_profile(chosen)
        sections = selectors.recommendations_for(request.user, chosen)
        dismissed = selectors.dismissed_titled(chosen)
    context = {
        "organisations": organisations,
        "chosen": chosen,
        "subject": sources.key_of(chosen) if chosen else "",
        "sections": [(name, TITLES[name], sections.get(name, [])) for name in selectors.SECTIONS],
        "dismissed": dismissed,
    }
    return render(request, "matching/recommended.html", context, status=status)


TITLES = {
    "partners": gettext_lazy("Partners"),
    "offers": gettext_lazy("Offers and needs"),
    "opportunities": gettext_lazy("Opportunities"),
    "events": gettext_lazy("Events"),
}


@login_required
def b2b_suggestions(request: HttpRequest, public_id: Any) -> HttpResponse:
    participant = selectors.subject_named(request.user, f"participant:{public_id}")
    assert isinstance(participant, Participant)
    services.refresh_profile(participant)
    context = {
        "participant": participant,
        "session": participant.session,
        "subject": sources.key_of(participant),
        "suggestions": selectors.suggested_meetings(participant),
        "open": requests_open(participant.session),
        "normal": MeetingRequest.Priority.NORMAL,
    }
    return render_page(
        request, "matching/b2b.html", context, fragment="matching/_b2b_suggestions.html"
    )


@login_required
def suggested_applicants(request: HttpRequest, public_id: Any) -> HttpResponse:
    opportunity = selectors.managed_opportunity(request.user, public_id)
    services.refresh_profile(opportunity)
    context = {
        "opportunity": opportunity,
        "subject": sources.key_of(opportunity),
        "suggestions": selectors.suggested_applicants(request.user, opportunity),
        "dismissed": selectors.dismissed_titled(opportunity),
    }
    return render(request, "matching/applicants.html", context)


class MarkForm(forms.Form):
    subject = forms.CharField(max_length=64)
    item = forms.CharField(max_length=64)
    next = forms.CharField(required=False, max_length=500)


def _back(request: HttpRequest, form: MarkForm) -> HttpResponse:
    target = form.cleaned_data.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/recommendations/"
    return redirect(target)


@login_required
@require_POST
def not_interested(request: HttpRequest) -> HttpResponse:
    form = MarkForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Say which suggestion and for whom."), status=400)
    subject = selectors.subject_named(request.user, form.cleaned_data["subject"])
    item = form.cleaned_data["item"]
    try:
        services.mark_not_interested(subject, item, by=request.user)
    except ValidationError as error:
        return HttpResponse(" ".join(error.messages), status=400)
    if getattr(request, "htmx", None):
        context = {"subject": form.cleaned_data["subject"], "item": item,
                   "next": form.cleaned_data["next"]}
        return render(request, "matching/_dismissed.html", context)
    messages.success(request, _("We will not suggest it again."))
    return _back(request, form)


@login_required
@require_POST
def interested_again(request: HttpRequest) -> HttpResponse:
    form = MarkForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Say which suggestion and for whom."), status=400)
    subject = selectors.subject_named(request.user, form.cleaned_data["subject"])
    services.undo_not_interested(subject, form.cleaned_data["item"], by=request.user)
    messages.success(request, _("It may be suggested again."))
    return _back(request, form)


urlpatterns: list[URLPattern] = [
    path("recommendations/", recommended, name="recommended"),
    path("recommendations/not-interested/", not_interested, name="not_interested"),
    path("recommendations/interested-again/", interested_again, name="interested_again"),
    path("recommendations/b2b/<uuid:public_id>/", b2b_suggestions, name="b2b"),
    path(
        "recommendations/opportunities/<uuid:public_id>/applicants/",
        suggested_applicants,
        name="applicants",
    ),
]
