"""Every read of the insights: counts and sums over what the viewer may see. Nothing rendered here.

Everything starts from ``agreements_visible_to`` and ``projects_visible_to``, so a parties-only
agreement or a partners-only project counts nowhere (not in a node, link, bar, table or CSV
file) for someone who may not see it. Pairs of countries are counted in SQL — a self-join of the
``countries`` table of agreements (and of projects) restricted to the visible ids — never by
Python loops over objects.

Speed: what a viewer sees is what everyone sees (``agreements_visible_to(AnonymousUser())``)
plus, for some signed-in people, a few more (parties-only agreements, drafts, partners-only
projects of their organisations). Counts add up over disjoint sets, so the public part is
counted once and kept in the cache, and only the viewer's few more are counted live. The cache
key holds the filters and a stamp of the data (``data_stamp``: the last audit event — every
service records one —, the last admin log entry, the last id of the rows counted and the last
``updated_at``), so any change through a service or the admin counts afresh; entries also expire
after ``CACHE_SECONDS``, which bounds how long the daily refresh of the traffic lights (not
audited) or a change made past the services takes to show.
"""

import hashlib
from calendar import monthrange
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, ExtractYear
from django.utils.translation import gettext_lazy as _

from consortia.agreements.models import (
    LIGHTS,
    Agreement,
    AgreementStatus,
    Commitment,
    Party,
    ProgressReport,
)
from consortia.agreements.models import Visibility as AgreementVisibility
from consortia.agreements.selectors import agreements_visible_to
from consortia.core.models import AuditEvent
from consortia.core.money import Money
from consortia.core.permissions import is_operator
from consortia.directory.models import Country, Topic
from consortia.directory.selectors import topic_codes_within
from consortia.events.models import Event, Meeting, MeetingStatus, Seat
from consortia.opportunities.models import Application, ApplicationStatus, Engagement, Opportunity
from consortia.opportunities.selectors import opportunities_visible_to
from consortia.projects.models import BudgetLine, Project, ProjectStatus
from consortia.projects.models import Visibility as ProjectVisibility
from consortia.projects.selectors import projects_visible_to

CENT = Decimal("0.01")
CACHE_SECONDS = 300
# Beyond this many agreements or projects seen besides the public ones (the operator on a big
# registry), everything is counted live instead of public (cached) + the rest.
MAX_BEYOND_PUBLIC = 5000
SHOW_AGREEMENTS = "agreements"
SHOW_PROJECTS = "projects"
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class InsightFilters:
    """Validated filters (see ``forms.InsightFilterForm``). ``year_from``/``year_to``: agreements
    signed in those years, projects running in them. ``kind`` and ``status`` narrow agreements,
    ``project_status`` projects; ``topic`` and ``country`` both. ``show``: both (empty), or only
    agreements or only projects."""

    year_from: int | None = None
    year_to: int | None = None
    kind: str = ""
    topic: str = ""
    status: str = ""
    project_status: str = ""
    country: str = ""
    show: str = ""

    @property
    def agreements_shown(self) -> bool:
        return self.show != SHOW_PROJECTS

    @property
    def projects_shown(self) -> bool:
        return self.show != SHOW_AGREEMENTS


EVERYTHING = InsightFilters()


def _within_topic(through: Any, owner: str, code: str) -> Exists:
    return Exists(
        through.objects.filter(
            **{f"{owner}_id": OuterRef("pk")}, topic__code__in=topic_codes_within(code)
        )
    )


def _with_country(through: Any, owner: str, code: str) -> Exists:
    return Exists(through.objects.filter(**{f"{owner}_id": OuterRef("pk")}, country_id=code))


def filtered_agreements(user: Any, filters: InsightFilters) -> QuerySet[Agreement]:
    """The visible agreements the filters keep (none when only projects are shown)."""
    queryset = agreements_visible_to(user).order_by()
    if not filters.agreements_shown:
        return queryset.none()
    if filters.year_from:
        queryset = queryset.filter(signed_on__gte=date(filters.year_from, 1, 1))
    if filters.year_to:
        queryset = queryset.filter(signed_on__lte=date(filters.year_to, 12, 31))
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.country:
        queryset = queryset.filter(
            _with_country(Agreement.countries.through, "agreement", filters.country)
        )
    if filters.topic:
        queryset = queryset.filter(
            _within_topic(Agreement.topics.through, "agreement", filters.topic)
        )
    return queryset


def filtered_projects(user: Any, filters: InsightFilters) -> QuerySet[Project]:
    """The visible projects the filters keep (none when only agreements are shown). A project
    runs in a year when it started by its end and had not ended before its start; one without
    any dates runs in no year."""
    queryset = projects_visible_to(user).order_by()
    if not filters.projects_shown:
        return queryset.none()
    if filters.year_from or filters.year_to:
        queryset = queryset.exclude(starts_on__isnull=True, ends_on__isnull=True)
    if filters.year_to:
        queryset = queryset.filter(
            Q(starts_on__lte=date(filters.year_to, 12, 31)) | Q(starts_on__isnull=True)
        )
    if filters.year_from:
        queryset = queryset.filter(
            Q(ends_on__gte=date(filters.year_from, 1, 1)) | Q(ends_on__isnull=True)
        )
    if filters.project_status:
        queryset = queryset.filter(status=filters.project_status)
    if filters.country:
        queryset = queryset.filter(
            _with_country(Project.countries.through, "project", filters.country)
        )
    if filters.topic:
        queryset = queryset.filter(_within_topic(Project.topics.through, "project", filters.topic))
    return queryset


# --- Public part, the viewer's part, and the cache ----------------------------------------


@dataclass(frozen=True)
class Scope:
    """A set of agreements and a set of projects to count over."""

    agreements: QuerySet[Agreement]
    projects: QuerySet[Project]


def _public(filters: InsightFilters) -> Scope:
    anyone = AnonymousUser()
    return Scope(filtered_agreements(anyone, filters), filtered_projects(anyone, filters))


def _by_ids(model: Any, ids: list[int]) -> QuerySet[Any]:
    return model.objects.filter(pk__in=ids) if ids else model.objects.none()


_reading: ContextVar[dict[Any, Any] | None] = ContextVar("insights_reading", default=None)


@contextmanager
def one_reading() -> Iterator[None]:
    """Within the block the data stamp and the viewer's own part are read once, not once per
    chart: a page draws several charts from the same data."""
    token = _reading.set({})
    try:
        yield
    finally:
        _reading.reset(token)


def _once(key: Any, read: Callable[[], T]) -> T:
    memo = _reading.get()
    if memo is None:
        return read()
    if key not in memo:
        memo[key] = read()
    return memo[key]  # type: ignore[no-any-return]


_NOT_PUBLIC_AGREEMENTS = [v for v in AgreementVisibility.values if v != AgreementVisibility.PUBLIC]
_NOT_PUBLIC_PROJECTS = [v for v in ProjectVisibility.values if v != ProjectVisibility.PUBLIC]


class _CountLive:
    """The viewer sees very much more than the public: everything is counted live."""


COUNT_LIVE = _CountLive()


def _beyond_public(user: Any, filters: InsightFilters) -> Scope | _CountLive | None:
    """What the viewer sees besides the public (which are public, signed agreements and public
    projects, see ``agreements_visible_to``): None for most people, who see nothing more, and
    ``COUNT_LIVE`` for those who see very much more."""
    if not getattr(user, "is_authenticated", False):
        return None
    # Written as equalities (every other visibility, or a draft) so the indexes serve them.
    agreement_ids = list(
        filtered_agreements(user, filters)
        .filter(Q(visibility__in=_NOT_PUBLIC_AGREEMENTS) | Q(status=AgreementStatus.DRAFT))
        .values_list("pk", flat=True)[: MAX_BEYOND_PUBLIC + 1]
    )
    project_ids = list(
        filtered_projects(user, filters)
        .filter(visibility__in=_NOT_PUBLIC_PROJECTS)
        .values_list("pk", flat=True)[: MAX_BEYOND_PUBLIC + 1]
    )
    if not agreement_ids and not project_ids:
        return None
    if max(len(agreement_ids), len(project_ids)) > MAX_BEYOND_PUBLIC:
        return COUNT_LIVE
    return Scope(_by_ids(Agreement, agreement_ids), _by_ids(Project, project_ids))


def data_stamp() -> str:
    """Changes whenever anything counted here changes through a service, the admin or a save:
    the last audit event (every service records one, deletions included), the last entry of the
    admin's log, the last ``updated_at`` of agreements and projects and the last id of every
    table counted. Each is read from an index or a small scan; counting rows to notice deletions
    made past the services would cost a scan of every table, so those wait for the expiry."""
    from django.contrib.admin.models import LogEntry

    latest: list[tuple[Any, str]] = [
        (AuditEvent, "MAX(id)"),
        (LogEntry, "MAX(id)"),
        (Agreement, "MAX(updated_at)"),
        (Agreement.countries.through, "MAX(id)"),
        (Agreement.topics.through, "MAX(id)"),
        (Commitment, "MAX(id)"),
        (ProgressReport, "MAX(id)"),
        (Project, "MAX(updated_at)"),
        (Project.countries.through, "MAX(id)"),
        (Project.topics.through, "MAX(id)"),
        (BudgetLine, "MAX(id)"),
        (Topic, "MAX(id)"),
    ]
    quote = connection.ops.quote_name
    parts = [
        f"(SELECT {aggregate} FROM {quote(model._meta.db_table)})"  # noqa: S608 - metadata
        for model, aggregate in latest
    ]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))  # noqa: S608 - names from model metadata
        row = cursor.fetchone()
    return hashlib.sha1(repr(row).encode(), usedforsecurity=False).hexdigest()[:20]


def _counted(
    name: str,
    user: Any,
    filters: InsightFilters,
    count: Callable[[Scope], T],
    add: Callable[[T, T], T],
) -> T:
    """``count`` over what the viewer sees: the public part from the cache (counted and stored
    on a miss), plus the viewer's part counted now."""
    beyond = _once(
        ("beyond", getattr(user, "pk", None), filters), lambda: _beyond_public(user, filters)
    )
    if isinstance(beyond, _CountLive):
        return count(Scope(filtered_agreements(user, filters), filtered_projects(user, filters)))
    digest = hashlib.sha1(repr(filters).encode(), usedforsecurity=False).hexdigest()[:20]
    key = f"insights:{name}:{digest}:{_once('stamp', data_stamp)}"
    public = cache.get(key)
    if public is None:
        public = count(_public(filters))
        cache.set(key, public, CACHE_SECONDS)
    return public if beyond is None else add(public, count(beyond))


def _add_counters(first: "Counter[Any]", second: "Counter[Any]") -> "Counter[Any]":
    return first + second


# --- The cooperation map ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CountryNode:
    """A country on the map: how many visible agreements and projects it takes part in."""

    code: str
    name: str
    agreements: int
    projects: int

    @property
    def total(self) -> int:
        return self.agreements + self.projects


@dataclass(frozen=True, slots=True)
class CountryLink:
    """Two countries (``a`` < ``b`` by code) and how many visible agreements and projects have
    both among their countries. ``weight`` is the sum."""

    a: str
    a_name: str
    b: str
    b_name: str
    agreements: int
    projects: int

    @property
    def weight(self) -> int:
        return self.agreements + self.projects


@dataclass(frozen=True)
class CooperationMap:
    """Nodes by total, largest first; links by weight, heaviest first (then by the codes)."""

    nodes: list[CountryNode]
    links: list[CountryLink]
    agreements: int  # the agreements counted (visible and filtered)
    projects: int


def _pairs(through: Any, owner: str, owners: QuerySet[Any]) -> "Counter[tuple[str, str]]":
    """{(a, b): n} for a ≤ b: the number of ``owners`` with both countries (a = b: with that
    country), by a self-join of the through table in the database."""
    if owners.query.is_empty():
        return Counter()
    quote = connection.ops.quote_name
    table = quote(through._meta.db_table)
    owner_column = quote(through._meta.get_field(owner).column)
    country = quote(through._meta.get_field("country").column)
    ids_sql, params = owners.values("pk").order_by().query.sql_with_params()
    sql = (
        f"SELECT a.{country}, b.{country}, COUNT(*) "  # noqa: S608 - names from model metadata
        f"FROM {table} a JOIN {table} b ON b.{owner_column} = a.{owner_column} "
        f"AND b.{country} >= a.{country} "
        f"WHERE a.{owner_column} IN ({ids_sql}) "
        f"GROUP BY a.{country}, b.{country}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return Counter({(a, b): n for a, b, n in cursor.fetchall()})


@dataclass(frozen=True)
class _MapCounts:
    agreements: "Counter[tuple[str, str]]"
    projects: "Counter[tuple[str, str]]"
    totals: "Counter[str]"

    def __add__(self, other: "_MapCounts") -> "_MapCounts":
        return _MapCounts(
            self.agreements + other.agreements,
            self.projects + other.projects,
            self.totals + other.totals,
        )


def _map_counts(scope: Scope) -> _MapCounts:
    agreements = _pairs(Agreement.countries.through, "agreement", scope.agreements)
    projects = _pairs(Project.countries.through, "project", scope.projects)
    totals = Counter(
        agreements=scope.agreements.count() if agreements else 0,
        projects=scope.projects.count() if projects else 0,
    )
    return _MapCounts(agreements, projects, totals)


def country_names(codes: set[str] | None = None) -> dict[str, str]:
    """Country names in the active UI language, by code."""
    countries = Country.objects.only("code", "name_en", "name_ru", "name_zh")
    if codes is not None:
        countries = countries.filter(code__in=codes)
    return {country.code: country.name for country in countries}


def cooperation_map(user: Any, filters: InsightFilters) -> CooperationMap:
    """Countries as nodes, pairs of countries as links, from the visible agreements and projects
    the filters keep. An agreement with countries {A, B, C} counts once in A, B and C and once in
    each of the pairs AB, AC and BC."""
    counts = _counted("map", user, filters, _map_counts, lambda a, b: a + b)
    pairs = {*counts.agreements, *counts.projects}
    names = country_names({code for pair in pairs for code in pair})
    nodes = [
        CountryNode(a, names.get(a, a), counts.agreements[a, a], counts.projects[a, a])
        for a, b in pairs
        if a == b
    ]
    nodes.sort(key=lambda node: (-node.total, node.name))
    links = [
        CountryLink(
            a=a,
            a_name=names.get(a, a),
            b=b,
            b_name=names.get(b, b),
            agreements=counts.agreements[a, b],
            projects=counts.projects[a, b],
        )
        for a, b in pairs
        if a != b
    ]
    links.sort(key=lambda link: (-link.weight, link.a, link.b))
    return CooperationMap(nodes, links, counts.totals["agreements"], counts.totals["projects"])


# --- Charts -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class YearCount:
    year: int
    agreements: int


def _per_year(scope: Scope) -> "Counter[int]":
    rows = (
        scope.agreements.filter(signed_on__isnull=False)
        .annotate(year=ExtractYear("signed_on"))
        .values("year")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return Counter({row["year"]: row["n"] for row in rows})


def agreements_per_year(user: Any, filters: InsightFilters = EVERYTHING) -> list[YearCount]:
    """Signed agreements by the year of signing, oldest first, with the empty years between."""
    counts = _counted("per-year", user, filters, _per_year, _add_counters)
    if not counts:
        return []
    return [YearCount(year, counts[year]) for year in range(min(counts), max(counts) + 1)]


@dataclass(frozen=True, slots=True)
class AreaCount:
    """Agreements in a top-level area (in the area itself or any of its topics), each once."""

    code: str  # empty: agreements without any area
    label: str
    agreements: int


def _per_area(scope: Scope) -> "Counter[int | None]":
    """{area id: agreements}, and {None: agreements without any area}."""
    through = Agreement.topics.through
    rows = (
        through.objects.filter(agreement_id__in=scope.agreements.values("pk"))
        .values(area=Coalesce("topic__parent_id", "topic_id"))
        .annotate(n=Count("agreement_id", distinct=True))
        .order_by()
    )
    counts: Counter[int | None] = Counter({row["area"]: row["n"] for row in rows})
    without = scope.agreements.exclude(
        Exists(through.objects.filter(agreement_id=OuterRef("pk")))
    ).count()
    if without:
        counts[None] = without
    return counts


def agreements_per_area(user: Any, filters: InsightFilters = EVERYTHING) -> list[AreaCount]:
    """Agreements per top-level area, largest first; an agreement in two topics of one area
    counts once there, one in two areas once in each. Last, those without any area."""
    counts = _counted("per-area", user, filters, _per_area, _add_counters)
    areas = Topic.objects.filter(pk__in=[pk for pk in counts if pk is not None])
    result = [AreaCount(area.code, area.label, counts[area.pk]) for area in areas]
    result.sort(key=lambda row: (-row.agreements, row.label))
    if counts[None]:
        result.append(AreaCount("", str(_("Without an area")), counts[None]))
    return result


@dataclass(frozen=True, slots=True)
class LightCount:
    """How many commitments, and how many agreements, have this stored light ("" for none)."""

    light: str
    label: str
    commitments: int
    agreements: int


@dataclass(frozen=True)
class CommitmentHealth:
    rows: list[LightCount]  # green, amber, red, no light

    @property
    def commitments(self) -> int:
        return sum(row.commitments for row in self.rows)

    @property
    def agreements(self) -> int:
        return sum(row.agreements for row in self.rows)


def _lights(scope: Scope) -> "Counter[tuple[str, str]]":
    """{("commitments" | "agreements", light): n}."""
    counts: Counter[tuple[str, str]] = Counter()
    commitments = (
        Commitment.objects.filter(agreement_id__in=scope.agreements.values("pk"))
        .values("light")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in commitments:
        counts["commitments", row["light"]] = row["n"]
    for row in scope.agreements.values("light").annotate(n=Count("pk")):
        counts["agreements", row["light"]] = row["n"]
    return counts


def commitment_health(user: Any, filters: InsightFilters = EVERYTHING) -> CommitmentHealth:
    """Commitments of the visible agreements by their stored traffic light, and the agreements
    by theirs (the worst of their commitments; none without lit commitments)."""
    counts = _counted("lights", user, filters, _lights, _add_counters)
    labels = [*((code, str(label)) for code, label in LIGHTS), ("", str(_("No light")))]
    return CommitmentHealth(
        [
            LightCount(code, label, counts["commitments", code], counts["agreements", code])
            for code, label in labels
        ]
    )


@dataclass(frozen=True, slots=True)
class StatusBudget:
    status: str
    label: str
    amount: Money
    projects: int


@dataclass(frozen=True)
class CurrencyBudget:
    """The budget lines of visible projects in one currency: the total and per project status.
    Amounts in different currencies are never added up."""

    currency: str
    total: Money
    projects: int
    by_status: list[StatusBudget] = field(default_factory=list)


_Budgets = dict[tuple[str, str], tuple[Decimal, int]]  # (currency, status): (amount, projects)


def _budgets(scope: Scope) -> _Budgets:
    rows = (
        BudgetLine.objects.filter(project_id__in=scope.projects.values("pk"))
        .values("currency", "project__status")
        .annotate(amount=Sum("amount"), projects=Count("project_id", distinct=True))
        .order_by()
    )
    return {
        (row["currency"], row["project__status"]): (
            Decimal(row["amount"] or 0).quantize(CENT),
            row["projects"],
        )
        for row in rows
    }


def _add_budgets(first: _Budgets, second: _Budgets) -> _Budgets:
    """Per currency and status: the projects of the two are different, so both add up."""
    result = dict(first)
    for key, (amount, projects) in second.items():
        before_amount, before_projects = result.get(key, (Decimal("0.00"), 0))
        result[key] = (before_amount + amount, before_projects + projects)
    return result


def project_budgets(user: Any, filters: InsightFilters = EVERYTHING) -> list[CurrencyBudget]:
    """Per currency, most projects first: the budget of the visible projects, in total and per
    project status."""
    counts = _counted("budgets", user, filters, _budgets, _add_budgets)
    statuses = dict(ProjectStatus.choices)
    order = list(statuses)
    grouped: dict[str, list[StatusBudget]] = {}
    for (currency, status), (amount, projects) in counts.items():
        grouped.setdefault(currency, []).append(
            StatusBudget(
                status, str(statuses.get(status, status)), Money(amount, currency), projects
            )
        )
    result = []
    for currency, by_status in grouped.items():
        by_status.sort(key=lambda item: order.index(item.status) if item.status in order else 99)
        total = Money(Decimal("0.00"), currency)
        for item in by_status:
            total += item.amount  # Money refuses to add another currency
        result.append(
            CurrencyBudget(currency, total, sum(item.projects for item in by_status), by_status)
        )
    result.sort(key=lambda budget: (-budget.projects, budget.currency))
    return result


# --- What came of the opportunities -------------------------------------------------------

# A sum of money made of fewer engagements than this is shown to the operator only: with a
# narrow filter it would be one applicant's contract, which is confidential to its parties.
MIN_GROUP = 3


@dataclass(frozen=True, slots=True)
class FunnelStage:
    """How many got this far, per kind of opportunity."""

    code: str
    label: str
    by_kind: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.by_kind.values())


@dataclass(frozen=True, slots=True)
class ResultMoney:
    """The contracts signed, grants awarded or investments made in one currency."""

    what: str  # "contracts", "grants" or "investments"
    label: str
    amount: Money
    engagements: int


@dataclass(frozen=True)
class OpportunityFunnel:
    stages: list[FunnelStage]
    money: list[ResultMoney]
    withheld: int  # sums not shown because fewer than MIN_GROUP engagements make them up


def _funnel_scope(filters: InsightFilters) -> tuple[QuerySet[Opportunity], QuerySet[Application]]:
    """Published (and closed) opportunities of verified owners, as anyone sees them, and the
    applications ever submitted to them; narrowed by area, country and years."""
    opportunities = opportunities_visible_to(AnonymousUser())
    applications = Application.objects.filter(
        submitted_at__isnull=False, opportunity__in=opportunities
    )
    if filters.topic:
        within = Opportunity.topics.through.objects.filter(
            opportunity_id=OuterRef("pk"), topic__code__in=topic_codes_within(filters.topic)
        )
        opportunities = opportunities.filter(Exists(within))
        applications = applications.filter(opportunity__in=opportunities)
    if filters.country:
        opportunities = opportunities.filter(owner__country_id=filters.country)
        applications = applications.filter(
            Q(opportunity__owner__country_id=filters.country)
            | Q(applicant__country_id=filters.country)
        )
    if filters.year_from:
        opportunities = opportunities.filter(closes_at__year__gte=filters.year_from)
        applications = applications.filter(submitted_at__year__gte=filters.year_from)
    if filters.year_to:
        opportunities = opportunities.filter(closes_at__year__lte=filters.year_to)
        applications = applications.filter(submitted_at__year__lte=filters.year_to)
    return opportunities, applications


def opportunity_funnel(user: Any, filters: InsightFilters = EVERYTHING) -> OpportunityFunnel:
    """From published opportunities to contracts signed, per kind of opportunity, and the money
    that came of it per currency (never added across currencies).

    Applications are confidential, so only counts leave here — the same for every viewer — and
    no applicant or opportunity is named; a sum of money made of fewer than ``MIN_GROUP``
    engagements is shown to the operator only."""
    operator = is_operator(user)
    return _once(("funnel", operator, filters), lambda: _funnel(operator, filters))


def _funnel(operator: bool, filters: InsightFilters) -> OpportunityFunnel:
    opportunities, applications = _funnel_scope(filters)
    published = Counter(dict(opportunities.values_list("kind").annotate(n=Count("pk")).order_by()))
    engaged = Q(engagement__isnull=False)
    rows = (
        applications.values("opportunity__kind")
        .annotate(
            submitted=Count("pk"),
            accepted=Count("pk", filter=Q(status=ApplicationStatus.ACCEPTED)),
            engaged=Count("pk", filter=engaged),
            result=Count("pk", filter=engaged & ~Q(engagement__result="")),
            contract=Count("pk", filter=Q(engagement__contract_amount__isnull=False)),
        )
        .order_by()
    )
    counts: dict[str, Counter[str]] = {
        name: Counter() for name in ("submitted", "accepted", "engaged", "result", "contract")
    }
    for row in rows:
        values: dict[str, Any] = dict(row)
        for name, counter in counts.items():
            counter[values["opportunity__kind"]] = values[name]
    labels = {
        "published": _("Opportunities published"),
        "submitted": _("Applications submitted"),
        "accepted": _("Accepted"),
        "engaged": _("Engagements under way"),
        "result": _("Results recorded"),
        "contract": _("Contracts signed"),
    }
    stages = [FunnelStage("published", str(labels["published"]), dict(published))] + [
        FunnelStage(name, str(labels[name]), {kind: n for kind, n in counter.items() if n})
        for name, counter in counts.items()
    ]
    return OpportunityFunnel(stages, *_result_money(operator, applications))


def _result_money(
    operator: bool, applications: QuerySet[Application]
) -> tuple[list[ResultMoney], int]:
    engagements = Engagement.objects.filter(application__in=applications)
    labels = {
        "contract": _("Contracts signed"),
        "grant": _("Grants awarded"),
        "investment": _("Investments made"),
    }
    money, withheld = [], 0
    for prefix, label in labels.items():
        rows = (
            engagements.filter(**{f"{prefix}_amount__isnull": False})
            .values(f"{prefix}_currency")
            .annotate(amount=Sum(f"{prefix}_amount"), n=Count("pk"))
            .order_by(f"{prefix}_currency")
        )
        for row in rows:
            if row["n"] < MIN_GROUP and not operator:
                withheld += 1
                continue
            amount = Money(Decimal(row["amount"]).quantize(CENT), row[f"{prefix}_currency"])
            money.append(ResultMoney(prefix, str(label), amount, row["n"]))
    return money, withheld


# --- What came of the B2B meetings --------------------------------------------------------

# An agreement counts as following a meeting when it was signed within this many months of it.
AGREEMENT_WITHIN_MONTHS = 24


@dataclass(frozen=True, slots=True)
class MeetingStage:
    """How many meetings got this far. ``count`` is None when fewer than ``MIN_GROUP`` did and
    the viewer is not the operator; ``conversion`` is the share of the stage before, in whole
    per cent (None for the first stage, or when either count is not shown or the one before is
    0)."""

    code: str
    label: str
    count: int | None
    conversion: int | None

    @property
    def withheld(self) -> bool:
        return self.count is None


@dataclass(frozen=True)
class MeetingFunnel:
    stages: list[MeetingStage]

    @property
    def withheld(self) -> int:
        """How many stages are not shown to this viewer."""
        return sum(stage.withheld for stage in self.stages)


def meeting_funnel(user: Any, filters: InsightFilters = EVERYTHING) -> MeetingFunnel:
    """From B2B meetings held to joint projects, one series of meetings:

    1. *held*: meetings with the status "held" (every side checked in);
    2. *follow up*: of those, the ones where at least one side answered "follow up? yes";
    3. *agreement*: of those, the ones followed by an agreement — a public agreement of the
       registry that is concluded (any status but draft: signed, in force, completed, expired
       or terminated were all signed), whose parties include both organisations of the meeting,
       and that was signed on or after the meeting's day (in the event's time zone) and at
       most ``AGREEMENT_WITHIN_MONTHS`` months after it. A signing date known only to the month
       or year is stored as the first day of that period and compared as such, so one dated
       only to the month (or year) of the meeting counts only when the meeting was on that
       first day: otherwise it cannot be told to come after;
    4. *project*: of those, the ones where such an agreement is carried out by a public project
       (``Project.agreements``) that did not start before the meeting's day (one without a start
       date counts: it carries out an agreement signed after the meeting). A project that merely
       has both organisations among its partners is not counted: nothing ties it to the meeting,
       whereas the link to the agreement that followed the meeting does.

    Filters narrow the meetings: ``topic`` to events in that area, ``country`` to meetings with
    a side from that country, ``year_from``/``year_to`` to meetings in those years (of the
    slot's start); the agreement and project filters do not apply.

    Meetings are confidential to their sides, so only counts leave here, counted the same for
    every viewer (public agreements and projects only) and never naming an organisation; a stage
    of fewer than ``MIN_GROUP`` meetings is shown as such to everyone but the operator."""
    operator = is_operator(user)
    counts = _once(("meeting-counts", filters), lambda: _meeting_counts(filters))
    labels = {
        "held": _("B2B meetings held"),
        "follow_up": _("A side wants to follow up"),
        "agreement": _("Followed by an agreement"),
        "project": _("Agreement led to a project"),
    }
    stages: list[MeetingStage] = []
    before: int | None = None
    for index, (code, label) in enumerate(labels.items()):
        count: int | None = counts[index]
        if not operator and counts[index] < MIN_GROUP:
            count = None
        conversion = None
        if index and count is not None and before:
            conversion = int((Decimal(count * 100) / before).quantize(Decimal(1), ROUND_HALF_UP))
        stages.append(MeetingStage(code, str(label), count, conversion))
        before = count
    return MeetingFunnel(stages)


def _held_meetings(filters: InsightFilters) -> QuerySet[Meeting]:
    meetings = Meeting.objects.filter(status=MeetingStatus.HELD).order_by()
    if filters.topic:
        within = Event.topics.through.objects.filter(
            event_id=OuterRef("session__event_id"),
            topic__code__in=topic_codes_within(filters.topic),
        )
        meetings = meetings.filter(Exists(within))
    if filters.country:
        meetings = meetings.filter(
            Q(request__requester__organisation__country_id=filters.country)
            | Q(request__recipient__organisation__country_id=filters.country)
        )
    if filters.year_from:
        meetings = meetings.filter(slot__starts_at__year__gte=filters.year_from)
    if filters.year_to:
        meetings = meetings.filter(slot__starts_at__year__lte=filters.year_to)
    return meetings


def _months_after(day: date, months: int) -> date:
    """The same day ``months`` later, or the last day of that month when it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def _meeting_counts(filters: InsightFilters) -> list[int]:
    """[held, follow up, agreement, project]. The first two are counted in the database; for
    the last two, the database narrows to the meetings whose two sides share a public concluded
    agreement at all (few), and the dates are compared here, in each event's time zone."""
    held = _held_meetings(filters)
    followed = held.filter(Exists(Seat.objects.filter(meeting=OuterRef("pk"), follow_up=True)))
    agreements = agreements_visible_to(AnonymousUser())

    def party(side: str) -> Exists:
        return Exists(
            Party.objects.filter(
                agreement_id=OuterRef("pk"),
                organisation_id=OuterRef(OuterRef(f"request__{side}__organisation_id")),
            )
        )

    shared = agreements.filter(party("requester"), party("recipient"))
    candidates = list(
        followed.filter(Exists(shared)).values_list(
            "slot__starts_at",
            "session__event__time_zone",
            "request__requester__organisation_id",
            "request__recipient__organisation_id",
        )
    )
    if not candidates:
        return [held.count(), followed.count(), 0, 0]
    organisations = {side for row in candidates for side in row[2:]}
    signed: dict[int, date] = {}
    agreements_of: dict[int, set[int]] = {}
    for agreement_id, organisation_id, signed_on in Party.objects.filter(
        agreement__in=agreements, organisation_id__in=organisations
    ).values_list("agreement_id", "organisation_id", "agreement__signed_on"):
        if signed_on is None:  # not possible once signed (a check constraint); never counted
            continue
        signed[agreement_id] = signed_on
        agreements_of.setdefault(organisation_id, set()).add(agreement_id)
    followed_by: list[tuple[date, set[int]]] = []  # (the meeting's day, its agreements)
    for starts_at, zone, requester, recipient in candidates:
        day = starts_at.astimezone(ZoneInfo(zone)).date()
        last = _months_after(day, AGREEMENT_WITHIN_MONTHS)
        found = {
            agreement_id
            for agreement_id in agreements_of.get(requester, set())
            & agreements_of.get(recipient, set())
            if day <= signed[agreement_id] <= last
        }
        if found:
            followed_by.append((day, found))
    carried_out: dict[int, list[date | None]] = {}  # agreement: the starts of its projects
    for agreement_id, starts_on in Project.agreements.through.objects.filter(
        agreement_id__in={pk for _day, found in followed_by for pk in found},
        project__in=projects_visible_to(AnonymousUser()),
    ).values_list("agreement_id", "project__starts_on"):
        carried_out.setdefault(agreement_id, []).append(starts_on)
    with_project = sum(
        any(
            starts_on is None or starts_on >= day
            for agreement_id in found
            for starts_on in carried_out.get(agreement_id, [])
        )
        for day, found in followed_by
    )
    return [held.count(), followed.count(), len(followed_by), with_project]
