"""Fixtures for events: organisation A's forum in Moscow, built through the services so every row
is one the application could write, and the clock set before it so registration is open."""

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from consortia.core import clock
from consortia.events.models import Event
from consortia.events.services import events as services
from tests.conftest import World

# 09:00–18:00 in Moscow (UTC+3) on 20 May 2026.
STARTS = datetime(2026, 5, 20, 6, 0, tzinfo=UTC)
ENDS = datetime(2026, 5, 20, 15, 0, tzinfo=UTC)
BEFORE = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)


def forum_values(**values: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "kind": "forum",
        "title": "BRICS innovation forum",
        "description": "Cities, startups and investors of the alliance meet.",
        "language": "en",
        "time_zone": "Europe/Moscow",
        "starts_at": STARTS,
        "ends_at": ENDS,
        "country": "RU",
        "city": "Moscow",
        "venue": "Technopark",
        "online_url": "https://meet.example.org/forum",
    }
    return fields | values


def draft(world: World, *, by: str = "admin_a", **values: Any) -> Event:
    """A draft forum of organisation A (values override the defaults)."""
    return services.create_event(
        by=world.users[by], organiser=world.org_a, **forum_values(**values)
    )


def published(world: World, **values: Any) -> Event:
    return services.publish_event(draft(world, **values), by=world.users["admin_a"])


@pytest.fixture
def before_the_forum() -> Iterator[datetime]:
    """The clock on 1 May 2026, before the forum (the modules of events, registrations and
    event pages use it for every test)."""
    with clock.frozen(BEFORE) as now:
        yield now


@pytest.fixture
def forum(world: World) -> Event:
    return published(world)
