"""The operator's exchange rates: the only way amounts in different currencies are compared."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from consortia.core import clock
from consortia.core.forms import add_service_errors
from consortia.core.permissions import require

from .. import policies, selectors, services
from ..forms import RateForm


@login_required
def rates(request: HttpRequest) -> HttpResponse:
    require(policies.can_enter_rates(request.user), _("Only the operator enters exchange rates."))
    form = RateForm(request.POST or None, initial={"on": clock.today()})
    if request.method == "POST" and form.is_valid():
        try:
            rate = services.enter_rate(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Rate saved: %(rate)s.") % {"rate": rate})
            return redirect("projects:rates")
    page = Paginator(selectors.exchange_rates(), settings.CONSORTIA_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"form": form, "page": page}
    return render(
        request, "projects/operator_rates.html", context, status=400 if form.errors else 200
    )
