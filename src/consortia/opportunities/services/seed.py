"""Loading the demo opportunities drawn from the seed documents.

Russian Post's pilot requests, soft-landing offers of SCO technoparks, a support measure of the
Moscow Innovation Cluster, the SCO technoparks' joint acceleration programme and venture fund
call, and a smart-city challenge marked as demo — with applications in every status, reviews,
decisions and what followed (a pilot, residencies with desks and housing booked, a grant in
tranches).

Every opportunity, application, score, decision and engagement goes through the services. Three
things do not, as no service makes them: the reviewer accounts (created as
``directory.services.demo.ensure_demo_logins`` creates the demo sign-ins, with unusable
passwords), their memberships in the owner organisations, and the pilot sites. The demo applicant
startups are registered by their demo founders and verified by the operator through the
directory services.

Windows are stored as offsets in days from the day of loading and converted in the owner's time
zone (applications open at 09:00 and close at 18:00 local time). Submission needs an open
window, so for an opportunity whose window has already closed the applications are made with
the clock frozen inside the window (``core.clock.frozen``), and reviewed and decided with it
frozen a few days after the close; the history then reads as it would have happened.

What the seed texts do not say is invented and explained in each row's ``demo_note``; invented
results are marked "[демо]"/"[demo]" in the texts themselves.
"""

import json
import re
import zoneinfo
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from consortia.accounts.models import User
from consortia.core import audit, clock
from consortia.core.money import Money
from consortia.directory.models import (
    Membership,
    Organisation,
    Person,
    Role,
    VerificationStatus,
)
from consortia.directory.policies import forget_memberships
from consortia.directory.services.organisations import register_organisation, verify_organisation
from consortia.directory.services.search_documents import person_document

from ..models import (
    Application,
    ApplicationStatus,
    Criterion,
    FieldKind,
    FormField,
    Opportunity,
    OpportunityStatus,
    PilotSite,
)
from .applications import (
    accept_application,
    assign_reviewer,
    reject_application,
    save_answers,
    score_application,
    shortlist_application,
    start_application,
    submit_application,
    withdraw_application,
)
from .engagements import add_tranche, book_residency, record_result, start_engagement
from .opportunities import (
    add_criterion,
    add_form_field,
    close_opportunity,
    create_opportunity,
    publish_opportunity,
)
from .pilot_sites import create_pilot_site

SEED_OPPORTUNITIES = Path(__file__).resolve().parent.parent / "data" / "seed_opportunities.json"
OPERATOR = "operator"  # in a row's reviewers: the operator who loads the seed
OPENS_AT = time(9)
CLOSES_AT = time(18)


@dataclass(frozen=True)
class SeedResult:
    created: int
    skipped: int


@dataclass(frozen=True)
class Applicant:
    organisation: Organisation
    founder: User


def demo_pdf(title: str) -> bytes:
    """A minimal valid one-page PDF saying ``title`` (ASCII), for file answers."""
    text = title.encode("ascii", "replace")
    text = text.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    stream = b"BT /F1 14 Tf 72 720 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    pdf = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    start_of_xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        start_of_xref,
    )
    return bytes(pdf)


def window_of(row: dict[str, Any], now: datetime) -> tuple[datetime, datetime]:
    """The row's window: its day offsets from today, at 09:00 and 18:00 in its time zone."""
    zone = zoneinfo.ZoneInfo(row["time_zone"])
    today = now.astimezone(zone).date()
    return (
        datetime.combine(today + timedelta(days=row["opens_days"]), OPENS_AT, tzinfo=zone),
        datetime.combine(today + timedelta(days=row["closes_days"]), CLOSES_AT, tzinfo=zone),
    )


def _money(value: dict[str, str] | None) -> Money | None:
    return Money.parse(value["amount"], value["currency"]) if value else None


def _organisation(name: str) -> Organisation:
    found = (
        Organisation.objects.filter(name=name, verification_status=VerificationStatus.VERIFIED)
        .order_by("pk")
        .first()
    )
    if found is None:
        raise LookupError(f"Load the seed world first; missing organisation: {name!r}")
    return found


def _ensure_account(email: str, *, full_name: str, title: str = "") -> User:
    """A demo account that cannot sign in with a password, with its person (as the demo
    sign-ins are made)."""
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(email=email)
        user.set_unusable_password()
        user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    Person.objects.get_or_create(user=user, defaults={"full_name": full_name, "title": title})
    return user


def _refresh_person(user: User) -> None:
    person = Person.objects.get(user=user)
    person.search_document = person_document(
        person, list(person.memberships.values_list("organisation__name", flat=True))
    )
    person.save(update_fields=["search_document"])
    forget_memberships(user)


def _ensure_reviewers(rows: list[dict[str, Any]]) -> None:
    """The owners' demo reviewers: members of the owner organisation."""
    for row in rows:
        user = _ensure_account(row["email"], full_name=row["full_name"], title=row["title"])
        Membership.objects.get_or_create(
            person=user.person,
            organisation=_organisation(row["organisation"]),
            defaults={"role": Role.MEMBER},
        )
        _refresh_person(user)


def _ensure_applicants(rows: list[dict[str, Any]], *, by: Any) -> dict[str, Applicant]:
    """The demo startups, registered by their demo founders and verified by the operator."""
    applicants = {}
    for row in rows:
        founder = _ensure_account(row["founder"]["email"], full_name=row["founder"]["full_name"])
        organisation = Organisation.objects.filter(name=row["name"]).order_by("pk").first()
        if organisation is None:
            organisation = register_organisation(
                by=founder,
                name=row["name"],
                kind="startup",
                country=row["country"],
                city=row.get("city", ""),
                language=row["language"],
                description=row["description"],
                topics=row["topics"],
                stage=row["stage"],
                founded_year=row["founded_year"],
            )
            organisation = verify_organisation(organisation, by=by)
            _refresh_person(founder)
        elif not Membership.objects.filter(
            person__user=founder, organisation=organisation
        ).exists():
            raise LookupError(f"{row['name']!r} exists without its demo founder")
        applicants[row["name"]] = Applicant(organisation, founder)
    return applicants


def _ensure_pilot_sites(rows: list[dict[str, Any]], *, by: Any) -> dict[str, PilotSite]:
    sites = {}
    for row in rows:
        owner = _organisation(row["owner"])
        site = PilotSite.objects.filter(owner=owner, name=row["name"]).first()
        if site is None:
            site = create_pilot_site(
                by=by,
                owner=owner,
                kind=row["kind"],
                name=row["name"],
                description=row["description"],
                language=row["language"],
                country=row["country"],
                city=row.get("city", ""),
                topics=row.get("topics", []),
            )
        sites[row["key"]] = site
    return sites


def _users(emails: list[str], *, by: Any) -> list[Any]:
    users = []
    for email in emails:
        user = by if email == OPERATOR else User.objects.filter(email=email).first()
        if user is None:
            raise LookupError(f"Create the demo sign-ins first (ensure_demo_logins): {email}")
        users.append(user)
    return users


def _at(moment: datetime | None) -> AbstractContextManager[Any]:
    """The clock frozen at ``moment``, or the real clock when there is none."""
    return clock.frozen(moment) if moment is not None else nullcontext()


def _answers(
    fields: dict[str, FormField], given: dict[str, Any], *, title: str
) -> tuple[dict[int, Any], dict[int, SimpleUploadedFile]]:
    values: dict[int, Any] = {}
    files: dict[int, SimpleUploadedFile] = {}
    for key, value in given.items():
        field = fields[key]
        if field.kind == FieldKind.FILE:
            name = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "application"
            files[field.pk] = SimpleUploadedFile(
                f"{name}.pdf", demo_pdf(title), content_type="application/pdf"
            )
        elif field.kind == FieldKind.MONEY:
            values[field.pk] = tuple(value)
        else:
            values[field.pk] = value
    return values, files


def _engage(
    application: Application,
    spec: dict[str, Any],
    *,
    by: Any,
    today: date,
    offers: dict[str, Opportunity],
) -> None:
    def day(offset: int | None) -> date | None:
        return today + timedelta(days=offset) if offset is not None else None

    engagement = start_engagement(
        application,
        by=by,
        starts_on=day(spec.get("starts_days")),
        ends_on=day(spec.get("ends_days")),
        plan=spec.get("plan", ""),
        kpis=spec.get("kpis", ""),
    )
    if spec.get("result"):
        record_result(
            engagement,
            by=by,
            result=spec["result"],
            contract_value=_money(spec.get("contract_value")),
        )
    for tranche in spec.get("tranches", []):
        add_tranche(
            engagement,
            by=by,
            amount=Money.parse(tranche["amount"], tranche["currency"]),
            due_on=today + timedelta(days=tranche["due_days"]),
            paid_on=day(tranche.get("paid_days")),
        )
    booking = spec.get("booking")
    if booking:
        book_residency(
            engagement,
            by=by,
            offer=offers[booking["offer"]],
            starts_on=today + timedelta(days=booking["starts_days"]),
            desks=booking.get("desks", 0),
            housing=booking.get("housing", 0),
        )


def _apply(
    opportunity: Opportunity,
    item: dict[str, Any],
    *,
    applicant: Applicant,
    fields: dict[str, FormField],
) -> Application:
    """Start, answer and — unless it stays a draft — submit (and maybe withdraw)."""
    founder = applicant.founder
    application = start_application(
        opportunity,
        by=founder,
        applicant=applicant.organisation,
        accept_nda=bool(opportunity.nda_text),
    )
    values, files = _answers(
        fields, item.get("answers", {}), title=f"Demo application of {applicant.organisation}"
    )
    save_answers(application, by=founder, values=values, files=files)
    if item["status"] != ApplicationStatus.DRAFT:
        submit_application(application, by=founder)
    if item["status"] == ApplicationStatus.WITHDRAWN:
        withdraw_application(application, by=founder)
    return application


def _review_and_decide(
    application: Application,
    item: dict[str, Any],
    *,
    by: Any,
    reviewers: list[Any],
    criteria: list[Criterion],
) -> None:
    scores = item.get("scores", [])
    for reviewer, values in zip(reviewers[: len(scores)], scores, strict=True):
        score_application(
            application,
            by=reviewer,
            scores={c: (v, "") for c, v in zip(criteria, values, strict=True)},
        )
    status = item["status"]
    if status in (ApplicationStatus.SHORTLISTED, ApplicationStatus.ACCEPTED):
        shortlist_application(application, by=by)
    if status == ApplicationStatus.ACCEPTED:
        accept_application(application, by=by, reason=item.get("reason", ""))
    if status == ApplicationStatus.REJECTED:
        reject_application(application, by=by, reason=item["reason"])


def _load_one(
    row: dict[str, Any],
    *,
    by: Any,
    now: datetime,
    sites: dict[str, PilotSite],
    applicants: dict[str, Applicant],
    offers: dict[str, Opportunity],
) -> Opportunity:
    opens_at, closes_at = window_of(row, now)
    rules = row.get("eligibility", {})
    money = {
        f"{prefix}_{part}": row[prefix][part]
        for prefix in ("grant", "ticket_min", "ticket_max")
        if row.get(prefix)
        for part in ("amount", "currency")
    }
    opportunity = create_opportunity(
        by=by,
        owner=_organisation(row["owner"]),
        pilot_site=sites[row["pilot_site"]] if row.get("pilot_site") else None,
        kind=row["kind"],
        title=row["title"],
        description=row["description"],
        language=row["language"],
        topics=row.get("topics", []),
        opens_at=opens_at,
        closes_at=closes_at,
        time_zone=row["time_zone"],
        capacity=row.get("capacity"),
        nda_text=row.get("nda_text", ""),
        desks=row.get("desks"),
        housing_places=row.get("housing_places"),
        stay_days=row.get("stay_days"),
        eligible_countries=rules.get("countries", []),
        eligible_kinds=rules.get("kinds", []),
        eligible_stages=rules.get("stages", []),
        eligible_topics=rules.get("topics", []),
        founded_from_year=rules.get("founded_from_year"),
        founded_until_year=rules.get("founded_until_year"),
        verified_only=rules.get("verified_only", True),
        **money,
    )
    offers[row["key"]] = opportunity
    fields = {
        spec["key"]: add_form_field(
            opportunity,
            by=by,
            label=spec["label"],
            kind=spec["kind"],
            required=spec.get("required", True),
            choices=spec.get("choices", []),
            help_text=spec.get("help_text", ""),
        )
        for spec in row.get("form", [])
    }
    criteria = [
        add_criterion(opportunity, by=by, name=c["name"], weight=c["weight"], scale=c["scale"])
        for c in row.get("criteria", [])
    ]
    publish_opportunity(opportunity, by=by)
    reviewers = _users(row.get("reviewers", []), by=by)
    for reviewer in reviewers:
        assign_reviewer(opportunity, by=by, user=reviewer)
    # A window already closed: apply inside it, review and decide just after it.
    closed = closes_at <= now
    today = now.astimezone(zoneinfo.ZoneInfo(row["time_zone"])).date()
    for index, item in enumerate(row.get("applications", [])):
        applying = opens_at + timedelta(days=7, hours=index) if closed else None
        deciding = closes_at + timedelta(days=3, hours=index) if closed else None
        with _at(applying):
            application = _apply(
                opportunity, item, applicant=applicants[item["applicant"]], fields=fields
            )
        with _at(deciding):
            _review_and_decide(application, item, by=by, reviewers=reviewers, criteria=criteria)
        if item.get("engagement"):
            _engage(application, item["engagement"], by=by, today=today, offers=offers)
    if row["status"] == OpportunityStatus.CLOSED:
        close_opportunity(opportunity, by=by)
    return opportunity


def load_seed_opportunities(*, by: Any, path: Path = SEED_OPPORTUNITIES) -> SeedResult:
    """The demo opportunities of the seed documents with their applications, reviews and
    engagements. Needs the seed world and the demo sign-ins (``ensure_demo_logins``); ``by`` is
    an operator. Safe to run again: an opportunity with the same title is skipped."""
    data = json.loads(path.read_text(encoding="utf-8"))
    rows: list[dict[str, Any]] = data["opportunities"]
    existing = {
        o.title: o for o in Opportunity.objects.filter(title__in=[row["title"] for row in rows])
    }
    fresh = [row for row in rows if row["title"] not in existing]
    if not fresh:
        return SeedResult(created=0, skipped=len(rows))
    offers = {row["key"]: existing[row["title"]] for row in rows if row["title"] in existing}
    now = clock.now()
    with transaction.atomic():
        _ensure_reviewers(data.get("reviewers", []))
        applicants = _ensure_applicants(data.get("applicants", []), by=by)
        sites = _ensure_pilot_sites(data.get("pilot_sites", []), by=by)
        for row in fresh:
            _load_one(row, by=by, now=now, sites=sites, applicants=applicants, offers=offers)
        audit.record(
            "opportunity.seed_loaded",
            actor=by,
            data={"created": len(fresh), "keys": [row["key"] for row in fresh]},
        )
    return SeedResult(created=len(fresh), skipped=len(rows) - len(fresh))
