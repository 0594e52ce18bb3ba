"""The opportunity list, one opportunity with the verdict for the viewer's organisations,
"opportunities for us" and "my organisation's"."""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from consortia.core import clock, search
from consortia.core.htmx import render_page
from consortia.core.permissions import get_visible
from consortia.directory.models import Organisation, OrganisationKind, StartupStage
from consortia.directory.selectors import member_organisation_ids, topic_codes_within

from .. import policies, selectors, services
from ..eligibility import Verdict
from ..forms import OpportunityFilterForm, OpportunityFilters
from ..models import Application, ApplicationStatus, Opportunity, OpportunityStatus


def is_open(opportunity: Opportunity) -> bool:
    now = clock.now()
    return (
        opportunity.status == OpportunityStatus.PUBLISHED
        and (opportunity.opens_at is None or opportunity.opens_at <= now)
        and (opportunity.closes_at is None or now < opportunity.closes_at)
    )


def _open_now() -> Q:
    now = clock.now()
    return (Q(opens_at__isnull=True) | Q(opens_at__lte=now)) & (
        Q(closes_at__isnull=True) | Q(closes_at__gt=now)
    )


def _filtered(user: Any, filters: OpportunityFilters) -> QuerySet[Opportunity]:
    queryset = selectors.opportunities_visible_to(user).filter(status=OpportunityStatus.PUBLISHED)
    structural = False
    if filters.kind:
        queryset, structural = queryset.filter(kind=filters.kind), True
    if filters.country:
        queryset, structural = queryset.filter(owner__country_id=filters.country), True
    if filters.open_now:
        queryset = queryset.filter(_open_now())
    if filters.topic:
        queryset = queryset.filter(
            Exists(
                Opportunity.topics.through.objects.filter(
                    opportunity_id=OuterRef("pk"),
                    topic__code__in=topic_codes_within(filters.topic),
                )
            )
        )
    if filters.q:
        queryset = search.matching(queryset, filters.q, filtered=structural)
    return queryset.select_related("owner__country").prefetch_related("topics")


def opportunity_list(request: HttpRequest) -> HttpResponse:
    form = OpportunityFilterForm(request.GET)
    valid = form.is_valid()
    opportunities = _filtered(request.user, form.filters() if valid else OpportunityFilters())
    page = Paginator(
        opportunities if valid else opportunities.none(), settings.CONSORTIA_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "tab": "list"}
    response = render_page(
        request, "opportunities/list.html", context, fragment="opportunities/_results.html"
    )
    response.status_code = 200 if valid else 400
    return response


@dataclass(frozen=True)
class OrganisationVerdict:
    organisation: Organisation
    verdict: Verdict
    application: Application | None


def _my_organisations(user: Any) -> list[Organisation]:
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Organisation.objects.filter(id__in=member_organisation_ids(user))
        .select_related("country")
        .prefetch_related("topics")
        .order_by("name", "id")
    )


def _rules(opportunity: Opportunity) -> dict[str, Any]:
    kinds = dict(OrganisationKind.choices)
    stages = dict(StartupStage.choices)
    return {
        "countries": list(opportunity.eligible_countries.all()),
        "kinds": [kinds.get(code, code) for code in opportunity.eligible_kinds],
        "stages": [stages.get(code, code) for code in opportunity.eligible_stages],
        "topics": list(opportunity.eligible_topics.all()),
    }


def detail(request: HttpRequest, public_id: str) -> HttpResponse:
    opportunity = get_visible(selectors.opportunity_detail(request.user), public_id=public_id)
    organisations = [o for o in _my_organisations(request.user) if o.pk != opportunity.owner_id]
    applications = {
        a.applicant_id: a
        for a in selectors.applications_visible_to(request.user).filter(
            opportunity=opportunity, applicant__in=organisations
        )
    }
    verdicts = [
        OrganisationVerdict(o, selectors.eligibility(opportunity, o), applications.get(o.pk))
        for o in organisations
    ]
    opens, closes = services.local_window(opportunity)
    context = {
        "opportunity": opportunity,
        "local_opens": opens,
        "local_closes": closes,
        "is_open": is_open(opportunity),
        "rules": _rules(opportunity),
        "verdicts": verdicts,
        "can_apply": any(v.verdict.eligible and v.application is None for v in verdicts),
        "can_review": policies.can_manage(request.user, opportunity)
        or policies.is_reviewer(request.user, opportunity),
    }
    return render(request, "opportunities/detail.html", context)


@login_required
def for_us(request: HttpRequest) -> HttpResponse:
    organisations = _my_organisations(request.user)
    chosen = organisations[0] if organisations else None
    wanted = request.GET.get("organisation")
    if wanted:
        chosen = next((o for o in organisations if str(o.public_id) == wanted), None)
        if chosen is None:
            context = {"organisations": organisations, "chosen": None, "rows": [], "tab": "for_us"}
            return render(request, "opportunities/for_us.html", context, status=400)
    rows = selectors.opportunities_for(request.user, chosen) if chosen else []
    context = {"organisations": organisations, "chosen": chosen, "rows": rows, "tab": "for_us"}
    return render(request, "opportunities/for_us.html", context)


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    ours = member_organisation_ids(request.user)
    applications = (
        selectors.applications_visible_to(request.user)
        .filter(applicant_id__in=ours)
        .select_related("opportunity__owner", "applicant")[:200]
    )
    decided = [ApplicationStatus.DRAFT, ApplicationStatus.WITHDRAWN]
    owned = (
        selectors.opportunities_visible_to(request.user)
        .filter(owner_id__in=ours)
        .select_related("owner")
        .annotate(
            submitted=Count("applications", filter=~Q(applications__status__in=decided)),
            accepted=Count(
                "applications", filter=Q(applications__status=ApplicationStatus.ACCEPTED)
            ),
        )[:200]
    )
    context = {"applications": applications, "owned": owned, "tab": "mine"}
    return render(request, "opportunities/mine.html", context)
