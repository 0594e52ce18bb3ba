"""Request id: taken from ``X-Request-ID`` when a proxy sets one, otherwise generated; echoed in
the response, written on every audit event and every log line of the request."""

import logging
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

_request_id: ContextVar[str] = ContextVar("request_id", default="")
_VALID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def current_request_id() -> str:
    return _request_id.get()


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _VALID.match(incoming) else uuid.uuid4().hex
        token = _request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response


class RequestIdLogFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id() or "-"
        return True


PRIVATE = "private, no-store"


class PrivatePagesMiddleware:
    """Nothing answered to a signed-in person or an API token is kept by the browser or by a
    cache on the way (``Cache-Control: private, no-store``): confidential pages, messages and
    applications must not be found again in a shared computer's history or a proxy. A view that
    set Cache-Control itself keeps its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        personal = bool(user is not None and user.is_authenticated)
        if (personal or "Authorization" in request.headers) and not response.has_header(
            "Cache-Control"
        ):
            response["Cache-Control"] = PRIVATE
        return response
