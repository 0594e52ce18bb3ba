"""Schemas of the opportunities API: what goes in and what comes out. Money and scores are
decimal strings, never floats; times are aware (the window also in the owner's time zone)."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal
from uuid import UUID

from django.urls import reverse
from ninja import Field, Schema

from consortia.core.api import ApiRequest, MoneyOut, OrganisationRef, money_out

from .. import policies, selectors, services
from ..eligibility import Verdict
from ..models import (
    Answer,
    Application,
    Criterion,
    Engagement,
    FormField,
    Opportunity,
    PilotSite,
    Reviewer,
)


def _request(context: Any) -> ApiRequest:
    return context["request"]


# --- Out ------------------------------------------------------------------------------------
class PilotSiteRef(Schema):
    id: UUID = Field(..., alias="public_id")
    name: str


class OpportunityRef(Schema):
    id: UUID = Field(..., alias="public_id")
    title: str
    kind: str
    owner: OrganisationRef


class OpportunityOut(Schema):
    """An opportunity as the list shows it. The window is in UTC."""

    id: UUID = Field(..., alias="public_id")
    kind: str = Field(
        ...,
        description="pilot_request, challenge, programme, soft_landing, grant or investment_call",
    )
    title: str
    description: str
    language: str
    status: str = Field(..., description="draft, published or closed")
    owner: OrganisationRef
    topics: list[str]
    opens_at: datetime | None = Field(..., description="UTC; null: open from publication")
    closes_at: datetime | None = Field(..., description="UTC")
    time_zone: str = Field(..., description="the owner's time zone the window was entered in")
    is_open: bool = Field(..., description="published and inside its window now")

    @staticmethod
    def resolve_topics(obj: Opportunity) -> list[str]:
        return [topic.code for topic in obj.topics.all()]

    @staticmethod
    def resolve_is_open(obj: Opportunity) -> bool:
        return selectors.is_open(obj)


class WindowOut(Schema):
    opens_at: datetime | None = Field(..., description="UTC")
    closes_at: datetime | None = Field(..., description="UTC")
    time_zone: str
    opens_at_local: datetime | None = Field(..., description="in time_zone, as the owner sees it")
    closes_at_local: datetime | None = Field(..., description="in time_zone")


class BenefitsOut(Schema):
    capacity: int | None = Field(..., description="places; null: not limited")
    grant: MoneyOut | None
    ticket_min: MoneyOut | None = Field(..., description="smallest investment ticket")
    ticket_max: MoneyOut | None = Field(..., description="largest investment ticket")
    desks: int | None
    housing_places: int | None
    stay_days: int | None
    pilot_site: PilotSiteRef | None


class RulesOut(Schema):
    """Who may apply; an empty list means any."""

    countries: list[str]
    kinds: list[str]
    stages: list[str]
    topics: list[str]
    founded_from_year: int | None
    founded_until_year: int | None
    verified_only: bool


class FormFieldOut(Schema):
    id: int
    label: str
    help_text: str
    kind: str = Field(..., description="text, long_text, choice, number, money or file")
    required: bool
    choices: list[str]
    position: int


class CriterionOut(Schema):
    id: int
    name: str
    weight: str = Field(..., description="a decimal string")
    scale: int = Field(..., description="scored from 0 to this")
    position: int

    @staticmethod
    def resolve_weight(obj: Criterion) -> str:
        return str(obj.weight)


class ReviewerOut(Schema):
    person: UUID = Field(..., description="the reviewer's public person id")
    name: str
    assigned_at: datetime

    @staticmethod
    def resolve_person(obj: Reviewer) -> UUID:
        return obj.user.person.public_id

    @staticmethod
    def resolve_name(obj: Reviewer) -> str:
        return str(obj.user.person.full_name)


class OpportunityDetailOut(OpportunityOut):
    nda_text: str = Field(..., description="accepted by applicants before they apply, if given")
    window: WindowOut
    benefits: BenefitsOut
    rules: RulesOut
    form: list[FormFieldOut] = Field(..., description="the questions applicants answer")
    rubric: list[CriterionOut] = Field(..., description="the weighted criteria reviewers score")
    reviewers: list[ReviewerOut] | None = Field(
        ..., description="only for those who manage the opportunity; null for everyone else"
    )

    @staticmethod
    def resolve_window(obj: Opportunity) -> dict[str, Any]:
        opens, closes = services.local_window(obj)
        return {
            "opens_at": obj.opens_at,
            "closes_at": obj.closes_at,
            "time_zone": obj.time_zone,
            "opens_at_local": opens,
            "closes_at_local": closes,
        }

    @staticmethod
    def resolve_benefits(obj: Opportunity) -> dict[str, Any]:
        return {
            "capacity": obj.capacity,
            "grant": money_out(obj.grant_amount, obj.grant_currency),
            "ticket_min": money_out(obj.ticket_min_amount, obj.ticket_min_currency),
            "ticket_max": money_out(obj.ticket_max_amount, obj.ticket_max_currency),
            "desks": obj.desks,
            "housing_places": obj.housing_places,
            "stay_days": obj.stay_days,
            "pilot_site": obj.pilot_site,
        }

    @staticmethod
    def resolve_rules(obj: Opportunity) -> dict[str, Any]:
        return {
            "countries": sorted(country.code for country in obj.eligible_countries.all()),
            "kinds": list(obj.eligible_kinds),
            "stages": list(obj.eligible_stages),
            "topics": sorted(topic.code for topic in obj.eligible_topics.all()),
            "founded_from_year": obj.founded_from_year,
            "founded_until_year": obj.founded_until_year,
            "verified_only": obj.verified_only,
        }

    @staticmethod
    def resolve_form(obj: Opportunity) -> list[FormField]:
        return list(obj.fields.all())

    @staticmethod
    def resolve_rubric(obj: Opportunity) -> list[Criterion]:
        return list(obj.criteria.all())

    @staticmethod
    def resolve_reviewers(obj: Opportunity, context: Any) -> list[Reviewer] | None:
        if not policies.can_manage(_request(context).auth, obj):
            return None
        return list(obj.reviewers.all())


class CheckOut(Schema):
    rule: str = Field(..., description="verified, country, kind, stage, topics or founded")
    passed: bool
    reason: str


class VerdictOut(Schema):
    eligible: bool
    checks: list[CheckOut] = Field(..., description="every rule that applies, passed or not")


def verdict_out(verdict: Verdict) -> dict[str, Any]:
    return {
        "eligible": verdict.eligible,
        "checks": [
            {"rule": check.rule, "passed": check.passed, "reason": check.reason}
            for check in verdict.checks
        ],
    }


class OpportunityForUsOut(VerdictOut):
    opportunity: OpportunityOut


class EligibilityOut(VerdictOut):
    organisation: OrganisationRef
    opportunity: OpportunityRef


class FileOut(Schema):
    id: UUID = Field(..., alias="public_id")
    name: str = Field(..., alias="original_name")
    content_type: str = Field(..., description="the type found in the file's content")
    size: int = Field(..., description="in bytes")
    url: str = Field(..., description="the download, for whoever sees the application")

    @staticmethod
    def resolve_url(obj: Answer) -> str:
        return reverse("api:download_answer_file", kwargs={"answer_id": obj.public_id})


class AnswerOut(Schema):
    field: int = Field(..., alias="field_id", description="the form field answered")
    text: str
    number: str | None = Field(..., description="a decimal string, for number and money")
    currency: str
    file: FileOut | None

    @staticmethod
    def resolve_number(obj: Answer) -> str | None:
        return None if obj.number is None else str(obj.number)

    @staticmethod
    def resolve_file(obj: Answer) -> Answer | None:
        return obj if obj.file else None


class ApplicationOut(Schema):
    id: UUID = Field(..., alias="public_id")
    opportunity: OpportunityRef
    applicant: OrganisationRef
    status: str = Field(
        ..., description="draft, submitted, shortlisted, accepted, rejected or withdrawn"
    )
    nda_accepted_at: datetime | None
    submitted_at: datetime | None
    decided_at: datetime | None
    decision_reason: str
    engagement: UUID | None = Field(..., description="what followed, once started")

    @staticmethod
    def resolve_engagement(obj: Application) -> UUID | None:
        engagement = getattr(obj, "engagement", None)
        return engagement.public_id if engagement is not None else None


class ApplicationDetailOut(ApplicationOut):
    answers: list[AnswerOut]

    @staticmethod
    def resolve_answers(obj: Application) -> list[Answer]:
        return list(obj.answers.all())


class RankedOut(Schema):
    position: int = Field(..., description="1 for the highest score")
    application: ApplicationOut
    score: str | None = Field(
        ..., description="0–100, the weighted mean of the reviewers' scores, exact to 0.01"
    )
    reviewers: int = Field(..., description="how many reviewers scored it")


class ScoreOut(Schema):
    criterion: int = Field(..., alias="criterion_id")
    value: int
    comment: str
    scored_at: datetime


class TrancheOut(Schema):
    id: int
    amount: MoneyOut
    due_on: date
    paid_on: date | None

    @staticmethod
    def resolve_amount(obj: Any) -> dict[str, str] | None:
        return money_out(obj.amount, obj.currency)


class BookingOut(Schema):
    offer: OpportunityRef
    starts_on: date
    ends_on: date
    desks: int
    housing: int


class EngagementOut(Schema):
    id: UUID = Field(..., alias="public_id")
    application: UUID
    kind: str = Field(..., description="pilot, residency, grant or investment")
    starts_on: date | None
    ends_on: date | None
    site: PilotSiteRef | None
    plan: str
    kpis: str
    result: str
    contract_value: MoneyOut | None
    grant: MoneyOut | None
    investment: MoneyOut | None
    instrument: str
    report: str
    tranches: list[TrancheOut]
    booking: BookingOut | None

    @staticmethod
    def resolve_application(obj: Engagement) -> UUID:
        return obj.application.public_id

    @staticmethod
    def resolve_contract_value(obj: Engagement) -> dict[str, str] | None:
        return money_out(obj.contract_amount, obj.contract_currency)

    @staticmethod
    def resolve_grant(obj: Engagement) -> dict[str, str] | None:
        return money_out(obj.grant_amount, obj.grant_currency)

    @staticmethod
    def resolve_investment(obj: Engagement) -> dict[str, str] | None:
        return money_out(obj.investment_amount, obj.investment_currency)

    @staticmethod
    def resolve_tranches(obj: Engagement) -> list[Any]:
        return list(obj.tranches.all())

    @staticmethod
    def resolve_booking(obj: Engagement) -> Any:
        return getattr(obj, "booking", None)


class PilotSiteOut(Schema):
    id: UUID = Field(..., alias="public_id")
    owner: OrganisationRef
    kind: str = Field(..., description="corporate, city, park or lab")
    name: str
    description: str
    language: str
    country: str = Field(..., alias="country_id")
    city: str
    topics: list[str]

    @staticmethod
    def resolve_topics(obj: PilotSite) -> list[str]:
        return [topic.code for topic in obj.topics.all()]


# --- In -------------------------------------------------------------------------------------
class MoneyIn(Schema):
    amount: Decimal = Field(
        ..., max_digits=20, decimal_places=2, description="as a string it keeps every digit"
    )
    currency: str = Field(..., description="ISO 4217 code, e.g. RUB")


class OpportunityQuery(Schema):
    """The opportunity list's filters; unknown values are 422."""

    q: str = ""
    kind: str = Field("", description="a kind of opportunity, e.g. challenge")
    status: str = Field("", description="published (when left out), closed, or draft")
    topic: str = Field("", description="a topic code, or an area code with its topics")
    country: str = Field("", description="ISO 3166-1 alpha-2 code of the owner's country")
    open: bool = Field(False, description="only those taking applications now")


_WINDOW = "with an offset, or without one to be read in time_zone (the owner's, as they entered it)"


class OpportunityIn(Schema):
    owner: UUID = Field(..., description="the organisation publishing it")
    kind: str
    title: str
    description: str
    language: str
    topics: list[str] = []
    opens_at: datetime | None = Field(None, description=_WINDOW)
    closes_at: datetime | None = Field(None, description=_WINDOW + "; needed to publish")
    time_zone: str = Field("UTC", description="IANA name, e.g. Europe/Moscow")
    capacity: int | None = Field(None, description="places; null: not limited")
    nda_text: str = ""
    grant_amount: Decimal | None = Field(None, max_digits=20, decimal_places=2)
    grant_currency: str = ""
    ticket_min_amount: Decimal | None = Field(None, max_digits=20, decimal_places=2)
    ticket_min_currency: str = ""
    ticket_max_amount: Decimal | None = Field(None, max_digits=20, decimal_places=2)
    ticket_max_currency: str = ""
    desks: int | None = None
    housing_places: int | None = None
    stay_days: int | None = None
    pilot_site: UUID | None = Field(None, description="one of the owner's pilot sites")
    eligible_countries: list[str] = []
    eligible_kinds: list[str] = []
    eligible_stages: list[str] = []
    eligible_topics: list[str] = []
    founded_from_year: int | None = None
    founded_until_year: int | None = None
    verified_only: bool = True


class OpportunityPatch(Schema):
    """Only the fields given change; the kind and the owner never do."""

    title: str | None = None
    description: str | None = None
    language: str | None = None
    topics: list[str] | None = None
    opens_at: datetime | None = Field(None, description=_WINDOW)
    closes_at: datetime | None = Field(None, description=_WINDOW)
    time_zone: str | None = None
    capacity: int | None = None
    nda_text: str | None = None
    grant_amount: Decimal | None = Field(None, max_digits=20, decimal_places=2)
    grant_currency: str | None = None
    ticket_min_amount: Decimal | None = Field(None, max_digits=20, decimal_places=2)
    ticket_min_currency: str | None = None
    ticket_max_amount: Decimal | None = Field(None, max_digits=20, decimal_places=2)
    ticket_max_currency: str | None = None
    desks: int | None = None
    housing_places: int | None = None
    stay_days: int | None = None
    pilot_site: UUID | None = None
    eligible_countries: list[str] | None = None
    eligible_kinds: list[str] | None = None
    eligible_stages: list[str] | None = None
    eligible_topics: list[str] | None = None
    founded_from_year: int | None = None
    founded_until_year: int | None = None
    verified_only: bool | None = None


class FormFieldIn(Schema):
    label: str
    kind: str = Field(..., description="text, long_text, choice, number, money or file")
    required: bool = True
    choices: list[str] = Field([], description="at least two, for a choice question only")
    help_text: str = ""


class CriterionIn(Schema):
    name: str
    weight: Decimal = Field(..., description="above zero; as a string it keeps every digit")
    scale: int = Field(5, description="scored from 0 to this, 1–100")


class ReviewerIn(Schema):
    person: UUID = Field(..., description="a person of the directory, by public id")


class ApplyIn(Schema):
    applicant: UUID = Field(..., description="one of the caller's organisations")
    accept_nda: bool = Field(False, description="needed when the opportunity has terms")


class ScoreIn(Schema):
    criterion: int = Field(..., description="a criterion of the opportunity's rubric")
    value: int
    comment: str = ""


class ScoresIn(Schema):
    scores: list[ScoreIn] = Field(..., description="scoring a criterion again replaces it")


class DecisionIn(Schema):
    decision: Literal["shortlist", "accept", "reject"]
    reason: str = Field("", description="read by the applicant; needed to reject")


class EngagementIn(Schema):
    starts_on: date | None = None
    ends_on: date | None = None
    plan: str = ""
    kpis: str = Field(default="", description="key performance indicators")
    site: UUID | None = Field(
        default=None, description="a pilot site of the owner; theirs by default"
    )
    grant: MoneyIn | None = Field(
        default=None, description="a grant only; the offered one by default"
    )


class ResultIn(Schema):
    result: str
    contract_value: MoneyIn | None = Field(None, description="of the contract signed")
    investment: MoneyIn | None = None
    instrument: str = Field("", description="e.g. equity, convertible loan")
    report: str = ""


class TrancheIn(Schema):
    amount: MoneyIn = Field(..., description="above zero")
    due_on: date
    paid_on: date | None = None


class BookingIn(Schema):
    offer: UUID = Field(..., description="a soft-landing offer")
    starts_on: date
    ends_on: date | None = Field(None, description="the offer's length of stay by default")
    desks: int = 1
    housing: int = 0


class PilotSiteQuery(Schema):
    """The registry's filters; unknown values are 422."""

    q: str = Field("", description="words in the name, description, city or owner's name")
    kind: str = Field("", description="corporate, city, park or lab")
    country: str = Field("", description="ISO 3166-1 alpha-2 code")
    topic: str = Field("", description="a topic code, or an area code with its topics")


class PilotSiteIn(Schema):
    owner: UUID = Field(..., description="the organisation offering the site")
    kind: str = Field(..., description="corporate, city, park or lab")
    name: str
    language: str
    country: str = Field(..., description="ISO 3166-1 alpha-2 code")
    description: str = ""
    city: str = ""
    topics: list[str] = []


class PilotSitePatch(Schema):
    """Only the fields given change."""

    kind: str | None = None
    name: str | None = None
    language: str | None = None
    country: str | None = None
    description: str | None = None
    city: str | None = None
    topics: list[str] | None = None
