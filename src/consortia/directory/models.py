"""The member directory: countries, topics, organisations, people, memberships, offers and needs."""

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from consortia.core.models import TimeStampedModel
from consortia.core.multilingual import CONTENT_LANGUAGES, localized


class Country(models.Model):
    """An ISO 3166-1 country with its name in every UI language."""

    code = models.CharField(_("ISO 3166-1 alpha-2 code"), max_length=2, primary_key=True)
    alpha3 = models.CharField(_("ISO 3166-1 alpha-3 code"), max_length=3, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_ru = models.CharField(_("name (Russian)"), max_length=100)
    name_zh = models.CharField(_("name (Chinese)"), max_length=100)

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["name_en"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")


class Topic(models.Model):
    """A field of cooperation in a two-level taxonomy (area → topic)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    label_en = models.CharField(_("label (English)"), max_length=120)
    label_ru = models.CharField(_("label (Russian)"), max_length=120)
    label_zh = models.CharField(_("label (Chinese)"), max_length=120)
    synonyms = models.JSONField(_("synonyms"), default=list, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return localized(self, "label")


class OrganisationKind(models.TextChoices):
    GOVERNMENT = "government", _("Government body")
    CORPORATION = "corporation", _("Corporation")
    STARTUP = "startup", _("Startup or SME")
    INVESTOR = "investor", _("Investor or fund")
    TECHNOPARK = "technopark", _("Technopark, cluster or incubator")
    UNIVERSITY = "university", _("University or research centre")
    ASSOCIATION = "association", _("Association or NGO")


class StartupStage(models.TextChoices):
    IDEA = "idea", _("Idea")
    PROTOTYPE = "prototype", _("Prototype")
    MVP = "mvp", _("Minimum viable product")
    EARLY_REVENUE = "early_revenue", _("Early revenue")
    GROWTH = "growth", _("Growth")
    SCALE = "scale", _("Scale-up")


class VerificationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for verification")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


class Organisation(TimeStampedModel):
    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    other_names = models.CharField(
        _("other names"),
        max_length=400,
        blank=True,
        help_text=_("Names in other languages and abbreviations."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="+"
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(
        _("language of the description"), max_length=8, choices=CONTENT_LANGUAGES
    )
    topics = models.ManyToManyField(
        Topic, verbose_name=_("topics"), blank=True, related_name="organisations"
    )
    stage = models.CharField(_("stage"), max_length=20, choices=StartupStage.choices, blank=True)
    founded_year = models.PositiveSmallIntegerField(_("founded in"), null=True, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    logo = models.FileField(_("logo"), upload_to="logos/", blank=True)
    source_url = models.URLField(
        _("source"), blank=True, help_text=_("Where the public facts come from.")
    )
    verification_status = models.CharField(
        _("verification"),
        max_length=10,
        choices=VerificationStatus.choices,
        default=VerificationStatus.PENDING,
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    search_document = models.TextField(_("search document"), blank=True, editable=False)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["verification_status", "name", "id"], name="org_status_name"),
            models.Index(
                fields=["verification_status", "country", "kind", "name"],
                name="org_status_country_kind",
            ),
            models.Index(fields=["verification_status", "kind", "name"], name="org_status_kind"),
            models.Index(
                fields=["verification_status", "language", "name"], name="org_status_language"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(stage="") | Q(kind=OrganisationKind.STARTUP),
                name="org_stage_only_for_startups",
            ),
            models.CheckConstraint(
                condition=~Q(verification_status=VerificationStatus.REJECTED)
                | ~Q(rejection_reason=""),
                name="org_rejection_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:organisation", args=[self.public_id])

    @property
    def is_verified(self) -> bool:
        return self.verification_status == VerificationStatus.VERIFIED


class Person(TimeStampedModel):
    """Someone in the directory. Every person signs in with their own account."""

    class EmailVisibility(models.TextChoices):
        COLLEAGUES = "colleagues", _("Only colleagues and the operator")
        MEMBERS = "members", _("Members of verified organisations")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="person",
    )
    full_name = models.CharField(_("full name"), max_length=200)
    title = models.CharField(_("job title"), max_length=200, blank=True)
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    ui_language = models.CharField(
        _("interface language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    bio = models.TextField(_("about"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email_visibility = models.CharField(
        _("who sees my e-mail"),
        max_length=12,
        choices=EmailVisibility.choices,
        default=EmailVisibility.COLLEAGUES,
    )
    search_document = models.TextField(_("search document"), blank=True, editable=False)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name", "id"]
        indexes = [models.Index(fields=["full_name", "id"], name="person_name")]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("directory:person", args=[self.public_id])

    @property
    def public_memberships(self) -> list["Membership"]:
        """Memberships in verified organisations (prefetch ``memberships__organisation`` for lists)."""
        return [
            m
            for m in self.memberships.all()
            if m.organisation.verification_status == VerificationStatus.VERIFIED
        ]

    @property
    def language_names(self) -> list[str]:
        """The languages spoken, each named in itself (Русский, 中文, Қазақша)."""
        names = dict(CONTENT_LANGUAGES)
        return [names.get(code, code) for code in self.languages]


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    ADMIN = "admin", _("Administrator")
    MEMBER = "member", _("Member")


class Membership(TimeStampedModel):
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "organisation"], name="membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.organisation} ({self.role})"

    @property
    def can_manage(self) -> bool:
        return self.role in (Role.OWNER, Role.ADMIN)


class Invitation(TimeStampedModel):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        REVOKED = "revoked", _("Revoked")

    token = models.UUIDField(_("token"), default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    email = models.EmailField(_("e-mail"))
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    expires_at = models.DateTimeField(_("expires at"))
    accepted_by = models.ForeignKey(
        Person,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Its e-mail goes at most once (core.mail): claimed by the task sending it, then sent.
    email_claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=Q(status="pending"),
                name="invitation_one_pending",
            ),
            models.CheckConstraint(condition=~Q(role="owner"), name="invitation_not_owner"),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"


class OfferKind(models.TextChoices):
    TECHNOLOGY_OFFER = "technology_offer", _("Technology offer")
    TECHNOLOGY_REQUEST = "technology_request", _("Technology request")
    BUSINESS_PARTNERSHIP = "business_partnership", _("Business partnership")
    INVESTMENT_SOUGHT = "investment_sought", _("Investment sought")
    INVESTMENT_OFFERED = "investment_offered", _("Investment offered")
    RND_PARTNERSHIP = "rnd_partnership", _("R&D partnership")


NEED_KINDS = frozenset({OfferKind.TECHNOLOGY_REQUEST, OfferKind.INVESTMENT_SOUGHT})


class Offer(TimeStampedModel):
    """An offer or a need an organisation publishes; it leaves public lists when it expires."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="offers",
    )
    kind = models.CharField(_("kind"), max_length=24, choices=OfferKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    language = models.CharField(_("language"), max_length=8, choices=CONTENT_LANGUAGES)
    topics = models.ManyToManyField(
        Topic, verbose_name=_("topics"), blank=True, related_name="offers"
    )
    target_countries = models.ManyToManyField(
        Country, verbose_name=_("target countries"), blank=True, related_name="+"
    )
    expires_on = models.DateField(_("expires on"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    search_document = models.TextField(_("search document"), blank=True, editable=False)

    class Meta:
        verbose_name = _("offer or need")
        verbose_name_plural = _("offers and needs")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "expires_on"], name="offer_status_expiry")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("directory:offer", args=[self.public_id])

    @property
    def is_need(self) -> bool:
        return self.kind in NEED_KINDS

    def is_expired(self, today: date) -> bool:
        return self.expires_on < today
