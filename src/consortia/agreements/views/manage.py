"""Recording agreements, moving them through their life, commitments, progress reports and
documents."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from consortia.core.forms import add_service_errors
from consortia.core.permissions import get_visible, require

from .. import policies, selectors, services
from ..forms import (
    AgreementForm,
    CommitmentForm,
    DocumentForm,
    ReportForm,
    SignForm,
    TerminateForm,
)
from ..models import Agreement


@login_required
def record(request: HttpRequest) -> HttpResponse:
    require(
        policies.can_record_agreement(request.user),
        _("Only the operator or an organisation's admins record agreements."),
    )
    form = AgreementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            agreement = services.record_agreement(by=request.user, **form.service_arguments())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Recorded as a draft. Record the signing once it is signed.")
            )
            return redirect(agreement)
    return render(
        request, "agreements/form.html", {"form": form}, status=400 if form.errors else 200
    )


def _agreement(request: HttpRequest, public_id: str) -> Agreement:
    return get_visible(selectors.agreement_detail(request.user), public_id=public_id)


def _transition(
    request: HttpRequest, public_id: str, form_class: Any, move: Callable[..., Agreement]
) -> HttpResponse:
    agreement = _agreement(request, public_id)
    form = form_class(request.POST) if form_class else None
    try:
        if form is not None and not form.is_valid():
            raise ValidationError(form.errors.as_data())
        move(agreement, by=request.user, **(form.cleaned_data if form is not None else {}))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Now: %(status)s.") % {"status": agreement.get_status_display()}
        )
    return redirect(agreement)


@login_required
@require_POST
def sign(request: HttpRequest, public_id: str) -> HttpResponse:
    return _transition(request, public_id, SignForm, services.sign_agreement)


@login_required
@require_POST
def bring_into_force(request: HttpRequest, public_id: str) -> HttpResponse:
    return _transition(request, public_id, None, services.bring_into_force)


@login_required
@require_POST
def complete(request: HttpRequest, public_id: str) -> HttpResponse:
    return _transition(request, public_id, None, services.complete_agreement)


@login_required
@require_POST
def terminate(request: HttpRequest, public_id: str) -> HttpResponse:
    return _transition(request, public_id, TerminateForm, services.terminate_agreement)


@login_required
@require_POST
def add_commitment(request: HttpRequest, public_id: str) -> HttpResponse:
    agreement = _agreement(request, public_id)
    form = CommitmentForm(request.POST, parties=list(agreement.parties.all()))
    try:
        if not form.is_valid():
            raise ValidationError(form.errors.as_data())
        services.add_commitment(agreement, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Commitment added."))
    return redirect(agreement)


@login_required
def report(request: HttpRequest, public_id: str) -> HttpResponse:
    commitment = get_visible(
        selectors.commitments_visible_to(request.user).select_related(
            "agreement", "responsible__organisation", "responsible__state"
        ),
        public_id=public_id,
    )
    require(
        policies.can_report_progress(request.user, commitment),
        _("Only an admin of the responsible party reports progress."),
    )
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_progress(commitment, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Progress reported."))
            return redirect(commitment.agreement)
    context = {"form": form, "commitment": commitment, "reports": commitment.reports.all()}
    return render(
        request, "agreements/report_form.html", context, status=400 if form.errors else 200
    )


@login_required
@require_POST
def add_documents(request: HttpRequest, public_id: str) -> HttpResponse:
    agreement = _agreement(request, public_id)
    form = DocumentForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors.as_data())
        added = services.add_documents(agreement, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            ngettext("%(count)d document added.", "%(count)d documents added.", len(added))
            % {"count": len(added)},
        )
    return redirect(agreement)


@login_required
@require_POST
def remove_document(request: HttpRequest, public_id: str) -> HttpResponse:
    document = get_visible(selectors.document_detail(request.user), public_id=public_id)
    services.remove_document(document, by=request.user)
    messages.success(request, _("Document removed: %(name)s.") % {"name": document})
    return redirect(document.agreement)
