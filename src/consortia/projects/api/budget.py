"""A project's budget lines, its total in one currency, and the operator's exchange rates."""

from decimal import Decimal
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Query, Status
from ninja.pagination import paginate

from consortia.core import clock
from consortia.core.api import LIST_ERRORS, WRITE_ERRORS, ApiRequest, Pages, anyone

from .. import selectors, services
from . import router
from .lookups import (
    currency_in_query,
    editable_project,
    funder_in_body,
    missing_rates,
    named_budget_line,
    seen_project,
)
from .schemas import BudgetLineIn, BudgetLineOut, RateIn, RateOut, RateQuery, TotalOut, TotalQuery

CENTS = Decimal("0.01")


@router.get(
    "/projects/{uuid:project_id}/budget",
    response={200: list[BudgetLineOut], **LIST_ERRORS},
    auth=anyone,
    url_name="list_budget_lines",
)
@paginate(Pages)
def list_budget_lines(request: ApiRequest, project_id: UUID) -> Any:
    """In the order they were added; each in its own currency."""
    return seen_project(request, project_id).budget_lines.select_related(
        "funder__organisation", "funder__state"
    )


@router.post(
    "/projects/{uuid:project_id}/budget",
    response={201: BudgetLineOut, **WRITE_ERRORS},
    url_name="add_budget_line",
)
def add_budget_line(request: ApiRequest, project_id: UUID, payload: BudgetLineIn) -> Any:
    project = editable_project(request, project_id)
    line = services.add_budget_line(
        project,
        by=request.auth,
        label=payload.label,
        amount=payload.amount,
        currency=payload.currency,
        funder=funder_in_body(project, payload.funder),
    )
    return Status(201, line)


@router.delete(
    "/projects/{uuid:project_id}/budget/{int:line_id}",
    response={204: None, **WRITE_ERRORS},
    url_name="remove_budget_line",
)
def remove_budget_line(request: ApiRequest, project_id: UUID, line_id: int) -> Any:
    project = editable_project(request, project_id)
    services.remove_budget_line(named_budget_line(project, line_id), by=request.auth)
    return Status(204, None)


@router.get(
    "/projects/{uuid:project_id}/budget/total",
    response={200: TotalOut, **LIST_ERRORS},
    auth=anyone,
    url_name="budget_total",
)
def budget_total(request: ApiRequest, project_id: UUID, query: Query[TotalQuery]) -> Any:
    """The whole budget in one currency, with the operator's latest rate on or before ``on``
    for each other currency. A currency without such a rate is a 422 on ``into``."""
    project = seen_project(request, project_id)
    into = currency_in_query("into", query.into)
    on = query.on or clock.today()
    amounts = selectors.budget_by_currency(list(project.budget_lines.all()))
    converted = selectors.total_in(amounts, into, on=on)
    if converted is None:
        raise ValidationError(
            {
                "into": _("There is no rate from %(currencies)s to %(into)s on or before %(on)s.")
                % {
                    "currencies": ", ".join(missing_rates(amounts, into, on)),
                    "into": into,
                    "on": on.isoformat(),
                }
            }
        )
    return {
        "total": {"amount": str(converted.total.amount.quantize(CENTS)), "currency": into},
        "on": on,
        "rates": converted.rates,
    }


@router.get("/rates", response={200: list[RateOut], **LIST_ERRORS}, url_name="list_rates")
@paginate(Pages)
def list_rates(request: ApiRequest, query: Query[RateQuery]) -> Any:
    """The operator's exchange rates, latest day first."""
    return selectors.exchange_rates(
        currency=query.currency.strip().upper(), into=query.into.strip().upper()
    )


@router.post("/rates", response={201: RateOut, **WRITE_ERRORS}, url_name="enter_rate")
def enter_rate(request: ApiRequest, payload: RateIn) -> Any:
    """By the operator only. The same pair and day again corrects the rate."""
    return Status(201, services.enter_rate(by=request.auth, **payload.dict()))
