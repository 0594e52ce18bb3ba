"""End to end in the system Chromium: a Kazakh startup expresses interest in a Russian
corporation's technology request, the corporation's contact answers, the startup reads the
answer in Russian, and a member of a third organisation cannot open the conversation."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import Locator, Page, expect

from consortia.directory.models import (
    Offer,
    OfferKind,
    Organisation,
    OrganisationKind,
    Person,
    Role,
)
from consortia.messaging.models import Interest, InterestKind, Message, Notification
from tests.factories.accounts import UserFactory
from tests.factories.directory import (
    MembershipFactory,
    OfferFactory,
    OrganisationFactory,
    PersonFactory,
    country,
)
from tests.smtp import Mailbox, text_of

from .steps import screenshot, screenshot_dir, sign_in
from .test_signup_to_directory import switch_language

pytestmark = pytest.mark.browser

CONVERSATION_PATH = re.compile(r"/messages/[0-9a-f-]{36}/$")
PROPOSAL = (
    "Our camera line sorts 12,000 parcels an hour at depots in Astana and Almaty. "
    "We can adapt it to your sorting centres within three months."
)
REPLY = "Давайте обсудим пилот в Москве"


@dataclass
class Cast:
    """Russian Post (its admin Irina wrote the request, Pavel owns it, Sergei is a member),
    Astana Vision (Aigerim owns it) and Minsk Robotics (Yauheni is a member)."""

    offer: Offer
    startup: Organisation
    irina: Person
    pavel: Person
    sergei: Person
    aigerim: Person
    yauheni: Person


def member(
    organisation: Organisation, full_name: str, email: str, role: str, *, time_zone: str
) -> Person:
    """A person with a verified e-mail address (so allauth lets them sign in) in an organisation."""
    person = PersonFactory(
        user=UserFactory(email=email), full_name=full_name, time_zone=time_zone, ui_language="en"
    )
    MembershipFactory(person=person, organisation=organisation, role=role)
    return person


@pytest.fixture
def cast(browser_settings: Any) -> Cast:
    corporation = OrganisationFactory(
        name="Russian Post", kind=OrganisationKind.CORPORATION, country=country("RU")
    )
    startup = OrganisationFactory(
        name="Astana Vision", kind=OrganisationKind.STARTUP, country=country("KZ"), city="Astana"
    )
    third = OrganisationFactory(
        name="Minsk Robotics",
        kind=OrganisationKind.CORPORATION,
        country=country("BY"),
        city="Minsk",
    )
    irina = member(
        corporation, "Irina Smirnova", "irina@pochta.example", Role.ADMIN, time_zone="Europe/Moscow"
    )
    pavel = member(
        corporation, "Pavel Orlov", "pavel@pochta.example", Role.OWNER, time_zone="Europe/Moscow"
    )
    sergei = member(
        corporation,
        "Sergei Volkov",
        "sergei@pochta.example",
        Role.MEMBER,
        time_zone="Europe/Moscow",
    )
    aigerim = member(
        startup,
        "Aigerim Sadykova",
        "aigerim@astanavision.example",
        Role.OWNER,
        time_zone="Asia/Almaty",
    )
    yauheni = member(
        third,
        "Yauheni Kavalenka",
        "yauheni@minskrobotics.example",
        Role.MEMBER,
        time_zone="Europe/Minsk",
    )
    offer = OfferFactory(
        organisation=corporation,
        kind=OfferKind.TECHNOLOGY_REQUEST,
        title="Computer vision for parcel sorting",
        description="We look for cameras and software that read damaged labels on a moving belt.",
        created_by=irina.user,
        topics=["artificial-intelligence", "logistics"],
    )
    return Cast(offer, startup, irina, pavel, sergei, aigerim, yauheni)


def thread(page: Page) -> Locator:
    """The messages of the conversation on the page, oldest first."""
    return page.locator("section.thread article")


def test_interest_in_request_is_answered_and_read_in_russian_and_hidden_from_others(
    browser_settings: Any,
    cast: Cast,
    page: Page,
    new_page: Callable[[], Page],
    live_server: Any,
    mailbox: Mailbox,
    tmp_path: Path,
) -> None:
    # Links in e-mails point at the live server; pictures are refreshed only on request.
    browser_settings.SITE_URL = live_server.url
    shots = screenshot_dir(tmp_path)
    offer = cast.offer
    interest_summary = (
        f"Aigerim Sadykova (Astana Vision) is interested in “{offer.title}”: We can supply this"
    )
    with translation.override("ru"):
        messages_in_russian = gettext("Messages")

    # Aigerim finds the request on the offers board and expresses interest.
    sign_in(page, live_server.url, cast.aigerim)
    page.goto(f"{live_server.url}/offers/")
    page.get_by_role("link", name=offer.title, exact=True).click()
    page.get_by_role("button", name="Express interest").click()
    page.get_by_role("radio", name="We can supply this").check()
    page.get_by_label("A few words about you and what you propose").fill(PROPOSAL)
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page).to_have_url(CONVERSATION_PATH)
    conversation_url = page.url

    expect(page.get_by_role("status")).to_have_text("Sent. Russian Post will answer here.")
    expect(page.get_by_role("heading", level=1)).to_have_text(offer.title)
    expect(page.locator("hgroup p a")).to_have_text(["Irina Smirnova", "Pavel Orlov", offer.title])
    expect(thread(page)).to_have_count(1)
    expect(thread(page).locator("header strong")).to_have_text("Aigerim Sadykova")
    expect(thread(page).locator(".badge")).to_have_text("Expression of interest")
    expect(thread(page).locator("p")).to_have_text(PROPOSAL)
    interest_mail = mailbox.wait_for("irina@pochta.example")
    # A long non-ASCII subject is folded right after "Subject:", so it parses with a leading space.
    assert interest_mail["Subject"].strip() == f"[Consortia] {interest_summary}"
    assert conversation_url in text_of(interest_mail)

    # Irina sees the bell and the unread conversation in her inbox.
    irina_page = new_page()
    sign_in(irina_page, live_server.url, cast.irina)
    irina_page.goto(f"{live_server.url}/messages/")
    bell = irina_page.get_by_test_id("notification-badge")
    inbox_row = irina_page.locator("article.conversation-row")

    expect(bell.locator(".count")).to_have_text("1")
    expect(irina_page.get_by_test_id("messages-link").locator(".count")).to_have_text("1")
    expect(inbox_row).to_have_count(1)
    expect(inbox_row).to_have_class(re.compile(r"\bunread\b"))
    expect(inbox_row.get_by_role("link")).to_have_text(offer.title)
    expect(inbox_row.locator("p[dir=auto]")).to_have_text(PROPOSAL)
    screenshot(irina_page, shots, "messaging-inbox.png")

    # She opens the notification, which leads to the conversation, and replies in Russian.
    bell.click()
    expect(irina_page.get_by_role("heading", level=1)).to_have_text("Notifications")
    irina_page.get_by_role("link", name=interest_summary, exact=True).click()

    expect(irina_page).to_have_url(conversation_url)
    expect(thread(irina_page).locator("p")).to_have_text(PROPOSAL)
    expect(bell.locator(".count")).to_have_count(0)

    irina_page.get_by_role("textbox", name="Message", exact=True).fill(REPLY)
    irina_page.get_by_role("button", name="Send", exact=True).click()

    expect(thread(irina_page)).to_have_count(2)
    expect(thread(irina_page).locator("p")).to_have_text([PROPOSAL, REPLY])
    expect(thread(irina_page).last).to_have_class(re.compile(r"\bmine\b"))
    reply_mail = mailbox.wait_for("aigerim@astanavision.example")
    assert (
        reply_mail["Subject"].strip()
        == f"[Consortia] Irina Smirnova wrote in “{offer.title}”: {REPLY}"
    )

    # Aigerim switches to Russian, finds the answer marked unread in her inbox and reads it.
    page.goto(f"{live_server.url}/messages/")
    switch_language(page, "ru")
    inbox_row = page.locator("article.conversation-row")

    expect(page.get_by_role("heading", level=1)).to_have_text(messages_in_russian)
    expect(inbox_row).to_have_class(re.compile(r"\bunread\b"))
    expect(inbox_row.locator(".count")).to_have_text("1")
    expect(inbox_row.locator("p[dir=auto]")).to_have_text(REPLY)

    inbox_row.get_by_role("link", name=offer.title, exact=True).click()

    expect(page).to_have_url(conversation_url)
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(thread(page).locator("header strong")).to_have_text(
        ["Aigerim Sadykova", "Irina Smirnova"]
    )
    expect(thread(page).locator("p")).to_have_text([PROPOSAL, REPLY])
    expect(page.get_by_test_id("messages-link").locator(".count")).to_have_count(0)
    screenshot(page, shots, "messaging-conversation-ru.png")

    # A member of a third organisation gets "not found" for the conversation's address.
    outsider_page = new_page()
    sign_in(outsider_page, live_server.url, cast.yauheni)
    response = outsider_page.goto(conversation_url)

    assert response is not None
    assert response.status == 404
    expect(outsider_page.get_by_role("heading", level=1)).to_have_text("Not found")
    expect(outsider_page.locator("main")).not_to_contain_text(REPLY)
    expect(outsider_page.locator("main")).not_to_contain_text(PROPOSAL)

    # The database: one interest, one conversation of two messages among the offer's contacts.
    interest = Interest.objects.select_related("conversation").get(offer=offer)
    conversation = interest.conversation
    expected_participants = {cast.aigerim.pk, cast.irina.pk, cast.pavel.pk}

    assert Interest.objects.filter(offer=offer).count() == 1
    assert (interest.person_id, interest.organisation_id, interest.kind) == (
        cast.aigerim.pk,
        cast.startup.pk,
        InterestKind.SUPPLY,
    )
    assert conversation.get_absolute_url() == urlparse(conversation_url).path
    assert list(
        conversation.messages.order_by("created_at", "id").values_list(
            "sender__full_name", "kind", "body"
        )
    ) == [
        ("Aigerim Sadykova", Message.Kind.INTEREST, PROPOSAL),
        ("Irina Smirnova", Message.Kind.TEXT, REPLY),
    ]
    assert (
        set(conversation.participants.values_list("person_id", flat=True)) == expected_participants
    )
    assert not Notification.objects.filter(
        recipient__in=[cast.irina, cast.aigerim], read_at__isnull=True
    ).exists()
    # Mail went to the participants only: Pavel hears of the interest and of the reply.
    assert sorted(address for recipients, _ in mailbox.messages for address in recipients) == [
        "aigerim@astanavision.example",
        "irina@pochta.example",
        "pavel@pochta.example",
        "pavel@pochta.example",
    ]
