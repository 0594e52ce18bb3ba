"""Every read of opportunities and applications. Pages, exports and the API start here."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from consortia.core import clock, search
from consortia.core.permissions import is_operator
from consortia.directory.models import (
    Membership,
    Organisation,
    OrganisationKind,
    Role,
    StartupStage,
    Topic,
    VerificationStatus,
)
from consortia.directory.selectors import member_organisation_ids, topic_codes_within

from .eligibility import Candidate, Rules, Verdict, judge
from .models import (
    Answer,
    Application,
    ApplicationStatus,
    Criterion,
    Engagement,
    Opportunity,
    OpportunityKind,
    OpportunityStatus,
    PilotSite,
    Reviewer,
    Score,
)


def opportunities_visible_to(user: Any) -> QuerySet[Opportunity]:
    """Published and closed opportunities of verified owners for everyone; drafts to the owner's
    members and the operator."""
    queryset = Opportunity.objects.all()
    if is_operator(user):
        return queryset
    visible = ~Q(status=OpportunityStatus.DRAFT) & Q(
        owner__verification_status=VerificationStatus.VERIFIED
    )
    if getattr(user, "is_authenticated", False):
        visible |= Q(owner_id__in=member_organisation_ids(user))
    return queryset.filter(visible)


def pilot_sites_visible_to(user: Any) -> QuerySet[PilotSite]:
    """The registry is public for sites of verified organisations; an organisation's members also
    see its own sites before it is verified; the operator sees all."""
    queryset = PilotSite.objects.select_related("owner", "country").prefetch_related("topics")
    if is_operator(user):
        return queryset
    visible = Q(owner__verification_status=VerificationStatus.VERIFIED)
    if getattr(user, "is_authenticated", False):
        visible |= Q(owner_id__in=member_organisation_ids(user))
    return queryset.filter(visible)


@dataclass(frozen=True, slots=True)
class OpportunityFilters:
    """Validated filters of the opportunity list (the page's form and the API build them)."""

    q: str = ""
    kind: str = ""
    topic: str = ""
    country: str = ""
    open_now: bool = False


def _open_now() -> Q:
    now = clock.now()
    return (Q(opens_at__isnull=True) | Q(opens_at__lte=now)) & (
        Q(closes_at__isnull=True) | Q(closes_at__gt=now)
    )


def is_open(opportunity: Opportunity) -> bool:
    """Published and inside its window on the injected clock."""
    now = clock.now()
    return (
        opportunity.status == OpportunityStatus.PUBLISHED
        and (opportunity.opens_at is None or opportunity.opens_at <= now)
        and (opportunity.closes_at is None or now < opportunity.closes_at)
    )


def published_opportunities(
    user: Any,
    filters: OpportunityFilters = OpportunityFilters(),
    *,
    status: str = OpportunityStatus.PUBLISHED,
) -> QuerySet[Opportunity]:
    """The list of published opportunities the user may see (or those of another ``status``:
    the API lists closed ones and the drafts one may see too), filtered; the text search ranks
    by relevance unless a structural filter narrowed the list first."""
    queryset = opportunities_visible_to(user).filter(status=status)
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


def opportunity_detail(user: Any) -> QuerySet[Opportunity]:
    return (
        opportunities_visible_to(user)
        .select_related("owner__country", "pilot_site")
        .prefetch_related(
            "topics", "eligible_countries", "eligible_topics", "fields", "criteria", "reviewers"
        )
    )


def _managed_organisation_ids(user: Any) -> QuerySet[Membership, Any]:
    return Membership.objects.filter(
        person__user_id=user.pk, role__in=[Role.OWNER, Role.ADMIN]
    ).values("organisation_id")


def applications_visible_to(user: Any) -> QuerySet[Application]:
    """Confidential: the applicant's members; once submitted, also the owner's admins and the
    opportunity's reviewers. Nobody else — not other applicants, not the operator."""
    if not getattr(user, "is_authenticated", False):
        return Application.objects.none()
    own = Q(applicant_id__in=member_organisation_ids(user))
    owner_side = Q(opportunity__owner_id__in=_managed_organisation_ids(user)) | Q(
        Exists(Reviewer.objects.filter(opportunity_id=OuterRef("opportunity_id"), user_id=user.pk))
    )
    return Application.objects.filter(own | owner_side & ~Q(status=ApplicationStatus.DRAFT))


def answer_files_visible_to(user: Any) -> QuerySet[Answer]:
    """Answers with a file, of the applications the user may read."""
    return Answer.objects.filter(application__in=applications_visible_to(user)).exclude(file="")


def engagements_visible_to(user: Any) -> QuerySet[Engagement]:
    """What follows an application, for whoever may read the application."""
    return Engagement.objects.filter(application__in=applications_visible_to(user))


def applications_for_review(user: Any, opportunity: Opportunity) -> QuerySet[Application]:
    """The submitted applications of an opportunity the user may see (never drafts)."""
    return (
        applications_visible_to(user)
        .filter(opportunity=opportunity)
        .exclude(status__in=["draft", "withdrawn"])
        .select_related("applicant__country")
        .prefetch_related(Prefetch("scores", queryset=Score.objects.select_related("criterion")))
    )


def rules_of(opportunity: Opportunity) -> Rules:
    """The opportunity's rules as the pure eligibility check takes them (uses prefetches)."""
    areas = list(opportunity.eligible_topics.all())
    # Each eligible area with its sub-areas, labelled too: the reason names the shared ones.
    within = (
        list(Topic.objects.filter(Q(pk__in=[t.pk for t in areas]) | Q(parent__in=areas)))
        if areas
        else []
    )
    topics = {t.code for t in within}
    labels = {c.code: str(c.name) for c in opportunity.eligible_countries.all()}
    labels |= {t.code: str(t.label) for t in within}
    labels |= {code: str(label) for code, label in OrganisationKind.choices}
    labels |= {code: str(label) for code, label in StartupStage.choices}
    return Rules(
        countries=frozenset(c.code for c in opportunity.eligible_countries.all()),
        kinds=frozenset(opportunity.eligible_kinds),
        stages=frozenset(opportunity.eligible_stages),
        topics=frozenset(topics),
        founded_from_year=opportunity.founded_from_year,
        founded_until_year=opportunity.founded_until_year,
        verified_only=opportunity.verified_only,
        labels=labels,
    )


def candidate_of(organisation: Organisation) -> Candidate:
    return Candidate(
        country=str(organisation.country_id),
        kind=organisation.kind,
        stage=organisation.stage,
        topics=frozenset(t.code for t in organisation.topics.all()),
        founded_year=organisation.founded_year,
        verified=organisation.is_verified,
    )


def eligibility(opportunity: Opportunity, organisation: Organisation) -> Verdict:
    return judge(candidate_of(organisation), rules_of(opportunity))


def opportunities_for(user: Any, organisation: Organisation) -> list[tuple[Opportunity, Verdict]]:
    """ "Opportunities for us": every published opportunity of any owner, with the verdict for
    this organisation, eligible ones first, soonest closing first."""
    candidate = candidate_of(organisation)
    rows = (
        opportunity_detail(user)
        .filter(status=OpportunityStatus.PUBLISHED)
        .exclude(owner=organisation)
    )
    judged = [(o, judge(candidate, rules_of(o))) for o in rows]
    return sorted(judged, key=lambda pair: not pair[1].eligible)


@dataclass(frozen=True)
class Ranked:
    application: Application
    score: Decimal | None  # 0–100, the weighted mean of the reviewers' scores
    reviewers: int


def ranking(opportunity: Opportunity, applications: list[Application]) -> list[Ranked]:
    """Applications by weighted score, highest first; unscored ones last.

    Per criterion, the mean of the reviewers' scores over its scale; the weighted mean of those
    over the criteria scored, times 100. Exact decimals, rounded to 0.01 at the end."""
    criteria = {c.pk: c for c in Criterion.objects.filter(opportunity=opportunity)}
    ranked = []
    for application in applications:
        by_criterion: dict[int, list[int]] = {}
        reviewers = set()
        for given in application.scores.all():
            by_criterion.setdefault(given.criterion_id, []).append(given.value)
            reviewers.add(given.reviewer_id)
        if not by_criterion:
            ranked.append(Ranked(application, None, 0))
            continue
        total = weights = Decimal(0)
        for criterion_id, values in by_criterion.items():
            criterion = criteria[criterion_id]
            mean = Decimal(sum(values)) / Decimal(len(values))
            total += criterion.weight * mean / Decimal(criterion.scale)
            weights += criterion.weight
        weighted = (total / weights * 100).quantize(Decimal("0.01"))
        ranked.append(Ranked(application, weighted, len(reviewers)))
    return sorted(
        ranked,
        key=lambda r: (
            r.score is None,
            -(r.score or 0),
            r.application.submitted_at.timestamp() if r.application.submitted_at else 0.0,
            r.application.pk,
        ),
    )


def organisations_publishing_for(user: Any) -> QuerySet[Organisation]:
    """The organisations whose opportunities and pilot sites the user may publish (as
    ``policies.can_publish_for``): the verified ones they administer; all for the operator."""
    if is_operator(user):
        return Organisation.objects.order_by("name", "id")
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    return Organisation.objects.filter(
        id__in=_managed_organisation_ids(user),
        verification_status=VerificationStatus.VERIFIED,
    ).order_by("name", "id")


@dataclass(frozen=True, slots=True)
class PilotSiteFilters:
    """Validated filters of the pilot-site registry."""

    q: str = ""
    country: str = ""
    kind: str = ""
    topic: str = ""


def pilot_site_list(
    user: Any, filters: PilotSiteFilters = PilotSiteFilters()
) -> QuerySet[PilotSite]:
    """The registry as the user may see it, filtered by country, kind, area and text."""
    queryset = pilot_sites_visible_to(user)
    if filters.country:
        queryset = queryset.filter(country_id=filters.country)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.topic:
        queryset = queryset.filter(
            Exists(
                PilotSite.topics.through.objects.filter(
                    pilotsite_id=OuterRef("pk"), topic__code__in=topic_codes_within(filters.topic)
                )
            )
        )
    if filters.q:
        words = Q()
        for word in filters.q.split():
            words &= (
                Q(name__icontains=word)
                | Q(description__icontains=word)
                | Q(city__icontains=word)
                | Q(owner__name__icontains=word)
            )
        queryset = queryset.filter(words)
    return queryset


def opportunities_at(user: Any, site: PilotSite) -> QuerySet[Opportunity]:
    """The published opportunities the user may see that use ``site``."""
    return published_opportunities(user).filter(pilot_site=site)


def soft_landing_offers(user: Any, owner: Organisation) -> QuerySet[Opportunity]:
    """``owner``'s soft-landing offers (published or closed) a residency can be booked at."""
    return (
        opportunities_visible_to(user)
        .filter(owner=owner, kind=OpportunityKind.SOFT_LANDING)
        .exclude(status=OpportunityStatus.DRAFT)
        .order_by("title", "id")
    )
