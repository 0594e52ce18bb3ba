"""Schemas of the agreements API: what goes in and what comes out."""

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from django.urls import reverse
from ninja import Field, Schema

from consortia.core.api import OrganisationRef

from ..models import Agreement, AgreementDocument, Commitment, Party


class RegistryQuery(Schema):
    """The registry's filters, validated by ``forms.RegistryFilterForm`` like the web pages."""

    q: str = ""
    country: str = Field("", description="ISO 3166-1 alpha-2 code: a party's country")
    partner: str = Field("", description="and a party from this country too")
    year: str = Field("", description="the year of signing, e.g. 2024")
    kind: str = ""
    topic: str = Field("", description="a topic code, or an area code with its topics")
    status: str = ""
    light: str = Field("", description="green, amber or red")


class PartyOut(Schema):
    """An organisation (``state`` null) or a state (``organisation`` null), with its role."""

    organisation: OrganisationRef | None
    state: str | None = Field(None, alias="state_id")
    role: str


class ValueOut(Schema):
    amount: str
    currency: str


class AgreementOut(Schema):
    id: UUID = Field(..., alias="public_id")
    kind: str
    title: str
    summary: str
    language: str
    status: str
    signed_on: date | None
    signed_on_precision: str = Field(
        ..., description='"day", "month" or "year": how much of signed_on the sources give'
    )
    signed_place: str
    signed_country: str | None = Field(None, alias="signed_country_id")
    signed_at_event: str
    valid_from: date | None
    valid_until: date | None
    value: ValueOut | None
    source_url: str
    visibility: str
    light: str = Field(..., description='"green", "amber", "red", or "" without commitments')
    topics: list[str]
    countries: list[str]
    parties: list[PartyOut]

    @staticmethod
    def resolve_value(obj: Agreement) -> dict[str, str] | None:
        if obj.value_amount is None:
            return None
        return {"amount": str(obj.value_amount), "currency": obj.value_currency}

    @staticmethod
    def resolve_topics(obj: Agreement) -> list[str]:
        return [topic.code for topic in obj.topics.all()]

    @staticmethod
    def resolve_countries(obj: Agreement) -> list[str]:
        return [country.code for country in obj.countries.all()]

    @staticmethod
    def resolve_parties(obj: Agreement) -> list[Party]:
        return list(obj.parties.all())


class CommitmentOut(Schema):
    id: UUID = Field(..., alias="public_id")
    text: str
    responsible: PartyOut | None
    due_on: date | None
    status: str
    light: str = Field(..., description='"green", "amber", "red", or "" when dropped')
    last_report_on: date | None


class AgreementDetailOut(AgreementOut):
    commitments: list[CommitmentOut]

    @staticmethod
    def resolve_commitments(obj: Agreement) -> list[Commitment]:
        return list(obj.commitments.all())


class PartyIn(Schema):
    """An organisation of the directory by its id, or a state by its ISO code; not both."""

    organisation: UUID | None = None
    state: str | None = Field(None, description="ISO 3166-1 alpha-2 code")
    role: str = Field("signatory", description="signatory, coordinator or witness")


class AgreementIn(Schema):
    kind: str
    title: str
    language: str
    summary: str = ""
    visibility: str = Field("public", description="public, or parties (only)")
    topics: list[str] = []
    value_amount: Decimal | None = Field(
        None, description="the stated value; as a string it keeps every digit"
    )
    value_currency: str = Field("", description="ISO 4217 code, e.g. RUB")
    source_url: str = ""
    valid_from: date | None = None
    valid_until: date | None = None
    parties: list[PartyIn]


class SignIn(Schema):
    signed_on: date
    precision: str = Field("day", description='"day", "month" or "year"')
    place: str = ""
    country: str | None = Field(None, description="ISO 3166-1 alpha-2 code")
    event: str = ""


class TerminateIn(Schema):
    reason: str


class ResponsiblePartyIn(Schema):
    """One of the agreement's parties: its organisation's id, or its state's code."""

    organisation: UUID | None = None
    state: str | None = None


class CommitmentIn(Schema):
    text: str
    responsible_party: ResponsiblePartyIn | None = None
    due_on: date | None = None


class ReportIn(Schema):
    text: str
    reported_on: date | None = Field(None, description="as of; today when left out")
    evidence_url: str = ""
    status: str | None = Field(
        None, description="planned, in_progress, done or dropped; unchanged when left out"
    )


class ReportOut(Schema):
    id: int
    commitment: UUID = Field(..., alias="commitment.public_id")
    reported_on: date
    text: str
    evidence_url: str
    created_at: datetime


class DocumentOut(Schema):
    id: UUID = Field(..., alias="public_id")
    title: str
    name: str = Field(..., alias="original_name", description="the file name as uploaded")
    content_type: str = Field(..., description="the type found in the file's content")
    size: int = Field(..., description="in bytes")
    uploaded_at: datetime
    url: str = Field(..., description="the download, for whoever sees the agreement")

    @staticmethod
    def resolve_url(obj: AgreementDocument) -> str:
        return reverse("api:download_document", kwargs={"document_id": obj.public_id})
