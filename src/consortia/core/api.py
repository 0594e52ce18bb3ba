"""API plumbing shared by every app's router: authentication and the request type handlers see."""

import functools
import json
import zoneinfo
from collections.abc import Callable, Iterator
from datetime import datetime
from decimal import Decimal
from http.client import responses as reasons
from typing import Annotated, Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.openapi.schema import REF_TEMPLATE, OpenAPISchema
from ninja.operation import Operation
from ninja.pagination import PageNumberPagination
from ninja.schema import NinjaGenerateJsonSchema
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


# Far past any list's end, and within what every database takes as an OFFSET once multiplied
# by the page size (a larger page overflowed PostgreSQL's bigint and SQLite's integer: a 500).
MAX_PAGE = 1_000_000


class Pages(PageNumberPagination):
    """Every list operation's pagination: ?page=N&page_size=M (at most 100; more is cut to 100)."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1)

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


# --- Text the databases cannot hold ---------------------------------------------------------
def _unstorable(text: str) -> bool:
    """NUL, which PostgreSQL can neither store nor compare, or a lone surrogate ("\\udb9b" is
    valid JSON), which no database can encode."""
    if "\x00" in text:
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def refuse_unstorable_text(handler: Callable[..., Any]) -> Callable[..., Any]:
    """ninja "operation" decorator: 422 naming every query parameter, form field or JSON body field
    whose text no database can hold (``_unstorable``). A filter ``?q=%00`` was a 500 on
    PostgreSQL and fine on SQLite: both refuse it alike now, before any handler runs."""

    @functools.wraps(handler)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        errors = [
            {
                "in": where,
                "field": name,
                "message": _("Text may not contain NUL characters or unpaired surrogates."),
            }
            for where, name in _unstorable_fields(request)
        ]
        if errors:
            return JsonResponse({"detail": "Invalid input.", "errors": errors}, status=422)
        return handler(request, *args, **kwargs)

    return wrapper


def _unstorable_fields(request: HttpRequest) -> Iterator[tuple[str, str]]:
    for name, values in request.GET.lists():
        if any(_unstorable(value) for value in values):
            yield "query", name
    if request.content_type == "application/json":
        try:
            body = json.loads(request.body or b"null")
        except ValueError:  # ninja has answered a body that is not JSON already
            return
        yield from (("body", path) for path in _unstorable_paths(body, ""))
    elif request.method not in SAFE_METHODS:
        for name, values in request.POST.lists():
            if any(_unstorable(value) for value in values):
                yield "form", name


def _unstorable_paths(value: Any, path: str) -> Iterator[str]:
    if isinstance(value, str):
        if _unstorable(value):
            yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _unstorable_paths(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _unstorable_paths(item, f"{path}.{index}" if path else str(index))


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
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long
        raise ValidationError(
            {"time_zone": _("Unknown time zone “%(zone)s”.") % {"zone": time_zone}}
        ) from None
    return value.replace(tzinfo=zone)


# What any operation may answer whatever it does: 400 (a body that is not JSON), 401 (a wrong or
# revoked token; no token where one is needed), 403 (not allowed; a session without CSRF), 404
# (not visible, or an id that names nothing), 422 (a field at fault), 429 (rate limited).
COMMON_ANSWERS: dict[int, type[Schema]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    422: InvalidOut,
    429: ErrorOut,
}


class ApiSchema(OpenAPISchema):
    """The OpenAPI document as the API behaves: every operation lists the common answers, and an
    operation open to anonymous callers says so with the empty security requirement ``{}``."""

    def responses(self, operation: Operation) -> dict[int, Any]:
        result = super().responses(operation)
        for status, model in COMMON_ANSWERS.items():
            result.setdefault(
                status,
                {
                    "description": reasons[status],
                    "content": {"application/json": {"schema": self.component(model)}},
                },
            )
        return result

    def operation_security(self, operation: Operation) -> list[dict[str, Any]] | None:
        security = super().operation_security(operation)
        if security and any(
            getattr(auth, "required", True) is False for auth in operation.auth_callbacks
        ):
            security.append({})
        return security

    def component(self, model: type[Schema]) -> dict[str, str]:
        """A reference to ``model`` under components/schemas, adding it there the first time."""
        name = model.__name__
        if name not in self.schemas:
            schema = model.model_json_schema(
                ref_template=REF_TEMPLATE,
                schema_generator=NinjaGenerateJsonSchema,
                mode="serialization",
            )
            self.add_schema_definitions(schema.pop("$defs", {}))
            self.schemas[name] = schema
        return {"$ref": REF_TEMPLATE.format(model=name)}
