"""The owner's side: the ranked applications, a reviewer's scores, and the decisions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from consortia.core.permissions import NotVisible, get_visible

from .. import policies, selectors, services
from ..exports import may_export
from ..forms import DecisionForm, ScoreForm
from .apply import PRIVATE, visible_application


@never_cache
@login_required
def applications(request: HttpRequest, public_id: str) -> HttpResponse:
    """Only the owner's admins (and the operator) and the reviewers know who applied."""
    opportunity = get_visible(selectors.opportunity_detail(request.user), public_id=public_id)
    if not (
        policies.can_manage(request.user, opportunity)
        or policies.is_reviewer(request.user, opportunity)
    ):
        raise NotVisible()
    rows = selectors.ranking(
        opportunity, list(selectors.applications_for_review(request.user, opportunity))
    )
    context = {
        "opportunity": opportunity,
        "rows": rows,
        "can_export": may_export(request.user, opportunity),
    }
    response = render(request, "opportunities/applications.html", context)
    response["Cache-Control"] = PRIVATE
    return response


@login_required
@require_POST
def score(request: HttpRequest, public_id: str) -> HttpResponse:
    item = visible_application(request, public_id)
    form = ScoreForm(request.POST, criteria=list(item.opportunity.criteria.all()))
    try:
        if not form.is_valid():
            raise ValidationError(form.errors.as_data())
        services.score_application(item, by=request.user, scores=form.scores())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Scores saved."))
    return redirect(item)


DECISIONS = {
    "shortlist": lambda item, by, reason: services.shortlist_application(item, by=by),
    "accept": lambda item, by, reason: services.accept_application(item, by=by, reason=reason),
    "reject": lambda item, by, reason: services.reject_application(item, by=by, reason=reason),
}


@login_required
@require_POST
def decide(request: HttpRequest, public_id: str, decision: str) -> HttpResponse:
    if decision not in DECISIONS:
        raise Http404()
    item = visible_application(request, public_id)
    form = DecisionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors.as_data())
        DECISIONS[decision](item, request.user, form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Now: %(status)s.") % {"status": item.get_status_display()})
    return redirect(item)
