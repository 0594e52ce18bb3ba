"""Every list page and list endpoint runs the same number of queries for 1 item as for 3."""

from collections.abc import Callable
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from consortia.directory.models import Role, VerificationStatus
from tests.factories.accounts import UserFactory
from tests.factories.directory import (
    MembershipFactory,
    OfferFactory,
    OrganisationFactory,
    PersonFactory,
)


def _organisations(n: int) -> None:
    for i in range(n):
        organisation = OrganisationFactory(name=f"Org {i}", topics=["robotics", "iot"])
        MembershipFactory(organisation=organisation)
        OfferFactory(organisation=organisation, topics=["robotics"]).target_countries.set(
            ["KZ", "CN"]
        )


def _pending(n: int) -> None:
    for i in range(n):
        organisation = OrganisationFactory(
            name=f"Pending {i}", verification_status=VerificationStatus.PENDING, topics=["iot"]
        )
        MembershipFactory(organisation=organisation, role=Role.OWNER)


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


LISTS: list[tuple[str, Callable[[int], None], str]] = [
    ("/", _organisations, "anonymous"),
    ("/directory/", _organisations, "anonymous"),
    ("/directory/?q=org&topic=robotics", _organisations, "member"),
    ("/directory/people/", _organisations, "anonymous"),
    ("/offers/", _organisations, "member"),
    ("/operator/", _pending, "operator"),
    ("/api/v1/organisations", _organisations, "anonymous"),
    ("/api/v1/organisations?q=org", _organisations, "member"),
    ("/api/v1/people", _organisations, "member"),
    ("/api/v1/offers", _organisations, "anonymous"),
]


def _client(role: str) -> Client:
    client = Client()
    if role == "member":
        client.force_login(
            MembershipFactory(organisation=OrganisationFactory(name="Zeta Viewer")).person.user
        )
    elif role == "operator":
        operator = UserFactory(is_staff=True)
        PersonFactory(user=operator)
        client.force_login(operator)
    return client


@pytest.mark.parametrize(("url", "make", "role"), LISTS, ids=[url for url, _, _ in LISTS])
def test_list_query_count_does_not_grow_with_items(db, url, make, role):
    client = _client(role)
    make(1)
    client.get(url)  # warm per-request caches (content types, sessions) out of the measurement
    one = _queries(client, url)

    make(2)
    three = _queries(client, url)

    assert one == three, f"{url}: {one} queries for 1 item, {three} for 3"


def test_members_list_query_count_does_not_grow(world):
    client = world.client("admin_a")
    url = f"/api/v1/organisations/{world.org_b.public_id}/members"
    one = _queries(client, url)

    MembershipFactory(organisation=world.org_b)
    MembershipFactory(organisation=world.org_b)
    three = _queries(client, url)

    assert one == three


def test_my_organisations_query_count_does_not_grow(world):
    client = world.client("member_a")
    one = _queries(client, "/directory/mine/")

    for name in ("Second", "Third"):
        MembershipFactory(
            person=world.users["member_a"].person, organisation=OrganisationFactory(name=name)
        )
    three = _queries(client, "/directory/mine/")

    assert one == three


MESSAGING_PAGES = [
    "/messages/",
    "/messages/?q=kazan",
    "/messages/contacts/",
    "/notifications/",
    "/operator/reports/",
]


@pytest.mark.parametrize("url", MESSAGING_PAGES)
def test_messaging_pages_query_count_does_not_grow(world, url):
    from consortia.messaging import services

    users = world.users
    client = world.client("operator" if url.startswith("/operator/") else "admin_a")

    def add(n: int) -> None:
        for _ in range(n):
            sender = PersonFactory()
            MembershipFactory(organisation=world.org_a, person=sender)
            conversation = services.start_conversation(
                by=sender.user, recipients=[users["admin_a"].person], body="Kazan pilot?"
            )
            services.send_message(conversation, by=users["admin_a"], body="Kazan it is.")
            services.request_contact(users["admin_a"].person, by=PersonFactory().user, message="Hi")
            services.request_contact(PersonFactory(), by=users["admin_a"], message="Hello")
            services.report_abuse(sender, by=users["admin_a"], reason="Spam")
            services.start_conversation(
                by=users["admin_a"], recipients=[sender], body="Thread two about Kazan"
            )

    add(1)
    client.get(url)
    one = _queries(client, url)

    add(2)
    three = _queries(client, url)

    assert one == three, f"{url}: {one} queries for 1 item, {three} for 3"


AGREEMENT_PAGES = ["/agreements/", "/agreements/?country=KZ&q=memorandum", "/agreements/mine/"]


@pytest.mark.parametrize("url", AGREEMENT_PAGES)
def test_agreement_pages_query_count_does_not_grow(world, url):
    from consortia.agreements import services

    def add(n: int) -> None:
        for i in range(n):
            agreement = services.record_agreement(
                by=world.users["operator"],
                kind="memorandum",
                title=f"Memorandum {i}",
                language="en",
                topics=["artificial-intelligence"],
                parties=[
                    services.PartyIn(organisation=world.org_a),
                    services.PartyIn(state="KZ"),
                ],
            )
            services.sign_agreement(
                agreement, by=world.users["operator"], signed_on=date(2024, 5, i + 1)
            )

    client = world.client("member_a")
    add(1)
    client.get(url)
    one = _queries(client, url)

    add(2)
    three = _queries(client, url)

    assert one == three, f"{url}: {one} queries for 1 item, {three} for 3"


def test_timeline_queries_grow_with_years_not_agreements(world):
    from consortia.agreements import services

    def add(year: int, n: int) -> None:
        for i in range(n):
            agreement = services.record_agreement(
                by=world.users["operator"],
                kind="memorandum",
                title=f"Memorandum {year}-{i}",
                language="en",
                parties=[services.PartyIn(state="KZ")],
            )
            services.sign_agreement(
                agreement, by=world.users["operator"], signed_on=date(year, 3, i + 1)
            )

    client = world.client("anonymous")
    add(2023, 1)
    client.get("/agreements/timeline/")
    one = _queries(client, "/agreements/timeline/")

    add(2023, 2)
    three = _queries(client, "/agreements/timeline/")

    assert one == three
