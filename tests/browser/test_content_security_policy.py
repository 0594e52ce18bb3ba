"""Chromium enforces the Content-Security-Policy on the platform's pages (the operator's, the
admin's, the MFA pages') and reports no violation: no inline script, style or handler is left,
and what the data attributes replaced still works."""

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import ConsoleMessage, Page, expect

from tests.factories.accounts import PASSWORD

from .conftest import Operator

pytestmark = pytest.mark.browser

PAGES = [
    "home",
    "directory:organisations",
    "directory:offers",
    "directory:operator",
    "agreements:registry",
    "insights:dashboard",
    "projects:list",
    "opportunities:list",
    "events:list",
    "matching:recommended",
    "mfa_index",
    "admin:index",
    "account_email",
]


def test_no_page_breaks_the_content_security_policy(
    page: Page, live_server: Any, operator: Operator
) -> None:
    violations: list[str] = []

    def watch(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            violations.append(f"{page.url}: {message.text}")

    page.on("console", watch)
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_login").fill(operator.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In", exact=True).click()
    page.locator("#id_code").fill(operator.totp_code())
    page.get_by_role("button", name="Sign In", exact=True).click()
    expect(page.locator("header details.dropdown summary")).to_have_text("Olga Operator")

    statuses = {}
    for name in PAGES:
        response = page.goto(f"{live_server.url}{reverse(name)}")
        assert response is not None
        statuses[name] = response.status
        assert "'self'" in (response.header_value("content-security-policy") or "")
        page.wait_for_load_state("load")

    # The language switcher submits itself (a data attribute, no inline handler).
    page.goto(f"{live_server.url}/")
    page.locator("#language-select").select_option("ru")
    expect(page.locator("html")).to_have_attribute("lang", "ru")

    assert violations == []
    assert statuses == {name: 200 for name in PAGES}
