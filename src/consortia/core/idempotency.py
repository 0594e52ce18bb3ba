"""``Idempotency-Key`` on the API's POST operations: a retry gets the first answer, not a second
object (after Stripe and the IETF draft "The Idempotency-Key HTTP Header Field"; ADR 0008).

Two decorators, registered once on the whole API in ``consortia.api`` with ninja's
``add_decorator``, so every POST operation of every router has the same behaviour:

- :func:`claim_before_handler` wraps each handler ("operation" mode: after authentication and
  input validation, so the caller is known). With a key it inserts the ``IdempotencyKey`` row in
  its own transaction *before* the handler runs; the unique ``(user, key)`` decides which of two
  concurrent requests runs. A replay answers the stored response; a duplicate still in progress
  409; the same key on another request 422.
- :func:`store_after_response` wraps the operation's ``run`` ("view" mode), which turns the
  handler's result or exception into the final response: that response is stored (2xx and 4xx
  except 409/429), or the key is released (5xx, 409, 429, an exception) so a retry may run again.

Requests without the header, other methods and anonymous callers are untouched.
"""

import functools
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import Error as DatabaseError
from django.db import IntegrityError, connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.request import RawPostDataException
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _

from . import clock
from .models import IdempotencyKey

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
MAX_KEY_LENGTH = 255
KEY_LIFETIME = timedelta(hours=24)
METHODS = {"POST"}
# Answers that say "not now" rather than "this is the outcome": a retry must be able to run.
NOT_STORED_STATUSES = {409, 429}

_CLAIM_ATTRIBUTE = "_consortia_idempotency_claim"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Fingerprint:
    """What makes two requests "the same request"."""

    method: str
    path: str
    body_sha256: str


def fingerprint_of(request: HttpRequest) -> Fingerprint:
    """Method, path with query string, and SHA-256 of the body.

    A multipart body (file uploads) has already been parsed by ninja and cannot be read again; it
    is hashed from its parsed fields and files, which also makes it independent of the random
    boundary a client picks for each attempt.
    """
    digest = hashlib.sha256()
    try:
        digest.update(request.body)
    except RawPostDataException:
        digest.update(b"multipart\0")
        for name in sorted(request.POST):
            for value in request.POST.getlist(name):
                digest.update(f"field\0{name}\0{value}\0".encode())
        for name in sorted(request.FILES):
            for upload in request.FILES.getlist(name):
                digest.update(f"file\0{name}\0{upload.name}\0".encode())
                for chunk in upload.chunks():
                    digest.update(chunk)
                digest.update(b"\0")
                upload.seek(0)
    return Fingerprint(
        method=request.method or "", path=request.get_full_path(), body_sha256=digest.hexdigest()
    )


def _invalid_key(message: str) -> JsonResponse:
    """422 in the shape of ``core.api.InvalidOut``, naming the header."""
    return JsonResponse(
        {
            "detail": "Invalid input.",  # as every other 422 of the API (consortia.api)
            "errors": [{"in": "header", "field": HEADER, "message": message}],
        },
        status=422,
    )


def _replay(stored: IdempotencyKey) -> HttpResponse:
    response = HttpResponse(
        bytes(stored.response_body),
        status=stored.response_status or 200,
        content_type=stored.response_content_type or None,
    )
    response[REPLAYED_HEADER] = "true"
    return response


def claim_key(
    user: Any, key: str, fingerprint: Fingerprint, *, now: datetime | None = None
) -> IdempotencyKey | HttpResponse:
    """Insert the key as in progress (its own transaction) and return the row; or, when the key is
    already there, the answer instead: the stored response, 409 or 422."""
    now = now or clock.now()
    stored: IdempotencyKey | None = None
    for _attempt in range(2):
        try:
            with transaction.atomic():
                return IdempotencyKey.objects.create(
                    user=user,
                    key=key,
                    method=fingerprint.method,
                    path=fingerprint.path,
                    body_sha256=fingerprint.body_sha256,
                    state=IdempotencyKey.State.IN_PROGRESS,
                    created_at=now,
                )
        except IntegrityError:
            pass
        stored = IdempotencyKey.objects.filter(user=user, key=key).first()
        if stored is None or stored.created_at >= now - KEY_LIFETIME:
            break
        # Expired but not yet deleted by the periodic work: forget it and claim the key afresh
        # (the insert decides again, should another request do the same meanwhile).
        IdempotencyKey.objects.filter(pk=stored.pk, created_at=stored.created_at).delete()
    if stored is None or stored.created_at < now - KEY_LIFETIME:
        # The first request failed and released the key meanwhile (or, twice in a row, an
        # expired key was in the way): nothing was stored, the retry may run.
        return JsonResponse(
            {"detail": _("A request with this Idempotency-Key has just failed: retry it.")},
            status=409,
        )
    if (stored.method, stored.path, stored.body_sha256) != (
        fingerprint.method,
        fingerprint.path,
        fingerprint.body_sha256,
    ):
        return _invalid_key(
            _(
                "This Idempotency-Key was already used for a different request "
                "(%(method)s %(path)s, or another body): send a new key with a new request."
            )
            % {"method": stored.method, "path": stored.path}
        )
    if stored.state == IdempotencyKey.State.IN_PROGRESS:
        return JsonResponse(
            {
                "detail": _(
                    "A request with this Idempotency-Key is still in progress: retry once it "
                    "has finished to get its response."
                )
            },
            status=409,
        )
    return _replay(stored)


def finish_key(claim: IdempotencyKey, response: HttpResponseBase) -> None:
    """Store the response of the request that holds the key, or release the key."""
    status = response.status_code
    storable = (
        isinstance(response, HttpResponse)
        and (200 <= status < 300 or 400 <= status < 500)
        and status not in NOT_STORED_STATUSES
    )
    if not storable:
        release_key(claim)
        return
    IdempotencyKey.objects.filter(pk=claim.pk).update(
        state=IdempotencyKey.State.DONE,
        response_status=status,
        response_content_type=response.get("Content-Type", ""),
        response_body=response.content,  # type: ignore[attr-defined]
    )


def release_key(claim: IdempotencyKey) -> None:
    """Forget the key so that a retry runs the operation again."""
    IdempotencyKey.objects.filter(pk=claim.pk, state=IdempotencyKey.State.IN_PROGRESS).delete()


def delete_expired_keys(*, now: datetime | None = None) -> int:
    """Delete the keys older than :data:`KEY_LIFETIME`; periodic work. Returns how many."""
    now = now or clock.now()
    deleted, _by_model = IdempotencyKey.objects.filter(created_at__lt=now - KEY_LIFETIME).delete()
    return deleted


def claim_before_handler(handler: Callable[..., Any]) -> Callable[..., Any]:
    """ninja "operation" decorator: claim the key, or answer in the handler's place."""

    @functools.wraps(handler)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        key = request.headers.get(HEADER)
        user = getattr(request, "auth", None)
        if (
            key is None
            or request.method not in METHODS
            or not getattr(user, "is_authenticated", False)
        ):
            return handler(request, *args, **kwargs)
        key = key.strip()
        if not key:
            return _invalid_key(_("The Idempotency-Key header is empty."))
        if len(key) > MAX_KEY_LENGTH:
            return _invalid_key(
                _("The Idempotency-Key is longer than %(limit)d characters.")
                % {"limit": MAX_KEY_LENGTH}
            )
        claimed = claim_key(user, key, fingerprint_of(request))
        if isinstance(claimed, HttpResponse):
            return claimed
        setattr(request, _CLAIM_ATTRIBUTE, claimed)
        return handler(request, *args, **kwargs)

    return wrapper


def store_after_response(run: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """ninja "view" decorator: store the final response of a request that claimed a key."""

    @functools.wraps(run)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            response = run(request, *args, **kwargs)
        except BaseException:
            _settle(request, None)
            raise
        _settle(request, response)
        return response

    return wrapper


def _settle(request: HttpRequest, response: HttpResponseBase | None) -> None:
    """Store the response (or release the key without one) if this request claimed a key.

    A request that lost its database connection (the API answers 503) is settled on a fresh
    connection, so that its retry may run. Should the database still fail, the caller gets the
    response all the same; the key stays in progress (409 to retries until it expires), which
    never runs the operation twice.
    """
    claim = getattr(request, _CLAIM_ATTRIBUTE, None)
    if claim is None:
        return
    delattr(request, _CLAIM_ATTRIBUTE)
    for attempt in range(2):
        try:
            if response is None:
                release_key(claim)
            else:
                finish_key(claim, response)
            return
        except DatabaseError:
            if attempt or connection.in_atomic_block:
                log.exception(
                    "could not settle Idempotency-Key %s of user %s", claim.key, claim.user_id
                )
                return
            connection.close()  # the next query connects afresh


# --- OpenAPI --------------------------------------------------------------------------------

HEADER_PARAMETER: dict[str, Any] = {
    "in": "header",
    "name": HEADER,
    "required": False,
    "description": (
        "Makes a retry safe: the same key with the same request within 24 hours answers the "
        "first response again (with `Idempotent-Replayed: true`) and creates nothing; the same "
        "key with another method, path or body answers 422; while the first request with the "
        "key is still running, 409. Keys are per user, 1 to 255 characters."
    ),
    "schema": {"type": "string", "minLength": 1, "maxLength": MAX_KEY_LENGTH},
}


def document_in_schema(schema: dict[str, Any]) -> None:
    """Add the header and its 409/422 answers to every POST operation of an OpenAPI schema."""
    components = schema.get("components", {}).get("schemas", {})
    error_schema = (
        {"$ref": "#/components/schemas/ErrorOut"}
        if "ErrorOut" in components
        else {"type": "object", "properties": {"detail": {"type": "string"}}}
    )
    invalid_schema = (
        {"$ref": "#/components/schemas/InvalidOut"} if "InvalidOut" in components else error_schema
    )
    for path_item in schema.get("paths", {}).values():
        for method, operation in path_item.items():
            if method.upper() not in METHODS:
                continue
            parameters = operation.setdefault("parameters", [])
            if not any(p.get("name") == HEADER and p.get("in") == "header" for p in parameters):
                parameters.append(dict(HEADER_PARAMETER))
            responses = operation.setdefault("responses", {})
            # Numeric keys, as ninja writes them: "409" beside 409 would be two answers in JSON.
            responses.setdefault(
                409,
                {
                    "description": "A request with the same Idempotency-Key is still in progress.",
                    "content": {"application/json": {"schema": error_schema}},
                },
            )
            responses.setdefault(
                422,
                {
                    "description": "Invalid input (including a malformed or reused "
                    "Idempotency-Key).",
                    "content": {"application/json": {"schema": invalid_schema}},
                },
            )
