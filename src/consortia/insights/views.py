"""The insights pages and the CSV file behind every chart. Public: everyone sees the numbers of
what they may see, so answers to signed-in people are never stored by shared caches."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control, patch_vary_headers

from consortia.core import tables

from . import charts, selectors
from .forms import InsightFilterForm
from .selectors import InsightFilters

DASHBOARD_LINKS = 10  # links listed under the map on the dashboard
MAP_LINKS = 50  # and on the map page, unless all are asked for


def _filters(request: HttpRequest) -> tuple[InsightFilterForm, InsightFilters, dict[str, object]]:
    form = InsightFilterForm(request.GET)
    valid = form.is_valid()
    query = request.GET.copy()
    query.pop("links", None)
    context = {
        "form": form,
        "valid": valid,
        "query_string": f"?{query.urlencode()}" if query else "",
    }
    return form, form.filters() if valid else InsightFilters(), context


def _private_when_signed_in(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    if request.user.is_authenticated:
        patch_cache_control(response, private=True)
    patch_vary_headers(response, ["Cookie"])
    return response


def dashboard(request: HttpRequest) -> HttpResponse:
    _form, filters, context = _filters(request)
    if context["valid"]:
        with selectors.one_reading():
            context |= _dashboard_figures(request, filters)
    status = 200 if context["valid"] else 400
    response = render(request, "insights/dashboard.html", context, status=status)
    return _private_when_signed_in(request, response)


def _dashboard_figures(request: HttpRequest, filters: InsightFilters) -> dict[str, object]:
    figure = charts.map_figure(request.user, filters)
    return {
        "map": figure,
        "link_rows": figure.links.limited(DASHBOARD_LINKS),
        "figures": [
            charts.per_year_figure(request.user, filters),
            charts.per_area_figure(request.user, filters),
            charts.health_figure(request.user, filters),
            charts.budgets_figure(request.user, filters),
            charts.funnel_figure(request.user, filters),
            charts.meeting_funnel_figure(request.user, filters),
            charts.results_figure(request.user, filters),
        ],
    }


def cooperation_map(request: HttpRequest) -> HttpResponse:
    _form, filters, context = _filters(request)
    show_all = request.GET.get("links") == "all"
    context["show_all"] = show_all
    if context["valid"]:
        figure = charts.map_figure(request.user, filters)
        everything = request.GET.copy()
        everything["links"] = "all"
        context |= {
            "map": figure,
            "link_rows": figure.links.limited(None if show_all else MAP_LINKS),
            "all_links_query": everything.urlencode(),
        }
    status = 200 if context["valid"] else 400
    response = render(request, "insights/map.html", context, status=status)
    return _private_when_signed_in(request, response)


def csv_download(request: HttpRequest, chart: str) -> HttpResponse:
    """The table behind a chart as CSV (UTF-8 with a byte order mark, for Excel)."""
    form, filters, context = _filters(request)
    if not context["valid"]:
        response = HttpResponse(
            form.error_text(), status=400, content_type="text/plain; charset=utf-8"
        )
        return _private_when_signed_in(request, response)
    table = charts.table_for(chart, request.user, filters)
    response = tables.csv_response(table.csv_rows(), filename=f"{chart}.csv")
    return _private_when_signed_in(request, response)
