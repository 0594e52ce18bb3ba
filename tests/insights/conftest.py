"""A small cooperation world on top of the six roles: what each of them may see differs."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from consortia.agreements import services as agreements
from consortia.agreements.models import Agreement, Commitment
from consortia.directory.models import Organisation
from consortia.projects import services as projects
from consortia.projects.models import Project
from tests.conftest import World


@dataclass
class Cooperation:
    world: World
    trilateral: Agreement  # public, signed 2023: states KZ, CN, RU; two areas
    bilateral: Agreement  # public, in force since 2024: states KZ, UZ; one area
    secret: Agreement  # parties only, signed 2024: organisation A (RU) and the state BY
    draft: Agreement  # public draft: states KZ, CN
    joint: Project  # public, 2024–2025: states KZ, CN; budget in RUB and CNY
    hidden: Project  # partners only: organisation A (RU) and the state UZ; budget in USD


def _agreement(world: World, title: str, parties: list, *, signed_on: date | None, **values):
    operator = world.users["operator"]
    agreement = agreements.record_agreement(
        by=operator,
        kind=values.pop("kind", "memorandum"),
        title=title,
        language="en",
        parties=parties,
        **values,
    )
    if signed_on:
        agreement = agreements.sign_agreement(agreement, by=operator, signed_on=signed_on)
    return agreement


def _state(code: str) -> agreements.PartyIn:
    return agreements.PartyIn(state=code)


@pytest.fixture
def cooperation(world: World) -> Cooperation:
    operator = world.users["operator"]
    trilateral = _agreement(
        world,
        "Trilateral memorandum",
        [_state("KZ"), _state("CN"), _state("RU")],
        signed_on=date(2023, 3, 1),
        topics=["artificial-intelligence", "robotics", "intelligent-transport"],
    )
    bilateral = _agreement(
        world,
        "Bilateral programme",
        [_state("KZ"), _state("UZ")],
        signed_on=date(2024, 5, 1),
        kind="programme",
        topics=["e-public-services"],
    )
    bilateral = agreements.bring_into_force(bilateral, by=operator)
    secret = _agreement(
        world,
        "Secret memorandum",
        [agreements.PartyIn(organisation=world.org_a), _state("BY")],
        signed_on=date(2024, 6, 1),
        visibility="parties",
        topics=["robotics"],
    )
    draft = _agreement(world, "Draft memorandum", [_state("KZ"), _state("CN")], signed_on=None)
    # Stored lights set by hand (adding a commitment recomputes them from today's date).
    added = [
        (agreements.add_commitment(agreement, by=operator, text=f"Do {light}"), light)
        for agreement, light in ((trilateral, "green"), (trilateral, "red"), (secret, "amber"))
    ]
    for commitment, light in added:
        Commitment.objects.filter(pk=commitment.pk).update(light=light)
    Agreement.objects.filter(pk=trilateral.pk).update(light="red")
    Agreement.objects.filter(pk=secret.pk).update(light="amber")

    joint = projects.record_project(
        by=operator,
        title="Joint laboratory",
        language="en",
        partners=[projects.PartnerIn(state="KZ", role="lead"), projects.PartnerIn(state="CN")],
        starts_on=date(2024, 1, 1),
        ends_on=date(2025, 12, 31),
        topics=["robotics"],
    )
    for amount, currency in (("1000.50", "RUB"), ("500", "CNY"), ("250", "RUB")):
        projects.add_budget_line(
            joint, by=operator, label="Equipment", amount=Decimal(amount), currency=currency
        )
    hidden = projects.record_project(
        by=operator,
        title="Hidden pilot",
        language="en",
        visibility="partners",
        partners=[
            projects.PartnerIn(organisation=world.org_a, role="lead"),
            projects.PartnerIn(state="UZ"),
        ],
        starts_on=date(2022, 1, 1),
        ends_on=date(2022, 12, 31),
    )
    projects.add_budget_line(
        hidden, by=operator, label="Pilot", amount=Decimal(700), currency="USD"
    )
    return Cooperation(world, trilateral, bilateral, secret, draft, joint, hidden)


def signed_between(
    world: World,
    organisations: Sequence[Organisation],
    signed_on: date | None,
    *,
    visibility: str = "public",
) -> Agreement:
    """An agreement of these organisations, signed on that day (a draft for None)."""
    return _agreement(
        world,
        f"Agreement of {len(organisations)} signed {signed_on}",
        [agreements.PartyIn(organisation=organisation) for organisation in organisations],
        signed_on=signed_on,
        visibility=visibility,
    )


def project_of(
    world: World,
    organisations: Sequence[Organisation],
    *,
    starts_on: date | None,
    carrying_out: Sequence[Agreement] = (),
    visibility: str = "public",
) -> Project:
    return projects.record_project(
        by=world.users["operator"],
        title=f"Project from {starts_on}",
        language="en",
        partners=[
            projects.PartnerIn(organisation=organisation, role="partner" if index else "lead")
            for index, organisation in enumerate(organisations)
        ],
        starts_on=starts_on,
        agreements=carrying_out,
        visibility=visibility,
    )
