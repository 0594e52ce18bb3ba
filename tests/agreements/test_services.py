"""Recording agreements, each status transition, commitments and who may report on them."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from consortia.agreements import selectors, services
from consortia.agreements.lights import Light
from consortia.agreements.models import Agreement, AgreementStatus, Party, ProgressReport
from consortia.agreements.services import PartyIn
from consortia.core import clock
from consortia.core.models import AuditEvent
from consortia.core.permissions import NotPermitted
from consortia.messaging.models import Notification
from tests.conftest import World


def _record(world: World, *, by: str = "operator", **changes: Any) -> Agreement:
    values: dict[str, Any] = {
        "kind": "memorandum",
        "title": "Memorandum on the digital economy",
        "language": "en",
        "parties": [
            PartyIn(organisation=world.org_a, role="signatory"),
            PartyIn(state="KZ", role="signatory"),
        ],
        "topics": ["artificial-intelligence"],
    }
    return services.record_agreement(by=world.users[by], **(values | changes))


def _in_force(world: World, **changes: Any) -> Agreement:
    agreement = _record(world, **changes)
    services.sign_agreement(
        agreement, by=world.users["operator"], signed_on=clock.today() - timedelta(days=30)
    )
    return services.bring_into_force(agreement, by=world.users["operator"])


def test_operator_records_a_draft_with_organisations_and_states(world: World):
    agreement = _record(world, value_amount="2500000000", value_currency="rub")

    assert agreement.status == AgreementStatus.DRAFT
    assert (agreement.value_amount, agreement.value_currency) == (Decimal("2500000000.00"), "RUB")
    assert sorted(str(p) for p in agreement.parties.all()) == sorted(
        [world.org_a.name, "Kazakhstan"]
    )
    assert AuditEvent.objects.filter(action="agreement.recorded").count() == 1


def test_an_admin_records_only_agreements_of_their_organisation(world: World):
    mine = _record(world, by="admin_a")

    with pytest.raises(NotPermitted):
        _record(world, by="admin_a", parties=[PartyIn(organisation=world.org_b)])
    with pytest.raises(NotPermitted):
        _record(world, by="member_a")

    assert list(Agreement.objects.all()) == [mine]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": "treaty"}, "kind"),
        ({"title": " "}, "title"),
        ({"language": "xx"}, "language"),
        ({"parties": []}, "parties"),
        ({"parties": [PartyIn(state="QQ")]}, "parties"),
        ({"parties": [PartyIn(state="KZ"), PartyIn(state="KZ")]}, "parties"),
        ({"value_amount": "12", "value_currency": "XYZ"}, "value_currency"),
        ({"value_amount": "many", "value_currency": "RUB"}, "value_amount"),
        ({"valid_from": date(2026, 1, 2), "valid_until": date(2026, 1, 1)}, "valid_until"),
        ({"source_url": "javascript:alert(1)"}, "source_url"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(world: World, changes: dict, field: str):
    with pytest.raises(ValidationError) as refused:
        _record(world, **changes)

    assert field in refused.value.message_dict
    assert Agreement.objects.count() == 0
    assert Party.objects.count() == 0


def test_each_transition_of_an_agreements_life(world: World):
    operator = world.users["operator"]
    agreement = _record(world, valid_until=clock.today() + timedelta(days=400))

    services.sign_agreement(
        agreement, by=operator, signed_on=date(2026, 10, 22), place="Moscow", country="RU"
    )
    assert (agreement.status, agreement.signed_place) == (AgreementStatus.SIGNED, "Moscow")
    services.bring_into_force(agreement, by=operator)
    assert (agreement.status, agreement.valid_from) == (
        AgreementStatus.IN_FORCE,
        date(2026, 10, 22),
    )
    services.complete_agreement(agreement, by=operator)
    assert agreement.status == AgreementStatus.COMPLETED
    assert list(
        AuditEvent.objects.filter(target_id=str(agreement.pk))
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["agreement.recorded", "agreement.signed", "agreement.in_force", "agreement.completed"]


def test_terminating_needs_a_reason_and_a_live_agreement(world: World):
    agreement = _in_force(world)

    with pytest.raises(ValidationError):
        services.terminate_agreement(agreement, by=world.users["operator"], reason="")
    services.terminate_agreement(agreement, by=world.users["operator"], reason="Sanctions")

    assert agreement.status == AgreementStatus.TERMINATED
    with pytest.raises(ValidationError):
        services.complete_agreement(agreement, by=world.users["operator"])


def test_an_agreement_expires_only_after_its_validity(world: World):
    agreement = _in_force(world, valid_until=clock.today() + timedelta(days=1))

    with pytest.raises(ValidationError):
        services.expire_agreement(agreement, by=world.users["operator"])
    with clock.frozen(clock.now() + timedelta(days=2)):
        services.expire_agreement(agreement, by=world.users["operator"])

    assert agreement.status == AgreementStatus.EXPIRED


@pytest.mark.parametrize(
    ("move", "status"),
    [
        ("bring_into_force", AgreementStatus.DRAFT),
        ("complete_agreement", AgreementStatus.SIGNED),
        ("terminate_agreement", AgreementStatus.DRAFT),
    ],
)
def test_transitions_out_of_order_are_refused(world: World, move: str, status: str):
    agreement = _record(world)
    if status == AgreementStatus.SIGNED:
        services.sign_agreement(agreement, by=world.users["operator"], signed_on=clock.today())
    kwargs = {"reason": "x"} if move == "terminate_agreement" else {}

    with pytest.raises(ValidationError):
        getattr(services, move)(agreement, by=world.users["operator"], **kwargs)

    agreement.refresh_from_db()
    assert agreement.status == status


def test_signing_in_the_future_is_refused(world: World):
    agreement = _record(world)

    with pytest.raises(ValidationError):
        services.sign_agreement(
            agreement, by=world.users["operator"], signed_on=clock.today() + timedelta(days=1)
        )

    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.DRAFT


def test_only_the_operator_or_a_partys_admin_moves_an_agreement(world: World):
    agreement = _record(world)

    for role in ["member_a", "member_b", "no_org"]:
        with pytest.raises(NotPermitted):
            services.sign_agreement(agreement, by=world.users[role], signed_on=clock.today())
    services.sign_agreement(agreement, by=world.users["admin_a"], signed_on=clock.today())

    assert agreement.status == AgreementStatus.SIGNED


def test_only_the_responsible_partys_admin_reports_progress(world: World):
    agreement = _in_force(world)
    org_party = agreement.parties.get(organisation=world.org_a)
    state_party = agreement.parties.get(state="KZ")
    ours = services.add_commitment(
        agreement, by=world.users["operator"], text="Open a joint lab", responsible=org_party
    )
    theirs = services.add_commitment(
        agreement, by=world.users["operator"], text="Simplify visas", responsible=state_party
    )

    for role in ["member_a", "member_b", "operator"]:
        with pytest.raises(NotPermitted):
            services.report_progress(ours, by=world.users[role], text="Done")
    with pytest.raises(NotPermitted):
        services.report_progress(theirs, by=world.users["admin_a"], text="Done")
    services.report_progress(
        ours, by=world.users["admin_a"], text="Lab rented", evidence_url="https://example.org/lab"
    )
    services.report_progress(
        theirs, by=world.users["operator"], text="Decree signed", status="done"
    )

    ours.refresh_from_db()
    theirs.refresh_from_db()
    assert (ours.status, ours.last_report_on) == ("in_progress", clock.today())
    assert theirs.status == "done"
    assert ProgressReport.objects.count() == 2


def test_reports_about_the_future_or_without_text_are_refused(world: World):
    agreement = _in_force(world)
    commitment = services.add_commitment(
        agreement,
        by=world.users["operator"],
        text="Open a joint lab",
        responsible=agreement.parties.get(organisation=world.org_a),
    )

    with pytest.raises(ValidationError):
        services.report_progress(
            commitment,
            by=world.users["admin_a"],
            text="x",
            reported_on=clock.today() + timedelta(days=1),
        )
    with pytest.raises(ValidationError):
        services.report_progress(commitment, by=world.users["admin_a"], text="  ")

    assert ProgressReport.objects.count() == 0


def test_a_commitment_names_a_party_of_its_own_agreement(world: World):
    first, second = _in_force(world), _in_force(world, title="Another")

    with pytest.raises(ValidationError):
        services.add_commitment(
            first, by=world.users["operator"], text="x", responsible=second.parties.first()
        )


def test_parties_only_agreements_are_seen_by_parties_and_operator(world: World):
    secret = _in_force(world, visibility="parties", title="Confidential pilot memorandum")
    public = _in_force(world, title="Public memorandum")
    draft = _record(world, title="Draft memorandum")

    def seen(role: str) -> set[str]:
        return {a.title for a in selectors.agreements_visible_to(world.users[role])}

    assert seen("member_b") == {public.title}
    assert seen("no_org") == {public.title}
    assert {a.title for a in selectors.agreements_visible_to(None)} == {public.title}
    assert seen("member_a") == {secret.title, public.title, draft.title}
    assert seen("operator") == {secret.title, public.title, draft.title}


def test_lights_of_an_agreement_follow_its_commitments(world: World):
    agreement = _in_force(world)
    party = agreement.parties.get(organisation=world.org_a)
    fresh = services.add_commitment(
        agreement, by=world.users["operator"], text="A", responsible=party
    )
    services.report_progress(fresh, by=world.users["admin_a"], text="Going well")
    detail = selectors.agreement_detail(world.users["operator"]).get(pk=agreement.pk)
    assert selectors.light_of(detail, today=clock.today()) == Light.GREEN

    services.add_commitment(
        agreement,
        by=world.users["operator"],
        text="B",
        responsible=party,
        due_on=clock.today() + timedelta(days=10),
    )
    detail = selectors.agreement_detail(world.users["operator"]).get(pk=agreement.pk)
    lights = [item.light for item in selectors.lit_commitments(detail, today=clock.today())]

    assert lights == [Light.GREEN, Light.AMBER]
    assert selectors.light_of(detail, today=clock.today()) == Light.AMBER
    assert selectors.light_of(detail, today=clock.today() + timedelta(days=11)) == Light.RED


def test_the_daily_refresh_turns_stored_lights_as_dates_pass(world: World):
    agreement = _in_force(world)
    commitment = services.add_commitment(
        agreement,
        by=world.users["operator"],
        text="Hold the forum",
        due_on=clock.today() + timedelta(days=40),
    )
    assert commitment.light == "green"
    later = clock.today() + timedelta(days=15)

    refreshed = services.refresh_all_lights(today=later)
    again = services.refresh_all_lights(today=later)

    commitment.refresh_from_db()
    agreement.refresh_from_db()
    assert (refreshed, again) == (1, 0)
    assert (commitment.light, agreement.light) == ("amber", "amber")


def test_reminders_go_to_the_responsible_admins_once(world: World, settings: Any):
    agreement = _in_force(world)
    party = agreement.parties.get(organisation=world.org_a)
    due = services.add_commitment(
        agreement,
        by=world.users["operator"],
        text="Open a lab",
        responsible=party,
        due_on=clock.today() + timedelta(days=30),
    )
    services.add_commitment(
        agreement,
        by=world.users["operator"],
        text="Visas",
        responsible=agreement.parties.get(state="KZ"),
        due_on=clock.today() + timedelta(days=30),
    )

    first = services.send_commitment_reminders()
    again = services.send_commitment_reminders()
    week_before = services.send_commitment_reminders(today=clock.today() + timedelta(days=23))

    assert (first, again, week_before) == (1, 0, 1)
    reminded = Notification.objects.filter(kind="commitment.due").values_list(
        "recipient__user__email", flat=True
    )
    assert sorted(set(reminded)) == sorted(
        [world.users["admin_a"].email, world.users["owner_a"].email]
    )
    assert due.reminders.count() == 2


def test_a_silent_commitment_is_reminded_every_six_months(world: World):
    agreement = _in_force(world)
    services.add_commitment(
        agreement,
        by=world.users["operator"],
        text="Open a lab",
        responsible=agreement.parties.get(organisation=world.org_a),
    )
    signed = agreement.signed_on

    counts = [
        services.send_commitment_reminders(today=signed + timedelta(days=days))
        for days in (100, 190, 200, 370, 380)
    ]

    assert counts == [0, 1, 0, 1, 0]


def test_an_organisation_that_is_a_party_is_not_deleted(world: World):
    from consortia.directory.models import Organisation
    from consortia.directory.services import delete_organisation

    agreement = _record(world)

    with pytest.raises(ValidationError) as refused:
        delete_organisation(world.org_a, by=world.users["operator"])

    assert "is a party to agreements" in refused.value.messages[0]
    assert Organisation.objects.filter(pk=world.org_a.pk).exists()
    assert agreement.parties.count() == 2
    assert not AuditEvent.objects.filter(action="organisation.deleted").exists()
