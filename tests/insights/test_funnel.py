"""What came of the opportunities: counts per stage and kind, and money per currency, with a
small sum shown to the operator only."""

import csv
import io
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from consortia.core.money import Money
from consortia.insights import selectors
from consortia.insights.selectors import InsightFilters
from consortia.opportunities import services
from tests.conftest import World
from tests.factories.directory import country
from tests.opportunities.conftest import accepted, applicant, publish, started, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def outcomes(world: World) -> World:
    """A's challenge: one draft, five submitted — one waiting, one rejected, three accepted — two with a pilot,
    one of those with a contract of ₽1,500,000. B's grant: one accepted with ¥20,000 awarded."""
    operator = world.users["operator"]
    challenge = publish(world, topics=["intelligent-transport"])
    started(challenge, applicant("Draft Co", kind="startup"))
    submitted(challenge, applicant("Waiting Co", kind="startup"))
    services.reject_application(
        submitted(challenge, applicant("Rejected Co", kind="startup")), by=operator, reason="No."
    )
    kazakh = applicant("Almaty Sensors", kind="startup", country=country("KZ"))
    pilot = services.start_engagement(accepted(world, challenge, kazakh), by=operator)
    services.record_result(
        pilot, by=operator, result="Signed", contract_value=Money(Decimal("1500000"), "RUB")
    )
    services.start_engagement(accepted(world, challenge, applicant("Second Co")), by=operator)
    accepted(world, challenge, applicant("Third Co"))
    grant = publish(
        world, by="operator", owner=world.org_b, kind="grant", title="Seed grant",
        grant_amount="20000", grant_currency="CNY",
    )  # fmt: skip
    services.start_engagement(accepted(world, grant, applicant("Grantee Co")), by=operator)
    return world


def _stages(funnel: selectors.OpportunityFunnel) -> dict[str, dict[str, int]]:
    return {stage.code: stage.by_kind for stage in funnel.stages}


def test_each_stage_counts_per_kind(outcomes: World) -> None:
    funnel = selectors.opportunity_funnel(outcomes.users["member_b"])

    assert _stages(funnel) == {
        "published": {"challenge": 1, "grant": 1},
        "submitted": {"challenge": 5, "grant": 1},
        "accepted": {"challenge": 3, "grant": 1},
        "engaged": {"challenge": 2, "grant": 1},
        "result": {"challenge": 1},
        "contract": {"challenge": 1},
    }
    assert [stage.total for stage in funnel.stages] == [2, 6, 4, 3, 1, 1]


def test_small_sums_are_for_the_operator_only(outcomes: World) -> None:
    for role in ("anonymous", "member_a", "admin_a", "member_b"):
        user = outcomes.users.get(role)
        funnel = selectors.opportunity_funnel(user)
        assert funnel.money == [] and funnel.withheld == 2, role

    funnel = selectors.opportunity_funnel(outcomes.users["operator"])
    assert [(m.what, m.amount, m.engagements) for m in funnel.money] == [
        ("contract", Money(Decimal("1500000.00"), "RUB"), 1),
        ("grant", Money(Decimal("20000.00"), "CNY"), 1),
    ]
    assert funnel.withheld == 0


def test_a_sum_of_three_engagements_is_public(outcomes: World) -> None:
    operator = outcomes.users["operator"]
    challenge = publish(outcomes, title="Second challenge")
    for name in ("One", "Two"):
        engagement = services.start_engagement(
            accepted(outcomes, challenge, applicant(f"{name} Co")), by=operator
        )
        services.record_result(
            engagement, by=operator, result="Done", contract_value=Money(Decimal("100"), "RUB")
        )

    funnel = selectors.opportunity_funnel(outcomes.users["member_b"])

    assert [(m.what, m.amount, m.engagements) for m in funnel.money] == [
        ("contract", Money(Decimal("1500200.00"), "RUB"), 3)
    ]
    assert funnel.withheld == 1  # the grant in CNY


def test_filters_narrow_every_stage(outcomes: World) -> None:
    operator = outcomes.users["operator"]

    by_country = selectors.opportunity_funnel(operator, InsightFilters(country="KZ"))
    assert [stage.total for stage in by_country.stages] == [0, 1, 1, 1, 1, 1]
    by_topic = selectors.opportunity_funnel(operator, InsightFilters(topic="intelligent-transport"))
    assert [stage.total for stage in by_topic.stages] == [1, 5, 3, 2, 1, 1]
    later = selectors.opportunity_funnel(operator, InsightFilters(year_from=2026))
    assert [stage.total for stage in later.stages] == [0, 0, 0, 0, 0, 0]
    assert later.money == []


def test_drafts_and_unverified_owners_count_nowhere(world: World) -> None:
    services.create_opportunity(
        by=world.users["admin_a"], owner=world.org_a, kind="challenge", title="Draft",
        description="Not yet.", language="en", closes_at=datetime(2025, 4, 1, tzinfo=UTC),
    )  # fmt: skip
    funnel = selectors.opportunity_funnel(world.users["admin_a"])
    assert [stage.total for stage in funnel.stages] == [0, 0, 0, 0, 0, 0]


def test_the_dashboard_and_csv_show_the_funnel(outcomes: World) -> None:
    page = outcomes.client("operator").get("/insights/").content.decode()
    assert "What came of the opportunities" in page
    assert "Contracts signed" in page and "1,500,000" in page

    anonymous = outcomes.client("anonymous")
    assert "1,500,000" not in anonymous.get("/insights/").content.decode()
    text = anonymous.get("/insights/opportunity-funnel.csv").content.decode()
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][:3] == ["Stage", "Total", "Pilot request"]
    assert rows[1][:2] == ["Opportunities published", "2"]
    assert rows[-1][:2] == ["Contracts signed", "1"]
    results = anonymous.get("/insights/opportunity-results.csv").content.decode()
    assert list(csv.reader(io.StringIO(results.lstrip("\ufeff")))) == [
        ["Result", "Currency", "Amount", "Engagements"]
    ]
    operator_rows = outcomes.client("operator").get("/insights/opportunity-results.csv")
    assert "1500000.00" in operator_rows.content.decode()
