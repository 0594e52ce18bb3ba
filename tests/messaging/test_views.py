"""The messaging pages through Django's test client, on a real database."""

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from consortia.messaging import services
from consortia.messaging.models import (
    AbuseReport,
    Conversation,
    Interest,
    NotificationPreference,
)
from tests.conftest import World
from tests.messaging.conftest import person

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def _conversation(world: World) -> Conversation:
    return services.start_conversation(
        by=world.users["member_a"], recipients=[person(world, "admin_a")], body="Hello colleague"
    )


def test_reply_with_attachment_and_download(world: World):
    conversation = _conversation(world)
    client = world.client("admin_a")

    response = client.post(
        f"/messages/{conversation.public_id}/",
        {"body": "Here is the plan", "files": [SimpleUploadedFile("plan.pdf", PDF)]},
    )

    assert response.status_code == 302
    page = client.get(f"/messages/{conversation.public_id}/").content.decode()
    assert "Here is the plan" in page and "plan.pdf" in page
    attachment = conversation.messages.last().attachments.get()
    download = world.client("member_a").get(f"/messages/attachments/{attachment.public_id}/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="plan.pdf"'
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == PDF


def test_bad_attachment_shows_the_error_and_keeps_the_text(world: World):
    conversation = _conversation(world)

    response = world.client("admin_a").post(
        f"/messages/{conversation.public_id}/",
        {"body": "Draft text", "files": [SimpleUploadedFile("x.pdf", b"MZ" + b"\x00" * 40)]},
    )

    assert response.status_code == 400
    assert "x.pdf is not a file type we accept" in response.content.decode()
    assert "Draft text" in response.content.decode()
    assert conversation.messages.count() == 1


def test_opening_a_conversation_marks_it_read(world: World):
    conversation = _conversation(world)
    client = world.client("admin_a")
    assert '<span class="count"' in client.get("/notifications/badge/").content.decode()

    client.get(f"/messages/{conversation.public_id}/")

    badge = client.get("/notifications/badge/").content.decode()
    assert '<span class="count"' not in badge
    assert 'hx-trigger="every 30s"' in badge


def test_inbox_search_and_archive(world: World):
    conversation = _conversation(world)
    client = world.client("admin_a")

    assert "Hello colleague" in client.get("/messages/?q=colleague").content.decode()
    assert "Hello colleague" not in client.get("/messages/?q=nothing").content.decode()
    client.post(f"/messages/{conversation.public_id}/archive/", {"archived": "1"})
    assert "Hello colleague" not in client.get("/messages/").content.decode()
    assert "Hello colleague" in client.get("/messages/?archived=on").content.decode()


def test_rate_limit_is_a_clear_message_with_retry_after(world: World, small_rate: int):
    client = world.client("member_a")
    for _ in range(small_rate):
        _conversation(world)

    response = client.post(
        f"/messages/new/?to={person(world, 'admin_a').public_id}", {"body": "third"}
    )

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "the most allowed" in response.content.decode()
    assert Conversation.objects.count() == small_rate


def test_expressing_interest_from_the_offer_page(world: World, offer: Any):
    client = world.client("member_b")
    assert (
        f"/offers/{offer.public_id}/interest/"
        in client.get(f"/offers/{offer.public_id}/").content.decode()
    )

    response = client.post(
        f"/offers/{offer.public_id}/interest/", {"kind": "supply", "message": "We supply sensors"}
    )

    interest = Interest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/messages/{interest.conversation.public_id}/"
    owner_page = world.client("member_a").get(f"/offers/{offer.public_id}/").content.decode()
    assert "1 expression of interest" in owner_page
    assert person(world, "member_b").full_name in owner_page
    again = client.get(f"/offers/{offer.public_id}/interest/")
    assert again.status_code == 302 and again["Location"] == response["Location"]


def test_invalid_interest_form_names_the_field(world: World, offer: Any):
    response = world.client("member_b").post(
        f"/offers/{offer.public_id}/interest/", {"kind": "buy", "message": ""}
    )

    assert response.status_code == 400
    assert Interest.objects.count() == 0


def test_person_page_offers_the_right_way_to_talk(world: World):
    stranger_view = world.client("no_org").get(
        f"/directory/people/{person(world, 'member_b').public_id}/"
    )
    colleague_view = world.client("member_a").get(
        f"/directory/people/{person(world, 'admin_a').public_id}/"
    )

    assert (
        f"/messages/people/{person(world, 'member_b').public_id}/ask/"
        in stranger_view.content.decode()
    )
    assert (
        f"/messages/new/?to={person(world, 'admin_a').public_id}" in colleague_view.content.decode()
    )


def test_contact_request_through_the_pages(world: World):
    target = person(world, "member_b")

    sent = world.client("no_org").post(
        f"/messages/people/{target.public_id}/ask/", {"message": "Hi!"}
    )
    request = target.received_contact_requests.get()
    accepted = world.client("member_b").post(f"/messages/contacts/{request.public_id}/accept/")

    assert sent.status_code == 302
    assert accepted.status_code == 302
    assert accepted["Location"].startswith("/messages/")
    assert "Hi!" in world.client("no_org").get(accepted["Location"]).content.decode()


def test_preferences_and_one_click_unsubscribe(world: World):
    client = world.client("member_a")
    response = client.post(
        "/notifications/preferences/",
        {
            "application.decided": "immediate",
            "application.submitted": "daily",
            "application.withdrawn": "weekly",
            "b2b.agenda_changed": "immediate",
            "b2b.agenda_published": "daily",
            "b2b.request_accepted": "immediate",
            "b2b.request_declined": "weekly",
            "b2b.request_received": "immediate",
            "commitment.due": "immediate",
            "commitment.report_due": "weekly",
            "contact.accepted": "weekly",
            "contact.requested": "daily",
            "engagement.updated": "immediate",
            "event.registration_decided": "never",
            "event.registration_requested": "immediate",
            "interest.received": "immediate",
            "matching.suggested": "never",
            "message.received": "immediate",
            "opportunity.closed": "never",
            "organisation.rejected": "immediate",
            "organisation.verified": "never",
            "review.assigned": "immediate",
        },
    )
    assert response.status_code == 302
    token = services.unsubscribe_token(person(world, "member_a"), "message.received")

    page = world.client("anonymous").get(f"/notifications/unsubscribe/{token}/")
    done = world.client("anonymous").post(f"/notifications/unsubscribe/{token}/")

    assert page.status_code == 200 and done.status_code == 200
    assert dict(NotificationPreference.objects.values_list("kind", "delivery")) == {
        "application.decided": "immediate",
        "application.submitted": "daily",
        "application.withdrawn": "weekly",
        "b2b.agenda_changed": "immediate",
        "b2b.agenda_published": "daily",
        "b2b.request_accepted": "immediate",
        "b2b.request_declined": "weekly",
        "b2b.request_received": "immediate",
        "commitment.due": "immediate",
        "commitment.report_due": "weekly",
        "contact.accepted": "weekly",
        "contact.requested": "daily",
        "engagement.updated": "immediate",
        "event.registration_decided": "never",
        "event.registration_requested": "immediate",
        "interest.received": "immediate",
        "matching.suggested": "never",
        "message.received": "never",
        "opportunity.closed": "never",
        "organisation.rejected": "immediate",
        "organisation.verified": "never",
        "review.assigned": "immediate",
    }


def test_operator_suspends_from_the_reports_console(world: World):
    conversation = _conversation(world)
    message = conversation.messages.get()
    world.client("admin_a").post(
        f"/messages/people/{person(world, 'member_a').public_id}/report/",
        {"reason": "Unsolicited advertising", "message": str(message.public_id)},
    )
    console = world.client("operator")

    page = console.get("/operator/reports/").content.decode()
    report = AbuseReport.objects.get()
    suspended = console.post(f"/operator/reports/{report.pk}/suspend/")

    assert "Unsolicited advertising" in page and "Hello colleague" in page
    assert suspended.status_code == 302
    world.users["member_a"].refresh_from_db()
    assert world.users["member_a"].is_active is False
    console.post(f"/operator/people/{person(world, 'member_a').public_id}/reinstate/")
    world.users["member_a"].refresh_from_db()
    assert world.users["member_a"].is_active is True


def test_notification_link_marks_read_and_goes_to_the_target(world: World):
    conversation = _conversation(world)
    notification = person(world, "admin_a").notifications.get()

    response = world.client("admin_a").get(f"/notifications/{notification.pk}/")

    notification.refresh_from_db()
    assert response["Location"] == f"/messages/{conversation.public_id}/"
    assert notification.read_at is not None


def test_a_group_conversation_from_the_pages(world: World):
    colleagues = [person(world, "admin_a"), person(world, "owner_a")]
    query = "&".join(f"to={p.public_id}" for p in colleagues)

    response = world.client("member_a").post(
        f"/messages/new/?{query}", {"subject": "Forum", "body": "Who goes to Kazan?"}
    )

    conversation = Conversation.objects.get()
    assert response["Location"] == f"/messages/{conversation.public_id}/"
    assert sorted(p.person.full_name for p in conversation.participants.all()) == sorted(
        p.full_name for p in [person(world, "member_a"), *colleagues]
    )
    # A stranger among the recipients sends the writer to the contact request first.
    mixed = world.client("member_a").get(
        f"/messages/new/?{query}&to={person(world, 'member_b').public_id}"
    )
    assert mixed["Location"] == f"/messages/people/{person(world, 'member_b').public_id}/ask/"
