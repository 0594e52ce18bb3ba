"""The owner's side: publishing an opportunity and changing it, publishing and closing it, and
the set-up page (the application form's questions, the rubric, the reviewers). Each view calls
one service; a refusal shows on the form that asked for it."""

import functools
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consortia.core.forms import add_service_errors
from consortia.core.permissions import get_visible, require

from .. import policies, selectors, services
from ..forms import CriterionForm, OpportunityForm, QuestionForm, ReviewerForm
from ..models import Opportunity


def submit(
    request: HttpRequest,
    form: forms.Form,
    call: Callable[[Any], Any],
    *,
    done: str,
    then: Any,
    again: Callable[[forms.Form], HttpResponse],
) -> HttpResponse:
    """Validate ``form`` and call the service with it. On success say ``done`` and redirect to
    ``then`` (or to ``then(result)`` when it is a function); otherwise ``again(form)`` renders the
    page once more with the errors under their fields."""
    if form.is_valid():
        try:
            result = call(form)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(then(result) if callable(then) else then)
    return again(form)


def submit_on(
    request: HttpRequest,
    page: Callable[[dict[str, forms.Form]], HttpResponse],
    name: str,
    form: forms.Form,
    call: Callable[[Any], Any],
    *,
    done: str,
    then: Any,
) -> HttpResponse:
    """``submit`` from a page of several forms: on errors, ``page`` again with ``form`` (and its
    errors) in the place called ``name``."""
    return submit(request, form, call, done=done, then=then, again=lambda form: page({name: form}))


def managed(request: HttpRequest, public_id: str) -> Opportunity:
    """The opportunity, if the user may see it (404) and manage it (403)."""
    opportunity = get_visible(selectors.opportunity_detail(request.user), public_id=public_id)
    require(
        policies.can_manage(request.user, opportunity),
        _("Only the owner's admins or the operator manage this opportunity."),
    )
    return opportunity


def form_page(
    request: HttpRequest, template: str, form: forms.Form, **context: Any
) -> HttpResponse:
    """A page around one form: 400 when the form has errors."""
    status = 400 if form.errors else 200
    return render(request, template, {"form": form, **context}, status=status)


def _form_page(
    request: HttpRequest, form: forms.Form, opportunity: Opportunity | None = None
) -> HttpResponse:
    return form_page(request, "opportunities/form.html", form, opportunity=opportunity)


@login_required
def create(request: HttpRequest) -> HttpResponse:
    owners = selectors.organisations_publishing_for(request.user)
    require(owners.exists(), _("Only an organisation's admins or the operator publish."))
    form = OpportunityForm(
        request.POST or None,
        owners=owners,
        sites=selectors.pilot_sites_visible_to(request.user).filter(owner__in=owners),
        initial={"time_zone": getattr(getattr(request.user, "person", None), "time_zone", "UTC")},
    )
    if request.method != "POST":
        return _form_page(request, form)
    return submit(
        request,
        form,
        lambda form: services.create_opportunity(by=request.user, **form.service_arguments()),
        done=_("Saved as a draft. Set up the form and the rubric, then publish."),
        then=lambda created: reverse("opportunities:setup", args=[created.public_id]),
        again=lambda form: _form_page(request, form),
    )


@login_required
def edit(request: HttpRequest, public_id: str) -> HttpResponse:
    opportunity = managed(request, public_id)
    form = OpportunityForm(
        request.POST or None,
        opportunity=opportunity,
        sites=selectors.pilot_sites_visible_to(request.user).filter(owner=opportunity.owner),
    )
    if request.method != "POST":
        return _form_page(request, form, opportunity)
    return submit(
        request,
        form,
        lambda form: services.update_opportunity(opportunity, by=request.user, **form.changes()),
        done=_("Opportunity saved."),
        then=opportunity,
        again=lambda form: _form_page(request, form, opportunity),
    )


def _move(
    request: HttpRequest, public_id: str, move: Callable[..., Opportunity], done: str
) -> HttpResponse:
    opportunity = managed(request, public_id)
    try:
        move(opportunity, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect(opportunity)


@login_required
@require_POST
def publish(request: HttpRequest, public_id: str) -> HttpResponse:
    return _move(request, public_id, services.publish_opportunity, _("Published."))


@login_required
@require_POST
def close(request: HttpRequest, public_id: str) -> HttpResponse:
    return _move(request, public_id, services.close_opportunity, _("Closed to applications."))


# The set-up page: one form per service; each posts to its own URL and comes back here.


def _setup_page(
    request: HttpRequest, opportunity: Opportunity, bound: dict[str, forms.Form] | None = None
) -> HttpResponse:
    bound = bound or {}
    context: dict[str, Any] = {
        "opportunity": opportunity,
        "reviewers": opportunity.reviewers.select_related("user__person").order_by("assigned_at"),
        "question_form": QuestionForm(),
        "criterion_form": CriterionForm(),
        "reviewer_form": ReviewerForm(),
        **bound,
    }
    status = 400 if any(form.errors for form in bound.values()) else 200
    return render(request, "opportunities/setup.html", context, status=status)


def _on_setup(
    request: HttpRequest, opportunity: Opportunity
) -> tuple[Callable[[dict[str, forms.Form]], HttpResponse], str]:
    """The set-up page to show again on errors, and where to go on success."""
    page = functools.partial(_setup_page, request, opportunity)
    return page, reverse("opportunities:setup", args=[opportunity.public_id])


@login_required
def setup(request: HttpRequest, public_id: str) -> HttpResponse:
    return _setup_page(request, managed(request, public_id))


@login_required
@require_POST
def add_question(request: HttpRequest, public_id: str) -> HttpResponse:
    opportunity = managed(request, public_id)
    page, setup_url = _on_setup(request, opportunity)
    return submit_on(
        request,
        page,
        "question_form",
        QuestionForm(request.POST),
        lambda form: services.add_form_field(
            opportunity, by=request.user, **form.service_arguments()
        ),
        done=_("Question added."),
        then=setup_url,
    )


@login_required
@require_POST
def remove_question(request: HttpRequest, public_id: str, field_id: int) -> HttpResponse:
    opportunity = managed(request, public_id)
    field = get_visible(opportunity.fields.all(), pk=field_id)
    page, setup_url = _on_setup(request, opportunity)
    return submit_on(
        request,
        page,
        "question_removal",
        forms.Form(request.POST),
        lambda form: services.remove_form_field(field, by=request.user),
        done=_("Question removed: %(label)s.") % {"label": field.label},
        then=setup_url,
    )


@login_required
@require_POST
def add_criterion(request: HttpRequest, public_id: str) -> HttpResponse:
    opportunity = managed(request, public_id)
    page, setup_url = _on_setup(request, opportunity)
    return submit_on(
        request,
        page,
        "criterion_form",
        CriterionForm(request.POST),
        lambda form: services.add_criterion(opportunity, by=request.user, **form.cleaned_data),
        done=_("Criterion added."),
        then=setup_url,
    )


@login_required
@require_POST
def remove_criterion(request: HttpRequest, public_id: str, criterion_id: int) -> HttpResponse:
    opportunity = managed(request, public_id)
    criterion = get_visible(opportunity.criteria.all(), pk=criterion_id)
    page, setup_url = _on_setup(request, opportunity)
    return submit_on(
        request,
        page,
        "criterion_removal",
        forms.Form(request.POST),
        lambda form: services.remove_criterion(criterion, by=request.user),
        done=_("Criterion removed: %(name)s.") % {"name": criterion.name},
        then=setup_url,
    )


@login_required
@require_POST
def add_reviewer(request: HttpRequest, public_id: str) -> HttpResponse:
    opportunity = managed(request, public_id)
    page, setup_url = _on_setup(request, opportunity)
    return submit_on(
        request,
        page,
        "reviewer_form",
        ReviewerForm(request.POST),
        lambda form: services.assign_reviewer(
            opportunity, by=request.user, **form.service_arguments()
        ),
        done=_("Reviewer assigned."),
        then=setup_url,
    )


@login_required
@require_POST
def remove_reviewer(request: HttpRequest, public_id: str, reviewer_id: int) -> HttpResponse:
    opportunity = managed(request, public_id)
    reviewer = get_visible(opportunity.reviewers.all(), pk=reviewer_id)
    page, setup_url = _on_setup(request, opportunity)
    return submit_on(
        request,
        page,
        "reviewer_removal",
        forms.Form(request.POST),
        lambda form: services.remove_reviewer(opportunity, by=request.user, user=reviewer.user),
        done=_("Reviewer removed."),
        then=setup_url,
    )
