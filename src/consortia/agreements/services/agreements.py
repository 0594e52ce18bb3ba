"""Recording agreements and moving them through their life: one service per transition."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from consortia.core import audit, clock, search
from consortia.core.permissions import NotPermitted, require
from consortia.directory.models import Country, Topic
from consortia.directory.services.validation import (
    Participant,
    clean_fields,
    invalid,
    optional_date,
    optional_money,
    optional_url,
    require_country,
    require_language,
    require_participants,
    require_text,
    require_topics,
)

from .. import policies
from ..models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    DatePrecision,
    Party,
    PartyRole,
    Visibility,
)
from .lights import refresh_lights


@dataclass(frozen=True)
class PartyIn(Participant):
    """A party to record: an organisation, or a state (ISO country code), with its role."""

    role: str = PartyRole.SIGNATORY


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    checks = {
        "kind": lambda v: (
            v if v in AgreementKind.values else invalid("kind", _("Unknown kind of agreement."))
        ),
        "title": lambda v: require_text("title", v, max_length=300),
        "summary": lambda v: (v or "").strip(),
        "language": lambda v: require_language("language", v),
        "visibility": lambda v: (
            v
            if v in Visibility.values
            else invalid("visibility", _("Choose public or parties only."))
        ),
        "topics": lambda v: require_topics("topics", v),
        "source_url": lambda v: optional_url("source_url", v),
        "valid_from": optional_date("valid_from"),
        "valid_until": optional_date("valid_until"),
        "signed_place": lambda v: (v or "").strip()[:200],
        "signed_at_event": lambda v: (v or "").strip()[:300],
        "signed_country": lambda v: require_country("signed_country", v) if v else None,
    }
    return clean_fields(values, checks, kind="agreement")


def _clean_parties(parties: Sequence[Participant]) -> list[Party]:
    return [
        Party(organisation=organisation, state=state, role=role)
        for organisation, state, role in require_participants(
            "parties", parties, roles=PartyRole.values
        )
    ]


def _document(agreement: Agreement, topics: Sequence[Topic], parties: Sequence[Party]) -> str:
    return search.build_document(
        agreement.title,
        agreement.summary,
        agreement.signed_place,
        agreement.signed_at_event,
        [t.label_en for t in topics] + [t.label_ru for t in topics] + [t.label_zh for t in topics],
        [p.organisation.name for p in parties if p.organisation is not None],
        [
            name
            for p in parties
            if p.state is not None
            for name in (p.state.name_en, p.state.name_ru, p.state.name_zh)
        ],
    )


def record_agreement(
    *,
    by: Any,
    kind: str,
    title: str,
    language: str,
    parties: Sequence[Participant],
    summary: str = "",
    visibility: str = Visibility.PUBLIC,
    topics: Sequence[Topic | str] = (),
    value_amount: Any = None,
    value_currency: str = "",
    source_url: str = "",
    valid_from: date | None = None,
    valid_until: date | None = None,
) -> Agreement:
    """A new agreement as a draft. An organisation's admin records only agreements their
    organisation is a party to; the operator records any."""
    require(
        policies.can_record_agreement(by),
        _("Only the operator or an organisation's admins record agreements."),
    )
    cleaned = _clean(
        dict(
            kind=kind,
            title=title,
            summary=summary,
            language=language,
            visibility=visibility,
            topics=topics,
            source_url=source_url,
            valid_from=valid_from,
            valid_until=valid_until,
        )
    )
    amount, currency = optional_money(
        value_amount, value_currency, amount_field="value_amount", currency_field="value_currency"
    )
    party_rows = _clean_parties(parties)
    if (
        cleaned["valid_from"]
        and cleaned["valid_until"]
        and cleaned["valid_until"] < cleaned["valid_from"]
    ):
        raise ValidationError({"valid_until": _("The end of validity is before its start.")})
    topic_objects = cleaned.pop("topics")
    with transaction.atomic():
        agreement = Agreement.objects.create(
            created_by=by, value_amount=amount, value_currency=currency, **cleaned
        )
        for party in party_rows:
            party.agreement = agreement
        Party.objects.bulk_create(party_rows)
        agreement.topics.set(topic_objects)
        agreement.countries.set(
            Country.objects.filter(code__in={p.country_id_of for p in party_rows})
        )
        if not policies.can_edit_agreement(by, agreement):
            raise NotPermitted(_("Record only agreements your organisation is a party to."))
        agreement.search_document = _document(agreement, topic_objects, party_rows)
        agreement.save(update_fields=["search_document"])
        audit.record(
            "agreement.recorded",
            actor=by,
            target=agreement,
            data={"kind": agreement.kind, "parties": len(party_rows)},
        )
    return agreement


def _require_edit(agreement: Agreement, by: Any) -> None:
    require(
        policies.can_edit_agreement(by, agreement),
        _("Only the operator or a party's admins change an agreement."),
    )


def _locked(agreement: Agreement) -> Agreement:
    return Agreement.objects.select_for_update().get(pk=agreement.pk)


def _move(
    agreement: Agreement,
    *,
    by: Any,
    allowed_from: set[str],
    to: str,
    action: str,
    **fields: Any,
) -> Agreement:
    """Move the agreement to ``to`` if it is in one of ``allowed_from``; never check-then-act."""
    _require_edit(agreement, by)
    with transaction.atomic():
        current = _locked(agreement)
        if current.status not in allowed_from:
            raise ValidationError(
                {
                    "status": _("An agreement that is %(status)s cannot become %(target)s.")
                    % {
                        "status": AgreementStatus(current.status).label,
                        "target": AgreementStatus(to).label,
                    }
                }
            )
        previous = current.status
        current.status = to
        for field, value in fields.items():
            setattr(current, field, value)
        current.save(update_fields=["status", *fields, "updated_at"])
        audit.record(
            action,
            actor=by,
            target=current,
            data={"from": previous, "to": to, **{k: str(v) for k, v in fields.items()}},
        )
    agreement.refresh_from_db()
    refresh_lights(agreement)
    return agreement


def sign_agreement(
    agreement: Agreement,
    *,
    by: Any,
    signed_on: date,
    place: str = "",
    country: Country | str | None = None,
    event: str = "",
    precision: str = DatePrecision.DAY,
) -> Agreement:
    _require_edit(agreement, by)
    if precision not in DatePrecision.values:
        raise ValidationError({"precision": _("Choose day, month or year.")})
    if not isinstance(signed_on, date):
        raise ValidationError({"signed_on": _("Enter the date of signing.")})
    if signed_on > clock.today():
        raise ValidationError({"signed_on": _("The date of signing is in the future.")})
    return _move(
        agreement,
        by=by,
        allowed_from={AgreementStatus.DRAFT},
        to=AgreementStatus.SIGNED,
        action="agreement.signed",
        signed_on=signed_on,
        signed_place=(place or "").strip()[:200],
        signed_country=require_country("country", country) if country else None,
        signed_at_event=(event or "").strip()[:300],
        signed_on_precision=precision,
    )


def bring_into_force(agreement: Agreement, *, by: Any, valid_from: date | None = None) -> Agreement:
    _require_edit(agreement, by)
    start = valid_from or agreement.valid_from or agreement.signed_on or clock.today()
    if agreement.valid_until and start > agreement.valid_until:
        raise ValidationError({"valid_from": _("The agreement would start after it ends.")})
    return _move(
        agreement,
        by=by,
        allowed_from={AgreementStatus.SIGNED},
        to=AgreementStatus.IN_FORCE,
        action="agreement.in_force",
        valid_from=start,
    )


def complete_agreement(agreement: Agreement, *, by: Any) -> Agreement:
    _require_edit(agreement, by)
    return _move(
        agreement,
        by=by,
        allowed_from={AgreementStatus.IN_FORCE},
        to=AgreementStatus.COMPLETED,
        action="agreement.completed",
    )


def expire_agreement(agreement: Agreement, *, by: Any) -> Agreement:
    """Past its validity: only once ``valid_until`` has passed."""
    _require_edit(agreement, by)
    if agreement.valid_until is None or agreement.valid_until >= clock.today():
        raise ValidationError({"status": _("The agreement is still valid.")})
    return _move(
        agreement,
        by=by,
        allowed_from={AgreementStatus.SIGNED, AgreementStatus.IN_FORCE},
        to=AgreementStatus.EXPIRED,
        action="agreement.expired",
    )


def terminate_agreement(agreement: Agreement, *, by: Any, reason: str) -> Agreement:
    _require_edit(agreement, by)
    return _move(
        agreement,
        by=by,
        allowed_from={AgreementStatus.SIGNED, AgreementStatus.IN_FORCE},
        to=AgreementStatus.TERMINATED,
        action="agreement.terminated",
        termination_reason=require_text("reason", reason, max_length=2000),
    )
