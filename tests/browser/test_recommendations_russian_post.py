"""End to end in the system Chromium, on the demo world: Russian Post's admin opens its pilot
request and sees suggested startups from several countries, each with its reasons; the first of
them, signed in, finds the pilot under "Recommended for you", marks another suggestion "not
interested", and it stays away after a reload."""

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from consortia.accounts.models import User
from consortia.directory.models import Organisation, Role
from consortia.directory.services.bulk import load_generated, load_seed_world
from consortia.directory.services.demo import ensure_demo_logins
from consortia.matching.services import refresh_profiles
from consortia.opportunities.models import Opportunity
from consortia.opportunities.services.seed import load_seed_opportunities
from tests.factories.directory import MembershipFactory, PersonFactory

from .steps import screenshot, screenshot_dir, sign_in

pytestmark = pytest.mark.browser

PILOT = "Пилотные проекты участников Московского инновационного кластера в инновационном центре"


@pytest.fixture
def demo_world(browser_settings: Any) -> Opportunity:
    load_seed_world()
    load_generated(60, seed=2026)
    ensure_demo_logins()
    load_seed_opportunities(by=User.objects.get(email="operator@demo.consortia.example"))
    refresh_profiles()
    return Opportunity.objects.get(title__startswith=PILOT)


def test_russian_post_sees_suggested_startups_from_several_countries(
    demo_world: Opportunity, page: Page, live_server: Any, tmp_path: Any
) -> None:
    shots = screenshot_dir(tmp_path)
    post = Organisation.objects.get(name="Russian Post")
    admin = PersonFactory(full_name="Olga Sorokina", user__email="sorokina@post.example")
    MembershipFactory(organisation=post, person=admin, role=Role.ADMIN)

    sign_in(page, live_server.url, admin)
    page.goto(f"{live_server.url}{demo_world.get_absolute_url()}")
    page.get_by_role("button", name="Suggested applicants").click()

    expect(page.get_by_role("heading", name="Suggested applicants")).to_be_visible()
    cards = page.locator("article.suggestion")
    expect(cards.first).to_be_visible()
    assert cards.count() >= 5
    startups_from = []
    for i in range(cards.count()):
        card = cards.nth(i)
        if card.locator(".badge").first.inner_text() == "Startup or SME":
            startups_from.append(card.locator(".card-meta").inner_text().split("·")[0].strip())
        assert 1 <= card.locator("ul.reasons li").count() <= 3
    assert len(startups_from) >= 3 and len(set(startups_from)) >= 3, startups_from
    expect(page.locator("ul.reasons").first).to_contain_text(
        re.compile("Shared topics|Offers|Looks for|Complementary roles|Across borders")
    )
    screenshot(page, shots, "recommendations-suggested-applicants.png")

    # The first suggested startup: the pilot is among its recommended opportunities.
    first = cards.locator("header a").first.inner_text()
    startup = Organisation.objects.get(name=first)
    founder = PersonFactory(full_name="Aida Serikova", user__email="aida@startup.example")
    MembershipFactory(organisation=startup, person=founder, role=Role.OWNER)
    page.context.clear_cookies()
    sign_in(page, live_server.url, founder)
    page.get_by_role("link", name="Recommended").click()

    expect(page.get_by_role("heading", name="Recommended for you")).to_be_visible()
    pilot = page.locator("#opportunities article.suggestion", has_text=PILOT)
    expect(pilot).to_be_visible()
    expect(pilot.locator("ul.reasons li").first).to_be_visible()
    screenshot(page, shots, "recommendations-for-you.png")

    partner = page.locator("#partners article.suggestion").first
    name = partner.locator("header a").inner_text()
    partner.get_by_role("button", name="Not interested").click()
    expect(page.get_by_text("We will not suggest it again.")).to_be_visible()
    page.reload()
    expect(page.locator("#partners article.suggestion", has_text=name)).to_have_count(0)
    expect(page.get_by_text("1 suggestion marked “not interested”")).to_be_visible()
