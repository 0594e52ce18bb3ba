"""The project pages through Django's test client, on a real database."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from consortia.agreements import services as agreements
from consortia.core import clock
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

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def _project(world: World, **changes: Any) -> Project:
    values: dict[str, Any] = {
        "title": "Smart fields pilot",
        "language": "en",
        "summary": "Soil sensors on Kazakh wheat fields.",
        "partners": [
            PartnerIn(organisation=world.org_a, role="lead"),
            PartnerIn(state="KZ", role="pilot_site"),
        ],
        "topics": ["artificial-intelligence"],
        "starts_on": date(2025, 3, 1),
        "ends_on": date(2027, 2, 28),
    }
    return services.record_project(by=world.users["operator"], **(values | changes))


def _active(world: World, **changes: Any) -> Project:
    return services.start_project(_project(world, **changes), by=world.users["operator"])


def _secret(world: World) -> Project:
    return _active(world, visibility="partners", title="Confidential pilot")


def _page(world: World, role: str, url: str) -> str:
    response = world.client(role).get(url)
    assert response.status_code == 200, (role, url, response.status_code)
    return response.content.decode()


# The list


def test_list_shows_status_countries_period_and_budget_per_currency(world: World):
    project = _active(world)
    operator = world.users["operator"]
    services.add_budget_line(project, by=operator, label="Sensors", amount="1500", currency="RUB")
    services.add_budget_line(project, by=operator, label="Cloud", amount="20", currency="USD")

    page = _page(world, "anonymous", "/projects/")

    assert 'lang="en"><strong>Smart fields pilot</strong>' in page
    assert "Active" in page
    assert "Kazakhstan" in page and "Russia" in page
    assert '<time datetime="2025-03-01">' in page
    assert "1,500.00 RUB" in page and "20.00 USD" in page


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("country=XX", "country"),
        ("partner=XX", "partner"),
        ("year=soon", "year"),
        ("topic=nothing", "topic"),
        ("status=dreaming", "status"),
        ("role=boss", "role"),
    ],
)
def test_unknown_filter_is_400_naming_the_field(world: World, query: str, field: str):
    _active(world)

    response = world.client("anonymous").get(f"/projects/?{query}")

    page = response.content.decode()
    assert response.status_code == 400
    assert page.count('class="errorlist" role="alert"') == 1
    form_field = page.split('class="errorlist" role="alert"')[0].rsplit("<label>", 1)[1]
    assert f'name="{field}"' in form_field
    assert "Smart fields pilot" not in page


def test_filters_narrow_the_list(world: World):
    _active(world)
    _project(
        world,
        title="Chinese robots",
        partners=[
            PartnerIn(organisation=world.org_a, role="lead"),
            PartnerIn(state="CN", role="funder"),
        ],
    )

    kazakh = _page(world, "anonymous", "/projects/?country=KZ&status=active")
    funders = _page(world, "anonymous", "/projects/?country=CN&role=funder&q=robots")

    assert "Smart fields pilot" in kazakh and "Chinese robots" not in kazakh
    assert "Chinese robots" in funders and "Smart fields pilot" not in funders


def test_htmx_gets_only_the_results_and_pages_are_paginated(world: World, settings: Any):
    settings.CONSORTIA_PAGE_SIZE = 2
    for i in range(3):
        _project(world, title=f"Project {i}", starts_on=date(2025, 1, i + 1), ends_on=None)

    fragment = world.client("anonymous").get("/projects/", headers={"HX-Request": "true"})
    second = _page(world, "anonymous", "/projects/?page=2")

    assert fragment.content.decode().startswith('<div id="results"')
    assert "<html" not in fragment.content.decode()
    assert "Project 0" in second and "Project 2" not in second
    assert "3 projects" in second


def test_partners_only_project_is_absent_from_the_lists_of_others(world: World):
    _secret(world)

    for role in ["anonymous", "no_org", "member_b"]:
        for url in ["/projects/", "/projects/?q=confidential", "/projects/?country=KZ"]:
            assert "Confidential pilot" not in _page(world, role, url), (role, url)
    assert "Confidential pilot" in _page(world, "member_a", "/projects/mine/")
    assert "Confidential pilot" in _page(world, "member_a", "/projects/")


def test_mine_needs_a_sign_in_and_lists_my_organisations_projects(world: World):
    _active(world)

    assert world.client("anonymous").get("/projects/mine/").status_code == 302
    assert "Smart fields pilot" in _page(world, "member_a", "/projects/mine/")
    assert "Smart fields pilot" not in _page(world, "member_b", "/projects/mine/")


# One project


def test_detail_shows_budget_rates_milestones_updates_and_outcome(world: World):
    operator, admin = world.users["operator"], world.users["admin_a"]
    project = _active(world)
    services.add_budget_line(
        project,
        by=admin,
        label="Soil sensors",
        amount="1000000",
        currency="RUB",
        funder=project.partners.get(organisation=world.org_a),
    )
    services.add_budget_line(
        project, by=admin, label="Cloud hosting", amount="5000", currency="USD"
    )
    rate_day = clock.today() - timedelta(days=3)
    services.enter_rate(by=operator, currency="USD", into="RUB", rate="90.5", on=rate_day)
    services.add_milestone(
        project, by=admin, title="Sensors installed", due_on=clock.today() - timedelta(days=10)
    )
    reached = services.add_milestone(project, by=admin, title="Contract signed")
    services.reach_milestone(reached, by=admin, done_on=date(2025, 4, 1))
    services.add_milestone(
        project, by=admin, title="Harvest report", due_on=clock.today() + timedelta(days=30)
    )
    update = services.post_update(
        project,
        by=world.users["member_a"],
        text="The first 40 sensors report daily.",
        files=[SimpleUploadedFile("sensor-report.pdf", PDF)],
    )
    services.complete_project(
        project,
        by=admin,
        result="Yields up 12% on the pilot fields.",
        contracts_signed=3,
        contracts_value=Money(Decimal("2500000"), "RUB"),
        follow_on_investment=Money(Decimal("400000"), "USD"),
    )
    attachment = update.attachments.get()

    page = _page(world, "anonymous", f"/projects/{project.public_id}/")

    # Budget: per currency, never summed; the conversion only with the operator's dated rate.
    assert "Soil sensors" in page and "Cloud hosting" in page
    assert "1,000,000.00 RUB" in page and "5,000.00 USD" in page
    assert "Total in RUB" in page and "Total in USD" in page
    assert "Amounts in different currencies are not added up." in page
    converted = page.split('class="card-meta converted">')[1].split("</p>")[0]
    assert " ".join(converted.split()) == (  # 1,000,000 + 5,000 × 90.5, with the rate's date
        '≈ <span class="money">1,452,500.00 RUB</span>: the total in RUB at the operator\'s rate '
        f'of <time datetime="{rate_day.isoformat()}">{rate_day:%b}. {rate_day.day}, '
        f"{rate_day.year}</time> (1 USD = 90.50000000 RUB)"
    )
    assert page.count('class="card-meta converted"') == 1  # no rate into USD or CNY was entered
    # Milestones: reached, overdue, upcoming.
    assert 'class="milestone-overdue"' in page and "Overdue" in page
    assert 'class="milestone-reached"' in page and "Reached on" in page
    assert 'class="milestone-upcoming"' in page and "Upcoming" in page
    # The update and its attachment.
    assert "The first 40 sensors report daily." in page
    assert f'href="/projects/attachments/{attachment.public_id}/">sensor-report.pdf</a>' in page
    # The outcome.
    assert "Outcome" in page
    assert '<p lang="en" dir="auto">Yields up 12% on the pilot fields.</p>' in page
    assert "2,500,000.00 RUB" in page and "400,000.00 USD" in page
    # Partners by role, with countries; no history for a visitor.
    assert "Government of Kazakhstan" in page and "Pilot site" in page
    assert "History" not in page


def test_no_conversion_is_shown_without_a_rate(world: World):
    project = _active(world)
    services.add_budget_line(
        project, by=world.users["operator"], label="Sensors", amount="100", currency="RUB"
    )
    services.add_budget_line(
        project, by=world.users["operator"], label="Cloud", amount="5", currency="USD"
    )

    page = _page(world, "anonymous", f"/projects/{project.public_id}/")

    assert "100.00 RUB" in page and "5.00 USD" in page
    assert "≈" not in page


def test_editors_see_forms_and_history_and_members_the_update_form(world: World):
    project = _project(world)
    url = f"/projects/{project.public_id}/"

    admin = _page(world, "admin_a", url)
    member = _page(world, "member_a", url)
    outsider = _page(world, "member_b", url)

    assert "Start the project" in admin and "project.recorded" in admin
    assert "Start the project" not in member and "Post an update" in member
    assert "Post an update" not in outsider and "project.recorded" not in outsider


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 404),
        ("no_org", 404),
        ("member_b", 404),
        ("member_a", 200),
        ("admin_a", 200),
        ("operator", 200),
    ],
)
def test_partners_only_project_and_its_attachments_are_404_to_others(
    world: World, role: str, status: int
):
    project = _secret(world)
    update = services.post_update(
        project,
        by=world.users["member_a"],
        text="Report",
        files=[SimpleUploadedFile("report.pdf", PDF)],
    )
    attachment = update.attachments.get()
    client = world.client(role)

    detail = client.get(f"/projects/{project.public_id}/")
    download = client.get(f"/projects/attachments/{attachment.public_id}/")

    assert (detail.status_code, download.status_code) == (status, status)
    if status == 200:
        assert b"".join(download.streaming_content) == PDF
        assert download["Content-Type"] == "application/pdf"
        assert download["X-Content-Type-Options"] == "nosniff"


def test_agreement_page_lists_the_visible_projects_carrying_it_out(world: World):
    agreement = agreements.record_agreement(
        by=world.users["operator"],
        kind="memorandum",
        title="Memorandum on smart farming",
        language="en",
        parties=[agreements.PartyIn(organisation=world.org_a)],
    )
    agreements.sign_agreement(agreement, by=world.users["operator"], signed_on=clock.today())
    public = _active(world, agreements=[agreement])
    _active(world, agreements=[agreement], visibility="partners", title="Confidential pilot")

    outsider = _page(world, "member_b", f"/agreements/{agreement.public_id}/")
    partner = _page(world, "member_a", f"/agreements/{agreement.public_id}/")
    project_page = _page(world, "anonymous", f"/projects/{public.public_id}/")

    assert "Projects carrying it out" in outsider
    assert "Smart fields pilot" in outsider and "Confidential pilot" not in outsider
    assert "Confidential pilot" in partner
    assert "Memorandum on smart farming" in project_page


# Recording and changing


def _form(world: World, **changes: Any) -> dict[str, Any]:
    return {
        "title": "Digital customs corridor",
        "language": "ru",
        "summary": "Электронные пломбы на границе.",
        "organisations": f"{world.org_a.name} | lead\n{world.org_b.name.upper()} | Funder",
        "states": "kz | pilot site\nBY",
        "topics": ["artificial-intelligence"],
        "visibility": "public",
        "starts_on": "2025-01-10",
        "ends_on": "2026-01-10",
        "source_url": "",
    } | changes


def test_operator_records_a_project_on_the_page(world: World):
    agreement = agreements.record_agreement(
        by=world.users["operator"],
        kind="memorandum",
        title="Customs memorandum",
        language="en",
        parties=[agreements.PartyIn(state="KZ")],
    )

    response = world.client("operator").post(
        "/projects/new/", _form(world, agreements=[agreement.pk])
    )

    project = Project.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/projects/{project.public_id}/"
    assert sorted((str(p), p.role) for p in project.partners.all()) == sorted(
        [
            (world.org_a.name, "lead"),
            (world.org_b.name, "funder"),
            ("Kazakhstan", "pilot_site"),
            ("Belarus", "partner"),
        ]
    )
    assert list(project.agreements.all()) == [agreement]
    assert (project.language, project.status) == ("ru", ProjectStatus.PROPOSED)
    page = _page(world, "anonymous", response["Location"])
    assert '<h1 lang="ru">Digital customs corridor</h1>' in page


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"organisations": "Nowhere Ltd | lead"}, "Nowhere Ltd"),
        ({"organisations": "Alpha Robotics | boss"}, "Alpha Robotics | boss"),
        ({"states": "QQ | lead", "organisations": ""}, "QQ"),
        ({"organisations": "Alpha Robotics", "states": ""}, "leads the project"),
        ({"ends_on": "2024-01-01"}, "ends before it starts"),
        ({"title": ""}, "This field is required."),
    ],
)
def test_an_invalid_record_form_shows_the_error_and_writes_nothing(
    world: World, changes: dict[str, Any], named: str
):
    response = world.client("operator").post("/projects/new/", _form(world, **changes))

    assert response.status_code == 400
    assert named in response.content.decode()
    assert Project.objects.count() == 0


def test_an_admin_recording_a_project_without_their_organisation_is_told_why(world: World):
    response = world.client("admin_a").post(
        "/projects/new/", _form(world, organisations=f"{world.org_b.name} | lead", states="")
    )

    assert response.status_code == 400
    assert "Record only projects your organisation is a partner in." in response.content.decode()
    assert Project.objects.count() == 0


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("no_org", 403), ("member_a", 403), ("admin_a", 200), ("operator", 200)],
)
def test_record_page_is_for_admins_of_verified_organisations_and_the_operator(
    world: World, role: str, status: int
):
    assert world.client(role).get("/projects/new/").status_code == status


def test_edit_changes_only_what_changed(world: World):
    project = _project(world)
    client = world.client("admin_a")
    form = client.get(f"/projects/{project.public_id}/edit/").context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}

    response = client.post(
        f"/projects/{project.public_id}/edit/", data | {"title": "Smart fields, phase two"}
    )

    project.refresh_from_db()
    assert response.status_code == 302
    assert project.title == "Smart fields, phase two"
    assert project.summary == "Soil sensors on Kazakh wheat fields."
    event = project_history(project)[-1]
    assert (event.action, event.data) == ("project.changed", {"fields": ["title"]})


def project_history(project: Project) -> list[Any]:
    from consortia.projects.selectors import history

    return list(history(project))


def test_an_invalid_edit_shows_the_error_and_changes_nothing(world: World):
    project = _project(world)

    response = world.client("admin_a").post(
        f"/projects/{project.public_id}/edit/",
        {
            "title": "New",
            "language": "en",
            "visibility": "public",
            "starts_on": "2025-03-01",
            "ends_on": "2020-01-01",
        },
    )

    project.refresh_from_db()
    assert response.status_code == 400
    assert "The project ends before it starts." in response.content.decode()
    assert project.title == "Smart fields pilot"


def test_partners_page_replaces_the_partners(world: World):
    project = _project(world)
    client = world.client("admin_a")
    assert "Alpha Robotics | lead" in _page(
        world, "admin_a", f"/projects/{project.public_id}/partners/"
    )

    response = client.post(
        f"/projects/{project.public_id}/partners/",
        {"organisations": f"{world.org_a.name} | lead", "states": "CN | funder"},
    )
    refused = client.post(
        f"/projects/{project.public_id}/partners/",
        {"organisations": "", "states": "CN | lead"},
    )

    assert response.status_code == 302
    assert refused.status_code == 400
    assert "You would no longer be a partner of this project." in refused.content.decode()
    assert sorted((str(p), p.role) for p in project.partners.all()) == sorted(
        [(world.org_a.name, "lead"), ("China", "funder")]
    )


# Status, budget, milestones, updates, links


def test_start_complete_with_outcome_on_the_page(world: World):
    project = _project(world)
    client = world.client("admin_a")
    url = f"/projects/{project.public_id}"

    started = client.post(f"{url}/start/", {"starts_on": "2025-03-05"})
    completed = client.post(
        f"{url}/complete/",
        {
            "result": "Yields up 12%",
            "contracts_signed": "2",
            "contracts_amount": "1000",
            "contracts_currency": "cny",
            "investment_amount": "",
            "investment_currency": "",
        },
    )

    project.refresh_from_db()
    assert (started.status_code, completed.status_code) == (302, 302)
    assert project.status == ProjectStatus.COMPLETED
    assert project.starts_on == date(2025, 3, 5)
    assert (project.contracts_signed, project.contracts_amount, project.contracts_currency) == (
        2,
        Decimal("1000.00"),
        "CNY",
    )
    assert (project.investment_amount, project.investment_currency) == (None, "")
    assert "Now: Completed." in client.get(f"{url}/").content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"result": "Done", "contracts_amount": "10", "contracts_currency": "XYZ"}, "ISO 4217"),
        ({"result": "Done", "investment_currency": "USD"}, "Give the amount"),
        ({"result": ""}, "This field is required."),
    ],
)
def test_an_invalid_outcome_is_named_and_the_project_stays_active(
    world: World, data: dict[str, str], message: str
):
    project = _active(world)
    client = world.client("admin_a")

    response = client.post(f"/projects/{project.public_id}/complete/", data, follow=True)

    project.refresh_from_db()
    assert message in response.content.decode()
    assert project.status == ProjectStatus.ACTIVE


def test_a_refused_transition_is_explained(world: World):
    project = _active(world)

    response = world.client("operator").post(
        f"/projects/{project.public_id}/start/", {}, follow=True
    )

    assert "A project that is Active cannot become Active." in response.content.decode()


def test_cancel_on_the_page(world: World):
    project = _active(world)

    response = world.client("operator").post(
        f"/projects/{project.public_id}/cancel/", {"reason": "Funding withdrawn"}
    )

    project.refresh_from_db()
    assert response.status_code == 302
    assert (project.status, project.cancellation_reason) == (
        ProjectStatus.CANCELLED,
        "Funding withdrawn",
    )
    assert "Funding withdrawn" in _page(world, "anonymous", f"/projects/{project.public_id}/")


@pytest.mark.parametrize("role", ["member_a", "member_b", "no_org"])
def test_non_editors_cannot_move_a_project(world: World, role: str):
    project = _project(world)

    response = world.client(role).post(
        f"/projects/{project.public_id}/start/", {"starts_on": "2025-03-05"}
    )

    project.refresh_from_db()
    assert response.status_code == 403
    assert project.status == ProjectStatus.PROPOSED


def test_budget_lines_are_added_and_removed_through_their_project(world: World):
    project, other = _project(world), _project(world, title="Other")
    client = world.client("admin_a")
    funder = project.partners.get(state="KZ")

    added = client.post(
        f"/projects/{project.public_id}/budget/",
        {"label": "Sensors", "amount": "1200.50", "currency": "rub", "funder": str(funder.pk)},
    )
    line = BudgetLine.objects.get()
    through_other = client.post(f"/projects/{other.public_id}/budget/{line.pk}/delete/")
    removed = client.post(f"/projects/{project.public_id}/budget/{line.pk}/delete/")

    assert added.status_code == 302
    assert (line.label, line.amount, line.currency, line.funder) == (
        "Sensors",
        Decimal("1200.50"),
        "RUB",
        funder,
    )
    assert through_other.status_code == 404
    assert removed.status_code == 302
    assert BudgetLine.objects.count() == 0


def test_an_invalid_budget_line_writes_nothing(world: World):
    project = _project(world)

    response = world.client("admin_a").post(
        f"/projects/{project.public_id}/budget/",
        {"label": "Sensors", "amount": "12", "currency": "XYZ"},
        follow=True,
    )

    assert "ISO 4217" in response.content.decode()
    assert BudgetLine.objects.count() == 0


def test_milestones_are_added_and_reached(world: World):
    project = _project(world)
    client = world.client("admin_a")

    client.post(
        f"/projects/{project.public_id}/milestones/",
        {"title": "Sensors installed", "due_on": "2025-06-01"},
    )
    milestone = Milestone.objects.get()
    refused = world.client("member_a").post(f"/projects/milestones/{milestone.public_id}/reach/")
    reached = client.post(f"/projects/milestones/{milestone.public_id}/reach/")

    milestone.refresh_from_db()
    assert (milestone.title, milestone.due_on) == ("Sensors installed", date(2025, 6, 1))
    assert (refused.status_code, reached.status_code) == (403, 302)
    assert milestone.done_on == clock.today()


def test_milestones_of_a_partners_only_project_are_404_to_others(world: World):
    project = _secret(world)
    milestone = services.add_milestone(project, by=world.users["operator"], title="Secret step")

    response = world.client("member_b").post(f"/projects/milestones/{milestone.public_id}/reach/")

    milestone.refresh_from_db()
    assert response.status_code == 404
    assert milestone.done_on is None


def test_a_member_posts_an_update_with_several_files(world: World):
    project = _project(world)

    response = world.client("member_a").post(
        f"/projects/{project.public_id}/updates/",
        {
            "text": "Sensors arrived",
            "files": [
                SimpleUploadedFile("delivery.pdf", PDF),
                SimpleUploadedFile("list.csv", b"sensor;count\nsoil;40\n"),
            ],
        },
    )

    update = Update.objects.get()
    assert response.status_code == 302
    assert (update.text, update.author, update.organisation) == (
        "Sensors arrived",
        world.users["member_a"],
        world.org_a,
    )
    assert sorted(update.attachments.values_list("original_name", "content_type")) == [
        ("delivery.pdf", "application/pdf"),
        ("list.csv", "text/csv"),
    ]


def test_a_refused_file_is_named_back_and_nothing_is_stored(world: World, settings: Any):
    project = _project(world)

    response = world.client("member_a").post(
        f"/projects/{project.public_id}/updates/",
        {"text": "Report", "files": [SimpleUploadedFile("report.pdf", b"MZ" + b"\x00" * 64)]},
        follow=True,
    )

    assert "report.pdf is not a file type we accept" in response.content.decode()
    assert (Update.objects.count(), UpdateAttachment.objects.count()) == (0, 0)
    assert [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()] == []


def test_an_outsider_cannot_post_an_update(world: World):
    project = _project(world)

    response = world.client("member_b").post(
        f"/projects/{project.public_id}/updates/", {"text": "Hello"}
    )

    assert response.status_code == 403
    assert Update.objects.count() == 0


def test_links_to_agreements_and_their_commitments(world: World):
    operator = world.users["operator"]
    agreement = agreements.record_agreement(
        by=operator,
        kind="memorandum",
        title="Memorandum on smart farming",
        language="en",
        parties=[agreements.PartyIn(organisation=world.org_a)],
    )
    commitment = agreements.add_commitment(agreement, by=operator, text="Equip 40 fields")
    project = _project(world)
    client = world.client("admin_a")

    client.post(f"/projects/{project.public_id}/links/", {"agreements": [agreement.pk]})
    page = _page(world, "admin_a", f"/projects/{project.public_id}/")
    client.post(
        f"/projects/{project.public_id}/links/",
        {"agreements": [agreement.pk], "commitments": [commitment.pk]},
    )

    assert list(project.agreements.all()) == [agreement]
    assert "Equip 40 fields" in page  # offered as a choice once the agreement is linked
    assert list(project.commitments.all()) == [commitment]


# The operator's rates


def test_operator_enters_a_rate_and_sees_it_listed(world: World):
    client = world.client("operator")

    response = client.post(
        "/operator/rates/",
        {"currency": "usd", "into": "rub", "rate": "90.5", "on": clock.today().isoformat()},
    )

    assert response.status_code == 302
    assert ExchangeRate.objects.get().rate == Decimal("90.5")
    assert "1 USD = 90.50000000 RUB" in _page(world, "operator", "/operator/rates/")


def test_a_bad_rate_is_named_and_nothing_is_written(world: World):
    response = world.client("operator").post(
        "/operator/rates/",
        {"currency": "USD", "into": "USD", "rate": "1", "on": clock.today().isoformat()},
    )

    assert response.status_code == 400
    assert "Choose two different currencies." in response.content.decode()
    assert ExchangeRate.objects.count() == 0


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("no_org", 403), ("member_a", 403), ("admin_a", 403), ("operator", 200)],
)
def test_rates_are_for_the_operator_only(world: World, role: str, status: int):
    response = world.client(role).post(
        "/operator/rates/",
        {"currency": "USD", "into": "RUB", "rate": "90", "on": clock.today().isoformat()},
    )

    assert world.client(role).get("/operator/rates/").status_code == status
    assert response.status_code == (302 if role == "operator" else status)
    assert ExchangeRate.objects.count() == (1 if role == "operator" else 0)
