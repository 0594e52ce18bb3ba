"""Joint projects: who carries them out, with what money, towards which milestones, what came
of them, and which agreements and commitments they put into practice."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from consortia.agreements.models import Agreement, Commitment
from consortia.core import clock
from consortia.core.models import TimeStampedModel
from consortia.core.multilingual import CONTENT_LANGUAGES
from consortia.core.uploads import stored_path
from consortia.directory.models import Country, Organisation, Topic


class ProjectStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    PARTNERS = "partners", _("Partners only")


def _money_pair(prefix: str) -> Q:
    """Amount and currency both given or both empty."""
    return Q(**{f"{prefix}_amount__isnull": True, f"{prefix}_currency": ""}) | Q(
        **{f"{prefix}_amount__isnull": False}
    ) & ~Q(**{f"{prefix}_currency": ""})


class Project(TimeStampedModel):
    """A joint project between organisations and/or states."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    language = models.CharField(
        _("language of the title and summary"), max_length=8, choices=CONTENT_LANGUAGES
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ProjectStatus.choices, default=ProjectStatus.PROPOSED
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    topics = models.ManyToManyField(
        Topic, verbose_name=_("areas"), blank=True, related_name="projects"
    )
    countries = models.ManyToManyField(
        Country,
        verbose_name=_("countries"),
        blank=True,
        related_name="projects",
        help_text=_("Derived from the partners: the states, and the countries of organisations."),
    )
    agreements = models.ManyToManyField(
        Agreement, verbose_name=_("agreements carried out"), blank=True, related_name="projects"
    )
    commitments = models.ManyToManyField(
        Commitment, verbose_name=_("commitments carried out"), blank=True, related_name="projects"
    )
    # The outcome, recorded when the project completes (or reported on the way).
    result = models.TextField(_("result"), blank=True)
    contracts_signed = models.PositiveIntegerField(_("contracts signed"), null=True, blank=True)
    contracts_amount = models.DecimalField(
        _("value of the contracts"), max_digits=20, decimal_places=2, null=True, blank=True
    )
    contracts_currency = models.CharField(_("currency of the contracts"), max_length=3, blank=True)
    investment_amount = models.DecimalField(
        _("follow-on investment"), max_digits=20, decimal_places=2, null=True, blank=True
    )
    investment_currency = models.CharField(
        _("currency of the investment"), max_length=3, blank=True
    )
    cancellation_reason = models.TextField(_("reason for cancellation"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    search_document = models.TextField(_("search document"), blank=True, editable=False)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-starts_on", "-id"]
        indexes = [
            models.Index(fields=["visibility", "status"], name="project_visibility_status"),
            models.Index(fields=["starts_on"], name="project_starts_on"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="project_dates_in_order",
            ),
            models.CheckConstraint(
                condition=_money_pair("contracts"), name="project_contracts_have_currency"
            ),
            models.CheckConstraint(
                condition=_money_pair("investment"), name="project_investment_has_currency"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:project", args=[self.public_id])


class PartnerRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    PARTNER = "partner", _("Partner")
    FUNDER = "funder", _("Funder")
    PILOT_SITE = "pilot_site", _("Pilot site")


class Partner(models.Model):
    """An organisation, or a state (its government), taking part in a project."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="partners"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="project_partners",
    )
    state = models.ForeignKey(
        Country,
        verbose_name=_("state"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="project_partners",
    )
    role = models.CharField(
        _("role"), max_length=10, choices=PartnerRole.choices, default=PartnerRole.PARTNER
    )

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False, state__isnull=True)
                | Q(organisation__isnull=True, state__isnull=False),
                name="partner_is_organisation_or_state",
            ),
            models.UniqueConstraint(
                fields=["project", "organisation"],
                condition=Q(organisation__isnull=False),
                name="one_partner_per_organisation",
            ),
            models.UniqueConstraint(
                fields=["project", "state"],
                condition=Q(state__isnull=False),
                name="one_partner_per_state",
            ),
        ]

    def __str__(self) -> str:
        return str(self.organisation or self.state)

    @property
    def country_id_of(self) -> str:
        """The partner's country: the state itself, or the organisation's country."""
        if self.state_id:
            return str(self.state_id)
        assert self.organisation is not None
        return str(self.organisation.country_id)


class BudgetLine(models.Model):
    """Money for the project in one currency. Lines are totalled per currency only; a total in
    another currency needs a dated rate the operator entered (``core.ExchangeRate``)."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="budget_lines"
    )
    label = models.CharField(_("what for"), max_length=300)
    amount = models.DecimalField(_("amount"), max_digits=20, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    funder = models.ForeignKey(
        Partner,
        verbose_name=_("from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="budget_lines",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="budget_line_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.amount} {self.currency}"


class Milestone(models.Model):
    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("title"), max_length=300)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = [models.F("due_on").asc(nulls_last=True), "position", "id"]

    def __str__(self) -> str:
        return self.title


class Update(models.Model):
    """A post about the project's progress, by a member of a partner organisation."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="updates"
    )
    text = models.TextField(_("text"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("on behalf of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    posted_at = models.DateTimeField(_("posted at"), default=clock.now)

    class Meta:
        verbose_name = _("project update")
        verbose_name_plural = _("project updates")
        ordering = ["-posted_at", "-id"]

    def __str__(self) -> str:
        return self.text[:80]


class UpdateAttachment(models.Model):
    UPLOAD_DIR = "projects"

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    update = models.ForeignKey(
        Update, verbose_name=_("update"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=stored_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name


class ExchangeRate(models.Model):
    """One unit of ``currency`` is worth ``rate`` units of ``into`` on ``on``, as the operator
    entered it. The only way amounts in different currencies are ever added up."""

    currency = models.CharField(_("currency"), max_length=3)
    into = models.CharField(_("into currency"), max_length=3)
    rate = models.DecimalField(_("rate"), max_digits=20, decimal_places=8)
    on = models.DateField(_("on"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("entered at"), default=clock.now)

    class Meta:
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        ordering = ["-on", "currency", "into"]
        constraints = [
            models.UniqueConstraint(fields=["currency", "into", "on"], name="one_rate_per_day"),
            models.CheckConstraint(condition=Q(rate__gt=0), name="rate_positive"),
            models.CheckConstraint(
                condition=~Q(currency=models.F("into")), name="rate_two_currencies"
            ),
        ]

    def __str__(self) -> str:
        return f"1 {self.currency} = {self.rate} {self.into} ({self.on})"
