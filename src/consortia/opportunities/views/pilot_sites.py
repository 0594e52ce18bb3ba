"""The registry of pilot sites: the list with its filters, one site with the published
opportunities that use it, and the pages where the owner's admins describe their sites."""

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from consortia.core.htmx import render_page
from consortia.core.permissions import get_visible, require

from .. import policies, selectors, services
from ..forms import PilotSiteFilterForm, PilotSiteForm
from ..models import PilotSite
from .manage import form_page, submit


def pilot_site_list(request: HttpRequest) -> HttpResponse:
    form = PilotSiteFilterForm(request.GET)
    valid = form.is_valid()
    sites = selectors.pilot_site_list(
        request.user, form.filters() if valid else selectors.PilotSiteFilters()
    )
    page = Paginator(sites if valid else sites.none(), settings.CONSORTIA_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "form": form,
        "page": page,
        "can_create": selectors.organisations_publishing_for(request.user).exists(),
    }
    response = render_page(
        request, "opportunities/pilot_sites.html", context, fragment="opportunities/_sites.html"
    )
    response.status_code = 200 if valid else 400
    return response


def _visible(request: HttpRequest, public_id: str) -> PilotSite:
    return get_visible(selectors.pilot_sites_visible_to(request.user), public_id=public_id)


def pilot_site(request: HttpRequest, public_id: str) -> HttpResponse:
    site = _visible(request, public_id)
    context = {
        "site": site,
        "opportunities": selectors.opportunities_at(request.user, site),
        "can_edit": policies.can_manage_site(request.user, site),
    }
    return render(request, "opportunities/pilot_site.html", context)


def _form_page(
    request: HttpRequest, form: forms.Form, site: PilotSite | None = None
) -> HttpResponse:
    return form_page(request, "opportunities/pilot_site_form.html", form, site=site)


def _page_of(site: PilotSite) -> str:
    return reverse("opportunities:pilot_site", args=[site.public_id])


@login_required
def create_pilot_site(request: HttpRequest) -> HttpResponse:
    owners = selectors.organisations_publishing_for(request.user)
    require(owners.exists(), _("Only an organisation's admins or the operator offer pilot sites."))
    form = PilotSiteForm(request.POST or None, owners=owners)
    if request.method != "POST":
        return _form_page(request, form)
    return submit(
        request,
        form,
        lambda form: services.create_pilot_site(by=request.user, **form.cleaned_data),
        done=_("Pilot site added to the registry."),
        then=_page_of,
        again=lambda form: _form_page(request, form),
    )


@login_required
def edit_pilot_site(request: HttpRequest, public_id: str) -> HttpResponse:
    site = _visible(request, public_id)
    require(
        policies.can_manage_site(request.user, site),
        _("Only the owner's admins or the operator change its pilot sites."),
    )
    form = PilotSiteForm(request.POST or None, site=site)
    if request.method != "POST":
        return _form_page(request, form, site)
    return submit(
        request,
        form,
        lambda form: services.update_pilot_site(site, by=request.user, **form.changes()),
        done=_("Pilot site saved."),
        then=_page_of(site),
        again=lambda form: _form_page(request, form, site),
    )
