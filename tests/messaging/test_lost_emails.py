"""E-mail whose task was lost with its worker (or with the process, on the embedded default) is
enqueued again by the periodic work, and goes once (a real SMTP server on localhost):
notifications, and invitations."""

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

from consortia.core import clock
from consortia.core.mail import CLAIM_LEASE
from consortia.directory.models import Invitation
from consortia.directory.services import deliver_invitation, send_lost_invitations
from consortia.messaging.models import Delivery, Notification
from consortia.messaging.services import send_lost_emails
from tests.smtp import Mailbox, send_mail_to, smtp_server

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def mailbox(settings: Any) -> Iterator[Mailbox]:
    with smtp_server() as box:
        send_mail_to(settings, box)
        yield box


def _notification(world: Any, role: str, *, created: Any, claimed: Any = None) -> Notification:
    return Notification.objects.create(
        recipient=world.users[role].person,
        kind="contact.requested",
        data={"sender": "Chen Wei", "excerpt": "Shall we meet?"},
        delivery=Delivery.IMMEDIATE,
        created_at=created,
        email_claimed_at=claimed,
    )


def test_lost_email_is_sent_once_and_a_live_claim_is_left_alone(world, mailbox):
    now = clock.now()
    long_ago = now - CLAIM_LEASE - timedelta(minutes=1)
    died = _notification(world, "member_a", created=long_ago, claimed=long_ago)  # worker killed
    never_ran = _notification(world, "admin_a", created=long_ago)  # message lost by the broker
    sending = _notification(world, "member_b", created=long_ago, claimed=now)  # still at it
    too_old = _notification(world, "owner_a", created=now - timedelta(days=2))

    first = send_lost_emails(now=now)
    second = send_lost_emails(now=now)

    assert (first, second) == (2, 0)
    for role in ("member_a", "admin_a"):
        assert len(mailbox.received_by(world.users[role].email)) == 1
    assert mailbox.received_by(world.users["member_b"].email) == []
    assert mailbox.received_by(world.users["owner_a"].email) == []
    emailed = dict(Notification.objects.values_list("pk", "emailed_at"))
    assert emailed[died.pk] and emailed[never_ran.pk]
    assert emailed[sending.pk] is None and emailed[too_old.pk] is None


def _invitation(world: Any, email: str, *, created: Any, **fields: Any) -> Invitation:
    return Invitation.objects.create(
        organisation=world.org_a,
        email=email,
        invited_by=world.users["admin_a"],
        expires_at=created + timedelta(days=14),
        created_at=created,
        **fields,
    )


def test_a_lost_invitation_is_sent_once_and_the_others_are_left_alone(world, mailbox):
    now = clock.now()
    long_ago = now - CLAIM_LEASE - timedelta(minutes=1)
    died = _invitation(world, "died@example.org", created=long_ago, email_claimed_at=long_ago)
    never_ran = _invitation(world, "lost@example.org", created=long_ago)
    sending = _invitation(world, "busy@example.org", created=long_ago, email_claimed_at=now)
    sent = _invitation(world, "sent@example.org", created=long_ago, emailed_at=long_ago)
    revoked = _invitation(world, "gone@example.org", created=long_ago, status="revoked")
    too_old = _invitation(world, "old@example.org", created=now - timedelta(days=2))

    first = send_lost_invitations(now=now)
    second = send_lost_invitations(now=now)

    assert (first, second) == (2, 0)
    for address in ("died@example.org", "lost@example.org"):
        (message,) = mailbox.received_by(address)
        assert f"You are invited to join {world.org_a.name} on Consortia" in message["Subject"]
    for address in ("busy@example.org", "sent@example.org", "gone@example.org", "old@example.org"):
        assert mailbox.received_by(address) == []
    emailed = dict(Invitation.objects.values_list("pk", "emailed_at"))
    assert emailed[died.pk] and emailed[never_ran.pk]
    assert emailed[sending.pk] is None and emailed[revoked.pk] is None
    assert emailed[too_old.pk] is None and emailed[sent.pk] == long_ago


def test_an_invitation_task_run_twice_sends_once(world, mailbox):
    invitation = _invitation(world, "twice@example.org", created=clock.now())

    assert (deliver_invitation(invitation.pk), deliver_invitation(invitation.pk)) == (True, False)
    assert len(mailbox.received_by("twice@example.org")) == 1
