"""Conversations, expressions of interest, contact requests, reports and notifications."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from consortia.core import clock
from consortia.core.models import TimeStampedModel
from consortia.directory.models import Offer, Organisation, Person


class Conversation(TimeStampedModel):
    """A thread between two or more people, optionally about something (an offer, an organisation…)."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    started_by = models.ForeignKey(
        Person,
        verbose_name=_("started by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    context_type = models.ForeignKey(
        ContentType,
        verbose_name=_("context type"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    context_id = models.PositiveBigIntegerField(_("context id"), null=True, blank=True)
    context = GenericForeignKey("context_type", "context_id")
    last_message_at = models.DateTimeField(_("last message at"), default=clock.now)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-last_message_at", "-id"]
        indexes = [
            models.Index(fields=["started_by", "created_at"], name="conversation_starter"),
            models.Index(fields=["context_type", "context_id"], name="conversation_context"),
        ]

    def __str__(self) -> str:
        return self.subject or str(self.public_id)

    def get_absolute_url(self) -> str:
        return reverse("messaging:conversation", args=[self.public_id])


class Participant(models.Model):
    """A person in a conversation, with what they have read and whether they archived it."""

    conversation = models.ForeignKey(
        Conversation,
        verbose_name=_("conversation"),
        on_delete=models.CASCADE,
        related_name="participants",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="conversation_memberships",
    )
    joined_at = models.DateTimeField(_("joined at"), default=clock.now)
    last_read_at = models.DateTimeField(_("last read at"), null=True, blank=True)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "person"], name="one_participation_per_person"
            )
        ]
        indexes = [models.Index(fields=["person", "archived_at"], name="participant_inbox")]

    def __str__(self) -> str:
        return f"{self.person} in {self.conversation}"


class Message(models.Model):
    """One message. Never edited; kept when its sender leaves the platform (sender set to null)."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Message")
        INTEREST = "interest", _("Expression of interest")
        CONTACT = "contact", _("Contact request")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    conversation = models.ForeignKey(
        Conversation,
        verbose_name=_("conversation"),
        on_delete=models.CASCADE,
        related_name="messages",
    )
    sender = models.ForeignKey(
        Person,
        verbose_name=_("sender"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="sent_messages",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.TEXT)
    body = models.TextField(_("text"), blank=True)
    created_at = models.DateTimeField(_("sent at"), default=clock.now)
    search_document = models.TextField(_("search document"), blank=True, editable=False)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["conversation", "created_at"], name="message_thread")]

    def __str__(self) -> str:
        return self.body[:60]


def attachment_path(instance: "Attachment", filename: str) -> str:
    """Stored under a generated name: the uploader's file name never reaches the file system."""
    return f"attachments/{instance.public_id.hex[:2]}/{instance.public_id.hex}"


class Attachment(models.Model):
    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    message = models.ForeignKey(
        Message,
        verbose_name=_("message"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name


class InterestKind(models.TextChoices):
    SUPPLY = "supply", _("We can supply this")
    NEED = "need", _("We need this")
    MEET = "meet", _("Let's meet")


class Interest(TimeStampedModel):
    """An expression of interest in an offer or need; it opens a conversation with its owners."""

    offer = models.ForeignKey(
        Offer, verbose_name=_("offer or need"), on_delete=models.CASCADE, related_name="interests"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="interests"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("on behalf of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=InterestKind.choices)
    conversation = models.ForeignKey(
        Conversation, verbose_name=_("conversation"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("expression of interest")
        verbose_name_plural = _("expressions of interest")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "person"], name="one_interest_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.offer}"


class ContactRequest(TimeStampedModel):
    """A request to talk from someone who shares no organisation or context with the recipient."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        BLOCKED = "blocked", _("Blocked")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    sender = models.ForeignKey(
        Person,
        verbose_name=_("sender"),
        on_delete=models.CASCADE,
        related_name="sent_contact_requests",
    )
    recipient = models.ForeignKey(
        Person,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="received_contact_requests",
    )
    message = models.TextField(_("message"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decided_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    conversation = models.ForeignKey(
        Conversation,
        verbose_name=_("conversation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("contact request")
        verbose_name_plural = _("contact requests")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["sender", "recipient"],
                condition=Q(status="pending"),
                name="one_pending_contact_request",
            ),
            models.CheckConstraint(
                condition=~Q(sender=models.F("recipient")), name="contact_request_not_to_self"
            ),
        ]
        indexes = [models.Index(fields=["sender", "created_at"], name="contact_request_sender")]

    def __str__(self) -> str:
        return f"{self.sender} → {self.recipient} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("messaging:contacts")


class Block(models.Model):
    """The blocker receives nothing more from the blocked person: no requests, no messages."""

    blocker = models.ForeignKey(
        Person, verbose_name=_("blocked by"), on_delete=models.CASCADE, related_name="blocks"
    )
    blocked = models.ForeignKey(
        Person, verbose_name=_("blocked person"), on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("blocked at"), default=clock.now)

    class Meta:
        verbose_name = _("block")
        verbose_name_plural = _("blocks")
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="one_block_per_pair")
        ]

    def __str__(self) -> str:
        return f"{self.blocker} blocked {self.blocked}"


class AbuseReport(TimeStampedModel):
    """A report to the operator about a person, with a copy of the message that prompted it."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DISMISSED = "dismissed", _("Dismissed")
        SUSPENDED = "suspended", _("Account suspended")

    reporter = models.ForeignKey(
        Person, verbose_name=_("reported by"), on_delete=models.CASCADE, related_name="+"
    )
    reported = models.ForeignKey(
        Person,
        verbose_name=_("reported person"),
        on_delete=models.CASCADE,
        related_name="abuse_reports",
    )
    message = models.ForeignKey(
        Message,
        verbose_name=_("message"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    excerpt = models.TextField(_("reported text"), blank=True)
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("abuse report")
        verbose_name_plural = _("abuse reports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.reporter} reported {self.reported}"

    def get_absolute_url(self) -> str:
        return reverse("messaging:reports")


class Delivery(models.TextChoices):
    """How a person wants to hear about one kind of notification by e-mail."""

    IMMEDIATE = "immediate", _("Immediately")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")
    NEVER = "never", _("No e-mail")


class Digest(models.Model):
    """One digest e-mail: a person's notifications of a day or a week. One per period, ever."""

    recipient = models.ForeignKey(
        Person, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="digests"
    )
    frequency = models.CharField(_("frequency"), max_length=10, choices=Delivery.choices)
    period_start = models.DateField(_("period start"))
    created_at = models.DateTimeField(_("created at"), default=clock.now)
    claimed_at = models.DateTimeField(_("sending since"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("digest")
        verbose_name_plural = _("digests")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "frequency", "period_start"], name="one_digest_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.frequency} digest for {self.recipient} from {self.period_start}"


class Notification(models.Model):
    """Something a person should know about, made by :func:`messaging.services.notify`."""

    recipient = models.ForeignKey(
        Person, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=60)
    target_type = models.ForeignKey(
        ContentType,
        verbose_name=_("target type"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    target_id = models.PositiveBigIntegerField(_("target id"), null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    url = models.CharField(_("link"), max_length=300, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), default=clock.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    delivery = models.CharField(_("e-mail"), max_length=10, choices=Delivery.choices)
    email_claimed_at = models.DateTimeField(_("e-mail sending since"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    digest = models.ForeignKey(
        Digest,
        verbose_name=_("digest"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
    )

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["recipient", "created_at"], name="notification_list"),
            models.Index(
                fields=["delivery", "digest"],
                condition=Q(digest__isnull=True) & Q(delivery__in=["daily", "weekly"]),
                name="notification_digest_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient}"


class NotificationPreference(models.Model):
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(_("kind"), max_length=60)
    delivery = models.CharField(_("e-mail"), max_length=10, choices=Delivery.choices)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["person", "kind"], name="one_preference_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.kind} {self.delivery}"
