"""Fetching what a request names, through the selectors: unseen objects are 404, and an object
named in a body that the caller cannot see is a 422 on that field."""

from collections.abc import Sequence
from datetime import date
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from consortia.agreements.models import Agreement, Commitment
from consortia.agreements.selectors import agreements_visible_to, commitments_visible_to
from consortia.core.api import ApiRequest
from consortia.core.money import Money, is_currency
from consortia.core.permissions import NotVisible, get_visible, require
from consortia.directory import selectors as directory

from .. import policies, selectors, services
from ..forms import ProjectFilterForm
from ..models import BudgetLine, Milestone, Partner, Project
from ..selectors import ProjectFilters
from .schemas import FunderIn, MoneyIn, PartnerIn, ProjectQuery


def project_filters(query: ProjectQuery) -> ProjectFilters:
    """Validate the filters with the same form as the project list page; unknown values are 422,
    each naming its field."""
    form = ProjectFilterForm(query.dict())
    if not form.is_valid():
        raise ValidationError(
            {field: [str(m) for m in messages] for field, messages in form.errors.items()}
        )
    return form.filters()


def project_list(request: ApiRequest, query: ProjectQuery) -> QuerySet[Project]:
    """The projects the caller may see, filtered."""
    return selectors.project_list(request.auth, project_filters(query))


def named_project(request: ApiRequest, project_id: UUID) -> Project:
    """The project with its partners, topics, countries, budget, milestones and the links the
    caller may see."""
    return get_visible(selectors.project_detail(request.auth), public_id=project_id)


def seen_project(request: ApiRequest, project_id: UUID) -> Project:
    """The project alone, for listing what belongs to it."""
    return get_visible(selectors.projects_visible_to(request.auth), public_id=project_id)


def editable_project(request: ApiRequest, project_id: UUID) -> Project:
    """A project the caller may change: 404 when unseen, then 403 before any 422."""
    project = named_project(request, project_id)
    require(
        policies.can_edit_project(request.auth, project),
        _("Only the operator or a partner's admins change a project."),
    )
    return project


def named_milestone(request: ApiRequest, milestone_id: UUID) -> Milestone:
    return get_visible(
        selectors.milestones_visible_to(request.auth)
        .select_related("project")
        .prefetch_related("project__partners"),
        public_id=milestone_id,
    )


def named_budget_line(project: Project, line_id: int) -> BudgetLine:
    """One of the project's (prefetched) budget lines."""
    for line in project.budget_lines.all():
        if line.pk == line_id:
            return line
    raise NotVisible()


def partners_in_body(
    request: ApiRequest, partners: Sequence[PartnerIn]
) -> list[services.PartnerIn]:
    """The partners named in a body; an organisation unknown or hidden is a 422 on ``partners``."""
    ids = [partner.organisation for partner in partners if partner.organisation is not None]
    found = {
        organisation.public_id: organisation
        for organisation in directory.organisations_visible_to(request.auth).filter(
            public_id__in=ids
        )
    }
    missing = [str(public_id) for public_id in ids if public_id not in found]
    if missing:
        raise ValidationError(
            {"partners": _("There is no such organisation: %(ids)s.") % {"ids": ", ".join(missing)}}
        )
    return [
        services.PartnerIn(
            organisation=found[partner.organisation] if partner.organisation else None,
            state=partner.state,
            role=partner.role,
        )
        for partner in partners
    ]


def agreements_in_body(request: ApiRequest, ids: Sequence[UUID]) -> list[Agreement]:
    """Agreements the caller may see, by public id; any other is a 422 on ``agreements``."""
    found = {
        agreement.public_id: agreement
        for agreement in agreements_visible_to(request.auth).filter(public_id__in=ids)
    }
    missing = [str(public_id) for public_id in ids if public_id not in found]
    if missing:
        raise ValidationError(
            {"agreements": _("There is no such agreement: %(ids)s.") % {"ids": ", ".join(missing)}}
        )
    return [found[public_id] for public_id in dict.fromkeys(ids)]


def commitments_in_body(request: ApiRequest, ids: Sequence[UUID]) -> list[Commitment]:
    """Commitments the caller may see, by public id; any other is a 422 on ``commitments``."""
    found = {
        commitment.public_id: commitment
        for commitment in commitments_visible_to(request.auth).filter(public_id__in=ids)
    }
    missing = [str(public_id) for public_id in ids if public_id not in found]
    if missing:
        raise ValidationError(
            {
                "commitments": _("There is no such commitment: %(ids)s.")
                % {"ids": ", ".join(missing)}
            }
        )
    return [found[public_id] for public_id in dict.fromkeys(ids)]


def _is(partner: Partner, named: FunderIn) -> bool:
    if named.organisation is not None:
        return named.state is None and getattr(partner.organisation, "public_id", None) == (
            named.organisation
        )
    return named.state is not None and partner.state_id == named.state.upper()


def funder_in_body(project: Project, named: FunderIn | None) -> Partner | None:
    """One of the project's (prefetched) partners, by its organisation's id or its state's code."""
    if named is None:
        return None
    for partner in project.partners.all():
        if _is(partner, named):
            return partner
    raise ValidationError(
        {"funder": _("Name a partner of this project: its organisation or its state.")}
    )


def money_in_body(field: str, money: MoneyIn | None) -> Money | None:
    """An amount of zero or more with its ISO 4217 currency, or a 422 on ``field``."""
    if money is None:
        return None
    currency = money.currency.strip().upper()
    if not money.amount.is_finite() or money.amount < 0 or not is_currency(currency):
        raise ValidationError(
            {field: _("Enter an amount of zero or more with its ISO 4217 currency code.")}
        )
    return Money(money.amount, currency)


def currency_in_query(field: str, value: str) -> str:
    code = value.strip().upper()
    if not is_currency(code):
        raise ValidationError({field: _("Enter an ISO 4217 currency code, e.g. RUB.")})
    return code


def missing_rates(amounts: Sequence[Money], into: str, on: date) -> list[str]:
    """The currencies among ``amounts`` with no rate into ``into`` on or before ``on``."""
    return [
        money.currency
        for money in amounts
        if money.currency != into and selectors.rate_on(money.currency, into, on) is None
    ]
