"""The opportunities API through Django's test client: the list and one opportunity, publishing
and its form, rubric and reviewers, eligibility, applications with answers and files, review,
ranking and decisions, engagements, pilot sites — and who may see and do what."""

import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from consortia.core import clock
from consortia.core.models import AuditEvent
from consortia.opportunities import services
from consortia.opportunities.models import (
    Answer,
    Application,
    ApplicationStatus,
    Booking,
    Criterion,
    Engagement,
    FormField,
    Opportunity,
    OpportunityStatus,
    PilotSite,
    Reviewer,
    Score,
    Tranche,
)
from tests.conftest import World
from tests.factories.directory import MembershipFactory

from .conftest import (
    CLOSES,
    DURING,
    EXECUTABLE,
    PDF,
    Applicant,
    accepted,
    applicant,
    client_of,
    draft,
    pdf,
    publish,
    started,
    submitted,
)

V1 = "/api/v1"
pytestmark = pytest.mark.django_db


def _send(client: Client, method: str, url: str, body: dict[str, Any] | None = None) -> Any:
    return client.generic(method, url, data=json.dumps(body or {}), content_type="application/json")


def _post(client: Client, url: str, body: dict[str, Any] | None = None) -> Any:
    return _send(client, "POST", url, body)


def _errors(response: Any) -> set[str]:
    assert response.status_code == 422, response.content
    return {error["field"] for error in response.json()["errors"]}


def _titles(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["items"]]


def _draft(world: World, **values: Any) -> Opportunity:
    return draft(
        world,
        **(
            {"kind": "grant", "title": "Seed grant", "description": "Money for prototypes."}
            | values
        ),
    )


def _new_opportunity(world: World, **changes: Any) -> dict[str, Any]:
    return {
        "owner": str(world.org_a.public_id),
        "kind": "grant",
        "title": "Seed grant",
        "description": "Money for prototypes.",
        "language": "en",
        "topics": ["artificial-intelligence"],
        "opens_at": "2025-03-01T09:00:00",
        "closes_at": "2025-04-01T18:00:00",
        "time_zone": "Europe/Moscow",
        "capacity": 3,
        "grant_amount": "500000.00",
        "grant_currency": "rub",
        "eligible_countries": ["RU", "KZ"],
        "eligible_kinds": ["startup"],
        "founded_from_year": 2015,
        **changes,
    }


# --- The list -------------------------------------------------------------------------------
def test_list_opportunities_shows_every_field_of_an_item(world: World, challenge: Opportunity):
    with clock.frozen(DURING):
        response = Client().get(f"{V1}/opportunities")

    assert response.json() == {
        "count": 1,
        "items": [
            {
                "id": str(challenge.public_id),
                "kind": "challenge",
                "title": "Smart parking challenge",
                "description": "Find free parking places with cameras.",
                "language": "en",
                "status": "published",
                "owner": {
                    "id": str(world.org_a.public_id),
                    "name": "Alpha Robotics",
                    "country": "RU",
                },
                "topics": [],
                "opens_at": "2025-03-01T06:00:00Z",
                "closes_at": "2025-04-01T06:00:00Z",
                "time_zone": "UTC",
                "is_open": True,
            }
        ],
    }


def test_list_opportunities_filters_like_the_list_page(world: World, challenge: Opportunity):
    grant = publish(
        world,
        kind="grant",
        title="Robot grant",
        description="Money for prototypes.",
        topics=["robotics"],
    )
    late = publish(
        world,
        title="Later challenge",
        opens_at=datetime(2025, 5, 1, tzinfo=UTC),
        closes_at=datetime(2025, 6, 1, tzinfo=UTC),
        owner=world.org_b,
        by="operator",
    )
    services.close_opportunity(late, by=world.users["operator"])
    client = Client()

    with clock.frozen(DURING):
        assert _titles(client.get(f"{V1}/opportunities?kind=grant")) == ["Robot grant"]
        assert _titles(client.get(f"{V1}/opportunities?topic=robotics")) == [grant.title]
        assert _titles(client.get(f"{V1}/opportunities?q=parking")) == [challenge.title]
        assert _titles(client.get(f"{V1}/opportunities?country=RU&open=true")) == [
            "Robot grant",
            "Smart parking challenge",
        ]
        assert _titles(client.get(f"{V1}/opportunities?status=closed")) == ["Later challenge"]


def test_drafts_are_listed_only_to_the_owners_members_and_the_operator(world: World):
    _draft(world)
    url = f"{V1}/opportunities?status=draft"

    seen = {role: _titles(world.client(role).get(url)) for role in ("member_a", "operator")}
    hidden = {role: _titles(world.client(role).get(url)) for role in ("anonymous", "member_b")}

    assert seen == {"member_a": ["Seed grant"], "operator": ["Seed grant"]}
    assert hidden == {"anonymous": [], "member_b": []}


def test_list_opportunities_refuses_unknown_filters_naming_each(world: World):
    response = Client().get(f"{V1}/opportunities?kind=lottery&country=XX&status=secret")

    assert _errors(response) == {"kind", "country", "status"}


# --- One opportunity ------------------------------------------------------------------------
def test_the_detail_has_benefits_window_in_both_zones_rules_form_and_rubric(world: World):
    admin = world.client("admin_a")
    created = _post(admin, f"{V1}/opportunities", _new_opportunity(world))
    opportunity = Opportunity.objects.get()
    field = services.add_form_field(
        opportunity, by=world.users["admin_a"], label="Stage", kind="choice", choices=["A", "B"]
    )
    criterion = services.add_criterion(
        opportunity, by=world.users["admin_a"], name="Impact", weight="2.5", scale=10
    )
    services.assign_reviewer(opportunity, by=world.users["admin_a"], user=world.users["member_b"])
    url = f"{V1}/opportunities/{opportunity.public_id}"

    detail = admin.get(url).json()
    seen_by_member = world.client("member_a").get(url).json()

    assert created.status_code == 201, created.content
    assert (opportunity.opens_at, opportunity.closes_at) == (
        datetime(2025, 3, 1, 6, 0, tzinfo=UTC),
        datetime(2025, 4, 1, 15, 0, tzinfo=UTC),
    )
    assert detail["window"] == {
        "opens_at": "2025-03-01T06:00:00Z",
        "closes_at": "2025-04-01T15:00:00Z",
        "time_zone": "Europe/Moscow",
        "opens_at_local": "2025-03-01T09:00:00+03:00",
        "closes_at_local": "2025-04-01T18:00:00+03:00",
    }
    assert detail["benefits"] == {
        "capacity": 3,
        "grant": {"amount": "500000.00", "currency": "RUB"},
        "ticket_min": None,
        "ticket_max": None,
        "desks": None,
        "housing_places": None,
        "stay_days": None,
        "pilot_site": None,
    }
    assert detail["rules"] == {
        "countries": ["KZ", "RU"],
        "kinds": ["startup"],
        "stages": [],
        "topics": [],
        "founded_from_year": 2015,
        "founded_until_year": None,
        "verified_only": True,
    }
    assert detail["form"] == [
        {
            "id": field.pk,
            "label": "Stage",
            "help_text": "",
            "kind": "choice",
            "required": True,
            "choices": ["A", "B"],
            "position": 1,
        }
    ]
    assert detail["rubric"] == [
        {"id": criterion.pk, "name": "Impact", "weight": "2.50", "scale": 10, "position": 1}
    ]
    member_b = world.users["member_b"].person
    assert [(r["person"], r["name"]) for r in detail["reviewers"]] == [
        (str(member_b.public_id), member_b.full_name)
    ]
    assert (detail["status"], detail["nda_text"]) == ("draft", "")
    assert seen_by_member["reviewers"] is None
    assert seen_by_member["rubric"] == detail["rubric"]


def test_a_draft_is_404_outside_the_owner_and_an_unknown_id_is_404(world: World):
    draft = _draft(world)

    answers = [
        world.client(role).get(f"{V1}/opportunities/{draft.public_id}").status_code
        for role in ("anonymous", "no_org", "member_b", "member_a", "operator")
    ]
    unknown = Client().get(f"{V1}/opportunities/00000000-0000-0000-0000-000000000000")

    assert answers == [404, 404, 404, 200, 200]
    assert (unknown.status_code, unknown.json()) == (404, {"detail": "Not Found"})


# --- Creating, changing, publishing, closing ------------------------------------------------
def test_an_admin_creates_a_draft_with_a_pilot_site(world: World):
    site = services.create_pilot_site(
        by=world.users["admin_a"],
        owner=world.org_a,
        kind="park",
        name="Alpha test track",
        language="en",
        country="RU",
    )

    response = _post(
        world.client("admin_a"),
        f"{V1}/opportunities",
        _new_opportunity(world, kind="pilot_request", pilot_site=str(site.public_id)),
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["kind"], body["status"], body["benefits"]["pilot_site"]) == (
        "pilot_request",
        "draft",
        {"id": str(site.public_id), "name": "Alpha test track"},
    )
    assert body["owner"]["id"] == str(world.org_a.public_id)
    assert Opportunity.objects.get().created_by == world.users["admin_a"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "lottery"}, "kind"),
        ({"title": "  "}, "title"),
        ({"closes_at": "2025-02-01T00:00:00"}, "closes_at"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"grant_currency": "XYZ"}, "grant_currency"),
        ({"eligible_countries": ["XX"]}, "eligible_countries"),
        ({"owner": "00000000-0000-0000-0000-000000000000"}, "owner"),
        ({"pilot_site": "00000000-0000-0000-0000-000000000000"}, "pilot_site"),
        ({"capacity": "many"}, "capacity"),
    ],
)
def test_creating_refuses_bad_input_naming_the_field(
    world: World, change: dict[str, Any], field: str
):
    response = _post(
        world.client("admin_a"), f"{V1}/opportunities", _new_opportunity(world, **change)
    )

    assert field in _errors(response)
    assert Opportunity.objects.count() == 0


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 401), ("no_org", 403), ("member_a", 403), ("member_b", 403)],
)
def test_only_the_owners_admins_create(world: World, role: str, status: int):
    response = _post(world.client(role), f"{V1}/opportunities", _new_opportunity(world))

    assert response.status_code == status
    assert Opportunity.objects.count() == 0


def test_patch_changes_only_the_fields_given(world: World):
    draft = _draft(world, capacity=5)

    response = _send(
        world.client("admin_a"),
        "PATCH",
        f"{V1}/opportunities/{draft.public_id}",
        {"title": "Bigger seed grant", "closes_at": "2025-04-10T12:00:00+03:00"},
    )

    assert response.status_code == 200, response.content
    draft.refresh_from_db()
    assert (draft.title, draft.closes_at, draft.capacity, draft.description) == (
        "Bigger seed grant",
        datetime(2025, 4, 10, 9, 0, tzinfo=UTC),
        5,
        "Money for prototypes.",
    )


def test_patch_with_the_close_before_the_opening_is_422_and_changes_nothing(world: World):
    draft = _draft(world)

    response = _send(
        world.client("admin_a"),
        "PATCH",
        f"{V1}/opportunities/{draft.public_id}",
        {"title": "Changed", "closes_at": "2025-01-01T00:00:00Z"},
    )

    assert _errors(response) == {"closes_at"}
    draft.refresh_from_db()
    assert (draft.title, draft.closes_at) == ("Seed grant", CLOSES)


def test_publish_then_close_and_wrong_transitions_are_422(world: World):
    draft = _draft(world)
    undated = _draft(world, title="Undated", closes_at=None)
    client = world.client("admin_a")
    url = f"{V1}/opportunities/{draft.public_id}"

    published = _post(client, f"{url}/publish")
    again = _post(client, f"{url}/publish")
    closed = _post(client, f"{url}/close")
    changed = _send(client, "PATCH", url, {"title": "Too late"})
    no_close = _post(client, f"{V1}/opportunities/{undated.public_id}/publish")

    assert (published.status_code, published.json()["status"]) == (200, "published")
    assert _errors(again) == {"status"}
    assert (closed.status_code, closed.json()["status"]) == (200, "closed")
    assert _errors(changed) == {"status"}
    assert _errors(no_close) == {"closes_at"}
    draft.refresh_from_db()
    assert (draft.status, draft.title) == (OpportunityStatus.CLOSED, "Seed grant")


@pytest.mark.parametrize("role", ["member_a", "member_b", "no_org"])
def test_who_sees_but_does_not_manage_gets_403_on_every_write_and_nothing_changes(
    world: World, challenge: Opportunity, role: str
):
    field = services.add_form_field(challenge, by=world.users["admin_a"], label="Deck", kind="file")
    criterion = services.add_criterion(challenge, by=world.users["admin_a"], name="Fit", weight=1)
    services.assign_reviewer(challenge, by=world.users["admin_a"], user=world.users["owner_a"])
    person = world.users["owner_a"].person.public_id
    client = world.client(role)
    url = f"{V1}/opportunities/{challenge.public_id}"
    events = AuditEvent.objects.count()

    answers = [
        _send(client, "PATCH", url, {"title": "Mine now"}),
        _post(client, f"{url}/publish"),
        _post(client, f"{url}/close"),
        _post(client, f"{url}/fields", {"label": "Budget", "kind": "money"}),
        client.delete(f"{url}/fields/{field.pk}"),
        _post(client, f"{url}/criteria", {"name": "Team", "weight": "1"}),
        client.delete(f"{url}/criteria/{criterion.pk}"),
        client.get(f"{url}/reviewers"),
        _post(client, f"{url}/reviewers", {"person": str(person)}),
        client.delete(f"{url}/reviewers/{person}"),
    ]

    assert [response.status_code for response in answers] == [403] * len(answers)
    assert answers[0].json() == {
        "detail": "Only the owner's admins or the operator manage this opportunity."
    }
    challenge.refresh_from_db()
    assert (challenge.title, challenge.status) == ("Smart parking challenge", "published")
    assert (FormField.objects.count(), Criterion.objects.count(), Reviewer.objects.count()) == (
        1,
        1,
        1,
    )
    assert AuditEvent.objects.count() == events


# --- Form and rubric ------------------------------------------------------------------------
def test_form_fields_are_added_and_removed(world: World):
    draft = _draft(world)
    client = world.client("admin_a")
    url = f"{V1}/opportunities/{draft.public_id}/fields"

    added = _post(
        client,
        url,
        {"label": "Team size", "kind": "number", "required": False, "help_text": "People"},
    )
    one_choice = _post(client, url, {"label": "Stage", "kind": "choice", "choices": ["A"]})
    bad_kind = _post(client, url, {"label": "Photo", "kind": "video"})
    removed = client.delete(f"{url}/{added.json()['id']}")
    unknown = client.delete(f"{url}/999999")

    assert added.status_code == 201, added.content
    assert added.json() == {
        "id": added.json()["id"],
        "label": "Team size",
        "help_text": "People",
        "kind": "number",
        "required": False,
        "choices": [],
        "position": 1,
    }
    assert _errors(one_choice) == {"choices"}
    assert _errors(bad_kind) == {"kind"}
    assert (removed.status_code, unknown.status_code) == (204, 404)
    assert FormField.objects.count() == 0


def test_an_answered_question_stays_on_the_form(world: World, challenge: Opportunity, gamma):
    field = services.add_form_field(
        challenge, by=world.users["admin_a"], label="Pitch", kind="text"
    )
    services.save_answers(started(challenge, gamma), by=gamma.member, values={field.pk: "Hi"})

    response = world.client("admin_a").delete(
        f"{V1}/opportunities/{challenge.public_id}/fields/{field.pk}"
    )

    assert _errors(response) == {"field"}
    assert FormField.objects.count() == 1


def test_criteria_are_added_and_removed(world: World):
    draft = _draft(world)
    client = world.client("admin_a")
    url = f"{V1}/opportunities/{draft.public_id}/criteria"

    added = _post(client, url, {"name": "Impact", "weight": "1.5", "scale": 10})
    zero = _post(client, url, {"name": "Team", "weight": "0"})
    too_high = _post(client, url, {"name": "Team", "weight": "1", "scale": 1000})
    removed = client.delete(f"{url}/{added.json()['id']}")

    assert added.status_code == 201, added.content
    assert added.json() == {
        "id": added.json()["id"],
        "name": "Impact",
        "weight": "1.50",
        "scale": 10,
        "position": 1,
    }
    assert _errors(zero) == {"weight"}
    assert _errors(too_high) == {"scale"}
    assert removed.status_code == 204
    assert Criterion.objects.count() == 0


# --- Reviewers ------------------------------------------------------------------------------
def test_reviewers_are_assigned_listed_and_removed(world: World, challenge: Opportunity):
    client = world.client("admin_a")
    url = f"{V1}/opportunities/{challenge.public_id}/reviewers"
    person = world.users["member_b"].person

    assigned = _post(client, url, {"person": str(person.public_id)})
    listed = client.get(url)
    unknown = _post(client, url, {"person": "00000000-0000-0000-0000-000000000000"})
    removed = client.delete(f"{url}/{person.public_id}")
    gone = client.delete(f"{url}/{person.public_id}")

    assert assigned.status_code == 201, assigned.content
    assert assigned.json()["person"] == str(person.public_id)
    assert assigned.json()["name"] == person.full_name
    assert listed.json()["count"] == 1
    assert listed.json()["items"] == [assigned.json()]
    assert _errors(unknown) == {"person"}
    assert (removed.status_code, gone.status_code) == (204, 404)
    assert Reviewer.objects.count() == 0


# --- Eligibility ----------------------------------------------------------------------------
def test_opportunities_for_us_gives_the_verdict_with_a_reason_per_rule(
    world: World, challenge: Opportunity, gamma: Applicant
):
    kazakh_only = publish(world, title="Kazakh pilots", eligible_countries=["KZ"])
    url = f"{V1}/opportunities/for/{gamma.organisation.public_id}"

    with clock.frozen(DURING):
        response = client_of(gamma).get(url)

    assert response.status_code == 200, response.content
    rows = response.json()["items"]
    assert [(row["opportunity"]["title"], row["eligible"]) for row in rows] == [
        ("Smart parking challenge", True),
        (kazakh_only.title, False),
    ]
    assert rows[1]["checks"] == [
        {
            "rule": "verified",
            "passed": True,
            "reason": "Your organisation is a verified member.",
        },
        {"rule": "country", "passed": False, "reason": "Open to organisations from: Kazakhstan."},
    ]


@pytest.mark.parametrize(("role", "status"), [("member_b", 403), ("anonymous", 401)])
def test_opportunities_for_us_is_only_for_the_organisations_members(
    world: World, challenge: Opportunity, role: str, status: int
):
    response = world.client(role).get(f"{V1}/opportunities/for/{world.org_a.public_id}")

    assert response.status_code == status


def test_the_eligibility_of_one_opportunity_for_one_organisation(world: World):
    young = applicant("Young Labs", founded_year=2020)
    grant = publish(world, kind="grant", title="Old firms", founded_until_year=2000)
    url = f"{V1}/opportunities/{grant.public_id}/eligibility/{young.organisation.public_id}"

    mine = client_of(young).get(url)
    theirs = world.client("member_b").get(url)

    assert mine.status_code == 200, mine.content
    body = mine.json()
    assert (body["eligible"], body["organisation"]["name"], body["opportunity"]["title"]) == (
        False,
        "Young Labs",
        "Old firms",
    )
    assert body["checks"][1:] == [
        {"rule": "founded", "passed": False, "reason": "Founded in 2000 or earlier."}
    ]
    assert theirs.status_code == 403


# --- Applications ---------------------------------------------------------------------------
def _with_form(world: World, opportunity: Opportunity) -> dict[str, FormField]:
    admin = world.users["admin_a"]
    return {
        "pitch": services.add_form_field(opportunity, by=admin, label="Pitch", kind="text"),
        "budget": services.add_form_field(
            opportunity, by=admin, label="Budget", kind="money", required=False
        ),
        "deck": services.add_form_field(opportunity, by=admin, label="Deck", kind="file"),
    }


def test_an_applicant_starts_answers_submits_and_withdraws(
    world: World, challenge: Opportunity, gamma: Applicant
):
    fields = _with_form(world, challenge)
    client = client_of(gamma)

    with clock.frozen(DURING):
        started_ = _post(
            client,
            f"{V1}/opportunities/{challenge.public_id}/applications",
            {"applicant": str(gamma.organisation.public_id)},
        )
        url = f"{V1}/opportunities/applications/{started_.json()['id']}"
        early = _post(client, f"{url}/submit")
        saved = client.post(
            f"{url}/answers",
            {
                f"field_{fields['pitch'].pk}": "Cameras find places.",
                f"field_{fields['budget'].pk}": "1500.5",
                f"field_{fields['budget'].pk}_currency": "usd",
                f"field_{fields['deck'].pk}": pdf(),
            },
        )
        submitted_ = _post(client, f"{url}/submit")
        withdrawn = _post(client, f"{url}/withdraw")

    assert started_.status_code == 201, started_.content
    assert started_.json()["status"] == "draft"
    assert started_.json()["applicant"]["name"] == "Gamma Sensors"
    assert _errors(early) == {f"field_{fields['pitch'].pk}", f"field_{fields['deck'].pk}"}
    assert saved.status_code == 200, saved.content
    answer_file = Answer.objects.get(field=fields["deck"])
    assert sorted(saved.json()["answers"], key=lambda a: a["field"]) == [
        {
            "field": fields["pitch"].pk,
            "text": "Cameras find places.",
            "number": None,
            "currency": "",
            "file": None,
        },
        {
            "field": fields["budget"].pk,
            "text": "",
            "number": "1500.50",
            "currency": "USD",
            "file": None,
        },
        {
            "field": fields["deck"].pk,
            "text": "",
            "number": None,
            "currency": "",
            "file": {
                "id": str(answer_file.public_id),
                "name": "pitch.pdf",
                "content_type": "application/pdf",
                "size": len(PDF),
                "url": f"{V1}/opportunities/answers/{answer_file.public_id}",
            },
        },
    ]
    assert (submitted_.status_code, submitted_.json()["status"]) == (200, "submitted")
    assert submitted_.json()["submitted_at"] == "2025-03-10T12:00:00Z"
    assert (withdrawn.status_code, withdrawn.json()["status"]) == (200, "withdrawn")


def test_starting_refuses_without_the_nda_twice_or_for_another_organisation(
    world: World, gamma: Applicant
):
    secret = publish(world, title="Secret challenge", nda_text="Keep it quiet.")
    client = client_of(gamma)
    url = f"{V1}/opportunities/{secret.public_id}/applications"
    body = {"applicant": str(gamma.organisation.public_id)}

    without = _post(client, url, body)
    accepted_ = _post(client, url, body | {"accept_nda": True})
    twice = _post(client, url, body | {"accept_nda": True})
    as_others = _post(client, url, {"applicant": str(world.org_b.public_id), "accept_nda": True})
    unknown = _post(client, url, {"applicant": "00000000-0000-0000-0000-000000000000"})

    assert _errors(without) == {"accept_nda"}
    assert accepted_.status_code == 201
    assert accepted_.json()["nda_accepted_at"] is not None
    assert _errors(twice) == {"applicant"}
    assert as_others.status_code == 403
    assert _errors(unknown) == {"applicant"}
    assert Application.objects.count() == 1


def test_a_file_that_is_not_what_its_name_says_is_422_and_nothing_is_stored(
    world: World, challenge: Opportunity, gamma: Applicant, settings: Any
):
    fields = _with_form(world, challenge)
    application = started(challenge, gamma)

    response = client_of(gamma).post(
        f"{V1}/opportunities/applications/{application.public_id}/answers",
        {
            f"field_{fields['pitch'].pk}": "Cameras find places.",
            f"field_{fields['deck'].pk}": pdf("deck.pdf", EXECUTABLE),
        },
    )

    assert _errors(response) == {f"field_{fields['deck'].pk}"}
    assert Answer.objects.count() == 0
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_answers_naming_no_question_are_422(world: World, challenge: Opportunity, gamma: Applicant):
    fields = _with_form(world, challenge)
    application = started(challenge, gamma)
    url = f"{V1}/opportunities/applications/{application.public_id}/answers"
    client = client_of(gamma)

    stray = client.post(url, {"pitch": "Hello"})
    other = client.post(url, {"field_999999": "Hello"})
    currency = client.post(url, {f"field_{fields['pitch'].pk}_currency": "RUB"})
    text_file = client.post(url, {f"field_{fields['pitch'].pk}": pdf()})

    assert _errors(stray) == {"pitch"}
    assert _errors(other) == {"answers"}
    assert _errors(currency) == {f"field_{fields['pitch'].pk}_currency"}
    assert _errors(text_file) == {f"field_{fields['pitch'].pk}"}
    assert Answer.objects.count() == 0


def test_my_applications_lists_my_organisations_applications_only(
    world: World, challenge: Opportunity, gamma: Applicant, delta: Applicant
):
    mine = started(challenge, gamma)
    started(challenge, delta)

    response = client_of(gamma).get(f"{V1}/opportunities/applications")

    assert response.status_code == 200
    assert [item["id"] for item in response.json()["items"]] == [str(mine.public_id)]
    assert Client().get(f"{V1}/opportunities/applications").status_code == 401


def _outsiders(world: World, delta: Applicant) -> dict[str, Client]:
    """Everyone signed in who must not learn of gamma's application: another applicant, a member
    of another organisation, someone without organisation, the operator."""
    return {
        "other applicant": client_of(delta),
        "member_b": world.client("member_b"),
        "no_org": world.client("no_org"),
        "operator": world.client("operator"),
        "member_a (owner, not admin)": world.client("member_a"),
    }


def test_every_kind_of_outsider_gets_404_on_every_operation_of_an_application(
    world: World, gamma: Applicant, delta: Applicant
):
    grant = publish(
        world, kind="grant", title="Seed grant", grant_amount="1000", grant_currency="RUB"
    )
    deck = services.add_form_field(grant, by=world.users["admin_a"], label="Deck", kind="file")
    criterion = services.add_criterion(grant, by=world.users["admin_a"], name="Fit", weight=1)
    application = started(grant, gamma)
    services.save_answers(application, by=gamma.member, files={deck.pk: pdf()})
    with clock.frozen(DURING):
        services.submit_application(application, by=gamma.member)
    services.accept_application(application, by=world.users["admin_a"])
    engagement = services.start_engagement(application, by=world.users["admin_a"])
    started(grant, delta)
    answer = Answer.objects.get()
    url = f"{V1}/opportunities/applications/{application.public_id}"
    engagement_url = f"{V1}/opportunities/engagements/{engagement.public_id}"
    events = AuditEvent.objects.count()

    def every_operation(client: Client) -> list[Any]:
        return [
            client.get(url),
            client.post(f"{url}/answers", {f"field_{deck.pk}": pdf()}),
            _post(client, f"{url}/submit"),
            _post(client, f"{url}/withdraw"),
            client.get(f"{url}/scores"),
            _send(
                client,
                "PUT",
                f"{url}/scores",
                {"scores": [{"criterion": criterion.pk, "value": 1}]},
            ),
            _post(client, f"{url}/decision", {"decision": "reject", "reason": "No"}),
            _post(client, f"{url}/engagement", {}),
            client.get(f"{V1}/opportunities/answers/{answer.public_id}"),
            client.get(engagement_url),
            _post(client, f"{engagement_url}/result", {"result": "Mine"}),
            _post(
                client,
                f"{engagement_url}/tranches",
                {"amount": {"amount": "10", "currency": "RUB"}, "due_on": "2025-06-01"},
            ),
            _post(
                client,
                f"{engagement_url}/booking",
                {"offer": str(grant.public_id), "starts_on": "2025-06-01"},
            ),
        ]

    answers = {name: every_operation(client) for name, client in _outsiders(world, delta).items()}
    anonymous = every_operation(Client())

    for name, responses in answers.items():
        assert [r.status_code for r in responses] == [404] * len(responses), name
        assert all(b"Gamma" not in r.content for r in responses), name
    assert [r.status_code for r in anonymous] == [401] * len(anonymous)
    assert AuditEvent.objects.count() == events
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED
    assert (Score.objects.count(), Tranche.objects.count(), Answer.objects.count()) == (0, 0, 1)


def test_a_draft_is_hidden_from_the_owner_and_reviewers_until_submitted(
    world: World, challenge: Opportunity, gamma: Applicant
):
    services.assign_reviewer(challenge, by=world.users["admin_a"], user=world.users["member_b"])
    application = started(challenge, gamma)
    url = f"{V1}/opportunities/applications/{application.public_id}"

    before = [world.client(role).get(url).status_code for role in ("admin_a", "member_b")]
    with clock.frozen(DURING):
        services.submit_application(application, by=gamma.member)
    after = [world.client(role).get(url).status_code for role in ("admin_a", "member_b")]

    assert (before, after) == ([404, 404], [200, 200])


def test_the_answer_file_downloads_for_whoever_reads_the_application(
    world: World, challenge: Opportunity, gamma: Applicant
):
    fields = _with_form(world, challenge)
    application = started(challenge, gamma)
    services.save_answers(application, by=gamma.member, files={fields["deck"].pk: pdf()})
    answer = Answer.objects.get()

    download = client_of(gamma).get(f"{V1}/opportunities/answers/{answer.public_id}")

    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["Cache-Control"] == "private, no-store"


# --- Review, ranking, decisions -------------------------------------------------------------
def _ranked_world(world: World, gamma: Applicant, delta: Applicant) -> dict[str, Any]:
    """Weights 2 and 1 on scales 5 and 3; gamma scored 4 and 1 (64.44), delta 5 and 3 (100.00),
    a third applicant unscored."""
    admin = world.users["admin_a"]
    challenge = publish(world)
    impact = services.add_criterion(challenge, by=admin, name="Impact", weight="2", scale=5)
    team = services.add_criterion(challenge, by=admin, name="Team", weight="1", scale=3)
    services.assign_reviewer(challenge, by=admin, user=world.users["member_b"])
    epsilon = applicant("Epsilon Grid")
    applications = {
        "gamma": submitted(challenge, gamma, at=DURING),
        "delta": submitted(challenge, delta, at=DURING),
        "epsilon": submitted(challenge, epsilon, at=DURING),
    }
    return {"challenge": challenge, "impact": impact, "team": team, **applications}


def _score(client: Client, application: Application, scores: dict[Criterion, int]) -> Any:
    return _send(
        client,
        "PUT",
        f"{V1}/opportunities/applications/{application.public_id}/scores",
        {"scores": [{"criterion": c.pk, "value": v, "comment": "ok"} for c, v in scores.items()]},
    )


def test_a_reviewer_scores_and_the_ranking_is_exact_and_in_order(
    world: World, gamma: Applicant, delta: Applicant
):
    things = _ranked_world(world, gamma, delta)
    reviewer = world.client("member_b")
    impact, team = things["impact"], things["team"]

    scored = _score(reviewer, things["gamma"], {impact: 4, team: 1})
    _score(reviewer, things["delta"], {impact: 5, team: 3})
    rescored = _score(reviewer, things["gamma"], {impact: 4, team: 1})
    mine = reviewer.get(f"{V1}/opportunities/applications/{things['gamma'].public_id}/scores")
    ranking = world.client("admin_a").get(
        f"{V1}/opportunities/{things['challenge'].public_id}/ranking"
    )

    assert scored.status_code == 200, scored.content
    assert [(s["criterion"], s["value"], s["comment"]) for s in rescored.json()] == [
        (impact.pk, 4, "ok"),
        (team.pk, 1, "ok"),
    ]
    assert [(s["criterion"], s["value"]) for s in mine.json()["items"]] == [
        (impact.pk, 4),
        (team.pk, 1),
    ]
    assert Score.objects.count() == 4
    assert ranking.status_code == 200, ranking.content
    assert [
        (row["position"], row["application"]["applicant"]["name"], row["score"], row["reviewers"])
        for row in ranking.json()["items"]
    ] == [
        (1, "Delta Mobility", "100.00", 1),
        (2, "Gamma Sensors", "64.44", 1),
        (3, "Epsilon Grid", None, 0),
    ]
    assert Decimal(ranking.json()["items"][1]["score"]) == Decimal("64.44")


def test_a_bad_score_is_422_naming_the_criterion(world: World, gamma: Applicant, delta: Applicant):
    things = _ranked_world(world, gamma, delta)
    reviewer = world.client("member_b")
    team = things["team"]

    too_high = _score(reviewer, things["gamma"], {team: 4})
    other = _send(
        reviewer,
        "PUT",
        f"{V1}/opportunities/applications/{things['gamma'].public_id}/scores",
        {"scores": [{"criterion": 999999, "value": 1}]},
    )

    assert _errors(too_high) == {f"criterion_{team.pk}"}
    assert _errors(other) == {"scores"}
    assert Score.objects.count() == 0


def test_only_assigned_reviewers_score_and_never_their_own_organisation(
    world: World, gamma: Applicant, delta: Applicant
):
    things = _ranked_world(world, gamma, delta)
    MembershipFactory(organisation=gamma.organisation, person=world.users["member_b"].person)

    own = _score(world.client("member_b"), things["gamma"], {things["impact"]: 5})
    admin = _score(world.client("admin_a"), things["delta"], {things["impact"]: 5})
    admin_reads = world.client("admin_a").get(
        f"{V1}/opportunities/applications/{things['delta'].public_id}/scores"
    )

    assert own.status_code == 403
    assert admin.status_code == 403
    assert admin_reads.status_code == 403
    assert Score.objects.count() == 0


def test_applications_for_review_are_for_admins_and_reviewers_only(
    world: World, gamma: Applicant, delta: Applicant
):
    things = _ranked_world(world, gamma, delta)
    url = f"{V1}/opportunities/{things['challenge'].public_id}"

    answers = {
        role: (
            world.client(role).get(f"{url}/applications").status_code,
            world.client(role).get(f"{url}/ranking").status_code,
        )
        for role in ("anonymous", "no_org", "member_a", "admin_a", "member_b")
    }
    listed = world.client("admin_a").get(f"{url}/applications").json()

    assert answers == {
        "anonymous": (401, 401),
        "no_org": (404, 404),
        "member_a": (404, 404),
        "admin_a": (200, 200),
        "member_b": (200, 200),
    }
    assert listed["count"] == 3
    assert {item["applicant"]["name"] for item in listed["items"]} == {
        "Gamma Sensors",
        "Delta Mobility",
        "Epsilon Grid",
    }


def test_the_owners_admins_shortlist_accept_and_reject_with_a_reason(
    world: World, gamma: Applicant, delta: Applicant
):
    things = _ranked_world(world, gamma, delta)
    admin = world.client("admin_a")

    def decide(application: Application, decision: str, reason: str = "") -> Any:
        return _post(
            admin,
            f"{V1}/opportunities/applications/{application.public_id}/decision",
            {"decision": decision, "reason": reason},
        )

    shortlisted = decide(things["gamma"], "shortlist")
    accepted_ = decide(things["gamma"], "accept", "Strong pilot.")
    no_reason = decide(things["delta"], "reject")
    rejected = decide(things["delta"], "reject", "Not this year.")
    again = decide(things["delta"], "accept")
    unknown = decide(things["epsilon"], "promote")
    by_reviewer = _post(
        world.client("member_b"),
        f"{V1}/opportunities/applications/{things['epsilon'].public_id}/decision",
        {"decision": "accept"},
    )
    by_applicant = _post(
        client_of(gamma),
        f"{V1}/opportunities/applications/{things['gamma'].public_id}/decision",
        {"decision": "reject", "reason": "Oops"},
    )

    assert shortlisted.json()["status"] == "shortlisted"
    assert (accepted_.json()["status"], accepted_.json()["decision_reason"]) == (
        "accepted",
        "Strong pilot.",
    )
    assert _errors(no_reason) == {"reason"}
    assert (rejected.json()["status"], rejected.json()["decision_reason"]) == (
        "rejected",
        "Not this year.",
    )
    assert _errors(again) == {"status"}
    assert _errors(unknown) == {"decision"}
    assert (by_reviewer.status_code, by_applicant.status_code) == (403, 403)
    things["epsilon"].refresh_from_db()
    assert things["epsilon"].status == ApplicationStatus.SUBMITTED


def test_accepting_past_the_capacity_is_422(world: World, gamma: Applicant, delta: Applicant):
    challenge = publish(world, capacity=1)
    first, second = submitted(challenge, gamma), submitted(challenge, delta)
    services.accept_application(first, by=world.users["admin_a"])

    response = _post(
        world.client("admin_a"),
        f"{V1}/opportunities/applications/{second.public_id}/decision",
        {"decision": "accept"},
    )

    assert _errors(response) == {"capacity"}


# --- Engagements ----------------------------------------------------------------------------
def test_a_grant_is_followed_up_with_a_result_and_tranches(world: World, gamma: Applicant):
    grant = publish(
        world, kind="grant", title="Seed grant", grant_amount="1000", grant_currency="RUB"
    )
    application = accepted(world, grant, gamma)
    admin = world.client("admin_a")

    started_ = _post(
        admin,
        f"{V1}/opportunities/applications/{application.public_id}/engagement",
        {"starts_on": "2025-05-01", "ends_on": "2025-12-31", "plan": "Build", "kpis": "2 pilots"},
    )
    url = f"{V1}/opportunities/engagements/{started_.json()['id']}"
    result = _post(
        admin,
        f"{url}/result",
        {
            "result": "Prototype built",
            "contract_value": {"amount": "2500000.50", "currency": "rub"},
            "investment": {"amount": "100000", "currency": "USD"},
            "instrument": "equity",
        },
    )
    tranche = _post(
        admin,
        f"{url}/tranches",
        {"amount": {"amount": "400", "currency": "RUB"}, "due_on": "2025-06-01"},
    )
    zero = _post(
        admin,
        f"{url}/tranches",
        {"amount": {"amount": "0", "currency": "RUB"}, "due_on": "2025-06-01"},
    )
    applicant_reads = client_of(gamma).get(url)
    applicant_writes = _post(client_of(gamma), f"{url}/result", {"result": "Great"})

    assert started_.status_code == 201, started_.content
    assert started_.json() | {"id": None} == {
        "id": None,
        "application": str(application.public_id),
        "kind": "grant",
        "starts_on": "2025-05-01",
        "ends_on": "2025-12-31",
        "site": None,
        "plan": "Build",
        "kpis": "2 pilots",
        "result": "",
        "contract_value": None,
        "grant": {"amount": "1000.00", "currency": "RUB"},
        "investment": None,
        "instrument": "",
        "report": "",
        "tranches": [],
        "booking": None,
    }
    assert result.status_code == 200, result.content
    assert (result.json()["contract_value"], result.json()["investment"]) == (
        {"amount": "2500000.50", "currency": "RUB"},
        {"amount": "100000.00", "currency": "USD"},
    )
    assert tranche.status_code == 201, tranche.content
    assert [(t["amount"], t["due_on"], t["paid_on"]) for t in tranche.json()["tranches"]] == [
        ({"amount": "400.00", "currency": "RUB"}, "2025-06-01", None)
    ]
    assert _errors(zero) == {"amount"}
    assert applicant_reads.json() == tranche.json()
    assert applicant_writes.status_code == 403
    application.refresh_from_db()
    assert application.engagement.result == "Prototype built"


def test_starting_an_engagement_refuses_bad_input_naming_the_field(
    world: World, challenge: Opportunity, gamma: Applicant, delta: Applicant
):
    accepted_ = accepted(world, challenge, gamma)
    only_submitted = submitted(challenge, delta)
    admin = world.client("admin_a")

    def start(application: Application, body: dict[str, Any]) -> Any:
        return _post(
            admin, f"{V1}/opportunities/applications/{application.public_id}/engagement", body
        )

    backwards = start(accepted_, {"starts_on": "2025-05-01", "ends_on": "2025-04-01"})
    grant = start(accepted_, {"grant": {"amount": "10", "currency": "RUB"}})
    site = start(accepted_, {"site": "00000000-0000-0000-0000-000000000000"})
    not_accepted = start(only_submitted, {})

    assert _errors(backwards) == {"ends_on"}
    assert _errors(grant) == {"grant"}
    assert _errors(site) == {"site"}
    assert _errors(not_accepted) == {"status"}
    assert Engagement.objects.count() == 0


def test_a_residency_books_desks_and_housing_at_a_soft_landing_offer(
    world: World, gamma: Applicant, delta: Applicant
):
    programme = publish(world, kind="programme", title="Accelerator")
    offer = publish(
        world, kind="soft_landing", title="Moscow landing", desks=1, housing_places=1, stay_days=30
    )
    first = services.start_engagement(accepted(world, programme, gamma), by=world.users["admin_a"])
    second = services.start_engagement(accepted(world, programme, delta), by=world.users["admin_a"])
    admin = world.client("admin_a")

    def book(engagement: Engagement, **body: Any) -> Any:
        return _post(
            admin,
            f"{V1}/opportunities/engagements/{engagement.public_id}/booking",
            {"offer": str(offer.public_id), "starts_on": "2025-06-01", **body},
        )

    booked = book(first, housing=1)
    full = book(second, desks=1, housing=1)
    at_a_programme = book(second, offer=str(programme.public_id))

    assert booked.status_code == 201, booked.content
    assert booked.json()["booking"] == {
        "offer": {
            "id": str(offer.public_id),
            "title": "Moscow landing",
            "kind": "soft_landing",
            "owner": {"id": str(world.org_a.public_id), "name": "Alpha Robotics", "country": "RU"},
        },
        "starts_on": "2025-06-01",
        "ends_on": "2025-06-30",
        "desks": 1,
        "housing": 1,
    }
    assert _errors(full) == {"desks"}
    assert _errors(at_a_programme) == {"offer"}
    assert Booking.objects.count() == 1


# --- Pilot sites ----------------------------------------------------------------------------
def _site(world: World, **changes: Any) -> PilotSite:
    values: dict[str, Any] = {
        "kind": "city",
        "name": "Kazan smart district",
        "language": "en",
        "country": "RU",
        "city": "Kazan",
        "topics": ["intelligent-transport"],
    }
    return services.create_pilot_site(
        by=world.users["admin_a"], owner=world.org_a, **(values | changes)
    )


def test_pilot_sites_are_listed_filtered_and_read_by_anyone(world: World):
    site = _site(world)
    _site(world, name="Almaty lab", kind="lab", country="KZ", city="Almaty", topics=[])
    client = Client()

    everything = client.get(f"{V1}/pilot-sites")
    cities = client.get(f"{V1}/pilot-sites?kind=city&country=ru&topic=intelligent-transport")
    words = client.get(f"{V1}/pilot-sites?q=almaty")
    bad = client.get(f"{V1}/pilot-sites?kind=moon&country=XX&topic=nothing")
    detail = client.get(f"{V1}/pilot-sites/{site.public_id}")

    assert [item["name"] for item in everything.json()["items"]] == [
        "Almaty lab",
        "Kazan smart district",
    ]
    assert [item["name"] for item in cities.json()["items"]] == ["Kazan smart district"]
    assert [item["name"] for item in words.json()["items"]] == ["Almaty lab"]
    assert _errors(bad) == {"kind", "country", "topic"}
    assert detail.json() == {
        "id": str(site.public_id),
        "owner": {"id": str(world.org_a.public_id), "name": "Alpha Robotics", "country": "RU"},
        "kind": "city",
        "name": "Kazan smart district",
        "description": "",
        "language": "en",
        "country": "RU",
        "city": "Kazan",
        "topics": ["intelligent-transport"],
    }


def test_a_pending_organisations_site_is_404_to_outsiders(world: World):
    site = services.create_pilot_site(
        by=world.users["operator"],
        owner=world.pending,
        kind="lab",
        name="Pending bench",
        language="en",
        country="RU",
    )

    answers = [
        world.client(role).get(f"{V1}/pilot-sites/{site.public_id}").status_code
        for role in ("anonymous", "member_b", "member_a", "operator")
    ]

    assert answers == [404, 404, 200, 200]


def test_an_admin_creates_and_changes_a_site(world: World):
    client = world.client("admin_a")

    created = _post(
        client,
        f"{V1}/pilot-sites",
        {
            "owner": str(world.org_a.public_id),
            "kind": "park",
            "name": "Alpha park",
            "language": "en",
            "country": "RU",
        },
    )
    url = f"{V1}/pilot-sites/{created.json()['id']}"
    changed = _send(client, "PATCH", url, {"city": "Innopolis", "topics": ["robotics"]})
    bad = _send(client, "PATCH", url, {"kind": "moon", "name": ""})

    assert created.status_code == 201, created.content
    assert (changed.status_code, changed.json()["city"], changed.json()["topics"]) == (
        200,
        "Innopolis",
        ["robotics"],
    )
    assert _errors(bad) == {"kind", "name"}
    assert PilotSite.objects.get().name == "Alpha park"


@pytest.mark.parametrize(
    ("role", "status"), [("member_a", 403), ("member_b", 403), ("anonymous", 401)]
)
def test_only_the_owners_admins_create_and_change_sites(world: World, role: str, status: int):
    site = _site(world)
    client = world.client(role)

    created = _post(
        client,
        f"{V1}/pilot-sites",
        {
            "owner": str(world.org_a.public_id),
            "kind": "park",
            "name": "Not mine",
            "language": "en",
            "country": "RU",
        },
    )
    changed = _send(client, "PATCH", f"{V1}/pilot-sites/{site.public_id}", {"name": "Mine"})

    assert (created.status_code, changed.status_code) == (status, status)
    assert list(PilotSite.objects.values_list("name", flat=True)) == ["Kazan smart district"]


# --- The OpenAPI document -------------------------------------------------------------------
def test_every_opportunities_operation_declares_its_answers(world: World):
    document = Client().get(f"{V1}/openapi.json").json()
    operations = [
        (method, path, operation)
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
        if "opportunities" in operation["tags"]
    ]

    undeclared = {
        f"{method.upper()} {path}": sorted(
            ({"401", "404"} | ({"403", "422"} if method != "get" else set()))
            - set(operation["responses"])
        )
        for method, path, operation in operations
    }

    assert len(operations) == 36
    assert {name: missing for name, missing in undeclared.items() if missing} == {}
    answers = document["paths"][f"{V1}/opportunities/applications/{{application_id}}/answers"]
    assert "multipart/form-data" in answers["post"]["requestBody"]["content"]


# --- Query counts ---------------------------------------------------------------------------
def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.content)
    return len(captured)


def _lists(world: World, gamma: Applicant) -> dict[str, Any]:
    """A published challenge with gamma's submitted application, and a pilot site, per call."""
    counter = iter(range(100))

    def add(n: int) -> None:
        for _ in range(n):
            number = next(counter)
            opportunity = publish(world, title=f"Challenge {number}", topics=["robotics"])
            services.add_criterion(opportunity, by=world.users["admin_a"], name="Fit", weight=1)
            services.assign_reviewer(
                opportunity, by=world.users["admin_a"], user=world.users["member_b"]
            )
            _site(world, name=f"Site {number}")
            submitted(opportunity, gamma)
            other = applicant(f"Applicant {number}")
            application = submitted(fixed, other)
            criterion = fixed.criteria.get()
            services.score_application(
                application, by=world.users["member_b"], scores={criterion: (1, "")}
            )

    fixed = publish(world, title="Fixed")
    services.add_criterion(fixed, by=world.users["admin_a"], name="Fit", weight=1)
    services.assign_reviewer(fixed, by=world.users["admin_a"], user=world.users["member_b"])
    return {"add": add, "fixed": fixed}


@pytest.mark.parametrize(
    ("who", "path"),
    [
        ("anonymous", "/opportunities?topic=robotics"),
        ("anonymous", "/pilot-sites"),
        ("gamma", "/opportunities/applications"),
        ("gamma", "/opportunities/for/{gamma}"),
        ("admin_a", "/opportunities/{fixed}/applications"),
        ("member_b", "/opportunities/{fixed}/ranking"),
    ],
)
def test_list_query_counts_do_not_grow_with_the_items(
    world: World, gamma: Applicant, who: str, path: str
):
    things = _lists(world, gamma)
    client = client_of(gamma) if who == "gamma" else world.client(who)
    url = V1 + path.format(gamma=gamma.organisation.public_id, fixed=things["fixed"].public_id)

    things["add"](1)
    client.get(url)
    one = _queries(client, url)
    things["add"](2)
    three = _queries(client, url)

    assert one == three, f"{url}: {one} queries for 1 item, {three} for 3"
