"""The pilot-site registry: its services (who may describe a site, what is checked), who sees
which site, and its pages through Django's test client."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consortia.core.permissions import NotPermitted
from consortia.opportunities import selectors, services
from consortia.opportunities.models import PilotSite
from tests.conftest import World
from tests.factories.directory import OrganisationFactory

from .conftest import publish

LIST = "/opportunities/pilot-sites/"


def _site(world: World, *, by: str = "admin_a", owner: Any = None, **values: Any) -> PilotSite:
    fields: dict[str, Any] = {
        "kind": "city",
        "name": "Almaty smart district",
        "language": "en",
        "country": "KZ",
        "city": "Almaty",
        "topics": ["artificial-intelligence"],
    }
    return services.create_pilot_site(
        by=world.users[by], owner=owner or world.org_a, **(fields | values)
    )


def _page(site: PilotSite, action: str = "") -> str:
    return f"{LIST}{site.public_id}/{action + '/' if action else ''}"


# Services


def test_create_pilot_site_by_the_owners_admin(world: World):
    site = _site(world, description="  Streets with sensors.  ")

    assert (site.owner, site.kind, site.name, site.country_id, site.city) == (
        world.org_a,
        "city",
        "Almaty smart district",
        "KZ",
        "Almaty",
    )
    assert site.description == "Streets with sensors."
    assert [t.code for t in site.topics.all()] == ["artificial-intelligence"]


def test_create_pilot_site_names_every_bad_field_and_writes_nothing(world: World):
    with pytest.raises(ValidationError) as error:
        _site(world, kind="castle", name=" ", country="XX", language="tlh")

    assert sorted(error.value.message_dict) == ["country", "kind", "language", "name"]
    assert not PilotSite.objects.exists()


@pytest.mark.parametrize("role", ["member_a", "member_b", "no_org"])
def test_create_pilot_site_only_by_the_owners_admins(world: World, role: str):
    with pytest.raises(NotPermitted):
        _site(world, by=role)

    assert not PilotSite.objects.exists()


def test_an_unverified_organisations_admin_offers_no_site_but_the_operator_may(world: World):
    with pytest.raises(NotPermitted):
        _site(world, by="member_a", owner=world.pending)  # member_a owns the pending one

    site = _site(world, by="operator", owner=world.pending)

    assert site.owner == world.pending


def test_update_pilot_site_changes_the_given_fields(world: World):
    site = _site(world)

    services.update_pilot_site(
        site, by=world.users["admin_a"], name="Almaty centre", topics=["digital-payments"]
    )

    site.refresh_from_db()
    assert (site.name, site.city) == ("Almaty centre", "Almaty")
    assert [t.code for t in site.topics.all()] == ["digital-payments"]


def test_update_pilot_site_with_a_bad_field_changes_nothing(world: World):
    site = _site(world)

    with pytest.raises(ValidationError) as error:
        services.update_pilot_site(site, by=world.users["admin_a"], name="Renamed", country="XX")

    site.refresh_from_db()
    assert list(error.value.message_dict) == ["country"]
    assert site.name == "Almaty smart district"


@pytest.mark.parametrize("role", ["member_a", "member_b"])
def test_update_pilot_site_only_by_the_owners_admins_or_the_operator(world: World, role: str):
    site = _site(world)

    with pytest.raises(NotPermitted):
        services.update_pilot_site(site, by=world.users[role], name="Taken")
    services.update_pilot_site(site, by=world.users["operator"], city="Astana")

    site.refresh_from_db()
    assert (site.name, site.city) == ("Almaty smart district", "Astana")


# Who sees which site


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("anonymous", False),
        ("no_org", False),
        ("member_a", True),  # a member of the pending organisation
        ("admin_a", False),
        ("member_b", False),
        ("operator", True),
    ],
)
def test_an_unverified_owners_site_is_hidden_from_others(world: World, role: str, sees: bool):
    site = _site(world, by="operator", owner=world.pending, name="Pending test bed")
    client = world.client(role)

    listed = "Pending test bed" in client.get(LIST).content.decode()
    detail = client.get(_page(site)).status_code

    assert (listed, detail) == (sees, 200 if sees else 404)


# Pages


def test_list_filters_by_country_kind_area_and_text(world: World):
    _site(world)
    _site(world, kind="park", name="Tashkent IT Park", country="UZ", city="Tashkent", topics=[])
    _site(world, kind="lab", name="Payments lab", country="KZ", topics=["digital-payments"])
    client = world.client("anonymous")

    def names(query: str) -> list[str]:
        response = client.get(f"{LIST}?{query}")
        assert response.status_code == 200
        return [site.name for site in response.context["page"]]

    assert names("") == ["Almaty smart district", "Payments lab", "Tashkent IT Park"]
    assert names("country=UZ") == ["Tashkent IT Park"]
    assert names("kind=lab") == ["Payments lab"]
    assert names("topic=digital-payments") == ["Payments lab"]
    assert names("q=tashkent") == ["Tashkent IT Park"]
    assert names("q=almaty&country=KZ&kind=city") == ["Almaty smart district"]


@pytest.mark.parametrize(("query", "field"), [("kind=castle", "kind"), ("country=XX", "country")])
def test_list_answers_400_naming_a_bad_filter(world: World, query: str, field: str):
    response = world.client("anonymous").get(f"{LIST}?{query}")

    assert response.status_code == 400
    assert list(response.context["form"].errors) == [field]


def test_list_runs_as_many_queries_for_one_site_as_for_three(world: World):
    def queries(n: int) -> int:
        PilotSite.objects.all().delete()
        for i in range(n):
            _site(world, owner=OrganisationFactory(name=f"Owner {i}"), by="operator")
        client = world.client("member_b")
        client.get(LIST)  # warm the session
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LIST).status_code == 200
        return len(captured)

    assert queries(1) == queries(3)


def test_detail_lists_the_published_opportunities_at_the_site(world: World):
    site = _site(world)
    publish(world, title="Cameras at the crossing", pilot_site=site)
    services.create_opportunity(
        by=world.users["admin_a"],
        owner=world.org_a,
        kind="pilot_request",
        title="Unpublished pilot",
        description="Draft.",
        language="en",
        pilot_site=site,
    )

    page = world.client("anonymous").get(_page(site)).content.decode()

    assert "Cameras at the crossing" in page
    assert "Unpublished pilot" not in page
    assert _page(site, "edit") not in page


def test_create_page_adds_a_site_and_goes_to_it(world: World):
    response = world.client("admin_a").post(
        f"{LIST}new/",
        {
            "owner": world.org_a.pk,
            "kind": "park",
            "name": "Astana Hub",
            "language": "ru",
            "country": "KZ",
            "city": "Astana",
            "topics": ["artificial-intelligence"],
        },
    )

    site = PilotSite.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _page(site)
    assert (site.owner, site.name, site.language, site.city) == (
        world.org_a,
        "Astana Hub",
        "ru",
        "Astana",
    )


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"name": ""}, "name"), ({"country": "XX"}, "country"), ({"owner": "0"}, "owner")],
)
def test_create_page_with_bad_input_names_the_field_and_adds_nothing(
    world: World, changes: dict[str, str], field: str
):
    values = {
        "owner": world.org_a.pk,
        "kind": "park",
        "name": "Astana Hub",
        "language": "en",
        "country": "KZ",
    }

    response = world.client("admin_a").post(f"{LIST}new/", values | changes)

    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not PilotSite.objects.exists()


def test_create_page_offers_only_organisations_one_administers(world: World):
    response = world.client("admin_a").get(f"{LIST}new/")

    assert list(response.context["form"].fields["owner"].queryset) == [world.org_a]


@pytest.mark.parametrize("role", ["member_a", "member_b", "no_org"])
def test_create_page_is_refused_to_those_who_administer_nothing(world: World, role: str):
    response = world.client(role).post(
        f"{LIST}new/", {"owner": world.org_a.pk, "kind": "park", "name": "X", "country": "KZ"}
    )

    assert response.status_code == 403
    assert not PilotSite.objects.exists()


def test_edit_page_changes_the_site(world: World):
    site = _site(world)
    client = world.client("admin_a")

    shown = client.get(_page(site)).content.decode()
    response = client.post(
        _page(site, "edit"),
        {
            "kind": "city",
            "name": "Almaty centre",
            "language": "en",
            "country": "KZ",
            "city": "Almaty",
            "description": "Crossings with cameras.",
        },
    )

    site.refresh_from_db()
    assert _page(site, "edit") in shown
    assert response.status_code == 302
    assert (site.name, site.description) == ("Almaty centre", "Crossings with cameras.")
    assert list(site.topics.all()) == []


@pytest.mark.parametrize(("role", "status"), [("member_a", 403), ("member_b", 403)])
def test_edit_page_is_refused_to_others_and_changes_nothing(world: World, role: str, status: int):
    site = _site(world)

    response = world.client(role).post(
        _page(site, "edit"), {"kind": "city", "name": "Taken", "language": "en", "country": "KZ"}
    )

    site.refresh_from_db()
    assert response.status_code == status
    assert site.name == "Almaty smart district"


def test_selector_lists_only_what_the_user_may_publish_for(world: World):
    assert list(selectors.organisations_publishing_for(world.users["admin_a"])) == [world.org_a]
    assert list(selectors.organisations_publishing_for(world.users["member_a"])) == []
    assert world.pending in selectors.organisations_publishing_for(world.users["operator"])
