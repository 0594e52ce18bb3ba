"""Every read of events, their registrations and delegations. Pages and the API start here."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from consortia.core import clock
from consortia.core.permissions import NotVisible, get_visible, is_operator
from consortia.directory.models import Membership, Organisation, Role, VerificationStatus

from .. import policies
from ..models import Delegation, Event, EventStatus, Registration, RegistrationStatus

HOLDING = (RegistrationStatus.PENDING, RegistrationStatus.CONFIRMED)
"""Registrations that hold a place (and count against the capacity)."""


def _managed_organisation_ids(user: Any) -> QuerySet[Membership, Any]:
    return Membership.objects.filter(
        person__user_id=user.pk, role__in=[Role.OWNER, Role.ADMIN]
    ).values("organisation_id")


def _organised_by(user: Any) -> Q:
    """Events whose organiser or a co-organiser the user administers (``can_organise``)."""
    managed = _managed_organisation_ids(user)
    co_organised = Event.co_organisers.through.objects.filter(
        event_id=OuterRef("pk"), organisation_id__in=managed
    )
    return Q(organiser_id__in=managed) | Q(Exists(co_organised))


def events_visible_to(user: Any) -> QuerySet[Event]:
    """Published and cancelled events for everyone; drafts to their organisers and the
    operator."""
    queryset = Event.objects.all()
    if is_operator(user):
        return queryset
    visible = ~Q(status=EventStatus.DRAFT)
    if getattr(user, "is_authenticated", False):
        visible |= _organised_by(user)
    return queryset.filter(visible)


def event_for(user: Any, public_id: Any) -> Event:
    """One event with what its page shows, or NotVisible (404)."""
    queryset = (
        events_visible_to(user)
        .select_related("organiser", "country")
        .prefetch_related("co_organisers", "topics", "sessions", "b2b_sessions")
    )
    return get_visible(queryset, public_id=public_id)


WHEN = ("upcoming", "past")


@dataclass(frozen=True, slots=True)
class EventFilters:
    """Validated filters of the event list (the page's form and the API build them)."""

    q: str = ""
    kind: str = ""
    country: str = ""
    when: str = ""
    """``upcoming`` (not yet over), ``past`` (over), or empty for both."""


def listed_events(user: Any, filters: EventFilters = EventFilters()) -> QuerySet[Event]:
    """The events the user may see, filtered; upcoming soonest first, past latest first."""
    queryset = events_visible_to(user)
    now = clock.now()
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.country:
        queryset = queryset.filter(country_id=filters.country)
    if filters.when == "upcoming":
        queryset = queryset.filter(ends_at__gt=now)
    elif filters.when == "past":
        queryset = queryset.filter(ends_at__lte=now).order_by("-starts_at", "-id")
    for word in filters.q.split():
        queryset = queryset.filter(
            Q(title__icontains=word)
            | Q(description__icontains=word)
            | Q(city__icontains=word)
            | Q(venue__icontains=word)
            | Q(organiser__name__icontains=word)
        )
    return queryset.select_related("organiser", "country")


@dataclass(frozen=True)
class MyEvents:
    registered: list[Registration]
    """The user's registrations that hold a place, soonest event first."""
    organised: list[Event]
    """Events the user organises, at any status, soonest first."""


def my_events(user: Any) -> MyEvents:
    if not getattr(user, "is_authenticated", False):
        return MyEvents([], [])
    registered = (
        Registration.objects.filter(user_id=user.pk, status__in=HOLDING)
        .select_related("event__organiser", "event__country", "delegation__organisation")
        .order_by("event__starts_at", "id")
    )
    organised = Event.objects.filter(_organised_by(user)).select_related("organiser", "country")
    return MyEvents(list(registered), list(organised))


def registration_of(event: Event, user: Any) -> Registration | None:
    """The user's own registration for the event, at any status."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Registration.objects.filter(event=event, user_id=user.pk)
        .select_related("delegation__organisation")
        .first()
    )


def registrations_for(event: Event, user: Any) -> QuerySet[Registration]:
    """All registrations of the event for its organisers; one's own for anyone else."""
    queryset = Registration.objects.filter(event=event).select_related(
        "user__person", "delegation__organisation", "decided_by"
    )
    if policies.can_organise(user, event):
        return queryset
    if not getattr(user, "is_authenticated", False):
        return queryset.none()
    return queryset.filter(user_id=user.pk)


def registration_visible_to(user: Any, public_id: Any) -> Registration:
    """A registration its person or the event's organisers may act on, or NotVisible (404)."""
    registration = get_visible(
        Registration.objects.select_related("event__organiser", "delegation"),
        public_id=public_id,
    )
    if registration.user_id != getattr(user, "pk", None) and not policies.can_organise(
        user, registration.event
    ):
        raise NotVisible()
    return registration


def places_held(event: Event) -> int:
    return Registration.objects.filter(event=event, status__in=HOLDING).count()


def delegations_of(event: Event) -> QuerySet[Delegation]:
    """The organisations sending people, with the people holding a place."""
    return (
        Delegation.objects.filter(event=event)
        .select_related("organisation__country", "head__person")
        .prefetch_related(
            Prefetch(
                "registrations",
                queryset=Registration.objects.filter(status__in=HOLDING)
                .select_related("user__person")
                .order_by("created_at", "id"),
                to_attr="attending",
            )
        )
        .order_by("organisation__name", "id")
    )


def organisations_creating_events_for(user: Any) -> QuerySet[Organisation]:
    """The organisations the user may create events for (``can_create_event_for``)."""
    if is_operator(user):
        return Organisation.objects.order_by("name", "id")
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    return Organisation.objects.filter(
        id__in=_managed_organisation_ids(user),
        verification_status=VerificationStatus.VERIFIED,
    ).order_by("name", "id")


def organisations_of(user: Any) -> QuerySet[Organisation]:
    """The user's organisations, for registering as part of a delegation."""
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    return Organisation.objects.filter(
        id__in=Membership.objects.filter(person__user_id=user.pk).values("organisation_id")
    ).order_by("name", "id")
