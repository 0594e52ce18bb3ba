"""Real components for browser tests: the system Chromium, a live server, an SMTP server."""

import os
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.db import connections
from playwright.sync_api import Browser, Page, sync_playwright

from tests.factories.accounts import UserFactory
from tests.factories.directory import PersonFactory

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TOTP_PERIOD = 30
TOTP_SAFETY_SECONDS = 4


@pytest.fixture
def browser_settings(
    settings: Any, transactional_db: Any, django_db_serialized_rollback: Any
) -> Any:
    """Settings for a test that drives the live server.

    The live server shares the process with the test, so it sees these settings. The cache is a
    fresh in-memory one: the default file cache lives in the data directory and would carry
    allauth's rate limits and used TOTP codes from one run into the next. Serialized rollback
    brings the countries and topics that migrations load back after the transactional flush.
    """
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"browser-{uuid.uuid4()}",
        }
    }
    return settings


@pytest.fixture
def browser(browser_settings: Any, live_server: Any) -> Iterator[Browser]:
    """The system Chromium, headless, started after the database and the live server.

    Playwright's sync API keeps an event loop running in the test's thread, so Django refuses ORM
    calls from the test (SynchronousOnlyOperation); DJANGO_ALLOW_ASYNC_UNSAFE is the documented
    way out for tests. While that loop runs, ``django.db.connections`` also hands out a different
    connection object (asgiref stores it per context, not per thread), which lacks the data that
    serialized rollback restores from: so Playwright must start after the database fixtures have
    run and stop before they tear down. Hence function scope and these dependencies.
    """
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()
    finally:
        # The connection opened inside Playwright's loop context would outlive the test and keep
        # PostgreSQL from dropping the test database; close it while that context is still current.
        connections.close_all()
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser profile (no cookies) with an English-speaking user at a desktop size."""
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@dataclass
class Operator:
    email: str
    totp_secret: str

    def totp_code(self) -> str:
        """The current code, waiting for the next period if this one is about to end.

        allauth accepts only the current period (MFA_TOTP_TOLERANCE = 0).
        """
        remaining = TOTP_PERIOD - time.time() % TOTP_PERIOD
        if remaining < TOTP_SAFETY_SECONDS:
            time.sleep(remaining + 0.1)
        return format_hotp_value(hotp_value(self.totp_secret, int(time.time()) // TOTP_PERIOD))


@pytest.fixture
def operator(browser_settings: Any) -> Operator:
    """An operator with a person and a TOTP authenticator."""
    user = UserFactory(is_staff=True, email="operator@consortia.example")
    PersonFactory(user=user, full_name="Olga Operator")
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return Operator(email=user.email, totp_secret=secret)


@pytest.fixture
def new_page(browser: Browser) -> Iterator[Callable[[], Page]]:
    """Another person's browser: a fresh profile like the ``page`` fixture's."""
    contexts = []

    def open_page() -> Page:
        context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()
