"""Offers and needs: the board, one offer, publishing and keeping it alive."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consortia.core import clock
from consortia.core.forms import add_service_errors
from consortia.core.permissions import get_visible, require

from .. import policies, selectors, services
from ..forms import OfferForm, RenewForm


def detail(request: HttpRequest, public_id: str) -> HttpResponse:
    offer = get_visible(
        selectors.offers_visible_to(request.user).select_related("organisation__country"),
        public_id=public_id,
    )
    context = {
        "offer": offer,
        "expired": offer.is_expired(clock.today()),
        "can_edit": policies.can_edit_offer(request.user, offer),
        "can_delete": policies.can_delete_offer(request.user, offer),
        "renew_form": RenewForm(),
    }
    return render(request, "directory/offer_detail.html", context)


@login_required
def create(request: HttpRequest, public_id: str) -> HttpResponse:
    organisation = get_visible(selectors.organisation_detail(request.user), public_id=public_id)
    require(
        policies.can_publish_offer(request.user, organisation),
        _("Only the organisation's members can publish for it."),
    )
    form = OfferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            offer = services.publish_offer(organisation, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Published."))
            return redirect("directory:offer", offer.public_id)
    context = {"form": form, "organisation": organisation}
    return render(request, "directory/offer_form.html", context, status=400 if form.errors else 200)


@login_required
def edit(request: HttpRequest, public_id: str) -> HttpResponse:
    offer = get_visible(
        selectors.offers_visible_to(request.user).select_related("organisation"),
        public_id=public_id,
    )
    require(
        policies.can_edit_offer(request.user, offer),
        _("Only the organisation's members can edit its offers."),
    )
    form = OfferForm(request.POST or None, initial=OfferForm.initial_from(offer))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_offer(offer, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("directory:offer", offer.public_id)
    context = {"form": form, "organisation": offer.organisation, "offer": offer}
    return render(request, "directory/offer_form.html", context, status=400 if form.errors else 200)


def _offer_for_action(request: HttpRequest, public_id: str):  # type: ignore[no-untyped-def]
    return get_visible(
        selectors.offers_visible_to(request.user).select_related("organisation"),
        public_id=public_id,
    )


@login_required
@require_POST
def renew(request: HttpRequest, public_id: str) -> HttpResponse:
    offer = _offer_for_action(request, public_id)
    form = RenewForm(request.POST)
    try:
        services.renew_offer(
            offer, by=request.user, until=form.cleaned_data["until"] if form.is_valid() else None
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Renewed until %(date)s.") % {"date": offer.expires_on})
    return redirect("directory:offer", offer.public_id)


@login_required
@require_POST
def withdraw(request: HttpRequest, public_id: str) -> HttpResponse:
    offer = _offer_for_action(request, public_id)
    services.withdraw_offer(offer, by=request.user)
    messages.success(request, _("Withdrawn. It no longer appears in public lists."))
    return redirect("directory:offer", offer.public_id)


@login_required
@require_POST
def delete(request: HttpRequest, public_id: str) -> HttpResponse:
    offer = _offer_for_action(request, public_id)
    organisation = offer.organisation
    services.delete_offer(offer, by=request.user)
    messages.success(request, _("Deleted."))
    return redirect("directory:organisation", organisation.public_id)
