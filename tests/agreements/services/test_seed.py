"""Loading the agreements of the seed documents: real dates, parties and values, demo lights."""

import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from consortia.agreements import selectors
from consortia.agreements.lights import Light
from consortia.agreements.models import Agreement, AgreementStatus, Commitment, ProgressReport
from consortia.agreements.services import load_seed_agreements
from consortia.agreements.services.seed import SEED_AGREEMENTS
from consortia.core import clock
from consortia.core.models import AuditEvent
from consortia.directory.services.bulk import SEED_WORLD, load_seed_world
from tests.factories.accounts import UserFactory
from tests.factories.directory import PersonFactory

ROWS = json.loads(SEED_AGREEMENTS.read_text(encoding="utf-8"))


@pytest.fixture
def operator(db: Any) -> Any:
    user = UserFactory(is_staff=True)
    PersonFactory(user=user, full_name="Seed Operator")
    load_seed_world()
    return user


def _party_names(agreement: Agreement) -> set[str]:
    return {
        str(p.organisation.name if p.organisation else p.state_id) for p in agreement.parties.all()
    }


def test_loading_twice_creates_then_skips(operator: Any):
    first = load_seed_agreements(by=operator)
    second = load_seed_agreements(by=operator)

    assert (first.created, first.skipped) == (len(ROWS), 0)
    assert (second.created, second.skipped) == (0, len(ROWS))
    assert Agreement.objects.count() == len(ROWS)
    assert Commitment.objects.count() == sum(len(row["commitments"]) for row in ROWS)
    assert AuditEvent.objects.filter(action="agreement.seed_loaded").count() == 1


def test_russian_post_agreement_has_its_date_event_and_both_parties(operator: Any):
    load_seed_agreements(by=operator)

    agreement = Agreement.objects.get(title__startswith="Соглашение о сотрудничестве Почты России")

    assert agreement.signed_on == date(2019, 10, 22)
    assert agreement.signed_at_event == "Открытые инновации – 2019"
    assert agreement.status == AgreementStatus.SIGNED
    assert _party_names(agreement) == {
        "Russian Post",
        "Moscow Department of Entrepreneurship and Innovative Development",
    }


def test_moscow_declaration_has_every_named_signatory(operator: Any):
    load_seed_agreements(by=operator)

    declaration = Agreement.objects.get(title="Московская декларация инновационного развития")

    assert declaration.kind == "declaration"
    assert declaration.signed_on_precision == "month"  # the sources name only the month
    assert declaration.signed_at_event == "Международный форум инноваций БРИКС"
    assert _party_names(declaration) == {
        "Moscow Innovation Cluster",
        "Information Technology Centre of the Minsk City Executive Committee",
        "Startups and Innovation Committee of the Western Region",
        "Government of the State of Tocantins",
        "Araguaína City Hall",
        "APEBI Federation",
        "Digital Philippines",
    }


def test_programme_and_strategy_keep_their_periods_and_status(operator: Any):
    load_seed_agreements(by=operator)

    programme = Agreement.objects.get(title__startswith="Programme of cooperation between")
    strategy = Agreement.objects.get(title__startswith="Strategy for the Technological")
    old = Agreement.objects.get(signed_on=date(1996, 4, 25))

    assert (programme.signed_on, programme.valid_from, programme.valid_until) == (
        date(2024, 6, 17),
        date(2024, 1, 1),
        date(2026, 12, 31),
    )
    assert programme.status == AgreementStatus.IN_FORCE
    assert (strategy.status, strategy.valid_until) == (AgreementStatus.IN_FORCE, date(2035, 12, 31))
    assert (old.status, old.valid_until) == (AgreementStatus.EXPIRED, date(2021, 12, 31))


def test_stated_values_are_loaded_with_their_currency(operator: Any, tmp_path: Any):
    # No seed agreement states a value (the ₽2.5 bn and ₽3.7 bn are joint projects), so a copy
    # of a real row with a value shows the loader carries one through.
    row = ROWS[0] | {"title": "Valued copy", "value_amount": "2500000000", "value_currency": "rub"}
    path = tmp_path / "valued.json"
    path.write_text(json.dumps([row]), encoding="utf-8")

    load_seed_agreements(by=operator)
    load_seed_agreements(by=operator, path=path)

    stated = {
        row["title"]: (Decimal(str(row["value_amount"])), row["value_currency"])
        for row in ROWS
        if row.get("value_amount") is not None
    }
    loaded = {
        a.title: (a.value_amount, a.value_currency)
        for a in Agreement.objects.filter(value_amount__isnull=False)
    }
    assert loaded == stated | {"Valued copy": (Decimal("2500000000.00"), "RUB")}


def test_demo_history_lights_every_colour(operator: Any):
    load_seed_agreements(by=operator)
    today = clock.today()

    lights = {
        selectors.light_of(selectors.agreement_detail(operator).get(pk=pk), today=today)
        for pk in Agreement.objects.values_list("pk", flat=True)
    }

    assert {Light.GREEN, Light.AMBER, Light.RED} <= lights
    assert set(Agreement.objects.exclude(light="").values_list("light", flat=True)) == {
        "green",
        "amber",
        "red",
    }


def test_demo_reports_are_marked_as_demo_and_dated_in_the_past(operator: Any):
    load_seed_agreements(by=operator)

    reports = list(ProgressReport.objects.all())

    assert reports
    assert all(r.text.startswith(("[демо] ", "[demo] ")) for r in reports)
    assert all(r.reported_on < clock.today() for r in reports)


def test_every_party_organisation_is_in_the_seed_world():
    world = {
        row["name"] for row in json.loads(SEED_WORLD.read_text(encoding="utf-8"))["organisations"]
    }

    named = {
        party["organisation"] for row in ROWS for party in row["parties"] if "organisation" in party
    }
    responsible = {
        item["responsible"]
        for row in ROWS
        for item in row["commitments"]
        if item["responsible"] and len(item["responsible"]) > 2
    }

    assert named <= world
    assert responsible <= named
