"""Rate limits counted in the database, so they hold across web processes and machines."""

import math
from datetime import datetime, timedelta
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


class RateLimited(Exception):
    """Too many attempts; the API answers 429 with ``Retry-After``, pages show the message."""

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


def rate_limited_page(
    request: HttpRequest, error: RateLimited, template: str, context: dict[str, Any]
) -> HttpResponse:
    """The form again, with the limit's message on top: status 429 and ``Retry-After``."""
    messages.error(request, error.message)
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(error.retry_after)
    return response


def seconds_until_free(
    attempts: list[QuerySet],
    *,
    limit: int,
    window: timedelta,
    now: datetime,
    field: str = "created_at",
) -> int:
    """0 when another attempt is allowed; otherwise the seconds until the oldest one leaves the window.

    ``attempts``: querysets of earlier attempts (already narrowed to the actor), counted together.
    """
    since = now - window
    times = sorted(
        moment
        for queryset in attempts
        for moment in queryset.filter(**{f"{field}__gte": since}).values_list(field, flat=True)
    )
    if len(times) < limit:
        return 0
    oldest_counted = times[len(times) - limit]
    return max(1, math.ceil((oldest_counted + window - now).total_seconds()))
