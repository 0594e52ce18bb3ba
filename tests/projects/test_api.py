"""The projects API through Django's test client: list, record, change, life cycle, budget and
rates, milestones, updates with attachments, and who may see and do what."""

import json
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from consortia.agreements import services as agreements
from consortia.agreements.models import Agreement
from consortia.core import clock
from consortia.core.models import AuditEvent
from consortia.core.money import Money
from consortia.projects import services
from consortia.projects.models import (
    BudgetLine,
    ExchangeRate,
    Milestone,
    Project,
    ProjectStatus,
    Update,
    UpdateAttachment,
)
from consortia.projects.services import PartnerIn
from tests.conftest import World

V1 = "/api/v1"
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
STARTS_ON = date(2025, 3, 1)
ENDS_ON = date(2027, 2, 28)


def _record(world: World, **changes: Any) -> Project:
    values: dict[str, Any] = {
        "title": "Smart fields pilot",
        "language": "en",
        "partners": [
            PartnerIn(organisation=world.org_a, role="lead"),
            PartnerIn(state="KZ", role="pilot_site"),
        ],
        "topics": ["artificial-intelligence"],
        "starts_on": STARTS_ON,
        "ends_on": ENDS_ON,
    }
    return services.record_project(by=world.users["operator"], **(values | changes))


def _active(world: World, **changes: Any) -> Project:
    return services.start_project(_record(world, **changes), by=world.users["operator"])


def _secret(world: World, **changes: Any) -> Project:
    return _active(world, visibility="partners", title="Confidential pilot", **changes)


def _with_everything(world: World, project: Project) -> dict[str, Any]:
    """A budget line, a milestone and an update with an attachment on the project."""
    operator = world.users["operator"]
    line = services.add_budget_line(
        project, by=operator, label="Sensors", amount="1000", currency="RUB"
    )
    milestone = services.add_milestone(project, by=operator, title="First harvest")
    update = services.post_update(
        project,
        by=world.users["admin_a"],
        text="Sensors installed.",
        files=[SimpleUploadedFile("report.pdf", PDF)],
    )
    return {"line": line, "milestone": milestone, "attachment": update.attachments.get()}


def _cancelled(world: World) -> Project:
    return services.cancel_project(_record(world), by=world.users["operator"], reason="Stopped")


def _agreement(world: World, **changes: Any) -> Agreement:
    values: dict[str, Any] = {
        "kind": "memorandum",
        "title": "Memorandum on smart agriculture",
        "language": "en",
        "parties": [agreements.PartyIn(organisation=world.org_a), agreements.PartyIn(state="KZ")],
    }
    agreement = agreements.record_agreement(by=world.users["operator"], **(values | changes))
    agreements.sign_agreement(agreement, by=world.users["operator"], signed_on=clock.today())
    return agreement


def _titles(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["items"]]


def _send(client: Client, method: str, url: str, body: dict[str, Any] | None = None) -> Any:
    return client.generic(
        method,
        url,
        data=json.dumps(body or {}),
        content_type="application/json",
    )


def _post(client: Client, url: str, body: dict[str, Any] | None = None) -> Any:
    return _send(client, "POST", url, body)


def _errors(response: Any) -> set[str]:
    assert response.status_code == 422, response.content
    return {error["field"] for error in response.json()["errors"]}


# --- The list -------------------------------------------------------------------------------
def test_list_projects_shows_every_field_of_an_item(world: World):
    project = _active(world, summary="Sensors in the fields.", source_url="https://example.org/p")
    services.add_budget_line(
        project, by=world.users["operator"], label="Sensors", amount="1500.5", currency="usd"
    )
    services.add_budget_line(
        project, by=world.users["operator"], label="Salaries", amount="250000", currency="RUB"
    )
    services.add_budget_line(
        project, by=world.users["operator"], label="Travel", amount="99.50", currency="USD"
    )

    response = Client().get(f"{V1}/projects")

    assert response.json() == {
        "count": 1,
        "items": [
            {
                "id": str(project.public_id),
                "title": "Smart fields pilot",
                "summary": "Sensors in the fields.",
                "language": "en",
                "status": "active",
                "visibility": "public",
                "starts_on": "2025-03-01",
                "ends_on": "2027-02-28",
                "source_url": "https://example.org/p",
                "topics": ["artificial-intelligence"],
                "countries": ["KZ", "RU"],
                "partners": [
                    {
                        "organisation": {
                            "id": str(world.org_a.public_id),
                            "name": "Alpha Robotics",
                            "country": "RU",
                        },
                        "state": None,
                        "role": "lead",
                        "country": "RU",
                    },
                    {"organisation": None, "state": "KZ", "role": "pilot_site", "country": "KZ"},
                ],
                "budget_totals": [
                    {"amount": "250000.00", "currency": "RUB"},
                    {"amount": "1600.00", "currency": "USD"},
                ],
            }
        ],
    }


def test_list_projects_filters_like_the_project_list_page(world: World):
    _active(world, title="Smart fields pilot")
    services.record_project(
        by=world.users["operator"],
        title="Payments corridor",
        language="en",
        partners=[
            PartnerIn(organisation=world.org_b, role="lead"),
            PartnerIn(state="CN", role="funder"),
        ],
        topics=["digital-payments"],
        starts_on=date(2028, 1, 1),
    )
    client = Client()

    assert _titles(client.get(f"{V1}/projects?country=KZ")) == ["Smart fields pilot"]
    assert _titles(client.get(f"{V1}/projects?country=RU&partner=CN")) == ["Payments corridor"]
    assert _titles(client.get(f"{V1}/projects?status=proposed")) == ["Payments corridor"]
    assert _titles(client.get(f"{V1}/projects?role=funder")) == ["Payments corridor"]
    assert _titles(client.get(f"{V1}/projects?role=pilot_site&country=KZ")) == [
        "Smart fields pilot"
    ]
    assert _titles(client.get(f"{V1}/projects?topic=digital-payments")) == ["Payments corridor"]
    assert _titles(client.get(f"{V1}/projects?year=2026")) == ["Smart fields pilot"]
    assert _titles(client.get(f"{V1}/projects?q=corridor")) == ["Payments corridor"]


def test_list_projects_refuses_unknown_filters_naming_each(world: World):
    response = Client().get(
        f"{V1}/projects?country=XX&partner=YY&topic=alchemy&status=done&role=king&year=soon"
    )

    assert _errors(response) == {"country", "partner", "topic", "status", "role", "year"}
    assert {error["in"] for error in response.json()["errors"]} == {"query"}


def test_the_list_holds_exactly_the_projects_member_b_may_open(world: World):
    public = _active(world, title="Public pilot")
    secret_of_a = _secret(world)
    secret_of_b = services.record_project(
        by=world.users["operator"],
        title="B's own pilot",
        language="en",
        visibility="partners",
        partners=[PartnerIn(organisation=world.org_b, role="lead")],
    )
    client = world.client("member_b")

    listed = {item["id"] for item in client.get(f"{V1}/projects").json()["items"]}
    openable = {
        str(project.public_id)
        for project in (public, secret_of_a, secret_of_b)
        if client.get(f"{V1}/projects/{project.public_id}").status_code == 200
    }

    assert listed == openable == {str(public.public_id), str(secret_of_b.public_id)}


# --- Visibility -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("anonymous", False),
        ("no_org", False),
        ("member_b", False),
        ("member_a", True),
        ("admin_a", True),
        ("operator", True),
    ],
)
def test_a_partners_only_project_is_seen_by_partners_and_the_operator(
    world: World, role: str, sees: bool
):
    secret = _secret(world)
    things = _with_everything(world, secret)
    _active(world, title="Public pilot")
    client = world.client(role)
    url = f"{V1}/projects/{secret.public_id}"

    listed = _titles(client.get(f"{V1}/projects"))
    answers = {
        "detail": client.get(url).status_code,
        "budget": client.get(f"{url}/budget").status_code,
        "total": client.get(f"{url}/budget/total?into=RUB").status_code,
        "milestones": client.get(f"{url}/milestones").status_code,
        "updates": client.get(f"{url}/updates").status_code,
        "attachment": client.get(
            f"{V1}/projects/attachments/{things['attachment'].public_id}"
        ).status_code,
    }

    assert sorted(listed) == (["Confidential pilot", "Public pilot"] if sees else ["Public pilot"])
    assert answers == dict.fromkeys(answers, 200 if sees else 404)


def test_member_b_gets_404_on_every_operation_of_a_partners_only_project(world: World):
    secret = _secret(world)
    things = _with_everything(world, secret)
    agreement = _agreement(world)
    client = world.client("member_b")
    url = f"{V1}/projects/{secret.public_id}"
    events = AuditEvent.objects.count()

    answers = [
        client.get(url),
        _send(client, "PATCH", url, {"title": "Mine now"}),
        _send(client, "PUT", f"{url}/partners", {"partners": [{"state": "CN", "role": "lead"}]}),
        _send(client, "PUT", f"{url}/links", {"agreements": [str(agreement.public_id)]}),
        _post(client, f"{url}/start"),
        _post(client, f"{url}/complete", {"result": "Done"}),
        _post(client, f"{url}/cancel", {"reason": "No"}),
        client.get(f"{url}/budget"),
        _post(client, f"{url}/budget", {"label": "X", "amount": "1", "currency": "RUB"}),
        client.delete(f"{url}/budget/{things['line'].pk}"),
        client.get(f"{url}/budget/total?into=RUB"),
        client.get(f"{url}/milestones"),
        _post(client, f"{url}/milestones", {"title": "Mine"}),
        _post(client, f"{V1}/projects/milestones/{things['milestone'].public_id}/reach"),
        client.get(f"{url}/updates"),
        client.post(f"{url}/updates", {"text": "Hello"}),
        client.get(f"{V1}/projects/attachments/{things['attachment'].public_id}"),
    ]

    assert [response.status_code for response in answers] == [404] * len(answers)
    assert all(b"Confidential" not in response.content for response in answers)
    secret.refresh_from_db()
    assert (secret.title, secret.status) == ("Confidential pilot", ProjectStatus.ACTIVE)
    assert AuditEvent.objects.count() == events
    assert (BudgetLine.objects.count(), Milestone.objects.get().done_on) == (1, None)
    assert Update.objects.count() == 1


def test_an_unknown_project_is_404(world: World):
    response = Client().get(f"{V1}/projects/00000000-0000-0000-0000-000000000000")

    assert (response.status_code, response.json()) == (404, {"detail": "Not Found"})


# --- Detail ---------------------------------------------------------------------------------
def test_the_detail_has_budget_milestones_outcome_and_visible_links_only(world: World):
    operator = world.users["operator"]
    public = _agreement(world)
    commitment = agreements.add_commitment(public, by=operator, text="Open a test field")
    hidden = _agreement(
        world,
        title="Memorandum of B",
        visibility="parties",
        parties=[agreements.PartyIn(organisation=world.org_b)],
    )
    project = _active(world, agreements=[public, hidden], commitments=[commitment])
    line = services.add_budget_line(
        project, by=operator, label="Sensors", amount="1500.5", currency="USD"
    )
    services.add_budget_line(project, by=operator, label="Field", amount="10", currency="RUB")
    milestone = services.add_milestone(project, by=operator, title="Harvest", due_on=ENDS_ON)
    services.complete_project(
        project,
        by=operator,
        result="Yields up 12%.",
        contracts_signed=3,
        contracts_value=Money(Decimal("2500000"), "RUB"),
    )

    body = world.client("admin_a").get(f"{V1}/projects/{project.public_id}").json()

    assert body["budget_lines"][0] == {
        "id": line.pk,
        "label": "Sensors",
        "amount": "1500.50",
        "currency": "USD",
        "funder": None,
    }
    assert body["budget_totals"] == [
        {"amount": "1500.50", "currency": "USD"},
        {"amount": "10.00", "currency": "RUB"},
    ]
    assert body["milestones"] == [
        {
            "id": str(milestone.public_id),
            "title": "Harvest",
            "due_on": "2027-02-28",
            "done_on": None,
        }
    ]
    assert body["status"] == "completed"
    assert body["outcome"] == {
        "result": "Yields up 12%.",
        "contracts_signed": 3,
        "contracts_value": {"amount": "2500000.00", "currency": "RUB"},
        "follow_on_investment": None,
    }
    assert body["agreements"] == [
        {"id": str(public.public_id), "title": "Memorandum on smart agriculture"}
    ]
    assert body["commitments"] == [
        {
            "id": str(commitment.public_id),
            "text": "Open a test field",
            "agreement": str(public.public_id),
        }
    ]
    assert body["cancellation_reason"] == ""


# --- Recording ------------------------------------------------------------------------------
def _new_project(world: World, **changes: Any) -> dict[str, Any]:
    return {
        "title": "Умные поля",
        "language": "ru",
        "summary": "Датчики в полях.",
        "visibility": "public",
        "topics": ["artificial-intelligence"],
        "starts_on": "2026-04-01",
        "ends_on": "2027-03-31",
        "source_url": "https://example.org/fields",
        "partners": [
            {"organisation": str(world.org_a.public_id), "role": "lead"},
            {"state": "kz", "role": "pilot_site"},
        ],
    } | changes


def test_an_admin_records_a_project_with_links(world: World):
    agreement = _agreement(world)
    commitment = agreements.add_commitment(
        agreement, by=world.users["operator"], text="Open a test field"
    )

    response = _post(
        world.client("admin_a"),
        f"{V1}/projects",
        _new_project(
            world, agreements=[str(agreement.public_id)], commitments=[str(commitment.public_id)]
        ),
    )

    assert response.status_code == 201, response.content
    project = Project.objects.get()
    body = response.json()
    assert (body["id"], body["status"], body["title"]) == (
        str(project.public_id),
        "proposed",
        "Умные поля",
    )
    assert (body["starts_on"], body["ends_on"]) == ("2026-04-01", "2027-03-31")
    assert body["countries"] == ["KZ", "RU"]
    assert [(p["state"], p["role"]) for p in body["partners"]] == [
        (None, "lead"),
        ("KZ", "pilot_site"),
    ]
    assert [a["id"] for a in body["agreements"]] == [str(agreement.public_id)]
    assert [c["id"] for c in body["commitments"]] == [str(commitment.public_id)]
    assert project.created_by == world.users["admin_a"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"partners": [{"organisation": "00000000-0000-0000-0000-000000000000"}]}, "partners"),
        ({"partners": [{"organisation": "not-an-id", "role": "lead"}]}, "partners.0.organisation"),
        ({"partners": [{"state": "KZ", "role": "partner"}]}, "partners"),  # nobody leads
        ({"partners": [{"state": "KZ", "role": "king"}]}, "partners"),
        ({"ends_on": "2026-01-01"}, "ends_on"),
        ({"topics": ["alchemy"]}, "topics"),
        ({"language": "xx"}, "language"),
        ({"agreements": ["00000000-0000-0000-0000-000000000000"]}, "agreements"),
    ],
)
def test_recording_refuses_bad_input_naming_the_field(
    world: World, changes: dict[str, Any], field: str
):
    response = _post(world.client("operator"), f"{V1}/projects", _new_project(world, **changes))

    assert _errors(response) == {field}
    assert Project.objects.count() == 0


@pytest.mark.parametrize(("role", "status"), [("anonymous", 401), ("member_a", 403)])
def test_recording_needs_an_admin_or_the_operator(world: World, role: str, status: int):
    response = _post(world.client(role), f"{V1}/projects", _new_project(world))

    assert response.status_code == status
    assert Project.objects.count() == 0


# --- Changing -------------------------------------------------------------------------------
def test_patch_changes_only_the_fields_given(world: World):
    project = _record(world, summary="Old summary")

    response = _send(
        world.client("admin_a"),
        "PATCH",
        f"{V1}/projects/{project.public_id}",
        {"title": "Smarter fields", "topics": ["digital-payments"], "ends_on": None},
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["title"], body["summary"], body["topics"]) == (
        "Smarter fields",
        "Old summary",
        ["digital-payments"],
    )
    assert (body["starts_on"], body["ends_on"]) == ("2025-03-01", None)


def test_patch_with_the_end_before_the_start_is_422_and_changes_nothing(world: World):
    project = _record(world)

    response = _send(
        world.client("admin_a"),
        "PATCH",
        f"{V1}/projects/{project.public_id}",
        {"title": "Changed", "ends_on": "2020-01-01"},
    )

    assert _errors(response) == {"ends_on"}
    project.refresh_from_db()
    assert (project.title, project.ends_on) == ("Smart fields pilot", ENDS_ON)


def test_setting_partners_replaces_them_and_the_countries(world: World):
    project = _record(world)

    response = _send(
        world.client("admin_a"),
        "PUT",
        f"{V1}/projects/{project.public_id}/partners",
        {
            "partners": [
                {"organisation": str(world.org_a.public_id), "role": "lead"},
                {"organisation": str(world.org_b.public_id), "role": "funder"},
                {"state": "CN", "role": "pilot_site"},
            ]
        },
    )

    assert response.status_code == 200, response.content
    assert response.json()["countries"] == ["CN", "RU"]
    assert sorted(
        (p["organisation"]["name"] if p["organisation"] else p["state"], p["role"])
        for p in response.json()["partners"]
    ) == [("Alpha Robotics", "lead"), ("Beta Payments", "funder"), ("CN", "pilot_site")]


def test_an_admin_cannot_set_partners_that_leave_their_organisation_out(world: World):
    project = _record(world)

    response = _send(
        world.client("admin_a"),
        "PUT",
        f"{V1}/projects/{project.public_id}/partners",
        {"partners": [{"state": "CN", "role": "lead"}]},
    )

    assert response.status_code == 403
    assert sorted(str(p) for p in project.partners.all()) == ["Alpha Robotics", "Kazakhstan"]


def test_links_take_visible_agreements_and_refuse_others(world: World):
    project = _record(world)
    agreement = _agreement(world)
    hidden = _agreement(
        world,
        title="Memorandum of B",
        visibility="parties",
        parties=[agreements.PartyIn(organisation=world.org_b)],
    )
    client = world.client("admin_a")
    url = f"{V1}/projects/{project.public_id}/links"

    linked = _send(client, "PUT", url, {"agreements": [str(agreement.public_id)]})
    refused = _send(client, "PUT", url, {"agreements": [str(hidden.public_id)]})

    assert linked.status_code == 200, linked.content
    assert [a["title"] for a in linked.json()["agreements"]] == ["Memorandum on smart agriculture"]
    assert _errors(refused) == {"agreements"}
    assert list(project.agreements.all()) == [agreement]


# --- Transitions ----------------------------------------------------------------------------
def test_each_transition_through_the_api(world: World):
    project = _record(world)
    client = world.client("admin_a")
    url = f"{V1}/projects/{project.public_id}"

    started = _post(client, f"{url}/start", {"starts_on": "2025-04-01"})
    completed = _post(
        client,
        f"{url}/complete",
        {
            "result": "Yields up 12%.",
            "ends_on": "2026-12-31",
            "contracts_signed": 2,
            "contracts_value": {"amount": "1500000.5", "currency": "rub"},
            "follow_on_investment": {"amount": "200000", "currency": "USD"},
        },
    )

    assert (started.status_code, started.json()["status"]) == (200, "active")
    assert started.json()["starts_on"] == "2025-04-01"
    assert completed.status_code == 200, completed.content
    assert (completed.json()["status"], completed.json()["ends_on"]) == ("completed", "2026-12-31")
    assert completed.json()["outcome"] == {
        "result": "Yields up 12%.",
        "contracts_signed": 2,
        "contracts_value": {"amount": "1500000.50", "currency": "RUB"},
        "follow_on_investment": {"amount": "200000.00", "currency": "USD"},
    }


def test_start_without_a_body_takes_the_planned_start(world: World):
    project = _record(world)

    response = world.client("admin_a").generic("POST", f"{V1}/projects/{project.public_id}/start")

    assert (response.status_code, response.json()["starts_on"]) == (200, "2025-03-01")


def test_cancelling_keeps_the_reason(world: World):
    project = _active(world)

    response = _post(
        world.client("operator"),
        f"{V1}/projects/{project.public_id}/cancel",
        {"reason": "The funding fell through"},
    )

    assert (response.status_code, response.json()["status"]) == (200, "cancelled")
    assert response.json()["cancellation_reason"] == "The funding fell through"


@pytest.mark.parametrize(
    ("make", "transition", "body"),
    [
        (_active, "start", {}),
        (_record, "complete", {"result": "Done"}),
        (_cancelled, "cancel", {"reason": "Again"}),
        (_cancelled, "start", {}),
    ],
)
def test_a_transition_in_the_wrong_state_is_422_and_changes_nothing(
    world: World, make: Callable[[World], Project], transition: str, body: dict[str, Any]
):
    project = make(world)
    before = project.status

    response = _post(
        world.client("operator"), f"{V1}/projects/{project.public_id}/{transition}", body
    )

    project.refresh_from_db()
    assert _errors(response) == {"status"}
    assert project.status == before


@pytest.mark.parametrize(
    ("outcome", "field"),
    [
        ({"contracts_value": {"amount": "-5", "currency": "RUB"}}, "contracts_value"),
        ({"follow_on_investment": {"amount": "5", "currency": "XYZ"}}, "follow_on_investment"),
        ({"contracts_value": {"amount": "lots", "currency": "RUB"}}, "contracts_value.amount"),
        ({"result": ""}, "result"),
        ({"contracts_signed": -1}, "contracts_signed"),
    ],
)
def test_completing_with_a_bad_outcome_is_422_naming_the_field(
    world: World, outcome: dict[str, Any], field: str
):
    project = _active(world)

    response = _post(
        world.client("admin_a"),
        f"{V1}/projects/{project.public_id}/complete",
        {"result": "Done"} | outcome,
    )

    project.refresh_from_db()
    assert _errors(response) == {field}
    assert project.status == ProjectStatus.ACTIVE


@pytest.mark.parametrize("role", ["member_a", "member_b", "no_org"])
def test_who_sees_a_project_but_does_not_edit_it_gets_403_and_nothing_changes(
    world: World, role: str
):
    project = _active(world)
    things = _with_everything(world, project)
    agreement = _agreement(world)
    client = world.client(role)
    url = f"{V1}/projects/{project.public_id}"
    events = AuditEvent.objects.count()

    answers = [
        _send(client, "PATCH", url, {"title": "Mine now"}),
        _send(client, "PUT", f"{url}/partners", {"partners": [{"state": "CN", "role": "lead"}]}),
        _send(client, "PUT", f"{url}/links", {"agreements": [str(agreement.public_id)]}),
        _post(client, f"{url}/start"),
        _post(client, f"{url}/complete", {"result": "Done"}),
        _post(client, f"{url}/cancel", {"reason": "No"}),
        _post(client, f"{url}/budget", {"label": "X", "amount": "1", "currency": "RUB"}),
        client.delete(f"{url}/budget/{things['line'].pk}"),
        _post(client, f"{url}/milestones", {"title": "Mine"}),
        _post(client, f"{V1}/projects/milestones/{things['milestone'].public_id}/reach"),
    ]

    assert [response.status_code for response in answers] == [403] * len(answers)
    project.refresh_from_db()
    assert (project.title, project.status) == ("Smart fields pilot", ProjectStatus.ACTIVE)
    assert (BudgetLine.objects.count(), Milestone.objects.get().done_on) == (1, None)
    assert AuditEvent.objects.count() == events


# --- Budget and rates -----------------------------------------------------------------------
def test_budget_lines_are_added_listed_and_removed(world: World):
    project = _record(world, partners=[PartnerIn(organisation=world.org_a, role="lead")])
    services.set_partners(
        project,
        by=world.users["operator"],
        partners=[
            PartnerIn(organisation=world.org_a, role="lead"),
            PartnerIn(state="KZ", role="funder"),
        ],
    )
    client = world.client("admin_a")
    url = f"{V1}/projects/{project.public_id}/budget"

    added = _post(
        client,
        url,
        {"label": "Sensors", "amount": "1500.5", "currency": "usd", "funder": {"state": "kz"}},
    )
    line = BudgetLine.objects.get()
    listed = client.get(url)
    removed = client.delete(f"{url}/{line.pk}")

    assert added.status_code == 201, added.content
    assert added.json() == {
        "id": line.pk,
        "label": "Sensors",
        "amount": "1500.50",
        "currency": "USD",
        "funder": {"organisation": None, "state": "KZ", "role": "funder", "country": "KZ"},
    }
    assert listed.json() == {"count": 1, "items": [added.json()]}
    assert removed.status_code == 204
    assert BudgetLine.objects.count() == 0


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ({"amount": "-1"}, "amount"),
        ({"currency": "RUBLES"}, "currency"),
        ({"currency": "XYZ"}, "currency"),
        ({"amount": "a lot"}, "amount"),
        ({"amount": "1e30"}, "amount"),
        ({"amount": "10.005"}, "amount"),
        ({"label": ""}, "label"),
        ({"funder": {"organisation": "00000000-0000-0000-0000-000000000000"}}, "funder"),
    ],
)
def test_a_bad_budget_line_is_422_naming_the_field(world: World, line: dict[str, Any], field: str):
    project = _record(world)

    response = _post(
        world.client("admin_a"),
        f"{V1}/projects/{project.public_id}/budget",
        {"label": "Sensors", "amount": "100", "currency": "RUB"} | line,
    )

    assert _errors(response) == {field}
    assert BudgetLine.objects.count() == 0


def test_removing_a_line_of_another_project_is_404(world: World):
    project, other = _record(world), _record(world, title="Other")
    line = services.add_budget_line(
        other, by=world.users["operator"], label="X", amount="1", currency="RUB"
    )

    response = world.client("admin_a").delete(f"{V1}/projects/{project.public_id}/budget/{line.pk}")

    assert response.status_code == 404
    assert BudgetLine.objects.count() == 1


def _rates(world: World) -> None:
    operator = world.users["operator"]
    services.enter_rate(by=operator, currency="USD", into="RUB", rate="90", on=date(2025, 1, 1))
    services.enter_rate(by=operator, currency="USD", into="RUB", rate="95.5", on=date(2025, 6, 1))
    services.enter_rate(by=operator, currency="CNY", into="RUB", rate="12.3", on=date(2025, 6, 1))


def test_the_total_in_one_currency_uses_the_latest_rate_on_the_day(world: World):
    project = _record(world)
    for amount, currency in [("1000", "RUB"), ("10", "USD"), ("100", "CNY")]:
        services.add_budget_line(
            project, by=world.users["operator"], label="x", amount=amount, currency=currency
        )
    _rates(world)

    response = Client().get(
        f"{V1}/projects/{project.public_id}/budget/total?into=rub&on=2025-07-01"
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["total"] == {"amount": "3185.00", "currency": "RUB"}  # 1000 + 955 + 1230
    assert body["on"] == "2025-07-01"
    assert sorted((r["currency"], r["into"], r["rate"], r["on"]) for r in body["rates"]) == [
        ("CNY", "RUB", "12.30000000", "2025-06-01"),
        ("USD", "RUB", "95.50000000", "2025-06-01"),
    ]


def test_a_total_without_a_rate_is_422_naming_the_currency(world: World):
    project = _record(world)
    for amount, currency in [("1000", "RUB"), ("10", "USD"), ("100", "CNY")]:
        services.add_budget_line(
            project, by=world.users["operator"], label="x", amount=amount, currency=currency
        )
    _rates(world)

    before_any_cny = Client().get(
        f"{V1}/projects/{project.public_id}/budget/total?into=RUB&on=2025-02-01"
    )
    unknown = Client().get(f"{V1}/projects/{project.public_id}/budget/total?into=XYZ")

    assert _errors(before_any_cny) == {"into"}
    [error] = before_any_cny.json()["errors"]
    assert "CNY" in error["message"] and "USD" not in error["message"]
    assert _errors(unknown) == {"into"}


def test_the_total_of_an_empty_budget_is_zero_with_two_decimals(world: World):
    project = _record(world)

    response = Client().get(f"{V1}/projects/{project.public_id}/budget/total?into=EUR")

    assert response.json()["total"] == {"amount": "0.00", "currency": "EUR"}
    assert response.json()["rates"] == []


def test_only_the_operator_enters_rates_and_everyone_signed_in_reads_them(world: World):
    body = {"currency": "usd", "into": "RUB", "rate": "92.1234", "on": "2025-05-01"}

    refused = {
        role: _post(world.client(role), f"{V1}/rates", body).status_code
        for role in (
            "admin_a",
            "member_b",
        )
    }
    entered = _post(world.client("operator"), f"{V1}/rates", body)
    listed = world.client("member_b").get(f"{V1}/rates?currency=USD")
    anonymous = Client().get(f"{V1}/rates")

    assert refused == {"admin_a": 403, "member_b": 403}
    assert entered.status_code == 201, entered.content
    assert {k: entered.json()[k] for k in ("currency", "into", "rate", "on")} == {
        "currency": "USD",
        "into": "RUB",
        "rate": "92.12340000",
        "on": "2025-05-01",
    }
    assert listed.json()["count"] == 1
    assert listed.json()["items"][0]["rate"] == "92.12340000"
    assert anonymous.status_code == 401
    assert ExchangeRate.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"rate": "0"}, "rate"),
        ({"into": "USD"}, "into"),
        ({"currency": "ZZZ"}, "currency"),
        ({"on": (clock.today() + timedelta(days=2)).isoformat()}, "on"),
    ],
)
def test_a_bad_rate_is_422_naming_the_field(world: World, change: dict[str, Any], field: str):
    body = {"currency": "USD", "into": "RUB", "rate": "92", "on": "2025-05-01"} | change

    response = _post(world.client("operator"), f"{V1}/rates", body)

    assert _errors(response) == {field}
    assert ExchangeRate.objects.count() == 0


# --- Milestones -----------------------------------------------------------------------------
def test_milestones_are_added_listed_and_reached_once(world: World):
    project = _active(world)
    client = world.client("admin_a")
    url = f"{V1}/projects/{project.public_id}/milestones"

    added = _post(client, url, {"title": "First harvest", "due_on": "2026-09-01"})
    _post(client, url, {"title": "Report"})
    listed = client.get(url)
    reach = f"{V1}/projects/milestones/{added.json()['id']}/reach"
    reached = _post(client, reach, {"done_on": "2025-08-30"})
    again = _post(client, reach)

    assert added.status_code == 201, added.content
    assert [m["title"] for m in listed.json()["items"]] == ["First harvest", "Report"]
    assert (reached.status_code, reached.json()["done_on"]) == (200, "2025-08-30")
    assert _errors(again) == {"done_on"}


def test_a_milestone_cannot_be_reached_in_the_future(world: World):
    milestone = services.add_milestone(_active(world), by=world.users["operator"], title="X")

    response = _post(
        world.client("admin_a"),
        f"{V1}/projects/milestones/{milestone.public_id}/reach",
        {"done_on": (clock.today() + timedelta(days=1)).isoformat()},
    )

    milestone.refresh_from_db()
    assert _errors(response) == {"done_on"}
    assert milestone.done_on is None


# --- Updates --------------------------------------------------------------------------------
def test_a_partner_member_posts_an_update_with_a_file_that_anyone_may_download(world: World):
    project = _active(world)
    url = f"{V1}/projects/{project.public_id}/updates"

    posted = world.client("member_a").post(
        url, {"text": "Sensors installed.", "files": [SimpleUploadedFile("report.pdf", PDF)]}
    )
    listed = Client().get(url)

    assert posted.status_code == 201, posted.content
    attachment = UpdateAttachment.objects.get()
    assert posted.json()["attachments"] == [
        {
            "id": str(attachment.public_id),
            "name": "report.pdf",
            "content_type": "application/pdf",
            "size": len(PDF),
            "url": f"{V1}/projects/attachments/{attachment.public_id}",
        }
    ]
    assert posted.json()["organisation"]["name"] == "Alpha Robotics"
    assert listed.json()["count"] == 1
    assert listed.json()["items"][0] == posted.json()
    download = Client().get(posted.json()["attachments"][0]["url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"


def test_an_update_without_files_is_fine(world: World):
    project = _active(world)

    response = world.client("operator").post(
        f"{V1}/projects/{project.public_id}/updates", {"text": "On track."}
    )

    assert (response.status_code, response.json()["attachments"]) == (201, [])


def test_a_file_that_is_not_what_its_name_says_is_422_and_nothing_is_written(
    world: World, settings: Any
):
    project = _active(world)

    response = world.client("admin_a").post(
        f"{V1}/projects/{project.public_id}/updates",
        {
            "text": "Report attached.",
            "files": [SimpleUploadedFile("report.pdf", b"MZ" + b"\0" * 64)],
        },
    )

    assert _errors(response) == {"files"}
    assert (Update.objects.count(), UpdateAttachment.objects.count()) == (0, 0)
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


@pytest.mark.parametrize(("role", "status"), [("member_b", 403), ("no_org", 403)])
def test_only_partner_members_post_updates(world: World, role: str, status: int):
    project = _active(world)

    response = world.client(role).post(
        f"{V1}/projects/{project.public_id}/updates", {"text": "Hello"}
    )

    assert response.status_code == status
    assert Update.objects.count() == 0


# --- The OpenAPI document ------------------------------------------------------------------
def test_every_projects_operation_declares_its_answers(world: World):
    document = Client().get(f"{V1}/openapi.json").json()
    operations = [
        (method, path, operation)
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
        if "projects" in operation["tags"]
    ]

    undeclared = {
        f"{method.upper()} {path}": sorted(
            ({"401", "404"} | ({"403", "422"} if method != "get" else set()))
            - set(operation["responses"])
        )
        for method, path, operation in operations
    }

    assert len(operations) == 21
    assert {name: missing for name, missing in undeclared.items() if missing} == {}
    assert document["components"]["schemas"]["InvalidOut"]["required"] == ["detail", "errors"]


# --- Query counts ---------------------------------------------------------------------------
def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.parametrize(
    "path",
    ["", "/budget", "/budget/total?into=RUB", "/milestones", "/updates", "rates"],
)
@pytest.mark.parametrize("role", ["member_a", "operator"])
def test_query_counts_do_not_grow_with_what_a_project_holds(world: World, path: str, role: str):
    project = _active(world)
    operator = world.users["operator"]
    client = world.client(role)
    url = f"{V1}/rates" if path == "rates" else f"{V1}/projects/{project.public_id}{path}"
    days = iter(range(1, 10))

    def add(n: int) -> None:
        for _ in range(n):
            _with_everything(world, project)
            services.add_budget_line(project, by=operator, label="x", amount="1", currency="USD")
            on = date(2025, 1, next(days))
            services.enter_rate(by=operator, currency="USD", into="RUB", rate="90", on=on)

    add(1)
    client.get(url)
    one = _queries(client, url)

    add(2)
    three = _queries(client, url)

    assert one == three, f"{url}: {one} queries for 1 of each, {three} for 3"
