"""Every read of agreements. Lists, pages, the map, exports and the API all start here."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Window
from django.db.models.functions import ExtractYear, RowNumber

from consortia.core import search
from consortia.core.models import AuditEvent
from consortia.core.permissions import is_operator
from consortia.directory.selectors import member_organisation_ids, topic_codes_within

from .lights import CommitmentState, Light, agreement_light, commitment_light
from .models import (
    Agreement,
    AgreementDocument,
    AgreementStatus,
    Commitment,
    Party,
    Visibility,
)


def agreements_visible_to(user: Any) -> QuerySet[Agreement]:
    """Public agreements once signed, for everyone; every agreement to its parties' members and
    to whoever recorded it; all of them to the operator."""
    queryset = Agreement.objects.all()
    if is_operator(user):
        return queryset
    visible = Q(visibility=Visibility.PUBLIC) & ~Q(status=AgreementStatus.DRAFT)
    if getattr(user, "is_authenticated", False):
        visible |= Q(created_by_id=user.pk) | Q(
            Exists(
                Party.objects.filter(
                    agreement_id=OuterRef("pk"),
                    organisation_id__in=member_organisation_ids(user),
                )
            )
        )
    return queryset.filter(visible)


def agreement_detail(user: Any) -> QuerySet[Agreement]:
    return agreements_visible_to(user).prefetch_related(
        "topics",
        Prefetch(
            "parties",
            queryset=Party.objects.select_related("organisation__country", "state").order_by(
                "role", "id"
            ),
        ),
        Prefetch(
            "commitments",
            queryset=Commitment.objects.select_related(
                "responsible__organisation", "responsible__state"
            ).prefetch_related("reports"),
        ),
        "documents",
    )


def commitments_visible_to(user: Any) -> QuerySet[Commitment]:
    return Commitment.objects.filter(agreement__in=agreements_visible_to(user))


def documents_visible_to(user: Any) -> QuerySet[AgreementDocument]:
    """A document is seen by exactly those who see its agreement."""
    return AgreementDocument.objects.filter(agreement__in=agreements_visible_to(user))


def document_detail(user: Any) -> QuerySet[AgreementDocument]:
    """Visible documents with their agreement and its parties, as the edit policy needs them."""
    return (
        documents_visible_to(user)
        .select_related("agreement")
        .prefetch_related("agreement__parties")
    )


@dataclass(frozen=True)
class LitCommitment:
    commitment: Commitment
    light: Light | None

    @property
    def code(self) -> str:
        return self.light.code if self.light is not None else ""


def _state(commitment: Commitment, agreement: Agreement) -> CommitmentState:
    return CommitmentState(
        done=commitment.status == "done",
        dropped=commitment.status == "dropped",
        due_on=commitment.due_on,
        last_report_on=commitment.last_report_on,
        started_on=agreement.signed_on or agreement.created_at.date(),
    )


def commitment_lights(
    agreement: Agreement, commitments: Iterable[Commitment], *, today: date
) -> list[LitCommitment]:
    """The lights of these commitments of the agreement on ``today``: the one place that turns
    commitments into the pure rules' input (pages and the stored lights both use it)."""
    return [
        LitCommitment(c, commitment_light(_state(c, agreement), today=today)) for c in commitments
    ]


def lit_commitments(agreement: Agreement, *, today: date) -> list[LitCommitment]:
    """The agreement's commitments with their lights (uses prefetched commitments)."""
    return commitment_lights(agreement, agreement.commitments.all(), today=today)


def light_of(agreement: Agreement, *, today: date) -> Light | None:
    return agreement_light([item.light for item in lit_commitments(agreement, today=today)])


@dataclass(frozen=True, slots=True)
class RegistryFilters:
    """Validated filters of the registry (see ``forms.RegistryFilterForm``)."""

    q: str = ""
    country: str = ""
    partner: str = ""
    year: int | None = None
    kind: str = ""
    topic: str = ""
    status: str = ""
    light: str = ""


def _with_country(code: str) -> Exists:
    return Exists(
        Agreement.countries.through.objects.filter(agreement_id=OuterRef("pk"), country_id=code)
    )


def agreement_registry(user: Any, filters: RegistryFilters) -> QuerySet[Agreement]:
    """The registry: visible agreements, newest signing first, filtered."""
    queryset = agreements_visible_to(user)
    structural = False
    if filters.country:
        queryset, structural = queryset.filter(_with_country(filters.country)), True
    if filters.partner:
        queryset = queryset.filter(_with_country(filters.partner))
    if filters.year:
        queryset, structural = queryset.filter(signed_on__year=filters.year), True
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.light:
        queryset = queryset.filter(light=filters.light)
    if filters.topic:
        queryset = queryset.filter(
            Exists(
                Agreement.topics.through.objects.filter(
                    agreement_id=OuterRef("pk"), topic__code__in=topic_codes_within(filters.topic)
                )
            )
        )
    if filters.q:
        queryset = search.matching(queryset, filters.q, filtered=structural)
    return queryset.prefetch_related(
        "topics",
        Prefetch(
            "parties",
            queryset=Party.objects.select_related("organisation", "state").order_by("role", "id"),
        ),
    ).order_by(F("signed_on").desc(nulls_last=True), "-id")


@dataclass(frozen=True)
class TimelineYear:
    year: int
    count: int
    agreements: list[Agreement]


def timeline(user: Any, filters: RegistryFilters, *, per_year: int = 12) -> list[TimelineYear]:
    """Signed agreements by year, newest year first: the count and the first few of each year.
    Two queries whatever the number of years: the counts, and the first few ranked per year."""
    registry = agreement_registry(user, filters).filter(signed_on__isnull=False)
    counts = (
        registry.order_by()
        .annotate(year=ExtractYear("signed_on"))
        .values("year")
        .annotate(count=Count("id"))
        .order_by("-year")
    )
    year = ExtractYear("signed_on")
    firsts = (
        registry.prefetch_related(None)
        .only("public_id", "title", "language", "signed_on", "signed_on_precision", "light")
        .annotate(
            year=year,
            rank=Window(
                RowNumber(), partition_by=[year], order_by=[F("signed_on").desc(), F("id").desc()]
            ),
        )
        .filter(rank__lte=per_year)
        .order_by("-year", "rank")
    )
    by_year: dict[int, list[Agreement]] = {}
    for agreement in firsts:
        by_year.setdefault(agreement.year, []).append(agreement)  # type: ignore[attr-defined]
    return [TimelineYear(row["year"], row["count"], by_year.get(row["year"], [])) for row in counts]


def agreements_of(user: Any) -> QuerySet[Agreement]:
    """The agreements the user's organisations are parties to."""
    if not getattr(user, "is_authenticated", False):
        return Agreement.objects.none()
    return (
        agreements_visible_to(user)
        .filter(
            Exists(
                Party.objects.filter(
                    agreement_id=OuterRef("pk"),
                    organisation_id__in=member_organisation_ids(user),
                )
            )
        )
        .prefetch_related(
            Prefetch("parties", queryset=Party.objects.select_related("organisation", "state"))
        )
        .order_by(F("signed_on").desc(nulls_last=True), "-id")
    )


def history(agreement: Agreement) -> QuerySet[AuditEvent]:
    """What happened to the agreement and its commitments, oldest first."""
    commitment_ids = [str(pk) for pk in agreement.commitments.values_list("pk", flat=True)]
    return (
        AuditEvent.objects.filter(
            Q(target_type="agreements.agreement", target_id=str(agreement.pk))
            | Q(target_type="agreements.commitment", target_id__in=commitment_ids)
        )
        .select_related("actor")
        .order_by("occurred_at", "id")
    )
