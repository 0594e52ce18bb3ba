"""API plumbing shared by every app's router: authentication and the request type handlers see."""

import zoneinfo
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.pagination import PageNumberPagination
from ninja.security import HttpBearer
from ninja.utils import check_csrf
from typing_extensions import TypedDict

from consortia.core.permissions import ANONYMOUS


class ApiRequest(HttpRequest):
    """What a handler receives: ``auth`` is the signed-in user, or AnonymousUser on open routes."""

    auth: Any


def _authenticate_token(raw: str) -> Any:
    from consortia.accounts.services import authenticate_api_token

    return authenticate_api_token(raw)


SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class ApiAuth(HttpBearer):
    """A personal token (``Authorization: Bearer cst_…``) or the browser session (with CSRF).

    With ``required=False`` an anonymous caller gets through as AnonymousUser, and the selectors
    decide what they see. A token that is present but wrong is always 401, never anonymous.
    """

    def __init__(self, *, required: bool) -> None:
        self.required = required
        super().__init__()

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get("Authorization", "")
        if header:
            scheme, _, raw = header.partition(" ")
            user = _authenticate_token(raw.strip()) if scheme.lower() == "bearer" else None
            if user is None:
                raise AuthenticationError(401, "Invalid or revoked API token.")
            request.user = user
            return user
        if request.user.is_authenticated:
            if request.method not in SAFE_METHODS and check_csrf(request) is not None:
                raise HttpError(
                    403, "CSRF check failed: send the X-CSRFToken header, or use an API token."
                )
            return request.user
        return None if self.required else ANONYMOUS

    def authenticate(
        self, request: HttpRequest, token: str
    ) -> Any:  # pragma: no cover - __call__ does it
        return _authenticate_token(token)


signed_in = ApiAuth(required=True)
anyone = ApiAuth(required=False)


class Pages(PageNumberPagination):
    """Every list operation's pagination: ?page=N&page_size=M (at most 100)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(page_size=20, max_page_size=100, **kwargs)


# OpenAPI for an operation that answers with a file download.
FILE_RESPONSE = {
    "responses": {
        200: {
            "description": "The file, as a download.",
            "content": {
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
            },
        }
    }
}


# --- The answers every app's operations share ---------------------------------------------


class ErrorOut(Schema):
    """401, 403, 404: why not."""

    detail: str


# "in" is a Python keyword, hence the functional form.
FieldErrorOut = TypedDict(
    "FieldErrorOut",
    {
        "in": Annotated[str, Field(description='"body", "query", "path", "form" or "header"')],
        "field": Annotated[str, Field(description="the field at fault; empty for the request")],
        "message": str,
    },
)


class InvalidOut(Schema):
    """422: every field at fault (what the handlers in ``consortia.api`` answer)."""

    detail: str
    errors: list[FieldErrorOut]


READ_ERRORS: dict[int, Any] = {401: ErrorOut, 404: ErrorOut}
LIST_ERRORS: dict[int, Any] = {401: ErrorOut, 404: ErrorOut, 422: InvalidOut}
WRITE_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: InvalidOut}


class OrganisationRef(Schema):
    """An organisation as other objects name it."""

    id: UUID = Field(..., alias="public_id")
    name: str
    country: str = Field(..., alias="country_id")


class MoneyOut(Schema):
    amount: str = Field(..., description='a decimal string, e.g. "1500.50"')
    currency: str = Field(..., description="ISO 4217 code")


def money_out(amount: Decimal | None, currency: str) -> dict[str, str] | None:
    return None if amount is None else {"amount": str(amount), "currency": currency}


def time_in_body(value: datetime | None, time_zone: str) -> datetime | None:
    """A time with an offset as it is; one without is a wall-clock time in ``time_zone``."""
    if value is None or value.tzinfo is not None:
        return value
    try:
        zone = zoneinfo.ZoneInfo(time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            {"time_zone": _("Unknown time zone “%(zone)s”.") % {"zone": time_zone}}
        ) from None
    return value.replace(tzinfo=zone)
