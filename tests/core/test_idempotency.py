"""``Idempotency-Key`` on the API's POST operations, through the real API and a real database."""

import hashlib
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.db.models import Model
from django.http import HttpResponse
from django.test import Client

from consortia.accounts.models import User
from consortia.accounts.services import create_api_token
from consortia.agreements.models import Agreement
from consortia.api import api
from consortia.core import clock, idempotency
from consortia.core.idempotency import Fingerprint
from consortia.core.models import AuditEvent, IdempotencyKey
from consortia.directory.models import Offer, Organisation
from consortia.messaging.models import Conversation
from consortia.periodic import run_periodic_work
from consortia.projects.models import Project, Update
from tests.conftest import World
from tests.races import assert_threads_can_write_concurrently, race

V1 = "/api/v1"


def _post(client: Client, url: str, body: dict[str, Any], key: str | None = None) -> Any:
    headers = {} if key is None else {"Idempotency-Key": key}
    return client.post(url, body, content_type="application/json", headers=headers)


def _new_organisation(name: str = "Bishkek Drones") -> dict[str, Any]:
    return {
        "name": name,
        "kind": "startup",
        "country": "KG",
        "language": "ru",
        "stage": "prototype",
        "topics": ["robotics"],
    }


@dataclass
class Creation:
    """One creating operation of one app: who calls it, where, with what, and what it creates."""

    role: str
    url: Callable[[World], str]
    body: Callable[[World], dict[str, Any]]
    model: type[Model]


CREATIONS = {
    "directory: organisation": Creation(
        "no_org", lambda w: f"{V1}/organisations", lambda w: _new_organisation(), Organisation
    ),
    "directory: offer": Creation(
        "member_a",
        lambda w: f"{V1}/organisations/{w.org_a.public_id}/offers",
        lambda w: {
            "kind": "technology_request",
            "title": "Нужны датчики LoRa",
            "description": "Для умных полей.",
            "language": "ru",
            "expires_on": (clock.today() + timedelta(days=30)).isoformat(),
            "topics": ["iot"],
            "target_countries": ["KZ"],
        },
        Offer,
    ),
    "agreements: agreement": Creation(
        "admin_a",
        lambda w: f"{V1}/agreements",
        lambda w: {
            "kind": "programme",
            "title": "Программа сотрудничества в области ИИ",
            "language": "ru",
            "visibility": "public",
            "topics": ["artificial-intelligence"],
            "parties": [
                {"organisation": str(w.org_a.public_id), "role": "coordinator"},
                {"state": "KZ"},
            ],
        },
        Agreement,
    ),
    "projects: project": Creation(
        "admin_a",
        lambda w: f"{V1}/projects",
        lambda w: {
            "title": "Умные поля",
            "language": "ru",
            "visibility": "public",
            "topics": ["artificial-intelligence"],
            "partners": [
                {"organisation": str(w.org_a.public_id), "role": "lead"},
                {"state": "kz", "role": "pilot_site"},
            ],
        },
        Project,
    ),
    "messaging: conversation": Creation(
        "member_b",
        lambda w: f"{V1}/conversations",
        lambda w: {
            "body": "Do you integrate payments?",
            "context_type": "organisation",
            "context_id": str(w.org_a.public_id),
        },
        Conversation,
    ),
}


# --- Replays --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(CREATIONS))
def test_replay_answers_the_first_response_and_creates_nothing(world: World, name: str):
    creation = CREATIONS[name]
    client = world.client(creation.role)
    url, body = creation.url(world), creation.body(world)
    first = _post(client, url, body, key="retry-1")
    assert first.status_code == 201, first.content
    count = creation.model.objects.count()  # type: ignore[attr-defined]
    events = AuditEvent.objects.count()

    replay = _post(client, url, body, key="retry-1")

    assert replay.status_code == 201
    assert replay.content == first.content
    assert replay["Content-Type"] == first["Content-Type"] == "application/json; charset=utf-8"
    assert replay["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert creation.model.objects.count() == count  # type: ignore[attr-defined]
    assert AuditEvent.objects.count() == events
    stored = IdempotencyKey.objects.get()
    assert (stored.state, stored.response_status, stored.method, stored.path) == (
        IdempotencyKey.State.DONE,
        201,
        "POST",
        url,
    )


def test_replay_of_a_multipart_upload_creates_no_second_update(world: World):
    client = world.client("admin_a")
    project = _post(client, f"{V1}/projects", CREATIONS["projects: project"].body(world)).json()
    url = f"{V1}/projects/{project['id']}/updates"

    def send(content: bytes) -> Any:
        upload = SimpleUploadedFile("notes.txt", content, content_type="text/plain")
        return client.post(
            url, {"text": "Sensors installed", "files": [upload]}, headers={"Idempotency-Key": "u1"}
        )

    first = send(b"forty sensors in the field")
    replay = send(b"forty sensors in the field")
    other_file = send(b"fifty sensors in the field")

    assert first.status_code == 201, first.content
    assert (replay.status_code, replay.content) == (201, first.content)
    assert replay["Idempotent-Replayed"] == "true"
    assert other_file.status_code == 422
    assert Update.objects.count() == 1


def test_a_stored_client_error_is_replayed_too(world: World):
    client = world.client("no_org")
    body = _new_organisation() | {"country": "XX"}  # the service refuses the country

    first = _post(client, f"{V1}/organisations", body, key="bad-country")
    replay = _post(client, f"{V1}/organisations", body, key="bad-country")

    assert first.status_code == 422
    assert (replay.status_code, replay.content) == (422, first.content)
    assert replay["Idempotent-Replayed"] == "true"
    assert Organisation.objects.filter(name="Bishkek Drones").count() == 0


def test_without_the_header_every_post_creates(world: World):
    client = world.client("no_org")

    first = _post(client, f"{V1}/organisations", _new_organisation())
    second = _post(client, f"{V1}/organisations", _new_organisation())

    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json()["id"] != second.json()["id"]
    assert "Idempotent-Replayed" not in second
    assert Organisation.objects.filter(name="Bishkek Drones").count() == 2
    assert IdempotencyKey.objects.count() == 0


def test_a_bearer_token_and_the_session_of_one_person_share_their_keys(world: World):
    token = create_api_token(world.users["no_org"], name="script").raw
    first = _post(world.client("no_org"), f"{V1}/organisations", _new_organisation(), key="k")

    replay = Client().post(
        f"{V1}/organisations",
        _new_organisation(),
        content_type="application/json",
        headers={"Idempotency-Key": "k", "Authorization": f"Bearer {token}"},
    )

    assert (replay.status_code, replay.content) == (201, first.content)
    assert Organisation.objects.filter(name="Bishkek Drones").count() == 1


# --- Refusals -------------------------------------------------------------------------------


def test_same_key_with_another_body_is_422_and_creates_nothing(world: World):
    client = world.client("no_org")
    _post(client, f"{V1}/organisations", _new_organisation("First"), key="k1")

    response = _post(client, f"{V1}/organisations", _new_organisation("Second"), key="k1")

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "in": "header",
            "field": "Idempotency-Key",
            "message": "This Idempotency-Key was already used for a different request "
            "(POST /api/v1/organisations, or another body): send a new key with a new request.",
        }
    ]
    assert list(Organisation.objects.filter(name__in=["First", "Second"]).values_list("name")) == [
        ("First",)
    ]


def test_same_key_on_another_operation_is_422_and_creates_nothing(world: World):
    client = world.client("member_a")
    offer = CREATIONS["directory: offer"]
    _post(client, offer.url(world), offer.body(world), key="k1")
    organisations = Organisation.objects.count()

    response = _post(client, f"{V1}/organisations", _new_organisation(), key="k1")

    assert response.status_code == 422
    assert "/api/v1/organisations/" in response.json()["errors"][0]["message"]
    assert Organisation.objects.count() == organisations


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("", "The Idempotency-Key header is empty."),
        ("   ", "The Idempotency-Key header is empty."),
        ("x" * 256, "The Idempotency-Key is longer than 255 characters."),
    ],
)
def test_an_empty_or_too_long_key_is_422_and_creates_nothing(world: World, key: str, message: str):
    response = _post(world.client("no_org"), f"{V1}/organisations", _new_organisation(), key=key)

    assert response.status_code == 422
    assert response.json() == {
        "detail": "Invalid input.",
        "errors": [{"in": "header", "field": "Idempotency-Key", "message": message}],
    }
    assert not Organisation.objects.filter(name="Bishkek Drones").exists()
    assert IdempotencyKey.objects.count() == 0


def test_a_key_of_255_characters_is_accepted(world: World):
    response = _post(
        world.client("no_org"), f"{V1}/organisations", _new_organisation(), key="x" * 255
    )

    assert response.status_code == 201
    assert IdempotencyKey.objects.get().key == "x" * 255


def test_a_duplicate_while_the_first_is_in_progress_is_409(world: World):
    client = world.client("no_org")
    IdempotencyKey.objects.create(
        user=world.users["no_org"],
        key="busy",
        method="POST",
        path=f"{V1}/organisations",
        body_sha256=_sha256_of_json(_new_organisation()),
    )

    response = _post(client, f"{V1}/organisations", _new_organisation(), key="busy")

    assert response.status_code == 409
    assert response.json() == {
        "detail": "A request with this Idempotency-Key is still in progress: retry once it has "
        "finished to get its response."
    }
    assert not Organisation.objects.filter(name="Bishkek Drones").exists()
    assert IdempotencyKey.objects.get().state == IdempotencyKey.State.IN_PROGRESS


def _sha256_of_json(body: dict[str, Any]) -> str:
    """The body exactly as the test client encodes it."""
    return hashlib.sha256(json.dumps(body, cls=DjangoJSONEncoder).encode()).hexdigest()


def test_keys_are_per_user(world: World):
    mine = _post(world.client("no_org"), f"{V1}/organisations", _new_organisation(), key="same")
    theirs = _post(world.client("member_b"), f"{V1}/organisations", _new_organisation(), key="same")

    assert (mine.status_code, theirs.status_code) == (201, 201)
    assert "Idempotent-Replayed" not in theirs
    assert mine.json()["id"] != theirs.json()["id"]
    assert Organisation.objects.filter(name="Bishkek Drones").count() == 2
    assert IdempotencyKey.objects.filter(key="same").count() == 2


# --- Expiry and what is not stored ----------------------------------------------------------


def test_a_key_expires_after_24_hours(world: World):
    client = world.client("no_org")
    start = clock.now()
    with clock.frozen(start):
        _post(client, f"{V1}/organisations", _new_organisation(), key="daily")
    with clock.frozen(start + timedelta(hours=23, minutes=59)):
        within = _post(client, f"{V1}/organisations", _new_organisation(), key="daily")

    with clock.frozen(start + timedelta(hours=24, minutes=1)) as later:
        after = _post(client, f"{V1}/organisations", _new_organisation(), key="daily")

    assert within["Idempotent-Replayed"] == "true"
    assert after.status_code == 201
    assert "Idempotent-Replayed" not in after
    assert Organisation.objects.filter(name="Bishkek Drones").count() == 2
    assert IdempotencyKey.objects.get().created_at == later


def test_periodic_work_deletes_expired_keys_only(world: World):
    user = world.users["no_org"]
    now = clock.now()
    for key, age in [("old", timedelta(hours=25)), ("fresh", timedelta(hours=23))]:
        IdempotencyKey.objects.create(
            user=user, key=key, method="POST", path="/", body_sha256="0" * 64, created_at=now - age
        )

    run_periodic_work()

    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["fresh"]
    assert idempotency.delete_expired_keys(now=now + timedelta(hours=2)) == 1
    assert IdempotencyKey.objects.count() == 0


@pytest.mark.parametrize(
    ("status", "kept"),
    [(201, True), (404, True), (409, False), (429, False), (500, False), (503, False)],
)
def test_only_final_answers_are_stored(world: World, status: int, kept: bool):
    fingerprint = Fingerprint(method="POST", path="/api/v1/x", body_sha256="0" * 64)
    claim = idempotency.claim_key(world.users["no_org"], "k", fingerprint)
    assert isinstance(claim, IdempotencyKey)

    idempotency.finish_key(claim, HttpResponse(b"{}", status=status))

    assert IdempotencyKey.objects.filter(state=IdempotencyKey.State.DONE).exists() is kept
    assert IdempotencyKey.objects.exists() is kept


# --- OpenAPI --------------------------------------------------------------------------------


def test_openapi_documents_the_header_and_its_answers_on_posts_only(world: World):
    schema = Client().get(f"{V1}/openapi.json").json()

    posts = [op for item in schema["paths"].values() for m, op in item.items() if m == "post"]
    others = [op for item in schema["paths"].values() for m, op in item.items() if m != "post"]
    assert len(posts) >= 70
    for operation in posts:
        headers = [p for p in operation["parameters"] if p["in"] == "header"]
        assert [p["name"] for p in headers] == ["Idempotency-Key"], operation["operationId"]
        assert headers[0]["schema"] == {"type": "string", "minLength": 1, "maxLength": 255}
        assert {"409", "422"} <= set(operation["responses"]), operation["operationId"]
    assert not any(
        p.get("name") == "Idempotency-Key" for op in others for p in op.get("parameters", [])
    )


def test_the_idempotency_answers_have_numeric_codes_as_ninja_writes_them(db: Any):
    """A code as a string beside the same code as a number is two answers in the JSON."""
    schema = api.get_openapi_schema()

    codes = [
        code
        for item in schema["paths"].values()
        for op in item.values()
        for code in op["responses"]
    ]
    assert {type(code) for code in codes} == {int}
    post = schema["paths"][f"{V1}/organisations"]["post"]
    assert post["responses"][409]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ErrorOut"
    }


# --- Concurrency ----------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_duplicate_arriving_while_the_first_runs_is_409(world: World):
    """The first request runs in a thread of its own and is held, by a wrapper on its database
    connection, just before it stores its response: its organisation exists, its key is still in
    progress. A duplicate from the test's thread then gets 409; a retry after it finished, the
    first response."""
    token = create_api_token(world.users["no_org"], name="script").raw
    storing, go_on = threading.Event(), threading.Event()
    answers: dict[str, Any] = {}

    def send() -> Any:
        return Client().post(
            f"{V1}/organisations",
            _new_organisation("Held Drones"),
            content_type="application/json",
            headers={"Idempotency-Key": "held", "Authorization": f"Bearer {token}"},
        )

    def hold_before_storing(execute: Any, sql: str, *args: Any) -> Any:
        if sql.startswith('UPDATE "core_idempotencykey"'):
            storing.set()
            go_on.wait(timeout=60)
        return execute(sql, *args)

    def first() -> None:
        try:
            with connection.execute_wrapper(hold_before_storing):
                answers["first"] = send()
        finally:
            connection.close()

    assert_threads_can_write_concurrently()
    thread = threading.Thread(target=first)
    thread.start()
    try:
        assert storing.wait(timeout=60)
        created_meanwhile = Organisation.objects.filter(name="Held Drones").count()

        duplicate = send()

    finally:
        go_on.set()
        thread.join(timeout=60)
    retry = send()

    assert created_meanwhile == 1
    assert duplicate.status_code == 409
    assert "still in progress" in duplicate.json()["detail"]
    assert answers["first"].status_code == 201
    assert (retry.status_code, retry.content) == (201, answers["first"].content)
    assert retry["Idempotent-Replayed"] == "true"
    assert Organisation.objects.filter(name="Held Drones").count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_duplicates_create_one_organisation(world: World):
    threads = 8
    token = create_api_token(world.users["no_org"], name="script").raw
    answers: list[Any] = [None] * threads

    def prepare(i: int) -> Callable[[], Any]:
        User.objects.get(pk=world.users["no_org"].pk)

        def attempt() -> None:
            answers[i] = Client().post(
                f"{V1}/organisations",
                _new_organisation("Raced Drones"),
                content_type="application/json",
                headers={"Idempotency-Key": "race", "Authorization": f"Bearer {token}"},
            )

        return attempt

    assert_threads_can_write_concurrently()
    outcomes = race(prepare, threads=threads)

    assert outcomes == ["won"] * threads
    created = [a for a in answers if a.status_code == 201 and "Idempotent-Replayed" not in a]
    conflicts = [a for a in answers if a.status_code == 409]
    replays = [a for a in answers if a.get("Idempotent-Replayed") == "true"]
    assert len(created) == 1
    assert len(conflicts) + len(replays) == threads - 1
    assert all(r.content == created[0].content for r in replays)
    assert Organisation.objects.filter(name="Raced Drones").count() == 1
    assert IdempotencyKey.objects.get().state == IdempotencyKey.State.DONE
