"""Every read of projects. Pages, the map, charts, exports and the API all start here."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet

from consortia.agreements.selectors import agreements_visible_to, commitments_visible_to
from consortia.core import search
from consortia.core.models import AuditEvent
from consortia.core.money import Money
from consortia.core.permissions import is_operator
from consortia.directory.selectors import member_organisation_ids, topic_codes_within

from .models import (
    BudgetLine,
    ExchangeRate,
    Milestone,
    Partner,
    Project,
    Update,
    UpdateAttachment,
    Visibility,
)


def projects_visible_to(user: Any) -> QuerySet[Project]:
    """Public projects for everyone; every project to its partners' members and to whoever
    recorded it; all of them to the operator."""
    queryset = Project.objects.all()
    if is_operator(user):
        return queryset
    visible = Q(visibility=Visibility.PUBLIC)
    if getattr(user, "is_authenticated", False):
        visible |= Q(created_by_id=user.pk) | Q(
            Exists(
                Partner.objects.filter(
                    project_id=OuterRef("pk"),
                    organisation_id__in=member_organisation_ids(user),
                )
            )
        )
    return queryset.filter(visible)


def _partners() -> Prefetch:
    return Prefetch(
        "partners",
        queryset=Partner.objects.select_related("organisation__country", "state").order_by(
            "role", "id"
        ),
    )


def project_detail(user: Any) -> QuerySet[Project]:
    return projects_visible_to(user).prefetch_related(
        "topics",
        "countries",
        _partners(),
        Prefetch(
            "budget_lines", queryset=BudgetLine.objects.select_related("funder__organisation")
        ),
        "milestones",
        Prefetch(
            "updates",
            queryset=Update.objects.select_related("author", "organisation").prefetch_related(
                "attachments"
            ),
        ),
        # Links only to what the viewer may see: a parties-only agreement stays hidden.
        Prefetch("agreements", queryset=agreements_visible_to(user)),
        Prefetch(
            "commitments",
            queryset=commitments_visible_to(user).select_related("agreement"),
        ),
    )


def milestones_visible_to(user: Any) -> QuerySet[Milestone]:
    return Milestone.objects.filter(project__in=projects_visible_to(user))


def updates_visible_to(user: Any) -> QuerySet[Update]:
    return Update.objects.filter(project__in=projects_visible_to(user))


def attachments_visible_to(user: Any) -> QuerySet[UpdateAttachment]:
    return UpdateAttachment.objects.filter(update__project__in=projects_visible_to(user))


@dataclass(frozen=True, slots=True)
class ProjectFilters:
    """Validated filters of the project list (see ``forms.ProjectFilterForm``)."""

    q: str = ""
    country: str = ""
    partner: str = ""
    year: int | None = None
    topic: str = ""
    status: str = ""
    role: str = ""


def _with_country(code: str) -> Exists:
    return Exists(
        Project.countries.through.objects.filter(project_id=OuterRef("pk"), country_id=code)
    )


def project_list(user: Any, filters: ProjectFilters) -> QuerySet[Project]:
    """Visible projects, latest start first, filtered. ``year``: running in that year."""
    queryset = projects_visible_to(user)
    structural = False
    if filters.country:
        queryset, structural = queryset.filter(_with_country(filters.country)), True
    if filters.partner:
        queryset = queryset.filter(_with_country(filters.partner))
    if filters.year:
        queryset = queryset.filter(
            Q(starts_on__year__lte=filters.year) | Q(starts_on__isnull=True),
            Q(ends_on__year__gte=filters.year) | Q(ends_on__isnull=True),
        ).exclude(starts_on__isnull=True, ends_on__isnull=True)
        structural = True
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.role and filters.country:
        queryset = queryset.filter(
            Exists(
                Partner.objects.filter(project_id=OuterRef("pk"), role=filters.role).filter(
                    Q(state_id=filters.country) | Q(organisation__country_id=filters.country)
                )
            )
        )
    elif filters.role:
        queryset = queryset.filter(
            Exists(Partner.objects.filter(project_id=OuterRef("pk"), role=filters.role))
        )
    if filters.topic:
        queryset = queryset.filter(
            Exists(
                Project.topics.through.objects.filter(
                    project_id=OuterRef("pk"), topic__code__in=topic_codes_within(filters.topic)
                )
            )
        )
    if filters.q:
        queryset = search.matching(queryset, filters.q, filtered=structural)
    return queryset.prefetch_related(
        "topics",
        "countries",
        Prefetch(
            "partners",
            queryset=Partner.objects.select_related("organisation", "state").order_by("role", "id"),
        ),
        "budget_lines",
    ).order_by(F("starts_on").desc(nulls_last=True), "-id")


def projects_of(user: Any) -> QuerySet[Project]:
    """The projects the user's organisations are partners in."""
    if not getattr(user, "is_authenticated", False):
        return Project.objects.none()
    return (
        projects_visible_to(user)
        .filter(
            Exists(
                Partner.objects.filter(
                    project_id=OuterRef("pk"),
                    organisation_id__in=member_organisation_ids(user),
                )
            )
        )
        .prefetch_related(
            Prefetch("partners", queryset=Partner.objects.select_related("organisation", "state"))
        )
        .order_by(F("starts_on").desc(nulls_last=True), "-id")
    )


def projects_carrying_out(user: Any, agreement: Any) -> QuerySet[Project]:
    """The visible projects linked to an agreement, for its page."""
    return projects_visible_to(user).filter(agreements=agreement).order_by("-starts_on", "-id")


def budget_by_currency(lines: list[BudgetLine]) -> list[Money]:
    """The budget lines totalled per currency, largest first. Never across currencies."""
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for line in lines:
        totals[line.currency] += line.amount
    return sorted(
        (Money(amount, currency) for currency, amount in totals.items()),
        key=lambda money: (-money.amount, money.currency),
    )


@dataclass(frozen=True)
class ConvertedTotal:
    """A total in one currency built from per-currency amounts with the operator's rates."""

    total: Money
    rates: list[ExchangeRate]  # the rates used, each dated


def rate_on(currency: str, into: str, on: date) -> ExchangeRate | None:
    """The operator's latest rate for the pair on or before ``on``."""
    return (
        ExchangeRate.objects.filter(currency=currency, into=into, on__lte=on)
        .order_by("-on")
        .first()
    )


def exchange_rates(*, currency: str = "", into: str = "") -> QuerySet[ExchangeRate]:
    """The operator's rates, latest day first; of one currency and/or into one when given."""
    queryset = ExchangeRate.objects.all()
    if currency:
        queryset = queryset.filter(currency=currency)
    if into:
        queryset = queryset.filter(into=into)
    return queryset.order_by("-on", "currency", "into")


def total_in(amounts: list[Money], into: str, *, on: date) -> ConvertedTotal | None:
    """The amounts added up in ``into`` with the latest rate the operator entered on or before
    ``on`` for each other currency; None when any currency has no such rate."""
    total = Decimal(0)
    rates = []
    for money in amounts:
        if money.currency == into:
            total += money.amount
            continue
        rate = rate_on(money.currency, into, on)
        if rate is None:
            return None
        rates.append(rate)
        total += (money.amount * rate.rate).quantize(Decimal("0.01"))
    return ConvertedTotal(Money(total, into), rates)


def history(project: Project) -> QuerySet[AuditEvent]:
    """What happened to the project, oldest first."""
    return (
        AuditEvent.objects.filter(target_type="projects.project", target_id=str(project.pk))
        .select_related("actor")
        .order_by("occurred_at", "id")
    )
