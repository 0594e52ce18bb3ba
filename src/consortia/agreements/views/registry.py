"""The registry of agreements, its timeline, one agreement and its documents, and "my
organisation's"."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render

from consortia.core import clock
from consortia.core.htmx import render_page
from consortia.core.http import private_download
from consortia.core.permissions import get_visible
from consortia.projects.selectors import projects_carrying_out

from .. import policies, selectors
from ..forms import (
    CommitmentForm,
    DocumentForm,
    RegistryFilterForm,
    ReportForm,
    SignForm,
    TerminateForm,
)
from ..selectors import RegistryFilters


def _filters(request: HttpRequest) -> tuple[RegistryFilterForm, RegistryFilters, bool]:
    form = RegistryFilterForm(request.GET)
    valid = form.is_valid()
    return form, form.filters() if valid else RegistryFilters(), valid


def registry(request: HttpRequest) -> HttpResponse:
    form, filters, valid = _filters(request)
    rows = selectors.agreement_registry(request.user, filters)
    page = Paginator(rows if valid else rows.none(), settings.CONSORTIA_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"form": form, "page": page, "tab": "registry"}
    response = render_page(
        request, "agreements/registry.html", context, fragment="agreements/_results.html"
    )
    response.status_code = 200 if valid else 400
    return response


def timeline(request: HttpRequest) -> HttpResponse:
    form, filters, valid = _filters(request)
    years = selectors.timeline(request.user, filters) if valid else []
    context = {"form": form, "years": years, "tab": "timeline"}
    return render(request, "agreements/timeline.html", context, status=200 if valid else 400)


def detail(request: HttpRequest, public_id: str) -> HttpResponse:
    agreement = get_visible(selectors.agreement_detail(request.user), public_id=public_id)
    parties = list(agreement.parties.all())
    can_edit = policies.can_edit_agreement(request.user, agreement)
    commitments = selectors.lit_commitments(agreement, today=clock.today())
    context = {
        "agreement": agreement,
        "parties": parties,
        "commitments": [
            (item, policies.can_report_progress(request.user, item.commitment))
            for item in commitments
        ],
        "light": getattr(selectors.light_of(agreement, today=clock.today()), "code", ""),
        "can_edit": can_edit,
        "history": selectors.history(agreement) if can_edit else [],
        "sign_form": SignForm(),
        "terminate_form": TerminateForm(),
        "commitment_form": CommitmentForm(parties=parties),
        "report_form": ReportForm(),
        "projects": projects_carrying_out(request.user, agreement),
        "document_form": DocumentForm(),
    }
    return render(request, "agreements/detail.html", context)


def document(request: HttpRequest, public_id: str) -> FileResponse:
    """The file as a download of its checked type, for whoever sees the agreement."""
    item = get_visible(selectors.documents_visible_to(request.user), public_id=public_id)
    return private_download(item.file, filename=item.original_name, content_type=item.content_type)


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    context = {"agreements": selectors.agreements_of(request.user)[:200]}
    return render(request, "agreements/mine.html", context)
