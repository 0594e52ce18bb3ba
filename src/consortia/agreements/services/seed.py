"""Loading the agreements named in the seed documents, with their commitments.

Everything real goes through the agreement services (record, sign, bring into force, …). The
only invented content is the demo progress history (report texts prefixed "[демо]"/"[demo]"),
written straight to the database because seed organisations have no people to report for them.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import transaction

from consortia.core import audit, clock
from consortia.directory.models import Organisation

from ..models import Agreement, AgreementStatus, Commitment, CommitmentStatus, Party, ProgressReport
from .agreements import (
    PartyIn,
    bring_into_force,
    complete_agreement,
    expire_agreement,
    record_agreement,
    sign_agreement,
)
from .commitments import add_commitment
from .lights import refresh_lights

SEED_AGREEMENTS = Path(__file__).resolve().parent.parent / "data" / "seed_agreements.json"

# The transitions after signing that each final status needs, in order.
_TRANSITIONS: dict[str, tuple[Callable[..., Agreement], ...]] = {
    AgreementStatus.SIGNED: (),
    AgreementStatus.IN_FORCE: (bring_into_force,),
    AgreementStatus.COMPLETED: (bring_into_force, complete_agreement),
    AgreementStatus.EXPIRED: (bring_into_force, expire_agreement),
}


@dataclass(frozen=True)
class SeedResult:
    created: int
    skipped: int


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _organisations(rows: list[dict[str, Any]]) -> dict[str, Organisation]:
    """The seed organisations by name (the first loaded, should a generated one share a name)."""
    names = {
        party["organisation"]
        for row in rows
        for party in row["parties"]
        if party.get("organisation")
    }
    found: dict[str, Organisation] = {}
    for organisation in Organisation.objects.filter(name__in=names).order_by("-pk"):
        found[organisation.name] = organisation
    missing = sorted(names - set(found))
    if missing:
        raise LookupError(f"Load the seed world first; missing organisations: {missing}")
    return found


def _responsible(agreement: Agreement, name: str | None) -> Party | None:
    if name is None:
        return None
    for party in agreement.parties.select_related("organisation"):
        if party.state_id == name or (party.organisation and party.organisation.name == name):
            return party
    raise LookupError(f"{name!r} is not a party to {agreement.title!r}")


def _demo_history(commitment: Commitment, row: dict[str, Any], *, by: Any, today: date) -> int:
    """Write the demo reports of one commitment; returns how many."""
    reports = row.get("reports", [])
    dates = [today - relativedelta(months=report["months_ago"]) for report in reports]
    ProgressReport.objects.bulk_create(
        ProgressReport(commitment=commitment, reported_on=day, text=report["text"], reported_by=by)
        for day, report in zip(dates, reports, strict=True)
    )
    status = row.get("status") or (CommitmentStatus.IN_PROGRESS if reports else None)
    if status is not None:
        commitment.status = status
        commitment.last_report_on = max(dates, default=None)
        commitment.save(update_fields=["status", "last_report_on", "updated_at"])
    return len(reports)


def _load_one(
    row: dict[str, Any], *, by: Any, organisations: dict[str, Organisation], today: date
) -> int:
    parties = [
        PartyIn(
            organisation=organisations[party["organisation"]] if "organisation" in party else None,
            state=party.get("state"),
            role=party["role"],
        )
        for party in row["parties"]
    ]
    agreement = record_agreement(
        by=by,
        kind=row["kind"],
        title=row["title"],
        language=row["language"],
        parties=parties,
        summary=row["summary"],
        topics=row["topics"],
        value_amount=row.get("value_amount"),
        value_currency=row.get("value_currency", ""),
        source_url=row.get("source_url", ""),
        valid_from=_date(row.get("valid_from")),
        valid_until=_date(row.get("valid_until")),
    )
    sign_agreement(
        agreement,
        by=by,
        signed_on=date.fromisoformat(row["signed_on"]),
        place=row.get("signed_place", ""),
        country=row.get("signed_country"),
        event=row.get("signed_at_event", ""),
        precision=row.get("date_precision", "day"),
    )
    for transition in _TRANSITIONS[row["status"]]:
        transition(agreement, by=by)
    reports = 0
    for item in row["commitments"]:
        commitment = add_commitment(
            agreement,
            by=by,
            text=item["text"],
            responsible=_responsible(agreement, item.get("responsible")),
            due_on=_date(item.get("due_on")),
        )
        reports += _demo_history(commitment, item, by=by, today=today)
    refresh_lights(agreement, today=today)
    return reports


def load_seed_agreements(*, by: Any, path: Path = SEED_AGREEMENTS) -> SeedResult:
    """The agreements of the seed documents, signed and brought to their stated status, with
    their commitments and the demo progress history. ``by`` is an operator. Safe to run again:
    an agreement with the same title and date of signing is skipped."""
    rows: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    today = clock.today()
    loaded = {
        (title, str(signed_on))
        for title, signed_on in Agreement.objects.filter(
            title__in=[row["title"] for row in rows], signed_on__isnull=False
        ).values_list("title", "signed_on")
    }
    fresh = [row for row in rows if (row["title"], row["signed_on"]) not in loaded]
    if not fresh:
        return SeedResult(created=0, skipped=len(rows))
    with transaction.atomic():
        organisations = _organisations(fresh)
        reports = sum(
            _load_one(row, by=by, organisations=organisations, today=today) for row in fresh
        )
        audit.record(
            "agreement.seed_loaded",
            actor=by,
            data={
                "created": len(fresh),
                "keys": [row["key"] for row in fresh],
                "demo_reports": reports,
            },
        )
    return SeedResult(created=len(fresh), skipped=len(rows) - len(fresh))
