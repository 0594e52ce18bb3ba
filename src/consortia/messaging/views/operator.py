"""The operator's side: abuse reports, suspending and reinstating accounts."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consortia.accounts.services import reinstate_account
from consortia.core.permissions import get_visible, require
from consortia.directory import selectors as directory

from .. import policies, selectors, services


def _require_operator(request: HttpRequest) -> None:
    require(policies.can_handle_reports(request.user), _("Only the operator handles reports."))


@login_required
def reports(request: HttpRequest) -> HttpResponse:
    _require_operator(request)
    context = {
        "open_reports": selectors.open_reports(request.user),
        "suspended": directory.people_visible_to(request.user)
        .filter(user__is_active=False, user__erased_at__isnull=True)
        .select_related("user")
        .order_by("full_name")[:100],
    }
    return render(request, "messaging/operator_reports.html", context)


def _report(request: HttpRequest, report_id: int):  # type: ignore[no-untyped-def]
    _require_operator(request)
    return get_visible(
        selectors.reports_visible_to(request.user).select_related("reported__user"), pk=report_id
    )


@login_required
@require_POST
def dismiss(request: HttpRequest, report_id: int) -> HttpResponse:
    services.dismiss_report(_report(request, report_id), by=request.user)
    messages.success(request, _("Report dismissed."))
    return redirect("messaging:reports")


@login_required
@require_POST
def suspend(request: HttpRequest, report_id: int) -> HttpResponse:
    report = services.suspend_reported(_report(request, report_id), by=request.user)
    messages.success(request, _("%(name)s is suspended.") % {"name": report.reported.full_name})
    return redirect("messaging:reports")


@login_required
@require_POST
def reinstate(request: HttpRequest, public_id: str) -> HttpResponse:
    _require_operator(request)
    person = get_visible(
        directory.people_visible_to(request.user).select_related("user"), public_id=public_id
    )
    reinstate_account(person.user, by=request.user)
    messages.success(request, _("%(name)s can sign in again.") % {"name": person.full_name})
    return redirect("messaging:reports")
