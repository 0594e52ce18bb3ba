"""E-mail whose task was lost with its worker is enqueued again by the periodic work, and goes
once (a real SMTP server on localhost)."""

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

from consortia.core import clock
from consortia.messaging.models import Delivery, Notification
from consortia.messaging.services import send_lost_emails
from consortia.messaging.services.notifications import CLAIM_LEASE
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
