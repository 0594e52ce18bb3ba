"""End to end in the system Chromium: a startup founder downloads all her data, then erases her
account; the password is asked again, and afterwards her name is nowhere to be found."""

import json
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from consortia.accounts.models import User
from consortia.directory.models import Role
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.directory import MembershipFactory, OrganisationFactory, PersonFactory

from .steps import screenshot, screenshot_dir, sign_in

pytestmark = pytest.mark.browser


def test_a_founder_downloads_her_data_and_erases_her_account(
    page: Page, live_server: Any, tmp_path: Any
):
    startup = OrganisationFactory(name="Kostanay Grain Sensors")
    founder = PersonFactory(
        full_name="Aigerim Seitkali",
        title="CTO",
        user=UserFactory(email="aigerim@grain-sensors.kz"),
    )
    MembershipFactory(organisation=startup, person=founder, role=Role.OWNER)
    MembershipFactory(
        organisation=startup, person=PersonFactory(full_name="Dauren Abenov"), role=Role.OWNER
    )
    shots = screenshot_dir(tmp_path)

    sign_in(page, live_server.url, founder)
    page.locator("header details.dropdown summary").click()
    page.get_by_role("link", name="Your data").click()
    expect(page.get_by_role("heading", name="Your data", level=1)).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download my data (JSON)").click()
    data = json.loads(download.value.path().read_text(encoding="utf-8"))
    assert data["sections"]["directory.person"][0]["full_name"] == "Aigerim Seitkali"
    assert (
        data["sections"]["directory.membership"][0]["organisation__name"]
        == "Kostanay Grain Sensors"
    )
    screenshot(page, shots, "your-data.png")

    page.get_by_label("Your e-mail address, to confirm").fill(founder.user.email)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Erase my account").click()
    # The password again (allauth's reauthentication), then the erasure goes through.
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("Your account is erased.")).to_be_visible()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()

    account = User.objects.get(pk=founder.user.pk)
    assert account.erased_at is not None and not account.is_active
    page.goto(f"{live_server.url}/directory/organisations/{startup.public_id}/")
    expect(page.get_by_text("Dauren Abenov")).to_be_visible()
    expect(page.get_by_text("Aigerim Seitkali")).to_have_count(0)
