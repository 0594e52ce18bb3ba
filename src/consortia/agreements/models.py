"""Agreements between organisations and states, their parties, commitments and progress reports."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from consortia.core import clock
from consortia.core.models import TimeStampedModel
from consortia.core.multilingual import CONTENT_LANGUAGES
from consortia.core.uploads import stored_path
from consortia.directory.models import Country, Organisation, Topic


class AgreementKind(models.TextChoices):
    MEMORANDUM = "memorandum", _("Memorandum")
    DECLARATION = "declaration", _("Declaration")
    PROGRAMME = "programme", _("Cooperation programme")
    CONTRACT = "contract", _("Agreement or contract")
    STRATEGY = "strategy", _("Strategy")
    ROADMAP = "roadmap", _("Roadmap")


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Signed")
    IN_FORCE = "in_force", _("In force")
    COMPLETED = "completed", _("Completed")
    EXPIRED = "expired", _("Expired")
    TERMINATED = "terminated", _("Terminated")


LIGHTS = [("green", _("Green")), ("amber", _("Amber")), ("red", _("Red"))]


class DatePrecision(models.TextChoices):
    """How much of a signing date the sources give: a news item may name only a month or a year."""

    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    PARTIES = "parties", _("Parties only")


class Agreement(TimeStampedModel):
    """What was agreed, by whom, when and where, and what became of it."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=AgreementKind.choices)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    language = models.CharField(
        _("language of the title and summary"), max_length=8, choices=CONTENT_LANGUAGES
    )
    status = models.CharField(
        _("status"), max_length=12, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_on_precision = models.CharField(
        _("precision of the signing date"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_("Month or year: the date is stored as the first day of that month or year."),
    )
    signed_place = models.CharField(_("place of signing"), max_length=200, blank=True)
    signed_country = models.ForeignKey(
        Country,
        verbose_name=_("country of signing"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_at_event = models.CharField(_("signed at (event)"), max_length=300, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    value_amount = models.DecimalField(
        _("stated value"), max_digits=20, decimal_places=2, null=True, blank=True
    )
    value_currency = models.CharField(_("currency"), max_length=3, blank=True)
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    topics = models.ManyToManyField(
        Topic, verbose_name=_("areas"), blank=True, related_name="agreements"
    )
    countries = models.ManyToManyField(
        Country,
        verbose_name=_("countries"),
        blank=True,
        related_name="agreements",
        help_text=_("Derived from the parties: the states, and the countries of organisations."),
    )
    light = models.CharField(
        _("traffic light"), max_length=5, choices=LIGHTS, blank=True, db_index=True
    )
    termination_reason = models.TextField(_("reason for termination"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    search_document = models.TextField(_("search document"), blank=True, editable=False)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-signed_on", "-id"]
        indexes = [
            models.Index(fields=["status", "signed_on"], name="agreement_status_signed"),
            models.Index(fields=["visibility", "signed_on"], name="agreement_visibility"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(value_amount__isnull=True, value_currency="")
                | Q(value_amount__isnull=False) & ~Q(value_currency=""),
                name="agreement_value_has_currency",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="agreement_validity_in_order",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(signed_on__isnull=False),
                name="agreement_signed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("agreements:agreement", args=[self.public_id])


class PartyRole(models.TextChoices):
    SIGNATORY = "signatory", _("Signatory")
    COORDINATOR = "coordinator", _("Coordinator")
    WITNESS = "witness", _("Witness")


class Party(models.Model):
    """An organisation, or a state (its government), taking part in an agreement."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="parties"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agreement_parties",
    )
    state = models.ForeignKey(
        Country,
        verbose_name=_("state"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agreement_parties",
    )
    role = models.CharField(
        _("role"), max_length=12, choices=PartyRole.choices, default=PartyRole.SIGNATORY
    )

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False, state__isnull=True)
                | Q(organisation__isnull=True, state__isnull=False),
                name="party_is_organisation_or_state",
            ),
            models.UniqueConstraint(
                fields=["agreement", "organisation"],
                condition=Q(organisation__isnull=False),
                name="one_party_per_organisation",
            ),
            models.UniqueConstraint(
                fields=["agreement", "state"],
                condition=Q(state__isnull=False),
                name="one_party_per_state",
            ),
        ]

    def __str__(self) -> str:
        return str(self.organisation or self.state)

    @property
    def country_id_of(self) -> str:
        """The party's country: the state itself, or the organisation's country."""
        if self.state_id:
            return str(self.state_id)
        assert self.organisation is not None
        return str(self.organisation.country_id)


class CommitmentStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class Commitment(TimeStampedModel):
    """One thing an agreement promises, the party that answers for it, and when."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.CASCADE,
        related_name="commitments",
    )
    text = models.TextField(_("what is promised"))
    responsible = models.ForeignKey(
        Party,
        verbose_name=_("responsible party"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commitments",
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=CommitmentStatus.choices,
        default=CommitmentStatus.PLANNED,
    )
    last_report_on = models.DateField(_("last reported on"), null=True, blank=True)
    light = models.CharField(_("traffic light"), max_length=5, choices=LIGHTS, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class ProgressReport(models.Model):
    """A dated account of what was done for a commitment, with evidence."""

    commitment = models.ForeignKey(
        Commitment,
        verbose_name=_("commitment"),
        on_delete=models.CASCADE,
        related_name="reports",
    )
    reported_on = models.DateField(_("as of"))
    text = models.TextField(_("what was done"))
    evidence_url = models.URLField(_("evidence"), max_length=500, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author of the report"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=clock.now)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-reported_on", "-id"]

    def __str__(self) -> str:
        return f"{self.commitment} — {self.reported_on}"


class Reminder(models.Model):
    """A reminder sent about a commitment; unique, so a reminder goes out once however often the
    periodic work runs."""

    class Kind(models.TextChoices):
        DUE = "due", _("Due date approaching")
        REPORT = "report", _("Progress report due")

    commitment = models.ForeignKey(
        Commitment, verbose_name=_("commitment"), on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    about = models.DateField(_("about the date"))
    sent_at = models.DateTimeField(_("sent at"), default=clock.now)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(fields=["commitment", "kind", "about"], name="one_reminder")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.about} {self.commitment}"


class AgreementDocument(models.Model):
    """The agreement's text, an annex or a scan: checked by its content when uploaded, served only
    to those who see the agreement (``selectors.documents_visible_to``)."""

    UPLOAD_DIR = "agreements"

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    title = models.CharField(
        _("title"), max_length=300, blank=True, help_text=_("The file name when left blank.")
    )
    file = models.FileField(_("file"), upload_to=stored_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=clock.now)

    class Meta:
        verbose_name = _("agreement document")
        verbose_name_plural = _("agreement documents")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.title or self.original_name

    def get_absolute_url(self) -> str:
        return reverse("agreements:document", args=[self.public_id])
