"""HTTP responses shared by pages and the API."""

import logging
import sys
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext
from django.views.defaults import page_not_found

from .middleware import PRIVATE, current_request_id
from .storage import StorageFull

logger = logging.getLogger(__name__)


def private_download(file: FieldFile, *, filename: str, content_type: str) -> FileResponse:
    """A stored upload as a download of its checked type, never cached by shared caches or
    sniffed into something else by the browser. Call only after the permission check."""
    response = FileResponse(
        file.open("rb"), as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = PRIVATE
    return response


# --- When the database cannot be reached -------------------------------------------------------
RETRY_AFTER_SECONDS = 30
DATABASE_DOWN = (OperationalError, InterfaceError)


def database_down(error: BaseException | None) -> bool:
    """Whether ``error`` says the database cannot be reached (gone away, locked past its wait,
    interrupted), rather than that a query is wrong."""
    return isinstance(error, DATABASE_DOWN)


def _fault_page(status: int, title: str, text: str) -> HttpResponse:
    """A standalone page (``fault.html``) that needs neither the database nor the session: it
    is rendered without the request's context processors."""
    context = {"title": title, "text": text, "request_id": current_request_id()}
    return HttpResponse(render_to_string("fault.html", context), status=status)


def _fault_response(
    request: HttpRequest, *, status: int, title: str, text: str, detail: str
) -> HttpResponse:
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse({"detail": detail}, status=status)
    else:
        response = _fault_page(status, title, text)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def storage_full(request: HttpRequest) -> HttpResponse:
    """507: an upload found no room on the server's disk. The upload's transaction rolled back
    and its partial file was removed (``core.storage``): nothing was saved."""
    logger.error("no room to store an upload during %s %s", request.method, request.path)
    return _fault_response(
        request,
        status=507,
        title=gettext("No room to store the file"),
        text=gettext(
            "The server has no room to store your file right now. Nothing was saved: go back, "
            "and try again later or tell the operator."
        ),
        detail=gettext("The server has no room to store the file right now. Nothing was saved."),
    )


def unavailable(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After: a page that needs neither the database nor the session (rendered
    without the request's context processors), or JSON on the API. The transaction the request
    was in is rolled back by the database, so nothing is half-written."""
    logger.error("database unavailable during %s %s", request.method, request.path)
    return _fault_response(
        request,
        status=503,
        title=gettext("Briefly unavailable"),
        text=gettext(
            "Consortia cannot reach its database for a moment. Nothing you sent was half-saved: "
            "try again in a minute."
        ),
        detail=gettext("The service is briefly unavailable. Try again in a minute."),
    )


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler404: under /api/ a path that names no operation (``/projects/{id}/budget/-1``: the
    id is not a number the route takes) answers JSON as every other API 404; elsewhere the page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not Found"}, status=404)
    return page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: an error raised outside a view (a middleware reading the session or the user)
    lands here; a database that cannot be reached still answers 503, anything else a 500 page
    that needs no database either, or JSON with the log's reference under /api/."""
    if database_down(sys.exc_info()[1]):
        return unavailable(request)
    if request.path.startswith("/api/"):
        detail = gettext("The server could not answer this request. The error has been logged.")
        return JsonResponse({"detail": detail, "request_id": current_request_id()}, status=500)
    return _fault_page(
        500,
        gettext("Something went wrong"),
        gettext(
            "The platform could not answer this request. The error has been logged; if it "
            "happens again, send the reference below to the operator."
        ),
    )


class ServiceFaultMiddleware:
    """A view that loses the database answers ``unavailable``, one whose upload finds the disk
    full ``storage_full``, instead of a server error."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, StorageFull):
            return storage_full(request)
        return unavailable(request) if database_down(exception) else None
