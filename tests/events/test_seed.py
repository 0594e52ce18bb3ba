"""Loading the demo events of the seed documents: the BRICS forum with a published, valid B2B
schedule across six or more countries and time zones, a business mission, a ministerial
meeting and an online session."""

import json
import zoneinfo
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from consortia.accounts.models import User
from consortia.agreements.services import load_seed_agreements
from consortia.core import clock
from consortia.core.models import AuditEvent
from consortia.directory.services.bulk import load_seed_world
from consortia.directory.services.demo import ensure_demo_logins
from consortia.engines.scheduling import parse_problem, violations
from consortia.events import scheduling
from consortia.events.models import (
    AgendaSession,
    B2BSession,
    B2BStatus,
    Event,
    EventKind,
    EventStatus,
    Meeting,
    MeetingRequest,
    Participant,
    Registration,
    RegistrationStatus,
    RequestStatus,
    ScheduleRun,
)
from consortia.events.services.seed import SEED_EVENTS, load_seed_events
from consortia.insights.selectors import meeting_funnel
from consortia.projects.services.seed import load_seed_projects

from .test_b2b_scheduling import stored_schedule

pytestmark = pytest.mark.django_db

DATA = json.loads(SEED_EVENTS.read_text(encoding="utf-8"))
ROWS = DATA["events"]
NOW = datetime(2026, 5, 4, 7, 30, tzinfo=UTC)  # 10:30 in Moscow
BRICS_FORUM = "Международный форум инноваций БРИКС"


@pytest.fixture
def operator(db: Any) -> Iterator[Any]:
    """The demo operator, with the seed world and the demo sign-ins, at a fixed time."""
    with clock.frozen(NOW):
        load_seed_world()
        ensure_demo_logins()
        yield User.objects.get(email="operator@demo.consortia.example")


@pytest.fixture
def forum(operator: Any) -> Event:
    load_seed_events(by=operator)
    return Event.objects.get(title=BRICS_FORUM)


def test_loading_twice_creates_then_skips(operator: Any, django_capture_on_commit_callbacks: Any):
    with django_capture_on_commit_callbacks(execute=True):  # the queued run finds it done
        first = load_seed_events(by=operator)
    counts = (
        Event.objects.count(),
        Registration.objects.count(),
        MeetingRequest.objects.count(),
        Meeting.objects.count(),
    )

    second = load_seed_events(by=operator)

    assert (first.created, first.skipped) == (len(ROWS), 0)
    assert (second.created, second.skipped) == (0, len(ROWS))
    assert (
        Event.objects.count(),
        Registration.objects.count(),
        MeetingRequest.objects.count(),
        Meeting.objects.count(),
    ) == counts
    assert counts[0] == len(ROWS)
    # The BRICS forum's session and the past forum's.
    assert list(ScheduleRun.objects.values_list("status", flat=True)) == [
        ScheduleRun.Status.DONE,
        ScheduleRun.Status.DONE,
    ]
    assert AuditEvent.objects.filter(action="event.seed_loaded").count() == 1


def test_the_forum_is_a_two_day_hybrid_event_in_moscow_in_three_to_four_weeks(forum: Event):
    moscow = zoneinfo.ZoneInfo("Europe/Moscow")
    starts, ends = forum.starts_at.astimezone(moscow), forum.ends_at.astimezone(moscow)

    assert forum.status == EventStatus.PUBLISHED
    assert forum.organiser.name == "Moscow Innovation Cluster"
    assert [o.name for o in forum.co_organisers.all()] == [
        "Moscow Department of Entrepreneurship and Innovative Development"
    ]
    assert forum.time_zone == "Europe/Moscow"
    assert forum.city and forum.online_url
    assert 21 <= (starts.date() - NOW.astimezone(moscow).date()).days <= 28
    assert (ends.date() - starts.date()).days == 1
    assert 4 <= forum.sessions.count() <= 6
    assert not forum.sessions.exclude(
        starts_at__gte=forum.starts_at, ends_at__lte=forum.ends_at
    ).exists()


def test_the_forums_b2b_session_spans_six_countries_and_time_zones_on_site_and_online(
    forum: Event,
):
    session = B2BSession.objects.get(event=forum)
    participants = list(Participant.objects.filter(session=session).select_related("organisation"))

    assert session.mode == "hybrid"
    assert session.meeting_minutes == 20
    assert timedelta(hours=5) <= session.ends_at - session.starts_at <= timedelta(hours=7)
    assert 5 <= session.tables.count() <= 7
    assert len({p.organisation.country_id for p in participants}) >= 6
    assert len({p.time_zone for p in participants}) >= 6
    assert {p.onsite for p in participants} == {True, False}
    exhibitor = next(p for p in participants if p.fixed_table_id)
    assert exhibitor.organisation.name == "Russian Post"
    for participant in participants:  # every contact acts for their organisation
        assert participant.contact.person.memberships.filter(
            organisation=participant.organisation
        ).exists()
    brazil = next(p for p in participants if p.organisation.name == "Araguaína City Hall")
    local_hours = {
        s.starts_at.astimezone(zoneinfo.ZoneInfo(brazil.time_zone)).hour
        for s in brazil.available_slots.all()
    }
    assert local_hours and max(local_hours) < 12  # their morning only
    assert brazil.available_slots.count() < session.slots.count()


def test_requests_are_mostly_accepted_with_a_few_declined_and_pending(forum: Event):
    requests = MeetingRequest.objects.filter(session__event=forum)
    statuses = list(requests.values_list("status", flat=True))

    assert 25 <= len(statuses) <= 40
    assert statuses.count(RequestStatus.ACCEPTED) > len(statuses) / 2
    assert statuses.count(RequestStatus.DECLINED) >= 2
    assert 1 <= statuses.count(RequestStatus.PENDING) <= 2
    assert all(r.message for r in requests)
    assert len(set(requests.values_list("priority", flat=True))) == 3


def test_the_schedule_is_published_and_passes_the_engines_validator(forum: Event):
    session = B2BSession.objects.get(event=forum)
    problem = parse_problem(scheduling.problem_for(session))
    meetings = Meeting.objects.filter(session=session)

    assert session.status == B2BStatus.PUBLISHED and session.published_at is not None
    assert ScheduleRun.objects.get(session=session).status == ScheduleRun.Status.DONE
    assert meetings.count() >= 20
    assert meetings.filter(table__isnull=True).exists()  # online meetings
    assert meetings.filter(table__isnull=False).exists()  # at tables
    assert violations(problem, stored_schedule(session)) == []
    assert not meetings.exclude(request__status=RequestStatus.ACCEPTED).exists()


def test_the_demo_sign_ins_are_registered_to_the_forum(forum: Event):
    registered = set(forum.registrations.values_list("user__email", flat=True))

    for role in ("owner", "admin", "member", "newcomer"):
        assert f"{role}@demo.consortia.example" in registered
    assert forum.delegations.filter(organisation__name="Moscow Innovation Cluster").exists()


def test_a_business_mission_with_a_delegation_and_a_ministerial_meeting_needing_approval(
    forum: Event,
):
    mission = Event.objects.get(kind=EventKind.BUSINESS_MISSION)
    ministerial = Event.objects.get(kind=EventKind.MINISTERIAL)
    online = Event.objects.get(kind=EventKind.ONLINE_SESSION)

    assert (mission.time_zone, mission.country_id) == ("Europe/Belgrade", "RS")
    assert mission.co_organisers.filter(
        name="Ministry of Innovation and Technological Development of the Republic of Serbia"
    ).exists()
    delegation = mission.delegations.get(organisation__name="Moscow Innovation Cluster")
    assert delegation.registrations.count() >= 2 and delegation.head is not None
    assert (ministerial.time_zone, ministerial.city, ministerial.requires_approval) == (
        "Asia/Shanghai",
        "Beijing",
        True,
    )
    assert ministerial.organiser.name.startswith("Ministry of Digital Development")
    assert {
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.PENDING,
    } <= set(ministerial.registrations.values_list("status", flat=True))
    assert online.online_url and not online.city
    assert all(e.status == EventStatus.PUBLISHED for e in Event.objects.all())
    assert AgendaSession.objects.filter(event=mission).exists()


def test_russian_texts_where_the_seed_is_russian_and_every_event_explains_the_demo(forum: Event):
    cyrillic = set("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")

    for row in ROWS:
        event = Event.objects.get(title=row["title"])
        assert row["demo_note"]
        assert ("[демо]" in event.description) or ("[demo]" in event.description)
        assert bool(cyrillic & set(event.description.lower())) == (event.language == "ru")
    assert forum.language == "ru"


def test_a_past_forum_feeds_the_meetings_funnel_to_an_agreement_and_a_project(operator: Any):
    """«Открытые инновации – 2019»: meetings held, one a no-show, follow-ups answered, and the
    seed's agreement of Russian Post and the Moscow Department signed there the next day."""
    with clock.frozen(NOW):
        load_seed_agreements(by=operator)
        load_seed_projects(by=operator)
        load_seed_events(by=operator)
    past = Event.objects.get(title="Открытые инновации – 2019")
    meetings = Meeting.objects.filter(session__event=past)

    assert past.ends_at < NOW and past.status == EventStatus.PUBLISHED
    assert sorted(meetings.values_list("status", flat=True)) == ["held"] * 8 + ["no_show"]
    assert not meetings.filter(slot__starts_at__lt=past.starts_at).exists()
    funnel = meeting_funnel(AnonymousUser())
    assert [(stage.code, stage.count) for stage in funnel.stages] == [
        ("held", 8),
        ("follow_up", 5),
        ("agreement", None),  # fewer than three: shown as such to everyone but the operator
        ("project", None),
    ]
    seen_by_operator = meeting_funnel(operator)
    assert [stage.count for stage in seen_by_operator.stages] == [8, 5, 2, 1]
