"""Every list, search, export and recommendation returns exactly what the detail permission
allows: for each of the six roles, on the authorization matrix's world (two organisations in two
countries, a pending one, and one object of every kind in every state: public and confidential
agreements and projects, drafts, a withdrawn offer, an application, events, B2B…).

For each list the test asks every page as each role, then asks the detail of every object of
that kind in the database as the same role: the listed ids must equal the ids whose detail
answers 200. Searching narrows a list and never widens it; exports and recommendations hold only
what the detail allows."""

import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Model
from django.test import Client

from consortia.agreements.models import Agreement
from consortia.core import clock
from consortia.directory.models import (
    Membership,
    Offer,
    Organisation,
    Person,
    VerificationStatus,
)
from consortia.events.models import Event
from consortia.messaging.models import Conversation
from consortia.opportunities.models import Application, Opportunity, PilotSite
from consortia.projects.models import Project
from tests.conftest import ROLES
from tests.factories.directory import OrganisationFactory
from tests.test_authorization_matrix import Objects, objects  # noqa: F401 (fixture)

Scope = Callable[[Any, Any], bool]  # (the object, the user asking)


def everything(obj: Any, user: Any) -> bool:
    return True


def verified(organisation: Organisation, user: Any = None) -> bool:
    return organisation.verification_status == VerificationStatus.VERIFIED


def live(offer: Offer, user: Any) -> bool:
    return (
        offer.status == Offer.Status.ACTIVE
        and offer.expires_on >= clock.today()
        and verified(offer.organisation)
    )


def in_status(status: str) -> Scope:
    return lambda opportunity, user: opportunity.status == status


def of_my_organisations(application: Application, user: Any) -> bool:
    return Membership.objects.filter(
        organisation_id=application.applicant_id, person__user_id=user.pk
    ).exists()


def to(opportunity: Opportunity) -> Scope:
    return lambda application, user: application.opportunity_id == opportunity.pk


# (list, the detail with {} for the id, the model it lists, and each way of asking the list with
# the part of what the detail allows that it holds). The directory lists what is verified and
# live; an organisation's own pending profile and withdrawn or expired offers are on its pages,
# not in the directory. Opportunities are listed by status, published by default.
LISTS: list[tuple[str, str, type[Model], list[tuple[dict[str, str], Scope]]]] = [
    ("/api/v1/organisations", "/api/v1/organisations/{}", Organisation, [({}, verified)]),
    ("/api/v1/people", "/api/v1/people/{}", Person, [({}, everything)]),
    ("/api/v1/offers", "/api/v1/offers/{}", Offer, [({}, live)]),
    ("/api/v1/conversations", "/api/v1/conversations/{}", Conversation, [({}, everything)]),
    ("/api/v1/agreements", "/api/v1/agreements/{}", Agreement, [({}, everything)]),
    ("/api/v1/projects", "/api/v1/projects/{}", Project, [({}, everything)]),
    (
        "/api/v1/opportunities",
        "/api/v1/opportunities/{}",
        Opportunity,
        [({}, in_status("published"))]
        + [({"status": status}, in_status(status)) for status in ("published", "closed", "draft")],
    ),
    (  # one's own organisations' applications; an opportunity's, for those who review it
        "/api/v1/opportunities/applications",
        "/api/v1/opportunities/applications/{}",
        Application,
        [({}, of_my_organisations)],
    ),
    ("/api/v1/pilot-sites", "/api/v1/pilot-sites/{}", PilotSite, [({}, everything)]),
    ("/api/v1/events", "/api/v1/events/{}", Event, [({}, everything)]),
]


def _client(objects: Objects, role: str) -> Client:  # noqa: F811
    return objects.world.client(role)


def _listed(client: Client, path: str, **query: str) -> set[str] | None:
    """Every id of every page; None when the list itself is refused to the caller (an
    opportunity's applications to an applicant, who reads their own through their list)."""
    ids: set[str] = set()
    page = 1
    while True:
        response = client.get(path, {**query, "page": page, "page_size": 100})
        assert response.status_code in (200, 401, 403, 404), (path, response.status_code)
        if response.status_code != 200:
            return None
        body = response.json()
        items = body["items"] if isinstance(body, dict) else body
        found = {str(item["id"]) for item in items}
        assert not found & ids, f"{path}: page {page} repeats ids"
        ids |= found
        if isinstance(body, list) or len(ids) >= body["count"] or not items:
            return ids
        page += 1


def _allowed(client: Client, detail: str, model: type[Model]) -> dict[str, Any]:
    """The objects of ``model`` whose detail answers 200, by id."""
    allowed = {}
    for obj in model.objects.all():
        status = client.get(detail.format(obj.public_id)).status_code
        assert status in (200, 401, 404), (detail, status)
        if status == 200:
            allowed[str(obj.public_id)] = obj
    return allowed


@pytest.mark.parametrize("role", ROLES)
def test_every_list_holds_exactly_what_the_detail_allows(
    objects: Objects,  # noqa: F811
    role: str,
) -> None:
    client = _client(objects, role)
    user = objects.world.users.get(role, AnonymousUser())
    per_opportunity = [
        (
            f"/api/v1/opportunities/{opportunity.public_id}/applications",
            "/api/v1/opportunities/applications/{}",
            Application,
            [({}, to(opportunity))],
        )
        for opportunity in Opportunity.objects.all()
    ]
    differences = {}
    seen = 0
    for path, detail, model, ways in LISTS + per_opportunity:
        allowed = _allowed(client, detail, model)
        for query, scope in ways:
            listed = _listed(client, path, **query)
            if listed is None:
                continue
            expected = {key for key, obj in allowed.items() if scope(obj, user)}
            seen += len(listed)
            if listed != expected:
                differences[f"{path}?{query}"] = {
                    "listed, not expected": sorted(listed - expected),
                    "expected, not listed": sorted(expected - listed),
                }

    assert differences == {}
    assert seen > 0


DETAIL_OF_KIND = {
    "organisation": "/api/v1/organisations/{}",
    "offer": "/api/v1/offers/{}",
    "opportunity": "/api/v1/opportunities/{}",
    "event": "/api/v1/events/{}",
}
SEARCHED = [
    "/api/v1/organisations",
    "/api/v1/offers",
    "/api/v1/agreements",
    "/api/v1/projects",
    "/api/v1/opportunities",
    "/api/v1/events",
]


@pytest.mark.parametrize("role", ROLES)
def test_search_export_and_recommendations_hold_only_what_the_detail_allows(
    objects: Objects,  # noqa: F811
    role: str,
) -> None:
    client = _client(objects, role)
    found_by_search = 0
    for path in SEARCHED:
        everything_listed = _listed(client, path) or set()
        for word in ("Alpha", "Kazakhstan", "pilot", "forum", "robotics", "Россия"):
            searched = _listed(client, path, q=word) or set()
            assert searched <= everything_listed, (path, word)  # a search only narrows
            found_by_search += len(searched)

    exported = client.get("/api/v1/agreements/export.json")
    rows = json.loads(b"".join(exported.streaming_content))["agreements"]
    allowed = _allowed(client, "/api/v1/agreements/{}", Agreement)
    published = {
        key
        for key, agreement in allowed.items()
        if agreement.visibility == "public" and agreement.status != "draft"
    }

    assert {str(row["id"]) for row in rows} == published and published
    assert found_by_search > 0

    if role in ("member_a", "admin_a", "member_b"):
        recommended = client.get("/api/v1/recommendations", {"k": 20})
        assert recommended.status_code == 200
        items = recommended.json()
        assert items
        for item in items:
            detail = DETAIL_OF_KIND[item["kind"]].format(item["id"])
            assert client.get(detail).status_code == 200, item


# The pages people browse list what the API lists (each page asked until no new object shows):
# (page, the detail link it shows for each object, the API list with the same scope).
WEB_LISTS = [
    ("/directory/", r"/directory/organisations/([0-9a-f-]{36})/", "/api/v1/organisations"),
    ("/directory/people/", r"/directory/people/([0-9a-f-]{36})/", "/api/v1/people"),
    ("/offers/", r"/offers/([0-9a-f-]{36})/", "/api/v1/offers"),
    ("/agreements/", r"/agreements/([0-9a-f-]{36})/", "/api/v1/agreements"),
    ("/projects/", r"/projects/([0-9a-f-]{36})/", "/api/v1/projects"),
    ("/opportunities/", r"/opportunities/([0-9a-f-]{36})/", "/api/v1/opportunities"),
    ("/events/", r"/events/([0-9a-f-]{36})/", "/api/v1/events"),
    ("/messages/", r"/messages/([0-9a-f-]{36})/", "/api/v1/conversations"),
]


def _linked(client: Client, path: str, link: str) -> set[str] | None:
    ids: set[str] = set()
    for page in range(1, 50):
        response = client.get(path, {"page": page})
        if response.status_code in (302, 403, 404):
            return None if page == 1 else ids
        assert response.status_code == 200, (path, response.status_code)
        found = set(re.findall(f'href="{link}"', response.content.decode()))
        if not found - ids:
            return ids
        ids |= found
    raise AssertionError(f"{path}: more than 50 pages")


@pytest.mark.parametrize("role", ROLES)
def test_every_page_lists_what_the_api_lists(objects: Objects, role: str) -> None:  # noqa: F811
    OrganisationFactory.create_batch(45)  # the directory runs to more than one page
    client = _client(objects, role)
    differences, seen, pages = {}, 0, 0
    for page, link, api in WEB_LISTS:
        linked = _linked(client, page, link)
        listed = _listed(client, api)
        if linked is None or listed is None:
            assert linked is None and (listed is None or role == "anonymous"), (page, role)
            continue
        seen += len(linked)
        pages += page == "/directory/" and len(linked) > 45
        if linked != listed:
            differences[page] = {
                "on the page only": sorted(linked - listed),
                "in the API only": sorted(listed - linked),
            }
    assert differences == {}
    assert seen > 0 and pages == 1
