"""A person downloads all their data and erases their account (core.privacy, ADR 0009).

The coverage test fails on any model, of any installed app, that points at an account, a person
or an organisation without a holding saying how the export and erasure treat it. The round trip
runs on the authorization matrix's world (every app's objects), erases A's member, and then reads
every text column of every table for what named them.
"""

import json
from datetime import timedelta
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

from consortia.accounts import selectors, services
from consortia.accounts.models import User
from consortia.core.permissions import NotPermitted
from consortia.core.privacy import Erase, holdings, references
from tests.factories.accounts import PASSWORD
from tests.factories.directory import OfferFactory
from tests.test_authorization_matrix import build_objects

pytestmark = pytest.mark.django_db


def test_every_reference_to_a_person_or_organisation_is_covered():
    covered: dict[str, set[str]] = {}
    for holding in holdings():
        covered.setdefault(holding.model, set()).update(holding.refs)
    missing, stale = [], []
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label
        refs = set(references(model))
        missing += [f"{label}.{name}" for name in sorted(refs - covered.get(label, set()))]
        stale += [f"{label}.{name}" for name in sorted(covered.pop(label, set()) - refs)]
    assert missing == [], "no holding covers these references (see core/privacy.py)"
    assert stale == [], "holdings name fields that are not references"
    assert covered == {}, "holdings name models that do not exist"


def test_every_holding_says_what_happens_and_why():
    for holding in holdings():
        if holding.erase in (Erase.KEEP, Erase.EXEMPT) or not holding.columns:
            assert len(holding.why) > 20, holding
    sections = [h.section for h in holdings() if h.columns and h.erase is not Erase.EXEMPT]
    assert len(sections) == len(set(sections)), "two exported holdings share a section name"


# --- The round trip on a world of every app's objects ----------------------------------------
NAME = "Aigerim Seitkali"
BIO = "Builds LoRa sensor networks for grain elevators in Kostanay."
PHONE = "+7 701 555 0142"
NOTE = "Arriving from Astana on the night train"
REQUEST_TEXT = "Could we talk about your elevator pilots in Kostanay"


def _give_every_holding(objects: Any) -> User:
    """A's member, given at least one row of every exported holding (most of the world's objects
    were made by others), and personal words that erasure must remove wherever they are."""
    from allauth.mfa.models import Authenticator
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType

    from consortia.agreements.models import Agreement, AgreementDocument, ProgressReport
    from consortia.core import audit, clock
    from consortia.directory.models import Invitation, Offer, Organisation, Person
    from consortia.events.models import (
        Delegation,
        Event,
        Participant,
        Registration,
        RegistrationStatus,
        ScheduleRun,
    )
    from consortia.matching.models import Dismissal, Suggested, SuggestionRound
    from consortia.messaging import services as messaging
    from consortia.messaging.models import (
        Block,
        Delivery,
        Digest,
        InterestKind,
        NotificationPreference,
    )
    from consortia.opportunities.models import Criterion, Opportunity, Reviewer, Score
    from consortia.projects.models import ExchangeRate, Project, Update

    world = objects.world
    user, operator = world.users["member_a"], world.users["operator"]
    member_b = world.users["member_b"]
    Person.objects.filter(user=user).update(full_name=NAME, bio=BIO, phone=PHONE, title="CTO")
    user.refresh_from_db()
    person = user.person
    now, today = clock.now(), clock.today()

    user.groups.add(Group.objects.create(name="Pilot reviewers"))
    user.user_permissions.add(Permission.objects.get(codename="view_organisation"))
    Authenticator.objects.create(user=user, type="totp", data={"secret": "JBSWY3DPEHPK3PXP"})
    for author, about in ((user, world.org_a), (operator, user)):
        LogEntry.objects.create(
            user=author,
            content_type=ContentType.objects.get_for_model(about),
            object_id=str(about.pk),
            object_repr=str(about),
            action_flag=CHANGE,
        )
    Organisation.objects.filter(pk=world.org_a.pk).update(contact_email=user.email)
    Organisation.objects.filter(pk=world.org_b.pk).update(verified_by=user)
    Invitation.objects.filter(pk=objects.invitation.pk).update(invited_by=user)
    invitation = Invitation.objects.create(
        organisation=world.org_b, email=user.email, expires_at=now + timedelta(days=3)
    )
    audit.record(
        "invitation.created",
        actor=member_b,
        target=invitation,
        data={"email": user.email, "role": "member"},
    )
    Offer.objects.filter(pk=objects.offer.pk).update(created_by=user)
    Agreement.objects.filter(pk=objects.agreement.pk).update(created_by=user)
    AgreementDocument.objects.filter(pk=objects.document.pk).update(uploaded_by=user)
    ProgressReport.objects.create(
        commitment=objects.commitment, reported_on=today, text="Sensors installed", reported_by=user
    )
    Project.objects.filter(pk=objects.project.pk).update(created_by=user)
    Update.objects.create(
        project=objects.project, text="Pilot started", author=user, organisation=world.org_a
    )
    ExchangeRate.objects.create(currency="KZT", into="RUB", rate="0.18", on=today, entered_by=user)
    Opportunity.objects.filter(pk=objects.draft_opportunity.pk).update(created_by=user)
    Reviewer.objects.create(opportunity=objects.opportunity, user=user)
    criterion = Criterion.objects.filter(opportunity=objects.opportunity).first()
    if criterion is None:
        criterion = Criterion.objects.create(opportunity=objects.opportunity, name="Team", weight=1)
    Score.objects.create(
        application=objects.application, reviewer=user, criterion=criterion, value=4, comment="Ok"
    )
    Event.objects.filter(pk=objects.event.pk).update(created_by=user)
    Registration.objects.create(
        event=objects.event, user=user, status=RegistrationStatus.CONFIRMED, note=NOTE
    )
    Registration.objects.filter(pk=objects.registration.pk).update(decided_by=user)
    Delegation.objects.create(event=objects.event, organisation=world.org_a, head=user)
    Participant.objects.filter(session=objects.b2b, organisation=world.org_a).update(contact=user)
    ScheduleRun.objects.filter(pk=objects.run.pk).update(requested_by=user)
    Dismissal.objects.create(
        subject=f"organisation:{world.org_a.public_id}", item="offer:x", by=user, created_at=now
    )
    Suggested.objects.create(person=person, item="offer:x", suggested_at=now)
    SuggestionRound.objects.create(person=person, week="2026-W48", created_at=now)
    messaging.request_contact(member_b.person, by=user, message=REQUEST_TEXT)
    Digest.objects.create(recipient=person, frequency=Delivery.DAILY, period_start=today)
    messaging.express_interest(
        OfferFactory(organisation=world.org_b, created_by=member_b),
        by=user,
        kind=InterestKind.MEET,
        message="Shall we meet at the forum?",
        organisation=world.org_a,
    )
    Block.objects.create(blocker=person, blocked=world.users["no_org"].person)
    Block.objects.create(blocker=member_b.person, blocked=person)
    NotificationPreference.objects.create(
        person=person, kind="message.received", delivery=Delivery.WEEKLY
    )
    return user


def _personal_words(user: User) -> list[str]:
    return [user.email, NAME, BIO, PHONE, NOTE, REQUEST_TEXT]


def _where_found(words: list[str]) -> list[str]:
    """Every table's text and JSON columns, read raw, for any of ``words``."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        text = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        if not text:
            continue
        for row in model._base_manager.values_list("pk", *text).iterator():
            for column, value in zip(text, row[1:], strict=True):
                flat = (
                    json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
                )
                found += [
                    f"{model._meta.label}.{column} #{row[0]}: {word}"
                    for word in words
                    if word in (flat or "")
                ]
    return found


@pytest.fixture
def objects(world: Any) -> Any:
    """The authorization matrix's world: objects of every app."""
    return build_objects(world)


def test_the_export_holds_every_section_and_erasure_leaves_no_trace(objects: Any):
    from django.test import Client

    from consortia.accounts.services import create_api_token
    from consortia.directory.services import delete_organisation

    user = _give_every_holding(objects)
    words = _personal_words(user)
    raw_token = create_api_token(user, name="script").raw
    browser = Client()
    browser.force_login(user)

    data = selectors.personal_data(user)
    empty = sorted(name for name, rows in data["sections"].items() if not rows)
    assert empty == [], "the export carries no row of these holdings"
    assert data["sections"]["directory.person"][0]["full_name"] == NAME
    assert set(data["erasure"]) == set(data["sections"])
    exported = json.dumps(data["sections"], default=str, ensure_ascii=False)
    assert "JBSWY3DPEHPK3PXP" not in exported  # the second factor's secret never leaves
    assert raw_token[8:] not in exported  # only the hint shown on the tokens page

    # A's member alone owns the pending organisation: erasure waits, and nothing changes.
    with pytest.raises(NotPermitted, match="Pending Labs"):
        services.erase_account(user, by=user, confirm=user.email)
    assert selectors.personal_data(user)["sections"] == data["sections"]
    delete_organisation(objects.world.pending, by=user)

    kept = {
        index: h.rows(user).count()
        for index, h in enumerate(holdings())
        if h.erase is Erase.KEEP and h.mine is not None
    }
    touched = services.erase_account(user, by=user, confirm=f"  {user.email.upper()} ")

    assert _where_found(words) == []
    assert touched["directory.membership"] == 1
    for index, holding in enumerate(holdings()):
        if holding.mine is None:
            continue
        if holding.erase is Erase.DELETE:
            assert holding.rows(user).count() == 0, holding.section
        elif holding.erase is Erase.KEEP:
            assert holding.rows(user).count() == kept[index], holding.section
    account = User.objects.get(pk=user.pk)
    assert account.email == f"erased-{user.pk}@erased.invalid"
    assert not account.is_active and not account.has_usable_password()
    assert account.erased_at is not None
    assert account.person.full_name.startswith("Former member ")
    from consortia.core.models import AuditEvent

    event = AuditEvent.objects.get(action="account.erased")
    assert event.actor is None and event.target_id == str(user.pk)
    assert event.data["rows"]["directory.membership"] == 1
    # The trail of what they did is whole (and since the export: the pending organisation's
    # deletion), under the pseudonymised account.
    done = AuditEvent.objects.filter(actor=account).count()
    assert done == len(data["sections"]["core.auditevent"]) + 1

    # Signed out everywhere, the token is dead, and the password no longer signs in.
    assert browser.get("/directory/profile/").status_code == 302
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw_token}").status_code == 401
    signed_in = Client().login(email=user.email, password=PASSWORD)
    assert not signed_in
    # Nobody but the operator finds the person any more; the operator sees the pseudonym.
    page = objects.world.client("member_b").get(f"/directory/people/{account.person.public_id}/")
    assert page.status_code == 404
    staff = objects.world.client("operator").get(f"/directory/people/{account.person.public_id}/")
    assert staff.status_code == 200 and NAME not in staff.content.decode()


# --- Refusals: each leaves everything as it was ----------------------------------------------
def _snapshot(user: User) -> str:
    return json.dumps(selectors.personal_data(user)["sections"], default=str, sort_keys=True)


def test_a_wrong_confirmation_erases_nothing(world: Any):
    user = world.users["admin_a"]
    before = _snapshot(user)
    with pytest.raises(ValidationError) as refused:
        services.erase_account(user, by=user, confirm="someone@else.example")
    assert "confirm" in refused.value.message_dict
    assert _snapshot(user) == before
    assert User.objects.get(pk=user.pk).erased_at is None


def test_only_the_person_erases_and_never_a_staff_account_or_twice(world: Any):
    member, operator = world.users["member_b"], world.users["operator"]
    with pytest.raises(NotPermitted):
        services.erase_account(member, by=operator, confirm=member.email)
    with pytest.raises(NotPermitted, match="staff"):
        services.erase_account(operator, by=operator, confirm=operator.email)
    assert User.objects.get(pk=operator.pk).is_active
    services.erase_account(member, by=member, confirm=member.email)
    with pytest.raises(NotPermitted, match="already"):
        services.erase_account(member, by=member, confirm=member.email)
    with pytest.raises(NotPermitted, match="cannot be reinstated"):
        services.reinstate_account(member, by=operator)
    assert not User.objects.get(pk=member.pk).is_active
    # The operator's list of suspended accounts (with "reinstate") leaves erased ones out.
    services.suspend_account(world.users["no_org"], by=operator, reason="Spam")
    console = world.client("operator").get("/operator/reports/").content.decode()
    assert "Lonely Person" in console and "Former member" not in console


def test_the_sole_owner_is_told_what_to_settle_first(world: Any, client: Any):
    owner = world.users["owner_a"]
    client.force_login(owner)
    page = client.get("/accounts/data/").content.decode()
    assert "You are the only owner of Alpha Robotics" in page
    assert "Erase my account" not in page  # no form to submit while it stands
    with pytest.raises(NotPermitted, match="Alpha Robotics"):
        services.erase_account(owner, by=owner, confirm=owner.email)
    # A second owner settles it.
    from consortia.directory.models import Membership, Role

    Membership.objects.filter(person__user=world.users["admin_a"]).update(role=Role.OWNER)
    page = client.get("/accounts/data/").content.decode()
    assert "only owner" not in page and "Erase my account" in page


# --- The web page and the API ------------------------------------------------------------------
def _sign_in(client: Any, user: User) -> None:
    """Signs in through the real login form, so allauth knows the password was just given."""
    answer = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert answer.status_code == 302, answer.content.decode()[:500]


def test_the_page_downloads_and_erases_after_the_password(world: Any, client: Any):
    user = world.users["member_b"]
    _sign_in(client, user)
    page = client.get("/accounts/data/")
    assert page.status_code == 200 and "Download my data (JSON)" in page.content.decode()
    download = client.get("/accounts/data/export.json")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith('attachment; filename="consortia-my-data-')
    assert "no-store" in download["Cache-Control"]
    data = json.loads(download.content)
    assert data["format"] == "consortia.personal-data" and data["account"] == user.email
    assert data["sections"]["directory.membership"][0]["organisation__name"] == "Beta Payments"

    asked = client.post("/accounts/data/erase/", {"confirm": user.email})
    assert "/accounts/reauthenticate/" in asked["Location"]  # even right after signing in
    assert client.post("/accounts/reauthenticate/", {"password": PASSWORD}).status_code == 302
    wrong = client.post("/accounts/data/erase/", {"confirm": "not-me@example.org"})
    assert wrong.status_code == 422 and "Type your e-mail address exactly" in wrong.content.decode()
    erased = client.post("/accounts/data/erase/", {"confirm": user.email}, follow=True)
    assert erased.redirect_chain[-1][0] == "/"
    assert "Your account is erased" in erased.content.decode()
    assert client.get("/accounts/data/").status_code == 302  # signed out
    assert User.objects.get(pk=user.pk).erased_at is not None
    assert not client.login(email=user.email, password=PASSWORD)


def test_erasing_asks_for_the_password_again_and_a_wrong_one_erases_nothing(
    world: Any, client: Any
):
    user = world.users["member_b"]
    client.force_login(user)
    asked = client.post("/accounts/data/erase/", {"confirm": user.email})
    assert asked.status_code == 302 and "/accounts/reauthenticate/" in asked["Location"]
    assert client.post(asked["Location"], {"password": "wrong-password"}).status_code == 200
    client.post("/accounts/data/erase/", {"confirm": user.email})
    assert User.objects.get(pk=user.pk).erased_at is None
    assert client.post(asked["Location"], {"password": PASSWORD}).status_code == 302
    client.post("/accounts/data/erase/", {"confirm": user.email})
    assert User.objects.get(pk=user.pk).erased_at is not None


def test_the_api_exports_the_callers_own_data_only(world: Any, client: Any):
    from consortia.accounts.services import create_api_token

    for role in ("member_a", "member_b"):
        user = world.users[role]
        token = create_api_token(user, name="export").raw
        answer = client.get("/api/v1/me/data", HTTP_AUTHORIZATION=f"Bearer {token}")
        assert answer.status_code == 200
        data = answer.json()
        assert data["account"] == user.email
        assert [row["email"] for row in data["sections"]["accounts.user"]] == [user.email]
        assert data["erasure"]["directory.membership"]["erase"] == "delete"
    assert client.get("/api/v1/me/data").status_code == 401


def test_an_account_without_a_person_exports_and_erases(db: Any):
    from tests.factories.accounts import UserFactory

    user = UserFactory(email="bare@example.org")
    data = selectors.personal_data(user)
    assert data["sections"]["accounts.user"][0]["email"] == "bare@example.org"
    assert data["sections"]["directory.person"] == []
    services.erase_account(user, by=user, confirm="bare@example.org")
    assert _where_found(["bare@example.org"]) == []
