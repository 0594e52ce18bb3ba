"""A real SMTP server on localhost (aiosmtpd) that records what it receives."""

import email
import email.policy
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller


@dataclass
class Mailbox:
    """What the local SMTP server received, as parsed messages with their envelope recipients."""

    port: int = 0
    messages: list[tuple[list[str], EmailMessage]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def received_by(self, recipient: str) -> list[EmailMessage]:
        with self.lock:
            return [message for recipients, message in self.messages if recipient in recipients]

    def wait_for(self, recipient: str, timeout: float = 10.0, *, count: int = 1) -> EmailMessage:
        """The first message for ``recipient`` once ``count`` have arrived."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            received = self.received_by(recipient)
            if len(received) >= count:
                return received[0]
            time.sleep(0.05)
        raise AssertionError(f"no mail for {recipient} within {timeout}s: {self.messages!r}")

    def clear(self) -> None:
        with self.lock:
            self.messages.clear()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def smtp_server(port: int = 0) -> Iterator[Mailbox]:
    """A server on ``port`` (a free one if 0) for the duration of the ``with`` block."""
    box = Mailbox(port=port or free_port())
    controller = Controller(box, hostname="127.0.0.1", port=box.port)
    controller.start()
    try:
        yield box
    finally:
        controller.stop()


def send_mail_to(settings: Any, box: Mailbox) -> None:
    """Point Django's mail at the local server (in this process)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = box.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 10


def text_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None, "the e-mail has no plain-text part"
    return str(part.get_content())


def html_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("html",))
    assert part is not None, "the e-mail has no HTML part"
    return str(part.get_content())
