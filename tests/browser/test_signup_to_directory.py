"""End to end in the system Chromium: a newcomer signs up, registers her organisation, the
operator verifies it behind TOTP, and a visitor finds it in the directory in Russian."""

import re
import struct
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page, expect

from consortia.directory.models import (
    Organisation,
    OrganisationKind,
    StartupStage,
    VerificationStatus,
)
from tests.factories.accounts import PASSWORD
from tests.factories.directory import OrganisationFactory, country, topic
from tests.smtp import Mailbox

from .conftest import Operator
from .steps import screenshot_dir

pytestmark = pytest.mark.browser

CONFIRM_LINK = re.compile(r"https?://\S+/accounts/confirm-email/\S+/")


def switch_language(page: Page, code: str) -> None:
    """Pick a UI language in the header's switcher, which posts to /i18n/setlang/.

    On the directory the same change also fires the filter form's htmx request, whose swap and
    history push land before the new page; the page has switched once <html lang> says so.
    """
    page.locator("#language-select").select_option(code)
    expect(page.locator("html")).to_have_attribute("lang", code)
    page.wait_for_load_state("load")


def sign_out(page: Page, display_name: str) -> None:
    page.locator("header details.dropdown summary", has_text=display_name).click()
    page.get_by_role("link", name="Sign out").click()
    page.get_by_role("button", name="Sign Out", exact=True).click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()


def result_names(page: Page) -> list[str]:
    return page.locator("#results article header a strong").all_inner_texts()


def test_newcomer_organisation_reaches_directory_after_operator_verifies_it(
    page: Page, live_server: Any, browser_settings: Any, mailbox: Mailbox, operator: Operator
) -> None:
    browser_settings.CONSORTIA_OPERATOR_MFA = "required"
    OrganisationFactory(
        name="Beta Payments",
        country=country("RU"),
        description="Платёжный шлюз для банков.",
        language="ru",
        topics=["digital-payments"],
    )
    name = "Astana Hub AgriVision"
    description = (
        "Спутниковый мониторинг посевов и прогноз урожайности для фермеров Казахстана "
        "на основе компьютерного зрения."
    )

    # A newcomer signs up and confirms her e-mail address through the link she receives.
    page.goto(f"{live_server.url}/accounts/signup/")
    page.locator("#id_full_name").fill("Айгерим Сапарова")
    page.locator("#id_email").fill("aigerim@astanahub.example")
    page.locator("#id_password1").fill("Tulpar-Steppe-2031")
    page.locator("#id_password2").fill("Tulpar-Steppe-2031")
    page.get_by_role("button", name="Sign Up", exact=True).click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()
    message = mailbox.wait_for("aigerim@astanahub.example")
    body = message.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    links = CONFIRM_LINK.findall(body)
    page.goto(links[0])
    page.get_by_role("button", name="Confirm", exact=True).click()
    signed_in_as = page.locator("header details.dropdown summary")

    assert len(mailbox.messages) == 1
    assert message["Subject"] == "[Consortia] Please Confirm Your Email Address"
    assert message["To"] == "aigerim@astanahub.example"
    assert message["From"] == "Consortia <noreply@consortia.localhost>"
    assert len(links) == 1
    assert links[0].startswith(f"{live_server.url}/accounts/confirm-email/")
    expect(signed_in_as).to_have_text("Айгерим Сапарова")
    expect(page.get_by_role("status")).to_have_text(
        [
            "You have confirmed aigerim@astanahub.example.",
            "Successfully signed in as aigerim@astanahub.example.",
        ]
    )

    # She registers her startup; it waits for the operator.
    page.get_by_role("button", name="Register your organisation").click()
    page.locator("#id_name").fill(name)
    page.locator("#id_kind").select_option(OrganisationKind.STARTUP)
    page.locator("#id_country").select_option("KZ")
    page.locator("#id_city").fill("Astana")
    page.locator("#id_language").select_option("ru")
    page.locator("#id_description").fill(description)
    page.locator("#id_topics").select_option(["agritech", "artificial-intelligence"])
    page.locator("#id_stage").select_option("mvp")
    page.locator("#id_contact_email").fill("hello@agrivision.example")
    page.get_by_role("button", name="Register", exact=True).click()
    organisation = Organisation.objects.get(name=name)

    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page.get_by_role("status")).to_have_text(
        "Registered. The operator will verify your organisation soon."
    )
    expect(page.locator("main .badge")).to_have_text("Waiting for verification")
    assert organisation.verification_status == VerificationStatus.PENDING
    assert organisation.country_id == "KZ"
    assert organisation.memberships.get().person.full_name == "Айгерим Сапарова"

    sign_out(page, "Айгерим Сапарова")

    # The operator signs in with a TOTP code and verifies the organisation.
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_login").fill(operator.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In", exact=True).click()
    expect(page.get_by_role("heading", name="Two-Factor Authentication")).to_be_visible()
    page.locator("#id_code").fill(operator.totp_code())
    page.get_by_role("button", name="Sign In", exact=True).click()
    expect(signed_in_as).to_have_text("Olga Operator")
    page.goto(f"{live_server.url}/operator/")
    page.get_by_role("button", name=f"Verify {name}").click()
    organisation.refresh_from_db()

    expect(page.get_by_role("status")).to_have_text(f"{name} is verified and now public.")
    expect(page.get_by_role("heading", level=2)).to_have_text(
        "0 organisations wait for verification"
    )
    assert organisation.verification_status == VerificationStatus.VERIFIED
    assert organisation.verified_by is not None
    assert organisation.verified_by.email == operator.email

    sign_out(page, "Olga Operator")

    # A visitor finds it in the directory, in Russian, by a word of its Russian description.
    page.goto(f"{live_server.url}/directory/")
    listed = result_names(page)
    language_before = page.locator("html").get_attribute("lang")
    switch_language(page, "ru")
    language_after = page.locator("html").get_attribute("lang")
    page.get_by_role("search").get_by_role("searchbox").press_sequentially("урожайн")
    # htmx swaps the results, then pushes the query into the address bar.
    page.wait_for_function(
        "q => new URLSearchParams(location.search).get('q') === q", arg="урожайн"
    )
    card = page.locator("#results article")

    assert listed == ["Astana Hub AgriVision", "Beta Payments"]
    assert (language_before, language_after) == ("en", "ru")
    assert page.url.startswith(f"{live_server.url}/directory/?")
    expect(card).to_have_count(1)
    assert parse_qs(urlparse(page.url).query)["q"] == ["урожайн"]
    expect(card.locator("header strong")).to_have_text(name)
    # The kind's label depends on the Russian catalogue; the country name is reference data.
    expect(card.locator(".card-meta")).to_have_text(re.compile(r" · Казахстан, Astana$"))
    expect(card.locator(".tag")).to_have_text(
        [topic("artificial-intelligence").label_ru, topic("agritech").label_ru]
    )
    expect(card.locator("p")).to_have_attribute("lang", "ru")


# Nine verified organisations of different countries, kinds and languages for the screenshots.
SHOWCASE = [
    dict(
        name="Цифровые двойники — НИЦ Казанского технического университета",
        kind=OrganisationKind.UNIVERSITY,
        country="RU",
        city="Kazan",
        language="ru",
        description="Исследовательский центр: цифровые двойники заводов, предиктивное "
        "обслуживание оборудования и машинное обучение для промышленности.",
        topics=["smart-manufacturing", "artificial-intelligence"],
    ),
    dict(
        name="深圳智联物联网科技有限公司",
        kind=OrganisationKind.CORPORATION,
        country="CN",
        city="深圳",
        language="zh",
        description="为智慧城市提供物联网传感器、边缘计算网关和城市级数据平台。",
        topics=["iot", "smart-city"],
    ),
    dict(
        name="Qazaq Digital Ventures",
        kind=OrganisationKind.INVESTOR,
        country="KZ",
        city="Almaty",
        language="kk",
        description="Орталық Азиядағы технологиялық стартаптарға ерте кезеңде инвестиция "
        "салатын венчурлық қор.",
        topics=["venture-capital", "startup-acceleration"],
    ),
    dict(
        name="Bengaluru MedTech Accelerator",
        kind=OrganisationKind.TECHNOPARK,
        country="IN",
        city="Bengaluru",
        language="en",
        description="A six-month programme for medical-device and digital-health startups, "
        "with clinical pilots in partner hospitals across Karnataka.",
        topics=["startup-acceleration", "medtech", "digital-health"],
    ),
    dict(
        name="AgroSat Brasil",
        kind=OrganisationKind.STARTUP,
        stage=StartupStage.GROWTH,
        country="BR",
        city="Campinas",
        language="pt",
        description="Monitoramento de lavouras por satélite e previsão de safra para "
        "cooperativas agrícolas do Cerrado.",
        topics=["agritech", "satellite-communications"],
    ),
    dict(
        name="Casablanca Fintech Hub",
        kind=OrganisationKind.ASSOCIATION,
        country="MA",
        city="Casablanca",
        language="fr",
        description="Association des startups marocaines de la finance numérique, du paiement "
        "mobile et de l'inclusion financière.",
        topics=["digital-payments", "banking-infrastructure"],
    ),
    dict(
        name="Raqamli Xizmatlar Agentligi",
        kind=OrganisationKind.GOVERNMENT,
        country="UZ",
        city="Tashkent",
        language="uz",
        description="Davlat xizmatlarini raqamlashtirish va elektron hukumat platformalarini "
        "rivojlantirish agentligi.",
        topics=["e-public-services", "public-administration-digitalization"],
    ),
    dict(
        name="مركز القاهرة لتقنيات النانو",
        kind=OrganisationKind.UNIVERSITY,
        country="EG",
        city="Giza",
        language="ar",
        description="مركز أبحاث جامعي في تقنيات النانو والمواد الجديدة وأجهزة الاستشعار.",
        topics=["nanotechnology", "new-materials"],
    ),
    dict(
        name="Hanoi Cloud Solutions",
        kind=OrganisationKind.CORPORATION,
        country="VN",
        city="Hanoi",
        language="vi",
        description="Dịch vụ điện toán đám mây và trung tâm dữ liệu cho doanh nghiệp Việt Nam.",
        topics=["cloud-computing", "data-centres"],
    ),
]


def test_directory_page_screenshot_in_each_ui_language(
    page: Page, live_server: Any, browser_settings: Any, tmp_path: Any
) -> None:
    # The README's pictures are refreshed only on request, so ordinary runs leave the tree clean.
    directory = screenshot_dir(tmp_path)
    for fields in SHOWCASE:
        OrganisationFactory(**{**fields, "country": country(str(fields["country"]))})
    shots = {}

    page.goto(f"{live_server.url}/directory/")
    for code, file_suffix in [("en", "en"), ("ru", "ru"), ("zh-hans", "zh")]:
        if code != "en":
            switch_language(page, code)
        page.evaluate("document.fonts.ready")
        path = directory / f"directory-{file_suffix}.png"
        page.screenshot(path=str(path), full_page=True, animations="disabled", caret="hide")
        shots[code] = {
            "lang": page.locator("html").get_attribute("lang"),
            "names": sorted(result_names(page)),
            "brazil": page.locator("#results article", has_text="AgroSat Brasil")
            .locator(".card-meta")
            .inner_text(),
            "png_size": struct.unpack(">II", path.read_bytes()[16:24]),
        }

    assert [shot["lang"] for shot in shots.values()] == ["en", "ru", "zh-hans"]
    assert all(shot["names"] == sorted(f["name"] for f in SHOWCASE) for shot in shots.values())
    assert shots["en"]["brazil"].endswith(" · Brazil, Campinas")
    assert shots["ru"]["brazil"].endswith(" · Бразилия, Campinas")
    assert shots["zh-hans"]["brazil"].endswith(" · 巴西, Campinas")
    # Full-page screenshots: as wide as the viewport, taller than it.
    assert all(shot["png_size"][0] == 1280 for shot in shots.values())
    assert all(shot["png_size"][1] > 900 for shot in shots.values())
