"""The opportunity list, one opportunity with the verdict for the viewer's organisations,
"opportunities for us" and "my organisation's"."""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from consortia.core.htmx import render_page
from consortia.core.permissions import get_visible
from consortia.directory.models import Organisation, OrganisationKind, StartupStage
from consortia.directory.selectors import member_organisation_ids

from .. import policies, selectors, services
from ..eligibility import Verdict
from ..forms import OpportunityFilterForm
from ..models import Application, ApplicationStatus, Opportunity


def opportunity_list(request: HttpRequest) -> HttpResponse:
    form = OpportunityFilterForm(request.GET)
    valid = form.is_valid()
    opportunities = selectors.published_opportunities(
        request.user, form.filters() if valid else selectors.OpportunityFilters()
    )
    page = Paginator(
        opportunities if valid else opportunities.none(), settings.CONSORTIA_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "tab": "list", "can_publish": _can_publish(request.user)}
    response = render_page(
        request, "opportunities/list.html", context, fragment="opportunities/_results.html"
    )
    response.status_code = 200 if valid else 400
    return response


def _can_publish(user: Any) -> bool:
    """Whether to offer "Publish an opportunity": the user administers a verified
    organisation, or is the operator."""
    return selectors.organisations_publishing_for(user).exists()


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
        "is_open": selectors.is_open(opportunity),
        "rules": _rules(opportunity),
        "verdicts": verdicts,
        "can_apply": any(v.verdict.eligible and v.application is None for v in verdicts),
        "can_manage": policies.can_manage(request.user, opportunity),
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
    context = {
        "applications": applications,
        "owned": owned,
        "tab": "mine",
        "can_publish": _can_publish(request.user),
    }
    return render(request, "opportunities/mine.html", context)
