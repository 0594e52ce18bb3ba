"""Loading the joint projects of the seed documents: real partners, values and links."""

import json
from decimal import Decimal
from typing import Any

import pytest

from consortia.agreements.services import load_seed_agreements
from consortia.core.models import AuditEvent
from consortia.core.money import Money
from consortia.directory.services.bulk import load_seed_world
from consortia.projects import selectors
from consortia.projects.models import Project, ProjectStatus, Update
from consortia.projects.services.seed import SEED_PROJECTS, load_seed_projects
from tests.factories.accounts import UserFactory
from tests.factories.directory import PersonFactory

ROWS = json.loads(SEED_PROJECTS.read_text(encoding="utf-8"))


@pytest.fixture
def operator(db: Any) -> Any:
    user = UserFactory(is_staff=True)
    PersonFactory(user=user, full_name="Seed Operator")
    load_seed_world()
    load_seed_agreements(by=user)
    return user


def test_loading_twice_creates_then_skips(operator: Any):
    first = load_seed_projects(by=operator)
    second = load_seed_projects(by=operator)

    assert (first.created, first.skipped) == (len(ROWS), 0)
    assert (second.created, second.skipped) == (0, len(ROWS))
    assert Project.objects.count() == len(ROWS)
    assert AuditEvent.objects.filter(action="project.seed_loaded").count() == 1


def test_every_status_but_cancelled_and_outcomes_of_completed_projects(operator: Any):
    load_seed_projects(by=operator)

    statuses = set(Project.objects.values_list("status", flat=True))
    assert statuses >= {ProjectStatus.PROPOSED, ProjectStatus.ACTIVE, ProjectStatus.COMPLETED}
    for project in Project.objects.filter(status=ProjectStatus.COMPLETED):
        assert project.result
        assert project.ends_on is None or project.ends_on >= project.starts_on


def test_russia_tajikistan_digital_projects_carry_their_value_and_countries(operator: Any):
    load_seed_projects(by=operator)

    tajik = [
        p
        for p in Project.objects.filter(countries="TJ").prefetch_related("budget_lines")
        if selectors.budget_by_currency(list(p.budget_lines.all()))
    ]
    totals = sorted(
        selectors.budget_by_currency(list(p.budget_lines.all()))[0].amount for p in tajik
    )
    assert totals == [Decimal("2500000000.00"), Decimal("3700000000.00")]
    for project in tajik:
        assert set(project.countries.values_list("code", flat=True)) == {"RU", "TJ"}
        assert project.status == ProjectStatus.ACTIVE


def test_named_projects_are_there_and_demo_posts_are_marked(operator: Any):
    load_seed_projects(by=operator)

    countries = {
        frozenset(p.countries.values_list("code", flat=True)) for p in Project.objects.all()
    }
    for pair in ({"RU", "AZ"}, {"RU", "CN"}, {"RU", "US"}, {"RU", "BY"}):
        assert frozenset(pair) in countries
    assert Project.objects.filter(agreements__isnull=False).exists()
    assert Update.objects.exists()
    assert all(u.text.startswith(("[демо]", "[demo]")) for u in Update.objects.all())


def test_budgets_are_never_added_across_currencies(operator: Any):
    load_seed_projects(by=operator)

    for project in Project.objects.prefetch_related("budget_lines"):
        totals = selectors.budget_by_currency(list(project.budget_lines.all()))
        assert len({m.currency for m in totals}) == len(totals)
        assert all(isinstance(m, Money) for m in totals)
