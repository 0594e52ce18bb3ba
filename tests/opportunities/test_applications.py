"""Applying: the window to the microsecond on the injected clock and in the owner's time zone,
the non-disclosure terms, one application per organisation, draft answers of each kind (files
checked by content and never left behind), and submission only when eligible and complete."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage

from consortia.core import clock
from consortia.core.models import AuditEvent
from consortia.core.permissions import NotPermitted
from consortia.opportunities import services
from consortia.opportunities.models import (
    Answer,
    Application,
    ApplicationStatus,
    FormField,
    Opportunity,
)
from tests.conftest import World
from tests.factories.directory import MembershipFactory

from .conftest import (
    CLOSES,
    DURING,
    EXECUTABLE,
    OPENS,
    PDF,
    Applicant,
    pdf,
    publish,
    started,
    submitted,
)

MICROSECOND = timedelta(microseconds=1)


def _field(world: World, opportunity: Opportunity, kind: str, **options: Any) -> FormField:
    return services.add_form_field(
        opportunity, by=world.users["admin_a"], label=f"Your {kind}", kind=kind, **options
    )


def _stored_files(settings: Any) -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def _answer(application: Application, field: FormField) -> Answer:
    return Answer.objects.get(application=application, field=field)


# The window, to the microsecond


@pytest.mark.parametrize(
    ("at", "error"),
    [
        (OPENS - MICROSECOND, "Applications are not open yet."),
        (OPENS, None),
        (CLOSES - MICROSECOND, None),
        (CLOSES, "Applications are closed."),
        (CLOSES + MICROSECOND, "Applications are closed."),
    ],
)
def test_submission_is_taken_from_opens_at_until_just_before_closes_at(
    challenge: Opportunity, gamma: Applicant, at: datetime, error: str | None
):
    application = started(challenge, gamma)

    with clock.frozen(at):
        if error is None:
            services.submit_application(application, by=gamma.member)
        else:
            with pytest.raises(ValidationError) as refused:
                services.submit_application(application, by=gamma.member)

    application.refresh_from_db()
    if error is None:
        assert application.status == ApplicationStatus.SUBMITTED
        assert application.submitted_at == at
        assert application.submitted_by == gamma.member
    else:
        assert refused.value.message_dict == {"window": [error]}
        assert (application.status, application.submitted_at) == (ApplicationStatus.DRAFT, None)
        assert not AuditEvent.objects.filter(action="application.submitted").exists()


def test_the_window_boundary_holds_when_the_clock_reads_another_time_zone(
    challenge: Opportunity, gamma: Applicant
):
    application = started(challenge, gamma)
    almaty = ZoneInfo("Asia/Almaty")  # UTC+5 since March 2024
    just_before = datetime(2025, 3, 1, 10, 59, 59, 999_999, tzinfo=almaty)

    with clock.frozen(just_before), pytest.raises(ValidationError):
        services.submit_application(application, by=gamma.member)
    with clock.frozen(datetime(2025, 3, 1, 11, 0, tzinfo=almaty)):
        services.submit_application(application, by=gamma.member)

    application.refresh_from_db()
    assert application.submitted_at == OPENS


@pytest.mark.parametrize(
    ("zone", "opens", "closes"),
    [
        ("Europe/Moscow", "2025-03-01T09:00:00+03:00", "2025-04-01T09:00:00+03:00"),
        ("Asia/Almaty", "2025-03-01T11:00:00+05:00", "2025-04-01T11:00:00+05:00"),
        ("UTC", "2025-03-01T06:00:00+00:00", "2025-04-01T06:00:00+00:00"),
    ],
)
def test_the_window_is_stored_in_utc_and_shown_in_the_owners_time_zone(
    world: World, zone: str, opens: str, closes: str
):
    opportunity = publish(
        world,
        time_zone=zone,
        opens_at=datetime.fromisoformat(opens),
        closes_at=datetime.fromisoformat(closes),
    )

    stored = Opportunity.objects.get(pk=opportunity.pk)
    local_opens, local_closes = services.local_window(stored)

    assert (stored.opens_at, stored.closes_at) == (OPENS, CLOSES)
    assert stored.opens_at.utcoffset() == timedelta(0)
    assert (local_opens.isoformat(), local_closes.isoformat()) == (opens, closes)
    assert local_opens.tzinfo == ZoneInfo(zone)


def test_local_window_of_an_opportunity_without_a_window_is_empty(world: World):
    opportunity = services.create_opportunity(
        by=world.users["admin_a"],
        owner=world.org_a,
        kind="grant",
        title="Rolling grant",
        description="Apply any time.",
        language="en",
        time_zone="Europe/Moscow",
    )

    assert services.local_window(opportunity) == (None, None)


# Starting an application


def test_a_member_starts_a_draft_for_their_organisation(challenge: Opportunity, gamma: Applicant):
    with clock.frozen(DURING):
        application = started(challenge, gamma)

    assert (application.opportunity, application.applicant) == (challenge, gamma.organisation)
    assert application.status == ApplicationStatus.DRAFT
    assert application.nda_accepted_at is None
    assert (
        AuditEvent.objects.filter(
            action="application.started", organisation_id=gamma.organisation.pk
        ).count()
        == 1
    )


def test_non_disclosure_terms_must_be_accepted_before_applying(world: World, gamma: Applicant):
    opportunity = publish(world, nda_text="Everything you see here stays here.")

    with pytest.raises(ValidationError) as refused:
        started(opportunity, gamma)

    assert refused.value.message_dict == {
        "accept_nda": ["Accept the non-disclosure terms to apply."]
    }
    assert Application.objects.count() == 0
    assert not AuditEvent.objects.filter(action="application.started").exists()


def test_accepting_the_non_disclosure_terms_stores_when(world: World, gamma: Applicant):
    opportunity = publish(world, nda_text="Everything you see here stays here.")

    with clock.frozen(DURING):
        application = started(opportunity, gamma, accept_nda=True)

    application.refresh_from_db()
    assert application.nda_accepted_at == DURING


def test_without_non_disclosure_terms_no_acceptance_is_stored(
    challenge: Opportunity, gamma: Applicant
):
    application = started(challenge, gamma, accept_nda=True)

    application.refresh_from_db()
    assert application.nda_accepted_at is None


def test_one_application_per_organisation(challenge: Opportunity, gamma: Applicant):
    first = started(challenge, gamma)
    colleague = Applicant(
        gamma.organisation, MembershipFactory(organisation=gamma.organisation).person.user
    )

    with pytest.raises(ValidationError) as refused:
        started(challenge, colleague)

    assert refused.value.message_dict == {"applicant": ["Your organisation has already applied."]}
    assert list(Application.objects.values_list("pk", flat=True)) == [first.pk]
    assert AuditEvent.objects.filter(action="application.started").count() == 1


@pytest.mark.parametrize("role", ["member_b", "admin_a", "operator", "no_org"])
def test_only_members_apply_on_behalf_of_an_organisation(
    world: World, challenge: Opportunity, gamma: Applicant, role: str
):
    with pytest.raises(NotPermitted):
        services.start_application(challenge, by=world.users[role], applicant=gamma.organisation)

    assert Application.objects.count() == 0


def test_an_organisation_does_not_apply_to_its_own_opportunity(
    world: World, challenge: Opportunity
):
    with pytest.raises(ValidationError) as refused:
        services.start_application(challenge, by=world.users["member_a"], applicant=world.org_a)

    assert list(refused.value.message_dict) == ["applicant"]
    assert Application.objects.count() == 0


def test_a_draft_opportunity_takes_no_applications(world: World, gamma: Applicant):
    draft = services.create_opportunity(
        by=world.users["admin_a"],
        owner=world.org_a,
        kind="challenge",
        title="Not yet",
        description="Soon.",
        language="en",
        closes_at=CLOSES,
    )

    with pytest.raises(ValidationError) as refused:
        started(draft, gamma)

    assert refused.value.message_dict == {
        "status": ["This opportunity does not take applications."]
    }
    assert Application.objects.count() == 0


# Draft answers of each kind


@pytest.mark.parametrize(
    ("kind", "value", "stored"),
    [
        ("text", "  Parking sensors  ", {"text": "Parking sensors"}),
        ("text", "x" * 300, {"text": "x" * 300}),
        ("long_text", "y" * 20_000, {"text": "y" * 20_000}),
        ("number", "12.5", {"number": Decimal("12.50"), "currency": ""}),
        ("number", 0, {"number": Decimal("0.00"), "currency": ""}),
        ("number", "-3", {"number": Decimal("-3.00"), "currency": ""}),
        (
            "money",
            (Decimal("1500000"), "rub"),
            {"number": Decimal("1500000.00"), "currency": "RUB"},
        ),
        ("money", ("0", "KZT"), {"number": Decimal("0.00"), "currency": "KZT"}),
    ],
)
def test_save_answers_stores_each_kind(
    world: World,
    challenge: Opportunity,
    gamma: Applicant,
    kind: str,
    value: Any,
    stored: dict[str, Any],
):
    field = _field(world, challenge, kind)
    application = started(challenge, gamma)

    services.save_answers(application, by=gamma.member, values={field.pk: value})

    answer = _answer(application, field)
    assert {name: getattr(answer, name) for name in stored} == stored


def test_a_choice_is_stored_when_it_is_one_of_the_choices(
    world: World, challenge: Opportunity, gamma: Applicant
):
    field = _field(world, challenge, "choice", choices=["Pilot", "Licence", "Joint venture"])
    application = started(challenge, gamma)

    services.save_answers(application, by=gamma.member, values={field.pk: "Licence"})

    assert _answer(application, field).text == "Licence"


@pytest.mark.parametrize(
    ("kind", "options", "value", "message"),
    [
        ("text", {}, "x" * 301, "At most 300 characters."),
        ("long_text", {}, "y" * 20_001, "At most 20000 characters."),
        ("choice", {"choices": ["Pilot", "Licence"]}, "Merger", "Choose one of the choices given."),
        ("choice", {"choices": ["Pilot", "Licence"]}, "pilot", "Choose one of the choices given."),
        ("number", {}, "twelve", "Enter a number."),
        ("number", {}, "NaN", "Enter a number."),
        ("number", {}, "1e17", "Enter a number."),
        ("money", {}, (Decimal("1500"), ""), "Enter an amount of zero or more and its currency."),
        ("money", {}, Decimal("1500"), "Enter an amount of zero or more and its currency."),
        (
            "money",
            {},
            (Decimal("1500"), "XYZ"),
            "Enter an amount of zero or more and its currency.",
        ),
        ("money", {}, (Decimal("-1"), "RUB"), "Enter an amount of zero or more and its currency."),
        ("file", {}, "pitch.pdf", "Attach a file."),
    ],
)
def test_a_bad_answer_is_refused_under_its_field_and_nothing_is_stored(
    world: World,
    challenge: Opportunity,
    gamma: Applicant,
    kind: str,
    options: dict[str, Any],
    value: Any,
    message: str,
):
    field = _field(world, challenge, kind, **options)
    good = _field(world, challenge, "text")
    application = started(challenge, gamma)

    with pytest.raises(ValidationError) as refused:
        services.save_answers(
            application, by=gamma.member, values={good.pk: "Fine", field.pk: value}
        )

    assert refused.value.message_dict == {f"field_{field.pk}": [message]}
    assert Answer.objects.count() == 0
    assert not AuditEvent.objects.filter(action="application.answers_saved").exists()


def test_saving_again_replaces_the_answer(world: World, challenge: Opportunity, gamma: Applicant):
    field = _field(world, challenge, "text")
    application = started(challenge, gamma)
    services.save_answers(application, by=gamma.member, values={field.pk: "First"})

    services.save_answers(application, by=gamma.member, values={field.pk: "Second"})

    assert list(Answer.objects.values_list("text", flat=True)) == ["Second"]


def test_a_question_of_another_form_is_refused(
    world: World, challenge: Opportunity, gamma: Applicant
):
    other = publish(world, title="Another challenge")
    foreign = _field(world, other, "text")
    application = started(challenge, gamma)

    with pytest.raises(ValidationError) as refused:
        services.save_answers(application, by=gamma.member, values={foreign.pk: "Hello"})

    assert list(refused.value.message_dict) == ["answers"]
    assert Answer.objects.count() == 0


@pytest.mark.parametrize("role", ["member_b", "admin_a", "operator"])
def test_only_the_applicants_members_save_answers(
    world: World, challenge: Opportunity, gamma: Applicant, role: str
):
    field = _field(world, challenge, "text")
    application = started(challenge, gamma)

    with pytest.raises(NotPermitted):
        services.save_answers(application, by=world.users[role], values={field.pk: "Mine now"})

    assert Answer.objects.count() == 0


# Files


def test_a_pdf_is_stored_with_its_name_type_and_size(
    world: World, challenge: Opportunity, gamma: Applicant, settings: Any
):
    field = _field(world, challenge, "file")
    application = started(challenge, gamma)

    services.save_answers(application, by=gamma.member, files={field.pk: pdf("Pitch deck.pdf")})

    answer = _answer(application, field)
    assert (answer.original_name, answer.content_type, answer.size) == (
        "Pitch deck.pdf",
        "application/pdf",
        len(PDF),
    )
    assert answer.file.name == f"applications/{answer.public_id.hex[:2]}/{answer.public_id.hex}"
    assert _stored_files(settings) == [answer.file.name]
    with answer.file.open("rb") as stored:
        assert stored.read() == PDF


@pytest.mark.parametrize("content", [EXECUTABLE, b"just some words, not a PDF"])
def test_a_file_that_is_not_a_pdf_but_named_pdf_is_refused_and_nothing_is_stored(
    world: World, challenge: Opportunity, gamma: Applicant, settings: Any, content: bytes
):
    field = _field(world, challenge, "file")
    application = started(challenge, gamma)

    with pytest.raises(ValidationError) as refused:
        services.save_answers(
            application, by=gamma.member, files={field.pk: pdf("invoice.pdf", content)}
        )

    assert list(refused.value.message_dict) == [f"field_{field.pk}"]
    assert "invoice.pdf is not a file type we accept" in refused.value.messages[0]
    assert Answer.objects.count() == 0
    assert _stored_files(settings) == []


def test_a_good_file_with_a_bad_answer_beside_it_stores_neither(
    world: World, challenge: Opportunity, gamma: Applicant, settings: Any
):
    deck = _field(world, challenge, "file")
    budget = _field(world, challenge, "money")
    application = started(challenge, gamma)

    with pytest.raises(ValidationError) as refused:
        services.save_answers(
            application,
            by=gamma.member,
            values={budget.pk: (Decimal("100"), "")},
            files={deck.pk: pdf()},
        )

    assert list(refused.value.message_dict) == [f"field_{budget.pk}"]
    assert (Answer.objects.count(), _stored_files(settings)) == (0, [])


def test_a_file_for_a_question_that_takes_none_is_refused(
    world: World, challenge: Opportunity, gamma: Applicant, settings: Any
):
    field = _field(world, challenge, "text")
    application = started(challenge, gamma)

    with pytest.raises(ValidationError) as refused:
        services.save_answers(application, by=gamma.member, files={field.pk: pdf()})

    assert refused.value.message_dict == {
        f"field_{field.pk}": ["This question does not take a file."]
    }
    assert (Answer.objects.count(), _stored_files(settings)) == (0, [])


def test_replacing_a_file_deletes_the_old_one_only_after_commit(
    world: World,
    challenge: Opportunity,
    gamma: Applicant,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
):
    field = _field(world, challenge, "file")
    application = started(challenge, gamma)
    services.save_answers(application, by=gamma.member, files={field.pk: pdf("v1.pdf")})
    old = _answer(application, field).file.name
    second = PDF.replace(b"%%EOF", b"% second version\n%%EOF")

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.save_answers(application, by=gamma.member, files={field.pk: pdf("v2.pdf", second)})
    new = _answer(application, field)
    before_commit = default_storage.exists(old)
    for callback in callbacks:
        callback()

    assert before_commit is True
    assert new.original_name == "v2.pdf"
    assert new.file.name != old
    assert _stored_files(settings) == [new.file.name]
    assert Answer.objects.count() == 1
    with new.file.open("rb") as stored:
        assert stored.read() == second


def test_replacing_a_file_executes_the_deletion_on_commit(
    world: World,
    challenge: Opportunity,
    gamma: Applicant,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
):
    field = _field(world, challenge, "file")
    application = started(challenge, gamma)
    services.save_answers(application, by=gamma.member, files={field.pk: pdf("v1.pdf")})
    old = _answer(application, field).file.name

    with django_capture_on_commit_callbacks(execute=True):
        services.save_answers(application, by=gamma.member, files={field.pk: pdf("v2.pdf")})

    assert not default_storage.exists(old)
    assert _stored_files(settings) == [_answer(application, field).file.name]


def test_a_refused_replacement_keeps_the_old_file_and_answer(
    world: World,
    challenge: Opportunity,
    gamma: Applicant,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
):
    field = _field(world, challenge, "file")
    application = started(challenge, gamma)
    services.save_answers(application, by=gamma.member, files={field.pk: pdf("v1.pdf")})
    old = _answer(application, field)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.save_answers(
            application, by=gamma.member, files={field.pk: pdf("v2.pdf", EXECUTABLE)}
        )

    assert _answer(application, field) == old
    assert _stored_files(settings) == [old.file.name]


# Submitting


def test_an_ineligible_organisation_cannot_submit_and_is_told_why(world: World, gamma: Applicant):
    opportunity = publish(world, eligible_countries=["KZ"], eligible_kinds=["startup"])
    application = started(opportunity, gamma)

    with clock.frozen(DURING), pytest.raises(ValidationError) as refused:
        services.submit_application(application, by=gamma.member)

    assert refused.value.message_dict == {
        "eligibility": ["Open to organisations from: Kazakhstan."]
    }
    application.refresh_from_db()
    assert (application.status, application.submitted_at) == (ApplicationStatus.DRAFT, None)


def test_submission_names_every_missing_required_answer(
    world: World, challenge: Opportunity, gamma: Applicant
):
    summary = _field(world, challenge, "long_text")
    deck = _field(world, challenge, "file")
    budget = _field(world, challenge, "money")
    _field(world, challenge, "text", required=False)
    answered = _field(world, challenge, "number")
    application = started(challenge, gamma)
    services.save_answers(application, by=gamma.member, values={summary.pk: "   ", answered.pk: 0})

    with clock.frozen(DURING), pytest.raises(ValidationError) as refused:
        services.submit_application(application, by=gamma.member)

    assert refused.value.message_dict == {
        f"field_{field.pk}": ["This question needs an answer."] for field in (summary, deck, budget)
    }
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_a_complete_application_is_submitted(
    world: World, challenge: Opportunity, gamma: Applicant
):
    summary = _field(world, challenge, "long_text")
    deck = _field(world, challenge, "file")
    application = started(challenge, gamma)
    services.save_answers(
        application, by=gamma.member, values={summary.pk: "We count cars."}, files={deck.pk: pdf()}
    )

    with clock.frozen(DURING):
        services.submit_application(application, by=gamma.member)

    application.refresh_from_db()
    assert (application.status, application.submitted_at) == (ApplicationStatus.SUBMITTED, DURING)
    assert AuditEvent.objects.filter(action="application.submitted").count() == 1


@pytest.mark.parametrize("role", ["member_b", "admin_a", "operator"])
def test_only_the_applicants_members_submit(
    world: World, challenge: Opportunity, gamma: Applicant, role: str
):
    application = started(challenge, gamma)

    with clock.frozen(DURING), pytest.raises(NotPermitted):
        services.submit_application(application, by=world.users[role])

    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_a_closed_opportunity_takes_no_submissions(
    world: World, challenge: Opportunity, gamma: Applicant
):
    application = started(challenge, gamma)
    services.close_opportunity(challenge, by=world.users["admin_a"])

    with clock.frozen(DURING), pytest.raises(ValidationError) as refused:
        services.submit_application(application, by=gamma.member)

    assert refused.value.message_dict == {
        "status": ["This opportunity does not take applications."]
    }


def test_a_submitted_application_can_be_neither_changed_nor_submitted_again(
    world: World, challenge: Opportunity, gamma: Applicant
):
    field = _field(world, challenge, "text", required=False)
    application = submitted(challenge, gamma)

    with pytest.raises(ValidationError) as change:
        services.save_answers(application, by=gamma.member, values={field.pk: "Too late"})
    with clock.frozen(DURING + timedelta(hours=1)), pytest.raises(ValidationError) as again:
        services.submit_application(application, by=gamma.member)

    assert change.value.message_dict == {"status": ["Only a draft can be changed."]}
    assert again.value.message_dict == {"status": ["Only a draft can be submitted."]}
    assert Answer.objects.count() == 0
    application.refresh_from_db()
    assert application.submitted_at == DURING
    assert AuditEvent.objects.filter(action="application.submitted").count() == 1


def test_submission_time_is_stored_in_utc(challenge: Opportunity, gamma: Applicant):
    moscow = datetime(2025, 3, 10, 15, 0, tzinfo=ZoneInfo("Europe/Moscow"))

    application = submitted(challenge, gamma, at=moscow)

    stored = Application.objects.get(pk=application.pk)
    assert stored.submitted_at == datetime(2025, 3, 10, 12, 0, tzinfo=UTC)
    assert stored.submitted_at.utcoffset() == timedelta(0)
