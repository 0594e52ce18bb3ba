"""core.api: what every operation shares — the answers its schema lists, who may call it,
pagination, and text the databases cannot hold."""

from datetime import datetime
from typing import Any
from uuid import uuid4

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from consortia.accounts.services import create_api_token
from consortia.core.api import COMMON_ANSWERS, MAX_PAGE, time_in_body
from consortia.directory.models import Organisation
from tests.conftest import World

V1 = "/api/v1"


def _operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
    ]


def _url(path: str, operation: dict[str, Any]) -> str:
    """The path with its parameters filled in: 1 for a number, else a UUID that names nothing."""
    for parameter in operation["parameters"]:
        if parameter["in"] == "path":
            value = "1" if parameter["schema"].get("type") == "integer" else str(uuid4())
            path = path.replace("{" + parameter["name"] + "}", value)
    return path


def _bearer(world: World, role: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {create_api_token(world.users[role], name='t').raw}"}


def test_every_operation_lists_the_answers_any_operation_may_give(db: Any):
    schema = Client().get(f"{V1}/openapi.json").json()

    for method, path, operation in _operations(schema):
        assert {str(code) for code in COMMON_ANSWERS} <= set(operation["responses"]), (method, path)
    answers = schema["paths"][f"{V1}/me"]["get"]["responses"]
    assert answers["429"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ErrorOut"
    }
    assert answers["422"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/InvalidOut"
    }


def test_operations_open_to_anonymous_callers_say_so_and_the_others_do_not(db: Any):
    schema = Client().get(f"{V1}/openapi.json").json()
    paths = schema["paths"]

    assert paths[f"{V1}/organisations"]["get"]["security"] == [{"ApiAuth": []}, {}]
    assert paths[f"{V1}/me"]["get"]["security"] == [{"ApiAuth": []}]
    for method, path, operation in _operations(schema):
        anonymous = Client().generic(method, _url(path, operation))
        if {} not in operation["security"]:
            assert anonymous.status_code == 401, (method, path)


def test_a_page_beyond_a_million_is_422_naming_page(world: World):
    response = Client().get(f"{V1}/organisations", {"page": MAX_PAGE + 1})

    assert response.status_code == 422
    assert [(e["in"], e["field"]) for e in response.json()["errors"]] == [("query", "page")]


def test_the_last_page_allowed_is_empty_not_an_error(world: World):
    response = Client().get(f"{V1}/organisations", {"page": MAX_PAGE, "page_size": 100})

    assert response.status_code == 200
    assert response.json()["items"] == []


def test_every_text_query_parameter_with_a_nul_character_is_422_naming_it(world: World):
    """PostgreSQL can neither store nor compare text holding NUL: every string filter of every
    read is refused alike on both databases, whatever the path's ids name."""
    schema = Client().get(f"{V1}/openapi.json").json()
    headers = _bearer(world, "member_a")
    checked = 0

    for method, path, operation in _operations(schema):
        if method != "GET":
            continue
        url = _url(path, operation)
        for parameter in operation["parameters"]:
            if parameter["in"] != "query" or "string" not in str(parameter["schema"]):
                continue
            response = Client().get(url, {parameter["name"]: "a\x00b"}, headers=headers)

            assert response.status_code == 422, (path, parameter["name"], response.content)
            fields = [(e["in"], e["field"]) for e in response.json()["errors"]]
            assert ("query", parameter["name"]) in fields, (path, parameter["name"])
            checked += 1
    assert checked >= 50


def test_a_json_body_with_a_nul_character_is_422_naming_the_field_and_writes_nothing(
    world: World,
):
    before = Organisation.objects.count()

    response = Client().post(
        f"{V1}/organisations",
        {"name": "Nul\x00 Labs", "kind": "startup", "country": "UZ", "language": "ru"},
        content_type="application/json",
        headers=_bearer(world, "no_org"),
    )

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "in": "body",
            "field": "name",
            "message": "Text may not contain NUL characters or unpaired surrogates.",
        }
    ]
    assert Organisation.objects.count() == before


def test_a_lone_surrogate_in_a_json_body_is_422_naming_the_field_and_changes_nothing(
    world: World,
):
    headers = _bearer(world, "member_b")

    response = Client().patch(
        f"{V1}/me",
        '{"title": "Head of R&D \\udb9b", "languages": ["en"]}',
        content_type="application/json",
        headers=headers,
    )

    assert response.status_code == 422
    assert [(e["in"], e["field"]) for e in response.json()["errors"]] == [("body", "title")]
    assert Client().get(f"{V1}/me", headers=headers).json()["title"] == "Engineer"


@pytest.mark.parametrize("zone", ["Nowhere/Else", "Europe/" + "x" * 300, "../../etc/passwd"])
def test_a_time_without_offset_in_an_unknown_zone_is_a_validation_error(zone: str):
    with pytest.raises(ValidationError) as raised:
        time_in_body(datetime(2026, 5, 1, 10, 0), zone)

    assert list(raised.value.message_dict) == ["time_zone"]
