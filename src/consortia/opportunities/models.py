"""Everything one applies to — pilot requests, challenges, programmes, soft landing, grants and
fund calls — with who may apply, the form, the review and the engagement that follows."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from consortia.core import clock
from consortia.core.models import TimeStampedModel
from consortia.core.multilingual import CONTENT_LANGUAGES
from consortia.core.uploads import stored_path
from consortia.directory.models import Country, Organisation, Topic


class OpportunityKind(models.TextChoices):
    PILOT_REQUEST = "pilot_request", _("Pilot request")
    CHALLENGE = "challenge", _("Open-innovation challenge")
    PROGRAMME = "programme", _("Acceleration or incubation programme")
    SOFT_LANDING = "soft_landing", _("Soft-landing offer")
    GRANT = "grant", _("Grant or support measure")
    INVESTMENT_CALL = "investment_call", _("Investment call of a fund")


class OpportunityStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")


def _money_pair(prefix: str) -> Q:
    """Amount and currency both given or both empty."""
    return Q(**{f"{prefix}_amount__isnull": True, f"{prefix}_currency": ""}) | Q(
        **{f"{prefix}_amount__isnull": False}
    ) & ~Q(**{f"{prefix}_currency": ""})


class PilotSite(TimeStampedModel):
    """A place where solutions can be tested: a corporation's site, a city, a park."""

    class Kind(models.TextChoices):
        CORPORATE = "corporate", _("Corporate site")
        CITY = "city", _("City")
        PARK = "park", _("Technopark or cluster")
        LAB = "lab", _("Laboratory or test bed")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        Organisation, verbose_name=_("offered by"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(_("language"), max_length=8, choices=CONTENT_LANGUAGES)
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="+"
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    topics = models.ManyToManyField(Topic, verbose_name=_("areas"), blank=True, related_name="+")

    class Meta:
        verbose_name = _("pilot site")
        verbose_name_plural = _("pilot sites")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class Opportunity(TimeStampedModel):
    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        Organisation,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="opportunities",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=OpportunityKind.choices)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"))
    language = models.CharField(
        _("language of the title and description"), max_length=8, choices=CONTENT_LANGUAGES
    )
    topics = models.ManyToManyField(
        Topic, verbose_name=_("areas"), blank=True, related_name="opportunities"
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=OpportunityStatus.choices,
        default=OpportunityStatus.DRAFT,
    )
    # The application window, stored in UTC; entered and shown in ``time_zone``.
    opens_at = models.DateTimeField(_("applications open"), null=True, blank=True)
    closes_at = models.DateTimeField(_("applications close"), null=True, blank=True)
    time_zone = models.CharField(_("time zone of the window"), max_length=64, default="UTC")
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("How many applicants can be accepted.")
    )
    nda_text = models.TextField(
        _("non-disclosure terms"),
        blank=True,
        help_text=_("If given, applicants accept it before they apply."),
    )
    # Benefits, as far as they apply to the kind.
    grant_amount = models.DecimalField(
        _("grant amount"), max_digits=20, decimal_places=2, null=True, blank=True
    )
    grant_currency = models.CharField(_("grant currency"), max_length=3, blank=True)
    ticket_min_amount = models.DecimalField(
        _("smallest investment ticket"), max_digits=20, decimal_places=2, null=True, blank=True
    )
    ticket_min_currency = models.CharField(_("currency"), max_length=3, blank=True)
    ticket_max_amount = models.DecimalField(
        _("largest investment ticket"), max_digits=20, decimal_places=2, null=True, blank=True
    )
    ticket_max_currency = models.CharField(_("currency"), max_length=3, blank=True)
    desks = models.PositiveIntegerField(_("desks (24/7 access)"), null=True, blank=True)
    housing_places = models.PositiveIntegerField(_("housing places"), null=True, blank=True)
    stay_days = models.PositiveIntegerField(_("length of stay in days"), null=True, blank=True)
    pilot_site = models.ForeignKey(
        PilotSite,
        verbose_name=_("pilot site"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opportunities",
    )
    # Who may apply. Empty sets mean "any".
    eligible_countries = models.ManyToManyField(
        Country, verbose_name=_("eligible countries"), blank=True, related_name="+"
    )
    eligible_kinds = models.JSONField(_("eligible kinds of organisation"), default=list, blank=True)
    eligible_stages = models.JSONField(_("eligible startup stages"), default=list, blank=True)
    eligible_topics = models.ManyToManyField(
        Topic, verbose_name=_("eligible areas"), blank=True, related_name="+"
    )
    founded_from_year = models.PositiveSmallIntegerField(
        _("founded in or after"), null=True, blank=True
    )
    founded_until_year = models.PositiveSmallIntegerField(
        _("founded in or before"), null=True, blank=True
    )
    verified_only = models.BooleanField(_("verified members only"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    search_document = models.TextField(_("search document"), blank=True, editable=False)

    class Meta:
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        ordering = [F("closes_at").asc(nulls_last=True), "-id"]
        indexes = [models.Index(fields=["status", "closes_at"], name="opportunity_status_closes")]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True)
                | Q(closes_at__isnull=True)
                | Q(closes_at__gt=F("opens_at")),
                name="opportunity_window_in_order",
            ),
            models.CheckConstraint(
                condition=Q(founded_from_year__isnull=True)
                | Q(founded_until_year__isnull=True)
                | Q(founded_until_year__gte=F("founded_from_year")),
                name="opportunity_founded_in_order",
            ),
            models.CheckConstraint(condition=_money_pair("grant"), name="opportunity_grant_money"),
            models.CheckConstraint(
                condition=_money_pair("ticket_min"), name="opportunity_ticket_min_money"
            ),
            models.CheckConstraint(
                condition=_money_pair("ticket_max"), name="opportunity_ticket_max_money"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("opportunities:opportunity", args=[self.public_id])


class FieldKind(models.TextChoices):
    TEXT = "text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    CHOICE = "choice", _("Choice")
    NUMBER = "number", _("Number")
    MONEY = "money", _("Amount of money")
    FILE = "file", _("File")


class FormField(models.Model):
    """One question of the application form the owner configured."""

    opportunity = models.ForeignKey(
        Opportunity, verbose_name=_("opportunity"), on_delete=models.CASCADE, related_name="fields"
    )
    label = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("help text"), max_length=500, blank=True)
    kind = models.CharField(_("kind of answer"), max_length=10, choices=FieldKind.choices)
    required = models.BooleanField(_("required"), default=True)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("form field")
        verbose_name_plural = _("form fields")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.label


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Application(TimeStampedModel):
    """An organisation's application. Seen only by the applicant's members and the owner's
    reviewers and admins."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    opportunity = models.ForeignKey(
        Opportunity,
        verbose_name=_("opportunity"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    applicant = models.ForeignKey(
        Organisation,
        verbose_name=_("applicant"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
    )
    nda_accepted_at = models.DateTimeField(_("non-disclosure terms accepted"), null=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason given to the applicant"), blank=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "applicant"], name="one_application_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.applicant} → {self.opportunity}"

    def get_absolute_url(self) -> str:
        return reverse("opportunities:application", args=[self.public_id])


class Answer(models.Model):
    UPLOAD_DIR = "applications"

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="answers"
    )
    field = models.ForeignKey(
        FormField, verbose_name=_("question"), on_delete=models.CASCADE, related_name="answers"
    )
    text = models.TextField(_("text"), blank=True)
    number = models.DecimalField(_("number"), max_digits=20, decimal_places=2, null=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    file = models.FileField(_("file"), upload_to=stored_path, max_length=200, blank=True)
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), null=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["application", "field"], name="one_answer_per_field")
        ]

    def __str__(self) -> str:
        return f"{self.field}: {self.text or self.number or self.original_name}"


class Criterion(models.Model):
    """One line of the weighted rubric: scored from 0 to ``scale``."""

    opportunity = models.ForeignKey(
        Opportunity,
        verbose_name=_("opportunity"),
        on_delete=models.CASCADE,
        related_name="criteria",
    )
    name = models.CharField(_("criterion"), max_length=200)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2)
    scale = models.PositiveSmallIntegerField(_("highest score"), default=5)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(weight__gt=0), name="criterion_weight_positive"),
            models.CheckConstraint(condition=Q(scale__gte=1), name="criterion_scale_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class Reviewer(models.Model):
    opportunity = models.ForeignKey(
        Opportunity,
        verbose_name=_("opportunity"),
        on_delete=models.CASCADE,
        related_name="reviewers",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    assigned_at = models.DateTimeField(_("assigned at"), default=clock.now)

    class Meta:
        verbose_name = _("reviewer")
        verbose_name_plural = _("reviewers")
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "user"], name="one_reviewer_entry")
        ]

    def __str__(self) -> str:
        return str(self.user)


class Score(models.Model):
    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="scores"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.CASCADE, related_name="scores"
    )
    value = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), blank=True)
    scored_at = models.DateTimeField(_("scored at"), default=clock.now)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer", "criterion"], name="one_score_per_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"


class EngagementKind(models.TextChoices):
    PILOT = "pilot", _("Pilot")
    RESIDENCY = "residency", _("Residency")
    GRANT = "grant", _("Grant")
    INVESTMENT = "investment", _("Investment")


class Engagement(TimeStampedModel):
    """What follows an accepted application, and what came of it."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    application = models.OneToOneField(
        Application,
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        related_name="engagement",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=EngagementKind.choices)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    site = models.ForeignKey(
        PilotSite,
        verbose_name=_("pilot site"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="engagements",
    )
    plan = models.TextField(_("plan"), blank=True)
    kpis = models.TextField(_("key performance indicators"), blank=True)
    result = models.TextField(_("result"), blank=True)
    contract_amount = models.DecimalField(
        _("value of the contract signed"), max_digits=20, decimal_places=2, null=True, blank=True
    )
    contract_currency = models.CharField(_("currency"), max_length=3, blank=True)
    grant_amount = models.DecimalField(
        _("grant amount"), max_digits=20, decimal_places=2, null=True, blank=True
    )
    grant_currency = models.CharField(_("currency"), max_length=3, blank=True)
    report = models.TextField(_("report"), blank=True)
    investment_amount = models.DecimalField(
        _("investment"), max_digits=20, decimal_places=2, null=True, blank=True
    )
    investment_currency = models.CharField(_("currency"), max_length=3, blank=True)
    instrument = models.CharField(_("instrument"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="engagement_dates_in_order",
            ),
            models.CheckConstraint(
                condition=_money_pair("contract"), name="engagement_contract_money"
            ),
            models.CheckConstraint(condition=_money_pair("grant"), name="engagement_grant_money"),
            models.CheckConstraint(
                condition=_money_pair("investment"), name="engagement_investment_money"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.application}"


class Tranche(models.Model):
    """A part of a grant, due and then paid."""

    engagement = models.ForeignKey(
        Engagement, verbose_name=_("grant"), on_delete=models.CASCADE, related_name="tranches"
    )
    amount = models.DecimalField(_("amount"), max_digits=20, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    due_on = models.DateField(_("due on"))
    paid_on = models.DateField(_("paid on"), null=True, blank=True)

    class Meta:
        verbose_name = _("tranche")
        verbose_name_plural = _("tranches")
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="tranche_amount_positive")
        ]

    def __str__(self) -> str:
        return f"{self.amount} {self.currency} ({self.due_on})"


class Booking(models.Model):
    """Desks and housing places of a soft-landing offer held for a residency, for dates. The
    booking service never lets the sum on any day exceed the offer's desks or housing places."""

    engagement = models.OneToOneField(
        Engagement, verbose_name=_("residency"), on_delete=models.CASCADE, related_name="booking"
    )
    offer = models.ForeignKey(
        Opportunity,
        verbose_name=_("soft-landing offer"),
        on_delete=models.PROTECT,
        related_name="bookings",
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    desks = models.PositiveIntegerField(_("desks"), default=0)
    housing = models.PositiveIntegerField(_("housing places"), default=0)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        indexes = [models.Index(fields=["offer", "starts_on", "ends_on"], name="booking_dates")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="booking_dates_in_order"
            ),
            models.CheckConstraint(
                condition=Q(desks__gt=0) | Q(housing__gt=0), name="booking_holds_something"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.offer}: {self.starts_on}–{self.ends_on}"
