"""Services of messaging on a real database: who may write to whom, and what each write leaves."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from consortia.accounts.services import authenticate_api_token, create_api_token
from consortia.core.permissions import NotPermitted
from consortia.core.ratelimit import RateLimited
from consortia.messaging import selectors, services
from consortia.messaging.models import (
    AbuseReport,
    Attachment,
    ContactRequest,
    Conversation,
    Delivery,
    Interest,
    Message,
    Notification,
    NotificationPreference,
)
from tests.conftest import World
from tests.messaging.conftest import person

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def _colleagues_conversation(world: World, body: str = "Shall we meet in Kazan?") -> Conversation:
    return services.start_conversation(
        by=world.users["member_a"],
        recipients=[person(world, "admin_a")],
        body=body,
        subject="Kazan",
    )


def test_colleagues_start_a_conversation_and_only_they_see_it(world: World):
    conversation = _colleagues_conversation(world)

    assert list(selectors.inbox(world.users["admin_a"])) == [conversation]
    assert list(selectors.inbox(world.users["member_a"])) == [conversation]
    for outsider in ["member_b", "no_org", "operator", "owner_a"]:
        assert list(selectors.conversations_visible_to(world.users[outsider])) == []
        assert list(selectors.messages_visible_to(world.users[outsider])) == []


def test_unread_counts_follow_reading(world: World):
    conversation = _colleagues_conversation(world)
    services.send_message(conversation, by=world.users["member_a"], body="And Almaty?")

    assert selectors.inbox(world.users["admin_a"]).get().unread == 2
    assert selectors.inbox(world.users["member_a"]).get().unread == 0
    assert selectors.unread_conversation_count(world.users["admin_a"]) == 1

    services.mark_conversation_read(conversation, by=world.users["admin_a"])

    assert selectors.inbox(world.users["admin_a"]).get().unread == 0
    assert selectors.unread_conversation_count(world.users["admin_a"]) == 0
    # Reading the conversation also reads the notification that announced it.
    assert selectors.unread_notification_count(world.users["admin_a"]) == 0


def test_messages_in_one_conversation_make_one_unread_notification(world: World):
    conversation = _colleagues_conversation(world)
    for text in ["one", "two", "three"]:
        services.send_message(conversation, by=world.users["member_a"], body=text)

    assert Notification.objects.filter(recipient=person(world, "admin_a")).count() == 1


def test_strangers_cannot_write_directly(world: World):
    with pytest.raises(NotPermitted):
        services.start_conversation(
            by=world.users["no_org"], recipients=[person(world, "member_b")], body="Hi"
        )

    assert Conversation.objects.count() == 0


def test_anyone_may_write_to_an_organisations_contacts(world: World):
    contacts = [person(world, "admin_a"), person(world, "owner_a")]

    conversation = services.start_conversation(
        by=world.users["member_b"], recipients=contacts, body="Partnership?", context=world.org_a
    )

    assert conversation.context == world.org_a
    assert conversation.participants.count() == 3
    with pytest.raises(NotPermitted):  # an ordinary member is not a contact of the organisation
        services.start_conversation(
            by=world.users["member_b"],
            recipients=[person(world, "member_a")],
            body="Partnership?",
            context=world.org_a,
        )


def test_search_finds_only_own_conversations(world: World):
    _colleagues_conversation(world, body="Солнечные панели для Ташкента")
    services.start_conversation(
        by=world.users["member_b"],
        recipients=[person(world, "admin_a")],
        body="солнечные батареи",
        context=world.org_a,
    )

    assert [c.subject for c in selectors.inbox(world.users["member_a"], q="солнечн")] == ["Kazan"]
    assert len(selectors.inbox(world.users["admin_a"], q="солнечн")) == 2
    assert list(selectors.inbox(world.users["member_b"], q="Ташкент")) == []


def test_archiving_hides_until_the_next_message(world: World):
    conversation = _colleagues_conversation(world)
    services.archive_conversation(conversation, by=world.users["admin_a"])

    assert list(selectors.inbox(world.users["admin_a"])) == []
    assert list(selectors.inbox(world.users["admin_a"], archived=True)) == [conversation]

    services.send_message(conversation, by=world.users["member_a"], body="Ping")

    assert list(selectors.inbox(world.users["admin_a"])) == [conversation]


def test_interest_opens_a_conversation_with_the_offers_contacts(world: World, offer: Any):
    interest = services.express_interest(
        offer, by=world.users["member_b"], kind="supply", message="We make them."
    )

    participants = {p.person.full_name for p in interest.conversation.participants.all()}
    assert participants == {
        person(world, name).full_name for name in ["member_b", "admin_a", "owner_a"]
    }
    assert interest.organisation == world.org_b
    assert interest.conversation.messages.get().kind == Message.Kind.INTEREST
    assert list(selectors.interests_in_offer(world.users["member_a"], offer)) == [interest]
    assert list(selectors.interests_in_offer(world.users["no_org"], offer)) == []
    kinds = Notification.objects.filter(kind="interest.received").values_list(
        "recipient__user__email", flat=True
    )
    assert sorted(kinds) == sorted([world.users["admin_a"].email, world.users["owner_a"].email])


def test_interest_twice_or_in_own_offer_is_refused(world: World, offer: Any):
    services.express_interest(offer, by=world.users["member_b"], kind="meet", message="Hello")

    with pytest.raises(ValidationError) as twice:
        services.express_interest(offer, by=world.users["member_b"], kind="meet", message="Again")
    with pytest.raises(NotPermitted):
        services.express_interest(offer, by=world.users["member_a"], kind="meet", message="Mine")
    with pytest.raises(ValidationError) as bad_kind:
        services.express_interest(offer, by=world.users["no_org"], kind="buy", message="Hi")

    assert "kind" in twice.value.message_dict
    assert "kind" in bad_kind.value.message_dict
    assert Interest.objects.count() == 1
    assert Conversation.objects.count() == 1


def test_interest_in_a_withdrawn_offer_is_refused(world: World, offer: Any):
    offer.status = "withdrawn"
    offer.save()

    with pytest.raises(NotPermitted):
        services.express_interest(offer, by=world.users["member_b"], kind="meet", message="Hi")


def test_contact_request_accepted_opens_a_conversation(world: World):
    request = services.request_contact(
        person(world, "member_b"), by=world.users["no_org"], message="Can we talk?"
    )

    conversation = services.accept_contact_request(request, by=world.users["member_b"])

    request.refresh_from_db()
    assert request.status == ContactRequest.Status.ACCEPTED
    assert conversation.messages.get().body == "Can we talk?"
    services.send_message(conversation, by=world.users["no_org"], body="Thanks!")
    # Now connected, they may also start new conversations with each other.
    services.start_conversation(
        by=world.users["no_org"], recipients=[person(world, "member_b")], body="New topic"
    )
    assert Notification.objects.filter(kind="contact.accepted").count() == 1


def test_only_the_recipient_answers_a_contact_request(world: World):
    request = services.request_contact(
        person(world, "member_b"), by=world.users["no_org"], message="Can we talk?"
    )

    with pytest.raises(NotPermitted):
        services.accept_contact_request(request, by=world.users["no_org"])
    services.decline_contact_request(request, by=world.users["member_b"])
    with pytest.raises(NotPermitted):
        services.accept_contact_request(request, by=world.users["member_b"])


def test_declined_sender_waits_thirty_days(world: World):
    request = services.request_contact(
        person(world, "member_b"), by=world.users["no_org"], message="Can we talk?"
    )
    services.decline_contact_request(request, by=world.users["member_b"])

    with pytest.raises(ValidationError):
        services.request_contact(person(world, "member_b"), by=world.users["no_org"], message="?")

    assert ContactRequest.objects.count() == 1


def test_blocked_sender_cannot_ask_or_write_again(world: World):
    request = services.request_contact(
        person(world, "member_b"), by=world.users["no_org"], message="Can we talk?"
    )
    conversation = services.accept_contact_request(request, by=world.users["member_b"])

    services.block_person(person(world, "no_org"), by=world.users["member_b"])

    with pytest.raises(NotPermitted):
        services.send_message(conversation, by=world.users["no_org"], body="Hello?")
    with pytest.raises(NotPermitted):
        services.start_conversation(
            by=world.users["no_org"], recipients=[person(world, "member_b")], body="Hi"
        )
    with pytest.raises(NotPermitted):
        services.request_contact(person(world, "member_b"), by=world.users["no_org"], message="?")
    assert conversation.messages.count() == 1
    # The one who blocked can still write, and unblocking restores the other way.
    services.send_message(conversation, by=world.users["member_b"], body="Please stop.")
    services.unblock_person(person(world, "no_org"), by=world.users["member_b"])
    services.send_message(conversation, by=world.users["no_org"], body="Sorry.")


def test_blocking_closes_a_pending_request(world: World):
    request = services.request_contact(
        person(world, "member_b"), by=world.users["no_org"], message="Buy now!!!"
    )

    services.block_person(person(world, "no_org"), by=world.users["member_b"])

    request.refresh_from_db()
    assert request.status == ContactRequest.Status.BLOCKED


def test_rate_limit_counts_conversations_and_requests(world: World, small_rate: int):
    _colleagues_conversation(world)
    services.request_contact(person(world, "member_b"), by=world.users["member_a"], message="Hello")

    with pytest.raises(RateLimited) as limited:
        _colleagues_conversation(world)

    assert 3590 <= limited.value.retry_after <= 3600
    assert Conversation.objects.count() == 1
    # Writing in an existing conversation is not limited.
    services.send_message(Conversation.objects.get(), by=world.users["member_a"], body="ok")


def test_attachment_is_stored_under_a_generated_name(world: World):
    conversation = services.start_conversation(
        by=world.users["member_a"],
        recipients=[person(world, "admin_a")],
        body="",
        files=[SimpleUploadedFile("../../etc/Отчёт.pdf", PDF, content_type="text/html")],
    )

    attachment = Attachment.objects.get(message__conversation=conversation)
    assert attachment.original_name == "Отчёт.pdf"
    assert attachment.content_type == "application/pdf"
    assert attachment.size == len(PDF)
    assert (
        attachment.file.name
        == f"attachments/{attachment.public_id.hex[:2]}/{attachment.public_id.hex}"
    )
    assert attachment.file.read() == PDF


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("run.pdf", b"MZ\x90\x00" + b"\x00" * 64, "is not a file type we accept"),
        ("notes.txt", b"text\x00with a null byte", "is not a file type we accept"),
        ("page.html", b"<html><script>alert(1)</script></html>", "is not a file type we accept"),
        ("empty.pdf", b"", "is empty"),
    ],
)
def test_bad_attachments_are_refused_and_nothing_is_written(
    world: World, name: str, content: bytes, message: str
):
    conversation = _colleagues_conversation(world)

    with pytest.raises(ValidationError) as refused:
        services.send_message(
            conversation,
            by=world.users["member_a"],
            body="see attached",
            files=[SimpleUploadedFile(name, content)],
        )

    assert message in refused.value.message_dict["files"][0]
    assert conversation.messages.count() == 1
    assert Attachment.objects.count() == 0


def test_too_large_attachment_is_refused(world: World, settings: Any):
    settings.CONSORTIA_MAX_ATTACHMENT_BYTES = 100
    conversation = _colleagues_conversation(world)

    with pytest.raises(ValidationError) as refused:
        services.send_message(
            conversation,
            by=world.users["member_a"],
            body="",
            files=[SimpleUploadedFile("big.pdf", PDF + b" " * 100)],
        )

    assert "too large" in refused.value.message_dict["files"][0]


def test_plain_text_and_csv_are_accepted(world: World):
    conversation = _colleagues_conversation(world)

    services.send_message(
        conversation,
        by=world.users["member_a"],
        body="",
        files=[
            SimpleUploadedFile("budget.csv", "статья;сумма\nдатчики;100\n".encode()),
            SimpleUploadedFile("notes.txt", b"plain notes"),
        ],
    )

    assert sorted(Attachment.objects.values_list("content_type", flat=True)) == [
        "text/csv",
        "text/plain",
    ]


def test_a_failed_write_leaves_no_orphan_file(world: World, settings: Any, monkeypatch: Any):
    conversation = _colleagues_conversation(world)
    media = settings.MEDIA_ROOT

    def broken_audit(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("database went away")

    monkeypatch.setattr("consortia.messaging.services.conversations.audit.record", broken_audit)
    with pytest.raises(RuntimeError):
        services.send_message(
            conversation,
            by=world.users["member_a"],
            body="x",
            files=[SimpleUploadedFile("a.pdf", PDF)],
        )

    assert Attachment.objects.count() == 0
    assert [p for p in media.rglob("*") if p.is_file()] == []


def test_report_and_suspend_ends_access(world: World):
    conversation = _colleagues_conversation(world)
    message = conversation.messages.get()
    token = create_api_token(world.users["member_a"], name="cli").raw

    report = services.report_abuse(
        person(world, "member_a"), by=world.users["admin_a"], reason="Spam", message=message
    )
    assert report.excerpt == "Shall we meet in Kazan?"
    assert Notification.objects.filter(
        kind="report.opened", recipient__user=world.users["operator"]
    ).exists()
    with pytest.raises(NotPermitted):
        services.suspend_reported(report, by=world.users["admin_a"])

    services.suspend_reported(report, by=world.users["operator"])

    report.refresh_from_db()
    world.users["member_a"].refresh_from_db()
    assert report.status == AbuseReport.Status.SUSPENDED
    assert world.users["member_a"].is_active is False
    assert authenticate_api_token(token) is None
    assert world.client("member_a").get("/messages/").status_code == 302
    # A suspended account gets no more notifications.
    assert services.notify(person(world, "member_a"), "contact.accepted", None, {}) is None


def test_a_report_must_name_the_author_of_the_message(world: World):
    conversation = _colleagues_conversation(world)

    with pytest.raises(ValidationError):
        services.report_abuse(
            person(world, "admin_a"),
            by=world.users["admin_a"],
            reason="x",
            message=conversation.messages.get(),
        )

    assert AbuseReport.objects.count() == 0


def test_preferences_choose_how_each_kind_is_mailed(
    world: World, mailoutbox: Any, django_capture_on_commit_callbacks: Any
):
    recipient = person(world, "admin_a")
    services.set_notification_preferences(
        recipient, by=world.users["admin_a"], choices={"message.received": Delivery.NEVER}
    )

    with django_capture_on_commit_callbacks(execute=True):
        _colleagues_conversation(world)

    assert services.notification_preferences(recipient)["message.received"] == "never"
    assert Notification.objects.get(recipient=recipient).delivery == "never"
    assert mailoutbox == []


def test_unknown_preferences_are_refused_and_nothing_stored(world: World):
    with pytest.raises(ValidationError) as refused:
        services.set_notification_preferences(
            person(world, "member_a"),
            by=world.users["member_a"],
            choices={"message.received": "daily", "report.opened": "never", "x": "daily"},
        )

    assert set(refused.value.message_dict) == {"report.opened", "x"}
    assert NotificationPreference.objects.count() == 0


def test_unsubscribe_token_names_person_and_kind(world: World):
    token = services.unsubscribe_token(person(world, "member_a"), "message.received")

    found = services.read_unsubscribe_token(token)

    assert found is not None
    assert found[0] == person(world, "member_a")
    assert found[1].code == "message.received"
    assert services.read_unsubscribe_token(token[:-1] + "x") is None


def test_verification_notifies_the_organisations_contacts(world: World):
    from consortia.directory.services import verify_organisation

    verify_organisation(world.pending, by=world.users["operator"])

    assert list(
        Notification.objects.filter(kind="organisation.verified").values_list(
            "recipient__user__email", "url"
        )
    ) == [(world.users["member_a"].email, f"/directory/organisations/{world.pending.public_id}/")]
