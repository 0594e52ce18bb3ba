"""The owner's export of the applications received: exactly its opportunity's submitted
applications, for its admins only, with formulas made inert, the same in CSV and Excel."""

import csv
import io
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from consortia.core import clock
from consortia.core.money import Money
from consortia.core.permissions import NotVisible
from consortia.opportunities import services
from consortia.opportunities.exports import application_export_rows
from consortia.opportunities.models import Opportunity
from tests.conftest import World

from .conftest import DURING, Applicant, accepted, applicant, pdf, publish, started, submitted

HEADER = [
    "Applicant",
    "Country",
    "Kind",
    "Stage",
    "Status",
    "Submitted at (UTC)",
    "Decided at (UTC)",
    "Reason given to the applicant",
    "Weighted score",
    "Reviewers",
    "Team size",
    "Pitch deck",
    "Engagement",
    "Contract value",
    "Contract currency",
]
DECIDED = datetime(2025, 4, 5, 9, 30, tzinfo=UTC)


@pytest.fixture
def received(world: World, gamma: Applicant, delta: Applicant) -> Opportunity:
    """Organisation A's challenge with a form of two questions: Gamma's application submitted,
    answered, scored, accepted and followed by a pilot with a contract; Delta's submitted with a
    name a spreadsheet would run; a draft, another opportunity's and another owner's
    applications besides."""
    admin = world.users["admin_a"]
    opportunity = publish(world)
    team = services.add_form_field(opportunity, by=admin, label="Team size", kind="number")
    deck = services.add_form_field(
        opportunity, by=admin, label="Pitch deck", kind="file", required=False
    )
    impact = services.add_criterion(opportunity, by=admin, name="Impact", weight="1")
    services.assign_reviewer(opportunity, by=admin, user=world.users["member_b"])

    gamma_application = started(opportunity, gamma)
    services.save_answers(
        gamma_application, by=gamma.member, values={team.pk: 12}, files={deck.pk: pdf()}
    )
    with clock.frozen(DURING):
        services.submit_application(gamma_application, by=gamma.member)
    services.score_application(
        gamma_application, by=world.users["member_b"], scores={impact: (4, "Good")}
    )
    with clock.frozen(DECIDED):
        services.accept_application(gamma_application, by=admin, reason="Strong team")
    engagement = services.start_engagement(gamma_application, by=admin)
    services.record_result(
        engagement,
        by=admin,
        result="Deployed",
        contract_value=Money(Decimal("250000"), "EUR"),
    )

    formula = applicant('=HYPERLINK("https://evil.example")', kind="startup")
    formula_application = started(opportunity, formula)
    services.save_answers(formula_application, by=formula.member, values={team.pk: 3})
    with clock.frozen(datetime(2025, 3, 12, 8, 0, tzinfo=UTC)):
        services.submit_application(formula_application, by=formula.member)

    started(opportunity, delta)  # a draft
    elsewhere = publish(world, title="Another challenge")
    submitted(elsewhere, applicant("Elsewhere Ltd"))
    other_owner = publish(world, by="operator", owner=world.org_b, title="B's call")
    submitted(other_owner, applicant("Other Owner's Applicant"))
    return opportunity


def _csv(response: Any) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


EXPECTED_CSV = [
    HEADER,
    [
        "Gamma Sensors",
        "Russia",
        "Startup or SME",
        "",
        "Accepted",
        "2025-03-10T12:00:00+00:00",
        "2025-04-05T09:30:00+00:00",
        "Strong team",
        "80.00",
        "1",
        "12.00",
        "pitch.pdf",
        "Pilot",
        "250000.00",
        "EUR",
    ],
    [
        '\'=HYPERLINK("https://evil.example")',
        "Russia",
        "Startup or SME",
        "",
        "Submitted",
        "2025-03-12T08:00:00+00:00",
        "",
        "",
        "",
        "0",
        "3.00",
        "",
        "",
        "",
        "",
    ],
]


def test_the_owners_admin_downloads_exactly_the_submitted_applications_as_csv(
    world: World, received: Opportunity
):
    response = world.client("admin_a").get(f"/opportunities/{received.public_id}/applications.csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="applications.csv"'
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith("\ufeff".encode())
    assert _csv(response) == EXPECTED_CSV


def test_the_excel_file_has_the_same_rows_with_numbers_as_numbers(
    world: World, received: Opportunity
):
    response = world.client("owner_a").get(f"/opportunities/{received.public_id}/applications.xlsx")

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="applications.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == HEADER
    assert rows[1][:3] == ["Gamma Sensors", "Russia", "Startup or SME"]
    assert rows[1][8:11] == [80, 1, 12]
    assert rows[1][13] == 250000
    assert rows[2][0] == '=HYPERLINK("https://evil.example")'
    assert sheet.cell(row=3, column=1).data_type == "s"  # text, never a formula
    assert [list(map(_plain, row)) for row in rows] == [
        [_plain(cell.removeprefix("'")) for cell in row] for row in EXPECTED_CSV
    ]


def _plain(value: Any) -> Any:
    """A cell of either file as one value: numbers as Decimals, the rest as text."""
    text = "" if value is None else str(value)
    try:
        return Decimal(text)
    except ArithmeticError:
        return text


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", 302), ("no_org", 404), ("member_a", 404), ("member_b", 404), ("operator", 404)],
)
@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_everyone_but_the_owners_admins_is_refused(
    world: World, received: Opportunity, role: str, expected: int, extension: str
):
    response = world.client(role).get(
        f"/opportunities/{received.public_id}/applications.{extension}"
    )

    assert response.status_code == expected
    assert b"Gamma" not in response.content
    if expected == 302:
        assert response["Location"].startswith("/accounts/login/")


def test_an_applicant_is_refused_even_with_an_application_in_it(
    world: World, received: Opportunity, gamma: Applicant
):
    response = world.client("anonymous")
    response.force_login(gamma.member)

    answer = response.get(f"/opportunities/{received.public_id}/applications.csv")

    assert answer.status_code == 404


def test_the_operator_manages_but_sees_no_application_so_is_refused(
    world: World, received: Opportunity
):
    with pytest.raises(NotVisible):
        application_export_rows(world.users["operator"], received)


def test_an_assigned_reviewer_sees_but_does_not_export(world: World, received: Opportunity):
    with pytest.raises(NotVisible):
        application_export_rows(world.users["member_b"], received)


def test_the_applications_page_links_the_downloads_for_the_owners_admins_only(
    world: World, received: Opportunity
):
    url = f"/opportunities/{received.public_id}/applications/"

    admin_page = world.client("admin_a").get(url).content.decode()
    reviewer_page = world.client("member_b").get(url).content.decode()

    assert f"/opportunities/{received.public_id}/applications.csv" in admin_page
    assert f"/opportunities/{received.public_id}/applications.xlsx" in admin_page
    assert "applications.csv" not in reviewer_page


def _queries(world: World, opportunity: Opportunity) -> int:
    client = world.client("admin_a")
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/opportunities/{opportunity.public_id}/applications.csv")
    assert response.status_code == 200
    return len(captured)


def test_the_export_takes_as_many_queries_for_one_application_as_for_three(world: World):
    one, three = publish(world, title="One"), publish(world, title="Three")
    for opportunity in (one, three):
        services.add_form_field(
            opportunity, by=world.users["admin_a"], label="Q", kind="text", required=False
        )
    accepted(world, one, applicant("Solo"))
    for name in ("First", "Second", "Third"):
        accepted(world, three, applicant(name))

    assert _queries(world, one) == _queries(world, three)
