"""htmx helpers: one template per page; an htmx request gets only its results fragment."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def render_page(
    request: HttpRequest, template: str, context: dict[str, Any], *, fragment: str | None = None
) -> HttpResponse:
    """Render ``template``; for an htmx request targeting the results, render ``fragment`` instead.

    The page template includes the fragment, so both come from the same markup.
    """
    htmx = getattr(request, "htmx", None)
    if fragment and htmx and not htmx.boosted:
        response = render(request, fragment, context)
    else:
        response = render(request, template, context)
    response["Vary"] = "HX-Request"
    return response
