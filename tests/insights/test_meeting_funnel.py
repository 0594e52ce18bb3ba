"""What came of the B2B meetings: held, a side wants to follow up, followed by an agreement of
both sides, that agreement carried out in a project; small stages for the operator only."""

import csv
import io
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from consortia.directory.models import Organisation
from consortia.events.models import MeetingStatus
from consortia.insights import selectors
from consortia.insights.selectors import InsightFilters
from tests.conftest import ROLES, World
from tests.factories.directory import OrganisationFactory, country
from tests.factories.events import held_meeting

from .conftest import project_of, signed_between

pytestmark = pytest.mark.django_db

# 10:00 in Moscow on 12 March 2025.
MARCH_12 = datetime(2025, 3, 12, 7, 0, tzinfo=UTC)


@dataclass
class Meetings:
    world: World
    c: Organisation
    d: Organisation
    e: Organisation


@pytest.fixture
def meetings(world: World) -> Meetings:
    """Six held meetings, one scheduled and one no-show; the operator sees [6, 5, 2, 1].

    1. A–B, A wants to follow up; A+B sign on 1 June 2025, a project carries it out from
       September: every stage.
    2. A–C, only C wants to; A+C sign on the day of the meeting: an agreement. Its project
       started in January, before the meeting; another project of A and C from April carries
       out no agreement: no project.
    3. B–C, neither wants to follow up; B+C sign later anyway: held only.
    4. A–D, both want to; A+D signed the day before: no agreement.
    5. A–E, A wants to; A+C and C+E are agreements of other organisations: none.
    6. B–D, B wants to; B+D only sign a parties-only agreement and draft another: none counts.
    """
    w = world
    c = OrganisationFactory(name="Gamma Logistics", country=country("KZ"))
    d = OrganisationFactory(name="Delta Energy", country=country("CN"))
    e = OrganisationFactory(name="Epsilon Health", country=country("BR"))
    held_meeting(w.org_a, w.org_b, at=MARCH_12, follow_up=(True, None), topics=["robotics"])
    first = signed_between(w, [w.org_a, w.org_b], date(2025, 6, 1))
    project_of(w, [w.org_a, w.org_b], starts_on=date(2025, 9, 1), carrying_out=[first])

    held_meeting(w.org_a, c, at=MARCH_12, follow_up=(False, True))
    second = signed_between(w, [w.org_a, c], date(2025, 3, 12))
    project_of(w, [w.org_a, c], starts_on=date(2025, 1, 1), carrying_out=[second])
    project_of(w, [w.org_a, c], starts_on=date(2025, 4, 1))

    held_meeting(w.org_b, c, at=MARCH_12, follow_up=(False, False))
    signed_between(w, [w.org_b, c], date(2025, 5, 1))

    held_meeting(w.org_a, d, at=MARCH_12, follow_up=(True, True))
    signed_between(w, [w.org_a, d], date(2025, 3, 11))

    held_meeting(w.org_a, e, at=MARCH_12, follow_up=(True, False))
    signed_between(w, [c, e], date(2025, 5, 1))

    held_meeting(w.org_b, d, at=MARCH_12, follow_up=(True, None))
    signed_between(w, [w.org_b, d], date(2025, 5, 1), visibility="parties")
    signed_between(w, [w.org_b, d], None)

    held_meeting(w.org_a, w.org_b, at=datetime(2025, 4, 1, 7, tzinfo=UTC), status="scheduled")
    held_meeting(w.org_a, w.org_b, at=datetime(2025, 4, 2, 7, tzinfo=UTC), status="no_show")
    return Meetings(world, c, d, e)


def _counts(funnel: selectors.MeetingFunnel) -> list[int | None]:
    return [stage.count for stage in funnel.stages]


def test_each_stage_keeps_only_what_its_rule_allows(meetings: Meetings) -> None:
    funnel = selectors.meeting_funnel(meetings.world.users["operator"])

    assert [stage.code for stage in funnel.stages] == [
        "held",
        "follow_up",
        "agreement",
        "project",
    ]
    assert _counts(funnel) == [6, 5, 2, 1]
    assert [stage.conversion for stage in funnel.stages] == [None, 83, 40, 50]
    assert funnel.withheld == 0


@pytest.mark.parametrize("role", [role for role in ROLES if role != "operator"])
def test_stages_under_three_meetings_are_withheld_from_everyone_but_the_operator(
    meetings: Meetings, role: str
) -> None:
    funnel = selectors.meeting_funnel(meetings.world.users.get(role))

    assert _counts(funnel) == [6, 5, None, None]
    assert [stage.conversion for stage in funnel.stages] == [None, 83, None, None]
    assert funnel.withheld == 2


def test_a_stage_of_exactly_three_is_shown(meetings: Meetings) -> None:
    world = meetings.world
    for day in (13, 14):
        held_meeting(world.org_b, meetings.e, at=MARCH_12.replace(day=day), follow_up=(True, True))
    signed_between(world, [world.org_b, meetings.e], date(2025, 3, 20))

    funnel = selectors.meeting_funnel(world.users["member_b"])

    assert _counts(funnel) == [8, 7, 4, None]
    assert [stage.conversion for stage in funnel.stages] == [None, 88, 57, None]


def test_the_agreements_of_the_viewers_own_organisation_do_not_change_the_counts(
    meetings: Meetings,
) -> None:
    """B's parties-only agreement with D is visible to B's member, yet counts for no one."""
    world = meetings.world
    for day in (13, 14):
        held_meeting(world.org_b, meetings.d, at=MARCH_12.replace(day=day))

    member_b = selectors.meeting_funnel(world.users["member_b"])
    operator = selectors.meeting_funnel(world.users["operator"])

    assert _counts(member_b) == [8, 7, None, None]
    assert _counts(operator) == [8, 7, 2, 1]


def test_the_day_is_the_events_and_the_window_ends_after_24_months(world: World) -> None:
    """22:30 on 11 March in São Paulo is already 12 March in UTC."""
    late = datetime(2025, 3, 12, 1, 30, tzinfo=UTC)
    held_meeting(world.org_a, world.org_b, at=late, time_zone="America/Sao_Paulo")
    signed_between(world, [world.org_a, world.org_b], date(2025, 3, 11))
    leap_day = datetime(2024, 2, 29, 7, tzinfo=UTC)
    second, third = OrganisationFactory(), OrganisationFactory()
    held_meeting(world.org_a, second, at=leap_day)
    signed_between(world, [world.org_a, second, third], date(2026, 2, 28))  # the last day
    held_meeting(world.org_b, third, at=leap_day)
    signed_between(world, [world.org_b, third], date(2026, 3, 1))  # a day too late

    funnel = selectors.meeting_funnel(world.users["operator"])

    assert _counts(funnel) == [3, 3, 2, 0]


def test_a_project_linked_to_the_agreement_counts_even_without_dates(world: World) -> None:
    held_meeting(world.org_a, world.org_b, at=MARCH_12)
    agreement = signed_between(world, [world.org_a, world.org_b], date(2025, 6, 1))
    project_of(world, [world.org_a], starts_on=None, carrying_out=[agreement])
    other = OrganisationFactory()
    held_meeting(world.org_a, other, at=MARCH_12)
    hidden = signed_between(world, [world.org_a, other], date(2025, 6, 1))
    project_of(
        world, [world.org_a], starts_on=date(2025, 7, 1), carrying_out=[hidden],
        visibility="partners",
    )  # fmt: skip

    funnel = selectors.meeting_funnel(world.users["operator"])

    assert _counts(funnel) == [2, 2, 2, 1]


def test_filters_narrow_the_meetings(meetings: Meetings) -> None:
    operator = meetings.world.users["operator"]

    def counts(**filters: object) -> list[int | None]:
        return _counts(selectors.meeting_funnel(operator, InsightFilters(**filters)))  # type: ignore[arg-type]

    assert counts(country="KZ") == [2, 1, 1, 0]  # A–C and B–C
    assert counts(country="CN") == [2, 2, 0, 0]  # A–D and B–D
    assert counts(country="RU") == [6, 5, 2, 1]
    assert counts(topic="robotics") == [1, 1, 1, 1]
    assert counts(topic="digital-tech") == [1, 1, 1, 1]  # robotics is within it
    assert counts(topic="e-public-services") == [0, 0, 0, 0]
    assert counts(year_from=2025, year_to=2025) == [6, 5, 2, 1]
    assert counts(year_from=2026) == [0, 0, 0, 0]
    assert counts(year_to=2024) == [0, 0, 0, 0]


def test_the_dashboard_shows_the_funnel_and_its_table(meetings: Meetings) -> None:
    anonymous = meetings.world.client("anonymous").get("/insights/").content.decode()
    operator = meetings.world.client("operator").get("/insights/").content.decode()

    assert "What came of the B2B meetings" in anonymous
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in anonymous
    assert 'aria-labelledby="meeting-funnel-title"' in anonymous
    assert '<td>Followed by an agreement</td><td class="numeric">fewer than 3</td>' in anonymous
    assert '<td>A side wants to follow up</td><td class="numeric">5</td>' in anonymous
    assert '<td class="numeric">83</td>' in anonymous
    assert '<td>Followed by an agreement</td><td class="numeric">2</td>' in operator
    for name in ("Alpha Robotics", "Beta Payments", "Gamma Logistics", "Delta Energy"):
        assert name not in anonymous and name not in operator


@pytest.mark.parametrize(
    ("role", "third_row"),
    [("anonymous", ["Followed by an agreement", "fewer than 3", ""]),
     ("operator", ["Followed by an agreement", "2", "40"])],
)  # fmt: skip
def test_the_csv_file_has_the_same_rows(meetings: Meetings, role: str, third_row: list[str]):
    response = meetings.world.client(role).get("/insights/meeting-funnel.csv")

    rows = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
    assert response.status_code == 200
    assert rows[0] == ["Stage", "Meetings", "Of the stage before (%)"]
    assert rows[1] == ["B2B meetings held", "6", ""]
    assert rows[3] == third_row


def test_with_no_meetings_every_stage_is_withheld_from_the_public(world: World) -> None:
    public = selectors.meeting_funnel(world.users["no_org"])
    operator = selectors.meeting_funnel(world.users["operator"])

    assert _counts(public) == [None, None, None, None]
    assert _counts(operator) == [0, 0, 0, 0]
    assert [stage.conversion for stage in operator.stages] == [None, None, None, None]


def test_a_no_show_and_a_scheduled_meeting_are_not_held(world: World) -> None:
    for status in (MeetingStatus.SCHEDULED, MeetingStatus.NO_SHOW):
        held_meeting(world.org_a, world.org_b, at=MARCH_12, status=status)

    funnel = selectors.meeting_funnel(world.users["operator"])

    assert _counts(funnel) == [0, 0, 0, 0]
