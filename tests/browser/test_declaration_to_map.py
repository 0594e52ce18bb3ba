"""End to end in the system Chromium: the operator records a multilateral declaration of six
organisations from six countries with two commitments; the admin of one signatory reports
progress; the cooperation map draws the new links and the timeline lists it under its year."""

import itertools
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from consortia.agreements.models import Agreement, AgreementStatus, Commitment
from consortia.core import clock
from consortia.directory.models import Person, Role
from tests.factories.accounts import PASSWORD
from tests.factories.directory import MembershipFactory, OrganisationFactory, PersonFactory, country

from .conftest import Operator
from .steps import screenshot, screenshot_dir, sign_in

pytestmark = pytest.mark.browser

TITLE = "Astana Declaration on Open Innovation"
SIGNATORIES = [
    ("Moscow Innovation Cluster", "RU", "Moscow"),
    ("Minsk City IT Centre", "BY", "Minsk"),
    ("Astana Hub", "KZ", "Astana"),
    ("Government of the State of Tocantins", "BR", "Palmas"),
    ("APEBI Federation", "MA", "Casablanca"),
    ("Digital Philippines", "PH", "Manila"),
]
AGREEMENT_PATH = re.compile(r"/agreements/[0-9a-f-]{36}/$")


@pytest.fixture
def aigerim(browser_settings: Any) -> Person:
    """The six signatories exist and are verified; Aigerim is an admin of Astana Hub."""
    organisations = {
        code: OrganisationFactory(name=name, country=country(code), city=city)
        for name, code, city in SIGNATORIES
    }
    person = PersonFactory(full_name="Aigerim Sadykova", user__email="aigerim@astanahub.example")
    MembershipFactory(person=person, organisation=organisations["KZ"], role=Role.ADMIN)
    return person


def test_declaration_of_six_is_reported_on_and_drawn_on_the_map(
    page: Page, new_page: Any, live_server: Any, operator: Operator, aigerim: Person, tmp_path: Path
) -> None:
    shots = screenshot_dir(tmp_path)
    signed_on = clock.today().replace(day=1)

    # The operator signs in with a TOTP code and records the declaration as a draft.
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_login").fill(operator.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In", exact=True).click()
    page.locator("#id_code").fill(operator.totp_code())
    page.get_by_role("button", name="Sign In", exact=True).click()
    expect(page.locator("header details.dropdown summary")).to_have_text("Olga Operator")
    page.goto(f"{live_server.url}/agreements/new/")
    page.locator("#id_kind").select_option("declaration")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_language").select_option("en")
    page.locator("#id_summary").fill(
        "Six innovation bodies agree to open their pilot sites and programmes to each other's "
        "startups and to exchange their calendars of events."
    )
    page.locator("#id_organisations").fill("\n".join(name for name, _, _ in SIGNATORIES))
    page.locator("#id_topics").select_option(["open-innovation", "technoparks"])
    page.locator("#id_visibility").select_option("public")
    page.get_by_role("button", name="Record as a draft").click()
    expect(page).to_have_url(AGREEMENT_PATH)
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    agreement_url = page.url
    parties = page.locator("table").first.locator("tbody tr")
    expect(parties).to_have_count(6)

    # It is signed, and two commitments are added: one for Astana Hub, one for the cluster.
    sign = page.locator("form[action$='/sign/']")
    sign.locator("input[name='signed_on']").fill(signed_on.isoformat())
    sign.locator("input[name='place']").fill("Astana")
    sign.locator("select[name='country']").select_option("KZ")
    sign.get_by_role("button", name="Record the signing").click()
    expect(page.locator("article header .badge").nth(1)).to_have_text("Signed")
    due = date(signed_on.year + 1, 6, 30)
    for text, responsible in [
        ("Open a soft-landing desk for the other signatories' startups", "Astana Hub"),
        ("Publish a shared calendar of demo days", "Moscow Innovation Cluster"),
    ]:
        page.get_by_text("Add a commitment").click()
        form = page.locator("form[action$='/commitments/']")
        form.locator("textarea[name='text']").fill(text)
        form.locator("select[name='responsible']").select_option(label=responsible)
        form.locator("input[name='due_on']").fill(due.isoformat())
        form.get_by_role("button", name="Add", exact=True).click()
    commitments = page.locator("article.commitment")
    expect(commitments).to_have_count(2)
    screenshot(page, shots, "agreement-declaration.png")

    agreement = Agreement.objects.get(title=TITLE)
    assert agreement.status == AgreementStatus.SIGNED
    assert sorted(agreement.countries.values_list("code", flat=True)) == sorted(
        code for _, code, _ in SIGNATORIES
    )

    assert sorted(str(c.responsible) for c in agreement.commitments.all()) == [
        "Astana Hub",
        "Moscow Innovation Cluster",
    ]

    # Aigerim, Astana Hub's admin, reports progress on her organisation's commitment only.
    aigerim_page = new_page()
    sign_in(aigerim_page, live_server.url, aigerim)
    aigerim_page.goto(agreement_url)
    report_buttons = aigerim_page.get_by_role("button", name="Report progress")
    expect(report_buttons).to_have_count(1)
    report_buttons.click()
    aigerim_page.locator("textarea[name='text']").fill(
        "The desk at Astana Hub is open; two startups from Minsk moved in."
    )
    aigerim_page.locator("select[name='status']").select_option("in_progress")
    aigerim_page.get_by_role("button", name="Submit the report").click()
    expect(aigerim_page).to_have_url(agreement_url)
    reported = aigerim_page.locator("article.commitment").filter(has_text="soft-landing desk")
    expect(reported.locator(".badge").first).to_have_text("In progress")
    expect(reported.locator(".light")).to_have_text("Green")
    commitment = Commitment.objects.get(text__startswith="Open a soft-landing desk")
    assert commitment.reports.count() == 1
    assert commitment.last_report_on == clock.today()

    # The map draws a link between every pair of the six countries, and the timeline lists the
    # declaration under the year of its signing.
    page.goto(f"{live_server.url}/insights/map/")
    links = page.locator("svg.cooperation-map g.map-links a")
    for (_, a, _), (_, b, _) in itertools.combinations(SIGNATORIES, 2):
        first, second = sorted((a, b))
        expect(
            links.and_(page.locator(f"[href*='country={first}'][href*='partner={second}']"))
        ).to_have_count(1)
    screenshot(page, shots, "cooperation-map.png")
    page.goto(f"{live_server.url}/agreements/timeline/")
    year = page.locator("section").filter(has=page.get_by_role("heading", name=str(signed_on.year)))
    expect(year.get_by_role("link", name=TITLE)).to_be_visible()
