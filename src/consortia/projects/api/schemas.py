"""Schemas of the projects API: what goes in and what comes out. Money is always a decimal
string with its currency, never a float, and never added up across currencies."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.urls import reverse
from ninja import Field, Schema

from consortia.agreements.models import Agreement, Commitment
from consortia.core.api import MoneyOut, OrganisationRef, money_out
from consortia.core.money import Money

from .. import selectors
from ..models import BudgetLine, Milestone, Partner, Project, UpdateAttachment

# --- Out ------------------------------------------------------------------------------------


def moneys_out(amounts: list[Money]) -> list[dict[str, str]]:
    return [{"amount": str(money.amount), "currency": money.currency} for money in amounts]


class PartnerOut(Schema):
    """An organisation (``state`` null) or a state (``organisation`` null), with its role."""

    organisation: OrganisationRef | None
    state: str | None = Field(None, alias="state_id")
    role: str = Field(..., description="lead, partner, funder or pilot_site")
    country: str = Field(..., description="the state, or the organisation's country")

    @staticmethod
    def resolve_country(obj: Partner) -> str:
        return obj.country_id_of


class ProjectOut(Schema):
    id: UUID = Field(..., alias="public_id")
    title: str
    summary: str
    language: str
    status: str = Field(..., description="proposed, active, completed or cancelled")
    visibility: str = Field(..., description="public, or partners (only)")
    starts_on: date | None
    ends_on: date | None
    source_url: str
    topics: list[str]
    countries: list[str]
    partners: list[PartnerOut]
    budget_totals: list[MoneyOut] = Field(
        ..., description="the budget lines added up per currency, largest first; never across"
    )

    @staticmethod
    def resolve_topics(obj: Project) -> list[str]:
        return [topic.code for topic in obj.topics.all()]

    @staticmethod
    def resolve_countries(obj: Project) -> list[str]:
        return sorted(country.code for country in obj.countries.all())

    @staticmethod
    def resolve_partners(obj: Project) -> list[Partner]:
        return list(obj.partners.all())

    @staticmethod
    def resolve_budget_totals(obj: Project) -> list[dict[str, str]]:
        return moneys_out(selectors.budget_by_currency(list(obj.budget_lines.all())))


class BudgetLineOut(Schema):
    id: int
    label: str
    amount: str = Field(..., description="a decimal string")
    currency: str
    funder: PartnerOut | None

    @staticmethod
    def resolve_amount(obj: BudgetLine) -> str:
        return str(obj.amount)


class MilestoneOut(Schema):
    id: UUID = Field(..., alias="public_id")
    title: str
    due_on: date | None
    done_on: date | None


class OutcomeOut(Schema):
    result: str
    contracts_signed: int | None
    contracts_value: MoneyOut | None
    follow_on_investment: MoneyOut | None


class AgreementRef(Schema):
    id: UUID = Field(..., alias="public_id")
    title: str


class CommitmentRef(Schema):
    id: UUID = Field(..., alias="public_id")
    text: str
    agreement: UUID = Field(..., alias="agreement.public_id")


class ProjectDetailOut(ProjectOut):
    budget_lines: list[BudgetLineOut]
    milestones: list[MilestoneOut]
    outcome: OutcomeOut
    cancellation_reason: str
    agreements: list[AgreementRef] = Field(..., description="only those the caller may see")
    commitments: list[CommitmentRef] = Field(..., description="only those the caller may see")

    @staticmethod
    def resolve_budget_lines(obj: Project) -> list[BudgetLine]:
        return list(obj.budget_lines.all())

    @staticmethod
    def resolve_milestones(obj: Project) -> list[Milestone]:
        return list(obj.milestones.all())

    @staticmethod
    def resolve_outcome(obj: Project) -> dict[str, Any]:
        return {
            "result": obj.result,
            "contracts_signed": obj.contracts_signed,
            "contracts_value": money_out(obj.contracts_amount, obj.contracts_currency),
            "follow_on_investment": money_out(obj.investment_amount, obj.investment_currency),
        }

    @staticmethod
    def resolve_agreements(obj: Project) -> list[Agreement]:
        return list(obj.agreements.all())

    @staticmethod
    def resolve_commitments(obj: Project) -> list[Commitment]:
        return list(obj.commitments.all())


class AttachmentOut(Schema):
    id: UUID = Field(..., alias="public_id")
    name: str = Field(..., alias="original_name")
    content_type: str = Field(..., description="the type found in the file's content")
    size: int = Field(..., description="in bytes")
    url: str = Field(..., description="the download, for whoever sees the project")

    @staticmethod
    def resolve_url(obj: UpdateAttachment) -> str:
        return reverse("api:download_project_attachment", kwargs={"attachment_id": obj.public_id})


class UpdateOut(Schema):
    id: UUID = Field(..., alias="public_id")
    text: str
    organisation: OrganisationRef | None = Field(..., description="posted on behalf of")
    posted_at: datetime
    attachments: list[AttachmentOut]

    @staticmethod
    def resolve_attachments(obj: Any) -> list[UpdateAttachment]:
        return list(obj.attachments.all())


class RateOut(Schema):
    currency: str
    into: str
    rate: str = Field(..., description="one unit of currency is worth this many of into")
    on: date
    entered_at: datetime

    @staticmethod
    def resolve_rate(obj: Any) -> str:
        return str(obj.rate)


class TotalOut(Schema):
    total: MoneyOut
    on: date = Field(..., description="the rates used are the latest on or before this day")
    rates: list[RateOut] = Field(..., description="each rate used, with its date")


# --- In -------------------------------------------------------------------------------------
class ProjectQuery(Schema):
    """The project list's filters; unknown values are 422."""

    q: str = ""
    country: str = Field("", description="ISO 3166-1 alpha-2 code: a partner's country")
    partner: str = Field("", description="and a partner from this country too")
    year: str = Field("", description="running in this year, e.g. 2026")
    topic: str = Field("", description="a topic code, or an area code with its topics")
    status: str = Field("", description="proposed, active, completed or cancelled")
    role: str = Field("", description="a partner with this role (from country, when given)")


class PartnerIn(Schema):
    """An organisation of the directory by its id, or a state by its ISO code; not both."""

    organisation: UUID | None = None
    state: str | None = Field(None, description="ISO 3166-1 alpha-2 code")
    role: str = Field("partner", description="lead, partner, funder or pilot_site")


class ProjectIn(Schema):
    title: str
    language: str
    summary: str = ""
    visibility: str = Field("public", description="public, or partners (only)")
    topics: list[str] = []
    starts_on: date | None = None
    ends_on: date | None = None
    source_url: str = ""
    partners: list[PartnerIn] = Field(..., description="one of them the lead")
    agreements: list[UUID] = Field([], description="agreements the project carries out")
    commitments: list[UUID] = Field([], description="commitments of those agreements")


class ProjectPatch(Schema):
    """Only the fields given change; null clears one (a required one is then refused)."""

    title: str | None = None
    language: str | None = None
    summary: str | None = None
    visibility: str | None = Field(None, description="public, or partners (only)")
    topics: list[str] | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    source_url: str | None = None

    def changes(self) -> dict[str, Any]:
        values = self.dict(exclude_unset=True)
        if "topics" in values and values["topics"] is None:
            values["topics"] = []
        return values


class PartnersIn(Schema):
    partners: list[PartnerIn] = Field(..., description="all of them, one the lead")


class LinksIn(Schema):
    agreements: list[UUID]
    commitments: list[UUID] = []


class StartIn(Schema):
    starts_on: date | None = Field(None, description="the planned start when left out")


class MoneyIn(Schema):
    amount: Decimal = Field(
        ..., max_digits=20, decimal_places=2, description="as a string it keeps every digit"
    )
    currency: str = Field(..., description="ISO 4217 code, e.g. RUB")


class CompleteIn(Schema):
    result: str
    ends_on: date | None = Field(None, description="the planned end when left out")
    contracts_signed: int | None = Field(None, ge=0, le=2_147_483_647)
    contracts_value: MoneyIn | None = None
    follow_on_investment: MoneyIn | None = None


class CancelIn(Schema):
    reason: str


class FunderIn(Schema):
    """One of the project's partners: its organisation's id, or its state's code."""

    organisation: UUID | None = None
    state: str | None = None


class BudgetLineIn(Schema):
    label: str
    amount: Decimal = Field(
        ...,
        max_digits=20,
        decimal_places=2,
        description="zero or more; as a string it keeps every digit",
    )
    currency: str = Field(..., description="ISO 4217 code, e.g. RUB")
    funder: FunderIn | None = None


class TotalQuery(Schema):
    into: str = Field(..., description="ISO 4217 code of the total")
    on: date | None = Field(None, description="rates of this day or before; today when left out")


class MilestoneIn(Schema):
    title: str
    due_on: date | None = None


class ReachIn(Schema):
    done_on: date | None = Field(None, description="today when left out; never in the future")


class RateQuery(Schema):
    currency: str = ""
    into: str = ""


class RateIn(Schema):
    currency: str = Field(..., description="ISO 4217 code: one unit of this…")
    into: str = Field(..., description="…is worth rate units of this")
    rate: Decimal = Field(..., description="above zero; as a string it keeps every digit")
    on: date = Field(..., description="the day of the rate, not in the future")
