"""The operator console: the verification queue."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consortia.core.permissions import get_visible, require

from .. import policies, selectors, services
from ..forms import RejectForm


def _require_operator(request: HttpRequest) -> None:
    require(
        policies.can_verify_organisations(request.user),
        _("Only the operator can open the console."),
    )


@login_required
def console(request: HttpRequest) -> HttpResponse:
    _require_operator(request)
    context = {
        "queue": selectors.verification_queue(),
        "figures": selectors.directory_figures(),
        "reject_form": RejectForm(),
    }
    return render(request, "directory/operator_console.html", context)


@login_required
@require_POST
def verify(request: HttpRequest, public_id: str) -> HttpResponse:
    _require_operator(request)
    organisation = get_visible(
        selectors.organisations_visible_to(request.user), public_id=public_id
    )
    services.verify_organisation(organisation, by=request.user)
    messages.success(
        request, _("%(name)s is verified and now public.") % {"name": organisation.name}
    )
    return redirect("directory:operator")


@login_required
@require_POST
def reject(request: HttpRequest, public_id: str) -> HttpResponse:
    _require_operator(request)
    organisation = get_visible(
        selectors.organisations_visible_to(request.user), public_id=public_id
    )
    form = RejectForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError({"reason": _("Give a reason the applicant will see.")})
        services.reject_organisation(
            organisation, by=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s was rejected.") % {"name": organisation.name})
    return redirect("directory:operator")
