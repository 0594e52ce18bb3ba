"""Applying: start an application, answer the owner's form, submit, withdraw; the answers'
files. Applications are confidential: pages are never cached, and an application the viewer
may not see answers 404."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from consortia.core.forms import add_service_errors
from consortia.core.http import private_download
from consortia.core.middleware import PRIVATE
from consortia.core.permissions import get_visible, require

from .. import policies, selectors, services
from ..forms import (
    ApplicationForm,
    ApplyForm,
    BookingForm,
    DecisionForm,
    EngagementForm,
    ResultForm,
    ScoreForm,
    TrancheForm,
)
from ..models import (
    Application,
    ApplicationStatus,
    Booking,
    Engagement,
    EngagementKind,
    OpportunityKind,
)
from .browse import _my_organisations


def visible_application(request: HttpRequest, public_id: str) -> Application:
    return get_visible(
        selectors.applications_visible_to(request.user).select_related(
            "opportunity__owner", "applicant", "submitted_by"
        ),
        public_id=public_id,
    )


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = PRIVATE
    return response


@login_required
def apply(request: HttpRequest, public_id: str) -> HttpResponse:
    opportunity = get_visible(selectors.opportunity_detail(request.user), public_id=public_id)
    organisations = [o for o in _my_organisations(request.user) if o.pk != opportunity.owner_id]
    require(bool(organisations), _("Only members of an organisation apply."))
    form = ApplyForm(
        request.POST if request.method == "POST" else None,
        organisations=organisations,
        nda=bool(opportunity.nda_text),
    )
    if request.method == "POST" and form.is_valid():
        try:
            application = services.start_application(
                opportunity,
                by=request.user,
                applicant=form.cleaned_data["applicant"],
                accept_nda=form.cleaned_data.get("accept_nda", False),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Application started. Answer the questions and submit."))
            return redirect(application)
    context = {"form": form, "opportunity": opportunity, "is_open": selectors.is_open(opportunity)}
    status = 400 if form.errors else 200
    return render(request, "opportunities/apply.html", context, status=status)


@never_cache
@login_required
def application(request: HttpRequest, public_id: str) -> HttpResponse:
    item = visible_application(request, public_id)
    opportunity = item.opportunity
    questions = list(opportunity.fields.all())
    answers = list(item.answers.all())
    form = ApplicationForm(
        *((request.POST, request.FILES) if request.method == "POST" else ()),
        questions=questions,
        answers=answers,
    )
    if request.method == "POST" and form.is_valid():
        submitting = request.POST.get("action") == "submit"
        try:
            services.save_answers(
                item, by=request.user, values=form.values(), files=form.files_given()
            )
            if submitting:
                services.submit_application(item, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Submitted.") if submitting else _("Draft saved."))
            return _private(redirect(item))
    return application_page(request, item, form=form)


def application_page(
    request: HttpRequest,
    item: Application,
    *,
    form: ApplicationForm | None = None,
    bound: dict[str, forms.Form] | None = None,
) -> HttpResponse:
    """The application page; ``form`` and the ``bound`` follow-up forms carry what was posted
    (the page answers 400 when one of them has errors)."""
    opportunity = item.opportunity
    questions = list(opportunity.fields.all())
    if form is None:
        form = ApplicationForm(questions=questions, answers=list(item.answers.all()))
    reviewing = policies.can_review(request.user, item)
    managing = policies.can_manage(request.user, opportunity)
    mine = policies.can_edit_application(request.user, item)
    criteria = list(opportunity.criteria.all())
    given = {a.field_id: a for a in item.answers.all()}
    context: dict[str, Any] = {
        "application": item,
        "opportunity": opportunity,
        "form": form,
        "editable": mine and item.status == ApplicationStatus.DRAFT,
        "answers": [(question, given.get(question.pk)) for question in questions],
        "can_withdraw": mine
        and item.status
        in (ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED, ApplicationStatus.SHORTLISTED),
        "reviewing": reviewing,
        "managing": managing and not mine,
        "ranked": selectors.ranking(opportunity, [item])[0] if (reviewing or managing) else None,
        "scores": list(item.scores.select_related("criterion", "reviewer"))
        if (reviewing or managing) and not mine
        else [],
    }
    if reviewing and criteria:
        mine_given = {s.criterion_id: s for s in item.scores.filter(reviewer=request.user)}
        initial = {}
        for criterion in criteria:
            if criterion.pk in mine_given:
                initial[f"criterion_{criterion.pk}"] = mine_given[criterion.pk].value
                initial[f"comment_{criterion.pk}"] = mine_given[criterion.pk].comment
        context["score_form"] = ScoreForm(criteria=criteria, initial=initial)
    if context["managing"]:
        context["decision_form"] = DecisionForm()
    bound = bound or {}
    context |= _follow_up(request, item, managing=managing) | bound
    failed = form.errors or any(f.errors for f in bound.values())
    return _private(
        render(request, "opportunities/application.html", context, status=400 if failed else 200)
    )


def _follow_up(request: HttpRequest, item: Application, *, managing: bool) -> dict[str, Any]:
    """The engagement, its tranches and booking for whoever sees the application; for the
    owner's admins once it is accepted, the forms that record what follows."""
    engagement = (
        Engagement.objects.filter(application=item)
        .select_related("site")
        .prefetch_related("tranches")
        .first()
    )
    booking = (
        Booking.objects.filter(engagement=engagement).select_related("offer").first()
        if engagement
        else None
    )
    context: dict[str, Any] = {"engagement": engagement, "booking": booking}
    if not managing or item.status != ApplicationStatus.ACCEPTED:
        return context
    owner = item.opportunity.owner
    if engagement is None:
        context["engagement_form"] = EngagementForm(
            sites=selectors.pilot_sites_visible_to(request.user).filter(owner=owner),
            grant=item.opportunity.kind == OpportunityKind.GRANT,
        )
        return context
    context["result_form"] = ResultForm(initial=ResultForm.initial_for(engagement))
    if engagement.kind == EngagementKind.GRANT:
        context["tranche_form"] = TrancheForm()
    if engagement.kind == EngagementKind.RESIDENCY and booking is None:
        context["booking_form"] = BookingForm(
            offers=selectors.soft_landing_offers(request.user, owner)
        )
    return context


@login_required
@require_POST
def withdraw(request: HttpRequest, public_id: str) -> HttpResponse:
    item = visible_application(request, public_id)
    try:
        services.withdraw_application(item, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Application withdrawn."))
    return _private(redirect(item))


@login_required
def answer_file(request: HttpRequest, public_id: str) -> FileResponse:
    """An answer's file, for whoever may read the application."""
    answer = get_visible(selectors.answer_files_visible_to(request.user), public_id=public_id)
    return private_download(
        answer.file, filename=answer.original_name, content_type=answer.content_type
    )
