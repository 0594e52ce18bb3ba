"""The owner's downloads of the applications received, as CSV and Excel. Only the owner's admins
may download (everyone else gets 404, see ``opportunities.exports``); the files are never
cached."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache

from consortia.core import tables
from consortia.core.permissions import get_visible

from .. import selectors
from ..exports import ApplicationExport, application_export_rows
from .apply import PRIVATE


def _export(request: HttpRequest, public_id: str) -> ApplicationExport:
    opportunity = get_visible(selectors.opportunities_visible_to(request.user), public_id=public_id)
    return application_export_rows(request.user, opportunity)


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = PRIVATE
    return response


@never_cache
@login_required
def applications_csv(request: HttpRequest, public_id: str) -> HttpResponse:
    export = _export(request, public_id)
    return _private(tables.csv_response(export.table(), filename="applications.csv"))


@never_cache
@login_required
def applications_xlsx(request: HttpRequest, public_id: str) -> HttpResponse:
    export = _export(request, public_id)
    response = tables.xlsx_response(
        export.header, export.rows, sheet="applications", filename="applications.xlsx"
    )
    return _private(response)
