"""Loading the joint projects named in the seed documents.

Everything real goes through the project services (record, start, budget, milestones, complete).
The only invented content is the demo progress posts (texts prefixed "[демо]"/"[demo]"), written
straight to the database with their past dates, as the agreements' demo reports are.
"""

import json
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from consortia.agreements.models import Agreement, Commitment
from consortia.agreements.services.seed import SEED_AGREEMENTS
from consortia.core import audit, clock
from consortia.core.money import Money
from consortia.directory.models import Organisation

from ..models import Project, ProjectStatus, Update
from .budget import add_budget_line
from .milestones import add_milestone, reach_milestone
from .projects import PartnerIn, cancel_project, complete_project, record_project, start_project

SEED_PROJECTS = Path(__file__).resolve().parent.parent / "data" / "seed_projects.json"


@dataclass(frozen=True)
class SeedResult:
    created: int
    skipped: int


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _money(value: dict[str, str] | None) -> Money | None:
    return Money.parse(value["amount"], value["currency"]) if value else None


def _organisations(rows: list[dict[str, Any]]) -> dict[str, Organisation]:
    names = {p["organisation"] for row in rows for p in row["partners"] if p.get("organisation")}
    found = {o.name: o for o in Organisation.objects.filter(name__in=names).order_by("-pk")}
    missing = sorted(names - set(found))
    if missing:
        raise LookupError(f"Load the seed world first; missing organisations: {missing}")
    return found


def _agreements() -> dict[str, Agreement]:
    """The seed agreements by key (through their title and date of signing)."""
    rows = json.loads(SEED_AGREEMENTS.read_text(encoding="utf-8"))
    by_title = {
        (a.title, a.signed_on.isoformat() if a.signed_on else ""): a
        for a in Agreement.objects.filter(title__in=[row["title"] for row in rows])
    }
    return {
        row["key"]: by_title[(row["title"], row["signed_on"])]
        for row in rows
        if (row["title"], row["signed_on"]) in by_title
    }


def _commitment(agreement: Agreement, text_starts: str) -> Commitment:
    commitment = agreement.commitments.filter(text__startswith=text_starts).first()
    if commitment is None:
        raise LookupError(f"No commitment of {agreement.title!r} starts with {text_starts!r}")
    return commitment


def _demo_updates(project: Project, row: dict[str, Any], *, by: Any, today: date) -> int:
    updates = row.get("updates", [])
    Update.objects.bulk_create(
        Update(
            project=project,
            text=item["text"],
            author=by,
            posted_at=timezone.make_aware(
                datetime.combine(today - relativedelta(months=item["months_ago"]), time(12))
            ),
        )
        for item in updates
    )
    return len(updates)


def _load_one(
    row: dict[str, Any],
    *,
    by: Any,
    organisations: dict[str, Organisation],
    agreements: dict[str, Agreement],
    today: date,
) -> int:
    partners = [
        PartnerIn(
            organisation=organisations[p["organisation"]] if p.get("organisation") else None,
            state=p.get("state"),
            role=p["role"],
        )
        for p in row["partners"]
    ]
    linked = [agreements[key] for key in row.get("agreements", []) if key in agreements]
    commitments = [
        _commitment(agreements[item["agreement"]], item["text_starts"])
        for item in row.get("commitments", [])
        if item["agreement"] in agreements
    ]
    project = record_project(
        by=by,
        title=row["title"],
        language=row["language"],
        partners=partners,
        summary=row.get("summary", ""),
        visibility=row.get("visibility", "public"),
        topics=row.get("topics", []),
        source_url=row.get("source_url", ""),
        starts_on=_date(row.get("starts_on")),
        ends_on=_date(row.get("ends_on")) if row["status"] != ProjectStatus.COMPLETED else None,
        agreements=linked,
        commitments=commitments,
    )
    rows = list(project.partners.all())
    for line in row.get("budget", []):
        funder = rows[line["partner"]] if line.get("partner") is not None else None
        add_budget_line(
            project,
            by=by,
            label=line["label"],
            amount=line["amount"],
            currency=line["currency"],
            funder=funder,
        )
    for item in row.get("milestones", []):
        milestone = add_milestone(project, by=by, title=item["title"], due_on=_date(item["due_on"]))
        if item.get("done_on"):
            reach_milestone(milestone, by=by, done_on=_date(item["done_on"]))
    status = row["status"]
    if status in (ProjectStatus.ACTIVE, ProjectStatus.COMPLETED):
        start_project(project, by=by)
    if status == ProjectStatus.COMPLETED:
        outcome = row.get("outcome", {})
        complete_project(
            project,
            by=by,
            result=outcome.get("result") or row.get("summary", ""),
            ends_on=_date(row.get("ends_on")),
            contracts_signed=outcome.get("contracts_signed"),
            contracts_value=_money(outcome.get("contracts_value")),
            follow_on_investment=_money(outcome.get("follow_on_investment")),
        )
    if status == ProjectStatus.CANCELLED:
        cancel_project(project, by=by, reason=row.get("status_note") or "—")
    return _demo_updates(project, row, by=by, today=today)


def load_seed_projects(*, by: Any, path: Path = SEED_PROJECTS) -> SeedResult:
    """The projects of the seed documents with their partners, budgets, milestones, outcomes and
    links to the seed agreements (load those first). ``by`` is an operator. Safe to run again: a
    project with the same title is skipped."""
    rows: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    loaded = set(
        Project.objects.filter(title__in=[row["title"] for row in rows]).values_list(
            "title", flat=True
        )
    )
    fresh = [row for row in rows if row["title"] not in loaded]
    if not fresh:
        return SeedResult(created=0, skipped=len(rows))
    today = clock.today()
    with transaction.atomic():
        organisations = _organisations(fresh)
        agreements = _agreements()
        updates = sum(
            _load_one(row, by=by, organisations=organisations, agreements=agreements, today=today)
            for row in fresh
        )
        audit.record(
            "project.seed_loaded",
            actor=by,
            data={
                "created": len(fresh),
                "keys": [r["key"] for r in fresh],
                "demo_updates": updates,
            },
        )
    return SeedResult(created=len(fresh), skipped=len(rows) - len(fresh))
