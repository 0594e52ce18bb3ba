"""The agreements API through Django's test client: registry, life cycle, commitments, exports."""

import csv
import io
import json
from datetime import datetime, timedelta
from typing import Any

import jsonschema_rs
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from consortia.agreements import services
from consortia.agreements.models import Agreement, AgreementStatus, Commitment, ProgressReport
from consortia.agreements.services import PartyIn
from consortia.core import clock
from tests.conftest import World

V1 = "/api/v1"
COLUMNS = [
    "id",
    "kind",
    "title",
    "language",
    "status",
    "signed_on",
    "signed_on_precision",
    "signed_place",
    "signed_country",
    "valid_from",
    "valid_until",
    "value_amount",
    "value_currency",
    "light",
    "topics",
    "countries",
    "parties",
    "url",
]
SIGNED_ON = clock.today() - timedelta(days=30)


def _record(world: World, **changes: Any) -> Agreement:
    values: dict[str, Any] = {
        "kind": "memorandum",
        "title": "Memorandum on the digital economy",
        "language": "en",
        "parties": [PartyIn(organisation=world.org_a), PartyIn(state="KZ")],
        "topics": ["artificial-intelligence"],
    }
    return services.record_agreement(by=world.users["operator"], **(values | changes))


def _in_force(world: World, **changes: Any) -> Agreement:
    agreement = _record(world, **changes)
    services.sign_agreement(
        agreement, by=world.users["operator"], signed_on=SIGNED_ON, place="Moscow", country="RU"
    )
    return services.bring_into_force(agreement, by=world.users["operator"])


def _commitment(world: World, agreement: Agreement) -> Commitment:
    return services.add_commitment(
        agreement,
        by=world.users["operator"],
        text="Open a joint laboratory",
        responsible=agreement.parties.get(organisation=world.org_a),
        due_on=clock.today() + timedelta(days=200),
    )


def _titles(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["items"]]


def _post(client: Client, url: str, body: dict[str, Any] | None = None) -> Any:
    return client.post(url, body or {}, content_type="application/json")


def _export_titles(client: Client, query: str = "") -> list[str]:
    response = client.get(f"{V1}/agreements/export.json{query}")
    assert response.status_code == 200
    return [row["title"] for row in json.loads(response.getvalue())["agreements"]]


def _errors(response: Any) -> set[str]:
    return {error["field"] for error in response.json()["errors"]}


# --- The registry ---------------------------------------------------------------------------
def test_list_agreements_shows_every_field_of_an_item(world: World):
    agreement = _in_force(world, value_amount="2500000000", value_currency="RUB")

    response = Client().get(f"{V1}/agreements")

    assert response.json() == {
        "count": 1,
        "items": [
            {
                "id": str(agreement.public_id),
                "kind": "memorandum",
                "title": "Memorandum on the digital economy",
                "summary": "",
                "language": "en",
                "status": "in_force",
                "signed_on": SIGNED_ON.isoformat(),
                "signed_on_precision": "day",
                "signed_place": "Moscow",
                "signed_country": "RU",
                "signed_at_event": "",
                "valid_from": SIGNED_ON.isoformat(),
                "valid_until": None,
                "value": {"amount": "2500000000.00", "currency": "RUB"},
                "source_url": "",
                "visibility": "public",
                "light": "",
                "topics": ["artificial-intelligence"],
                "countries": ["KZ", "RU"],
                "parties": [
                    {
                        "organisation": {
                            "id": str(world.org_a.public_id),
                            "name": "Alpha Robotics",
                            "country": "RU",
                        },
                        "state": None,
                        "role": "signatory",
                    },
                    {"organisation": None, "state": "KZ", "role": "signatory"},
                ],
            }
        ],
    }


def test_list_agreements_filters_like_the_registry_page(world: World):
    _in_force(world, title="Memorandum on the digital economy")
    _in_force(
        world,
        kind="declaration",
        title="Declaration on payments",
        parties=[PartyIn(organisation=world.org_b), PartyIn(state="CN")],
        topics=["digital-payments"],
    )
    client = Client()

    assert _titles(client.get(f"{V1}/agreements?country=KZ")) == [
        "Memorandum on the digital economy"
    ]
    assert _titles(client.get(f"{V1}/agreements?kind=declaration")) == ["Declaration on payments"]
    assert _titles(client.get(f"{V1}/agreements?country=RU&partner=CN")) == [
        "Declaration on payments"
    ]
    assert _titles(client.get(f"{V1}/agreements?q=payments&status=in_force")) == [
        "Declaration on payments"
    ]
    assert _titles(client.get(f"{V1}/agreements?year={SIGNED_ON.year + 1}")) == []


def test_list_agreements_refuses_unknown_filters_naming_each(world: World):
    response = Client().get(f"{V1}/agreements?country=XX&light=purple&year=soon")

    assert response.status_code == 422
    assert _errors(response) == {"country", "light", "year"}
    assert {error["in"] for error in response.json()["errors"]} == {"query"}


def test_drafts_are_listed_only_for_parties_and_the_operator(world: World):
    _record(world, title="Draft roadmap")

    assert _titles(Client().get(f"{V1}/agreements")) == []
    assert _titles(world.client("member_b").get(f"{V1}/agreements")) == []
    assert _titles(world.client("member_a").get(f"{V1}/agreements")) == ["Draft roadmap"]
    assert _titles(world.client("operator").get(f"{V1}/agreements")) == ["Draft roadmap"]


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("anonymous", False),
        ("member_b", False),
        ("no_org", False),
        ("member_a", True),
        ("operator", True),
    ],
)
def test_a_parties_only_agreement_is_seen_by_parties_and_operator_never_exported(
    world: World, role: str, sees: bool
):
    secret = _in_force(world, visibility="parties", title="Confidential pilot memorandum")
    _in_force(world, title="Public memorandum")
    client = world.client(role)

    listed = _titles(client.get(f"{V1}/agreements"))
    detail = client.get(f"{V1}/agreements/{secret.public_id}")
    commitments = client.get(f"{V1}/agreements/{secret.public_id}/commitments")

    assert sorted(listed) == (
        ["Confidential pilot memorandum", "Public memorandum"] if sees else ["Public memorandum"]
    )
    assert detail.status_code == (200 if sees else 404)
    assert commitments.status_code == (200 if sees else 404)
    assert _export_titles(client) == ["Public memorandum"]
    csv_text = client.get(f"{V1}/agreements/export.csv").getvalue().decode("utf-8-sig")
    assert "Confidential" not in csv_text
    xlsx = load_workbook(io.BytesIO(client.get(f"{V1}/agreements/export.xlsx").content))
    assert [row[2] for row in xlsx.active.iter_rows(min_row=2, values_only=True)] == [
        "Public memorandum"
    ]


def test_the_detail_has_the_commitments(world: World):
    agreement = _in_force(world)
    commitment = _commitment(world, agreement)

    response = Client().get(f"{V1}/agreements/{agreement.public_id}")

    assert response.status_code == 200
    assert response.json()["commitments"] == [
        {
            "id": str(commitment.public_id),
            "text": "Open a joint laboratory",
            "responsible": {
                "organisation": {
                    "id": str(world.org_a.public_id),
                    "name": "Alpha Robotics",
                    "country": "RU",
                },
                "state": None,
                "role": "signatory",
            },
            "due_on": (clock.today() + timedelta(days=200)).isoformat(),
            "status": "planned",
            "light": "green",
            "last_report_on": None,
        }
    ]
    assert response.json()["light"] == "green"


def test_an_unknown_agreement_is_404(world: World):
    response = Client().get(f"{V1}/agreements/00000000-0000-0000-0000-000000000000")

    assert response.status_code == 404


# --- Recording ------------------------------------------------------------------------------
def _new_agreement(world: World, **changes: Any) -> dict[str, Any]:
    return {
        "kind": "programme",
        "title": "Программа сотрудничества в области ИИ",
        "language": "ru",
        "summary": "Совместные лаборатории.",
        "visibility": "public",
        "topics": ["artificial-intelligence"],
        "value_amount": "2500000000",
        "value_currency": "rub",
        "source_url": "https://example.org/programme",
        "valid_from": "2026-01-01",
        "valid_until": "2028-12-31",
        "parties": [
            {"organisation": str(world.org_a.public_id), "role": "coordinator"},
            {"state": "KZ"},
        ],
    } | changes


def test_an_admin_records_an_agreement_with_an_organisation_and_a_state(world: World):
    response = _post(world.client("admin_a"), f"{V1}/agreements", _new_agreement(world))

    assert response.status_code == 201
    agreement = Agreement.objects.get()
    body = response.json()
    assert body["id"] == str(agreement.public_id)
    assert (body["status"], body["title"], body["value"]) == (
        "draft",
        "Программа сотрудничества в области ИИ",
        {"amount": "2500000000.00", "currency": "RUB"},
    )
    assert (body["valid_from"], body["valid_until"]) == ("2026-01-01", "2028-12-31")
    assert body["countries"] == ["KZ", "RU"]
    assert body["parties"] == [
        {
            "organisation": {
                "id": str(world.org_a.public_id),
                "name": "Alpha Robotics",
                "country": "RU",
            },
            "state": None,
            "role": "coordinator",
        },
        {"organisation": None, "state": "KZ", "role": "signatory"},
    ]
    assert body["commitments"] == []
    assert agreement.created_by == world.users["admin_a"]


def test_an_unknown_organisation_is_a_422_on_parties_and_nothing_is_recorded(world: World):
    body = _new_agreement(
        world,
        parties=[
            {"organisation": "00000000-0000-0000-0000-000000000000"},
            {"organisation": str(world.pending.public_id)},  # not verified, not admin_a's
        ],
    )

    response = _post(world.client("admin_a"), f"{V1}/agreements", body)

    assert response.status_code == 422
    assert _errors(response) == {"parties"}
    assert Agreement.objects.count() == 0


def test_a_party_that_is_both_or_neither_is_a_422_on_parties(world: World):
    body = _new_agreement(
        world, parties=[{"organisation": str(world.org_a.public_id), "state": "KZ"}]
    )

    response = _post(world.client("operator"), f"{V1}/agreements", body)

    assert response.status_code == 422
    assert _errors(response) == {"parties"}
    assert Agreement.objects.count() == 0


@pytest.mark.parametrize(("role", "status"), [("anonymous", 401), ("member_a", 403)])
def test_recording_needs_an_admin_or_the_operator(world: World, role: str, status: int):
    response = _post(world.client(role), f"{V1}/agreements", _new_agreement(world))

    assert response.status_code == status
    assert Agreement.objects.count() == 0


# --- Transitions ----------------------------------------------------------------------------
def test_each_transition_through_the_api(world: World):
    agreement = _record(world)
    client = world.client("admin_a")
    url = f"{V1}/agreements/{agreement.public_id}"

    signed = _post(
        client,
        f"{url}/sign",
        {"signed_on": "2026-10-22", "place": "Moscow", "country": "RU", "event": "Forum"},
    )
    in_force = _post(client, f"{url}/in-force")
    completed = _post(client, f"{url}/complete")

    assert signed.status_code == 200
    assert {k: signed.json()[k] for k in ("status", "signed_on", "signed_place")} == {
        "status": "signed",
        "signed_on": "2026-10-22",
        "signed_place": "Moscow",
    }
    assert (signed.json()["signed_country"], signed.json()["signed_at_event"]) == ("RU", "Forum")
    assert (in_force.status_code, in_force.json()["status"]) == (200, "in_force")
    assert in_force.json()["valid_from"] == "2026-10-22"
    assert (completed.status_code, completed.json()["status"]) == (200, "completed")


def test_terminating_through_the_api_keeps_the_reason(world: World):
    agreement = _in_force(world)

    response = _post(
        world.client("operator"),
        f"{V1}/agreements/{agreement.public_id}/terminate",
        {"reason": "Superseded by the 2027 programme"},
    )

    agreement.refresh_from_db()
    assert (response.status_code, response.json()["status"]) == (200, "terminated")
    assert agreement.termination_reason == "Superseded by the 2027 programme"


def test_expiring_through_the_api_once_the_validity_has_passed(world: World):
    agreement = _record(
        world,
        valid_from=clock.today() - timedelta(days=400),
        valid_until=clock.today() - timedelta(days=1),
    )
    services.sign_agreement(
        agreement, by=world.users["operator"], signed_on=clock.today() - timedelta(days=400)
    )

    response = _post(world.client("operator"), f"{V1}/agreements/{agreement.public_id}/expire")

    assert (response.status_code, response.json()["status"]) == (200, "expired")


def test_a_transition_in_the_wrong_state_is_422_and_changes_nothing(world: World):
    agreement = _record(world)

    response = _post(world.client("operator"), f"{V1}/agreements/{agreement.public_id}/complete")

    agreement.refresh_from_db()
    assert response.status_code == 422
    assert _errors(response) == {"status"}
    assert agreement.status == AgreementStatus.DRAFT


def test_a_member_who_is_no_admin_gets_403_before_any_date_check(world: World):
    agreement = _record(world)

    response = _post(
        world.client("member_a"),
        f"{V1}/agreements/{agreement.public_id}/sign",
        {"signed_on": (clock.today() + timedelta(days=5)).isoformat()},
    )

    agreement.refresh_from_db()
    assert response.status_code == 403
    assert agreement.status == AgreementStatus.DRAFT


# --- Commitments and reports ----------------------------------------------------------------
def test_commitments_are_added_naming_a_party_by_organisation_or_state(world: World):
    agreement = _in_force(world)
    client = world.client("admin_a")
    url = f"{V1}/agreements/{agreement.public_id}/commitments"

    by_organisation = _post(
        client,
        url,
        {
            "text": "Open a joint laboratory",
            "responsible_party": {"organisation": str(world.org_a.public_id)},
            "due_on": "2027-06-30",
        },
    )
    by_state = _post(client, url, {"text": "Simplify visas", "responsible_party": {"state": "kz"}})
    nobody = _post(client, url, {"text": "Meet every year"})
    listed = Client().get(url)

    assert (by_organisation.status_code, by_state.status_code, nobody.status_code) == (
        201,
        201,
        201,
    )
    assert by_organisation.json()["responsible"]["organisation"]["name"] == "Alpha Robotics"
    assert by_organisation.json()["due_on"] == "2027-06-30"
    assert by_state.json()["responsible"] == {
        "organisation": None,
        "state": "KZ",
        "role": "signatory",
    }
    assert nobody.json()["responsible"] is None
    assert [item["text"] for item in listed.json()["items"]] == [
        "Open a joint laboratory",
        "Simplify visas",
        "Meet every year",
    ]


def test_a_responsible_party_outside_the_agreement_is_422(world: World):
    agreement = _in_force(world)

    response = _post(
        world.client("operator"),
        f"{V1}/agreements/{agreement.public_id}/commitments",
        {"text": "Pay", "responsible_party": {"organisation": str(world.org_b.public_id)}},
    )

    assert response.status_code == 422
    assert _errors(response) == {"responsible_party"}
    assert Commitment.objects.count() == 0


def test_only_the_responsible_organisations_admin_reports_progress(world: World):
    commitment = _commitment(world, _in_force(world))
    url = f"{V1}/commitments/{commitment.public_id}/reports"
    body = {
        "text": "Lab rented",
        "reported_on": clock.today().isoformat(),
        "evidence_url": "https://example.org/lab",
        "status": "in_progress",
    }

    refused = {
        role: _post(world.client(role), url, body).status_code
        for role in ["member_a", "member_b", "no_org", "operator"]
    }
    anonymous = _post(Client(), url, body).status_code
    reported = _post(world.client("admin_a"), url, body)

    assert refused == {"member_a": 403, "member_b": 403, "no_org": 403, "operator": 403}
    assert anonymous == 401
    assert reported.status_code == 201
    report = ProgressReport.objects.get()
    assert reported.json() == {
        "id": report.pk,
        "commitment": str(commitment.public_id),
        "reported_on": clock.today().isoformat(),
        "text": "Lab rented",
        "evidence_url": "https://example.org/lab",
        "created_at": reported.json()["created_at"],
    }
    listed = Client().get(url).json()
    assert (listed["count"], listed["items"][0]["text"]) == (1, "Lab rented")


def test_outsiders_of_a_secret_agreement_get_404_on_its_commitments(world: World):
    commitment = _commitment(world, _in_force(world, visibility="parties"))
    url = f"{V1}/commitments/{commitment.public_id}/reports"

    for role in ["member_b", "no_org"]:
        assert _post(world.client(role), url, {"text": "Done"}).status_code == 404
        assert world.client(role).get(url).status_code == 404
    assert Client().get(url).status_code == 404

    assert ProgressReport.objects.count() == 0
    assert world.client("member_a").get(url).status_code == 200


# --- Exports --------------------------------------------------------------------------------
def _exported(world: World) -> Agreement:
    """A public, signed agreement with a Cyrillic title, beside a secret one and a draft."""
    agreement = _in_force(
        world,
        title="Меморандум о цифровой экономике",
        value_amount="1500.5",
        value_currency="USD",
        valid_until=clock.today() + timedelta(days=700),
    )
    _commitment(world, agreement)
    _in_force(world, title="Secret pilot", visibility="parties")
    _record(world, title="Draft roadmap")
    return agreement


def test_csv_export_opens_in_excel_and_keeps_cyrillic(world: World, settings: Any):
    settings.SITE_URL = "https://alliance.example"
    agreement = _exported(world)

    response = world.client("operator").get(f"{V1}/agreements/export.csv?country=KZ")

    content = response.getvalue()
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="agreements.csv"'
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows == [
        COLUMNS,
        [
            str(agreement.public_id),
            "memorandum",
            "Меморандум о цифровой экономике",
            "en",
            "in_force",
            SIGNED_ON.isoformat(),
            "day",
            "Moscow",
            "RU",
            SIGNED_ON.isoformat(),
            (clock.today() + timedelta(days=700)).isoformat(),
            "1500.50",
            "USD",
            "green",
            "artificial-intelligence",
            "KZ;RU",
            "Alpha Robotics;KZ",
            f"https://alliance.example/agreements/{agreement.public_id}/",
        ],
    ]


def test_csv_export_defuses_formulas(world: World):
    _in_force(world, title='=HYPERLINK("https://evil.example")')

    content = Client().get(f"{V1}/agreements/export.csv").getvalue().decode("utf-8-sig")

    assert list(csv.reader(io.StringIO(content)))[1][2] == '\'=HYPERLINK("https://evil.example")'


def test_xlsx_export_has_a_bold_header_and_dates_as_dates(world: World):
    agreement = _exported(world)

    response = Client().get(f"{V1}/agreements/export.xlsx")

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="agreements.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == COLUMNS
    assert all(cell.font.b for cell in sheet[1])
    assert len(rows) == 2
    row = dict(zip(COLUMNS, rows[1], strict=True))
    assert row["id"] == str(agreement.public_id)
    assert row["title"] == "Меморандум о цифровой экономике"
    assert row["signed_on"] == datetime.combine(SIGNED_ON, datetime.min.time())
    assert row["value_amount"] == 1500.5
    assert row["parties"] == "Alpha Robotics;KZ"


def test_xlsx_export_writes_formulas_as_text(world: World):
    _in_force(world, title="=1+1")

    sheet = load_workbook(io.BytesIO(Client().get(f"{V1}/agreements/export.xlsx").content)).active

    assert (sheet["C2"].value, sheet["C2"].data_type) == ("=1+1", "s")


def test_json_export_has_the_licence_and_one_record_per_agreement(world: World, settings: Any):
    settings.SITE_URL = "https://alliance.example"
    agreement = _exported(world)

    response = world.client("member_a").get(f"{V1}/agreements/export.json")

    assert response.status_code == 200
    document = json.loads(response.getvalue())
    assert set(document) == {"generated_at", "licence", "agreements"}
    assert document["licence"] == "CC BY 4.0"
    assert datetime.fromisoformat(document["generated_at"]).tzinfo is not None
    assert document["agreements"] == [
        {
            "id": str(agreement.public_id),
            "kind": "memorandum",
            "title": "Меморандум о цифровой экономике",
            "language": "en",
            "status": "in_force",
            "signed_on": SIGNED_ON.isoformat(),
            "signed_on_precision": "day",
            "signed_place": "Moscow",
            "signed_country": "RU",
            "valid_from": SIGNED_ON.isoformat(),
            "valid_until": (clock.today() + timedelta(days=700)).isoformat(),
            "value_amount": "1500.50",
            "value_currency": "USD",
            "light": "green",
            "topics": "artificial-intelligence",
            "countries": "KZ;RU",
            "parties": "Alpha Robotics;KZ",
            "url": f"https://alliance.example/agreements/{agreement.public_id}/",
        }
    ]


def test_json_export_matches_the_schema_it_declares(world: World):
    _exported(world)
    operation = Client().get(f"{V1}/openapi.json").json()["paths"][f"{V1}/agreements/export.json"]
    declared = operation["get"]["responses"]["200"]["content"]["application/json"]["schema"]

    response = Client().get(f"{V1}/agreements/export.json")

    document = json.loads(response.getvalue())
    assert len(document["agreements"]) == 1
    jsonschema_rs.validate(declared, document)
    assert declared["properties"]["agreements"]["items"]["properties"]["value_amount"] == {
        "type": ["string", "null"]
    }


def test_exports_take_the_registry_filters(world: World):
    _exported(world)

    assert _export_titles(Client(), "?kind=declaration") == []
    assert _export_titles(Client(), "?country=KZ&kind=memorandum") == [
        "Меморандум о цифровой экономике"
    ]
    for extension in ["csv", "xlsx", "json"]:
        response = Client().get(f"{V1}/agreements/export.{extension}?country=XX")
        assert response.status_code == 422
        assert _errors(response) == {"country"}


# --- Query counts ---------------------------------------------------------------------------
def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.parametrize(
    "url",
    [
        f"{V1}/agreements",
        f"{V1}/agreements?country=KZ&q=memorandum",
        f"{V1}/agreements/export.csv",
        f"{V1}/agreements/export.json",
    ],
)
@pytest.mark.parametrize("role", ["anonymous", "member_a", "operator"])
def test_list_query_count_does_not_grow_with_agreements(world: World, url: str, role: str):
    client = world.client(role)

    def add(n: int) -> None:
        for index in range(n):
            agreement = _in_force(
                world,
                title=f"Memorandum {index}",
                parties=[
                    PartyIn(organisation=world.org_a),
                    PartyIn(organisation=world.org_b),
                    PartyIn(state="KZ"),
                ],
                topics=["artificial-intelligence", "digital-payments"],
            )
            _commitment(world, agreement)

    add(1)
    client.get(url)  # warm per-request caches out of the measurement
    one = _queries(client, url)

    add(2)
    three = _queries(client, url)

    assert one == three, f"{url}: {one} queries for 1 agreement, {three} for 3"
