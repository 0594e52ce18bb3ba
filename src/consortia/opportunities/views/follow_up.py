"""What follows an accepted application, recorded by the owner's admins from the application
page: the engagement, its result, a grant's tranches and a residency's booking. A refusal shows
on the application page, under the field it is about."""

from collections.abc import Callable

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from consortia.core.permissions import get_visible, require

from .. import policies, selectors, services
from ..forms import BookingForm, EngagementForm, ResultForm, TrancheForm
from ..models import Application, Engagement, OpportunityKind
from .apply import application_page, visible_application
from .manage import submit_on


def _managed(request: HttpRequest, public_id: str) -> Application:
    """The application, if the user sees it (404) and manages its opportunity (403)."""
    item = visible_application(request, public_id)
    require(
        policies.can_manage(request.user, item.opportunity),
        _("Only the owner's admins or the operator record what follows."),
    )
    return item


def _engagement(item: Application) -> Engagement:
    return get_visible(Engagement.objects.filter(application=item))


def _on_application(
    request: HttpRequest, item: Application
) -> Callable[[dict[str, forms.Form]], HttpResponse]:
    """The application page to show again on errors."""
    return lambda bound: application_page(request, item, bound=bound)


@never_cache
@login_required
@require_POST
def start_engagement(request: HttpRequest, public_id: str) -> HttpResponse:
    item = _managed(request, public_id)
    owner = item.opportunity.owner
    form = EngagementForm(
        request.POST,
        sites=selectors.pilot_sites_visible_to(request.user).filter(owner=owner),
        grant=item.opportunity.kind == OpportunityKind.GRANT,
    )
    return submit_on(
        request,
        _on_application(request, item),
        "engagement_form",
        form,
        lambda form: services.start_engagement(item, by=request.user, **form.service_arguments()),
        done=_("Engagement started."),
        then=item,
    )


@never_cache
@login_required
@require_POST
def record_result(request: HttpRequest, public_id: str) -> HttpResponse:
    item = _managed(request, public_id)
    engagement = _engagement(item)
    return submit_on(
        request,
        _on_application(request, item),
        "result_form",
        ResultForm(request.POST),
        lambda form: services.record_result(
            engagement, by=request.user, **form.service_arguments()
        ),
        done=_("Result recorded."),
        then=item,
    )


@never_cache
@login_required
@require_POST
def add_tranche(request: HttpRequest, public_id: str) -> HttpResponse:
    item = _managed(request, public_id)
    engagement = _engagement(item)
    return submit_on(
        request,
        _on_application(request, item),
        "tranche_form",
        TrancheForm(request.POST),
        lambda form: services.add_tranche(engagement, by=request.user, **form.service_arguments()),
        done=_("Tranche added."),
        then=item,
    )


@never_cache
@login_required
@require_POST
def book_residency(request: HttpRequest, public_id: str) -> HttpResponse:
    item = _managed(request, public_id)
    engagement = _engagement(item)
    offers = selectors.soft_landing_offers(request.user, item.opportunity.owner)
    return submit_on(
        request,
        _on_application(request, item),
        "booking_form",
        BookingForm(request.POST, offers=offers),
        lambda form: services.book_residency(engagement, by=request.user, **form.cleaned_data),
        done=_("Desks and housing booked."),
        then=item,
    )
