"""Messaging over REST: conversations, interests, contact requests, blocks, notifications."""

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from consortia.messaging import services
from consortia.messaging.models import (
    AbuseReport,
    Attachment,
    ContactRequest,
    Conversation,
    Interest,
    Message,
    Notification,
    NotificationPreference,
)
from consortia.messaging.services.conversations import context_contacts
from tests.conftest import World
from tests.factories.accounts import UserFactory
from tests.factories.directory import MembershipFactory
from tests.messaging.conftest import person

V1 = "/api/v1"
PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)
EXECUTABLE = b"MZ\x90\x00" + b"\x00" * 256


def _post(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, data, content_type="application/json")


def _put(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.put(url, data, content_type="application/json")


def _pdf(name: str = "plan.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _colleagues_conversation(world: World, body: str = "Shall we meet on Monday?") -> Conversation:
    """owner_a writes to member_a (both of organisation A)."""
    return services.start_conversation(
        by=world.users["owner_a"],
        recipients=[person(world, "member_a")],
        subject="Pilot",
        body=body,
    )


def _connected(world: World) -> Conversation:
    """no_org asked member_b for contact and member_b accepted: their one-to-one conversation."""
    request = services.request_contact(
        person(world, "member_b"), by=world.users["no_org"], message="Hello from Bishkek"
    )
    return services.accept_contact_request(request, by=world.users["member_b"])


# --- Conversations ------------------------------------------------------------------------
def test_start_conversation_between_colleagues_is_listed_for_both(world):
    owner = world.client("owner_a")
    member_a = person(world, "member_a")

    response = _post(
        owner,
        f"{V1}/conversations",
        {"recipients": [str(member_a.public_id)], "subject": "Pilot", "body": "Shall we meet?"},
    )
    recipient_list = world.client("member_a").get(f"{V1}/conversations").json()
    starter_list = owner.get(f"{V1}/conversations").json()

    assert response.status_code == 201
    created = response.json()
    assert (created["subject"], created["unread"], created["archived"]) == ("Pilot", 0, False)
    assert created["context"] == {"type": None, "id": None}
    assert created["last_message"] == "Shall we meet?"
    assert sorted(p["full_name"] for p in created["participants"]) == sorted(
        [person(world, "owner_a").full_name, member_a.full_name]
    )
    assert [(item["id"], item["unread"]) for item in recipient_list["items"]] == [
        (created["id"], 1)
    ]
    assert [(item["id"], item["unread"]) for item in starter_list["items"]] == [(created["id"], 0)]


def test_start_conversation_about_an_organisation_goes_to_its_contacts(world):
    client = world.client("member_b")

    response = _post(
        client,
        f"{V1}/conversations",
        {
            "body": "Do you integrate payments?",
            "context_type": "organisation",
            "context_id": str(world.org_a.public_id),
        },
    )

    assert response.status_code == 201
    body = response.json()
    assert body["context"] == {"type": "organisation", "id": str(world.org_a.public_id)}
    assert body["subject"] == "Alpha Robotics"
    assert sorted(p["full_name"] for p in body["participants"]) == sorted(
        person(world, role).full_name for role in ("member_b", "owner_a", "admin_a")
    )


def test_start_conversation_about_an_invisible_organisation_is_404(world):
    before = Conversation.objects.count()

    response = _post(
        world.client("member_b"),
        f"{V1}/conversations",
        {
            "body": "Hello?",
            "context_type": "organisation",
            "context_id": str(world.pending.public_id),
        },
    )

    assert response.status_code == 404
    assert Conversation.objects.count() == before


def test_start_conversation_with_a_hidden_person_is_422_naming_recipients(world):
    hidden = person(world, "no_org")  # no verified organisation: not in member_b's directory

    response = _post(
        world.client("member_b"),
        f"{V1}/conversations",
        {"recipients": [str(hidden.public_id), str(uuid.uuid4())], "body": "Hi"},
    )

    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["recipients"]
    assert Conversation.objects.count() == 0


def test_start_conversation_with_too_many_recipients_is_422(world):
    recipients = [str(uuid.uuid4()) for _ in range(20)]

    response = _post(
        world.client("owner_a"), f"{V1}/conversations", {"recipients": recipients, "body": "Hi"}
    )

    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["recipients"]


def test_start_conversation_with_an_unconnected_person_is_403(world):
    member_b = person(world, "member_b")

    response = _post(
        world.client("no_org"),
        f"{V1}/conversations",
        {"recipients": [str(member_b.public_id)], "body": "Let's talk business"},
    )

    assert response.status_code == 403
    assert response.json()["detail"] == (
        f"You are not yet in contact with {member_b.full_name}: send a contact request first."
    )
    assert Conversation.objects.count() == 0


def test_signed_in_user_without_profile_is_403_and_anonymous_401(world):
    profileless = UserFactory()
    client = Client()
    client.force_login(profileless)

    started = _post(
        client,
        f"{V1}/conversations",
        {"recipients": [str(person(world, "member_a").public_id)], "body": "Hi"},
    )
    preferences = client.get(f"{V1}/notification-preferences")
    anonymous = Client().get(f"{V1}/conversations")

    assert (started.status_code, preferences.status_code, anonymous.status_code) == (403, 403, 401)
    assert Conversation.objects.count() == 0


@pytest.mark.parametrize("role", ["member_b", "operator", "admin_a"])
def test_non_participant_gets_404_and_never_sees_the_conversation(world, role):
    conversation = services.start_conversation(
        by=world.users["owner_a"],
        recipients=[person(world, "member_a")],
        subject="Secret merger",
        body="The numbers are in the file",
        files=[_pdf()],
    )
    attachment = Attachment.objects.get()
    outsider = world.client(role)
    base = f"{V1}/conversations/{conversation.public_id}"

    detail = outsider.get(base)
    messages = outsider.get(f"{base}/messages")
    sent = _post(outsider, f"{base}/messages", {"body": "Let me in"})
    read = outsider.post(f"{base}/read")
    download = outsider.get(f"{V1}/attachments/{attachment.public_id}")
    inbox = outsider.get(f"{V1}/conversations").json()
    search = outsider.get(f"{V1}/conversations", {"q": "merger"}).json()

    assert [r.status_code for r in (detail, messages, sent, read, download)] == [404] * 5
    assert (inbox["count"], search["count"]) == (0, 0)
    assert Message.objects.count() == 1


def test_search_finds_the_conversation_for_a_participant(world):
    conversation = _colleagues_conversation(world, body="Quarterly sensor budget")

    found = world.client("member_a").get(f"{V1}/conversations", {"q": "budget"}).json()
    missed = world.client("member_a").get(f"{V1}/conversations", {"q": "giraffe"}).json()

    assert [item["id"] for item in found["items"]] == [str(conversation.public_id)]
    assert missed["count"] == 0


def test_messages_are_listed_oldest_first_and_sending_answers_201(world):
    conversation = _colleagues_conversation(world, body="First")
    client = world.client("member_a")
    url = f"{V1}/conversations/{conversation.public_id}/messages"

    response = _post(client, url, {"body": "Second"})

    assert response.status_code == 201
    sent = response.json()
    assert (sent["kind"], sent["body"], sent["attachments"]) == ("text", "Second", [])
    assert sent["sender"] == {
        "id": str(person(world, "member_a").public_id),
        "full_name": person(world, "member_a").full_name,
    }
    listed = client.get(url).json()
    assert [item["body"] for item in listed["items"]] == ["First", "Second"]


def test_empty_message_is_422_naming_body(world):
    conversation = _colleagues_conversation(world)

    response = _post(
        world.client("member_a"),
        f"{V1}/conversations/{conversation.public_id}/messages",
        {"body": "   "},
    )

    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["body"]
    assert Message.objects.count() == 1


def test_marking_read_clears_the_unread_count(world):
    conversation = _colleagues_conversation(world)
    client = world.client("member_a")

    before = client.get(f"{V1}/notifications/unread-count").json()
    response = client.post(f"{V1}/conversations/{conversation.public_id}/read")
    after = client.get(f"{V1}/notifications/unread-count").json()

    assert response.status_code == 204
    assert before == {"notifications": 1, "conversations": 1}
    assert after == {"notifications": 0, "conversations": 0}
    assert client.get(f"{V1}/conversations/{conversation.public_id}").json()["unread"] == 0


def test_archive_and_unarchive(world):
    conversation = _colleagues_conversation(world)
    client = world.client("member_a")
    url = f"{V1}/conversations/{conversation.public_id}/archive"

    archived = client.post(url)
    inbox = client.get(f"{V1}/conversations").json()
    archive = client.get(f"{V1}/conversations", {"archived": True}).json()
    detail = client.get(f"{V1}/conversations/{conversation.public_id}").json()
    unarchived = client.delete(url)

    assert (archived.status_code, unarchived.status_code) == (204, 204)
    assert inbox["count"] == 0
    assert [(item["id"], item["archived"]) for item in archive["items"]] == [
        (str(conversation.public_id), True)
    ]
    assert detail["archived"] is True
    assert client.get(f"{V1}/conversations").json()["items"][0]["archived"] is False


def test_rate_limit_answers_429_with_retry_after_and_creates_nothing(world, small_rate):
    client = world.client("owner_a")
    payload = {"recipients": [str(person(world, "member_a").public_id)], "body": "Hello"}
    first = _post(client, f"{V1}/conversations", payload)
    second = _post(client, f"{V1}/conversations", payload)
    before = Conversation.objects.count()

    third = _post(client, f"{V1}/conversations", payload)

    assert (first.status_code, second.status_code, third.status_code) == (201, 201, 429)
    assert 0 < int(third["Retry-After"]) <= 3600
    assert third.json()["detail"].startswith("You have started 2 conversations in the last hour")
    assert Conversation.objects.count() == before == 2


# --- Attachments --------------------------------------------------------------------------
def test_upload_a_pdf_and_download_the_same_bytes(world):
    conversation = _colleagues_conversation(world)
    url = f"{V1}/conversations/{conversation.public_id}/attachments"

    response = world.client("owner_a").post(url, {"files": [_pdf()], "body": "The plan"})

    assert response.status_code == 201
    message = response.json()
    assert message["body"] == "The plan"
    [attachment] = message["attachments"]
    assert (attachment["name"], attachment["content_type"], attachment["size"]) == (
        "plan.pdf",
        "application/pdf",
        len(PDF),
    )
    assert attachment["url"] == f"/messages/attachments/{attachment['id']}/"
    download = world.client("member_a").get(f"{V1}/attachments/{attachment['id']}")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="plan.pdf"'
    assert download["X-Content-Type-Options"] == "nosniff"
    download.close()


def test_executable_named_pdf_is_422_and_stores_nothing(world, settings):
    conversation = _colleagues_conversation(world)
    url = f"{V1}/conversations/{conversation.public_id}/attachments"

    response = world.client("owner_a").post(
        url, {"files": [_pdf("evil.pdf", EXECUTABLE)], "body": "Open me"}
    )

    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["files"]
    assert (Message.objects.count(), Attachment.objects.count()) == (1, 0)
    assert not (settings.MEDIA_ROOT / "attachments").exists()


# --- Expressions of interest --------------------------------------------------------------
def test_express_interest_answers_201_and_a_second_time_422(world, offer):
    client = world.client("member_b")
    url = f"{V1}/offers/{offer.public_id}/interests"
    payload = {"kind": "supply", "message": "We make LoRa sensors"}

    first = _post(client, url, payload)
    second = _post(client, url, payload)

    assert first.status_code == 201
    body = first.json()
    interest = Interest.objects.get()
    assert body == {
        "id": interest.pk,
        "offer": str(offer.public_id),
        "kind": "supply",
        "conversation": str(interest.conversation.public_id),
        "created_at": body["created_at"],
    }
    assert second.status_code == 422
    assert [error["field"] for error in second.json()["errors"]] == ["kind"]
    assert Interest.objects.count() == 1


def test_interest_in_own_organisation_offer_is_403(world, offer):
    response = _post(
        world.client("member_a"),
        f"{V1}/offers/{offer.public_id}/interests",
        {"kind": "meet", "message": "Hello colleagues"},
    )

    assert response.status_code == 403
    assert response.json()["detail"] == "This is your own organisation's offer."
    assert (Interest.objects.count(), Conversation.objects.count()) == (0, 0)


def test_interests_in_offer_are_listed_for_its_organisation_only(world, offer):
    services.express_interest(offer, by=world.users["member_b"], kind="need", message="Need it")
    member_b = person(world, "member_b")

    owners = world.client("admin_a").get(f"{V1}/offers/{offer.public_id}/interests").json()
    author = world.client("member_b").get(f"{V1}/offers/{offer.public_id}/interests").json()
    outsider = world.client("no_org").get(f"{V1}/offers/{offer.public_id}/interests").json()

    assert [
        (item["kind"], item["person"]["full_name"], item["organisation"]["name"])
        for item in owners["items"]
    ] == [("need", member_b.full_name, "Beta Payments")]
    assert author["count"] == 1
    assert outsider["count"] == 0


# --- Contact requests and blocking ----------------------------------------------------------
def test_contact_request_accepted_lets_both_write(world):
    asker = world.client("no_org")
    member_b = world.client("member_b")

    requested = _post(
        asker,
        f"{V1}/contact-requests",
        {"recipient": str(person(world, "member_b").public_id), "message": "Hello from Bishkek"},
    )
    incoming = member_b.get(f"{V1}/contact-requests").json()
    accepted = member_b.post(f"{V1}/contact-requests/{requested.json()['id']}/accept")
    conversation_id = accepted.json()["conversation"]
    from_asker = _post(asker, f"{V1}/conversations/{conversation_id}/messages", {"body": "Thanks"})
    from_member = _post(member_b, f"{V1}/conversations/{conversation_id}/messages", {"body": "Hi"})

    assert requested.status_code == 201
    assert (requested.json()["status"], requested.json()["conversation"]) == ("pending", None)
    assert [
        (item["id"], item["sender"]["full_name"], item["message"]) for item in incoming["items"]
    ] == [(requested.json()["id"], "Lonely Person", "Hello from Bishkek")]
    assert accepted.status_code == 200
    assert (from_asker.status_code, from_member.status_code) == (201, 201)
    thread = asker.get(f"{V1}/conversations/{conversation_id}/messages").json()
    assert [(m["kind"], m["body"]) for m in thread["items"]] == [
        ("contact", "Hello from Bishkek"),
        ("text", "Thanks"),
        ("text", "Hi"),
    ]
    outgoing = asker.get(f"{V1}/contact-requests", {"direction": "outgoing"}).json()
    assert [(item["status"], item["conversation"]) for item in outgoing["items"]] == [
        ("accepted", conversation_id)
    ]


def test_only_the_recipient_answers_a_contact_request(world):
    request = services.request_contact(
        person(world, "member_b"), by=world.users["no_org"], message="Hello"
    )

    by_sender = world.client("no_org").post(f"{V1}/contact-requests/{request.public_id}/accept")
    by_outsider = world.client("member_a").post(
        f"{V1}/contact-requests/{request.public_id}/decline"
    )
    declined = world.client("member_b").post(f"{V1}/contact-requests/{request.public_id}/decline")

    assert (by_sender.status_code, by_outsider.status_code) == (403, 404)
    assert (declined.status_code, declined.json()["status"]) == (200, "declined")
    assert Conversation.objects.count() == 0


def test_blocked_person_can_neither_ask_nor_write(world):
    conversation = _connected(world)
    no_org = person(world, "no_org")
    messages_before = Message.objects.count()

    blocked = world.client("member_b").post(f"{V1}/people/{no_org.public_id}/block")
    asked = _post(
        world.client("no_org"),
        f"{V1}/contact-requests",
        {"recipient": str(person(world, "member_b").public_id), "message": "Please"},
    )
    wrote = _post(
        world.client("no_org"),
        f"{V1}/conversations/{conversation.public_id}/messages",
        {"body": "Why?"},
    )

    assert blocked.status_code == 204
    assert (asked.status_code, wrote.status_code) == (403, 403)
    assert Message.objects.count() == messages_before
    assert ContactRequest.objects.filter(status=ContactRequest.Status.PENDING).count() == 0


def test_unblocking_lets_the_person_write_again(world):
    conversation = _connected(world)
    no_org = person(world, "no_org")
    services.block_person(no_org, by=world.users["member_b"])

    unblocked = world.client("member_b").delete(f"{V1}/people/{no_org.public_id}/block")
    wrote = _post(
        world.client("no_org"),
        f"{V1}/conversations/{conversation.public_id}/messages",
        {"body": "Thanks"},
    )

    assert (unblocked.status_code, wrote.status_code) == (204, 201)


def test_report_abuse_with_a_visible_message(world):
    conversation = _connected(world)
    message = conversation.messages.get()
    payload = {
        "person": str(person(world, "no_org").public_id),
        "reason": "Spam",
        "message": str(message.public_id),
    }

    outsider = _post(world.client("member_a"), f"{V1}/reports", payload)
    reported = _post(world.client("member_b"), f"{V1}/reports", payload)

    assert outsider.status_code == 422  # no_org is hidden from member_a's directory
    assert [error["field"] for error in outsider.json()["errors"]] == ["person"]
    assert reported.status_code == 201
    report = AbuseReport.objects.get()
    assert reported.json() == {
        "id": report.pk,
        "status": "open",
        "created_at": reported.json()["created_at"],
    }
    assert report.excerpt == "Hello from Bishkek"


def test_report_naming_a_message_one_cannot_see_is_404(world):
    conversation = _colleagues_conversation(world)
    message = conversation.messages.get()

    response = _post(
        world.client("member_b"),
        f"{V1}/reports",
        {
            "person": str(person(world, "owner_a").public_id),
            "reason": "Spam",
            "message": str(message.public_id),
        },
    )

    assert response.status_code == 404
    assert AbuseReport.objects.count() == 0


# --- Notifications ------------------------------------------------------------------------
def test_interest_notification_is_listed_and_read_all_marks_it(
    world, offer, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        services.express_interest(
            offer, by=world.users["member_b"], kind="supply", message="We make them"
        )
    client = world.client("admin_a")
    member_b = person(world, "member_b")

    listed = client.get(f"{V1}/notifications").json()
    marked = client.post(f"{V1}/notifications/read-all")
    unread = client.get(f"{V1}/notifications", {"unread": True}).json()

    conversation = Interest.objects.get().conversation
    [item] = listed["items"]
    assert (item["kind"], item["read"], item["url"]) == (
        "interest.received",
        False,
        f"/messages/{conversation.public_id}/",
    )
    assert item["summary"] == (
        f"{member_b.full_name} (Beta Payments) is interested in “Need LoRa soil sensors”: "
        "We can supply this"
    )
    assert marked.json() == {"marked": 1}
    assert unread["count"] == 0
    assert sorted(mail.to[0] for mail in mailoutbox) == sorted(
        [world.users["admin_a"].email, world.users["owner_a"].email]
    )


def test_read_one_notification_and_not_someone_elses(world):
    _colleagues_conversation(world)
    notification = Notification.objects.get()

    other = world.client("admin_a").post(f"{V1}/notifications/{notification.pk}/read")
    own = world.client("member_a").post(f"{V1}/notifications/{notification.pk}/read")

    assert (other.status_code, own.status_code) == (404, 204)
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_preferences_refuse_an_unknown_kind_and_store_nothing(world):
    client = world.client("member_a")

    response = _put(
        client,
        f"{V1}/notification-preferences",
        {"preferences": {"message.received": "daily", "weather.changed": "never"}},
    )

    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["weather.changed"]
    assert NotificationPreference.objects.count() == 0


def test_preferences_are_saved_and_read_back(world):
    client = world.client("member_a")

    saved = _put(
        client, f"{V1}/notification-preferences", {"preferences": {"message.received": "daily"}}
    )
    read = client.get(f"{V1}/notification-preferences")

    assert saved.status_code == 200
    assert read.json() == saved.json()
    assert read.json() == [
        {
            "kind": "application.decided",
            "label": "Decisions on my organisation's applications",
            "delivery": "immediate",
        },
        {
            "kind": "application.submitted",
            "label": "Applications to my organisation's opportunities",
            "delivery": "immediate",
        },
        {
            "kind": "application.withdrawn",
            "label": "Applications withdrawn from my organisation's opportunities",
            "delivery": "immediate",
        },
        {
            "kind": "b2b.agenda_changed",
            "label": "Changes to my organisation's B2B agenda",
            "delivery": "immediate",
        },
        {
            "kind": "b2b.agenda_published",
            "label": 'B2B schedules published',
            "delivery": "immediate",
        },
        {
            "kind": "b2b.request_accepted",
            "label": "My organisation's B2B meeting requests accepted",
            "delivery": "immediate",
        },
        {
            "kind": "b2b.request_declined",
            "label": "My organisation's B2B meeting requests declined",
            "delivery": "immediate",
        },
        {
            "kind": "b2b.request_received",
            "label": 'B2B meeting requests to my organisation',
            "delivery": "immediate",
        },
        {
            "kind": "commitment.due",
            "label": "Commitments of my organisation coming due",
            "delivery": "immediate",
        },
        {
            "kind": "commitment.report_due",
            "label": "Progress reports my organisation owes",
            "delivery": "immediate",
        },
        {
            "kind": "contact.accepted",
            "label": "Answers to my contact requests",
            "delivery": "immediate",
        },
        {"kind": "contact.requested", "label": "Contact requests", "delivery": "immediate"},
        {
            "kind": "engagement.updated",
            "label": "What follows my organisation's accepted applications",
            "delivery": "immediate",
        },
        {
            "kind": "event.registration_decided",
            "label": 'Decisions on my event registrations',
            "delivery": "immediate",
        },
        {
            "kind": "event.registration_requested",
            "label": 'Registrations waiting for approval at events my organisation runs',
            "delivery": "immediate",
        },
        {
            "kind": "interest.received",
            "label": "Interest in my organisation's offers and needs",
            "delivery": "immediate",
        },
        {
            "kind": "matching.suggested",
            "label": "Suggestions for your organisation",
            "delivery": "weekly",
        },
        {
            "kind": "message.received",
            "label": "New messages in my conversations",
            "delivery": "daily",
        },
        {
            "kind": "opportunity.closed",
            "label": "Opportunities my organisation applied to are closed",
            "delivery": "immediate",
        },
        {
            "kind": "organisation.rejected",
            "label": "My organisation was not verified",
            "delivery": "immediate",
        },
        {
            "kind": "organisation.verified",
            "label": "My organisation was verified",
            "delivery": "immediate",
        },
        {
            "kind": "review.assigned",
            "label": "Opportunities I am asked to review",
            "delivery": "immediate",
        },
    ]


# --- Query counts -------------------------------------------------------------------------
def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def _conversations_about_org_a(world: World, n: int) -> None:
    for i in range(n):
        services.start_conversation(
            by=world.users["member_b"],
            recipients=context_contacts(world.org_a),
            context=world.org_a,
            body=f"Question {i}",
        )


def _messages_with_files(world: World, n: int) -> None:
    conversation = Conversation.objects.get(subject="Pilot")
    for i in range(n):
        services.send_message(
            conversation, by=world.users["owner_a"], body=f"Part {i}", files=[_pdf()]
        )


def _notifications(world: World, n: int) -> None:
    conversation = Conversation.objects.get(subject="Pilot")
    for i in range(n):
        services.mark_conversation_read(conversation, by=world.users["member_a"])
        services.send_message(conversation, by=world.users["owner_a"], body=f"Ping {i}")


def _interests(world: World, n: int, offer: Any) -> None:
    for _ in range(n):
        sender = MembershipFactory(organisation=world.org_b).person.user
        services.express_interest(offer, by=sender, kind="meet", message="Let's meet")


def _incoming_requests(world: World, n: int) -> None:
    for _ in range(n):
        sender = MembershipFactory().person.user
        services.request_contact(person(world, "no_org"), by=sender, message="Hello")


def _outgoing_requests(world: World, n: int) -> None:
    for _ in range(n):
        recipient = MembershipFactory().person
        services.request_contact(recipient, by=world.users["no_org"], message="Hello")


LISTS: list[tuple[str, str, Callable[..., None]]] = [
    ("/conversations", "member_b", lambda world, n, offer: _conversations_about_org_a(world, n)),
    ("/conversations?q=question", "member_b", lambda w, n, o: _conversations_about_org_a(w, n)),
    ("/conversations/{pilot}/messages", "member_a", lambda w, n, o: _messages_with_files(w, n)),
    ("/notifications", "member_a", lambda w, n, o: _notifications(w, n)),
    ("/offers/{offer}/interests", "admin_a", _interests),
    ("/contact-requests", "no_org", lambda w, n, o: _incoming_requests(w, n)),
    (
        "/contact-requests?direction=outgoing",
        "no_org",
        lambda w, n, o: _outgoing_requests(w, n),
    ),
]


@pytest.mark.parametrize(("path", "role", "make"), LISTS, ids=[path for path, _, _ in LISTS])
def test_list_query_count_does_not_grow_with_items(world, offer, path, role, make):
    pilot = _colleagues_conversation(world)
    url = V1 + path.format(pilot=pilot.public_id, offer=offer.public_id)
    client = world.client(role)
    make(world, 1, offer)
    client.get(url)  # warm per-request caches (content types, sessions) out of the measurement
    one = _queries(client, url)

    make(world, 2, offer)
    three = _queries(client, url)

    assert one == three, f"{url}: {one} queries for 1 item, {three} for 3"
