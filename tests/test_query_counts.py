"""Every list page and list endpoint runs the same number of queries for 1 item as for 3."""

import re
from collections.abc import Callable
from datetime import date
from itertools import count, islice

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


def _projects(n: int) -> None:
    from consortia.projects import services

    operator = UserFactory(is_staff=True)
    for i in range(n):
        project = services.record_project(
            by=operator,
            title=f"Project {i}",
            language="en",
            partners=[
                services.PartnerIn(organisation=OrganisationFactory(name=f"Lab {i}"), role="lead"),
                services.PartnerIn(state="KZ"),
            ],
            topics=["robotics", "iot"],
            starts_on=date(2025, 1, i + 1),
        )
        for amount, currency in (("100", "RUB"), ("10", "USD")):
            services.add_budget_line(
                project, by=operator, label="Sensors", amount=amount, currency=currency
            )


def _events(n: int) -> None:
    from tests.factories.events import EventFactory

    for i in range(n):
        EventFactory(title=f"Forum {i}", organiser=OrganisationFactory(name=f"Host {i}"))


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
    ("/api/v1/projects", _projects, "anonymous"),
    ("/api/v1/projects?q=project&country=KZ", _projects, "member"),
    ("/events/", _events, "anonymous"),
    ("/events/?when=upcoming&country=RU", _events, "member"),
    ("/api/v1/events", _events, "member"),
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


FILTERED_PAGES = [
    "/directory/",
    "/offers/",
    "/agreements/",
    "/agreements/timeline/",
    "/events/",
    "/api/v1/organisations?q=org",
    "/api/v1/agreements",
    "/api/v1/events",
]


@pytest.mark.parametrize("url", FILTERED_PAGES)
def test_filter_forms_do_not_read_every_country_and_topic_each_request(db, url):
    client = _client("member")
    _organisations(1)
    _events(1)
    client.get(url)  # the first request of the process may read them

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)

    whole_tables = [
        query["sql"]
        for query in captured
        if re.search(r'FROM "directory_(country|topic)"', query["sql"])
        and "WHERE" not in query["sql"]
    ]
    assert response.status_code == 200
    assert whole_tables == []


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


def test_timeline_queries_grow_with_neither_years_nor_agreements(world):
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
    add(2019, 1)
    add(2021, 1)
    three_years = _queries(client, "/agreements/timeline/")

    assert one == three == three_years


PROJECT_PAGES = [
    "/projects/",
    "/projects/?country=KZ&q=pilot&status=active",
    "/projects/mine/",
    "/operator/rates/",
]


@pytest.mark.parametrize("url", PROJECT_PAGES)
def test_project_pages_query_count_does_not_grow(world, url):
    from consortia.projects import services

    operator = world.users["operator"]
    numbers = count(1)

    def add(n: int) -> None:
        for number in islice(numbers, n):
            project = services.record_project(
                by=operator,
                title=f"Pilot {number}",
                language="en",
                topics=["artificial-intelligence"],
                partners=[
                    services.PartnerIn(organisation=world.org_a, role="lead"),
                    services.PartnerIn(state="KZ", role="funder"),
                ],
                starts_on=date(2024, 5, 1 + number),
            )
            services.start_project(project, by=operator)
            for amount, currency in [("100", "RUB"), ("5", "USD")]:
                services.add_budget_line(
                    project, by=operator, label="Sensors", amount=amount, currency=currency
                )
            services.enter_rate(
                by=operator, currency="USD", into="RUB", rate="90", on=date(2024, 5, 1 + number)
            )

    client = world.client("operator" if url.startswith("/operator/") else "member_a")
    add(1)
    client.get(url)
    one = _queries(client, url)

    add(2)
    three = _queries(client, url)

    assert one == three, f"{url}: {one} queries for 1 item, {three} for 3"


INSIGHTS_PAGES = ["/insights/map/", "/insights/", "/insights/map-edges.csv"]


@pytest.mark.parametrize("role", ["anonymous", "member_a"])
@pytest.mark.parametrize("url", INSIGHTS_PAGES)
def test_insights_query_count_does_not_grow_with_agreements(world, url, role):
    from django.core.cache import cache

    from consortia.agreements import services as agreements
    from consortia.projects import services as projects

    operator = world.users["operator"]
    numbers = count(1)

    def add(n: int) -> None:
        for number in islice(numbers, n):
            for visibility, states in (("public", ["KZ", "CN"]), ("parties", ["BY"])):
                agreement = agreements.record_agreement(
                    by=operator,
                    kind="memorandum",
                    title=f"Memorandum {number} ({visibility})",
                    language="en",
                    visibility=visibility,
                    topics=["artificial-intelligence"],
                    parties=[
                        agreements.PartyIn(organisation=world.org_a),
                        *(agreements.PartyIn(state=code) for code in states),
                    ],
                )
                agreements.sign_agreement(
                    agreement, by=operator, signed_on=date(2020 + number, 5, 1)
                )
                agreements.add_commitment(agreement, by=operator, text="Open a laboratory")
            project = projects.record_project(
                by=operator,
                title=f"Pilot {number}",
                language="en",
                visibility="partners",
                partners=[
                    projects.PartnerIn(organisation=world.org_a, role="lead"),
                    projects.PartnerIn(state="UZ"),
                ],
            )
            projects.add_budget_line(project, by=operator, label="Kit", amount="5", currency="USD")

    def measured() -> tuple[int, int]:
        """Counted afresh (the public part not yet in the cache), then from the cache."""
        cache.clear()
        return _queries(client, url), _queries(client, url)

    client = world.client(role)
    add(1)
    client.get(url)
    one = measured()

    add(2)
    three = measured()

    assert one == three, f"{url} as {role}: {one} queries for 1 agreement, {three} for 3"


OPPORTUNITY_PAGES = [
    "/opportunities/",
    "/opportunities/?q=city&kind=challenge&open=on",
    "/opportunities/for-us/",
    "/opportunities/mine/",
    "ranking",
]


@pytest.mark.parametrize("url", OPPORTUNITY_PAGES)
def test_opportunity_pages_query_count_does_not_grow(world, url):
    from datetime import timedelta

    from consortia.core import clock
    from consortia.opportunities import services

    operator, member_b = world.users["operator"], world.users["member_b"]
    now = clock.now()
    call = services.create_opportunity(
        by=operator,
        owner=world.org_b,
        kind="challenge",
        title="Ranked city call",
        description="Sensors for the city.",
        language="en",
        closes_at=now + timedelta(days=30),
    )
    criterion = services.add_criterion(call, by=operator, name="Impact", weight="1")
    services.assign_reviewer(call, by=operator, user=member_b)
    services.publish_opportunity(call, by=operator)
    numbers = count(1)

    def add(n: int) -> None:
        for number in islice(numbers, n):
            opportunity = services.create_opportunity(
                by=operator,
                owner=world.org_b,
                kind="challenge",
                title=f"City call {number}",
                description="Sensors for the city.",
                language="en",
                topics=["artificial-intelligence"],
                eligible_countries=["RU", "KZ"],
                opens_at=now - timedelta(days=1),
                closes_at=now + timedelta(days=number),
            )
            services.publish_opportunity(opportunity, by=operator)
            applicant = OrganisationFactory(name=f"Applicant {number}")
            person = MembershipFactory(organisation=applicant).person.user
            for target in [opportunity, call]:
                application = services.start_application(target, by=person, applicant=applicant)
                services.submit_application(application, by=person)
            services.score_application(application, by=member_b, scores={criterion: (3, "")})

    if url == "ranking":
        url = f"/opportunities/{call.public_id}/applications/"
    client = world.client("member_a" if "for-us" in url else "member_b")
    add(1)
    client.get(url)
    one = _queries(client, url)

    add(2)
    three = _queries(client, url)

    assert one == three, f"{url}: {one} queries for 1 item, {three} for 3"
    assert b"Applicant 3" in client.get(url).content or b"City call 3" in client.get(url).content
