import json
from datetime import timedelta

from django.test import Client

from consortia.accounts.services import create_api_token, revoke_api_token
from consortia.core import clock
from consortia.directory.models import Offer, Organisation, VerificationStatus
from tests.factories.directory import OfferFactory


def _bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


def test_list_organisations_with_search_and_filters(world):
    response = Client().get(
        "/api/v1/organisations", {"q": "alpha", "country": "ru", "kind": "corporation"}
    )

    body = response.json()
    assert response.status_code == 200
    assert body["count"] == 1
    assert [item["name"] for item in body["items"]] == ["Alpha Robotics"]
    assert body["items"][0]["topics"] == ["artificial-intelligence"]
    assert body["items"][0]["contact_email"] is None  # anonymous: no private contacts


def test_unknown_filter_values_answer_422_naming_each_field(world):
    response = Client().get("/api/v1/organisations", {"country": "ZZ", "topic": "alchemy"})

    assert response.status_code == 422
    fields = {(error["in"], error["field"]) for error in response.json()["errors"]}
    assert fields == {("query", "country"), ("query", "topic")}


def test_malformed_body_answers_422_with_field_paths_and_writes_nothing(world):
    token = create_api_token(world.users["no_org"], name="script").raw
    before = Organisation.objects.count()

    response = Client().post(
        "/api/v1/organisations",
        {"name": 42, "country": "RUS", "topics": "ai"},
        content_type="application/json",
        headers=_bearer(token),
    )

    assert response.status_code == 422
    fields = sorted(error["field"] for error in response.json()["errors"])
    assert fields == ["country", "kind", "language", "name", "topics"]
    assert Organisation.objects.count() == before


def test_invalid_json_answers_a_clear_error(world):
    token = create_api_token(world.users["no_org"], name="script").raw

    response = Client().post(
        "/api/v1/organisations",
        "{not json",
        content_type="application/json",
        headers=_bearer(token),
    )

    assert response.status_code in {400, 422}
    assert "detail" in response.json()


def test_service_validation_errors_name_fields(world):
    token = create_api_token(world.users["no_org"], name="script").raw

    response = Client().post(
        "/api/v1/organisations",
        {
            "name": "X",
            "kind": "corporation",
            "country": "XX",
            "language": "klingon",
            "stage": "mvp",
        },
        content_type="application/json",
        headers=_bearer(token),
    )

    assert response.status_code == 422
    assert {error["field"] for error in response.json()["errors"]} == {"country", "language"}


def test_token_creates_pending_organisation_owned_by_caller(world):
    token = create_api_token(world.users["no_org"], name="script").raw

    response = Client().post(
        "/api/v1/organisations",
        {
            "name": "Bishkek Drones",
            "kind": "startup",
            "country": "KG",
            "language": "ru",
            "stage": "prototype",
            "topics": ["robotics"],
        },
        content_type="application/json",
        headers=_bearer(token),
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["verification_status"], body["country"], body["stage"]) == (
        "pending",
        "KG",
        "prototype",
    )
    assert (
        Organisation.objects.get(public_id=body["id"]).memberships.get().person.user
        == world.users["no_org"]
    )


def test_wrong_or_revoked_token_is_401_not_anonymous(world):
    issued = create_api_token(world.users["member_a"], name="old")
    revoke_api_token(issued.token, by=world.users["member_a"])

    wrong = Client().get("/api/v1/organisations", headers=_bearer("cst_nope"))
    revoked = Client().get("/api/v1/me", headers=_bearer(issued.raw))

    assert (wrong.status_code, revoked.status_code) == (401, 401)


def test_session_write_without_csrf_token_is_refused(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["admin_a"])

    response = client.patch(
        f"/api/v1/organisations/{world.org_a.public_id}",
        json.dumps({"city": "Kazan"}),
        content_type="application/json",
    )

    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    world.org_a.refresh_from_db()
    assert world.org_a.city == "Moscow"


def test_session_write_with_csrf_token_passes(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["admin_a"])
    client.get("/directory/")
    csrf = client.cookies["csrftoken"].value

    response = client.patch(
        f"/api/v1/organisations/{world.org_a.public_id}",
        json.dumps({"city": "Kazan", "topics": ["robotics", "artificial-intelligence"]}),
        content_type="application/json",
        headers={"X-CSRFToken": csrf},
    )

    assert response.status_code == 200
    assert (response.json()["city"], response.json()["topics"]) == (
        "Kazan",
        ["artificial-intelligence", "robotics"],
    )


def test_pending_organisation_is_404_for_outsider_even_with_token(world):
    token = create_api_token(world.users["member_b"], name="t").raw

    response = Client().get(
        f"/api/v1/organisations/{world.pending.public_id}", headers=_bearer(token)
    )

    assert response.status_code == 404
    assert "Pending" not in response.content.decode()


def test_operator_verifies_over_api(world):
    token = create_api_token(world.users["operator"], name="console").raw

    response = Client().post(
        f"/api/v1/organisations/{world.pending.public_id}/verify", headers=_bearer(token)
    )

    assert response.status_code == 200
    assert response.json()["verification_status"] == VerificationStatus.VERIFIED


def test_offers_api_publishes_and_lists_with_filters(world):
    token = create_api_token(world.users["member_a"], name="t").raw
    expires = (clock.today() + timedelta(days=30)).isoformat()

    created = Client().post(
        f"/api/v1/organisations/{world.org_a.public_id}/offers",
        {
            "kind": "technology_request",
            "title": "Нужны датчики LoRa",
            "description": "Для умных полей.",
            "language": "ru",
            "expires_on": expires,
            "topics": ["iot"],
            "target_countries": ["KZ"],
        },
        content_type="application/json",
        headers=_bearer(token),
    )
    listed = Client().get(
        "/api/v1/offers", {"q": "датчики", "kind": "technology_request", "country": "KZ"}
    )

    assert created.status_code == 201
    assert created.json()["is_need"] is True
    assert [item["title"] for item in listed.json()["items"]] == ["Нужны датчики LoRa"]


def test_withdrawn_offer_is_hidden_from_other_organisations(world):
    offer = OfferFactory(organisation=world.org_a, status=Offer.Status.WITHDRAWN)

    response = Client().get(f"/api/v1/offers/{offer.public_id}")

    assert response.status_code == 404


def test_person_contacts_only_for_colleagues(world):
    person = world.users["member_a"].person
    colleague = Client()
    colleague.force_login(world.users["admin_a"])

    public = Client().get(f"/api/v1/people/{person.public_id}").json()
    private = colleague.get(f"/api/v1/people/{person.public_id}").json()

    assert public["email"] is None
    assert private["email"] == person.user.email


def test_update_me_validates_and_keeps_old_values(world):
    client = Client()
    client.force_login(world.users["member_b"])

    response = client.patch(
        "/api/v1/me", {"time_zone": "Nowhere/Else"}, content_type="application/json"
    )

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"in": "body", "field": "time_zone", "message": "Unknown time zone “Nowhere/Else”."}
    ]
    assert client.get("/api/v1/me").json()["time_zone"] == "Europe/Moscow"


def test_update_me_with_a_null_time_zone_is_422_naming_it(world):
    client = Client()
    client.force_login(world.users["member_b"])

    response = client.patch("/api/v1/me", {"time_zone": None}, content_type="application/json")

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"in": "body", "field": "time_zone", "message": "This field is required."}
    ]
    assert client.get("/api/v1/me").json()["time_zone"] == "Europe/Moscow"


def test_update_me_with_a_time_zone_too_long_for_the_disk_is_422_naming_it(world):
    client = Client()
    client.force_login(world.users["member_b"])

    response = client.patch(
        "/api/v1/me", {"time_zone": "Europe/" + "x" * 300}, content_type="application/json"
    )

    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["time_zone"]
    assert client.get("/api/v1/me").json()["time_zone"] == "Europe/Moscow"


def test_openapi_documents_every_operation(db):
    schema = Client().get("/api/v1/openapi.json").json()

    operations = {
        (method.upper(), path) for path, item in schema["paths"].items() for method in item
    }
    assert ("GET", "/api/v1/organisations") in operations
    assert ("POST", "/api/v1/organisations/{organisation_id}/offers") in operations
    # directory, messaging, agreements (+ documents), projects, opportunities, events, matching,
    # accounts (GET /me/data)
    assert len(operations) == 173
    assert schema["components"]["securitySchemes"] == {
        "ApiAuth": {"type": "http", "scheme": "bearer"}
    }
