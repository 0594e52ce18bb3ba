"""Recording projects, each status transition from each status, who may do what, budgets per
currency, the operator's rates, milestones, updates with attachments, and visibility."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from consortia.agreements import services as agreements
from consortia.agreements.models import Agreement
from consortia.core import clock
from consortia.core.models import AuditEvent
from consortia.core.money import Money
from consortia.core.permissions import NotPermitted
from consortia.projects import selectors, services
from consortia.projects.models import (
    BudgetLine,
    ExchangeRate,
    Milestone,
    Partner,
    Project,
    ProjectStatus,
    Update,
    UpdateAttachment,
)
from consortia.projects.selectors import ProjectFilters
from consortia.projects.services import PartnerIn
from tests.conftest import World

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
STARTS_ON = date(2025, 3, 1)


def _record(world: World, *, by: str = "operator", **changes: Any) -> Project:
    values: dict[str, Any] = {
        "title": "Smart fields pilot",
        "language": "en",
        "partners": [
            PartnerIn(organisation=world.org_a, role="lead"),
            PartnerIn(state="KZ", role="pilot_site"),
        ],
        "topics": ["artificial-intelligence"],
        "starts_on": STARTS_ON,
    }
    return services.record_project(by=world.users[by], **(values | changes))


def _in_status(world: World, status: str, **changes: Any) -> Project:
    operator = world.users["operator"]
    project = _record(world, **changes)
    if status in {ProjectStatus.ACTIVE, ProjectStatus.COMPLETED}:
        services.start_project(project, by=operator)
    if status == ProjectStatus.COMPLETED:
        services.complete_project(project, by=operator, result="Sensors in 40 fields")
    if status == ProjectStatus.CANCELLED:
        services.cancel_project(project, by=operator, reason="Funding withdrawn")
    return project


def _transition(name: str) -> Any:
    return {
        "start": lambda project, by: services.start_project(project, by=by),
        "complete": lambda project, by: services.complete_project(project, by=by, result="Done"),
        "cancel": lambda project, by: services.cancel_project(project, by=by, reason="No money"),
    }[name]


# Recording


def test_operator_records_a_proposed_project_with_derived_countries(world: World):
    project = _record(world)

    assert project.status == ProjectStatus.PROPOSED
    assert project.created_by == world.users["operator"]
    assert sorted((str(p), p.role) for p in project.partners.all()) == sorted(
        [(world.org_a.name, "lead"), ("Kazakhstan", "pilot_site")]
    )
    assert sorted(project.countries.values_list("code", flat=True)) == sorted(
        {"KZ", world.org_a.country_id}
    )
    assert list(project.topics.values_list("code", flat=True)) == ["artificial-intelligence"]
    assert AuditEvent.objects.filter(action="project.recorded").count() == 1


def test_partner_admin_records_a_project_of_their_organisation(world: World):
    project = _record(world, by="admin_a")

    assert project.created_by == world.users["admin_a"]


def test_admin_whose_organisation_is_not_a_partner_is_refused_and_nothing_is_written(
    world: World,
):
    with pytest.raises(NotPermitted):
        _record(
            world,
            by="admin_a",
            partners=[PartnerIn(organisation=world.org_b, role="lead")],
        )

    assert (Project.objects.count(), Partner.objects.count()) == (0, 0)
    assert not AuditEvent.objects.filter(action__startswith="project.").exists()


@pytest.mark.parametrize("role", ["member_a", "member_b", "no_org"])
def test_members_and_people_without_organisation_do_not_record(world: World, role: str):
    with pytest.raises(NotPermitted):
        _record(world, by=role)

    assert Project.objects.count() == 0


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": " "}, "title"),
        ({"language": "xx"}, "language"),
        ({"visibility": "secret"}, "visibility"),
        ({"topics": ["no-such-topic"]}, "topics"),
        ({"source_url": "javascript:alert(1)"}, "source_url"),
        ({"starts_on": date(2026, 1, 2), "ends_on": date(2026, 1, 1)}, "ends_on"),
        ({"partners": []}, "partners"),
        ({"partners": [PartnerIn(state="KZ", role="partner")]}, "partners"),  # no lead
        ({"partners": [PartnerIn(state="KZ", role="boss")]}, "partners"),
        ({"partners": [PartnerIn(state="QQ", role="lead")]}, "partners"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(
    world: World, changes: dict[str, Any], field: str
):
    with pytest.raises(ValidationError) as error:
        _record(world, **changes)

    assert field in error.value.message_dict
    assert Project.objects.count() == 0


def test_only_visible_agreements_are_linked(world: World):
    secret = agreements.record_agreement(
        by=world.users["operator"],
        kind="memorandum",
        title="Secret memorandum",
        language="en",
        visibility="parties",
        parties=[agreements.PartyIn(organisation=world.org_b)],
    )

    with pytest.raises(ValidationError) as error:
        _record(world, by="admin_a", agreements=[secret])

    assert "agreements" in error.value.message_dict
    assert Project.objects.count() == 0


# Status transitions: every transition from every status.

ALLOWED = {
    ("start", ProjectStatus.PROPOSED): ProjectStatus.ACTIVE,
    ("complete", ProjectStatus.ACTIVE): ProjectStatus.COMPLETED,
    ("cancel", ProjectStatus.PROPOSED): ProjectStatus.CANCELLED,
    ("cancel", ProjectStatus.ACTIVE): ProjectStatus.CANCELLED,
}
TRANSITIONS = [
    (name, status) for name in ["start", "complete", "cancel"] for status in ProjectStatus.values
]


@pytest.mark.parametrize(("name", "status"), TRANSITIONS)
def test_each_transition_from_each_status(world: World, name: str, status: str):
    project = _in_status(world, status)
    events = AuditEvent.objects.count()

    if (name, status) in ALLOWED:
        _transition(name)(project, world.users["admin_a"])

        project.refresh_from_db()
        assert project.status == ALLOWED[(name, status)]
        assert AuditEvent.objects.count() == events + 1
    else:
        with pytest.raises(ValidationError) as error:
            _transition(name)(project, world.users["admin_a"])

        project.refresh_from_db()
        assert list(error.value.message_dict) == ["status"]
        assert project.status == status
        assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("role", ["member_a", "member_b", "no_org"])
@pytest.mark.parametrize("name", ["start", "cancel"])
def test_only_partner_admins_and_the_operator_move_a_project(world: World, role: str, name: str):
    project = _record(world)

    with pytest.raises(NotPermitted):
        _transition(name)(project, world.users[role])

    project.refresh_from_db()
    assert project.status == ProjectStatus.PROPOSED


def test_start_needs_a_date_and_takes_the_given_one(world: World):
    undated = _record(world, starts_on=None)

    with pytest.raises(ValidationError) as error:
        services.start_project(undated, by=world.users["operator"])
    services.start_project(undated, by=world.users["operator"], starts_on=date(2025, 5, 5))

    assert "starts_on" in error.value.message_dict
    assert (undated.status, undated.starts_on) == (ProjectStatus.ACTIVE, date(2025, 5, 5))


def test_complete_records_the_outcome(world: World):
    project = _in_status(world, ProjectStatus.ACTIVE)

    services.complete_project(
        project,
        by=world.users["admin_a"],
        result="Sensors in 40 fields",
        ends_on=date(2026, 6, 30),
        contracts_signed=3,
        contracts_value=Money(Decimal("1200000.50"), "RUB"),
        follow_on_investment=Money(Decimal("250000"), "USD"),
    )

    project.refresh_from_db()
    assert project.status == ProjectStatus.COMPLETED
    assert (project.result, project.ends_on, project.contracts_signed) == (
        "Sensors in 40 fields",
        date(2026, 6, 30),
        3,
    )
    assert (project.contracts_amount, project.contracts_currency) == (
        Decimal("1200000.50"),
        "RUB",
    )
    assert (project.investment_amount, project.investment_currency) == (Decimal("250000"), "USD")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"result": ""}, "result"),
        ({"contracts_signed": -1}, "contracts_signed"),
        ({"ends_on": date(2020, 1, 1)}, "ends_on"),
    ],
)
def test_bad_outcome_names_the_field_and_the_project_stays_active(
    world: World, changes: dict[str, Any], field: str
):
    project = _in_status(world, ProjectStatus.ACTIVE)

    with pytest.raises(ValidationError) as error:
        services.complete_project(
            project, by=world.users["operator"], **({"result": "Done"} | changes)
        )

    project.refresh_from_db()
    assert field in error.value.message_dict
    assert project.status == ProjectStatus.ACTIVE


def test_cancel_keeps_the_reason(world: World):
    project = _in_status(world, ProjectStatus.ACTIVE)

    services.cancel_project(project, by=world.users["operator"], reason="Funding withdrawn")

    assert (project.status, project.cancellation_reason) == (
        ProjectStatus.CANCELLED,
        "Funding withdrawn",
    )


# Who may change what


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("operator", True),
        ("admin_a", True),
        ("member_a", False),
        ("member_b", False),
        ("no_org", False),
    ],
)
def test_partner_admins_and_the_operator_change_a_project(world: World, role: str, allowed: bool):
    project = _record(world)
    by = world.users[role]

    if allowed:
        services.change_project(project, by=by, title="Smart fields, phase two")
        services.add_budget_line(project, by=by, label="Sensors", amount="100", currency="RUB")
        services.add_milestone(project, by=by, title="Sensors installed")
    else:
        for change in [
            lambda: services.change_project(project, by=by, title="Hijacked"),
            lambda: services.add_budget_line(
                project, by=by, label="Sensors", amount="100", currency="RUB"
            ),
            lambda: services.add_milestone(project, by=by, title="Sensors installed"),
            lambda: services.link_agreements(project, by=by, agreements=[]),
            lambda: services.set_partners(
                project, by=by, partners=[PartnerIn(state="KZ", role="lead")]
            ),
        ]:
            with pytest.raises(NotPermitted):
                change()

    project.refresh_from_db()
    assert project.title == ("Smart fields, phase two" if allowed else "Smart fields pilot")
    assert (BudgetLine.objects.count(), Milestone.objects.count()) == (
        (1, 1) if allowed else (0, 0)
    )
    assert project.partners.count() == 2


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("operator", True),
        ("admin_a", True),
        ("member_a", True),
        ("member_b", False),
        ("no_org", False),
    ],
)
def test_members_of_partners_post_updates_and_outsiders_do_not(
    world: World, role: str, allowed: bool
):
    project = _record(world)

    if allowed:
        update = services.post_update(project, by=world.users[role], text="Sensors arrived")
        assert update.organisation == (None if role == "operator" else world.org_a)
    else:
        with pytest.raises(NotPermitted):
            services.post_update(project, by=world.users[role], text="Sensors arrived")

    assert Update.objects.count() == (1 if allowed else 0)


def test_set_partners_replaces_them_and_refreshes_the_countries(world: World):
    project = _record(world)

    services.set_partners(
        project,
        by=world.users["admin_a"],
        partners=[
            PartnerIn(organisation=world.org_a, role="lead"),
            PartnerIn(state="CN", role="funder"),
        ],
    )

    assert sorted((str(p), p.role) for p in project.partners.all()) == sorted(
        [(world.org_a.name, "lead"), ("China", "funder")]
    )
    assert sorted(project.countries.values_list("code", flat=True)) == sorted(
        {"CN", world.org_a.country_id}
    )


def test_an_admin_cannot_remove_their_own_organisation(world: World):
    project = _record(world)

    with pytest.raises(NotPermitted):
        services.set_partners(
            project, by=world.users["admin_a"], partners=[PartnerIn(state="KZ", role="lead")]
        )

    assert project.partners.filter(organisation=world.org_a).exists()


def test_link_agreements_keeps_links_the_editor_cannot_see(world: World):
    operator = world.users["operator"]
    visible = agreements.record_agreement(
        by=operator,
        kind="memorandum",
        title="Memorandum of organisation A",
        language="en",
        parties=[agreements.PartyIn(organisation=world.org_a)],
    )
    hidden = agreements.record_agreement(
        by=operator,
        kind="memorandum",
        title="Memorandum of organisation B",
        language="en",
        visibility="parties",
        parties=[agreements.PartyIn(organisation=world.org_b)],
    )
    project = _record(world, agreements=[hidden])

    services.link_agreements(project, by=world.users["admin_a"], agreements=[visible])

    assert set(project.agreements.all()) == {visible, hidden}
    assert list(selectors.project_detail(world.users["admin_a"]).get().agreements.all()) == [
        visible
    ]


# Budget and rates


def test_budget_is_totalled_per_currency_and_never_across(world: World):
    project = _record(world)
    operator = world.users["operator"]
    for label, amount, currency in [
        ("Sensors", "100", "RUB"),
        ("Software", "10", "USD"),
        ("Training", "50.5", "rub"),
    ]:
        services.add_budget_line(
            project, by=operator, label=label, amount=amount, currency=currency
        )

    totals = selectors.budget_by_currency(list(project.budget_lines.all()))

    assert totals == [Money(Decimal("150.50"), "RUB"), Money(Decimal("10.00"), "USD")]
    with pytest.raises(ValueError):
        sum(totals[1:], totals[0])


def test_a_funder_must_be_a_partner_of_the_same_project(world: World):
    project, other = _record(world), _record(world, title="Other project")

    with pytest.raises(ValidationError) as error:
        services.add_budget_line(
            project,
            by=world.users["operator"],
            label="Grant",
            amount="5",
            currency="USD",
            funder=other.partners.first(),
        )

    assert "funder" in error.value.message_dict
    assert BudgetLine.objects.count() == 0


@pytest.mark.parametrize(
    ("amount", "currency", "field"),
    [("", "RUB", "amount"), ("-1", "RUB", "amount"), ("5", "XYZ", "currency")],
)
def test_bad_budget_line_names_the_field(world: World, amount: str, currency: str, field: str):
    project = _record(world)

    with pytest.raises(ValidationError) as error:
        services.add_budget_line(
            project, by=world.users["operator"], label="Grant", amount=amount, currency=currency
        )

    assert field in error.value.message_dict
    assert BudgetLine.objects.count() == 0


def test_remove_budget_line_is_for_editors(world: World):
    project = _record(world)
    line = services.add_budget_line(
        project, by=world.users["operator"], label="Grant", amount="5", currency="USD"
    )

    with pytest.raises(NotPermitted):
        services.remove_budget_line(line, by=world.users["member_a"])
    services.remove_budget_line(line, by=world.users["admin_a"])

    assert BudgetLine.objects.count() == 0


def test_total_in_another_currency_needs_a_rate(world: World):
    amounts = [Money(Decimal("1000"), "RUB"), Money(Decimal("10"), "USD")]

    assert selectors.total_in(amounts, "RUB", on=clock.today()) is None


def test_total_in_uses_the_latest_rate_on_or_before_the_date(world: World):
    operator = world.users["operator"]
    today = clock.today()
    for days_ago, rate in [(30, "80"), (10, "90"), (0, "100")]:
        services.enter_rate(
            by=operator, currency="USD", into="RUB", rate=rate, on=today - timedelta(days=days_ago)
        )
    amounts = [Money(Decimal("1000"), "RUB"), Money(Decimal("10"), "USD")]

    converted = selectors.total_in(amounts, "RUB", on=today - timedelta(days=5))

    assert converted is not None
    assert converted.total == Money(Decimal("1900.00"), "RUB")
    assert [(r.rate, r.on) for r in converted.rates] == [
        (Decimal("90"), today - timedelta(days=10))
    ]
    assert selectors.total_in(amounts, "RUB", on=today - timedelta(days=31)) is None


def test_entering_the_same_pair_and_day_again_corrects_the_rate(world: World):
    operator = world.users["operator"]

    services.enter_rate(by=operator, currency="usd", into="rub", rate="90", on=clock.today())
    services.enter_rate(by=operator, currency="USD", into="RUB", rate="91.5", on=clock.today())

    assert list(ExchangeRate.objects.values_list("currency", "into", "rate")) == [
        ("USD", "RUB", Decimal("91.5"))
    ]
    assert AuditEvent.objects.filter(action="rate.entered").count() == 2


@pytest.mark.parametrize("role", ["admin_a", "member_a", "member_b", "no_org"])
def test_only_the_operator_enters_rates(world: World, role: str):
    with pytest.raises(NotPermitted):
        services.enter_rate(
            by=world.users[role], currency="USD", into="RUB", rate="90", on=clock.today()
        )

    assert ExchangeRate.objects.count() == 0


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"currency": "XYZ"}, "currency"),
        ({"into": "roubles"}, "into"),
        ({"into": "USD"}, "into"),
        ({"rate": "ninety"}, "rate"),
        ({"rate": "0"}, "rate"),
        ({"rate": "-3"}, "rate"),
        ({"rate": "NaN"}, "rate"),
        ({"on": None}, "on"),
        ({"on": "2025-01-01"}, "on"),
        ({"on": date.today() + timedelta(days=2)}, "on"),
    ],
)
def test_bad_rate_names_the_field(world: World, changes: dict[str, Any], field: str):
    values = {"currency": "USD", "into": "RUB", "rate": "90", "on": clock.today()} | changes

    with pytest.raises(ValidationError) as error:
        services.enter_rate(by=world.users["operator"], **values)

    assert list(error.value.message_dict) == [field]
    assert ExchangeRate.objects.count() == 0


# Milestones


def test_a_milestone_is_reached_once(world: World):
    project = _record(world)
    milestone = services.add_milestone(
        project, by=world.users["admin_a"], title="Sensors installed", due_on=date(2025, 6, 1)
    )

    services.reach_milestone(milestone, by=world.users["admin_a"], done_on=date(2025, 5, 20))
    with pytest.raises(ValidationError) as error:
        services.reach_milestone(milestone, by=world.users["admin_a"])

    assert milestone.done_on == date(2025, 5, 20)
    assert "done_on" in error.value.message_dict


def test_a_milestone_is_not_reached_in_the_future_nor_by_a_member(world: World):
    project = _record(world)
    milestone = services.add_milestone(project, by=world.users["operator"], title="Report")

    with pytest.raises(ValidationError):
        services.reach_milestone(
            milestone, by=world.users["operator"], done_on=clock.today() + timedelta(days=1)
        )
    with pytest.raises(NotPermitted):
        services.reach_milestone(milestone, by=world.users["member_a"])

    milestone.refresh_from_db()
    assert milestone.done_on is None


# Updates and their attachments


def test_update_attachments_are_stored_with_their_sniffed_type(world: World):
    project = _record(world)

    update = services.post_update(
        project,
        by=world.users["member_a"],
        text="Report attached",
        files=[
            SimpleUploadedFile("report.pdf", PDF, content_type="image/png"),
            SimpleUploadedFile("figures.csv", b"field;yield\n1;42\n"),
        ],
    )

    stored = {a.original_name: a for a in update.attachments.all()}
    assert {name: a.content_type for name, a in stored.items()} == {
        "report.pdf": "application/pdf",
        "figures.csv": "text/csv",
    }
    assert stored["report.pdf"].file.read() == PDF
    assert "report" not in stored["report.pdf"].file.name


def test_an_executable_named_pdf_is_refused_and_nothing_is_written(world: World, settings: Any):
    project = _record(world)

    with pytest.raises(ValidationError) as error:
        services.post_update(
            project,
            by=world.users["member_a"],
            text="Report attached",
            files=[SimpleUploadedFile("report.pdf", b"MZ" + b"\x00" * 64)],
        )

    assert "files" in error.value.message_dict
    assert (Update.objects.count(), UpdateAttachment.objects.count()) == (0, 0)
    assert [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()] == []


def test_a_failed_write_leaves_no_update_and_no_file(world: World, settings: Any, monkeypatch: Any):
    project = _record(world)

    def broken_audit(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("database went away")

    monkeypatch.setattr("consortia.projects.services.updates.audit.record", broken_audit)
    with pytest.raises(RuntimeError):
        services.post_update(
            project,
            by=world.users["member_a"],
            text="Report attached",
            files=[SimpleUploadedFile("report.pdf", PDF)],
        )

    assert (Update.objects.count(), UpdateAttachment.objects.count()) == (0, 0)
    assert [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()] == []


# Visibility


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
def test_partners_only_project_is_seen_by_partners_and_the_operator(
    world: World, role: str, sees: bool
):
    from consortia.core.permissions import ANONYMOUS

    secret = _in_status(world, ProjectStatus.ACTIVE, visibility="partners", title="Confidential")
    operator = world.users["operator"]
    milestone = services.add_milestone(secret, by=operator, title="Sensors installed")
    services.post_update(
        secret,
        by=world.users["member_a"],
        text="Report",
        files=[SimpleUploadedFile("report.pdf", PDF)],
    )
    user = ANONYMOUS if role == "anonymous" else world.users[role]

    found = [
        selectors.project_list(user, ProjectFilters()).filter(pk=secret.pk).exists(),
        selectors.project_list(user, ProjectFilters(q="confidential")).exists(),
        selectors.project_detail(user).filter(public_id=secret.public_id).exists(),
        selectors.milestones_visible_to(user).filter(pk=milestone.pk).exists(),
        selectors.updates_visible_to(user).exists(),
        selectors.attachments_visible_to(user).exists(),
    ]

    assert found == [sees] * len(found)


def test_the_recorder_sees_a_partners_only_project_they_recorded(world: World):
    project = _record(world, visibility="partners")

    assert list(selectors.projects_visible_to(world.users["operator"])) == [project]
    assert list(selectors.projects_visible_to(world.users["member_b"])) == []


def test_project_list_filters(world: World):
    operator = world.users["operator"]
    kazakh = _in_status(world, ProjectStatus.ACTIVE, title="Kazakh fields")
    chinese = _record(
        world,
        title="Chinese robots",
        partners=[
            PartnerIn(organisation=world.org_a, role="lead"),
            PartnerIn(state="CN", role="funder"),
        ],
        starts_on=date(2019, 1, 1),
        ends_on=date(2020, 12, 31),
        topics=[],
    )

    def titles(**filters: Any) -> list[str]:
        return [p.title for p in selectors.project_list(operator, ProjectFilters(**filters))]

    assert titles(country="KZ") == [kazakh.title]
    assert titles(country="CN", role="funder") == [chinese.title]
    assert titles(country="KZ", role="funder") == []
    assert titles(year=2020) == [chinese.title]
    assert titles(status="active") == [kazakh.title]
    assert titles(topic="artificial-intelligence") == [kazakh.title]
    assert titles(q="robots") == [chinese.title]
    assert titles(country=world.org_a.country_id, partner="CN") == [chinese.title]


def test_projects_carrying_out_an_agreement_are_only_the_visible_ones(world: World):
    agreement: Agreement = agreements.record_agreement(
        by=world.users["operator"],
        kind="memorandum",
        title="Memorandum",
        language="en",
        parties=[agreements.PartyIn(organisation=world.org_a)],
    )
    public = _record(world, title="Public", agreements=[agreement])
    _record(world, title="Secret", agreements=[agreement], visibility="partners")

    assert list(selectors.projects_carrying_out(world.users["member_b"], agreement)) == [public]
    assert selectors.projects_carrying_out(world.users["member_a"], agreement).count() == 2
