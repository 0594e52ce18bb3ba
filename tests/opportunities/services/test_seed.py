"""Loading the demo opportunities of the seed documents: every kind, every status of an
application, and what followed the accepted ones."""

import io
import json
import zoneinfo
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from consortia.accounts.models import User
from consortia.core import clock
from consortia.core.models import AuditEvent
from consortia.core.uploads import check_upload
from consortia.directory.services.bulk import load_seed_world
from consortia.directory.services.demo import ensure_demo_logins
from consortia.opportunities import selectors
from consortia.opportunities.models import (
    Answer,
    Application,
    ApplicationStatus,
    Booking,
    Engagement,
    EngagementKind,
    Opportunity,
    OpportunityKind,
    OpportunityStatus,
)
from consortia.opportunities.services import booked_on, local_window
from consortia.opportunities.services.seed import (
    SEED_OPPORTUNITIES,
    demo_pdf,
    load_seed_opportunities,
)

DATA = json.loads(SEED_OPPORTUNITIES.read_text(encoding="utf-8"))
ROWS = DATA["opportunities"]
NOW = datetime(2025, 6, 2, 7, 30, tzinfo=UTC)  # 10:30 in Moscow, 12:30 in Almaty


@pytest.fixture
def operator(db: Any) -> Iterator[Any]:
    """The demo operator, with the seed world and the demo sign-ins, at a fixed time."""
    with clock.frozen(NOW):
        load_seed_world()
        ensure_demo_logins()
        yield User.objects.get(email="operator@demo.consortia.example")


@pytest.fixture
def loaded(operator: Any) -> Any:
    load_seed_opportunities(by=operator)
    return operator


def _row(opportunity: Opportunity) -> dict[str, Any]:
    return next(row for row in ROWS if row["title"] == opportunity.title)


def test_loading_twice_creates_then_skips(operator: Any):
    first = load_seed_opportunities(by=operator)
    counts = (Opportunity.objects.count(), Application.objects.count(), Engagement.objects.count())

    second = load_seed_opportunities(by=operator)

    assert (first.created, first.skipped) == (len(ROWS), 0)
    assert (second.created, second.skipped) == (0, len(ROWS))
    assert (
        Opportunity.objects.count(),
        Application.objects.count(),
        Engagement.objects.count(),
    ) == counts
    assert counts[0] == len(ROWS)
    assert AuditEvent.objects.filter(action="opportunity.seed_loaded").count() == 1


def test_every_kind_of_opportunity_is_there(loaded: Any):
    kinds = set(Opportunity.objects.values_list("kind", flat=True))

    assert kinds == set(OpportunityKind.values)


def test_every_status_of_an_application_is_there(loaded: Any):
    statuses = set(Application.objects.values_list("status", flat=True))

    assert statuses == set(ApplicationStatus.values)
    for application in Application.objects.filter(status=ApplicationStatus.REJECTED):
        assert application.decision_reason
        assert application.decided_at is not None


def test_statuses_and_windows_are_as_intended(loaded: Any):
    states = set()

    for opportunity in Opportunity.objects.all():
        row = _row(opportunity)
        zone = zoneinfo.ZoneInfo(row["time_zone"])
        today = NOW.astimezone(zone).date()
        opens, closes = local_window(opportunity)
        assert opportunity.status == row["status"]
        assert opportunity.time_zone == row["time_zone"]
        assert (opens.date(), opens.hour) == (today + timedelta(days=row["opens_days"]), 9)
        assert (closes.date(), closes.hour) == (today + timedelta(days=row["closes_days"]), 18)
        assert opens.tzinfo == zone
        if opportunity.closes_at <= NOW:
            state = "closed"
        elif opportunity.opens_at > NOW:
            state = "future"
        else:
            state = "open"
        assert (state == "closed") == (opportunity.status == OpportunityStatus.CLOSED)
        states.add(state)

    assert states == {"closed", "open", "future"}


def test_applications_in_a_closed_window_were_made_inside_it(loaded: Any):
    closed = Opportunity.objects.get(status=OpportunityStatus.CLOSED)

    submitted = closed.applications.exclude(submitted_at=None)

    assert submitted.exists()
    for application in submitted:
        assert closed.opens_at <= application.submitted_at < closed.closes_at
        assert application.decided_at is None or application.decided_at > closed.closes_at


def test_submitted_applications_are_complete_eligible_and_carry_a_pdf(loaded: Any):
    applications = Application.objects.exclude(status=ApplicationStatus.DRAFT)

    for application in applications.select_related("opportunity", "applicant"):
        answered = {a.field_id: a for a in application.answers.all()}
        for field in application.opportunity.fields.filter(required=True):
            assert field.pk in answered, (application, field)
        verdict = selectors.eligibility(application.opportunity, application.applicant)
        assert verdict.eligible, (application, verdict.failed)
    files = Answer.objects.exclude(file="")
    assert files.exists()
    assert set(files.values_list("content_type", flat=True)) == {"application/pdf"}


def test_the_demo_pdf_passes_the_upload_check():
    upload = SimpleUploadedFile("deck.pdf", demo_pdf("Demo (1)"))

    checked = check_upload(upload)

    assert checked.content_type == "application/pdf"
    assert io.BytesIO(demo_pdf("x")).read().rstrip().endswith(b"%%EOF")


def test_every_opportunity_has_two_reviewers_who_scored_what_was_submitted(loaded: Any):
    for opportunity in Opportunity.objects.prefetch_related("reviewers", "criteria"):
        reviewers = {r.user_id for r in opportunity.reviewers.all()}
        assert len(reviewers) >= 2
        assert 2 <= opportunity.criteria.count() <= 4
        for application in opportunity.applications.filter(
            status__in=[
                ApplicationStatus.SUBMITTED,
                ApplicationStatus.SHORTLISTED,
                ApplicationStatus.ACCEPTED,
            ]
        ):
            scored_by = set(application.scores.values_list("reviewer_id", flat=True))
            assert scored_by == reviewers
            assert application.scores.count() == len(reviewers) * opportunity.criteria.count()


def test_accepted_applications_are_followed_by_a_pilot_a_residency_and_a_grant(loaded: Any):
    engagements = Engagement.objects.select_related("application__opportunity")

    kinds = {e.kind for e in engagements}
    pilot = engagements.get(kind=EngagementKind.PILOT)
    grant = engagements.get(kind=EngagementKind.GRANT)

    assert kinds >= {EngagementKind.PILOT, EngagementKind.RESIDENCY, EngagementKind.GRANT}
    assert all(e.application.status == ApplicationStatus.ACCEPTED for e in engagements)
    assert pilot.site == pilot.application.opportunity.pilot_site is not None
    assert pilot.starts_on < pilot.ends_on
    assert pilot.kpis
    assert pilot.result.startswith("[демо]")
    assert (pilot.contract_amount, pilot.contract_currency) == (Decimal("12000000.00"), "RUB")
    assert grant.tranches.count() == 2
    assert grant.plan.startswith("[демо]")
    for residency in engagements.filter(kind=EngagementKind.RESIDENCY):
        assert residency.booking.offer.kind == OpportunityKind.SOFT_LANDING


def test_bookings_never_exceed_the_offers_desks_or_housing(loaded: Any):
    bookings = list(Booking.objects.select_related("offer"))

    assert bookings
    for booking in bookings:
        offer = booking.offer
        day = booking.starts_on
        while day <= booking.ends_on:
            held = booked_on(offer, day)
            assert held["desks"] <= offer.desks
            assert held["housing"] <= offer.housing_places
            day += timedelta(days=1)
        assert (booking.ends_on - booking.starts_on).days == offer.stay_days - 1


def test_pilot_requests_have_a_site_nda_and_every_kind_of_question(loaded: Any):
    requests = Opportunity.objects.filter(kind=OpportunityKind.PILOT_REQUEST)

    assert requests.count() == 2
    for request in requests:
        assert request.owner.name == "Russian Post"
        assert request.pilot_site is not None
        assert request.pilot_site.owner == request.owner
        assert request.nda_text
        assert {"text", "long_text", "choice", "number", "money", "file"} <= set(
            request.fields.values_list("kind", flat=True)
        )
        assert all(a.nda_accepted_at for a in request.applications.all())


def test_soft_landing_offers_are_for_startups_of_other_sco_members(loaded: Any):
    sco = {"BY", "CN", "IN", "IR", "KG", "KZ", "PK", "RU", "TJ", "UZ"}

    offers = Opportunity.objects.filter(kind=OpportunityKind.SOFT_LANDING).select_related("owner")

    assert offers.count() == 2
    for offer in offers:
        countries = set(offer.eligible_countries.values_list("code", flat=True))
        assert offer.owner.kind == "technopark"
        assert offer.owner.country_id in sco
        assert countries == sco - {offer.owner.country_id}
        assert offer.eligible_kinds == ["startup"]
        assert offer.desks and offer.housing_places and offer.stay_days


def test_no_money_of_an_opportunity_is_invented(loaded: Any):
    for opportunity in Opportunity.objects.all():
        assert opportunity.grant_amount is None
        assert opportunity.ticket_min_amount is None
        assert opportunity.ticket_max_amount is None
    for row in ROWS:
        assert row["demo_note"]


def test_titles_and_descriptions_are_in_the_language_of_their_source(loaded: Any):
    cyrillic = set("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")

    for opportunity in Opportunity.objects.all():
        has_cyrillic = bool(cyrillic & set(opportunity.description.lower()))
        assert has_cyrillic == (opportunity.language == "ru"), opportunity.title
