"""REST API v1: one NinjaAPI, each app adds its router. OpenAPI at /api/v1/openapi.json."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.schema import OpenAPISchema

from consortia.accounts.api import router as accounts_router
from consortia.agreements.api import router as agreements_router
from consortia.core import idempotency
from consortia.core.api import SAFE_METHODS, ApiSchema, refuse_unstorable_text, signed_in
from consortia.core.http import storage_full, unavailable
from consortia.core.ratelimit import RateLimited
from consortia.core.storage import StorageFull
from consortia.directory.api import router as directory_router
from consortia.events.api import router as events_router
from consortia.matching.api import router as matching_router
from consortia.messaging.api import router as messaging_router
from consortia.opportunities.api import router as opportunities_router
from consortia.projects.api import router as projects_router


class ConsortiaApi(NinjaAPI):
    """The API, whose schema also documents the answers every operation may give (``ApiSchema``)
    and the ``Idempotency-Key`` every POST accepts."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        schema = ApiSchema(self, path_prefix)
        idempotency.document_in_schema(schema)
        return schema


api = ConsortiaApi(
    title="Consortia API",
    version="1",
    description=(
        "The single window of an innovation alliance: directory, offers and needs, "
        "messaging (conversations, expressions of interest, contact requests), notifications, "
        "the registry of agreements (parties, commitments, progress reports, open-data "
        "exports), joint projects (partners, budgets, milestones, updates, outcomes), and "
        "opportunities (pilot requests, challenges, programmes, soft landing, grants, fund "
        "calls: eligibility with a reason per rule, confidential applications with answers and "
        "files, review with a weighted rubric and ranking, decisions, the engagements that "
        "follow) with the registry of pilot sites; events (agenda, registration, delegations, "
        "calendars) and B2B sessions (availability, meeting requests, a scheduler with a "
        "proven bound, the published schedule, check-in and follow-up)."
    ),
    urls_namespace="api",
    auth=signed_in,
)


def _error_list(errors: list[dict[str, Any]]) -> list[dict[str, str]]:
    result = []
    for error in errors:
        location = [str(part) for part in error.get("loc", [])]
        where = location[0] if location else "body"
        # ninja's locations are (where, parameter name, field…); drop the parameter name for bodies.
        path = location[2:] if where == "body" and len(location) > 2 else location[1:]
        result.append(
            {"in": where, "field": ".".join(path), "message": error.get("msg", "Invalid value.")}
        )
    return result


@api.exception_handler(NinjaValidationError)
def on_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    return api.create_response(
        request, {"detail": "Invalid input.", "errors": _error_list(exc.errors)}, status=422
    )


@api.exception_handler(DjangoValidationError)
def on_service_validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    where = "query" if request.method in SAFE_METHODS else "body"
    if hasattr(exc, "error_dict"):
        errors = [
            {"in": where, "field": field, "message": message}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    else:
        errors = [{"in": where, "field": "", "message": message} for message in exc.messages]
    return api.create_response(request, {"detail": "Invalid input.", "errors": errors}, status=422)


@api.exception_handler(PermissionDenied)
def on_not_permitted(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "Not allowed."}, status=403)


@api.exception_handler(OperationalError)
@api.exception_handler(InterfaceError)
def on_database_unavailable(request: HttpRequest, exc: Exception) -> HttpResponse:
    return unavailable(request)


@api.exception_handler(StorageFull)
def on_storage_full(request: HttpRequest, exc: Exception) -> HttpResponse:
    return storage_full(request)


@api.exception_handler(RateLimited)
def on_rate_limited(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    response = api.create_response(request, {"detail": exc.message}, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


# Text no database can hold (NUL, lone surrogates) is refused before any handler sees it.
api.add_decorator(refuse_unstorable_text, mode="operation")
# Every POST of every router accepts an Idempotency-Key (core.idempotency, ADR 0008): the key is
# claimed after authentication and validation, and the final response stored once it is made.
api.add_decorator(idempotency.claim_before_handler, mode="operation")
api.add_decorator(idempotency.store_after_response, mode="view")

api.add_router("/", directory_router)
api.add_router("/", messaging_router)
api.add_router("/", agreements_router)
api.add_router("/", projects_router)
api.add_router("/", opportunities_router)
api.add_router("/", events_router)
api.add_router("/", matching_router)
api.add_router("/", accounts_router)
