"""End to end in the system Chromium: a Kazakh startup finds a Russian Post pilot request under
"Opportunities for us" and applies with a file; two reviewers of Russian Post score it; Russian
Post's admin accepts it, starts the pilot at its site and records the contract signed; the
operator sees the contract's value on the insights dashboard."""

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from consortia.core import clock
from consortia.directory.models import Role
from consortia.opportunities import services
from consortia.opportunities.models import Application, ApplicationStatus, Engagement
from tests.factories.accounts import PASSWORD
from tests.factories.directory import MembershipFactory, OrganisationFactory, PersonFactory, country
from tests.opportunities.conftest import PDF

from .conftest import Operator
from .steps import screenshot, screenshot_dir, sign_in

pytestmark = pytest.mark.browser

TITLE = "Pilot: parcel lockers with computer vision at post offices"
APPLICATION_PATH = re.compile(r"/opportunities/applications/[0-9a-f-]{36}/$")


class Story:
    def __init__(self) -> None:
        post = OrganisationFactory(
            name="Russian Post", kind="corporation", country=country("RU"), city="Moscow"
        )
        self.founder = PersonFactory(full_name="Dana Nurlanova", user__email="dana@qazvision.kz")
        startup = OrganisationFactory(
            name="QazVision",
            kind="startup",
            stage="mvp",
            country=country("KZ"),
            city="Almaty",
            topics=["artificial-intelligence", "logistics"],
        )
        MembershipFactory(person=self.founder, organisation=startup, role=Role.OWNER)
        self.admin = PersonFactory(full_name="Pavel Orlov", user__email="orlov@post.example")
        MembershipFactory(person=self.admin, organisation=post, role=Role.ADMIN)
        self.reviewers = []
        for name, email in [
            ("Irina Volkova", "volkova@post.example"),
            ("Timur Saidov", "saidov@post.example"),
        ]:
            person = PersonFactory(full_name=name, user__email=email)
            MembershipFactory(person=person, organisation=post, role=Role.MEMBER)
            self.reviewers.append(person)
        by = self.admin.user
        self.site = services.create_pilot_site(
            by=by,
            owner=post,
            kind="corporate",
            name="Moscow sorting centre Vnukovo",
            language="en",
            country="RU",
            city="Moscow",
            topics=["logistics"],
        )
        now = clock.now()
        opportunity = services.create_opportunity(
            by=by,
            owner=post,
            pilot_site=self.site,
            kind="pilot_request",
            title=TITLE,
            description=(
                "Russian Post pilots startups' solutions with the Moscow Innovation Cluster: "
                "cameras count parcels in lockers and spot damaged ones."
            ),
            language="en",
            topics=["logistics", "artificial-intelligence"],
            opens_at=now - timedelta(days=1),
            closes_at=now + timedelta(days=30),
            time_zone="Europe/Moscow",
            eligible_countries=["KZ", "BY", "UZ", "KG"],
            eligible_kinds=["startup"],
        )
        services.add_form_field(opportunity, by=by, label="Your solution", kind="long_text")
        services.add_form_field(opportunity, by=by, label="Pitch deck", kind="file")
        services.add_criterion(opportunity, by=by, name="Fit with the pilot", weight="2")
        services.add_criterion(opportunity, by=by, name="Team", weight="1")
        for reviewer in self.reviewers:
            services.assign_reviewer(opportunity, by=by, user=reviewer.user)
        services.publish_opportunity(opportunity, by=by)
        self.opportunity = opportunity


@pytest.fixture
def story(browser_settings: Any) -> Story:
    return Story()


def _sign_in_operator(page: Page, base_url: str, operator: Operator) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.locator("#id_login").fill(operator.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In", exact=True).click()
    page.locator("#id_code").fill(operator.totp_code())
    page.get_by_role("button", name="Sign In", exact=True).click()
    expect(page.locator("header details.dropdown summary")).to_have_text("Olga Operator")


def _score(page: Page, values: tuple[int, int], comment: str) -> None:
    page.get_by_label(re.compile(r"^Fit with the pilot")).fill(str(values[0]))
    page.get_by_label(re.compile(r"^Team")).fill(str(values[1]))
    page.get_by_label("Comment").first.fill(comment)
    page.get_by_role("button", name="Save the scores").click()
    expect(page.locator(".notice, [role=status]").first).to_be_visible()


def test_pilot_request_from_search_to_contract_value_on_the_dashboard(
    page: Page,
    new_page: Any,
    live_server: Any,
    operator: Operator,
    story: Story,
    tmp_path: Path,
) -> None:
    shots = screenshot_dir(tmp_path)
    base = live_server.url
    deck = tmp_path / "qazvision-deck.pdf"
    deck.write_bytes(PDF)

    # The founder of the Kazakh startup finds the pilot request among the opportunities for us.
    sign_in(page, base, story.founder)
    page.goto(f"{base}/opportunities/for-us/")
    row = page.locator("article.opportunity-row", has_text=TITLE)
    expect(row).to_have_class(re.compile(r"\beligible\b"))
    expect(row.get_by_text("Eligible", exact=True)).to_be_visible()
    screenshot(page, shots, "opportunities-for-us.png")
    row.get_by_role("link", name=TITLE).click()
    page.get_by_role("button", name="Apply", exact=True).click()
    page.get_by_role("button", name="Start the application").click()
    expect(page).to_have_url(APPLICATION_PATH)
    application_url = page.url

    # …answers the questions with the deck attached, and submits.
    page.get_by_label("Your solution").fill(
        "Edge cameras in the lockers count parcels and flag damaged ones; 40 lockers in Almaty."
    )
    page.get_by_label("Pitch deck").set_input_files(str(deck))
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_text("Submitted.")).to_be_visible()
    expect(page.get_by_role("link", name="qazvision-deck.pdf")).to_be_visible()
    application = Application.objects.get(applicant__name="QazVision")
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.answers.get(field__label="Pitch deck").original_name == "qazvision-deck.pdf"

    # Two reviewers of Russian Post score it, each in their own browser.
    for reviewer, values, comment in [
        (story.reviewers[0], (5, 4), "Ready for the sorting centre."),
        (story.reviewers[1], (4, 5), "Strong team, needs a Russian-speaking lead."),
    ]:
        other = new_page()
        sign_in(other, base, reviewer)
        other.goto(application_url)
        _score(other, values, comment)
        if reviewer is story.reviewers[1]:
            screenshot(other, shots, "opportunity-review.png")
        other.close()
    assert application.scores.count() == 4

    # Russian Post's admin sees the ranking, accepts, starts the pilot and records the contract.
    admin = new_page()
    sign_in(admin, base, story.admin)
    admin.goto(f"{base}{story.opportunity.get_absolute_url()}applications/")
    expect(admin.get_by_text("QazVision")).to_be_visible()
    # (2·5/5 + 1·4/5)/3 and (2·4/5 + 1·5/5)/3, averaged per criterion: 90.00
    expect(admin.get_by_text("90.00").first).to_be_visible()
    admin.goto(application_url)
    admin.get_by_label("Reason given to the applicant").fill("Welcome to the Vnukovo pilot.")
    admin.get_by_role("button", name="Accept").click()
    expect(admin.locator(".decision-reason")).to_have_text("Welcome to the Vnukovo pilot.")
    today = clock.today()
    admin.get_by_label("Starts on").fill(today.isoformat())
    admin.get_by_label("Ends on").fill((today + timedelta(days=90)).isoformat())
    admin.get_by_label("Plan").fill("Forty lockers at the Vnukovo sorting centre for 90 days.")
    admin.get_by_label("Key performance indicators").fill("Miscounted parcels below 0.5 %.")
    admin.get_by_role("button", name="Start the engagement").click()
    expect(admin.get_by_text("Moscow sorting centre Vnukovo")).to_be_visible()
    admin.locator("summary", has_text="Record the result").click()
    admin.locator("#id_result").fill(
        "Miscounts fell to 0.3 %; lockers in 12 Moscow offices ordered."
    )
    admin.locator("#id_contract_value").fill("1500000")
    admin.locator("#id_contract_currency").fill("RUB")
    admin.get_by_role("button", name="Save the result").click()
    expect(admin.get_by_text("1,500,000.00 RUB")).to_be_visible()
    screenshot(admin, shots, "opportunity-pilot-recorded.png")
    admin.close()
    engagement = Engagement.objects.get(application=application)
    assert (engagement.kind, engagement.site) == ("pilot", story.site)
    assert str(engagement.contract_amount) == "1500000.00"

    # The applicant sees the decision and its reason; the operator sees the value on the dashboard.
    page.goto(application_url)
    expect(page.locator(".decision-reason")).to_have_text("Welcome to the Vnukovo pilot.")
    insights = new_page()
    _sign_in_operator(insights, base, operator)
    insights.goto(f"{base}/insights/")
    results = insights.locator("#opportunity-results-heading").locator("xpath=..")
    expect(results.get_by_role("cell", name="Contracts signed")).to_be_visible()
    expect(results.get_by_role("cell", name="1,500,000")).to_be_visible()
    funnel = insights.locator("#opportunity-funnel-heading").locator("xpath=..")
    expect(funnel.locator("svg")).to_be_visible()
    results.scroll_into_view_if_needed()
    screenshot(insights, shots, "opportunity-funnel.png")
    insights.close()
