"""Events — forums, exhibitions, business missions, ministerial meetings, conferences and online
sessions — with their agenda, registration and delegations; B2B sessions inside them (slots,
tables, participants, meeting requests, the schedule); and each person's calendar feed.

Times are aware UTC in the database; an event keeps its own IANA time zone for showing local
time beside the viewer's, and a B2B participant keeps theirs for entering availability.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from consortia.core.models import TimeStampedModel
from consortia.core.multilingual import CONTENT_LANGUAGES
from consortia.directory.models import Country, Organisation, Topic


class EventKind(models.TextChoices):
    FORUM = "forum", _("Forum")
    EXHIBITION = "exhibition", _("Exhibition")
    BUSINESS_MISSION = "business_mission", _("Business mission")
    MINISTERIAL = "ministerial", _("Ministerial meeting")
    CONFERENCE = "conference", _("Conference")
    ONLINE_SESSION = "online_session", _("Online session")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")


class Attendance(models.TextChoices):
    ONSITE = "onsite", _("On site")
    ONLINE = "online", _("Online")


class Event(TimeStampedModel):
    """Published events are public; a draft is seen by its organisers and the operator only."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=EventStatus.choices, default=EventStatus.DRAFT
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(_("language"), max_length=8, choices=CONTENT_LANGUAGES)
    organiser = models.ForeignKey(
        Organisation, verbose_name=_("organiser"), on_delete=models.PROTECT, related_name="+"
    )
    co_organisers = models.ManyToManyField(
        Organisation, verbose_name=_("co-organisers"), blank=True, related_name="+"
    )
    topics = models.ManyToManyField(Topic, verbose_name=_("areas"), blank=True, related_name="+")
    time_zone = models.CharField(_("time zone"), max_length=64)
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"))
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    online_url = models.URLField(_("online meeting link"), blank=True)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    requires_approval = models.BooleanField(_("registrations need approval"), default=False)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="event_ends_after_start"
            ),
            # On site needs a city; online needs a link; hybrid has both.
            models.CheckConstraint(
                condition=~Q(city="") | ~Q(online_url=""), name="event_has_place_or_link"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:event", args=[self.public_id])

    @property
    def is_published(self) -> bool:
        return self.status == EventStatus.PUBLISHED


class AgendaSession(TimeStampedModel):
    """One item of the programme: a plenary, a panel, a ministerial round table."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="sessions"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    room = models.CharField(_("room"), max_length=100, blank=True)
    online_url = models.URLField(_("online meeting link"), blank=True)
    speakers = models.CharField(_("speakers"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("agenda session")
        verbose_name_plural = _("agenda sessions")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="agenda_session_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Delegation(TimeStampedModel):
    """The people an organisation sends to an event; at B2B sessions it meets as one."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="delegations"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("head of delegation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["event", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "organisation"], name="one_delegation_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} @ {self.event}"


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


class Registration(TimeStampedModel):
    """A person's place at an event, optionally as a member of their organisation's delegation.
    Confirmed and pending registrations count against the capacity."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="event_registrations",
    )
    delegation = models.ForeignKey(
        Delegation,
        verbose_name=_("delegation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registrations",
    )
    status = models.CharField(_("status"), max_length=10, choices=RegistrationStatus.choices)
    attendance = models.CharField(
        _("attends"), max_length=6, choices=Attendance.choices, default=Attendance.ONSITE
    )
    note = models.TextField(_("note to the organisers"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="one_registration_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.event}"

    @property
    def holds_place(self) -> bool:
        return self.status in {RegistrationStatus.PENDING, RegistrationStatus.CONFIRMED}


class SessionMode(models.TextChoices):
    ONSITE = "onsite", _("On site")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")


class B2BStatus(models.TextChoices):
    OPEN = "open", _("Open for requests")
    SCHEDULING = "scheduling", _("Being scheduled")
    PUBLISHED = "published", _("Schedule published")


class B2BSession(TimeStampedModel):
    """Brokerage meetings inside an event: fixed-length slots between start and end, tables for
    on-site meetings, participants with requests. The schedule is seen by participants only
    once published."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="b2b_sessions"
    )
    title = models.CharField(_("title"), max_length=200)
    mode = models.CharField(_("meetings"), max_length=6, choices=SessionMode.choices)
    meeting_minutes = models.PositiveSmallIntegerField(_("meeting length (minutes)"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    requests_close_at = models.DateTimeField(_("requests close"), null=True, blank=True)
    default_quota = models.PositiveSmallIntegerField(_("meetings per participant"), default=12)
    status = models.CharField(
        _("status"), max_length=10, choices=B2BStatus.choices, default=B2BStatus.OPEN
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("B2B session")
        verbose_name_plural = _("B2B sessions")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="b2b_session_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(meeting_minutes__gte=5) & Q(meeting_minutes__lte=240),
                name="b2b_meeting_length_5_to_240",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:b2b", args=[self.public_id])


class Slot(models.Model):
    session = models.ForeignKey(B2BSession, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))

    class Meta:
        verbose_name = _("slot")
        verbose_name_plural = _("slots")
        ordering = ["starts_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "starts_at"], name="one_slot_per_start"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="slot_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M} UTC"


class Table(models.Model):
    session = models.ForeignKey(B2BSession, on_delete=models.CASCADE, related_name="tables")
    name = models.CharField(_("table"), max_length=40)

    class Meta:
        verbose_name = _("table")
        verbose_name_plural = _("tables")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "name"], name="table_name_unique_in_session")
        ]

    def __str__(self) -> str:
        return self.name


class Participant(TimeStampedModel):
    """An organisation taking part in a B2B session (its delegation meets as one), with the
    person who answers for it, their time zone, availability, quota and whether on site."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    session = models.ForeignKey(
        B2BSession, verbose_name=_("B2B session"), on_delete=models.CASCADE,
        related_name="participants",
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("contact"), on_delete=models.PROTECT,
        related_name="+",
    )
    time_zone = models.CharField(_("time zone"), max_length=64)
    quota = models.PositiveSmallIntegerField(_("most meetings"))
    onsite = models.BooleanField(_("attends on site"), default=True)
    fixed_table = models.OneToOneField(
        Table, verbose_name=_("own table"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="exhibitor",
    )
    available_slots = models.ManyToManyField(
        Slot, verbose_name=_("available"), blank=True, related_name="+"
    )
    profile = models.TextField(_("what we offer and look for"), blank=True)

    class Meta:
        verbose_name = _("B2B participant")
        verbose_name_plural = _("B2B participants")
        ordering = ["session", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "organisation"], name="one_participant_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return str(self.organisation)


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


class MeetingRequest(TimeStampedModel):
    """One participant asks another for a meeting; accepted requests are what gets scheduled."""

    class Priority(models.IntegerChoices):
        NORMAL = 1, _("Normal")
        HIGH = 2, _("High")
        TOP = 3, _("Top")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    session = models.ForeignKey(
        B2BSession, on_delete=models.CASCADE, related_name="meeting_requests"
    )
    requester = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    message = models.TextField(_("message"), blank=True)
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.NORMAL
    )
    recipient_priority = models.PositiveSmallIntegerField(
        _("their priority"), choices=Priority.choices, default=Priority.NORMAL
    )
    online = models.BooleanField(_("by video"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(requester=F("recipient")), name="meeting_request_not_to_self"
            ),
            models.UniqueConstraint(
                fields=["requester", "recipient"],
                condition=Q(status__in=["pending", "accepted"]),
                name="one_open_request_per_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requester} → {self.recipient}"


class Mark(models.Model):
    """A participant's "must meet" or "do not meet" about another participant."""

    class Kind(models.TextChoices):
        MUST_MEET = "must_meet", _("Must meet")
        DO_NOT_MEET = "do_not_meet", _("Do not meet")

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="marks")
    other = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("mark"), max_length=12, choices=Kind.choices)

    class Meta:
        verbose_name = _("mark")
        verbose_name_plural = _("marks")
        constraints = [
            models.UniqueConstraint(fields=["participant", "other"], name="one_mark_per_pair"),
            models.CheckConstraint(condition=~Q(participant=F("other")), name="mark_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} {self.kind} {self.other_id}"


class ScheduleRun(TimeStampedModel):
    """One run of the scheduler over a session's accepted requests, with its figures."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    session = models.ForeignKey(B2BSession, on_delete=models.CASCADE, related_name="runs")
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    time_limit = models.FloatField(_("time limit (s)"), default=30.0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    objective = models.FloatField(_("objective"), null=True, blank=True)
    upper_bound = models.FloatField(_("upper bound"), null=True, blank=True)
    seconds = models.FloatField(_("seconds"), null=True, blank=True)
    scheduled = models.PositiveIntegerField(_("meetings scheduled"), default=0)
    left_out = models.JSONField(_("requests left out"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("schedule run")
        verbose_name_plural = _("schedule runs")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.session} #{self.pk}"


class MeetingStatus(models.TextChoices):
    """A meeting taken off the schedule is deleted (its request goes back to unscheduled), so
    the uniqueness below never meets a cancelled row."""

    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    NO_SHOW = "no_show", _("No-show")


class Meeting(TimeStampedModel):
    """A scheduled B2B meeting: one accepted request in one slot, at one table unless online.

    Double booking is impossible by construction: a table holds one meeting per slot (unique
    slot + table) and a participant sits in one meeting per slot (unique participant + slot on
    `Seat`, which repeats the slot so the database can check it)."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    session = models.ForeignKey(B2BSession, on_delete=models.CASCADE, related_name="meetings")
    request = models.OneToOneField(MeetingRequest, on_delete=models.CASCADE, related_name="meeting")
    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="meetings")
    table = models.ForeignKey(
        Table, null=True, blank=True, on_delete=models.PROTECT, related_name="meetings"
    )
    locked = models.BooleanField(_("locked by the organiser"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["slot__starts_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["slot", "table"],
                condition=Q(table__isnull=False),
                name="one_meeting_per_table_and_slot",
            )
        ]

    def __str__(self) -> str:
        return f"{self.request} @ {self.slot}"

    @property
    def online(self) -> bool:
        return self.table_id is None


class Seat(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="seats")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="seats")
    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="+")
    checked_in = models.BooleanField(_("checked in"), default=False)
    follow_up = models.BooleanField(_("follow up"), null=True, blank=True)

    class Meta:
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "slot"], name="one_meeting_per_participant_and_slot"
            ),
            models.UniqueConstraint(fields=["meeting", "participant"], name="one_seat_each"),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} @ {self.meeting_id}"


class CalendarFeed(TimeStampedModel):
    """A person's private subscription feed: the secret is kept only as a SHA-256 digest and
    shown once; revoking deletes the row, so the old address answers 404."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_digest = models.CharField(max_length=64, unique=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
