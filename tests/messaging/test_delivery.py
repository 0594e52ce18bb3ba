"""E-mail of notifications through a real SMTP server on localhost.

Runs twice in CI: on the embedded default (tasks run in this process after commit) and on the
scale-out settings (PostgreSQL, Redis as broker, a real ``consortia worker`` process sending the
mail): `.ci/run` sets REDIS_URL for that pass, and the ``delivery`` fixture starts the worker
against this test database. The tests are the same; only who sends differs.
"""

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client
from django.utils import translation

from consortia.core import clock
from consortia.directory.models import Person
from consortia.messaging import services
from consortia.messaging.kinds import get_kind
from consortia.messaging.models import Delivery, Digest, Notification, NotificationPreference
from consortia.messaging.tasks import send_digest, send_notification_email
from tests.conftest import World
from tests.smtp import Mailbox, html_of, send_mail_to, smtp_server, text_of

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
URL = re.compile(r"https?://[^\s<>\"']+")
SCALE_OUT = not django_settings.CELERY_TASK_ALWAYS_EAGER
WAIT = 60.0 if SCALE_OUT else 10.0


@dataclass
class Delivery_:
    mailbox: Mailbox
    worker: subprocess.Popen | None


@pytest.fixture(scope="module")
def _module_mailbox() -> Iterator[Mailbox]:
    with smtp_server() as box:
        yield box


@pytest.fixture(scope="module")
def _worker(
    _module_mailbox: Mailbox, django_db_setup: Any, django_db_blocker: Any
) -> Iterator[Any]:
    """On the scale-out settings, a real Celery worker on this test database and SMTP server."""
    if not SCALE_OUT:
        yield None
        return
    with django_db_blocker.unblock():
        database = connection.settings_dict
    if connection.vendor != "postgresql":
        pytest.fail(
            "The scale-out pass needs PostgreSQL: a worker cannot open SQLite's test database"
        )
    url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    env = os.environ | {
        "DATABASE_URL": url,
        "EMAIL_URL": f"smtp://127.0.0.1:{_module_mailbox.port}",
        "CONSORTIA_DATA_DIR": os.environ.get("CONSORTIA_DATA_DIR", "var"),
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "consortia.cli", "worker", "--concurrency", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    yield worker
    worker.terminate()
    worker.communicate(timeout=30)


@pytest.fixture(autouse=True)
def _worker_done_before_flush(db: Any, _worker: Any) -> Iterator[None]:
    """Let the worker finish what a test enqueued before the database is flushed: a task still
    reading a table while the flush truncates it can deadlock the two (set up after ``db``, so
    torn down before it)."""
    yield
    if _worker is not None:
        import time

        time.sleep(3)


@pytest.fixture
def delivery(settings: Any, _module_mailbox: Mailbox, _worker: Any) -> Iterator[Delivery_]:
    _module_mailbox.clear()
    send_mail_to(settings, _module_mailbox)  # in-process sending on the embedded default
    yield Delivery_(_module_mailbox, _worker)
    if _worker is not None:
        assert _worker.poll() is None, "the worker died"


def _client_for(world: World, role: str) -> Client:
    return world.client(role)


def _path(url: str) -> str:
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == django_settings.SITE_URL, url
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _speaks(person: Person, language: str) -> None:
    person.ui_language = language
    person.save(update_fields=["ui_language"])


def test_interest_mail_reaches_each_contact_in_their_language_with_working_links(
    world: World, offer: Any, delivery: Delivery_
):
    admin = world.users["admin_a"]
    owner = world.users["owner_a"]
    _speaks(admin.person, "ru")
    _speaks(owner.person, "zh-hans")

    services.express_interest(
        offer, by=world.users["member_b"], kind="supply", message="We make LoRa sensors in Almaty."
    )

    data = {
        "sender": world.users["member_b"].person.full_name,
        "organisation": world.org_b.name,
        "offer": offer.title,
        "interest": "supply",
    }
    for user, language in [(admin, "ru"), (owner, "zh-hans")]:
        message = delivery.mailbox.wait_for(user.email, WAIT)
        body = text_of(message)
        with translation.override(language):
            summary = get_kind("interest.received").describe(data)
        with translation.override("en"):
            english = get_kind("interest.received").describe(data)
        assert summary != english
        assert summary in body
        assert f'<html lang="{language}">' in html_of(message)
        assert message["Subject"].strip().startswith("[Consortia]")  # long headers fold
        assert offer.title in message["Subject"]
        links = URL.findall(body)
        assert len(links) == 3  # the conversation, one-click unsubscribe, all settings
        assert sorted(links) == sorted(
            dict.fromkeys(re.findall(r'href="([^"]+)"', html_of(message)))
        )
        client = _client_for(world, "admin_a" if user == admin else "owner_a")
        conversation, unsubscribe, preferences = links
        assert client.get(_path(conversation)).status_code == 200
        assert client.get(_path(preferences)).status_code == 200
        assert message["List-Unsubscribe"].strip() == f"<{unsubscribe}>"
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        # One click from the mail client: a POST without session or CSRF token.
        assert Client(enforce_csrf_checks=True).post(_path(unsubscribe)).status_code == 200
        assert NotificationPreference.objects.get(person=user.person).delivery == Delivery.NEVER
    assert delivery.mailbox.received_by(world.users["member_b"].email) == []


def test_a_task_run_twice_sends_once(world: World, delivery: Delivery_):
    recipient = world.users["member_a"].person
    notification = services.notify(
        recipient, "contact.accepted", None, {"person": "Aigerim Sadykova"}
    )
    assert notification is not None
    delivery.mailbox.wait_for(recipient.user.email, WAIT)

    send_notification_email.delay(notification.pk)
    send_notification_email.delay(notification.pk)

    assert services.deliver_notification(notification.pk) is False
    _settle(delivery)
    received = delivery.mailbox.received_by(recipient.user.email)
    assert len(received) == 1
    assert "Aigerim Sadykova" in received[0]["Subject"]
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_a_days_notifications_arrive_as_one_digest(
    settings: Any, world: World, delivery: Delivery_
):
    recipient = world.users["member_a"].person
    _speaks(recipient, "ru")
    for kind in ["message.received", "contact.requested"]:
        NotificationPreference.objects.create(person=recipient, kind=kind, delivery=Delivery.DAILY)
    for sender in ["Aigerim", "Wang Fang", "Jonas"]:
        services.notify(
            recipient,
            "contact.requested",
            None,
            {"sender": sender, "excerpt": f"Hello from {sender}"},
        )
    services.notify(
        recipient,
        "message.received",
        world.org_b,
        {"sender": "Jonas", "subject": "Pilot", "excerpt": "See you in Kazan"},
    )
    now = clock.now()
    # The person's morning is now, in their time zone (Moscow, UTC+3).
    settings.CONSORTIA_DIGEST_HOUR = (now.hour + 3) % 24
    assert delivery.mailbox.received_by(recipient.user.email) == []

    planned = services.plan_digests(now=now + timedelta(seconds=1))
    again = services.plan_digests(now=now + timedelta(minutes=15))

    assert len(planned) == 1 and again == []
    message = delivery.mailbox.wait_for(recipient.user.email, WAIT)
    body = text_of(message)
    with translation.override("ru"):
        assert str(get_kind("contact.requested").label) in body
        for sender in ["Aigerim", "Wang Fang", "Jonas"]:
            assert (
                get_kind("contact.requested").describe(
                    {"sender": sender, "excerpt": f"Hello from {sender}"}
                )
                in body
            )
        assert "4" in message["Subject"]
    send_digest.delay(planned[0])
    _settle(delivery)
    assert len(delivery.mailbox.received_by(recipient.user.email)) == 1
    digest = Digest.objects.get(pk=planned[0])
    assert digest.sent_at is not None
    assert set(digest.notifications.values_list("emailed_at", flat=True)) == {digest.sent_at}
    for link in URL.findall(body):
        assert _client_for(world, "member_a").get(_path(link)).status_code == 200, link


def test_weekly_digest_waits_for_monday_morning(settings: Any, world: World):
    recipient = world.users["member_a"].person
    NotificationPreference.objects.create(
        person=recipient, kind="contact.requested", delivery=Delivery.WEEKLY
    )
    services.notify(recipient, "contact.requested", None, {"sender": "Aigerim", "excerpt": "Hi"})
    settings.CONSORTIA_DIGEST_HOUR = 7
    # In UTC; the person lives in Moscow (UTC+3).
    sunday = datetime(2027, 1, 3, 8, 0, tzinfo=UTC)  # 11:00 on Sunday in Moscow
    monday_early = datetime(2027, 1, 4, 3, 30, tzinfo=UTC)  # 06:30 on Monday in Moscow
    monday = datetime(2027, 1, 4, 4, 30, tzinfo=UTC)  # 07:30 on Monday in Moscow

    assert services.plan_digests(now=sunday) == []
    assert services.plan_digests(now=monday_early) == []
    assert len(services.plan_digests(now=monday)) == 1
    assert Notification.objects.get(recipient=recipient).digest.period_start.isoformat() == (
        "2027-01-04"
    )


def _settle(delivery: Delivery_) -> None:
    """Give queued tasks time to run (on the scale-out pass they travel through Redis)."""
    if delivery.worker is None:
        return
    import time

    time.sleep(3)
