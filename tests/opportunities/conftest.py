"""Fixtures for opportunities: organisation A's published challenge and applicant organisations
with a member each, built through the services so every row is one the application could write."""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from consortia.core import clock
from consortia.directory.models import Organisation, Role
from consortia.opportunities import services
from consortia.opportunities.models import Application, Engagement, Opportunity
from tests.conftest import World
from tests.factories.directory import MembershipFactory, OrganisationFactory

OPENS = datetime(2025, 3, 1, 6, 0, tzinfo=UTC)
CLOSES = datetime(2025, 4, 1, 6, 0, tzinfo=UTC)
DURING = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)
PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)
EXECUTABLE = b"MZ\x90\x00" + b"\x00" * 256


def pdf(name: str = "pitch.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def draft(
    world: World, *, by: str = "admin_a", owner: Organisation | None = None, **values: Any
) -> Opportunity:
    """A draft opportunity (a challenge of organisation A unless told otherwise), open from
    ``OPENS`` to ``CLOSES`` and, without rules given, open to every verified organisation."""
    fields: dict[str, Any] = {
        "kind": "challenge",
        "title": "Smart parking challenge",
        "description": "Find free parking places with cameras.",
        "language": "en",
        "opens_at": OPENS,
        "closes_at": CLOSES,
    }
    return services.create_opportunity(
        by=world.users[by], owner=owner or world.org_a, **(fields | values)
    )


def publish(
    world: World, *, by: str = "admin_a", owner: Organisation | None = None, **values: Any
) -> Opportunity:
    """``draft``, published."""
    opportunity = draft(world, by=by, owner=owner, **values)
    return services.publish_opportunity(opportunity, by=world.users[by])


@dataclass
class Applicant:
    organisation: Organisation
    member: Any


def applicant(name: str, **fields: Any) -> Applicant:
    """A verified organisation (Russian corporation by default) with one plain member."""
    organisation = OrganisationFactory(name=name, **fields)
    member = MembershipFactory(organisation=organisation, role=Role.MEMBER).person.user
    return Applicant(organisation, member)


def client_of(who: Applicant) -> Client:
    """A browser signed in as the applicant organisation's member."""
    client = Client()
    client.force_login(who.member)
    return client


def started(opportunity: Opportunity, who: Applicant, **options: Any) -> Application:
    return services.start_application(
        opportunity, by=who.member, applicant=who.organisation, **options
    )


def submitted(opportunity: Opportunity, who: Applicant, *, at: datetime = DURING) -> Application:
    with clock.frozen(at):
        return services.submit_application(started(opportunity, who), by=who.member)


def accepted(world: World, opportunity: Opportunity, who: Applicant) -> Application:
    return services.accept_application(submitted(opportunity, who), by=world.users["operator"])


def engagement_of(world: World, opportunity: Opportunity, who: Applicant) -> Engagement:
    return services.start_engagement(accepted(world, opportunity, who), by=world.users["operator"])


@pytest.fixture
def challenge(world: World) -> Opportunity:
    """Organisation A's published challenge, open to every verified organisation."""
    return publish(world)


@pytest.fixture
def gamma(world: World) -> Applicant:
    return applicant("Gamma Sensors", kind="startup", topics=["artificial-intelligence"])


@pytest.fixture
def delta(world: World) -> Applicant:
    return applicant("Delta Mobility", kind="startup", topics=["intelligent-transport"])
