"""Fetching what a request names, through the selectors: unseen objects are 404, and an object
named in a body that the caller cannot see is a 422 on that field."""

import re
from collections.abc import Sequence
from typing import Any, overload
from uuid import UUID

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from consortia.core.api import ApiRequest
from consortia.core.money import Money, is_currency
from consortia.core.permissions import NotVisible, get_visible, require
from consortia.directory import selectors as directory
from consortia.directory.models import Country, Organisation, Topic
from consortia.directory.selectors import member_organisation_ids

from .. import policies, selectors
from ..forms import OpportunityFilterForm
from ..models import (
    Application,
    Criterion,
    Engagement,
    FieldKind,
    FormField,
    Opportunity,
    OpportunityStatus,
    PilotSite,
    Reviewer,
)
from .schemas import MoneyIn, OpportunityQuery, PilotSiteQuery, ScoreIn

# --- Opportunities --------------------------------------------------------------------------


def opportunity_list(request: ApiRequest, query: OpportunityQuery) -> QuerySet[Opportunity]:
    """The opportunities the caller may see, filtered with the same form as the list page (and
    a status, published when left out); unknown values are 422, each naming its field."""
    data = query.dict()
    form = OpportunityFilterForm({**data, "open": "on" if data.pop("open") else ""})
    errors = {field: [str(m) for m in messages] for field, messages in form.errors.items()}
    status = query.status or OpportunityStatus.PUBLISHED
    if status not in OpportunityStatus.values:
        errors["status"] = [_("Choose published, closed or draft.")]
    if errors:
        raise ValidationError(errors)
    return selectors.published_opportunities(request.auth, form.filters(), status=status)


def named_opportunity(request: ApiRequest, opportunity_id: UUID) -> Opportunity:
    """The opportunity with its rules, form, rubric and reviewers."""
    return get_visible(
        selectors.opportunity_detail(request.auth).prefetch_related("reviewers__user__person"),
        public_id=opportunity_id,
    )


def managed_opportunity(request: ApiRequest, opportunity_id: UUID) -> Opportunity:
    """An opportunity the caller manages: 404 when unseen, then 403 before any 422."""
    opportunity = named_opportunity(request, opportunity_id)
    require(
        policies.can_manage(request.auth, opportunity),
        _("Only the owner's admins or the operator manage this opportunity."),
    )
    return opportunity


def reviewed_opportunity(request: ApiRequest, opportunity_id: UUID) -> Opportunity:
    """Only those who manage or review an opportunity learn who applied; for anyone else the
    list does not exist (404), as on the page."""
    opportunity = named_opportunity(request, opportunity_id)
    if not (
        policies.can_manage(request.auth, opportunity)
        or policies.is_reviewer(request.auth, opportunity)
    ):
        raise NotVisible()
    return opportunity


def named_form_field(opportunity: Opportunity, field_id: int) -> FormField:
    """One of the opportunity's (prefetched) questions."""
    for field in opportunity.fields.all():
        if field.pk == field_id:
            return field
    raise NotVisible()


def named_criterion(opportunity: Opportunity, criterion_id: int) -> Criterion:
    """One of the opportunity's (prefetched) criteria."""
    for criterion in opportunity.criteria.all():
        if criterion.pk == criterion_id:
            return criterion
    raise NotVisible()


def named_reviewer(opportunity: Opportunity, person_id: UUID) -> Reviewer:
    """One of the opportunity's (prefetched) reviewers, by their person's id."""
    for reviewer in opportunity.reviewers.all():
        if reviewer.user.person.public_id == person_id:
            return reviewer
    raise NotVisible()


def own_organisation(request: ApiRequest, organisation_id: UUID) -> Organisation:
    """One of the caller's organisations: 404 when unseen, 403 when not theirs."""
    organisation = get_visible(
        directory.organisations_visible_to(request.auth)
        .select_related("country")
        .prefetch_related("topics"),
        public_id=organisation_id,
    )
    require(
        policies.can_apply_for(request.auth, organisation),
        _("Only its members see what their organisation may apply to."),
    )
    return organisation


def pilot_site_in_body(request: ApiRequest, field: str, site_id: UUID | None) -> PilotSite | None:
    if site_id is None:
        return None
    site = selectors.pilot_sites_visible_to(request.auth).filter(public_id=site_id).first()
    if site is None:
        raise ValidationError({field: _("There is no such pilot site.")})
    return site


def opportunity_in_body(request: ApiRequest, field: str, opportunity_id: UUID) -> Opportunity:
    opportunity = (
        selectors.opportunities_visible_to(request.auth).filter(public_id=opportunity_id).first()
    )
    if opportunity is None:
        raise ValidationError({field: _("There is no such opportunity.")})
    return opportunity


def reviewer_in_body(request: ApiRequest, person_id: UUID) -> Any:
    """The account of a person the caller may see; anyone else is a 422 on ``person``."""
    person = (
        directory.people_visible_to(request.auth)
        .select_related("user")
        .filter(public_id=person_id)
        .first()
    )
    if person is None or person.user is None:
        raise ValidationError({"person": _("There is no such person.")})
    return person.user


# --- Applications ---------------------------------------------------------------------------


def visible_application(request: ApiRequest, application_id: UUID) -> Application:
    """An application the caller may read, with its answers and its opportunity's form."""
    return get_visible(
        selectors.applications_visible_to(request.auth)
        .select_related("opportunity__owner", "applicant", "engagement")
        .prefetch_related("answers", "opportunity__fields", "opportunity__reviewers"),
        public_id=application_id,
    )


def my_applications(request: ApiRequest) -> QuerySet[Application]:
    """The applications of the caller's organisations."""
    return (
        selectors.applications_visible_to(request.auth)
        .filter(applicant_id__in=member_organisation_ids(request.auth))
        .select_related("opportunity__owner", "applicant", "engagement")
    )


_ANSWER = re.compile(r"^field_(?P<id>\d+)(?P<currency>_currency)?$")


def answers_in_form(
    request: ApiRequest, application: Application
) -> tuple[dict[int, Any], dict[int, UploadedFile]]:
    """The multipart answers as ``save_answers`` takes them: ``field_<id>`` for each question
    (a file for file questions), ``field_<id>_currency`` with an amount of money."""
    fields = {field.pk: field for field in application.opportunity.fields.all()}
    named = {name: _ANSWER.match(name) for name in [*request.POST, *request.FILES]}
    unknown = [name for name, found in named.items() if found is None]
    if unknown:
        raise ValidationError(
            {name: _("Name each answer field_<question id>.") for name in unknown}
        )
    ids = {name: int(found["id"]) for name, found in named.items() if found is not None}
    values: dict[int, Any] = {}
    for name in request.POST:
        pk = ids[name]
        field = fields.get(pk)
        if field is not None and field.kind == FieldKind.MONEY:
            values[pk] = (
                request.POST.get(f"field_{pk}", ""),
                request.POST.get(f"field_{pk}_currency", ""),
            )
        elif name.endswith("_currency"):
            raise ValidationError({name: _("Only an amount of money has a currency.")})
        else:
            values[pk] = request.POST[name]
    files: dict[int, UploadedFile] = {}
    for name in request.FILES:
        upload = request.FILES.get(name)
        if isinstance(upload, UploadedFile):
            files[ids[name]] = upload
    return values, files


def scores_in_body(
    application: Application, scores: Sequence[ScoreIn]
) -> dict[Criterion, tuple[int, str]]:
    """The scores by criterion of the application's rubric; any other is a 422 on ``scores``."""
    criteria = {criterion.pk: criterion for criterion in application.opportunity.criteria.all()}
    unknown = [str(score.criterion) for score in scores if score.criterion not in criteria]
    if unknown:
        raise ValidationError(
            {
                "scores": _("These criteria are not in the rubric: %(ids)s.")
                % {"ids": ", ".join(unknown)}
            }
        )
    return {criteria[score.criterion]: (score.value, score.comment) for score in scores}


# --- Engagements ----------------------------------------------------------------------------


def visible_engagement(request: ApiRequest, engagement_id: UUID) -> Engagement:
    """The engagement of an application the caller may read, with its tranches and booking."""
    return get_visible(
        selectors.engagements_visible_to(request.auth)
        .select_related("application__opportunity__owner", "site", "booking__offer__owner")
        .prefetch_related("tranches"),
        public_id=engagement_id,
    )


def managed_application(request: ApiRequest, application_id: UUID) -> Application:
    """An application whose follow-up the caller records: 404 when unseen, then 403 before
    any 422."""
    application = visible_application(request, application_id)
    require(
        policies.can_manage(request.auth, application.opportunity),
        _("Only the owner's admins or the operator record what follows."),
    )
    return application


def managed_engagement(request: ApiRequest, engagement_id: UUID) -> Engagement:
    """An engagement the caller records: 404 when unseen, then 403 before any 422."""
    engagement = visible_engagement(request, engagement_id)
    require(
        policies.can_manage(request.auth, engagement.application.opportunity),
        _("Only the owner's admins or the operator record what follows."),
    )
    return engagement


@overload
def money_in_body(field: str, money: MoneyIn) -> Money: ...


@overload
def money_in_body(field: str, money: MoneyIn | None) -> Money | None: ...


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


# --- Pilot sites ----------------------------------------------------------------------------


def pilot_site_list(request: ApiRequest, query: PilotSiteQuery) -> QuerySet[PilotSite]:
    """The registry the caller may see, filtered; unknown values are 422, each naming its field."""
    errors: dict[str, str] = {}
    if query.kind and query.kind not in PilotSite.Kind.values:
        errors["kind"] = _("Unknown kind of pilot site.")
    country = query.country.strip().upper()
    if country and not Country.objects.filter(code=country).exists():
        errors["country"] = _("Unknown country code “%(code)s”.") % {"code": query.country}
    if query.topic and not Topic.objects.filter(code=query.topic).exists():
        errors["topic"] = _("Unknown topic “%(code)s”.") % {"code": query.topic}
    if errors:
        raise ValidationError(errors)
    filters = selectors.PilotSiteFilters(
        q=query.q.strip(), country=country, kind=query.kind, topic=query.topic
    )
    return selectors.pilot_site_list(request.auth, filters)


def named_pilot_site(request: ApiRequest, site_id: UUID) -> PilotSite:
    return get_visible(selectors.pilot_sites_visible_to(request.auth), public_id=site_id)
