"""Fixtures for messaging: people of the shared world and an offer of organisation A."""

from typing import Any

import pytest

from consortia.directory.models import Offer, Person
from tests.conftest import World
from tests.factories.directory import OfferFactory


def person(world: World, role: str) -> Person:
    return world.users[role].person


@pytest.fixture
def offer(world: World) -> Offer:
    """A technology request of organisation A, published by A's admin."""
    return OfferFactory(
        organisation=world.org_a,
        kind="technology_request",
        title="Need LoRa soil sensors",
        created_by=world.users["admin_a"],
    )


@pytest.fixture
def small_rate(settings: Any) -> int:
    settings.CONSORTIA_CONVERSATIONS_PER_HOUR = 2
    return 2
