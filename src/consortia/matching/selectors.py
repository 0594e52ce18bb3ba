"""Every read of recommendations. Each list is the engine's ranking limited, before ranking, to
what the viewer may open (the same ``*_visible_to`` selectors as the detail pages) and may still
use (a verified partner, a live offer, an open opportunity, an upcoming event), without what
the subject marked "not interested"."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext as _

from consortia.core import clock
from consortia.core.permissions import NotVisible, get_visible, require
from consortia.directory.models import Offer, Organisation, VerificationStatus
from consortia.directory.selectors import (
    member_organisation_ids,
    offers_visible_to,
    organisations_visible_to,
)
from consortia.engines.matching import Query, Reason
from consortia.engines.matching.items import KINDS
from consortia.events.models import EventStatus, Mark, MeetingRequest, Participant
from consortia.events.selectors.b2b import participants_of
from consortia.events.selectors.events import events_visible_to
from consortia.opportunities import policies as opportunity_policies
from consortia.opportunities.eligibility import judge
from consortia.opportunities.models import Opportunity, OpportunityStatus
from consortia.opportunities.selectors import candidate_of, opportunities_visible_to, rules_of

from . import live, sources
from .models import Dismissal, Profile
from .policies import can_act_for_subject
from .wording import Words

SECTIONS = ("partners", "offers", "opportunities", "events")


@dataclass(frozen=True)
class Suggestion:
    key: str
    source: str
    obj: Any
    score: float
    reasons: list[str]  # in the reader's language
    why: list[Reason]  # the same reasons as data


def candidates(user: Any, organisation: Organisation, section: str) -> QuerySet[Any]:
    """What may be suggested to ``organisation``'s member ``user`` in one section."""
    now = clock.now()
    if section == "partners":
        return organisations_visible_to(user).filter(
            verification_status=VerificationStatus.VERIFIED
        ).exclude(pk=organisation.pk)
    if section == "offers":
        return offers_visible_to(user).filter(
            status=Offer.Status.ACTIVE,
            expires_on__gte=now.date(),
            organisation__verification_status=VerificationStatus.VERIFIED,
        ).exclude(organisation=organisation)
    if section == "opportunities":
        return (
            opportunities_visible_to(user)
            .filter(status=OpportunityStatus.PUBLISHED)
            .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))
            .exclude(owner=organisation)
        )
    if section == "events":
        return (
            events_visible_to(user)
            .filter(status=EventStatus.PUBLISHED, ends_at__gt=now)
            .exclude(organiser=organisation)
        )
    raise ValueError(f"unknown section {section!r}")


def _keys(queryset: QuerySet[Any]) -> frozenset[str]:
    source = next(s for s, model in sources.MODELS.items() if model is queryset.model)
    return frozenset(f"{source}:{pid}" for pid in queryset.values_list("public_id", flat=True))


def dismissed(subject: Model) -> QuerySet[Dismissal]:
    return Dismissal.objects.filter(subject=sources.key_of(subject)).order_by("-created_at", "-pk")


def _ranked(subject: Model, among: QuerySet[Any], k: int) -> list[tuple[Any, float, list[Reason]]]:
    """The engine's best ``k`` of ``among`` for ``subject``, as (object, score, reasons)."""
    skipped = frozenset(dismissed(subject).values_list("item", flat=True))
    query = Query("q", sources.key_of(subject), KINDS, k, skipped, _keys(among))
    ranked = live.rank(query)
    public_ids = [sources.split_key(r.item)[1] for r in ranked]
    objects = {str(obj.public_id): obj for obj in among.filter(public_id__in=public_ids)}
    return [
        (objects[pid], r.score, r.reasons)
        for pid, r in zip(public_ids, ranked, strict=True)
        if pid in objects
    ]


def _suggestions(rows: Iterable[tuple[Any, float, list[Reason]]]) -> list[Suggestion]:
    rows = list(rows)
    words = Words([reason for _obj, _score, reasons in rows for reason in reasons])
    return [
        Suggestion(
            key=sources.key_of(obj),
            source=sources.key_of(obj).partition(":")[0],
            obj=obj,
            score=score,
            reasons=[words.say(reason) for reason in reasons],
            why=reasons,
        )
        for obj, score, reasons in rows
    ]


def recommendations_for(
    user: Any, organisation: Organisation, *, sections: Iterable[str] = SECTIONS, k: int = 5
) -> dict[str, list[Suggestion]]:
    """ "Recommended for you": per section, the best ``k`` for the organisation (opportunities
    only where it meets every eligibility rule)."""
    related = {
        "partners": ("country",),
        "offers": ("organisation__country",),
        "opportunities": ("owner__country",),
        "events": ("country",),
    }
    found = {}
    for section in sections:
        among = candidates(user, organisation, section).select_related(*related[section])
        if section == "opportunities":  # only those it may apply to: ranked, then judged
            candidate = candidate_of(organisation)
            ranked = _ranked(organisation, among, k * 3)
            rows = [row for row in ranked if judge(candidate, rules_of(row[0])).eligible][:k]
        else:
            rows = _ranked(organisation, among, k)
        found[section] = _suggestions(rows)
    return found


def meeting_candidates(participant: Participant) -> QuerySet[Participant]:
    """Other organisations of the session the participant has not asked, been asked by, or
    marked "do not meet"."""
    asked = MeetingRequest.objects.filter(
        Q(requester=participant) | Q(recipient=participant)
    ).values_list("requester_id", "recipient_id")
    involved = {pk for pair in asked for pk in pair}
    refused = Mark.objects.filter(participant=participant, kind=Mark.Kind.DO_NOT_MEET).values("other_id")
    return (
        participants_of(participant.session)
        .exclude(organisation_id=participant.organisation_id)
        .exclude(pk__in=involved)
        .exclude(pk__in=refused)
        .select_related("organisation__country")
    )


def suggested_meetings(participant: Participant, *, k: int = 8) -> list[Suggestion]:
    """Whom the participant might ask for a meeting in its session, with reasons."""
    return _suggestions(_ranked(participant, meeting_candidates(participant), k))


def applicant_candidates(user: Any, opportunity: Opportunity) -> QuerySet[Organisation]:
    """Verified organisations the owner may see that pass the rules one can check in the
    database (countries, kinds, stages) and have not applied yet."""
    queryset = (
        organisations_visible_to(user)
        .filter(verification_status=VerificationStatus.VERIFIED)
        .exclude(pk=opportunity.owner_id)
        .exclude(applications__opportunity=opportunity)
    )
    countries = list(opportunity.eligible_countries.values_list("code", flat=True))
    if countries:
        queryset = queryset.filter(country_id__in=countries)
    if opportunity.eligible_kinds:
        queryset = queryset.filter(kind__in=opportunity.eligible_kinds)
    if opportunity.eligible_stages:
        queryset = queryset.filter(stage__in=opportunity.eligible_stages)
    return queryset.select_related("country").prefetch_related("topics")


def managed_opportunity(user: Any, public_id: Any) -> Opportunity:
    """An opportunity the user may see (else 404) and manage (else 403), for its suggested
    applicants."""
    opportunity = get_visible(opportunities_visible_to(user), public_id=public_id)
    require(
        opportunity_policies.can_manage(user, opportunity),
        _("Only the owner's admins see suggested applicants."),
    )
    return opportunity


def suggested_applicants(user: Any, opportunity: Opportunity, *, k: int = 10) -> list[Suggestion]:
    """Organisations the owner might invite to apply: eligible by every rule, best first."""
    rules = rules_of(opportunity)
    ranked = _ranked(opportunity, applicant_candidates(user, opportunity), k * 3)
    eligible = [row for row in ranked if judge(candidate_of(row[0]), rules).eligible]
    return _suggestions(eligible[:k])


def my_organisations(user: Any) -> list[Organisation]:
    return list(
        Organisation.objects.filter(id__in=member_organisation_ids(user))
        .select_related("country")
        .order_by("name", "id")
    )


def subject_named(user: Any, key: str) -> Model:
    """The organisation, participant or opportunity a profile key names, if the user acts for
    it; anything else is 404."""
    source, public_id = sources.split_key(key)
    model = {"organisation": Organisation, "participant": Participant, "opportunity": Opportunity}.get(
        source
    )
    if model is None:
        raise NotVisible
    try:
        subject = get_visible(model.objects.all(), public_id=public_id)  # type: ignore[attr-defined]
    except (ValueError, forms.ValidationError):
        raise NotVisible from None
    if not can_act_for_subject(user, subject):
        raise NotVisible
    return subject


def dismissed_titled(subject: Model) -> list[tuple[Any, str]]:
    """What the subject marked "not interested", by title, newest first."""
    marks = list(dismissed(subject)[:50])
    titles = {
        p.key: p.item.get("title", "")
        for p in Profile.objects.filter(key__in=[m.item for m in marks])
    }
    return [(mark, titles.get(mark.item, "")) for mark in marks]
