"""The opportunity pages through Django's test client, on a real database."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from consortia.core import clock
from consortia.directory.models import Role
from consortia.opportunities import services
from consortia.opportunities.models import (
    Answer,
    Application,
    ApplicationStatus,
    Opportunity,
    Score,
)
from tests.conftest import World
from tests.factories.directory import MembershipFactory

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def _draft(world: World, **changes: Any) -> Opportunity:
    now = clock.now()
    values: dict[str, Any] = {
        "kind": "challenge",
        "title": "Smart city challenge",
        "description": "Sensors for the streets of Almaty.",
        "language": "en",
        "topics": ["artificial-intelligence"],
        "opens_at": now - timedelta(days=1),
        "closes_at": datetime(2099, 3, 1, 12, 0, tzinfo=UTC),
        "time_zone": "Asia/Almaty",
    }
    return services.create_opportunity(
        by=world.users["operator"], owner=world.org_b, **(values | changes)
    )


def _published(world: World, **changes: Any) -> Opportunity:
    return services.publish_opportunity(_draft(world, **changes), by=world.users["operator"])


def _page(world: World, role: str, url: str) -> str:
    response = world.client(role).get(url)
    assert response.status_code == 200, (role, url, response.status_code)
    return response.content.decode()


def _with_form(world: World, opportunity: Opportunity) -> dict[str, Any]:
    operator = world.users["operator"]
    return {
        "pitch": services.add_form_field(
            opportunity, by=operator, label="Your pitch", kind="long_text"
        ),
        "deck": services.add_form_field(opportunity, by=operator, label="Deck", kind="file"),
        "ask": services.add_form_field(
            opportunity, by=operator, label="Ask", kind="money", required=False
        ),
    }


def _submitted(world: World, opportunity: Opportunity) -> Application:
    member_a = world.users["member_a"]
    application = services.start_application(opportunity, by=member_a, applicant=world.org_a)
    return services.submit_application(application, by=member_a)


def _admin_b(world: World) -> Any:
    return MembershipFactory(organisation=world.org_b, role=Role.ADMIN).person.user


# The list and the detail


def test_list_shows_published_opportunities_and_not_drafts(world: World):
    _published(world)
    _draft(world, title="Hidden draft call")

    page = _page(world, "anonymous", "/opportunities/")

    assert 'lang="en"><strong>Smart city challenge</strong>' in page
    assert "Open-innovation challenge" in page
    assert "Beta Payments" in page
    assert "Hidden draft call" not in page


def test_list_filters_by_search_kind_country_and_open_now(world: World):
    _published(world)
    _published(
        world, title="Grant for fintech", kind="grant", opens_at=None, description="Payments."
    )

    found = _page(world, "anonymous", "/opportunities/?q=almaty")
    grants = _page(world, "anonymous", "/opportunities/?kind=grant&open=on")
    elsewhere = _page(world, "anonymous", "/opportunities/?country=KZ")

    assert "Smart city challenge" in found and "Grant for fintech" not in found
    assert "Grant for fintech" in grants and "Smart city challenge" not in grants
    assert "No opportunity matches." in elsewhere


@pytest.mark.parametrize(
    ("query", "field"),
    [("kind=lottery", "kind"), ("country=XX", "country"), ("topic=nothing", "topic")],
)
def test_list_answers_400_naming_a_bad_filter(world: World, query: str, field: str):
    response = world.client("anonymous").get(f"/opportunities/?{query}")

    assert response.status_code == 400
    assert f'name="{field}"' in response.content.decode()
    assert "aria-invalid" in response.content.decode() or "errorlist" in response.content.decode()


def test_detail_shows_the_window_in_the_viewers_and_the_owners_time(world: World):
    opportunity = _published(world)

    page = _page(world, "member_a", opportunity.get_absolute_url())  # member_a: Europe/Moscow

    assert '<time datetime="2099-03-01T15:00:00+03:00">' in page
    assert "(03/01/2099 5 p.m. in Asia/Almaty)" in page


def test_detail_says_why_an_organisation_is_not_eligible_and_offers_no_apply(world: World):
    opportunity = _published(world, eligible_countries=["KZ"])

    page = _page(world, "member_a", opportunity.get_absolute_url())

    assert "Organisations from: Kazakhstan" in page
    assert "Not eligible" in page
    assert "✗ Open to organisations from: Kazakhstan." in page
    assert f"/opportunities/{opportunity.public_id}/apply/" not in page


def test_detail_offers_apply_to_an_eligible_organisation(world: World):
    opportunity = _published(world)

    page = _page(world, "member_a", opportunity.get_absolute_url())
    anonymous = _page(world, "anonymous", opportunity.get_absolute_url())

    assert "Eligible" in page
    assert "✓ Your organisation is a verified member." in page
    assert f"/opportunities/{opportunity.public_id}/apply/" in page
    assert f"/opportunities/{opportunity.public_id}/apply/" not in anonymous


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 404), ("member_a", 404), ("member_b", 200), ("operator", 200)],
)
def test_draft_is_seen_only_by_the_owners_members_and_the_operator(
    world: World, role: str, status: int
):
    opportunity = _draft(world)

    response = world.client(role).get(opportunity.get_absolute_url())

    assert response.status_code == status


# Opportunities for us


def test_for_us_lists_eligible_first_with_reasons_for_the_others(world: World):
    _published(world, title="Only for Kazakhstan", eligible_countries=["KZ"])
    _published(world, title="Open to all")

    page = _page(world, "member_a", "/opportunities/for-us/")

    assert page.index("Open to all") < page.index("Only for Kazakhstan")
    assert "✗ Open to organisations from: Kazakhstan." in page
    assert 'name="organisation"' in page  # member_a is in Alpha Robotics and Pending Labs


def test_for_us_answers_400_for_an_organisation_not_ones_own(world: World):
    response = world.client("member_a").get(
        f"/opportunities/for-us/?organisation={world.org_b.public_id}"
    )

    assert response.status_code == 400


# Applying


def test_apply_save_submit_with_a_file(world: World):
    opportunity = _published(world)
    fields = _with_form(world, opportunity)
    client = world.client("member_a")

    started = client.post(
        f"/opportunities/{opportunity.public_id}/apply/", {"applicant": world.org_a.pk}
    )
    application = Application.objects.get(opportunity=opportunity, applicant=world.org_a)
    saved = client.post(
        application.get_absolute_url(),
        {
            "action": "save",
            f"field_{fields['pitch'].pk}": "We sense streets.",
            f"field_{fields['deck'].pk}": SimpleUploadedFile("deck.pdf", PDF),
            f"field_{fields['ask'].pk}": "1500",
            f"field_{fields['ask'].pk}_currency": "usd",
        },
    )
    submitted = client.post(
        application.get_absolute_url(),
        {"action": "submit", f"field_{fields['pitch'].pk}": "We sense streets, kept."},
    )
    page = client.get(application.get_absolute_url())

    assert started.status_code == 302 and started["Location"] == application.get_absolute_url()
    assert saved.status_code == 302
    assert submitted.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    deck = Answer.objects.get(application=application, field=fields["deck"])
    assert deck.original_name == "deck.pdf"
    assert page["Cache-Control"].startswith("private") and "no-store" in page["Cache-Control"]
    content = page.content.decode()
    assert "Submitted" in content and "We sense streets, kept." in content
    assert f"/opportunities/answers/{deck.public_id}/" in content
    assert 'name="action"' not in content  # read-only now
    download = client.get(f"/opportunities/answers/{deck.public_id}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert "no-store" in download["Cache-Control"]


def test_submit_without_a_required_answer_shows_the_error_under_the_question(world: World):
    opportunity = _published(world)
    fields = _with_form(world, opportunity)
    member_a = world.users["member_a"]
    application = services.start_application(opportunity, by=member_a, applicant=world.org_a)

    response = world.client("member_a").post(
        application.get_absolute_url(),
        {"action": "submit", f"field_{fields['pitch'].pk}": "Only the pitch."},
    )

    assert response.status_code == 400
    content = response.content.decode()
    assert f'id="id_field_{fields["deck"].pk}-errors"' in content
    assert "This question needs an answer." in content
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_apply_needs_the_nda_accepted(world: World):
    opportunity = _published(world, nda_text="Keep it secret.")
    client = world.client("member_a")

    refused = client.post(
        f"/opportunities/{opportunity.public_id}/apply/", {"applicant": world.org_a.pk}
    )
    accepted = client.post(
        f"/opportunities/{opportunity.public_id}/apply/",
        {"applicant": world.org_a.pk, "accept_nda": "on"},
    )

    assert refused.status_code == 400
    assert "Accept the non-disclosure terms to apply." in refused.content.decode()
    assert accepted.status_code == 302
    assert Application.objects.get(opportunity=opportunity).nda_accepted_at is not None


@pytest.mark.parametrize("role", ["no_org", "operator", "member_b"])
def test_application_is_hidden_from_everyone_else(world: World, role: str):
    opportunity = _published(world)
    fields = _with_form(world, opportunity)
    member_a = world.users["member_a"]
    application = services.start_application(opportunity, by=member_a, applicant=world.org_a)
    services.save_answers(
        application,
        by=member_a,
        values={fields["pitch"].pk: "Confidential pitch"},
        files={fields["deck"].pk: SimpleUploadedFile("deck.pdf", PDF)},
    )
    services.submit_application(application, by=member_a)
    deck = Answer.objects.get(field=fields["deck"])
    client = world.client(role)

    page = client.get(application.get_absolute_url())
    download = client.get(f"/opportunities/answers/{deck.public_id}/")
    ranking = client.get(f"/opportunities/{opportunity.public_id}/applications/")
    mine = client.get("/opportunities/mine/")

    assert page.status_code == 404
    assert download.status_code == 404
    assert ranking.status_code == (200 if role == "operator" else 404)
    assert b"Confidential pitch" not in mine.content and b"Alpha Robotics" not in ranking.content


def test_another_applicant_does_not_see_the_application(world: World):
    opportunity = _published(world)
    application = _submitted(world, opportunity)
    member_b = world.users["member_b"]
    other = MembershipFactory(role=Role.OWNER, person=member_b.person).organisation
    services.start_application(opportunity, by=member_b, applicant=other)

    response = world.client("member_b").get(application.get_absolute_url())

    assert response.status_code == 404


def test_withdraw(world: World):
    application = _submitted(world, _published(world))

    response = world.client("member_a").post(
        f"/opportunities/applications/{application.public_id}/withdraw/"
    )

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN


def test_mine_lists_our_applications_and_our_opportunities_with_counts(world: World):
    opportunity = _published(world)
    _submitted(world, opportunity)

    ours = _page(world, "member_a", "/opportunities/mine/")
    theirs = _page(world, "member_b", "/opportunities/mine/")

    assert "Smart city challenge" in ours and "Submitted" in ours
    assert "<td>1</td>" in theirs


# Reviewing and deciding


def test_reviewer_scores_and_the_ranking_shows_the_weighted_score(world: World):
    opportunity = _published(world)
    operator, member_b = world.users["operator"], world.users["member_b"]
    impact = services.add_criterion(opportunity, by=operator, name="Impact", weight="2", scale=5)
    team = services.add_criterion(opportunity, by=operator, name="Team", weight="1", scale=10)
    services.assign_reviewer(opportunity, by=operator, user=member_b)
    application = _submitted(world, opportunity)
    client = world.client("member_b")

    form = client.get(application.get_absolute_url())
    response = client.post(
        f"/opportunities/applications/{application.public_id}/score/",
        {
            f"criterion_{impact.pk}": "5",
            f"comment_{impact.pk}": "Strong",
            f"criterion_{team.pk}": "5",
            f"comment_{team.pk}": "",
        },
    )
    ranking = _page(world, "member_b", f"/opportunities/{opportunity.public_id}/applications/")

    assert f'name="criterion_{impact.pk}"' in form.content.decode()
    assert response.status_code == 302
    assert Score.objects.filter(application=application, reviewer=member_b).count() == 2
    assert "Alpha Robotics" in ranking
    assert "83.33" in ranking  # (2 × 5/5 + 1 × 5/10) / 3 × 100


def test_score_out_of_range_is_refused(world: World):
    opportunity = _published(world)
    operator, member_b = world.users["operator"], world.users["member_b"]
    impact = services.add_criterion(opportunity, by=operator, name="Impact", weight="1", scale=5)
    services.assign_reviewer(opportunity, by=operator, user=member_b)
    application = _submitted(world, opportunity)

    world.client("member_b").post(
        f"/opportunities/applications/{application.public_id}/score/",
        {f"criterion_{impact.pk}": "9"},
    )

    assert not Score.objects.exists()


def test_reject_with_a_reason_the_applicant_reads(world: World):
    application = _submitted(world, _published(world))
    admin_b = _admin_b(world)
    client = world.client("member_a")
    client.force_login(admin_b)

    without = client.post(f"/opportunities/applications/{application.public_id}/reject/")
    rejected = client.post(
        f"/opportunities/applications/{application.public_id}/reject/",
        {"reason": "Outside our focus this year."},
    )
    page = _page(world, "member_a", application.get_absolute_url())

    assert without.status_code == 302 and rejected.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED
    assert "Rejected" in page and "Outside our focus this year." in page


def test_shortlist_then_accept(world: World):
    application = _submitted(world, _published(world))
    client = world.client("anonymous")
    client.force_login(_admin_b(world))

    client.post(f"/opportunities/applications/{application.public_id}/shortlist/")
    application.refresh_from_db()
    shortlisted = application.status
    client.post(
        f"/opportunities/applications/{application.public_id}/accept/", {"reason": "Welcome!"}
    )
    application.refresh_from_db()

    assert shortlisted == ApplicationStatus.SHORTLISTED
    assert application.status == ApplicationStatus.ACCEPTED
    assert "Welcome!" in _page(world, "member_a", application.get_absolute_url())


def test_applicant_cannot_decide_on_its_own_application(world: World):
    application = _submitted(world, _published(world))

    response = world.client("admin_a").post(
        f"/opportunities/applications/{application.public_id}/accept/"
    )

    assert response.status_code == 403
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_a_draft_application_is_the_applicants_alone(world: World):
    opportunity = _published(world)
    fields = _with_form(world, opportunity)
    member_a = world.users["member_a"]
    application = services.start_application(opportunity, by=member_a, applicant=world.org_a)
    services.save_answers(
        application, by=member_a, files={fields["deck"].pk: SimpleUploadedFile("deck.pdf", PDF)}
    )
    services.assign_reviewer(opportunity, by=world.users["operator"], user=world.users["member_b"])
    deck = Answer.objects.get(application=application)
    admin_b = world.client("anonymous")
    admin_b.force_login(_admin_b(world))

    for client in [admin_b, world.client("member_b")]:
        assert client.get(application.get_absolute_url()).status_code == 404
        assert client.get(f"/opportunities/answers/{deck.public_id}/").status_code == 404
    assert world.client("member_a").get(application.get_absolute_url()).status_code == 200
