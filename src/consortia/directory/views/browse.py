"""Public pages: home, the directory of organisations and people, their pages."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from consortia.core.htmx import render_page
from consortia.core.permissions import get_visible

from .. import policies, selectors
from ..forms import DirectoryFilterForm
from ..models import OfferKind
from ..selectors import DirectoryFilters


def _page(request: HttpRequest, queryset):  # type: ignore[no-untyped-def]
    return Paginator(queryset, settings.CONSORTIA_PAGE_SIZE).get_page(request.GET.get("page"))


def home(request: HttpRequest) -> HttpResponse:
    context = {
        "organisations": selectors.latest_organisations(6),
        "offers": selectors.offer_list(request.user, DirectoryFilters())[:6],
        "form": DirectoryFilterForm(),
    }
    return render(request, "directory/home.html", context)


def _filtered_list(
    request: HttpRequest, form: DirectoryFilterForm, rows, *, name: str
) -> HttpResponse:  # type: ignore[no-untyped-def]
    """A list page; invalid filters answer 400 with the form's errors and no rows."""
    valid = form.is_valid()
    queryset = rows(form.filters()) if valid else rows(DirectoryFilters()).none()
    context = {"form": form, "page": _page(request, queryset), "tab": name}
    response = render_page(
        request, f"directory/{name}_list.html", context, fragment=f"directory/_{name}_results.html"
    )
    if not valid:
        response.status_code = 400
    return response


def organisation_list(request: HttpRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET)
    return _filtered_list(
        request, form, lambda f: selectors.organisation_list(request.user, f), name="organisation"
    )


def person_list(request: HttpRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET)
    return _filtered_list(
        request, form, lambda f: selectors.person_list(request.user, f), name="person"
    )


def offer_list(request: HttpRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET, kinds=OfferKind.choices)
    return _filtered_list(
        request, form, lambda f: selectors.offer_list(request.user, f), name="offer"
    )


def organisation_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    organisation = get_visible(selectors.organisation_detail(request.user), public_id=public_id)
    context = {
        "organisation": organisation,
        "membership": policies.membership_of(request.user, organisation),
        "can_edit": policies.can_edit_organisation(request.user, organisation),
        "show_contacts": policies.can_see_organisation_contacts(request.user, organisation),
        "members": selectors.memberships_of_organisation(organisation),
        "offers": selectors.offers_of_organisation(request.user, organisation),
    }
    return render(request, "directory/organisation_detail.html", context)


def organisation_logo(request: HttpRequest, public_id: str) -> FileResponse:
    organisation = get_visible(
        selectors.organisations_visible_to(request.user), public_id=public_id
    )
    if not organisation.logo:
        raise Http404()
    response = FileResponse(organisation.logo.open("rb"))
    response["Content-Type"] = {"png": "image/png", "jpg": "image/jpeg", "webp": "image/webp"}.get(
        organisation.logo.name.rsplit(".", 1)[-1], "application/octet-stream"
    )
    response["Cache-Control"] = "private, max-age=3600"
    return response


def person_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    person = get_visible(
        selectors.people_visible_to(request.user).select_related("country", "user"),
        public_id=public_id,
    )
    context = {
        "person": person,
        "memberships": selectors.public_memberships_of(request.user, person),
        "show_contacts": policies.can_see_contacts(request.user, person),
    }
    return render(request, "directory/person_detail.html", context)
