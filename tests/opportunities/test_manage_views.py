"""The owner's pages through Django's test client: publishing and changing an opportunity, the
set-up page (questions, rubric, reviewers) and what follows an accepted application."""

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from consortia.core import clock
from consortia.opportunities import services
from consortia.opportunities.models import (
    Booking,
    Criterion,
    Engagement,
    FormField,
    Opportunity,
    OpportunityStatus,
    Reviewer,
    Tranche,
)
from tests.conftest import World

from .conftest import Applicant, accepted, applicant, client_of, draft, publish, submitted

NEW = "/opportunities/new/"


def _new(world: World, **changes: Any) -> dict[str, Any]:
    """What the new-opportunity page posts for organisation A's pilot request."""
    return {
        "owner": world.org_a.pk,
        "kind": "pilot_request",
        "title": "Drones over the fields",
        "description": "Crop monitoring from the air.",
        "language": "en",
        "topics": ["artificial-intelligence"],
        "time_zone": "Europe/Berlin",
        "opens_at": "2030-01-15T09:00",
        "closes_at": "2030-07-01T18:30",
        "capacity": "3",
        "grant_amount": "",
        "grant_currency": "",
        "eligible_countries": ["KZ", "UZ"],
        "eligible_kinds": ["startup"],
        "eligible_stages": ["mvp"],
        "founded_from_year": "2015",
        "verified_only": "on",
    } | changes


def _url(opportunity: Opportunity, action: str = "") -> str:
    return f"/opportunities/{opportunity.public_id}/{action + '/' if action else ''}"


def _draft(world: World, **values: Any) -> Opportunity:
    return draft(
        world,
        **(
            {
                "description": "Cameras find free places.",
                "time_zone": "Asia/Tokyo",
                "opens_at": datetime(2030, 3, 1, 0, 0, tzinfo=UTC),
                "closes_at": datetime(2030, 4, 1, 9, 0, tzinfo=UTC),
            }
            | values
        ),
    )


# New opportunity and edit


def test_new_opportunity_is_a_draft_with_the_window_in_the_chosen_time_zone(world: World):
    client = world.client("admin_a")

    response = client.post(NEW, _new(world))

    opportunity = Opportunity.objects.get(title="Drones over the fields")
    assert response.status_code == 302
    assert response["Location"] == _url(opportunity, "setup")
    assert opportunity.status == OpportunityStatus.DRAFT
    assert opportunity.owner == world.org_a
    # Berlin: UTC+1 in January, UTC+2 (summer time) in July
    assert opportunity.opens_at == datetime(2030, 1, 15, 8, 0, tzinfo=UTC)
    assert opportunity.closes_at == datetime(2030, 7, 1, 16, 30, tzinfo=UTC)
    assert opportunity.time_zone == "Europe/Berlin"
    assert opportunity.capacity == 3
    assert sorted(c.code for c in opportunity.eligible_countries.all()) == ["KZ", "UZ"]
    assert opportunity.eligible_kinds == ["startup"]
    assert opportunity.eligible_stages == ["mvp"]
    assert opportunity.founded_from_year == 2015
    assert opportunity.verified_only is True
    assert [t.code for t in opportunity.topics.all()] == ["artificial-intelligence"]


def test_the_window_is_read_in_the_chosen_zone_not_the_viewers(world: World):
    person = world.users["admin_a"].person
    person.time_zone = "America/New_York"
    person.save()

    world.client("admin_a").post(
        NEW, _new(world, time_zone="Asia/Tokyo", opens_at="2030-01-01T00:00", closes_at="")
    )

    opportunity = Opportunity.objects.get(title="Drones over the fields")
    assert opportunity.opens_at == datetime(2029, 12, 31, 15, 0, tzinfo=UTC)
    assert opportunity.closes_at is None


def test_new_opportunity_refuses_a_time_the_clocks_skip(world: World):
    response = world.client("admin_a").post(NEW, _new(world, opens_at="2030-03-31T02:30"))

    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["opens_at"]
    assert not Opportunity.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"closes_at": "2030-01-01T09:00"}, "closes_at"),  # before it opens
        ({"grant_amount": "5000", "grant_currency": "XYZ"}, "grant_currency"),
        ({"title": ""}, "title"),
        ({"founded_from_year": "2020", "founded_until_year": "2010"}, "founded_until_year"),
        ({"owner": "999999"}, "owner"),
    ],
)
def test_new_opportunity_with_bad_input_names_the_field_and_creates_nothing(
    world: World, changes: dict[str, str], field: str
):
    response = world.client("admin_a").post(NEW, _new(world, **changes))

    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Opportunity.objects.exists()


def test_new_opportunity_only_for_an_organisation_one_administers(world: World):
    response = world.client("admin_a").post(NEW, _new(world, owner=world.org_b.pk))

    assert response.status_code == 400
    assert "owner" in response.context["form"].errors
    assert not Opportunity.objects.exists()


def test_the_operator_publishes_for_any_organisation(world: World):
    response = world.client("operator").post(NEW, _new(world, owner=world.org_b.pk))

    assert response.status_code == 302
    assert Opportunity.objects.get().owner == world.org_b


@pytest.mark.parametrize("role", ["member_a", "member_b", "no_org"])
def test_new_opportunity_is_refused_to_those_who_administer_nothing(world: World, role: str):
    client = world.client(role)

    page, post = client.get(NEW), client.post(NEW, _new(world))

    assert (page.status_code, post.status_code) == (403, 403)
    assert not Opportunity.objects.exists()


def test_a_pilot_site_of_another_owner_is_refused(world: World):
    site = services.create_pilot_site(
        by=world.users["operator"],
        owner=world.org_a,
        kind="city",
        name="Almaty",
        language="en",
        country="KZ",
    )

    response = world.client("operator").post(
        NEW, _new(world, owner=world.org_b.pk, pilot_site=site.pk)
    )

    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["pilot_site"]
    assert not Opportunity.objects.exists()


def test_benefits_by_kind_are_saved(world: World):
    site = services.create_pilot_site(
        by=world.users["admin_a"],
        owner=world.org_a,
        kind="park",
        name="Astana Hub",
        language="en",
        country="KZ",
    )
    values = _new(
        world,
        kind="soft_landing",
        desks="4",
        housing_places="2",
        stay_days="90",
        pilot_site=site.pk,
        ticket_min_amount="10000",
        ticket_min_currency="usd",
        ticket_max_amount="50000",
        ticket_max_currency="USD",
    )

    world.client("admin_a").post(NEW, values)

    opportunity = Opportunity.objects.get()
    assert (opportunity.desks, opportunity.housing_places, opportunity.stay_days) == (4, 2, 90)
    assert opportunity.pilot_site == site
    assert (opportunity.ticket_min_amount, opportunity.ticket_min_currency) == (
        Decimal("10000.00"),
        "USD",
    )
    assert opportunity.ticket_max_amount == Decimal("50000.00")


def test_edit_shows_the_window_in_the_owners_zone_and_keeps_it_exact(world: World):
    opportunity = _draft(world)
    client = world.client("admin_a")

    page = client.get(_url(opportunity, "edit")).content.decode()
    form = client.get(_url(opportunity, "edit")).context["form"]
    values = {name: form[name].value() for name in form.fields if name != "kind"}
    values = {k: v for k, v in values.items() if v is not None and v is not False}
    response = client.post(_url(opportunity, "edit"), values | {"title": "Parking, again"})

    opportunity.refresh_from_db()
    # Tokyo is UTC+9: 00:00 UTC is 09:00 there, and 09:00 UTC is 18:00
    assert 'value="2030-03-01T09:00"' in page
    assert 'value="2030-04-01T18:00"' in page
    assert response.status_code == 302
    assert opportunity.title == "Parking, again"
    assert opportunity.opens_at == datetime(2030, 3, 1, 0, 0, tzinfo=UTC)
    assert opportunity.closes_at == datetime(2030, 4, 1, 9, 0, tzinfo=UTC)


def test_edit_in_another_time_zone_moves_the_window(world: World):
    opportunity = _draft(world)

    response = world.client("admin_a").post(
        _url(opportunity, "edit"),
        {
            "title": opportunity.title,
            "description": opportunity.description,
            "language": "en",
            "time_zone": "UTC",
            "opens_at": "2030-03-01T09:00",
            "closes_at": "2030-04-01T18:00",
            "verified_only": "on",
        },
    )

    opportunity.refresh_from_db()
    assert response.status_code == 302
    assert opportunity.time_zone == "UTC"
    assert opportunity.opens_at == datetime(2030, 3, 1, 9, 0, tzinfo=UTC)
    assert opportunity.closes_at == datetime(2030, 4, 1, 18, 0, tzinfo=UTC)


def test_edit_with_bad_input_names_the_field_and_changes_nothing(world: World):
    opportunity = _draft(world)

    response = world.client("admin_a").post(
        _url(opportunity, "edit"),
        {
            "title": "Changed",
            "description": opportunity.description,
            "language": "en",
            "time_zone": "Asia/Tokyo",
            "opens_at": "2030-03-01T09:00",
            "closes_at": "2030-02-01T09:00",
        },
    )

    opportunity.refresh_from_db()
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["closes_at"]
    assert opportunity.title == "Smart parking challenge"


@pytest.mark.parametrize(("role", "status"), [("member_a", 403), ("member_b", 404)])
def test_edit_is_refused_to_non_managers(world: World, role: str, status: int):
    opportunity = _draft(world)

    response = world.client(role).post(_url(opportunity, "edit"), {"title": "Mine now"})

    opportunity.refresh_from_db()
    assert response.status_code == status
    assert opportunity.title == "Smart parking challenge"


# Publish and close


def test_draft_shows_its_state_and_the_managers_buttons(world: World):
    opportunity = _draft(world)

    admin_page = world.client("admin_a").get(_url(opportunity)).content.decode()
    member_page = world.client("member_a").get(_url(opportunity)).content.decode()

    assert "opportunity-draft" in admin_page and "opportunity-draft" in member_page
    assert _url(opportunity, "publish") in admin_page
    assert _url(opportunity, "setup") in admin_page
    assert _url(opportunity, "publish") not in member_page
    assert _url(opportunity, "edit") not in member_page


def test_publish_then_close(world: World):
    opportunity = _draft(world)
    client = world.client("admin_a")

    published = client.post(_url(opportunity, "publish"))
    opportunity.refresh_from_db()
    status_after_publish = opportunity.status
    page = client.get(_url(opportunity)).content.decode()
    closed = client.post(_url(opportunity, "close"))
    opportunity.refresh_from_db()

    assert (published.status_code, closed.status_code) == (302, 302)
    assert status_after_publish == OpportunityStatus.PUBLISHED
    assert _url(opportunity, "close") in page
    assert opportunity.status == OpportunityStatus.CLOSED


def test_publish_without_a_closing_time_is_refused_with_the_reason(world: World):
    opportunity = _draft(world, closes_at=None)

    response = world.client("admin_a").post(_url(opportunity, "publish"), follow=True)

    opportunity.refresh_from_db()
    assert opportunity.status == OpportunityStatus.DRAFT
    assert "Say when applications close." in response.content.decode()


def test_publish_is_refused_to_a_plain_member(world: World):
    opportunity = _draft(world)

    response = world.client("member_a").post(_url(opportunity, "publish"))

    opportunity.refresh_from_db()
    assert response.status_code == 403
    assert opportunity.status == OpportunityStatus.DRAFT


def test_publish_links_on_the_list_and_mine_for_admins_only(world: World):
    admin_list = world.client("admin_a").get("/opportunities/").content.decode()
    member_list = world.client("member_a").get("/opportunities/").content.decode()
    admin_mine = world.client("admin_a").get("/opportunities/mine/").content.decode()
    member_mine = world.client("member_a").get("/opportunities/mine/").content.decode()

    assert f'href="{NEW}"' in admin_list and f'href="{NEW}"' in admin_mine
    assert f'href="{NEW}"' not in member_list and f'href="{NEW}"' not in member_mine
    assert 'href="/opportunities/pilot-sites/"' in member_list


# The set-up page


def test_setup_adds_and_removes_questions(world: World):
    opportunity = _draft(world)
    client = world.client("admin_a")

    added = client.post(
        _url(opportunity, "setup/questions"),
        {"label": "Stage", "kind": "choice", "required": "on", "choices": "Seed\nSeries A\n"},
    )
    field = FormField.objects.get(opportunity=opportunity)
    page = client.get(_url(opportunity, "setup")).content.decode()
    removed = client.post(_url(opportunity, f"setup/questions/{field.pk}/remove"))

    assert (added.status_code, removed.status_code) == (302, 302)
    assert (field.label, field.kind, field.required, field.choices) == (
        "Stage",
        "choice",
        True,
        ["Seed", "Series A"],
    )
    assert "Series A" in page
    assert not FormField.objects.filter(opportunity=opportunity).exists()


def test_setup_question_with_one_choice_names_the_field_and_adds_nothing(world: World):
    opportunity = _draft(world)

    response = world.client("admin_a").post(
        _url(opportunity, "setup/questions"),
        {"label": "Stage", "kind": "choice", "choices": "Seed"},
    )

    assert response.status_code == 400
    assert list(response.context["question_form"].errors) == ["choices"]
    assert not FormField.objects.exists()


def test_setup_refuses_to_remove_an_answered_question_on_the_page(world: World, gamma: Applicant):
    opportunity = publish(world)
    field = services.add_form_field(
        opportunity, by=world.users["admin_a"], label="Pitch", kind="text"
    )
    application = services.start_application(
        opportunity, by=gamma.member, applicant=gamma.organisation
    )
    services.save_answers(application, by=gamma.member, values={field.pk: "Cameras"})

    response = world.client("admin_a").post(_url(opportunity, f"setup/questions/{field.pk}/remove"))

    assert response.status_code == 400
    assert response.context["question_removal"].non_field_errors() == [
        "Applicants have answered this question; it stays on the form."
    ]
    assert "Applicants have answered this question" in response.content.decode()
    assert FormField.objects.filter(pk=field.pk).exists()


def test_setup_adds_and_removes_criteria(world: World):
    opportunity = _draft(world)
    client = world.client("admin_a")

    added = client.post(
        _url(opportunity, "setup/criteria"), {"name": "Team", "weight": "2.5", "scale": "10"}
    )
    criterion = Criterion.objects.get(opportunity=opportunity)
    removed = client.post(_url(opportunity, f"setup/criteria/{criterion.pk}/remove"))

    assert (added.status_code, removed.status_code) == (302, 302)
    assert (criterion.name, criterion.weight, criterion.scale) == ("Team", Decimal("2.50"), 10)
    assert not Criterion.objects.exists()


@pytest.mark.parametrize(("weight", "scale", "field"), [("0", "5", "weight"), ("1", "0", "scale")])
def test_setup_bad_criterion_names_the_field(world: World, weight: str, scale: str, field: str):
    opportunity = _draft(world)

    response = world.client("admin_a").post(
        _url(opportunity, "setup/criteria"), {"name": "Team", "weight": weight, "scale": scale}
    )

    assert response.status_code == 400
    assert list(response.context["criterion_form"].errors) == [field]
    assert not Criterion.objects.exists()


def test_setup_assigns_a_reviewer_by_e_mail_and_removes_them(world: World):
    opportunity = _draft(world)
    client = world.client("admin_a")
    reviewer_user = world.users["member_b"]

    added = client.post(
        _url(opportunity, "setup/reviewers"), {"email": reviewer_user.email.upper()}
    )
    reviewer = Reviewer.objects.get(opportunity=opportunity)
    page = client.get(_url(opportunity, "setup")).content.decode()
    removed = client.post(_url(opportunity, f"setup/reviewers/{reviewer.pk}/remove"))

    assert (added.status_code, removed.status_code) == (302, 302)
    assert reviewer.user == reviewer_user
    assert reviewer_user.email in page
    assert not Reviewer.objects.exists()


def test_setup_reviewer_without_an_account_names_the_field(world: World):
    opportunity = _draft(world)

    response = world.client("admin_a").post(
        _url(opportunity, "setup/reviewers"), {"email": "nobody@example.org"}
    )

    assert response.status_code == 400
    assert list(response.context["reviewer_form"].errors) == ["email"]
    assert not Reviewer.objects.exists()


@pytest.mark.parametrize(("role", "status"), [("member_a", 403), ("member_b", 404)])
def test_setup_is_refused_to_non_managers_and_changes_nothing(world: World, role: str, status: int):
    opportunity = _draft(world)
    client = world.client(role)

    page = client.get(_url(opportunity, "setup"))
    post = client.post(_url(opportunity, "setup/questions"), {"label": "Mine", "kind": "text"})

    assert (page.status_code, post.status_code) == (status, status)
    assert not FormField.objects.exists()


# What follows an accepted application


def _application_url(application: Any, action: str = "") -> str:
    return f"/opportunities/applications/{application.public_id}/{action}"


def test_start_the_engagement_and_record_its_result(world: World, gamma: Applicant):
    site = services.create_pilot_site(
        by=world.users["admin_a"],
        owner=world.org_a,
        kind="city",
        name="Almaty centre",
        language="en",
        country="KZ",
    )
    application = accepted(world, publish(world), gamma)
    client = world.client("admin_a")

    form_shown = "engagement_form" in client.get(_application_url(application)).context
    started = client.post(
        _application_url(application, "follow-up/start/"),
        {
            "starts_on": "2025-05-01",
            "ends_on": "2025-08-31",
            "site": site.pk,
            "plan": "Ten cameras",
            "kpis": "95% accuracy",
        },
    )
    result = client.post(
        _application_url(application, "follow-up/result/"),
        {
            "result": "Rolled out city-wide",
            "contract_value": "120000",
            "contract_currency": "kzt",
        },
    )
    seen = client_of(gamma).get(_application_url(application)).content.decode()

    engagement = Engagement.objects.get(application=application)
    assert form_shown
    assert (started.status_code, result.status_code) == (302, 302)
    assert (engagement.kind, engagement.site, engagement.starts_on) == (
        "pilot",
        site,
        date(2025, 5, 1),
    )
    assert (engagement.result, engagement.contract_amount, engagement.contract_currency) == (
        "Rolled out city-wide",
        Decimal("120000.00"),
        "KZT",
    )
    assert "Rolled out city-wide" in seen and "Almaty centre" in seen


def test_bad_result_names_the_field_and_changes_nothing(world: World, gamma: Applicant):
    application = accepted(world, publish(world), gamma)
    services.start_engagement(application, by=world.users["admin_a"])

    response = world.client("admin_a").post(
        _application_url(application, "follow-up/result/"),
        {"result": "Done", "contract_value": "100", "contract_currency": "XYZ"},
    )

    engagement = Engagement.objects.get(application=application)
    assert response.status_code == 400
    assert list(response.context["result_form"].errors) == ["contract_currency"]
    assert engagement.result == ""


def test_grant_engagement_with_tranches(world: World, gamma: Applicant):
    opportunity = publish(world, kind="grant", grant_amount="5000", grant_currency="EUR")
    application = accepted(world, opportunity, gamma)
    client = world.client("admin_a")

    started = client.post(
        _application_url(application, "follow-up/start/"),
        {"grant": "4000", "grant_currency": "EUR"},
    )
    tranche = client.post(
        _application_url(application, "follow-up/tranches/"),
        {"amount": "2000", "currency": "EUR", "due_on": "2025-06-01"},
    )
    refused = client.post(
        _application_url(application, "follow-up/tranches/"),
        {"amount": "0", "currency": "EUR", "due_on": "2025-07-01"},
    )
    seen = client_of(gamma).get(_application_url(application)).content.decode()

    engagement = Engagement.objects.get(application=application)
    assert (started.status_code, tranche.status_code, refused.status_code) == (302, 302, 400)
    assert (engagement.grant_amount, engagement.grant_currency) == (Decimal("4000.00"), "EUR")
    assert list(refused.context["tranche_form"].errors) == ["amount"]
    assert [(t.amount, t.due_on) for t in Tranche.objects.all()] == [
        (Decimal("2000.00"), date(2025, 6, 1))
    ]
    assert "2025" in seen and "tranches" in seen


def test_residency_books_desks_and_housing_and_never_more_than_free(world: World, gamma: Applicant):
    offer = publish(
        world, kind="soft_landing", title="Landing in Almaty", desks=2, housing_places=1
    )
    application = accepted(world, publish(world, kind="programme", title="Accelerator"), gamma)
    client = world.client("admin_a")
    client.post(_application_url(application, "follow-up/start/"), {})

    with clock.frozen(datetime(2025, 6, 10, 12, 0, tzinfo=UTC)):
        page = client.get(_application_url(application))
        offer_field = page.context["booking_form"].fields["offer"]
        labels = [label for _, label in offer_field.choices]
    too_many = client.post(
        _application_url(application, "follow-up/booking/"),
        {"offer": offer.pk, "starts_on": "2025-06-01", "desks": "3", "housing": "0"},
    )
    booked = client.post(
        _application_url(application, "follow-up/booking/"),
        {
            "offer": offer.pk,
            "starts_on": "2025-06-01",
            "ends_on": "2025-06-30",
            "desks": "2",
            "housing": "1",
        },
    )

    assert "Landing in Almaty — free today: 2 of 2 desks, 1 of 1 housing places" in labels
    assert too_many.status_code == 400
    assert list(too_many.context["booking_form"].errors) == ["desks"]
    assert booked.status_code == 302
    booking = Booking.objects.get()
    assert (booking.offer, booking.desks, booking.housing) == (offer, 2, 1)
    assert (booking.starts_on, booking.ends_on) == (date(2025, 6, 1), date(2025, 6, 30))


def test_follow_up_is_refused_to_the_applicant_and_changes_nothing(world: World, gamma: Applicant):
    application = accepted(world, publish(world), gamma)

    response = client_of(gamma).post(_application_url(application, "follow-up/start/"), {})

    assert response.status_code == 403
    assert not Engagement.objects.exists()


def test_follow_up_forms_only_once_accepted(world: World):
    delta = applicant("Delta Mobility", kind="startup")
    opportunity = publish(world)
    application = submitted(opportunity, delta)

    page = world.client("admin_a").get(_application_url(application))
    refused = world.client("admin_a").post(_application_url(application, "follow-up/start/"), {})

    assert "engagement_form" not in page.context
    assert refused.status_code == 400
    assert not Engagement.objects.exists()
