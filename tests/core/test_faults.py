"""Faults in the middle of a request. The database goes away: the person gets a friendly 503 with
Retry-After (a page, or JSON on the API) and nothing of what the request had written is kept.

The fault is real, at the database's end: on PostgreSQL another connection terminates the
request's server process (pg_terminate_backend); on SQLite the engine interrupts every further
statement on the request's connection (a progress handler, as sqlite3_interrupt does). It strikes
when the offer, its topics and countries are written and the audit record is next, inside the
service's transaction.

The disk fills up during an upload: a real file system of 64 KB (tmpfs, mounted by the test, which
CI runs as root) takes part of the file; the person gets a plain 507, the message and its
attachment are not stored and the partial file is gone."""

import subprocess
import sys
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DEFAULT_DB_ALIAS, OperationalError, connection, connections
from django.test import Client, RequestFactory

from consortia.core import audit, clock
from consortia.core.http import server_error
from consortia.directory.models import Offer
from consortia.messaging.models import Attachment
from consortia.messaging.services import start_conversation

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _lose_the_database() -> None:
    if connection.vendor == "postgresql":
        pid = connection.connection.info.backend_pid
        other = connections.create_connection(DEFAULT_DB_ALIAS)
        try:
            with other.cursor() as cursor:  # waits up to 5 s until the process has ended
                cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])
                assert cursor.fetchone() == (True,)
        finally:
            other.close()
    else:
        connection.connection.set_progress_handler(lambda: 1, 1)


@pytest.fixture
def fault(monkeypatch: pytest.MonkeyPatch) -> None:
    record = audit.record

    def record_after_the_fault(*args: Any, **kwargs: Any) -> Any:
        _lose_the_database()
        return record(*args, **kwargs)

    monkeypatch.setattr(audit, "record", record_after_the_fault)


def _offer(**overrides: Any) -> dict[str, Any]:
    return {
        "kind": "technology_offer",
        "title": "Датчики качества воздуха для городов",
        "description": "Недорогие датчики и карта загрязнения в реальном времени.",
        "language": "ru",
        "expires_on": (clock.today() + timedelta(days=90)).isoformat(),
        **overrides,
    }


def _stored() -> tuple[int, int]:
    connection.close()  # the broken connection is replaced on the next query
    return Offer.objects.count(), Offer.topics.through.objects.count()


def test_a_form_that_loses_the_database_gets_a_503_page_and_keeps_nothing(world, fault):
    before = _stored()
    client = world.client("member_a")

    response = client.post(
        f"/directory/organisations/{world.org_a.public_id}/offers/new/",
        _offer(topics=["artificial-intelligence"]),
    )

    body = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Briefly unavailable" in body and "Nothing you sent was half-saved" in body
    assert response["X-Request-ID"] in body  # the reference to quote
    assert _stored() == before


def test_the_api_that_loses_the_database_answers_503_json_and_keeps_nothing(world, fault):
    before = _stored()
    client = world.client("member_a")

    response = client.post(
        f"/api/v1/organisations/{world.org_a.public_id}/offers",
        _offer(topics=["artificial-intelligence"]),
        content_type="application/json",
        headers={"X-CSRFToken": "x"},
    )

    assert response.status_code == 503, response.content
    assert response["Retry-After"] == "30"
    assert response.json() == {
        "detail": "The service is briefly unavailable. Try again in a minute."
    }
    assert _stored() == before


def test_an_idempotency_key_of_a_request_that_lost_the_database_is_free_again(
    world, fault, monkeypatch
):
    client = world.client("member_a")
    url = f"/api/v1/organisations/{world.org_a.public_id}/offers"
    headers = {"X-CSRFToken": "x", "Idempotency-Key": "offer-1"}
    lost = client.post(url, _offer(), content_type="application/json", headers=headers)
    before = _stored()
    monkeypatch.undo()  # the database is back

    retry = client.post(url, _offer(), content_type="application/json", headers=headers)

    assert lost.status_code == 503, lost.content
    assert retry.status_code == 201, retry.content
    assert "Idempotent-Replayed" not in retry
    assert _stored()[0] == before[0] + 1


def test_without_the_fault_the_same_form_publishes(world):
    before = _stored()

    response = world.client("member_a").post(
        f"/directory/organisations/{world.org_a.public_id}/offers/new/",
        _offer(topics=["artificial-intelligence"]),
    )

    assert response.status_code == 302
    assert _stored()[0] == before[0] + 1


def test_an_error_outside_a_view_is_a_503_when_the_database_is_gone_else_a_500(db):
    request = RequestFactory().get("/directory/")
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        gone = server_error(request)
    try:
        raise KeyError("a bug")
    except KeyError:
        bug = server_error(request)

    assert (gone.status_code, gone["Retry-After"]) == (503, "30")
    assert bug.status_code == 500 and "Something went wrong" in bug.content.decode()
    assert sys.exc_info() == (None, None, None)


def test_a_bug_under_the_api_is_a_json_500_with_the_log_reference(world, monkeypatch):
    """Not the HTML page: an API client reads JSON, and the reference finds the logged error."""

    def bug(user: Any) -> Any:
        raise KeyError("a bug")

    monkeypatch.setattr("consortia.accounts.selectors.personal_data", bug)
    client = world.client("member_a")
    client.raise_request_exception = False

    response = client.get("/api/v1/me/data", HTTP_X_REQUEST_ID="ref-4711")
    page = client.get("/accounts/data/export.json", HTTP_X_REQUEST_ID="ref-4712")

    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "detail": "The server could not answer this request. The error has been logged.",
        "request_id": "ref-4711",
    }
    assert page.status_code == 500 and page["Content-Type"].startswith("text/html")
    assert "ref-4712" in page.content.decode()


@pytest.fixture
def full_disk(settings: Any, tmp_path: Any) -> Any:
    """Uploads go to a real file system of 64 KB (tmpfs) that is full but for a few KB."""
    media = tmp_path / "media"
    media.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(media)], check=True)
    try:
        (media / "filler").write_bytes(b"\0" * 52 * 1024)
        settings.MEDIA_ROOT = str(media)
        yield media
    finally:
        subprocess.run(["umount", str(media)], check=True)


def test_an_upload_that_fills_the_disk_is_refused_plainly_and_leaves_nothing(world, full_disk):
    conversation = start_conversation(
        by=world.users["member_a"], recipients=[world.users["admin_a"].person], body="Hello"
    )
    plan = b"%PDF-1.4\n" + b"%" * (40 * 1024) + b"\n%%EOF\n"
    client = world.client("admin_a")
    reply = {"body": "Here is the plan", "files": [SimpleUploadedFile("plan.pdf", plan)]}

    refused = client.post(f"/messages/{conversation.public_id}/", reply)

    assert refused.status_code == 507
    assert "No room to store the file" in refused.content.decode()
    assert conversation.messages.count() == 1 and not Attachment.objects.exists()
    assert [path.name for path in full_disk.rglob("*") if path.is_file()] == ["filler"]

    (full_disk / "filler").unlink()
    reply["files"] = [SimpleUploadedFile("plan.pdf", plan)]
    accepted = client.post(f"/messages/{conversation.public_id}/", reply)

    assert accepted.status_code == 302
    stored = Attachment.objects.get()
    assert (full_disk / stored.file.name).read_bytes() == plan


def test_a_path_under_the_api_that_names_no_operation_is_a_json_404(db):
    response = Client().delete("/api/v1/projects/0b0e3d2e-0000-4000-8000-000000000001/budget/-1")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not Found"}


def test_a_path_elsewhere_that_names_nothing_is_the_404_page(db):
    response = Client().get("/no-such-page/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
