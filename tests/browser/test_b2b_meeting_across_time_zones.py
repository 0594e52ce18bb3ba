"""End to end in the system Chromium: at a forum in Moscow, a Shanghai tea trader asks a São Paulo
coffee exporter for a B2B meeting and the exporter accepts; the organiser runs the scheduler (in a
background thread of the live server, its page polling until the run is over), reviews the grid
and publishes; each side then sees the meeting at their own clock with the event's time beside
it, and their calendar file, parsed with ``icalendar``, holds the same instant in Moscow time."""

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from consortia.core import clock
from consortia.core.tasks import wait_for_background
from consortia.directory.models import Role
from consortia.events.models import B2BSession, B2BStatus, Meeting, MeetingRequest, RequestStatus
from consortia.events.services import b2b as services
from tests.factories.directory import MembershipFactory, OrganisationFactory, PersonFactory, country
from tests.factories.events import EventFactory

from .steps import screenshot, screenshot_dir, sign_in

pytestmark = pytest.mark.browser

# Two weeks before the forum: requests are open, nothing has started.
BEFORE = datetime(2026, 5, 6, 9, 0, tzinfo=UTC)
EVENT_ZONE = "Europe/Moscow"
SHANGHAI = "Asia/Shanghai"
SAO_PAULO = "America/Sao_Paulo"
MESSAGE = "We ship Pu'er and oolong; could your cafés carry them next to your coffee?"


class Story:
    def __init__(self) -> None:
        agency = OrganisationFactory(
            name="Moscow Innovation Agency", country=country("RU"), city="Moscow"
        )
        self.organiser = PersonFactory(
            full_name="Irina Petrova", user__email="petrova@mia.example", time_zone=EVENT_ZONE
        )
        MembershipFactory(person=self.organiser, organisation=agency, role=Role.ADMIN)
        self.event = EventFactory(
            organiser=agency, title="BRICS Innovation Forum", time_zone=EVENT_ZONE
        )
        by = self.organiser.user
        self.session = services.create_b2b_session(
            self.event,
            by=by,
            title="Food and drink matchmaking",
            mode="hybrid",
            meeting_minutes=30,
            starts_at=datetime(2026, 5, 20, 7, 0, tzinfo=UTC),  # 10:00–12:00 in Moscow
            ends_at=datetime(2026, 5, 20, 9, 0, tzinfo=UTC),
            tables=2,
            default_quota=3,
        )
        self.east_org = OrganisationFactory(
            name="Shanghai Tea Trading", country=country("CN"), city="Shanghai"
        )
        self.east = PersonFactory(
            full_name="Li Wei", user__email="li.wei@shanghai-tea.example", time_zone=SHANGHAI
        )
        MembershipFactory(person=self.east, organisation=self.east_org, role=Role.ADMIN)
        self.west_org = OrganisationFactory(
            name="Café Paulista Exportadora", country=country("BR"), city="São Paulo"
        )
        self.west = PersonFactory(
            full_name="Ana Souza", user__email="ana@cafe-paulista.example", time_zone=SAO_PAULO
        )
        MembershipFactory(person=self.west, organisation=self.west_org, role=Role.ADMIN)
        self.east_participant = services.join_b2b_session(
            self.session,
            by=self.east.user,
            organisation=self.east_org,
            time_zone=SHANGHAI,
            quota=2,
            profile="Chinese teas for cafés and retail.",
        )
        self.west_participant = services.join_b2b_session(
            self.session,
            by=self.west.user,
            organisation=self.west_org,
            time_zone=SAO_PAULO,
            quota=2,
            onsite=False,
            profile="Specialty coffee from Minas Gerais; looking for Asian partners.",
        )
        # São Paulo is free only for the first hour of its early morning (07:00–08:00 UTC).
        services.set_availability(
            self.west_participant,
            by=self.west.user,
            ranges=[(datetime(2026, 5, 20, 4, 0), datetime(2026, 5, 20, 5, 0))],
        )


@pytest.fixture
def story(browser_settings: Any) -> Iterator[Story]:
    # The live server runs in this process: the frozen clock holds for its requests too. The
    # scheduler runs as it does without a broker: in a thread of the web process.
    browser_settings.CONSORTIA_BACKGROUND_THREADS = True
    with clock.frozen(BEFORE):
        yield Story()
        wait_for_background(timeout=60)


def _local(instant: datetime, zone: str) -> str:
    """The instant as the pages write it in ``zone``: ``20 May 2026, 15:00``."""
    shown = instant.astimezone(ZoneInfo(zone))
    return f"{shown.day} {shown:%B %Y, %H:%M}"


def _b2b_event(page: Page, base: str, meeting: Meeting) -> Any:
    """The person's calendar file, downloaded with their cookies and parsed: the meeting's
    VEVENT."""
    response = page.request.get(f"{base}{reverse('events:my_calendar_ics')}")
    assert response.ok, response.status
    assert response.headers["content-type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.body())
    zones = [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")]
    assert EVENT_ZONE in zones
    found = [
        e for e in calendar.walk("VEVENT") if str(e["UID"]) == f"{meeting.public_id}@consortia"
    ]
    assert len(found) == 1, [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
    return found[0]


def test_two_participants_in_different_zones_meet_and_import_the_same_instant(
    story: Story, page: Page, new_page: Any, live_server: Any, tmp_path: Path
) -> None:
    shots = screenshot_dir(tmp_path)
    base = live_server.url
    session_url = f"{base}{story.session.get_absolute_url()}"

    # Li Wei in Shanghai asks the São Paulo exporter for a meeting, with a message.
    sign_in(page, base, story.east)
    page.goto(session_url)
    expect(page.locator("#participation h2")).to_have_text("Taking part as Shanghai Tea Trading")
    form = page.locator("#request-form")
    form.get_by_label("With").select_option(label="Café Paulista Exportadora")
    form.get_by_label("Priority").select_option(label="High")
    form.get_by_label("By video").check()  # São Paulo attends online
    form.get_by_label("Message").fill(MESSAGE)
    screenshot(page, shots, "b2b-request-shanghai.png")
    form.get_by_role("button", name="Request a meeting").click()
    expect(page.get_by_text("Request sent.")).to_be_visible()
    sent = page.locator("#requests li", has_text="Café Paulista Exportadora")
    expect(sent).to_contain_text("(by video) · Waiting for an answer")
    request = MeetingRequest.objects.get()
    assert (request.requester, request.recipient) == (
        story.east_participant,
        story.west_participant,
    )
    assert (request.message, request.online, request.status) == (
        MESSAGE,
        True,
        RequestStatus.PENDING,
    )

    # Ana Souza in São Paulo reads it and accepts.
    west = new_page()
    sign_in(west, base, story.west)
    west.goto(session_url)
    received = west.locator("#requests li", has_text="Shanghai Tea Trading")
    expect(received.locator("q")).to_have_text(MESSAGE)
    received.get_by_role("button", name="Accept").click()
    expect(west.get_by_text("Accepted.")).to_be_visible()
    expect(west.locator("#requests li", has_text="Shanghai Tea Trading")).to_contain_text(
        "Accepted"
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.ACCEPTED

    # The organiser runs the scheduler; the page polls until the run is over, then shows it.
    organiser = new_page()
    sign_in(organiser, base, story.organiser)
    organiser.goto(session_url)
    organiser.get_by_role("button", name=re.compile(r"^Organise")).click()
    expect(organiser.locator("#participants")).to_contain_text("1 accepted request.")
    organiser.get_by_label("Time limit (seconds)").fill("5")
    organiser.get_by_role("button", name="Run the scheduler").click()
    status = organiser.locator("#run-status")
    expect(status).to_contain_text(
        re.compile(r"within 100(\.0)? % of the best possible"), timeout=60_000
    )
    expect(status).to_contain_text("Done")
    meeting = Meeting.objects.select_related("slot", "table").get(request=request)
    slot = meeting.slot
    cell = organiser.locator(f"#meeting-{meeting.public_id}")
    expect(cell).to_contain_text("Shanghai Tea Trading – Café Paulista Exportadora")
    expect(organiser.locator("#grid h2")).to_have_text("Meetings (1)")
    # The row of the meeting's slot, at the organiser's (Moscow) clock.
    row = organiser.locator("#grid tbody tr", has=cell)
    expect(row.locator("th")).to_have_text(_local(slot.starts_at, EVENT_ZONE))
    screenshot(organiser, shots, "b2b-scheduler-result.png")
    organiser.get_by_role("button", name="Publish the schedule").click()
    expect(organiser.get_by_text("The schedule is published")).to_be_visible()
    assert B2BSession.objects.get(pk=story.session.pk).status == B2BStatus.PUBLISHED

    # São Paulo is free only 07:00–08:00 UTC, so that is when they meet.
    assert datetime(2026, 5, 20, 7, 0, tzinfo=UTC) <= slot.starts_at
    assert slot.ends_at <= datetime(2026, 5, 20, 8, 0, tzinfo=UTC)
    moscow = slot.starts_at.astimezone(ZoneInfo(EVENT_ZONE))
    event_time = f"(event time {moscow:%H:%M} {moscow.tzname()})"
    assert event_time in ("(event time 10:00 MSK)", "(event time 10:30 MSK)")

    # Each side sees the meeting at their own clock, the event's time beside it.
    for person_page, zone, counterpart in (
        (page, SHANGHAI, "Café Paulista Exportadora"),
        (west, SAO_PAULO, "Shanghai Tea Trading"),
    ):
        person_page.goto(session_url)
        agenda = person_page.locator("#agenda tbody tr")
        expect(agenda).to_have_count(1)
        when = agenda.locator("td").nth(0)
        expect(when.locator("time")).to_have_text(_local(slot.starts_at, zone))
        expect(when.locator("time")).to_have_attribute("datetime", slot.starts_at.isoformat())
        expect(when.locator(".event-time")).to_have_text(event_time)
        expect(agenda.locator("td").nth(1)).to_have_text(counterpart)
    # Their clocks differ by the eleven hours between Shanghai and São Paulo.
    assert _local(slot.starts_at, SHANGHAI).endswith(f"{(moscow.hour + 5):02d}:{moscow:%M}")
    assert _local(slot.starts_at, SAO_PAULO).endswith(f"{(moscow.hour - 6):02d}:{moscow:%M}")
    screenshot(west, shots, "b2b-agenda-sao-paulo.png")

    # Both calendar files hold the meeting at the same instant, in the event's time zone.
    for person_page in (page, west):
        vevent = _b2b_event(person_page, base, meeting)
        start = vevent["DTSTART"]
        assert start.params["TZID"] == EVENT_ZONE
        assert start.dt.tzinfo is not None
        assert start.dt.astimezone(UTC) == slot.starts_at
        assert (start.dt.hour, start.dt.minute) == (moscow.hour, moscow.minute)
        assert vevent["DTEND"].dt.astimezone(UTC) == slot.ends_at
    assert str(_b2b_event(page, base, meeting)["SUMMARY"]) == "B2B: Café Paulista Exportadora"
    assert str(_b2b_event(west, base, meeting)["SUMMARY"]) == "B2B: Shanghai Tea Trading"
