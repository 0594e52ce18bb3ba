"""The project list, one project with its budget, milestones, updates and outcome, update
attachments, and "my organisation's"."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render

from consortia.core import clock
from consortia.core.htmx import render_page
from consortia.core.http import private_download
from consortia.core.money import Money
from consortia.core.permissions import get_visible

from .. import policies, selectors
from ..forms import (
    BudgetLineForm,
    CancelForm,
    CompleteForm,
    LinkForm,
    MilestoneForm,
    ProjectFilterForm,
    StartForm,
    UpdateForm,
)
from ..models import Milestone, Partner, PartnerRole, Project
from ..selectors import ConvertedTotal, ProjectFilters

# The currencies a budget in several currencies is also shown in, when the operator entered rates.
CONVERTED_INTO = ("RUB", "USD", "CNY")


@dataclass(frozen=True)
class ProjectRow:
    project: Project
    budget: list[Money]  # one total per currency


@dataclass(frozen=True)
class MilestoneRow:
    milestone: Milestone
    state: str  # "reached", "overdue" or "upcoming"


def _filters(request: HttpRequest) -> tuple[ProjectFilterForm, ProjectFilters, bool]:
    form = ProjectFilterForm(request.GET)
    valid = form.is_valid()
    return form, form.filters() if valid else ProjectFilters(), valid


def _rows(page: Page) -> list[ProjectRow]:
    return [
        ProjectRow(project, selectors.budget_by_currency(list(project.budget_lines.all())))
        for project in page
    ]


def project_list(request: HttpRequest) -> HttpResponse:
    form, filters, valid = _filters(request)
    projects = selectors.project_list(request.user, filters)
    page = Paginator(projects if valid else projects.none(), settings.CONSORTIA_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"form": form, "page": page, "rows": _rows(page), "tab": "list"}
    response = render_page(
        request, "projects/list.html", context, fragment="projects/_results.html"
    )
    response.status_code = 200 if valid else 400
    return response


def _by_role(partners: list[Partner]) -> list[tuple[Any, list[Partner]]]:
    return [
        (label, members)
        for code, label in PartnerRole.choices
        if (members := [p for p in partners if p.role == code])
    ]


def _milestone_state(milestone: Milestone, today: date) -> str:
    if milestone.done_on:
        return "reached"
    if milestone.due_on and milestone.due_on < today:
        return "overdue"
    return "upcoming"


def _converted(totals: list[Money], today: date) -> list[ConvertedTotal]:
    """The budget in each of ``CONVERTED_INTO`` where it takes a rate and the operator has one."""
    if not totals:
        return []
    converted = (
        selectors.total_in(totals, into, on=today)
        for into in CONVERTED_INTO
        if any(money.currency != into for money in totals)
    )
    return [item for item in converted if item is not None]


def detail(request: HttpRequest, public_id: str) -> HttpResponse:
    project = get_visible(selectors.project_detail(request.user), public_id=public_id)
    partners = list(project.partners.all())
    partner_by_id: dict[int | None, Partner] = {partner.pk: partner for partner in partners}
    lines = list(project.budget_lines.all())
    totals = selectors.budget_by_currency(lines)
    today = clock.today()
    can_edit = policies.can_edit_project(request.user, project)
    context: dict[str, Any] = {
        "project": project,
        "partners_by_role": _by_role(partners),
        "budget_rows": [(line, partner_by_id.get(line.funder_id)) for line in lines],
        "totals": totals,
        "converted": _converted(totals, today),
        "milestones": [
            MilestoneRow(m, _milestone_state(m, today)) for m in project.milestones.all()
        ],
        "can_edit": can_edit,
        "can_post": policies.can_post_update(request.user, project),
        "history": selectors.history(project) if can_edit else [],
        "update_form": UpdateForm(),
    }
    if can_edit:
        context |= {
            "start_form": StartForm(),
            "complete_form": CompleteForm(),
            "cancel_form": CancelForm(),
            "budget_form": BudgetLineForm(partners=partners),
            "milestone_form": MilestoneForm(),
            "link_form": LinkForm(user=request.user, project=project),
        }
    return render(request, "projects/detail.html", context)


def attachment(request: HttpRequest, public_id: str) -> FileResponse:
    """The file as a download of its checked type, for whoever sees the project."""
    item = get_visible(selectors.attachments_visible_to(request.user), public_id=public_id)
    return private_download(item.file, filename=item.original_name, content_type=item.content_type)


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    context = {
        "projects": selectors.projects_of(request.user)[:200],
        "can_record": policies.can_record_project(request.user),
        "tab": "mine",
    }
    return render(request, "projects/mine.html", context)
